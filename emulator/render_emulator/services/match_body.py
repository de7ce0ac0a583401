"""The body of PUT ``…/matches``: a JSON list of CanvasMatches, converted as render-ws's Jackson
deserialisation converts it, normalised and checked as a whole before anything is stored.

Jackson's rules reproduced here: unknown properties are dropped; ids accept JSON strings and scalars
(numbers and booleans become their text); ``double`` values accept numbers and numeric strings,
``null`` becomes ``0.0``; anything else (objects, arrays or booleans where a number belongs, text that
is no number, NaN/Infinity) is a 400. render-ws does not check the shapes of ``p``/``q``/``w``; the
emulator refuses ragged ``p``/``q`` arrays and incomplete ``matches`` objects with a 400 (known difference).
"""

from __future__ import annotations

from typing import Any

from render_emulator import fast_json
from render_emulator.errors import BadRequest
from render_emulator.jsonio import expect_array, expect_object, java_int, java_string
from render_emulator.services.pair_order import normalized_ids
from render_emulator.store.match_pairs import KEY_FIELD, pair_key

CANVAS_MATCHES_TYPE = "org.janelia.alignment.match.CanvasMatches"
MISSING_IDS = "CanvasMatches are missing required pGroupId, qGroupId, pId, and/or qId values"
NO_MATCHES = "no matches provided"
_NUMBER_TYPES = {float, int}
_INFINITY = float("inf")
# orjson reads integers outside [-2**63, 2**64) as floats; json keeps them exact
_EXACT_INT_LIMIT = 2.0**63


def _where(index: int, field: str) -> str:
    return f" (through reference chain: java.util.ArrayList[{index}]->{CANVAS_MATCHES_TYPE}[\"{field}\"])"


def _double_row(values: Any, index: int, field: str) -> list[float]:
    """A ``double[]``: numbers kept (ints as floats), numeric strings parsed, null as 0.0."""
    if not isinstance(values, list):
        raise BadRequest(
            f"Cannot deserialize value of type `double[]` from {_kind(values)} value{_where(index, field)}"
        )
    kinds = set(map(type, values))
    if kinds <= _NUMBER_TYPES:
        row = [_finite(v, index, field) for v in values] if int in kinds else values
    else:
        row = [_double(v, index, field) for v in values]
    if row and not (-_INFINITY < min(row) and max(row) < _INFINITY):
        # Python reads 1e400 as infinity (Java too, but MongoDB's JSON is then no longer JSON)
        raise BadRequest(f"Numeric value out of range of double{_where(index, field)}")
    return row


def _finite(value: int | float, index: int, field: str) -> float:
    try:
        return float(value)
    except OverflowError:
        raise BadRequest(f"Numeric value ({value}) out of range of double{_where(index, field)}") from None


def _double(value: Any, index: int, field: str) -> float:
    if value is None:
        return 0.0
    if type(value) in _NUMBER_TYPES:
        return _finite(value, index, field)
    if isinstance(value, str):
        text = value.strip()
        try:
            number = float(text)
        except ValueError:
            number = None
        if number is not None and number == number and abs(number) != float("inf"):
            return number
        raise BadRequest(
            f"Cannot deserialize value of type `double` from String \"{value}\": not a valid `double` value"
            + _where(index, field)
        )
    raise BadRequest(
        f"Cannot deserialize value of type `double` from {_kind(value)} value{_where(index, field)}"
    )


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "Object"
    if isinstance(value, list):
        return "Array"
    if isinstance(value, str):
        return "String"
    if isinstance(value, bool):
        return "Boolean"
    return "Number" if value is not None else "Null"


def _points(value: Any, index: int, field: str) -> list[list[float]]:
    """A ``double[][]`` (dimension-major point coordinates)."""
    if not isinstance(value, list):
        raise BadRequest(
            f"Cannot deserialize value of type `double[][]` from {_kind(value)} value{_where(index, field)}"
        )
    return [_double_row(row, index, field) for row in value]


def _well_formed_doubles(p: Any, q: Any, w: Any) -> dict | None:
    """``{p, q, w}`` as given when it needs no conversion (the common case, checked in bulk); else None."""
    if type(p) is not list or type(q) is not list or type(w) is not list or len(p) != len(q):
        return None
    rows = p + q
    if not all(type(row) is list for row in rows) or len({len(row) for row in rows}) > 1:
        return None
    if set(map(type, w)).union(*(map(type, row) for row in rows)) != {float}:
        return None
    if w and not all(-_INFINITY < min(row) and max(row) < _INFINITY for row in (w, *rows)):
        return None
    return {"p": p, "q": q, "w": w}


def _matches(value: Any, index: int, label: str) -> dict | None:
    """A Matches object ``{p, q, w}``; p and q must be rectangular and of one shape (stricter than
    render-ws, which stores ragged arrays unchecked)."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise BadRequest(
            "Cannot deserialize value of type `org.janelia.alignment.match.Matches` from "
            f"{_kind(value)} value{_where(index, 'matches')}"
        )
    fast = _well_formed_doubles(value.get("p"), value.get("q"), value.get("w"))
    if fast is not None:
        return fast
    missing = [name for name in ("p", "q", "w") if value.get(name) is None]
    if missing:
        raise BadRequest(f"matches of {label} must have p, q and w arrays, but {', '.join(missing)} missing")
    p = _points(value["p"], index, "matches")
    q = _points(value["q"], index, "matches")
    w = _double_row(value["w"], index, "matches")
    # p and q may be dimension-major (render's 2 x N) or point-major (N x 2, as render-python's own tests
    # send them), and w is not compared with either; only ragged or mismatched point arrays are refused
    if len(p) != len(q):
        raise BadRequest(f"matches of {label} have {len(p)} rows in p but {len(q)} rows in q")
    for name, rows in (("p", p), ("q", q)):
        for row_index, row in enumerate(rows):
            if len(row) != len(p[0]):
                raise BadRequest(
                    f"matches of {label} have ragged {name} arrays: {name}[{row_index}] has {len(row)} "
                    f"values, {name}[0] has {len(p[0])}"
                )
    return {"p": p, "q": q, "w": w}


def _consensus_set_data(value: Any) -> dict | None:
    if value is None:
        return None
    expect_object(value, "org.janelia.alignment.match.ConsensusSetData")
    fields = (("index", java_int), ("originalPId", java_string), ("originalQId", java_string))
    converted = {name: convert(value.get(name)) for name, convert in fields}
    return {name: v for name, v in converted.items() if v is not None}


def _label(p_group_id: Any, p_id: Any, q_group_id: Any, q_id: Any) -> str:
    # CanvasMatches.toString
    return f"{{pGroupId: {p_group_id}, pId: '{p_id}', qGroupId: {q_group_id}, qId: '{q_id}'}}"


def _convert(value: Any, index: int) -> tuple[list[str | None], dict | None, dict | None]:
    """Jackson's conversion of one element: (ids, consensusSetData, matches)."""
    if not isinstance(value, dict):
        if value is None:
            raise BadRequest(f"CanvasMatches element {index} is null")
        raise BadRequest(
            f"Cannot deserialize value of type `{CANVAS_MATCHES_TYPE}` from {_kind(value)} value "
            f"(through reference chain: java.util.ArrayList[{index}])"
        )
    ids = [java_string(value.get(name)) for name in ("pGroupId", "pId", "qGroupId", "qId")]
    java_int(value.get("matchCount"))  # type-checked by Jackson, then overwritten by the server
    consensus = _consensus_set_data(value.get("consensusSetData"))
    matches = _matches(value.get("matches"), index, _label(*ids))
    return ids, consensus, matches


def _pair_document(ids: list[str | None], consensus: dict | None, matches: dict | None) -> dict:
    """A converted element as render-ws stores it: normalised, ``matchCount`` set; plus ``_key``."""
    if any(i is None for i in ids):
        raise BadRequest(MISSING_IDS)
    p_group_id, p_id, q_group_id, q_id, flipped = normalized_ids(*ids)
    if flipped and matches is not None:
        matches = {"p": matches["q"], "q": matches["p"], "w": matches["w"]}
    doc: dict[str, Any] = {"pGroupId": p_group_id, "pId": p_id, "qGroupId": q_group_id, "qId": q_id}
    if consensus is not None:
        doc["consensusSetData"] = consensus
    if matches is not None:
        doc["matches"] = matches
    doc["matchCount"] = 0 if matches is None else len(matches["w"])
    doc[KEY_FIELD] = pair_key(p_group_id, p_id, q_group_id, q_id)
    return doc


def _may_be_wide_integer(value: Any) -> bool:
    """True if ``value`` holds a float that orjson may have read from a wide integer literal."""
    if type(value) is float:
        return not -_EXACT_INT_LIMIT < value < _EXACT_INT_LIMIT
    if type(value) is list:
        return any(map(_may_be_wide_integer, value))
    if type(value) is dict:
        return any(map(_may_be_wide_integer, value.values()))
    return False


def decode_matches_body(raw: bytes) -> Any:
    """The PUT body read with orjson, or ``fast_json.NOT_DECODED`` where json's reading could differ
    (the caller then reads it with json). Inside ``matches`` every number becomes a double, so a wide
    integer read as a float changes nothing there; elsewhere (ids, ``matchCount``, consensus data) its
    text or type would matter, and such bodies, like bodies that are no list, are left to json."""
    body = fast_json.loads(raw)
    if type(body) is not list:
        return fast_json.NOT_DECODED
    for element in body:
        if type(element) is dict and any(
            name != "matches" and _may_be_wide_integer(value) for name, value in element.items()
        ):
            return fast_json.NOT_DECODED
    return body


Converted = tuple[list[str | None], dict | None, dict | None]


def convert_matches_body(body: Any) -> list[Converted] | None:
    """Jackson's conversion of the PUT body (400 for wrong types); ``None`` for an absent body."""
    if body is None:
        return None
    expect_array(body, f"java.util.List<{CANVAS_MATCHES_TYPE}>")
    return [_convert(element, index) for index, element in enumerate(body)]


def pair_documents(converted: list[Converted]) -> list[dict]:
    """Converted elements normalised as MatchDao.saveMatches does (400 for missing ids)."""
    return [_pair_document(*element) for element in converted]


def parse_matches_body(body: Any) -> list[dict] | None:
    """The PUT body as a list of normalised pair documents; ``None`` for an absent body.

    The whole list is converted first (Jackson), then every pair is normalised (saveMatches), so
    a refused body stores nothing.
    """
    converted = convert_matches_body(body)
    return None if converted is None else pair_documents(converted)
