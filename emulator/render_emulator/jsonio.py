"""JSON and response conventions of render-ws (Jackson as configured by render-ws, RESTEasy replies).

* Java ``Double`` fields are written with a decimal point (``3407.0``): services convert such fields with
  :func:`java_double` before storing or answering; Python's ``json`` then prints them as render-ws does.
* ``null`` fields are omitted (:func:`omit_none`).
* Dates are UTC strings ``yyyy-MM-dd'T'HH:mm:ss.SSS'Z'``.
"""

from __future__ import annotations

import math
import re
from datetime import datetime, timedelta, timezone
from typing import Any

from render_emulator.errors import BadRequest
from render_emulator.jsontext import dumps as dumps
from renderapi._java import LONG_MAX, LONG_MIN, java_number_text


def java_double(value: Any) -> float | None:
    """A JSON number (or numeric string, as Jackson coerces) as a Java Double; ``None`` stays ``None``."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise BadRequest(f"Cannot deserialize value of type `java.lang.Double` from Boolean value ({value})")
    if isinstance(value, (int, float)):
        number = _finite(value)
    elif isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            raise BadRequest(
                f"Cannot deserialize value of type `java.lang.Double` from String \"{value}\": "
                "not a valid Double value"
            ) from None
    else:
        number = None
    if number is not None:
        if not math.isfinite(number):
            # Jackson stores NaN/Infinity (and 1e400 as Infinity); the emulator refuses them so that no
            # later read has to compute with them (README, Known differences)
            raise BadRequest(
                f"Cannot deserialize value of type `java.lang.Double` from {value!r}: render-ws emulator: "
                "non-finite numbers (NaN, Infinity, beyond the double range) are not stored"
            )
        return number
    raise BadRequest(f"Cannot deserialize value of type `java.lang.Double` from {type(value).__name__}")


def java_int(value: Any) -> int | None:
    """A JSON number as a Java Integer/Long (Jackson truncates floats, coerces numeric strings)."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise BadRequest(f"Cannot deserialize value of type `java.lang.Integer` from Boolean value ({value})")
    if isinstance(value, int):
        return _long_range(value)
    if isinstance(value, float) and math.isfinite(value):
        return _long_range(int(value))
    if isinstance(value, str):
        try:
            return _long_range(int(value.strip()))
        except ValueError:
            raise BadRequest(
                f"Cannot deserialize value of type `java.lang.Integer` from String \"{value}\": "
                "not a valid Integer value"
            ) from None
    raise BadRequest(f"Cannot deserialize value of type `java.lang.Integer` from {type(value).__name__}")


def _finite(value: int | float) -> float:
    try:
        return float(value)
    except OverflowError:   # beyond the double range: Jackson's BigInteger.doubleValue() = Infinity
        return math.inf


def _long_range(value: int) -> int:
    """Jackson's overflow check for ``long`` (ParserMinimalBase.reportOverflowLong)."""
    if not LONG_MIN <= value <= LONG_MAX:
        raise BadRequest(f"Numeric value ({value}) out of range of long ({LONG_MIN} - {LONG_MAX})")
    return value


def java_string(value: Any) -> str | None:
    """A JSON scalar as a Java String (Jackson coerces numbers and booleans to their text)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return java_number_text(value)
    raise BadRequest(f"Cannot deserialize value of type `java.lang.String` from {type(value).__name__}")


def omit_none(obj: dict) -> dict:
    """A copy without ``None`` values (Jackson's NON_NULL inclusion)."""
    return {k: v for k, v in obj.items() if v is not None}


DATE_FORMAT = "%Y-%m-%dT%H:%M:%S"
_DATE_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?"
    r"(Z|[+-]\d{2}:?\d{2})?$"
)


def format_date(moment: datetime) -> str:
    """``2015-01-02T22:33:44.555Z`` (UTC, milliseconds)."""
    moment = moment.astimezone(timezone.utc)
    return moment.strftime(DATE_FORMAT) + f".{moment.microsecond // 1000:03d}Z"


def now_date() -> str:
    return format_date(datetime.now(timezone.utc))


def _epoch_millis_date(millis: int | float, field: str) -> str:
    """A Date from epoch milliseconds (a ``long`` for Jackson)."""
    if isinstance(millis, float):
        if not math.isfinite(millis):
            raise BadRequest(f"Numeric value ({millis}) out of range of long ({LONG_MIN} - {LONG_MAX})")
        millis = int(millis)
    _long_range(millis)
    try:
        return format_date(datetime.fromtimestamp(millis / 1000.0, tz=timezone.utc))
    except (OverflowError, ValueError, OSError):
        # java.util.Date holds any long; Python's datetime only years 1-9999 (README, Known differences)
        raise BadRequest(
            f"Cannot deserialize value of type `java.util.Date` from {millis}: render-ws emulator: "
            f"{field} must lie between the years 1 and 9999"
        ) from None


def parse_date(value: Any, field: str = "date") -> str | None:
    """Parse a Jackson-accepted date (ISO-8601 string or epoch milliseconds); answer render-ws's format."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _epoch_millis_date(value, field)
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"-?\d+", text):
            return _epoch_millis_date(int(text), field)
        match = _DATE_RE.match(text)
        if match:
            year, month, day, hour, minute, second, fraction, zone = match.groups()
            millis = 0
            if fraction:
                millis = int((fraction + "00")[:3])
            try:
                moment = datetime(
                    int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0),
                    millis * 1000, tzinfo=timezone.utc,
                )
            except ValueError:
                match = None
            else:
                if zone and zone != "Z":
                    sign = 1 if zone[0] == "+" else -1
                    digits = zone[1:].replace(":", "")
                    offset_minutes = sign * (int(digits[:2]) * 60 + int(digits[2:]))
                    moment = moment - timedelta(minutes=offset_minutes)
                return format_date(moment)
    raise BadRequest(
        f"Cannot deserialize value of type `java.util.Date` from String \"{value}\": not a valid "
        "representation (error: Failed to parse Date value '" + str(value) + "': Cannot parse date \""
        + str(value) + "\": not compatible with any of standard forms (\"yyyy-MM-dd'T'HH:mm:ss.SSSX\", "
        "\"yyyy-MM-dd'T'HH:mm:ss.SSS\", \"EEE, dd MMM yyyy HH:mm:ss zzz\", \"yyyy-MM-dd\"))"
    )


def expect_object(value: Any, java_type: str) -> dict:
    """Raise the Jackson mismatch 400 unless ``value`` is a JSON object."""
    if not isinstance(value, dict):
        raise BadRequest(
            f"Cannot deserialize value of type `{java_type}` from {_json_kind(value)} value "
            "(token `JsonToken." + _json_token(value) + "`)"
        )
    return value


def expect_array(value: Any, java_type: str) -> list:
    if not isinstance(value, list):
        raise BadRequest(
            f"Cannot deserialize value of type `{java_type}` from {_json_kind(value)} value "
            "(token `JsonToken." + _json_token(value) + "`)"
        )
    return value


def _json_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "Object"
    if isinstance(value, list):
        return "Array"
    if isinstance(value, str):
        return "String"
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, (int, float)):
        return "Floating-point" if isinstance(value, float) else "Integer"
    return "Null"


def _json_token(value: Any) -> str:
    return {
        "Object": "START_OBJECT", "Array": "START_ARRAY", "String": "VALUE_STRING",
        "Boolean": "VALUE_TRUE" if value is True else "VALUE_FALSE",
        "Floating-point": "VALUE_NUMBER_FLOAT", "Integer": "VALUE_NUMBER_INT", "Null": "VALUE_NULL",
    }[_json_kind(value)]
