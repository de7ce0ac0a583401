"""java.util.Date as render-ws's Jackson writes it (UTC ``yyyy-MM-dd'T'HH:mm:ss.SSS'Z'``) and reads it
(ISO-8601 text or epoch milliseconds, StdDateFormat)."""

from __future__ import annotations

import math
import re
from datetime import datetime, timedelta, timezone
from typing import Any

from render_emulator.errors import BadRequest
from render_emulator.model import messages
from render_emulator.model.scalars import long_range

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
            raise BadRequest(messages.long_out_of_range(millis))
        millis = int(millis)
    long_range(millis)
    try:
        return format_date(datetime.fromtimestamp(millis / 1000.0, tz=timezone.utc))
    except (OverflowError, ValueError, OSError):
        raise BadRequest(messages.date_out_of_range(millis, field)) from None


def _text_date(text: str) -> str | None:
    match = _DATE_RE.match(text)
    if not match:
        return None
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    millis = int((fraction + "00")[:3]) if fraction else 0
    try:
        moment = datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0),
            millis * 1000, tzinfo=timezone.utc,
        )
    except ValueError:
        return None
    if zone and zone != "Z":
        sign = 1 if zone[0] == "+" else -1
        digits = zone[1:].replace(":", "")
        moment = moment - timedelta(minutes=sign * (int(digits[:2]) * 60 + int(digits[2:])))
    return format_date(moment)


def parse_date(value: Any, field: str = "date") -> str | None:
    """A Jackson-accepted date (ISO-8601 string or epoch milliseconds) in render-ws's format."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _epoch_millis_date(value, field)
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"-?\d+", text):
            return _epoch_millis_date(int(text), field)
        formatted = _text_date(text)
        if formatted is not None:
            return formatted
    raise BadRequest(messages.not_a_date(value))
