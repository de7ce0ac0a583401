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

from renderapi import _java
from renderapi.errors import RenderError

_JAVA_SPACE = re.compile(" ")


class DataStringError(RenderError, ValueError):
    """A dataString render-ws rejects with a NumberFormatException (HTTP 400)."""


class DataStringIndexError(RenderError, IndexError):
    """A dataString too short for the sizes it declares; render-ws fails with an index error (HTTP 500)."""


def split_whitespace(s: str) -> list[str]:
    """Java ``s.split("\\\\s+")``: a leading separator yields an empty first token, trailing ones vanish."""
    return _java.split(_java.JAVA_WHITESPACE, s)


def split_space(s: str) -> list[str]:
    """Java ``s.split(" ")``: doubled spaces yield empty tokens, trailing empty tokens vanish."""
    return _java.split(_JAVA_SPACE, s)


def parse_double(token: str) -> float:
    """Java ``Double.parseDouble``: DataStringError for anything Java would not read."""
    return _as_data_string_error(_java.parse_double, token)


def parse_float(token: str) -> float:
    """Java ``Float.parseFloat``: the value rounded to 32-bit precision (returned as a Python float)."""
    return _as_data_string_error(_java.parse_float, token)


def parse_int(token: str) -> int:
    """Java ``Integer.parseInt``: decimal digits with an optional sign, 32-bit range."""
    return _as_data_string_error(_java.parse_int, token)


def _as_data_string_error(parse, token: str):
    try:
        return parse(token)
    except _java.NumberFormatError as exc:
        raise DataStringError(str(exc)) from None


def parse_doubles(tokens: list[str]) -> np.ndarray:
    """Parse every token with :func:`parse_double` into a float64 array."""
    return np.array([parse_double(t) for t in tokens], dtype=np.float64)


def token_at(tokens: list[str], index: int, what: str) -> str:
    """``tokens[index]``, or DataStringIndexError naming the missing field."""
    if index >= len(tokens):
        raise DataStringIndexError(
            f"dataString has no {what} (index {index} out of bounds for length {len(tokens)})")
    return tokens[index]
