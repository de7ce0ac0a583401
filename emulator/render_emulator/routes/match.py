"""MatchService endpoints: match collections, their pairs, pair queries and deletes.

Check order as in render-ws: the request body is deserialised first (400), then the collection name
and the ``mergeCollection`` names are validated (400), then pairs are normalised (PUT matches: missing
ids, 400) and the collections are looked up (404).
The matchTrial endpoints run, store, read and delete match trials (services/match_trial).
"""

from __future__ import annotations

from flask import Blueprint, Response, request

from render_emulator import fast_json
from render_emulator.gc_pause import collector_paused
from render_emulator.model import read
from render_emulator.model.matches import CANVAS_MATCHES_LIST
from render_emulator.routes._http import (
    JSON_MIMETYPE,
    created_response,
    current_data_roots,
    current_store,
    json_response,
    ok_empty,
    query_bool,
    query_list,
    read_json_body,
)
from render_emulator.services import match, match_trial
from render_emulator.services.match_body import decode_matches_body, pair_documents

blueprint = Blueprint("match", __name__)

COLLECTION = "/v1/owner/<owner>/matchCollection/<matchCollection>"
P_GROUP = COLLECTION + "/pGroup/<pGroupId>"
GROUP = COLLECTION + "/group/<groupId>"
GROUP_PAIR = COLLECTION + "/group/<pGroupId>/matchesWith/<qGroupId>"
TILE_WITH_GROUP = COLLECTION + "/group/<pGroupId>/id/<pId>/matchesWith/<qGroupId>"
TILE_PAIR = TILE_WITH_GROUP + "/id/<qId>"
TILE = COLLECTION + "/group/<groupId>/id/<id>"


def _read_json_body():
    """The body as JSON (None when empty); NaN/Infinity are refused as Jackson refuses them."""
    return read_json_body()


def _read_matches_body():
    """The PUT matches body: read with orjson where that equals json's reading, else as above."""
    body = decode_matches_body(request.get_data(cache=True))
    return _read_json_body() if body is fast_json.NOT_DECODED else body


def _collection_id(owner: str, name: str) -> match.MatchCollectionId:
    return match.make_collection_id(owner, name)


def _pairs(owner: str, collection: str, select: match.Selection, details_param: bool = True) -> Response:
    """A pair list GET: ``mergeCollection`` always, ``excludeMatchDetails`` where render-ws takes it."""
    collection_id = _collection_id(owner, collection)
    merge_ids = match.make_collection_ids(owner, query_list("mergeCollection"))
    exclude = bool(query_bool("excludeMatchDetails")) if details_param else False
    text = match.read_pairs(current_store(), collection_id, select, merge_ids, exclude)
    return Response(text, status=200, mimetype=JSON_MIMETYPE)


def _delete(owner: str, collection: str, select: match.Selection) -> Response:
    match.delete_pairs(current_store(), _collection_id(owner, collection), select)
    return ok_empty()


# ---------------------------------------------------------------------------- collections
@blueprint.get("/v1/matchCollectionOwners")
def match_collection_owners():
    return json_response(match.list_owners(current_store()))


@blueprint.get("/v1/owner/<owner>/matchCollections")
def match_collections(owner: str):
    return json_response(match.list_collections(current_store(), owner))


@blueprint.delete(COLLECTION)
def delete_collection(owner: str, matchCollection: str):  # noqa: N803 (render-ws names)
    match.delete_collection(current_store(), _collection_id(owner, matchCollection))
    return ok_empty()


@blueprint.put(COLLECTION + "/collectionId")
def rename_collection(owner: str, matchCollection: str):  # noqa: N803
    target = match.parse_collection_id(_read_json_body())
    match.rename_collection(current_store(), _collection_id(owner, matchCollection), target)
    return ok_empty()


@blueprint.put(COLLECTION + "/matches")
def save_matches(owner: str, matchCollection: str):  # noqa: N803
    with collector_paused():
        converted = read(CANVAS_MATCHES_LIST, _read_matches_body())   # Jackson (400)
        collection_id = _collection_id(owner, matchCollection)   # MatchService (400)
        pairs = None if converted is None else pair_documents(converted)   # saveMatches' normalize (400)
        match.save_matches(current_store(), collection_id, pairs)
    return created_response()


# ---------------------------------------------------------------------------- group ids
def _group_ids(owner: str, collection: str, fields: tuple[str, ...]) -> Response:
    ids = match.distinct_group_ids(current_store(), _collection_id(owner, collection), fields)
    return json_response(ids)


@blueprint.get(COLLECTION + "/groupIds")
def group_ids(owner: str, matchCollection: str):  # noqa: N803
    return _group_ids(owner, matchCollection, ("pGroupId", "qGroupId"))


@blueprint.get(COLLECTION + "/pGroupIds")
def p_group_ids(owner: str, matchCollection: str):  # noqa: N803
    return _group_ids(owner, matchCollection, ("pGroupId",))


@blueprint.get(COLLECTION + "/qGroupIds")
def q_group_ids(owner: str, matchCollection: str):  # noqa: N803
    return _group_ids(owner, matchCollection, ("qGroupId",))


@blueprint.get(COLLECTION + "/multiConsensusPGroupIds")
def multi_consensus_p_group_ids(owner: str, matchCollection: str):  # noqa: N803
    collection_id = _collection_id(owner, matchCollection)
    return json_response(match.multi_consensus_group_ids(current_store(), collection_id, include_q=False))


@blueprint.get(COLLECTION + "/multiConsensusGroupIds")
def multi_consensus_group_ids(owner: str, matchCollection: str):  # noqa: N803
    collection_id = _collection_id(owner, matchCollection)
    return json_response(match.multi_consensus_group_ids(current_store(), collection_id, include_q=True))


# ---------------------------------------------------------------------------- pair reads and deletes
@blueprint.get(P_GROUP + "/matches")
def matches_with_p_group(owner: str, matchCollection: str, pGroupId: str):  # noqa: N803
    return _pairs(owner, matchCollection, match.with_p_group(pGroupId))


@blueprint.delete(P_GROUP + "/matches")
def delete_matches_with_p_group(owner: str, matchCollection: str, pGroupId: str):  # noqa: N803
    return _delete(owner, matchCollection, match.with_p_group(pGroupId))


@blueprint.get(P_GROUP + "/matchCounts")
def match_counts_with_p_group(owner: str, matchCollection: str, pGroupId: str):  # noqa: N803
    collection_id = _collection_id(owner, matchCollection)
    merge_ids = match.make_collection_ids(owner, query_list("mergeCollection"))
    text = match.read_pairs(current_store(), collection_id, match.with_p_group(pGroupId), merge_ids, True)
    return Response(text, status=200, mimetype=JSON_MIMETYPE)


@blueprint.put(P_GROUP + "/matchCounts")
def update_match_counts(owner: str, matchCollection: str, pGroupId: str):  # noqa: N803
    match.update_match_counts(current_store(), _collection_id(owner, matchCollection), pGroupId)
    return created_response()


@blueprint.get(GROUP + "/matchesWithinGroup")
def matches_within_group(owner: str, matchCollection: str, groupId: str):  # noqa: N803
    return _pairs(owner, matchCollection, match.within_group(groupId))


@blueprint.get(GROUP + "/matchesOutsideGroup")
def matches_outside_group(owner: str, matchCollection: str, groupId: str):  # noqa: N803
    return _pairs(owner, matchCollection, match.outside_group(groupId))


@blueprint.delete(GROUP + "/matchesOutsideGroup")
def delete_matches_outside_group(owner: str, matchCollection: str, groupId: str):  # noqa: N803
    return _delete(owner, matchCollection, match.outside_group(groupId))


@blueprint.get(GROUP_PAIR)
def matches_between_groups(owner: str, matchCollection: str, pGroupId: str, qGroupId: str):  # noqa: N803
    return _pairs(owner, matchCollection, match.between_groups(pGroupId, qGroupId))


@blueprint.delete(GROUP_PAIR)
def delete_matches_between_groups(owner: str, matchCollection: str, pGroupId: str, qGroupId: str):  # noqa: N803
    return _delete(owner, matchCollection, match.between_groups(pGroupId, qGroupId))


@blueprint.get(TILE_WITH_GROUP)
def matches_between_tile_and_group(
    owner: str, matchCollection: str, pGroupId: str, pId: str, qGroupId: str  # noqa: N803
):
    return _pairs(owner, matchCollection, match.tile_with_group(pGroupId, pId, qGroupId))


@blueprint.get(TILE_PAIR)
def matches_between_tiles(
    owner: str, matchCollection: str, pGroupId: str, pId: str, qGroupId: str, qId: str  # noqa: N803
):
    select = match.tile_pair(pGroupId, pId, qGroupId, qId)
    return _pairs(owner, matchCollection, select, details_param=False)


@blueprint.delete(TILE_PAIR)
def delete_matches_between_tiles(
    owner: str, matchCollection: str, pGroupId: str, pId: str, qGroupId: str, qId: str  # noqa: N803
):
    return _delete(owner, matchCollection, match.tile_pair(pGroupId, pId, qGroupId, qId))


@blueprint.get(TILE)
def matches_involving_tile(owner: str, matchCollection: str, groupId: str, id: str):  # noqa: N803, A002
    return _pairs(owner, matchCollection, match.involving_tile(groupId, id), details_param=False)


@blueprint.delete(TILE)
def delete_matches_involving_tile(owner: str, matchCollection: str, groupId: str, id: str):  # noqa: N803, A002
    return _delete(owner, matchCollection, match.involving_tile(groupId, id))


# ---------------------------------------------------------------------------- match trials
TRIAL = "/v1/owner/<owner>/matchTrial"


@blueprint.post(TRIAL)
def run_match_trial(owner: str):
    return json_response(match_trial.run_trial(current_store(), read_json_body(), current_data_roots()))


@blueprint.get(TRIAL + "/<trialId>")
def get_match_trial(owner: str, trialId: str):  # noqa: N803
    return json_response(match_trial.get_trial(current_store(), trialId))


@blueprint.delete(TRIAL + "/<trialId>")
def delete_match_trial(owner: str, trialId: str):  # noqa: N803
    match_trial.delete_trial(current_store(), trialId)
    return ok_empty()
