"""The one writer: values written as render-ws's Jackson writes beans (declared field order, ``null``
fields omitted: JsonInclude.Include.NON_NULL in render's JsonUtils.MAPPER)."""

from __future__ import annotations

from typing import Any, Protocol


class Writable(Protocol):
    java_type: str

    def write(self, value: Any) -> Any: ...


def write(java_type: Writable, value: Any) -> Any:
    """``value`` (as the reader produced it or as stored) in the JSON form render-ws answers."""
    return None if value is None else java_type.write(value)


def omit_none(obj: dict) -> dict:
    """A copy without ``None`` values (Jackson's NON_NULL inclusion)."""
    return {k: v for k, v in obj.items() if v is not None}
