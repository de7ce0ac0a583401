"""The order in which Jackson 2.11 lists an enum's constants when it refuses a name.

EnumDeserializer words the refusal with ``CompactStringObjectMap.keys()``: the names, put in declaration
order into EnumResolver's ``HashMap`` and from its iteration order into the compact map's open-addressing
table (primary slots, then half-size secondary slots, then a spill area), listed in table order. The
emulator rebuilds that table because no library reproduces Jackson's layout.
"""

from __future__ import annotations

from functools import cache

from renderapi._java import java_hash_set_order, java_string_hash


def _primary_size(count: int) -> int:
    """CompactStringObjectMap.findSize: the primary hash area for ``count`` keys."""
    if count <= 5:
        return 8
    if count <= 12:
        return 16
    needed = count + (count >> 2)
    size = 32
    while size < needed:
        size += size
    return size


@cache
def jackson_enum_order(names: tuple[str, ...]) -> tuple[str, ...]:
    """``names`` (declaration order) in the order Jackson's refusal message lists them."""
    size = _primary_size(len(names))
    slots: dict[int, str] = {}
    spill = (size + (size >> 1)) * 2
    for name in java_hash_set_order(names):
        slot = java_string_hash(name) & (size - 1)
        index = slot * 2
        if index in slots:
            index = (size + (slot >> 1)) * 2
            if index in slots:
                index, spill = spill, spill + 2
        slots[index] = name
    return tuple(slots[index] for index in sorted(slots))
