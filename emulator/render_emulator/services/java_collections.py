"""Iteration order of Java's HashMap / HashSet, where render-ws lets it show in an answer (sets printed in
messages, JSON arrays serialised from sets, JSON objects serialised from maps). Treeified buckets (8+
colliding keys) are not modelled."""

from __future__ import annotations

import struct
from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

Key = TypeVar("Key", bound=Hashable)
DEFAULT_CAPACITY = 16
LOAD_FACTOR = 0.75
MASK_32 = 0xFFFFFFFF


def java_string_hash(text: str | None) -> int:
    """``String.hashCode()`` over UTF-16 code units as an unsigned 32-bit value (0 for null)."""
    if text is None:
        return 0
    data = text.encode("utf-16-be")
    value = 0
    for unit in struct.unpack(f">{len(data) // 2}H", data):
        value = (value * 31 + unit) & MASK_32
    return value


def java_objects_hash(*hashes: int) -> int:
    """``java.util.Objects.hash(...)`` from the members' hash codes (unsigned 32-bit)."""
    value = 1
    for item in hashes:
        value = (value * 31 + item) & MASK_32
    return value


def table_size(count: int, initial_capacity: int | None = None) -> int:
    """The table size a HashMap holds after ``count`` insertions (``initial_capacity``: the constructor
    argument, None for the default constructor)."""
    capacity = DEFAULT_CAPACITY
    if initial_capacity is not None:
        capacity = 1
        while capacity < initial_capacity:
            capacity *= 2
    while count > capacity * LOAD_FACTOR:
        capacity *= 2
    return capacity


def java_hash_order(items: Iterable[Key], hash_of: Callable[[Key], int],
                    initial_capacity: int | None = None, capacity: int | None = None) -> list[Key]:
    """Iteration order of a HashMap/HashSet filled with ``items`` in this order: buckets of the spread
    hash masked by the table size, insertion order within a bucket. ``capacity`` forces the table size
    (a map that grew larger before entries were removed)."""
    unique = list(dict.fromkeys(items))
    size = capacity if capacity is not None else table_size(len(unique), initial_capacity)

    def bucket(item: Key) -> int:
        h = hash_of(item)
        return (h ^ (h >> 16)) & (size - 1)

    return [item for _, item in sorted(enumerate(unique), key=lambda pair: (bucket(pair[1]), pair[0]))]


def java_hash_set_order(items: Iterable[str | None], initial_capacity: int | None = None) -> list[str | None]:
    """Iteration order of a ``HashSet<String>`` filled with ``items`` in this order."""
    return java_hash_order(items, java_string_hash, initial_capacity)


def java_hash_set_text(items: Iterable[str | None]) -> str:
    """``HashSet<String>.toString()`` of a default-sized set filled with ``items`` in this order."""
    return "[" + ", ".join("null" if item is None else item for item in java_hash_set_order(items)) + "]"


def java_hash_map_copy_order(keys: Iterable[str], initial_capacity: int) -> list[str]:
    """Key order of ``new HashMap<>(initial_capacity)`` filled from a default-sized ``HashMap<String, …>``
    whose keys were put in ``keys`` order (e.g. ``new ResolvedTileSpecCollection(map.values(), …)``)."""
    return java_hash_set_order(java_hash_set_order(keys), initial_capacity)

