"""MatchDao's pair queries (render-ws MatchDao.java) answer the same on both store backends."""

import pytest

from render_emulator.store import RenderStore, match_queries
from render_emulator.store.match_pairs import KEY_FIELD, pair_key


def _pair(pg, p, qg, q):
    return {KEY_FIELD: pair_key(pg, p, qg, q), "pGroupId": pg, "pId": p, "qGroupId": qg, "qId": q}


@pytest.fixture(params=[None, False], ids=["memory", "queries"])
def pairs(request):
    coll = RenderStore(cached=request.param).match_collection("o", "m")
    coll.upsert([_pair("1", "a", "1", "b"), _pair("1", "a", "2", "a"), _pair("1", "b", "2", "b"),
                 _pair("0", "z", "1", "a"), _pair("2", "a", "2", "b")])
    return coll


def _ids(docs):
    return sorted((d["pGroupId"], d["pId"], d["qGroupId"], d["qId"]) for d in docs)


def test_group_queries(pairs):
    assert _ids(match_queries.get_matches_with_p_group(pairs, "1")) == [
        ("1", "a", "1", "b"), ("1", "a", "2", "a"), ("1", "b", "2", "b")]
    assert _ids(match_queries.get_matches_within_group(pairs, "2")) == [("2", "a", "2", "b")]
    # getOutsideGroupQuery (MatchDao.java:975): exactly one side in the group
    assert _ids(match_queries.get_matches_outside_group(pairs, "1")) == [
        ("0", "z", "1", "a"), ("1", "a", "2", "a"), ("1", "b", "2", "b")]
    assert _ids(match_queries.get_matches_between_groups(pairs, "1", "2")) == [
        ("1", "a", "2", "a"), ("1", "b", "2", "b")]


def test_object_queries(pairs):
    # getInvolvingObjectQuery (MatchDao.java:984): the tile on either side
    assert _ids(match_queries.get_matches_involving_object(pairs, "1", "a")) == [
        ("0", "z", "1", "a"), ("1", "a", "1", "b"), ("1", "a", "2", "a")]
    # getInvolvingObjectAndGroupQuery (MatchDao.java:993): the tile with the other group, either side
    assert _ids(match_queries.get_matches_between_object_and_group(pairs, "1", "a", "0")) == [
        ("0", "z", "1", "a")]
    assert _ids(match_queries.get_matches_between_objects(pairs, "1", "b", "2", "b")) == [
        ("1", "b", "2", "b")]
    assert match_queries.get_matches_between_objects(pairs, "2", "b", "1", "b") == []   # not normalised
