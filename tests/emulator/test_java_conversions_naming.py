"""Java-compatible conversions: numbers, dates, path/query parameters and names."""

import pytest

from render_emulator.errors import BadRequest, NotFound
from render_emulator.model.dates import parse_date
from render_emulator.model.scalars import java_double, java_int, java_string
from render_emulator.naming import validate_match_collection_id, validate_name, validate_stack_id
from render_emulator.params import to_double, to_int
from renderapi._java import java_number_text


@pytest.mark.parametrize(
    "value, text",
    [(3407.0, "3407.0"), (1e7, "1.0E7"), (12345678.0, "1.2345678E7"), (5e-4, "5.0E-4"),
     (0.001, "0.001"), (-2.5e10, "-2.5E10"), (0.0, "0.0"), (1.5, "1.5"), (7, "7")],
)
def test_java_number_text(value, text):
    assert java_number_text(value) == text


def test_java_coercions():
    assert java_double(1) == 1.0 and isinstance(java_double(1), float)
    assert java_double("2.5") == 2.5
    assert java_int(3.9) == 3
    assert java_string(3407.0) == "3407.0"
    assert java_string(12) == "12"
    with pytest.raises(BadRequest):
        java_double("abc")
    with pytest.raises(BadRequest):
        java_int(True)


@pytest.mark.parametrize(
    "value, expected",
    [("2024-05-01T12:30:00.00Z", "2024-05-01T12:30:00.000Z"),
     ("2024-05-01T12:30:00.5Z", "2024-05-01T12:30:00.500Z"),
     ("2024-05-01T14:30:00.123+02:00", "2024-05-01T12:30:00.123Z"),
     (1714566600000, "2024-05-01T12:30:00.000Z"),
     ("2024-05-01", "2024-05-01T00:00:00.000Z")],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


def test_parse_date_rejects_garbage():
    with pytest.raises(BadRequest):
        parse_date("yesterday")


@pytest.mark.parametrize("text", ["3407", "3407.0", "3407.000000", "3.407e3", "3407d"])
def test_to_double_accepts_java_spellings(text):
    assert to_double(text, "z") == 3407.0


@pytest.mark.parametrize("text", ["abc", "", "1,0", "0x"])
def test_unconvertible_params_are_404(text):
    with pytest.raises(NotFound):
        to_double(text, "z")


def test_to_int():
    assert to_int("-12", "width") == -12
    for bad in ("1.5", "2147483648", "x"):
        with pytest.raises(NotFound):
            to_int(bad, "width")


@pytest.mark.parametrize("name", ["a", "A1", "a_b", "a_b_c9"])
def test_valid_names(name):
    validate_name("stack", name)


@pytest.mark.parametrize("name", ["", "_a", "a_", "a__b", "a-b", "a.b", "a b"])
def test_invalid_names(name):
    with pytest.raises(BadRequest) as info:
        validate_name("stack", name)
    assert info.value.message == (
        f"invalid stack '{name}' specified, names may only contain alphanumeric or underscore '_' "
        "characters and may not contain consecutive underscores '_'"
    )


def test_collection_name_length_limits():
    validate_stack_id("o" * 32, "p" * 32, "s" * 32)
    with pytest.raises(BadRequest) as info:
        validate_stack_id("o" * 33, "p" * 32, "s" * 32)
    assert "must be less than 111 characters" in info.value.message
    validate_match_collection_id("o" * 55, "n" * 55)
    with pytest.raises(BadRequest) as info:
        validate_match_collection_id("o" * 56, "n" * 55)
    assert info.value.message.startswith("match collection name 'oo")
