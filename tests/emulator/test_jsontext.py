"""jsontext.parse_json: the cheap pre-check that decides whether a body needs the slow, overflow-checking
number hooks finds exactly the texts the pattern ``[eE][+-]?\\d{3}|\\d{300}`` finds."""

import random
import re

import pytest

from render_emulator.jsontext import JsonTextError, _may_overflow, parse_json

OVERFLOW_PATTERN = re.compile(rb"[eE][+-]?\d{3}|\d{300}")


def test_pre_check_matches_the_overflow_pattern_on_random_number_texts():
    chooser = random.Random(13)
    alphabet = b"0123456789eE+-. x\"{}:,"
    for _ in range(20000):
        text = bytes(chooser.choice(alphabet) for _ in range(chooser.randint(0, 10)))
        assert _may_overflow(text) == bool(OVERFLOW_PATTERN.search(text)), text
    for text in (b"7" * 299, b"7" * 300, b"[" + b"9" * 301 + b"]", b"1E+308", b"1e-4000", b"1e99"):
        assert _may_overflow(text) == bool(OVERFLOW_PATTERN.search(text)), text


@pytest.mark.parametrize("body", [b"[1e400]", b'{"z": -1E+309}', b"[" + b"9" * 310 + b"]"])
def test_numbers_beyond_the_double_range_are_refused(body):
    with pytest.raises(JsonTextError, match="out of range of double"):
        parse_json(body)


def test_long_exponents_within_the_double_range_are_read():
    assert parse_json(b"[1E+308, 1e-400, 2.5e-324]") == [1e308, 0.0, 5e-324]
