"""Reading dataStrings the way render-ws (Java) reads them.

render-ws instantiates a leaf transform by splitting its dataString with Java's ``String.split`` and
parsing the tokens with ``Double.parseDouble`` / ``Float.parseFloat`` / ``Integer.parseInt``. A
``NumberFormatException`` there (bad token, wrong token count) makes render-ws answer 400; an index or
array-size error (a string too short for the counts it declares) makes it answer 500. The two error
classes below carry that distinction (:class:`DataStringError` is a ``ValueError``,
:class:`DataStringIndexError` an ``IndexError``); both are also ``RenderError`` so callers written for
render-python keep catching them.
"""

from __future__ import annotations

import re

import numpy as np

from renderapi.errors import RenderError

_JAVA_WHITESPACE = re.compile("[ \t\n\x0b\f\r]+")
_JAVA_SPACE = re.compile(" ")
_JAVA_DECIMAL = re.compile(
    r"[+-]?(?:NaN|Infinity|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[fFdD]?)"
)
_JAVA_HEX = re.compile(
    r"([+-]?0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][+-]?[0-9]+)[fFdD]?"
)
_JAVA_INT = re.compile(r"[+-]?[0-9]+")
_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1


class DataStringError(RenderError, ValueError):
    """A dataString render-ws rejects with a NumberFormatException (HTTP 400)."""


class DataStringIndexError(RenderError, IndexError):
    """A dataString too short for the sizes it declares; render-ws fails with an index error (HTTP 500)."""


def _java_split(pattern: re.Pattern, s: str) -> list[str]:
    parts = pattern.split(s)
    if len(parts) == 1:
        return parts
    while parts and parts[-1] == "":
        parts.pop()
    return parts


def split_whitespace(s: str) -> list[str]:
    """Java ``s.split("\\\\s+")``: a leading separator yields an empty first token, trailing ones vanish."""
    return _java_split(_JAVA_WHITESPACE, s)


def split_space(s: str) -> list[str]:
    """Java ``s.split(" ")``: doubled spaces yield empty tokens, trailing empty tokens vanish."""
    return _java_split(_JAVA_SPACE, s)


def parse_double(token: str) -> float:
    """Java ``Double.parseDouble``: DataStringError for anything Java would not read."""
    text = token.strip("".join(chr(c) for c in range(33)))
    if _JAVA_DECIMAL.fullmatch(text):
        text = text.rstrip("fFdD")
        if text.lstrip("+-") == "Infinity":
            return float(text.replace("Infinity", "inf"))
        return float(text)
    hex_match = _JAVA_HEX.fullmatch(text)
    if hex_match:
        return float.fromhex(hex_match.group(1))
    raise DataStringError(f'For input string: "{token}"')


def parse_float(token: str) -> float:
    """Java ``Float.parseFloat``: the value rounded to 32-bit precision (returned as a Python float)."""
    value = parse_double(token)
    with np.errstate(over="ignore"):
        return float(np.float32(value))


def parse_int(token: str) -> int:
    """Java ``Integer.parseInt``: decimal digits with an optional sign, 32-bit range."""
    if not _JAVA_INT.fullmatch(token) or not _INT_MIN <= int(token) <= _INT_MAX:
        raise DataStringError(f'For input string: "{token}"')
    return int(token)


def parse_doubles(tokens: list[str]) -> np.ndarray:
    """Parse every token with :func:`parse_double` into a float64 array."""
    return np.array([parse_double(t) for t in tokens], dtype=np.float64)


def token_at(tokens: list[str], index: int, what: str) -> str:
    """``tokens[index]``, or DataStringIndexError naming the missing field."""
    if index >= len(tokens):
        raise DataStringIndexError(
            f"dataString has no {what} (index {index} out of bounds for length {len(tokens)})")
    return tokens[index]


def format_java_float(value: float) -> str:
    """Shortest decimal text that reads back (as a Java float) to ``value`` rounded to 32 bits."""
    f32 = np.float32(value)
    if np.isnan(f32):
        return "NaN"
    if np.isinf(f32):
        return "Infinity" if f32 > 0 else "-Infinity"
    return np.format_float_positional(f32, unique=True, trim="0") if 1e-3 <= abs(f32) < 1e7 or f32 == 0 \
        else np.format_float_scientific(f32, unique=True, trim="0", exp_digits=1).replace("e", "E")


def format_java_double(value: float) -> str:
    """Java ``Double.toString`` style: ``1.0``, ``0.5``, ``1.0E-5``, ``1.234E10``."""
    v = float(value)
    if v != v:
        return "NaN"
    if v in (float("inf"), float("-inf")):
        return "Infinity" if v > 0 else "-Infinity"
    if v == 0 or 1e-3 <= abs(v) < 1e7:
        text = repr(v)
        if "e" in text:  # repr switches to exponent form below 1e-4; Java does not above 1e-3
            text = np.format_float_positional(v, unique=True, trim="0")
        return text if "." in text else text + ".0"
    mantissa, exponent = np.format_float_scientific(v, unique=True, trim="0", exp_digits=1).split("e")
    if "." not in mantissa:
        mantissa += ".0"
    return f"{mantissa}E{int(exponent)}"
