"""render_emulator.fast_json: orjson is used only where it gives json's very values and text."""

import json
import math
import random

import pytest

from render_emulator.fast_json import MAX_DEPTH, NOT_DECODED, dumps_numbers, loads, nesting_depth


def compact(value):
    return json.dumps(value, separators=(",", ":"))


def test_number_text_is_json_text_or_none_across_magnitudes():
    rng = random.Random(13)
    values = [0.0, -0.0, 1.0, 0.1, 1e15, 9999999999999998.0, 0.0001, 1234.56, 5e-324, 1.7976931348623157e308]
    values += [rng.choice((-1, 1)) * 10 ** rng.uniform(-12, 22) for _ in range(20000)]
    values += [round(rng.uniform(0.0, 2048.0), 2) for _ in range(5000)]
    trusted = 0
    for value in values:
        text = dumps_numbers({"p": [[value]], "w": [value]})
        assert text is None or text == compact({"p": [[value]], "w": [value]})
        trusted += text is not None
    assert trusted > len(values) // 2


@pytest.mark.parametrize("value", [1e-05, 2.5e-05, 1e16, 1.2345678901234568e17, -3e-300])
def test_values_where_orjson_prints_other_text_than_python_are_left_to_json(value):
    # orjson: 0.00001 / 1e16 where Python's repr (and so json) prints 1e-05 / 1e+16
    assert dumps_numbers([value]) is None


@pytest.mark.parametrize("value", [math.nan, math.inf, 2**64, object()])
def test_what_orjson_writes_as_null_or_cannot_write_is_left_to_json(value):
    assert dumps_numbers({"w": [value]}) is None


@pytest.mark.parametrize("raw", [b'["\\ud800"]', b"\xef\xbb\xbf[1]", b"[NaN]", b"[1e400]", b"", b"[1]x"])
def test_texts_orjson_refuses_are_not_decoded(raw):
    assert loads(raw) is NOT_DECODED


def test_decoded_values_equal_json_values():
    rng = random.Random(3)
    texts = [f"{rng.choice((-1, 1)) * 10 ** rng.uniform(-320, 308):.{rng.randint(1, 25)}g}"
             for _ in range(5000)]
    raw = ("[" + ",".join(texts) + ', -0, -0.0, "\\u00e9\\n", {"a": 1, "a": 2}]').encode()
    assert loads(raw) == json.loads(raw)


@pytest.mark.parametrize("text, depth", [
    (b"", 0), (b"1", 0), (b"[]", 1), (b'{"a": [1, {"b": []}]}', 4),
    (b'{"a": "]]]]", "b": [[["\\"[[", 1]]]}', 4),    # brackets in strings, an escaped quote
    (b'["\\\\", [[1]]]', 3),                           # an escaped backslash before a closing quote
    (b'["\\\\\\"]]]", [[1]]]', 3),                     # escaped backslash, escaped quote, brackets
    (b'["\\u005d\\u005d", [1]]', 2),
])
def test_nesting_depth_ignores_string_content(text, depth):
    assert nesting_depth(text) == depth


def test_nesting_depth_is_the_parsers_depth_on_random_documents():
    rng = random.Random(5)

    def document(level):
        kind = rng.random()
        if level > 6 or kind < 0.3:
            return rng.choice([1, 2.5, None, '"]}\\"[{\\\\', "\\\\", "x[y"])
        if kind < 0.65:
            return [document(level + 1) for _ in range(rng.randint(0, 3))]
        return {rng.choice(["a", "]", '"{', "\\"]): document(level + 1) for _ in range(rng.randint(0, 3))}

    def depth(value):
        if isinstance(value, list):
            return 1 + max(map(depth, value), default=0)
        if isinstance(value, dict):
            return 1 + max(map(depth, value.values()), default=0)
        return 0

    for _ in range(2000):
        value = document(0)
        assert nesting_depth(json.dumps(value).encode()) == depth(value)


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 5000, 2_000_000])
def test_deep_texts_are_never_given_to_orjson(depth):
    # orjson 3.8 reads nesting far beyond json's limit and crashes the process near 1,000,000 levels
    assert loads(b"[" * depth + b"]" * depth) is NOT_DECODED


def test_texts_within_the_depth_limit_are_decoded():
    assert loads(b"[" * MAX_DEPTH + b"]" * MAX_DEPTH) == json.loads(b"[" * MAX_DEPTH + b"]" * MAX_DEPTH)



@pytest.mark.parametrize(("raw", "known"), [
    (b"[]", True), (b"{}", True), (b"", True), (b"1", True), (b'"[["', True),
    (b'{"a": [1, {"b": "]]]}}}"}], "c": "\\"[[["}', True), (b'["\\\\", [[]]]', True),
    (b"[{" * 200 + b"}]" * 200, True),              # 400 levels: two per pass
    (b'["[", "", "]", "]]", {"": "{["}]', True), (b'["""]', False),   # adjacent quotes around brackets
    (b"[" * 300 + b"]" * 300, False),               # 300 levels of one kind: 300 passes, more than 256
    (b"[" * 600 + b"]" * 600, False), (b"[[]", False), (b'["]', False), (b"[}", False),
])
def test_the_numpy_free_depth_bound_never_passes_a_text_nesting_depth_refuses(raw, known):
    """shallower_than decides most texts without numpy; where it says yes, nesting_depth agrees, and a
    text it cannot place (too deep for its passes, unbalanced) is left to nesting_depth."""
    from render_emulator.fast_json import shallower_than

    assert shallower_than(raw, MAX_DEPTH) is known
    if known:
        assert nesting_depth(raw) <= MAX_DEPTH


def test_loads_of_a_deep_text_still_refuses_it():
    deepest = []
    for _ in range(MAX_DEPTH - 1):
        deepest = [deepest]
    assert loads(b"[" * MAX_DEPTH + b"]" * MAX_DEPTH) == deepest
    assert loads(b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1)) is NOT_DECODED
