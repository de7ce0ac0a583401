"""orjson where it gives exactly what the standard library gives, and ``None`` where it might not.

orjson reads and writes JSON several times faster than :mod:`json`, but it differs on a few inputs and
outputs; the callers fall back to :mod:`json` whenever these helpers answer ``None``, so what is stored
and answered stays what :mod:`json` makes of it.

Reading: orjson reads integers beyond 64 bits as floats (:mod:`json`: exact ints) and refuses what
:mod:`json` accepts on purpose or by leniency (lone surrogates, a byte-order mark, UTF-16/32 text,
``NaN``/``Infinity``, numbers beyond the double range). The refusals fall back by themselves; the
caller checks the few fields where a big integer's text would matter (see ``match_body``). orjson also
reads nesting far deeper than :mod:`json` (which stops near ``sys.getrecursionlimit()``) and crashes the
process (segmentation fault, orjson 3.8) on a body nested ~1,000,000 deep; texts nested deeper than
``MAX_DEPTH`` are therefore never given to it.

Writing: orjson prints floats with the same shortest digits as Python's ``repr`` but switches to
exponent notation at other magnitudes (``1e-5`` and ``1e16`` where Python prints ``1e-05`` and
``1e+16``, ``0.00001`` where Python prints ``1e-05``) and writes NaN/Infinity as ``null``; a text holding
an exponent, a ``0.0000`` run or ``null`` is therefore not trusted.
"""

from __future__ import annotations

import re
from typing import Any

import orjson

_UNTRUSTED_OUTPUT = (b"e", b"0.0000", b"null")
NOT_DECODED = object()
# nesting orjson is trusted with: well below json's limit in a request thread (about 950 levels), so every
# deeper text is read, or refused, by json as before
MAX_DEPTH = 512
_STRUCTURE = b'[]{}"'
_NOT_STRUCTURE = bytes(code for code in range(256) if code not in _STRUCTURE)
_STRING = re.compile(rb'"[^"]*"')


def nesting_depth(raw: bytes) -> int:
    """The deepest nesting of brackets and braces outside strings in ``raw`` (exact for valid JSON; for
    invalid text, exact up to the first error, where every parser stops). Runs at C and numpy speed (~2 ms
    per MB of tile JSON; a Python loop over the characters would be ~100x slower)."""
    import numpy as np  # only here: loads() decides most texts without it (see shallower_than)

    structure = _structure(raw)
    codes = np.frombuffer(structure, dtype=np.uint8)
    if not len(codes):
        return 0
    # True from each opening quote up to its closing quote: brackets there are string content
    in_string = np.bitwise_xor.accumulate(codes == ord('"'))
    nesting_step = np.zeros(256, dtype=np.int8)
    nesting_step[list(b"[{")] = 1
    nesting_step[list(b"]}")] = -1
    steps = np.where(in_string, 0, nesting_step[codes])
    return int(np.cumsum(steps, dtype=np.int64).max(initial=0))


def _structure(raw: bytes) -> bytes:
    """The brackets, braces and quotes of ``raw`` once escapes that could hide or fake a quote are dropped
    (``\\\\`` pairs first, then ``\\"``)."""
    if b"\\" in raw:
        raw = raw.replace(b"\\\\", b"").replace(b'\\"', b"")
    return raw.translate(None, _NOT_STRUCTURE)


def shallower_than(raw: bytes, limit: int) -> bool:
    """True when ``raw`` surely nests at most ``limit`` deep; False means "not known" (ask
    :func:`nesting_depth`). Without numpy (an emulated client never loads it for its tile files): the
    strings are cut out, then each pass removes every innermost ``[]`` and ``{}``, at most two levels;
    a text that empties within ``limit // 2`` passes nests at most ``limit`` deep."""
    # dropping two adjacent quotes leaves every bracket on its side of the strings: the empty strings the
    # translation leaves (most of a tile file's) go at C speed, the regex cuts out the few others
    structure = _structure(raw).replace(b'""', b"")
    if b'"' in structure:
        structure = _STRING.sub(b"", structure)
    for _ in range(limit // 2):
        if not structure:
            return True
        shorter = structure.replace(b"[]", b"").replace(b"{}", b"")
        if len(shorter) == len(structure):   # unbalanced or mismatched: left to nesting_depth
            return False
        structure = shorter
    return not structure


def loads(raw: bytes) -> Any:
    """``orjson.loads(raw)``, or :data:`NOT_DECODED` when orjson refuses the text or it is nested deeper
    than :data:`MAX_DEPTH`."""
    if not shallower_than(raw, MAX_DEPTH) and nesting_depth(raw) > MAX_DEPTH:
        return NOT_DECODED
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return NOT_DECODED


def dumps_numbers(value: Any) -> str | None:
    """Compact JSON text of lists, dicts with string keys, floats and ints (no strings, so keys are
    the only letters) exactly as ``json.dumps(value, separators=(",", ":"))`` prints it; ``None`` when
    orjson's text could differ (see the module notes) or orjson cannot encode ``value``."""
    try:
        text = orjson.dumps(value, option=orjson.OPT_PASSTHROUGH_SUBCLASS, default=_refuse)
    except orjson.JSONEncodeError:
        return None
    if any(marker in text for marker in _UNTRUSTED_OUTPUT) or not text.isascii():
        return None
    return text.decode("ascii")


def _refuse(value: Any) -> Any:
    raise TypeError(f"not encoded by orjson: {type(value).__name__}")


def reads_back_exactly(value: Any) -> bool:
    """True if orjson reading json's text of ``value`` gives back equal values of the same types: only
    builtin lists, dicts, strings, floats and ints of at most 64 bits (orjson reads wider ones as floats)."""
    try:
        orjson.dumps(value, option=orjson.OPT_PASSTHROUGH_SUBCLASS, default=_refuse)
    except orjson.JSONEncodeError:
        return False
    return True
