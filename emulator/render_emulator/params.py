"""Path and query parameter conversion with JAX-RS (RESTEasy) rules.

A value that cannot be converted to the declared Java type makes RESTEasy answer 404, not 400.
"""

from __future__ import annotations

import re
from enum import Enum

from render_emulator.errors import NotFound
from renderapi._java import INT_MAX, INT_MIN, NumberFormatError, parse_double

_JAVA_INT = re.compile(r"[+-]?\d+")


def _unconvertible(kind: str, name: str, value: str) -> NotFound:
    return NotFound(
        f"RESTEASY003870: Unable to extract parameter from http request: javax.ws.rs.{kind}(\"{name}\") "
        f"value is '{value}'"
    )


def to_double(value: str, name: str, kind: str = "PathParam") -> float:
    """Convert as ``Double.valueOf`` (accepts ``3407``, ``3407.0``, ``3407.000000``, ``1e3``)."""
    try:
        return parse_double(value)
    except NumberFormatError:
        raise _unconvertible(kind, name, value) from None


def to_int(value: str, name: str, kind: str = "PathParam") -> int:
    """Convert as ``Integer.valueOf``."""
    if not _JAVA_INT.fullmatch(value):
        raise _unconvertible(kind, name, value)
    number = int(value)
    if not INT_MIN <= number <= INT_MAX:
        raise _unconvertible(kind, name, value)
    return number


def to_enum(value: str, name: str, enum_type: type[Enum], kind: str = "PathParam") -> Enum:
    """Convert as ``Enum.valueOf`` (exact, case-sensitive)."""
    try:
        return enum_type[value]
    except KeyError:
        raise _unconvertible(kind, name, value) from None
