"""MongoDB Extended JSON v2 (relaxed and canonical) as mongoexport writes and mongoimport reads it.

Hand-written rather than ``bson.json_util``: pymongo is optional here, and its hook turns every value
into a bson type; this one only unwraps the few type wrappers render-ws's collections can hold and
leaves plain JSON untouched (a 100k-tile file decodes at the speed of ``json.loads``).

Decoded values: ``$oid`` -> ``ObjectId``; ``$numberInt``/``$numberLong`` -> int; ``$numberDouble`` ->
float (also ``NaN``/``Infinity``); ``$date`` -> the date text render-ws writes for a ``java.util.Date``
(``yyyy-MM-dd'T'HH:mm:ss.SSS'Z'``, JsonUtils.java:27). Any other wrapper is refused.
"""

from __future__ import annotations

import json
import math
from datetime import datetime, timedelta, timezone
from typing import Any

from mongomock import ObjectId

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


class ExtendedJsonError(ValueError):
    """A value render-ws's collections cannot hold, or a malformed type wrapper."""


def _millis_text(millis: int) -> str:
    moment = _EPOCH + timedelta(milliseconds=millis)
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + f".{moment.microsecond // 1000:03d}Z"


def _date(value: Any) -> str:
    if isinstance(value, dict) and set(value) == {"$numberLong"}:
        return _millis_text(int(value["$numberLong"]))
    if isinstance(value, int) and not isinstance(value, bool):
        return _millis_text(value)
    if isinstance(value, str):
        text = value.replace("Z", "+00:00")
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise ExtendedJsonError(f"invalid $date value {value!r}") from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        millis = (moment - _EPOCH) // timedelta(milliseconds=1)
        return _millis_text(millis)
    raise ExtendedJsonError(f"invalid $date value {value!r}")


def _double(text: Any) -> float:
    if not isinstance(text, str):
        raise ExtendedJsonError(f"invalid $numberDouble value {text!r} (must be a string)")
    try:
        return float(text)
    except ValueError:
        raise ExtendedJsonError(f"invalid $numberDouble value {text!r}") from None


def _integer(kind: str, text: Any) -> int:
    if not isinstance(text, str):
        raise ExtendedJsonError(f"invalid {kind} value {text!r} (must be a string)")
    try:
        return int(text)
    except ValueError:
        raise ExtendedJsonError(f"invalid {kind} value {text!r}") from None


def _oid(text: Any) -> ObjectId:
    try:
        return ObjectId(text)
    except Exception:  # bson raises InvalidId or TypeError
        raise ExtendedJsonError(f"invalid $oid value {text!r}") from None


_WRAPPERS = {
    "$oid": _oid,
    "$numberInt": lambda v: _integer("$numberInt", v),
    "$numberLong": lambda v: _integer("$numberLong", v),
    "$numberDouble": _double,
    "$date": _date,
}


def _object_hook(obj: dict) -> Any:
    # a type wrapper is an object with exactly one key that starts with '$'
    if len(obj) != 1:
        return obj
    for key, value in obj.items():
        if key[:1] != "$":
            return obj
        convert = _WRAPPERS.get(key)
        if convert is None:
            raise ExtendedJsonError(f"Extended JSON type {key} is not supported (render-ws never stores it)")
        return convert(value)
    return obj


DECODER = json.JSONDecoder(object_hook=_object_hook)


def _encode_value(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return {"$numberDouble": "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")}
    if isinstance(value, ObjectId):
        return {"$oid": str(value)}
    if isinstance(value, dict):
        return {k: _encode_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_encode_value(v) for v in value]
    return value


def encode_relaxed(document: dict, object_id: Any = None) -> str:
    """One document as relaxed Extended JSON v2, compact, ``_id`` first (as mongoexport writes it)."""
    head = {} if object_id is None else {"_id": _encode_value(object_id)}
    try:
        return json.dumps({**head, **document}, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    except (
        ValueError,
        TypeError,
    ):  # non-finite doubles or ObjectIds: wrap them (rare, plain path stays fast)
        body = {**head, **_encode_value(document)}
        return json.dumps(body, separators=(",", ":"), ensure_ascii=False)
