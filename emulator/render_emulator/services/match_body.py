"""The body of PUT ``…/matches``: a JSON list of CanvasMatches, read by the model
(:data:`render_emulator.model.matches.CANVAS_MATCHES_LIST`, Jackson's conversion), then normalised and
checked as a whole (MatchDao.saveMatches) before anything is stored.
"""

from __future__ import annotations

from typing import Any

from render_emulator import fast_json
from render_emulator.errors import BadRequest
from render_emulator.model import read
from render_emulator.model.matches import CANVAS_MATCHES_LIST, Converted
from render_emulator.services.pair_order import normalized_ids
from render_emulator.store.match_pairs import KEY_FIELD, pair_key

MISSING_IDS = "CanvasMatches are missing required pGroupId, qGroupId, pId, and/or qId values"
NO_MATCHES = "no matches provided"
# orjson reads integers outside [-2**63, 2**64) as floats; json keeps them exact
_EXACT_INT_LIMIT = 2.0**63




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


def pair_documents(converted: list[Converted]) -> list[dict]:
    """Converted elements normalised as MatchDao.saveMatches does (400 for missing ids)."""
    return [_pair_document(*element) for element in converted]


def parse_matches_body(body: Any) -> list[dict] | None:
    """The PUT body as a list of normalised pair documents; ``None`` for an absent body.

    The whole list is converted first (Jackson), then every pair is normalised (saveMatches), so
    a refused body stores nothing.
    """
    converted = read(CANVAS_MATCHES_LIST, body)
    return None if converted is None else pair_documents(converted)
