"""JSON text in and out, as render-ws's Jackson 2.11 reads and writes it (no Flask here).

Reading (render-app JsonUtils.java:41-49 configures no JsonParser features, so Jackson's defaults apply):
``NaN``/``Infinity`` literals are a parse error (ALLOW_NON_NUMERIC_NUMBERS is off by default). Numbers
that only a non-finite double can hold (``1e400``, integers beyond the double range) are refused here
too, where Jackson would store Infinity (README, Known differences); so are bodies nested deeper than
Python's parser can follow.

Speed and fairness: most bodies are read by orjson (several times faster than :mod:`json`), but only where
its values equal json's: texts with a number json reads through the overflow hooks below, or with a run
of 19+ digits (orjson reads integers beyond 64 bits as floats), and texts nested deeper than
``fast_json.MAX_DEPTH`` go to json, and every text orjson refuses (``NaN``, lone surrogates, a byte-order
mark, UTF-16/32, invalid text) is read again by json, so its values and error messages stay json's.
Bodies over ``PIECEWISE_BYTES`` are read member by member (:mod:`render_emulator.json_pieces`) so other
requests run while they are read.

Writing: Jackson quotes non-finite doubles (JsonGenerator.Feature.QUOTE_NON_NUMERIC_NUMBERS is on by
default), so a computed NaN is written as the string ``"NaN"`` and every answer is strict JSON.
"""

from __future__ import annotations

import contextlib
import json
import math
from typing import Any

from render_emulator import fast_json
from render_emulator.json_pieces import NotRead, loads_in_pieces

# An exponent of three or more digits, or a run of 300+ digits: the only number texts that can overflow
# a double. Looked for in a copy where every digit is "0", "E" is "e" and "+" is "-", with bytes.find
# (C, memchr-speed); a regex scan of the same pattern took ~25 ms per MB of tile JSON, as long as
# json.loads itself. Ordinary bodies keep json's C fast path for floats and ints.
_OVERFLOW_FOLDING = bytes.maketrans(b"0123456789E+", b"0000000000e-")
_OVERFLOW_MARKS = (b"e000", b"e-000", b"0" * 300)
# 19 digits in a row: the shortest integer text orjson may read otherwise than json (-9223372036854775809
# is beyond int64, orjson gives a float); longer fractions are left to json too, which reads them alike
_LONG_DIGIT_RUN = b"0" * 19
# One orjson call holds the interpreter lock for the whole body (~10 ms per MB here, 2-3x that on a loaded
# machine); bodies larger than this are read member by member with json's scanner instead, which takes
# ~2.5x orjson's time (50k tiles, 17 MB: 0.16 s orjson, 0.3 s json.loads, 0.45 s in pieces) but lets other
# requests run between members. 4 MiB bounds the lock hold near 50 ms; render-python's and the ingest
# benchmark's bodies (a few thousand tiles, ~1 MB) stay on orjson.
PIECEWISE_BYTES = 4 * 2**20
_MARKS_SLICE_BYTES = 4 * 2**20


def _may_overflow(raw: bytes) -> bool:
    """True when ``raw`` holds ``[eE][+-]?\\d{3}`` or ``\\d{300}`` (the texts that may overflow a double)."""
    return _number_marks(raw)[0]


def _number_marks(raw: bytes) -> tuple[bool, bool]:
    """(``raw`` may hold a number beyond the double range, ``raw`` holds a run of 19 or more digits).

    A large body is looked at in overlapping slices, each a short C call, so other threads run between
    them (one translate of 200 MB held the interpreter ~0.2 s)."""
    overflow = long_digits = False
    overlap = len(_OVERFLOW_MARKS[-1])   # every mark fits in the overlap, so none is cut in two unseen
    for start in range(0, max(len(raw), 1), _MARKS_SLICE_BYTES):
        folded = raw[max(0, start - overlap):start + _MARKS_SLICE_BYTES].translate(_OVERFLOW_FOLDING)
        overflow = overflow or any(mark in folded for mark in _OVERFLOW_MARKS)
        long_digits = long_digits or overflow or _LONG_DIGIT_RUN in folded
    return overflow, long_digits


def plain_numbers(raw: bytes) -> bool:
    """True when no number text of ``raw`` can overflow a double and none has 19 or more digits in a row:
    every number in it reads alike in any correct parser (json, orjson, msgspec)."""
    return not any(_number_marks(raw))


class JsonTextError(ValueError):
    """The text is not JSON render-ws would read; ``str()`` is the message for a 400."""


def _non_numeric(token: str):
    raise JsonTextError(
        f"Non-standard token '{token}': enable JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS to allow"
    )


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise JsonTextError(f"Numeric value ({text}) out of range of double (render-ws emulator: "
                            "non-finite numbers are not stored)")
    return value


def _finite_int(text: str) -> int:
    value = int(text)
    try:
        float(value)
    except OverflowError:
        raise JsonTextError(f"Numeric value ({text[:20]}...) out of range of double (render-ws emulator: "
                            "non-finite numbers are not stored)") from None
    return value


def parse_json(raw: bytes | str) -> Any:
    """Parse a request body strictly; raise :class:`JsonTextError` with a Jackson-like message."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    may_overflow, long_digits = _number_marks(raw)
    hooks: dict = {"parse_constant": _non_numeric}
    if may_overflow:
        hooks.update(parse_float=_finite_float, parse_int=_finite_int)
    if len(raw) > PIECEWISE_BYTES:
        # a text the piecewise reader refuses is read again below, for json's own value or message
        with contextlib.suppress(NotRead):
            return loads_in_pieces(raw, json.JSONDecoder(**hooks))
    elif not long_digits:
        value = fast_json.loads(raw)
        if value is not fast_json.NOT_DECODED:
            return value
    try:
        return json.loads(raw, **hooks)
    except JsonTextError:
        raise
    except RecursionError:
        raise JsonTextError(
            "Unexpected end-of-input: JSON nesting is deeper than the render-ws emulator can read"
        ) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise JsonTextError(f"Unexpected character or end-of-input in JSON body: {exc}") from None


def _quote_non_finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return {key: _quote_non_finite(member) for key, member in value.items()}
    if isinstance(value, (list, tuple)):
        return [_quote_non_finite(member) for member in value]
    return value


def dumps(data: Any) -> str:
    """Compact strict JSON; non-finite doubles are written as Jackson quotes them (``"NaN"``)."""
    try:
        return json.dumps(data, separators=(",", ":"), allow_nan=False)
    except ValueError:
        return json.dumps(_quote_non_finite(data), separators=(",", ":"), allow_nan=False)
