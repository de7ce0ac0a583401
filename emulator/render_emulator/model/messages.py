"""The catalogue of render-ws's body-parsing error texts (Jackson 2.11 as render-ws configures it).

Every 400 the model's reader raises is worded here, once. Texts that the emulator adds where render-ws
would accept the value carry ``render-ws emulator:`` (README, Known differences).
"""

from __future__ import annotations

from typing import Any

from render_emulator.model.enum_lookup import jackson_enum_order
from renderapi._java import INT_MAX, INT_MIN, LONG_MAX, LONG_MIN

_TOKENS = {
    "Object": "START_OBJECT", "Array": "START_ARRAY", "String": "VALUE_STRING",
    "Floating-point": "VALUE_NUMBER_FLOAT", "Integer": "VALUE_NUMBER_INT", "Null": "VALUE_NULL",
}
DATE_FORMS = (
    "(\"yyyy-MM-dd'T'HH:mm:ss.SSSX\", \"yyyy-MM-dd'T'HH:mm:ss.SSS\", \"EEE, dd MMM yyyy HH:mm:ss zzz\", "
    "\"yyyy-MM-dd\")"
)


def json_kind(value: Any, exact_numbers: bool = True) -> str:
    """The JSON kind Jackson names in a mismatch (``Integer``/``Floating-point``, or ``Number``)."""
    if isinstance(value, dict):
        return "Object"
    if isinstance(value, list):
        return "Array"
    if isinstance(value, str):
        return "String"
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, (int, float)):
        if not exact_numbers:
            return "Number"
        return "Floating-point" if isinstance(value, float) else "Integer"
    return "Null"


def json_token(value: Any) -> str:
    """Jackson's ``JsonToken`` name for the first token of ``value``."""
    if isinstance(value, bool):
        return "VALUE_TRUE" if value else "VALUE_FALSE"
    return _TOKENS[json_kind(value)]


def cannot_deserialize(java_type: str, source: str) -> str:
    """``Cannot deserialize value of type `T` from <source>``: the head of every Jackson mismatch."""
    return f"Cannot deserialize value of type `{java_type}` from {source}"


def token_mismatch(java_type: str, value: Any) -> str:
    """A structural mismatch (object/array expected) naming the JSON token found."""
    return cannot_deserialize(java_type, f"{json_kind(value)} value (token `JsonToken.{json_token(value)}`)")


def kind_mismatch(java_type: str, value: Any, chain: str = "") -> str:
    """A mismatch naming only the JSON kind (numbers as ``Number``), with an optional reference chain."""
    return cannot_deserialize(java_type, f"{json_kind(value, exact_numbers=False)} value{chain}")


def python_type_mismatch(java_type: str, value: Any) -> str:
    """A scalar mismatch naming the Python type of the value (the emulator's historical wording)."""
    return cannot_deserialize(java_type, type(value).__name__)


def boolean_mismatch(java_type: str, value: bool) -> str:
    return cannot_deserialize(java_type, f"Boolean value ({value})")


def not_valid_string(java_type: str, text: str, what: str, chain: str = "") -> str:
    """A String that does not parse as the target type (``not a valid Double value``)."""
    return cannot_deserialize(java_type, f'String "{text}": not a valid {what} value{chain}')


def not_finite(java_type: str, value: Any) -> str:
    # Jackson stores NaN/Infinity; the emulator refuses them (README, Known differences)
    return cannot_deserialize(
        java_type,
        f"{value!r}: render-ws emulator: non-finite numbers (NaN, Infinity, beyond the double range) are not "
        "stored",
    )


def not_enum(java_type: str, text: str, allowed: tuple[str, ...]) -> str:
    """EnumDeserializer's refusal of a name; ``allowed`` in declaration order, listed in Jackson's order."""
    listed = ", ".join(jackson_enum_order(allowed))
    return cannot_deserialize(
        java_type, f'String "{text}": not one of the values accepted for Enum class: [{listed}]'
    )


def enum_index_out_of_range(java_type: str, index: int, count: int) -> str:
    """EnumDeserializer's refusal of a JSON integer that indexes no constant (handleWeirdNumberValue)."""
    return cannot_deserialize(
        java_type, f"number {index}: index value outside legal index range [0..{count - 1}]"
    )


def bad_map_key(java_type: str, key: str) -> str:
    return (
        f'Cannot deserialize Map key of type `{java_type}` from String "{key}": '
        f"not a valid `{java_type}` value"
    )


def int_out_of_range(value: Any) -> str:
    """ParserBase.reportOverflowInt: a JSON number read into an ``Integer``/``int`` field."""
    return f"Numeric value ({value}) out of range of int ({INT_MIN} - {INT_MAX})"


def int_text_out_of_range(java_type: str, text: str, type_word: str, range_separator: str) -> str:
    """Numeric text beyond int's range: IntegerDeserializer (``Integer``, ``" - "``) and
    StdDeserializer._parseIntPrimitive (``int``, ``" -"``) word the overflow each their own way."""
    return cannot_deserialize(
        java_type,
        f'String "{text}": Overflow: numeric value ({text}) out of range of {type_word} '
        f"({INT_MIN}{range_separator}{INT_MAX})",
    )


def long_out_of_range(value: Any) -> str:
    """ParserMinimalBase.reportOverflowLong."""
    return f"Numeric value ({value}) out of range of long ({LONG_MIN} - {LONG_MAX})"


def double_out_of_range(value: Any = None, chain: str = "") -> str:
    shown = "" if value is None else f" ({value})"
    return f"Numeric value{shown} out of range of double{chain}"


def date_out_of_range(millis: int, field: str) -> str:
    # java.util.Date holds any long; Python's datetime only years 1-9999 (README, Known differences)
    return cannot_deserialize(
        "java.util.Date", f"{millis}: render-ws emulator: {field} must lie between the years 1 and 9999"
    )


def not_a_date(value: Any) -> str:
    text = str(value)
    return cannot_deserialize(
        "java.util.Date",
        f'String "{value}": not a valid representation (error: Failed to parse Date value \'{text}\': Cannot '
        f'parse date "{text}": not compatible with any of standard forms {DATE_FORMS})',
    )


def reference_chain(*steps: str) -> str:
    """`` (through reference chain: A[0]->B["f"])`` as Jackson appends it to a message."""
    return f" (through reference chain: {'->'.join(steps)})"


def list_element_chain(index: int, bean_type: str | None = None, field: str | None = None) -> str:
    steps = [f"java.util.ArrayList[{index}]"]
    if bean_type is not None:
        steps.append(f'{bean_type}["{field}"]')
    return reference_chain(*steps)


def null_list_element(bean: str, index: int) -> str:
    return f"{bean} element {index} is null"


def matches_missing_arrays(label: str, missing: list[str]) -> str:
    # render-ws stores a Matches without p, q or w (README, Known differences)
    return f"matches of {label} must have p, q and w arrays, but {', '.join(missing)} missing"


def matches_row_counts(label: str, p_rows: int, q_rows: int) -> str:
    return f"matches of {label} have {p_rows} rows in p but {q_rows} rows in q"


def matches_ragged(label: str, name: str, row_index: int, row_length: int, first_length: int) -> str:
    return (
        f"matches of {label} have ragged {name} arrays: {name}[{row_index}] has {row_length} "
        f"values, {name}[0] has {first_length}"
    )


def unknown_type_id(type_id: Any, base_type: str, known: tuple[str, ...]) -> str:
    """Jackson's InvalidTypeIdException for a polymorphic bean (``@JsonSubTypes``)."""
    return (
        f"Could not resolve type id '{type_id}' as a subtype of `{base_type}`: known type ids = "
        f"[{', '.join(known)}]"
    )
