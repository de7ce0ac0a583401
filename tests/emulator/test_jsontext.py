"""jsontext.parse_json: the cheap pre-check that decides whether a body needs the slow, overflow-checking
number hooks finds exactly the texts the pattern ``[eE][+-]?\\d{3}|\\d{300}`` finds."""

import json
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


# ---------------------------------------------------------------------------- the three reading paths
def _stdlib_reading(raw):
    """What parse_json answered before orjson and the piecewise reading: json.loads with the hooks."""
    try:
        return parse_json_with_json_only(raw)
    except JsonTextError as exc:
        return ("refused", str(exc))


def parse_json_with_json_only(raw):
    from render_emulator import jsontext

    hooks = {"parse_constant": jsontext._non_numeric}
    if _may_overflow(raw):
        hooks.update(parse_float=jsontext._finite_float, parse_int=jsontext._finite_int)
    try:
        return json.loads(raw, **hooks)
    except JsonTextError:
        raise
    except RecursionError:
        raise JsonTextError("Unexpected end-of-input: JSON nesting is deeper than the render-ws emulator "
                            "can read") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise JsonTextError(f"Unexpected character or end-of-input in JSON body: {exc}") from None


def _reading(raw):
    try:
        return parse_json(raw)
    except JsonTextError as exc:
        return ("refused", str(exc))


def _same(a, b):
    """Equal values of the same types (so 1 is not 1.0, -0.0 is not 0.0, key order counts); iterative, as
    some texts are nested deeper than Python's recursion limit allows to walk recursively."""
    pending = [(a, b)]
    while pending:
        a, b = pending.pop()
        if type(a) is not type(b):
            return False
        if isinstance(a, float):
            if repr(a) != repr(b):
                return False
        elif isinstance(a, (list, tuple)):
            if len(a) != len(b):
                return False
            pending.extend(zip(a, b, strict=True))
        elif isinstance(a, dict):
            if list(a) != list(b):
                return False
            pending.extend((a[k], b[k]) for k in a)
        elif a != b:
            return False
    return True


TEXTS = [
    b'{"z": 1.0, "a": [1, -0, -0.0, 0.1, 1E2, 2.5e-3, true, false, null, "x\\u00e9\\n"]}',
    b'[NaN]', b'{"a": [Infinity]}', b'[-Infinity]', b'[1e400]', b'{"b": -1E+309}', b'[1e-400, 2.5e-324]',
    b'[18446744073709551616]', b'[-9223372036854775809]', b'[9223372036854775807, -9223372036854775808]',
    b'[1234567890123456789012345678901234567890]', b'[' + b'9' * 400 + b']', b'[0.1234567890123456789012]',
    b'["\\ud800"]', b'{"\\udc00": 1}', b'["\\ud83d\\ude00"]', b'"\xed\xa0\x80"',
    b'\xef\xbb\xbf{"a": 1}', '{"a": 1}'.encode("utf-16"), '[1, "\u00e9"]'.encode("utf-32-le"),
    b'{"a": 1, "b": 2, "a": 3}', b' \n\t{ "a" : [ 1 , 2 ] , "b" : { } } \r\n', b'{}', b'[]', b'"s"', b'7',
    b'', b' ', b'{', b'{"a": 1,}', b'[1, 2', b'{"a" 1}', b'[1]x', b'\xff[]', b'["\x01"]', b'{1: 2}',
    b'[' * 600 + b']' * 600, b'[' * 1000 + b']' * 1000, b'[' * 5000 + b']' * 5000,
    b'{"a": ' * 3000 + b'1' + b'}' * 3000, b'{"t": {"u": [' * 2 + b']}}' * 2,
]


@pytest.mark.parametrize("raw", TEXTS, ids=range(len(TEXTS)))
@pytest.mark.parametrize("path", ["orjson", "pieces"])
def test_every_reading_path_gives_json_values_and_messages(monkeypatch, raw, path):
    """Same values (and types) and same refusals as json.loads with the hooks: orjson for ordinary bodies,
    the member-by-member reading for bodies over PIECEWISE_BYTES (forced here with a limit of 0)."""
    from render_emulator import jsontext

    if path == "pieces":
        monkeypatch.setattr(jsontext, "PIECEWISE_BYTES", 0)
    expected = _stdlib_reading(raw)
    assert _same(_reading(raw), expected), (raw[:80], expected)


def test_random_numbers_read_alike_on_every_path(monkeypatch):
    from render_emulator import jsontext

    rng = random.Random(11)
    texts = [f"{rng.choice((-1, 1)) * 10 ** rng.uniform(-300, 300):.{rng.randint(1, 17)}g}"
             for _ in range(3000)]
    texts += [str(rng.randint(-2**62, 2**62)) for _ in range(1000)]
    raw = ("[" + ",".join(texts) + "]").encode()
    expected = _stdlib_reading(raw)
    assert _same(_reading(raw), expected)
    monkeypatch.setattr(jsontext, "PIECEWISE_BYTES", 0)
    assert _same(_reading(raw), expected)


def test_a_large_body_is_read_in_pieces_and_equals_json(monkeypatch):
    from render_emulator import json_pieces, jsontext

    calls = []
    real = json_pieces.loads_in_pieces
    monkeypatch.setattr(jsontext, "loads_in_pieces", lambda *args: calls.append(1) or real(*args))
    tiles = {f"t{i}": {"tileId": f"t{i}", "z": float(i), "transforms": {"type": "list", "specList": []}}
             for i in range(2000)}
    raw = json.dumps({"transformIdToSpecMap": {}, "tileIdToSpecMap": tiles}).encode()
    monkeypatch.setattr(jsontext, "PIECEWISE_BYTES", len(raw) - 1)
    assert _same(parse_json(raw), json.loads(raw))
    assert calls == [1]


def test_the_pre_check_in_slices_finds_marks_across_slice_boundaries(monkeypatch):
    from render_emulator import jsontext

    monkeypatch.setattr(jsontext, "_MARKS_SLICE_BYTES", 7)   # far shorter than the marks' overlap
    chooser = random.Random(29)
    for _ in range(3000):
        text = bytes(chooser.choice(b"0123456789eE+-. ,") for _ in range(chooser.randint(0, 400)))
        assert _may_overflow(text) == bool(OVERFLOW_PATTERN.search(text)), text
        assert jsontext._number_marks(text)[1] == bool(re.search(rb"\d{19}", text)) or _may_overflow(text)


def test_decoding_in_slices_equals_one_decode(monkeypatch):
    from render_emulator import json_pieces

    monkeypatch.setattr(json_pieces, "DECODED_BYTES", 3)   # cuts multi-byte characters in two
    raw = '{"a": "\u00e9\u20ac\U0001f600 x", "b": ["\\ud800"]}'.encode() + b'["\xed\xa0\x80"]'
    assert json_pieces._decode(raw) == raw.decode("utf-8", "surrogatepass")
    with pytest.raises(UnicodeDecodeError):
        json_pieces._decode(b'["\xff"]')


def test_release_in_pieces_empties_the_outer_levels_only():
    from render_emulator.json_pieces import release_in_pieces

    tile = {"tileId": "t", "layout": {"sectionId": "1"}}
    body = {"tileIdToSpecMap": {"t": tile}, "transformIdToSpecMap": {}}
    release_in_pieces(body)
    assert body == {} and tile == {"tileId": "t", "layout": {"sectionId": "1"}}
    pairs = [[{"p": 1}], [{"q": 2}]]
    kept = pairs[0][0]
    release_in_pieces(pairs)
    assert pairs == [] and kept == {"p": 1}
