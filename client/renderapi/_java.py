"""Java semantics that render-ws lets show, in one place for the client and the emulator.

Private to ``renderapi`` (the client stays standalone; ``render_emulator`` imports it): number text
(``Double.toString``, ``Float.toString``), number parsing (``Double.parseDouble``, ``Integer.parseInt``),
``String.split``, primitive casts and ranges, ``String.hashCode`` and the iteration order of ``HashMap`` /
``HashSet`` (treeified buckets of 8+ colliding keys are not modelled). These are hand-written because no
Python library reproduces the JDK's rules.
"""

from __future__ import annotations

import math
import re
import struct
from collections.abc import Callable, Hashable, Iterable
from decimal import Decimal
from typing import TypeVar

INT_MIN, INT_MAX = -(2**31), 2**31 - 1
LONG_MIN, LONG_MAX = -(2**63), 2**63 - 1


# ============================================================================ number text
def java_number_text(value: float | int) -> str:
    """``Double.toString`` for floats (``3407.0``, ``1.0E7``, ``1.0E-5``); integers print as integers."""
    if isinstance(value, int):
        return str(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "-0.0" if math.copysign(1.0, value) < 0 else "0.0"
    magnitude = abs(value)
    if 1e-3 <= magnitude < 1e7:
        text = repr(value)   # never in exponent form within this range
        return text if "." in text else text + ".0"
    # shortest round-trip digits, written as d.dddE<exp>
    _, digit_tuple, exponent = Decimal(repr(magnitude)).as_tuple()
    digits = "".join(map(str, digit_tuple)).rstrip("0") or "0"
    power = len(digit_tuple) + exponent - 1
    sign = "-" if value < 0 else ""
    return f"{sign}{digits[0]}.{digits[1:] or '0'}E{power}"


def java_float_text(value: float) -> str:
    """``Float.toString`` of ``value`` rounded to 32 bits: the shortest text that reads back to that float."""
    # imported here: the emulated java clients import this module and start faster without numpy
    import numpy as np

    f32 = np.float32(value)
    if np.isnan(f32):
        return "NaN"
    if np.isinf(f32):
        return "Infinity" if f32 > 0 else "-Infinity"
    if 1e-3 <= abs(f32) < 1e7 or f32 == 0:
        return np.format_float_positional(f32, unique=True, trim="0")
    return np.format_float_scientific(f32, unique=True, trim="0", exp_digits=1).replace("e", "E")


# ============================================================================ number parsing
class NumberFormatError(ValueError):
    """Java's ``NumberFormatException``; ``str()`` is Java's message."""


# FloatingDecimal.readJavaFormatString: sign, decimal digits, exponent, optional type suffix
_DECIMAL = re.compile(r"[+-]?(?:NaN|Infinity|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[fFdD]?)")
_HEXADECIMAL = re.compile(r"([+-]?0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][+-]?[0-9]+)[fFdD]?")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_JAVA_TRIMMED = "".join(chr(code) for code in range(33))   # String.trim removes every char <= ' '


def parse_double(text: str) -> float:
    """``Double.parseDouble`` / ``Double.valueOf``; :class:`NumberFormatError` as Java words it."""
    token = text.strip(_JAVA_TRIMMED)
    if not token:
        raise NumberFormatError("empty String")
    if _DECIMAL.fullmatch(token):
        token = token.rstrip("fFdD")
        if token.lstrip("+-") == "Infinity":
            return float(token.replace("Infinity", "inf"))
        return float(token)
    hex_match = _HEXADECIMAL.fullmatch(token)
    if hex_match:
        return float.fromhex(hex_match.group(1))
    raise NumberFormatError(f'For input string: "{text}"')


def parse_float(text: str) -> float:
    """``Float.parseFloat``: the value rounded to 32-bit precision (as a Python float)."""
    import numpy as np  # imported here, as in java_float_text

    value = parse_double(text)
    with np.errstate(over="ignore"):
        return float(np.float32(value))


def parse_int(text: str) -> int:
    """``Integer.parseInt``: decimal digits with an optional sign, within the int range."""
    if not _INTEGER.fullmatch(text) or not INT_MIN <= int(text) <= INT_MAX:
        raise NumberFormatError(f'For input string: "{text}"')
    return int(text)


# ============================================================================ String.split
JAVA_WHITESPACE = re.compile("[ \t\n\x0b\f\r]+")   # Java's \s+ (ASCII whitespace only)


def split(pattern: re.Pattern, text: str) -> list[str]:
    """``text.split(regex)``: no match gives ``[text]``; a leading separator gives an empty first field;
    trailing empty fields vanish."""
    parts = pattern.split(text)
    if len(parts) == 1:
        return parts
    while parts and parts[-1] == "":
        parts.pop()
    return parts


# ============================================================================ casts
def int_cast(value: float) -> int:
    """``(int) value`` of a double: truncation toward zero, NaN -> 0, saturating at the int range."""
    if math.isnan(value):
        return 0
    if value >= INT_MAX:
        return INT_MAX
    if value <= INT_MIN:
        return INT_MIN
    return int(value)


def math_round(value: float) -> int:
    """``Math.round(double)``: floor(value + 1/2) computed exactly; NaN -> 0, saturating at the long range."""
    if math.isnan(value):
        return 0
    if math.isinf(value):
        return LONG_MAX if value > 0 else LONG_MIN
    floor = math.floor(value)
    return int(floor) + (1 if value - floor >= 0.5 else 0)


def divide(dividend: float, divisor: float) -> float:
    """Double division: ``x / 0.0`` is ±Infinity (NaN for ``0.0 / 0.0``), never an exception."""
    if divisor == 0:
        if dividend == 0 or math.isnan(dividend):
            return math.nan
        return math.copysign(math.inf, dividend) * math.copysign(1.0, divisor)
    return dividend / divisor


# ============================================================================ hash codes and order
Key = TypeVar("Key", bound=Hashable)
DEFAULT_CAPACITY = 16
LOAD_FACTOR = 0.75
MASK_32 = 0xFFFFFFFF
# texts up to this long are hashed without masking each step (the sum stays a few hundred bits)
SHORT_TEXT = 64
# from this many texts on, ASCII texts are hashed together (_ascii_hashes_in_lanes)
LANE_MIN_TEXTS = 16


def java_string_hash(text: str | None) -> int:
    """``String.hashCode()`` over UTF-16 code units as an unsigned 32-bit value (0 for null)."""
    if text is None:
        return 0
    if text.isascii() and len(text) <= SHORT_TEXT:
        # ASCII: one UTF-16 unit per byte; the sum is masked once (at most ~5 bits per char)
        value = 0
        for unit in text.encode("ascii"):
            value = value * 31 + unit
        return value & MASK_32
    # lone surrogates are UTF-16 units as any other (Java strings may hold them)
    data = text.encode("utf-16-be", "surrogatepass")
    value = 0
    for unit in struct.unpack(f">{len(data) // 2}H", data):
        value = (value * 31 + unit) & MASK_32
    return value


def java_string_hashes(texts: list[str | None]) -> list[int]:
    """:func:`java_string_hash` of each text; many ASCII texts of similar lengths are hashed together."""
    if len(texts) < LANE_MIN_TEXTS or None in texts:
        return [java_string_hash(text) for text in texts]
    joined = "".join(texts)
    width = max(map(len, texts))
    if not joined.isascii() or width * len(texts) > 2 * len(joined) + 16 * len(texts):
        return [java_string_hash(text) for text in texts]
    return _ascii_hashes_in_lanes(texts, width)


def _ascii_hashes_in_lanes(texts: list[str], width: int) -> list[int]:
    """String.hashCode of ASCII texts (at most ``width`` chars) computed in the 64-bit lanes of one Python
    int, text i in lane i: per char position, ``lanes = lanes * 31 + (that char of every text)``, in C
    (5,000 tile ids: ~4x faster than a loop per text, issue #13). A text is padded in front with NULs,
    which leave its hash 0 until its first char. A lane stays below 2**64 (no carry into the next): each
    is cut to 32 bits every 6 chars (2**32 * 31**6 < 2**64), which leaves the hash modulo 2**32 alike."""
    count = len(texts)
    if min(map(len, texts)) == width:
        data = "".join(texts).encode("ascii")
    else:
        data = "".join([text.rjust(width, "\0") for text in texts]).encode("ascii")
    column = bytearray(8 * count)   # one char of each text, in the lowest byte of its big-endian lane
    low_halves = int.from_bytes(b"\0\0\0\0\xff\xff\xff\xff" * count, "big")
    lanes = 0
    for position in range(width):
        column[7::8] = data[position::width]
        lanes = lanes * 31 + int.from_bytes(column, "big")
        if position % 6 == 5:
            lanes &= low_halves
    lanes &= low_halves
    return list(struct.unpack(f">{count}Q", lanes.to_bytes(8 * count, "big")))


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
    return _bucket_order(unique, [hash_of(item) for item in unique], size)


def _bucket_order(unique: list[Key], hashes: list[int], size: int) -> list[Key]:
    """``unique`` by HashMap bucket (``hash ^ (hash >>> 16)`` masked by the table ``size``); a stable
    sort keeps insertion order within a bucket."""
    mask = size - 1
    buckets = [(value ^ (value >> 16)) & mask for value in hashes]
    return [unique[index] for index in sorted(range(len(unique)), key=buckets.__getitem__)]


def java_hash_set_order(items: Iterable[str | None], initial_capacity: int | None = None) -> list[str | None]:
    """Iteration order of a ``HashSet<String>`` filled with ``items`` in this order."""
    unique = list(dict.fromkeys(items))
    return _bucket_order(unique, java_string_hashes(unique), table_size(len(unique), initial_capacity))


def java_hash_set_text(items: Iterable[str | None]) -> str:
    """``HashSet<String>.toString()`` of a default-sized set filled with ``items`` in this order."""
    return "[" + ", ".join("null" if item is None else item for item in java_hash_set_order(items)) + "]"


def java_hash_map_copy_order(keys: Iterable[str], initial_capacity: int) -> list[str]:
    """Key order of ``new HashMap<>(initial_capacity)`` filled from a default-sized ``HashMap<String, …>``
    whose keys were put in ``keys`` order (e.g. ``new ResolvedTileSpecCollection(map.values(), …)``)."""
    return java_hash_set_order(java_hash_set_order(keys), initial_capacity)

