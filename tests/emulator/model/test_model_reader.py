"""The model's one reader and writer: field types as Jackson 2.11 reads them for render's Java beans.

Field types come from the bean classes under render-app/src/main/java/org/janelia/alignment/ (cited per
test); the message texts are Jackson's (InputCoercionException "Numeric value (…) out of range of int
(…)" from ParserBase.reportOverflowInt, MismatchedInputException "Cannot deserialize value of type …").
"""

import pytest

from render_emulator.errors import BadRequest
from render_emulator.model import expect_array, expect_object, read, write
from render_emulator.model.stack import (
    HIERARCHICAL_STACK,
    RESOLUTION_VALUES,
    STACK_META_DATA,
    STACK_STATE,
    STACK_VERSION,
)
from render_emulator.model.types import DOUBLE, INTEGER, LONG, STRING, Bean, ListOf


def _message(java_type, value):
    with pytest.raises(BadRequest) as caught:
        read(java_type, value)
    return caught.value.message


def test_boxed_double_reads_numbers_and_numeric_text_and_keeps_null():
    assert read(DOUBLE, 3) == 3.0 and isinstance(read(DOUBLE, 3), float)
    assert read(DOUBLE, "2.5") == 2.5
    assert read(DOUBLE, None) is None
    assert _message(DOUBLE, "abc") == (
        'Cannot deserialize value of type `java.lang.Double` from String "abc": not a valid Double value'
    )


def test_integer_field_is_checked_against_int_range():
    """StackVersion.cycleNumber is an Integer (StackVersion.java:21): 2^31 overflows int."""
    assert read(INTEGER, 2**31 - 1) == 2**31 - 1
    assert read(INTEGER, "12") == 12
    assert _message(INTEGER, 2**31) == (
        "Numeric value (2147483648) out of range of int (-2147483648 - 2147483647)"
    )


def test_long_field_takes_what_int_refuses():
    """HierarchicalStack.savedMatchPairCount is a Long (HierarchicalStack.java:47)."""
    assert read(LONG, 2**40) == 2**40
    assert _message(LONG, 2**63).startswith("Numeric value (9223372036854775808) out of range of long")


def test_string_field_takes_scalars_as_their_text_and_refuses_structures():
    assert read(STRING, 12) == "12"
    assert read(STRING, True) == "true"
    with pytest.raises(BadRequest):
        read(STRING, {"a": 1})


def test_enum_names_the_accepted_constants():
    """StackMetaData.StackState (StackMetaData.java:19), listed in the order of Jackson's enum lookup table
    (EnumResolver's HashMap copied into a CompactStringObjectMap; model/enum_lookup.py)."""
    assert read(STACK_STATE, "COMPLETE") == "COMPLETE"
    assert _message(STACK_STATE, "DONE") == (
        "Cannot deserialize value of type `org.janelia.alignment.spec.stack.StackMetaData$StackState` from "
        'String "DONE": not one of the values accepted for Enum class: '
        "[COMPLETE, OFFLINE, LOADING, READ_ONLY]"
    )


def test_bean_drops_unknown_and_null_fields_and_orders_by_declaration():
    """StackVersion fields in declaration order (StackVersion.java:18-31)."""
    body = {"defaultChannel": "c", "bogus": 1, "versionNotes": None, "cycleNumber": "3"}
    version = read(STACK_VERSION, body)
    assert list(version) == ["cycleNumber", "defaultChannel"]
    assert version == {"cycleNumber": 3, "defaultChannel": "c"}


def test_bean_refuses_a_non_object_with_the_token_found():
    assert _message(STACK_VERSION, [1]) == (
        "Cannot deserialize value of type `org.janelia.alignment.spec.stack.StackVersion` from Array value "
        "(token `JsonToken.START_ARRAY`)"
    )
    assert _message(STACK_VERSION, 1.5).endswith(
        "from Floating-point value (token `JsonToken.VALUE_NUMBER_FLOAT`)"
    )
    assert _message(STACK_VERSION, True).endswith("from Boolean value (token `JsonToken.VALUE_TRUE`)")


def test_nested_bean_errors_come_from_the_nested_type():
    """HierarchicalStack.fullScaleBounds is a Bounds of Doubles (HierarchicalStack.java:45)."""
    message = _message(HIERARCHICAL_STACK, {"fullScaleBounds": {"minX": "x"}})
    assert message == (
        'Cannot deserialize value of type `java.lang.Double` from String "x": not a valid Double value'
    )


def test_set_keeps_first_occurrences_in_order():
    """HierarchicalStack.splitGroupIds is a Set<String> (HierarchicalStack.java:48)."""
    body = {"splitGroupIds": ["b", "a", "b", 1]}
    assert read(HIERARCHICAL_STACK, body) == {"splitGroupIds": ["b", "a", "1"]}


def test_list_keeps_null_entries_and_refuses_a_non_array():
    assert read(RESOLUTION_VALUES, [1, None, "2"]) == [1.0, None, 2.0]
    assert _message(RESOLUTION_VALUES, {}) == (
        "Cannot deserialize value of type `java.util.ArrayList<java.lang.Double>` from Object value "
        "(token `JsonToken.START_OBJECT`)"
    )


def test_date_field_is_written_in_render_ws_format():
    """StackVersion.createTimestamp is a java.util.Date (StackVersion.java:18)."""
    assert read(STACK_VERSION, {"createTimestamp": 0}) == {"createTimestamp": "1970-01-01T00:00:00.000Z"}


def test_writer_writes_declared_fields_in_order_without_nulls():
    """StackMetaData's declaration order (StackMetaData.java:21-28)."""
    stored = {"state": "LOADING", "currentVersionNumber": 0, "stackId": {"stack": "s", "owner": "o"},
              "stats": None}
    written = write(STACK_META_DATA, stored)
    assert list(written) == ["stackId", "state", "currentVersionNumber"]
    assert list(written["stackId"]) == ["owner", "stack"]
    assert write(STACK_META_DATA, None) is None


def test_list_of_beans_reads_each_element():
    points = ListOf(Bean("P", (("x", DOUBLE),)), "java.util.List<P>")
    assert read(points, [{"x": 1}, None]) == [{"x": 1.0}, None]


def test_expect_helpers_pass_values_through():
    assert expect_object({"a": 1}, "T") == {"a": 1}
    assert expect_array([1], "T") == [1]
    with pytest.raises(BadRequest):
        expect_array(None, "T")
