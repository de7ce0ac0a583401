"""The one Jackson-like reader: a JSON value read as a declared Java type (see :mod:`.types`).

Only structural checks live here; scalar coercions are in :mod:`.scalars`, texts in :mod:`.messages`.
"""

from __future__ import annotations

from typing import Any, Protocol

from render_emulator.errors import BadRequest
from render_emulator.model import messages


class Readable(Protocol):
    """Anything the reader can read: a field type or a bean declaration."""

    java_type: str

    def read(self, value: Any) -> Any: ...


def read(java_type: Readable, value: Any) -> Any:
    """``value`` (decoded JSON) converted as Jackson converts it into ``java_type``; 400 on a mismatch."""
    return java_type.read(value)


def expect_object(value: Any, java_type: str) -> dict:
    """Raise Jackson's mismatch 400 unless ``value`` is a JSON object."""
    if not isinstance(value, dict):
        raise BadRequest(messages.token_mismatch(java_type, value))
    return value


def expect_array(value: Any, java_type: str) -> list:
    """Raise Jackson's mismatch 400 unless ``value`` is a JSON array."""
    if not isinstance(value, list):
        raise BadRequest(messages.token_mismatch(java_type, value))
    return value
