"""render-ws's point-match beans (render-app org/janelia/alignment/match/CanvasMatches.java, Matches.java,
ConsensusSetData.java) and Jackson's reading of a ``List<CanvasMatches>`` body.

Jackson's rules reproduced here: unknown properties are dropped; ids accept JSON strings and scalars
(numbers and booleans become their text); ``double`` values accept numbers and numeric strings,
``null`` becomes ``0.0``; anything else (objects, arrays or booleans where a number belongs, text that
is no number, NaN/Infinity) is a 400. render-ws does not check the shapes of ``p``/``q``/``w``; the
emulator refuses ragged ``p``/``q`` arrays and incomplete ``matches`` objects with a 400 (known difference).
Well-formed ``matches`` (lists of floats, the common case) are checked in bulk and kept as given.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from render_emulator.errors import BadRequest
from render_emulator.model import messages
from render_emulator.model.reader import expect_array
from render_emulator.model.scalars import java_int32, java_string
from render_emulator.model.types import INTEGER, STRING, Bean

CANVAS_MATCHES_TYPE = "org.janelia.alignment.match.CanvasMatches"
MATCHES_TYPE = "org.janelia.alignment.match.Matches"
CANVAS_MATCHES_LIST_TYPE = f"java.util.List<{CANVAS_MATCHES_TYPE}>"
ID_FIELDS = ("pGroupId", "pId", "qGroupId", "qId")   # CanvasMatches.java:30-42
_NUMBER_TYPES = {float, int}
_INFINITY = float("inf")

# MatchCollectionId.java (owner, name)
MATCH_COLLECTION_ID = Bean(
    "org.janelia.alignment.match.MatchCollectionId", (("owner", STRING), ("name", STRING))
)

# ConsensusSetData.java:21-27
CONSENSUS_SET_DATA = Bean("org.janelia.alignment.match.ConsensusSetData", (
    ("index", INTEGER),
    ("originalPId", STRING),
    ("originalQId", STRING),
))

Converted = tuple[list[str | None], dict | None, dict | None]


def _where(index: int, field: str) -> str:
    return messages.list_element_chain(index, CANVAS_MATCHES_TYPE, field)


def _chained(read_field: Callable[[Any], Any], value: Any, index: int, field: str, *inner: str) -> Any:
    """``read_field(value)`` with Jackson's reference chain (element, field, ``inner`` steps) appended to
    a refusal: the Bean- and CollectionDeserializer wrap a field's failure with its path (WRAP_EXCEPTIONS)."""
    try:
        return read_field(value)
    except BadRequest as exc:
        steps = (f"java.util.ArrayList[{index}]", f'{CANVAS_MATCHES_TYPE}["{field}"]', *inner)
        raise BadRequest(exc.message + messages.reference_chain(*steps)) from None


def _consensus_set_data(value: Any, index: int) -> dict | None:
    """ConsensusSetData; a refused field is named down to the field (``…["consensusSetData"]->
    ConsensusSetData["index"]``), as Jackson's path names it."""
    if isinstance(value, dict):
        for name, field in CONSENSUS_SET_DATA.fields:
            _chained(field.read, value.get(name), index, "consensusSetData",
                     f'{CONSENSUS_SET_DATA.java_type}["{name}"]')
    return _chained(CONSENSUS_SET_DATA.read, value, index, "consensusSetData")


def _double_row(values: Any, index: int, field: str) -> list[float]:
    """A ``double[]``: numbers kept (ints as floats), numeric strings parsed, null as 0.0."""
    if not isinstance(values, list):
        raise BadRequest(messages.kind_mismatch("double[]", values, _where(index, field)))
    kinds = set(map(type, values))
    if kinds <= _NUMBER_TYPES:
        row = [_finite(v, index, field) for v in values] if int in kinds else values
    else:
        row = [_double(v, index, field) for v in values]
    if row and not (-_INFINITY < min(row) and max(row) < _INFINITY):
        # Python reads 1e400 as infinity (Java too, but MongoDB's JSON is then no longer JSON)
        raise BadRequest(messages.double_out_of_range(chain=_where(index, field)))
    return row


def _finite(value: int | float, index: int, field: str) -> float:
    try:
        return float(value)
    except OverflowError:
        raise BadRequest(messages.double_out_of_range(value, _where(index, field))) from None


def _double(value: Any, index: int, field: str) -> float:
    """A primitive ``double`` element (Jackson reads null as 0.0)."""
    if value is None:
        return 0.0
    if type(value) in _NUMBER_TYPES:
        return _finite(value, index, field)
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            number = None
        if number is not None and number == number and abs(number) != _INFINITY:
            return number
        raise BadRequest(messages.not_valid_string("double", value, "`double`", _where(index, field)))
    raise BadRequest(messages.kind_mismatch("double", value, _where(index, field)))


def _points(value: Any, index: int, field: str) -> list[list[float]]:
    """A ``double[][]`` (dimension-major point coordinates)."""
    if not isinstance(value, list):
        raise BadRequest(messages.kind_mismatch("double[][]", value, _where(index, field)))
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
    """A Matches object ``{p, q, w}`` (Matches.java: ``double[][] p, q``, ``double[] w``); p and q must be
    rectangular and of one shape (stricter than render-ws, which stores ragged arrays unchecked)."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise BadRequest(messages.kind_mismatch(MATCHES_TYPE, value, _where(index, "matches")))
    fast = _well_formed_doubles(value.get("p"), value.get("q"), value.get("w"))
    if fast is not None:
        return fast
    missing = [name for name in ("p", "q", "w") if value.get(name) is None]
    if missing:
        raise BadRequest(messages.matches_missing_arrays(label, missing))
    p = _points(value["p"], index, "matches")
    q = _points(value["q"], index, "matches")
    w = _double_row(value["w"], index, "matches")
    # p and q may be dimension-major (render's 2 x N) or point-major (N x 2, as render-python's own tests
    # send them), and w is not compared with either; only ragged or mismatched point arrays are refused
    if len(p) != len(q):
        raise BadRequest(messages.matches_row_counts(label, len(p), len(q)))
    for name, rows in (("p", p), ("q", q)):
        for row_index, row in enumerate(rows):
            if len(row) != len(p[0]):
                raise BadRequest(messages.matches_ragged(label, name, row_index, len(row), len(p[0])))
    return {"p": p, "q": q, "w": w}


def canvas_matches_label(p_group_id: Any, p_id: Any, q_group_id: Any, q_id: Any) -> str:
    """CanvasMatches.toString."""
    return f"{{pGroupId: {p_group_id}, pId: '{p_id}', qGroupId: {q_group_id}, qId: '{q_id}'}}"


def _canvas_matches(value: Any, index: int) -> Converted:
    """Jackson's conversion of one element: (ids, consensusSetData, matches)."""
    if not isinstance(value, dict):
        if value is None:
            raise BadRequest(messages.null_list_element("CanvasMatches", index))
        raise BadRequest(
            messages.kind_mismatch(CANVAS_MATCHES_TYPE, value, messages.list_element_chain(index))
        )
    ids = [java_string(value.get(name)) for name in ID_FIELDS]
    # matchCount: read as an Integer by Jackson (CanvasMatches.java:54), then overwritten by the server
    _chained(java_int32, value.get("matchCount"), index, "matchCount")
    consensus = _consensus_set_data(value.get("consensusSetData"), index)
    matches = _matches(value.get("matches"), index, canvas_matches_label(*ids))
    return ids, consensus, matches


class CanvasMatchesList:
    """``List<CanvasMatches>`` (the PUT …/matches body): read into ``(ids, consensusSetData, matches)``
    per element, so the service can normalise pairs without re-reading JSON."""

    java_type = CANVAS_MATCHES_LIST_TYPE

    def read(self, value: Any) -> list[Converted] | None:
        if value is None:
            return None
        expect_array(value, self.java_type)
        return [_canvas_matches(element, index) for index, element in enumerate(value)]


CANVAS_MATCHES_LIST = CanvasMatchesList()
