"""renderapi.transform.leaf.datastring: Java split and number rules, error classes."""
import math

import pytest

from renderapi._java import java_float_text, java_number_text
from renderapi.errors import RenderError
from renderapi.transform.leaf.datastring import (
    DataStringError,
    DataStringIndexError,
    parse_double,
    parse_float,
    parse_int,
    split_space,
    split_whitespace,
)


def test_split_whitespace_keeps_leading_empty_token_and_drops_trailing_ones():
    assert split_whitespace("1 2\t3\n") == ["1", "2", "3"]
    assert split_whitespace(" 1 2") == ["", "1", "2"]
    assert split_whitespace("") == [""]
    assert split_whitespace("   ") == []


def test_split_space_keeps_doubled_spaces():
    assert split_space("1  2 ") == ["1", "", "2"]
    assert split_space("1 2   ") == ["1", "2"]


@pytest.mark.parametrize("token,value", [
    ("1", 1.0), ("-2.5", -2.5), ("1E-5", 1e-5), ("1e+3", 1000.0), (".5", 0.5), ("5.", 5.0),
    ("1.5f", 1.5), ("2d", 2.0), ("0x1.8p1", 3.0), ("-Infinity", -math.inf),
])
def test_parse_double_accepts_java_literals(token, value):
    assert parse_double(token) == value


def test_parse_double_nan():
    assert math.isnan(parse_double("NaN"))


@pytest.mark.parametrize("token", ["", "x", "nan", "inf", "1_000", "1,5", "1e", "--1"])
def test_parse_double_rejects_what_java_rejects(token):
    with pytest.raises(DataStringError):
        parse_double(token)


def test_parse_float_rounds_to_32_bits():
    assert parse_float("0.1") == 0.10000000149011612
    assert parse_float("1e40") == math.inf


def test_parse_int():
    assert parse_int("-12") == -12
    for token in ["1.0", " 1", "", "2147483648"]:
        with pytest.raises(DataStringError):
            parse_int(token)


def test_error_classes_are_render_errors_and_builtin_errors():
    assert issubclass(DataStringError, RenderError) and issubclass(DataStringError, ValueError)
    assert issubclass(DataStringIndexError, RenderError) and issubclass(DataStringIndexError, IndexError)


def test_format_java_numbers():
    assert java_number_text(1.0) == "1.0"
    assert java_number_text(0.001) == "0.001"
    assert java_number_text(1e-5) == "1.0E-5"
    assert java_number_text(12345678.9) == "1.23456789E7"
    assert java_number_text(-2.5e-10) == "-2.5E-10"
    assert java_float_text(10.100000381469727) == "10.1"
    assert java_float_text(0.0) == "0.0"
    assert java_float_text(1e-5) == "1.0E-5"
