"""Jackson's reading of JSON scalars into Java's boxed types (as render-ws's ObjectMapper reads them).

``None`` (JSON null or an absent field) stays ``None``; Jackson coerces numeric strings to numbers and
scalars to String text; everything else is a 400 worded by :mod:`render_emulator.model.messages`.
"""

from __future__ import annotations

import math
from typing import Any

from render_emulator.errors import BadRequest
from render_emulator.model import messages
from renderapi._java import INT_MAX, INT_MIN, LONG_MAX, LONG_MIN, java_number_text

DOUBLE = "java.lang.Double"
INTEGER = "java.lang.Integer"
STRING = "java.lang.String"
BOOLEAN = "java.lang.Boolean"


def java_double(value: Any) -> float | None:
    """A JSON number (or numeric string, as Jackson coerces) as a Java Double."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise BadRequest(messages.boolean_mismatch(DOUBLE, value))
    if isinstance(value, (int, float)):
        number = as_float(value)
    elif isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            raise BadRequest(messages.not_valid_string(DOUBLE, value, "Double")) from None
    else:
        raise BadRequest(messages.python_type_mismatch(DOUBLE, value))
    if not math.isfinite(number):
        # Jackson stores NaN/Infinity (and 1e400 as Infinity); the emulator refuses them so that no
        # later read has to compute with them (README, Known differences)
        raise BadRequest(messages.not_finite(DOUBLE, value))
    return number


def java_int(value: Any) -> int | None:
    """A JSON number as a Java integral value within long's range (Jackson truncates floats, coerces
    numeric strings); the messages name ``java.lang.Integer``."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise BadRequest(messages.boolean_mismatch(INTEGER, value))
    if isinstance(value, int):
        return long_range(value)
    if isinstance(value, float) and math.isfinite(value):
        return long_range(int(value))
    if isinstance(value, str):
        try:
            return long_range(int(value.strip()))
        except ValueError:
            raise BadRequest(messages.not_valid_string(INTEGER, value, "Integer")) from None
    raise BadRequest(messages.python_type_mismatch(INTEGER, value))


def java_int32(value: Any) -> int | None:
    """A Java ``Integer`` field (Jackson 2.11 NumberDeserializers.IntegerDeserializer): :func:`java_int`'s
    coercions, refusing what ``int`` cannot hold. Numbers (floats after truncation) overflow with the
    parser's ``Numeric value (…) out of range of int``; numeric text with the deserializer's
    ``Overflow: numeric value (…) out of range of Integer``."""
    if type(value) is int and INT_MIN <= value <= INT_MAX:
        return value   # the common case, checked first
    if isinstance(value, str):
        return _int_text(value, INTEGER, "Integer", " - ")
    return _int_number(value)


def _int_number(value: Any) -> int | None:
    """A JSON number read as an int: the parser (ParserBase.convertNumberToInt) refuses integers and
    doubles (before truncating them) outside int's range, naming the number as the JSON wrote it
    (Python's repr here: ``3e9`` is shown as ``3000000000.0``); other values as :func:`java_int`."""
    if type(value) in (int, float) and not INT_MIN <= value <= INT_MAX:
        raise BadRequest(messages.int_out_of_range(value if type(value) is int else repr(value)))
    return java_int(value)


def _int_text(value: str, java_type: str, type_word: str, range_separator: str) -> int:
    """Numeric text read into an int: text beyond long's range is no valid value (Long.parseLong fails),
    text beyond int's range overflows (StdDeserializer._parseIntPrimitive / IntegerDeserializer)."""
    text = value.strip()
    try:
        number = int(text)
    except ValueError:
        raise BadRequest(messages.not_valid_string(java_type, value, type_word)) from None
    if not LONG_MIN <= number <= LONG_MAX:
        raise BadRequest(messages.not_valid_string(java_type, text, type_word))
    if not INT_MIN <= number <= INT_MAX:
        raise BadRequest(messages.int_text_out_of_range(java_type, text, type_word, range_separator))
    return number


def java_string(value: Any) -> str | None:
    """A JSON scalar as a Java String (Jackson coerces numbers and booleans to their text)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return java_number_text(value)
    raise BadRequest(messages.python_type_mismatch(STRING, value))


def java_boolean(value: Any, name_value: bool = False) -> bool | None:
    """A JSON boolean or the strings ``true``/``false`` as a Java Boolean. ``name_value`` words the
    mismatch with the value's repr instead of its Python type (the coordinate endpoints' text)."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str) and value in ("true", "false"):
        return value == "true"
    if name_value:
        raise BadRequest(messages.cannot_deserialize(BOOLEAN, repr(value)))
    raise BadRequest(messages.cannot_deserialize(BOOLEAN, f"{type(value).__name__} value"))


def primitive_double(value: Any) -> float:
    """A ``double`` field: null reads as 0.0."""
    return 0.0 if value is None else java_double(value)


def primitive_int(value: Any) -> int:
    """An ``int`` field: null reads as 0; values beyond int's range are refused as
    StdDeserializer._parseIntPrimitive refuses them (its text keeps Jackson's ``(%d -%d)`` spacing)."""
    if value is None:
        return 0
    if isinstance(value, str):
        return _int_text(value, "int", "int", " -")
    return _int_number(value)


def primitive_boolean(value: Any) -> bool:
    """A ``boolean`` field: null is false, integers are ``!= 0``, the strings true/false their value."""
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value != 0
    if isinstance(value, str) and value in ("true", "false"):
        return value == "true"
    raise BadRequest(messages.kind_mismatch("boolean", value))


def java_enum(value: Any, java_type: str, allowed: tuple[str, ...]) -> str | None:
    """An enum constant by name (case-sensitive) or, as Jackson 2.11's EnumDeserializer also reads it, by
    index: a JSON integer or a text of digits within ``[0..n-1]`` is the constant declared there
    (FAIL_ON_NUMBERS_FOR_ENUMS is off, ALLOW_COERCION_OF_SCALARS on)."""
    if type(value) is int:
        index = _int_number(value)
        if not 0 <= index < len(allowed):
            raise BadRequest(messages.enum_index_out_of_range(java_type, index, len(allowed)))
        return allowed[index]
    text = java_string(value)
    if text is None or text in allowed:
        return text
    if text[:1].isdigit() and text.isascii() and text.isdigit() and int(text) < len(allowed):
        return allowed[int(text)]
    raise BadRequest(messages.not_enum(java_type, text, allowed))


def as_float(value: int | float) -> float:
    """A JSON number as a double; integers beyond the double range become infinity, as Jackson's
    ``BigInteger.doubleValue()`` makes them."""
    try:
        return float(value)
    except OverflowError:
        return math.inf


def long_range(value: int) -> int:
    """Jackson's overflow check for ``long`` (ParserMinimalBase.reportOverflowLong)."""
    if not LONG_MIN <= value <= LONG_MAX:
        raise BadRequest(messages.long_out_of_range(value))
    return value
