"""The ``matches`` object of a stored pair kept as its JSON text, read back as a plain dict on access.

A 50-point pair holds 250 doubles: as Python lists that is ~8 kB per pair (a float object and a list
slot each), 1.6 GB for 200,000 pairs, while its JSON text, which the store keeps anyway to answer reads,
is ~2 kB. So in cached (mongomock) mode a stored pair's ``matches`` is a :class:`PackedMatches`: a
read-only ``dict`` whose contents are decoded from a slice of the pair's answer text whenever they are
read, so each pair's points are held once, as text.

It is a ``dict`` subclass so that every reader of stored documents sees render-ws's layout without
knowing about it: mongomock copies documents through ``items()`` (its ``find`` returns plain dicts of
lists), :func:`json.dumps` and ``dict(...)``/``{**...}`` go through the overridden methods, ``==``
compares contents. Code reading CPython's dict storage directly (orjson without
``OPT_PASSTHROUGH_SUBCLASS``, pymongo's BSON encoder) would see one marker entry instead; such code
never gets these objects (real MongoDB stores plain documents; ``fast_json`` passes subclasses on).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NoReturn

import orjson

# the one entry the dict storage holds: json.dumps writes an empty dict's storage as "{}" without
# asking items(), so the storage must not be empty
_MARKER = {"packed matches (read through the dict methods)": True}


class PackedMatches(dict):
    """``matches`` of a stored pair: ``source[start:end]`` is its JSON text (exactly as orjson encoded
    it, so decoding gives back the very values). Read-only, as every stored document is."""

    __slots__ = ("source", "start", "end")

    def __init__(self, source: str, start: int, end: int):
        super().__init__(_MARKER)
        self.source, self.start, self.end = source, start, end

    @property
    def text(self) -> str:
        """The JSON text of the ``matches`` object."""
        return self.source[self.start:self.end]

    def unpacked(self) -> dict:
        """A new plain dict of new lists."""
        return orjson.loads(self.source[self.start:self.end])

    # ------------------------------------------------------------------ reading
    def __getitem__(self, key: Any) -> Any:
        return self.unpacked()[key]

    def get(self, key: Any, default: Any = None) -> Any:
        return self.unpacked().get(key, default)

    def __contains__(self, key: Any) -> bool:
        return key in self.unpacked()

    def __iter__(self) -> Iterator:
        return iter(self.unpacked())

    def __reversed__(self) -> Iterator:
        return reversed(self.unpacked())

    def __len__(self) -> int:
        return len(self.unpacked())

    def keys(self):
        return self.unpacked().keys()

    def values(self):
        return self.unpacked().values()

    def items(self):
        return self.unpacked().items()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PackedMatches):
            other = other.unpacked()
        return self.unpacked() == other

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(self.unpacked())

    def __or__(self, other: Any) -> dict:
        return self.unpacked() | other

    def __ror__(self, other: Any) -> dict:
        return dict(other) | self.unpacked()

    def copy(self) -> dict:
        return self.unpacked()

    def __copy__(self) -> dict:
        return self.unpacked()

    def __deepcopy__(self, memo: dict) -> dict:
        return self.unpacked()

    def __reduce_ex__(self, protocol: Any) -> tuple:
        return orjson.loads, (self.text,)

    # ------------------------------------------------------------------ writing (refused)
    def _read_only(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("a stored pair's matches are read-only; store a new document instead")

    __setitem__ = __delitem__ = __ior__ = _read_only
    update = pop = popitem = setdefault = clear = _read_only
