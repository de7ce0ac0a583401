"""renderapi.pointmatch without a server: match dict helpers, signatures as in render-python 2.4.2,
the URLs and HTTP methods each function uses, and RenderError on failures (recorded by a fake session)."""

from __future__ import annotations

import inspect
import json

import pytest

import renderapi
from renderapi import pointmatch
from renderapi.errors import RenderError

BASE = "http://h:8080/render-ws/v1"
MC = f"{BASE}/owner/mo/matchCollection/mc"


def sample_match():
    return {"pGroupId": "1", "pId": "b", "qGroupId": "0", "qId": "a", "matchCount": 2,
            "matches": {"p": [[1.0, 2.0], [3.0, 4.0]], "q": [[5.0, 6.0], [7.0, 8.0]], "w": [1.0, 0.5]}}


# ------------------------------------------------------------------------------- helpers
def test_copy_match_explicit_copies_point_lists():
    match = sample_match()
    copied = pointmatch.copy_match_explicit(match)
    assert copied == match and list(copied) == list(match)
    assert copied["matches"]["p"] is not match["matches"]["p"]
    assert copied["matches"]["p"][0] is not match["matches"]["p"][0]
    assert copied["matches"]["w"] is not match["matches"]["w"]
    copied["matches"]["p"][0][0] = 99.0
    assert match["matches"]["p"][0][0] == 1.0
    assert pointmatch.copy_matches_explicit([match, match]) == [match, match]


def test_swap_matchpair_swaps_ids_groups_and_points_but_not_weights():
    match = sample_match()
    swapped = pointmatch.swap_matchpair(match)
    assert swapped == {"pGroupId": "0", "pId": "a", "qGroupId": "1", "qId": "b", "matchCount": 2,
                       "matches": {"p": [[5.0, 6.0], [7.0, 8.0]], "q": [[1.0, 2.0], [3.0, 4.0]],
                                   "w": [1.0, 0.5]}}
    assert match == sample_match()   # copy=True leaves the input alone
    assert pointmatch.swap_matchpair(swapped) == match


def test_swap_matchpair_without_copy_is_a_new_dict_sharing_the_point_lists():
    match = sample_match()
    swapped = pointmatch.swap_matchpair(match, copy=False)
    assert swapped is not match and swapped != match
    assert match == sample_match()   # the input keeps its orientation
    assert (swapped["pGroupId"], swapped["pId"]) == ("0", "a")
    assert swapped["matches"]["p"] is match["matches"]["q"]
    assert swapped["matches"]["w"] is match["matches"]["w"]
    assert pointmatch.swap_matchpair(swapped, False) == match


@pytest.mark.parametrize("mcs, expected", [
    (["a", "b"], "u?mergeCollection=a&mergeCollection=b"),
    (["a"], "u?mergeCollection=a"),
    (None, "u"),
    (("a",), "u"),        # only a list is appended
    ("a", "u"),
])
def test_add_merge_collections(mcs, expected):
    assert pointmatch.add_merge_collections("u", mcs) == expected


# ------------------------------------------------------------------------------- signatures
SIGNATURES = {
    "get_matchcollection_owners": "host=None, port=None, session=None, render=None, **kwargs",
    "get_matchcollections": "owner=None, host=None, port=None, session=None, render=None, **kwargs",
    "get_match_groupIds": "matchCollection, owner=None, host=None, port=None, session=None, render=None, "
                          "**kwargs",
    "get_matches_outside_group": "matchCollection, groupId, mergeCollections=None, stream=True, owner=None, "
                                 "host=None, port=None, session=None, render=None, **kwargs",
    "get_matches_within_group": "matchCollection, groupId, mergeCollections=None, stream=True, owner=None, "
                                "host=None, port=None, session=None, render=None, **kwargs",
    "get_matches_from_group_to_group": "matchCollection, pgroup, qgroup, mergeCollections=None, "
                                       "stream=True, render=None, owner=None, host=None, port=None, "
                                       "session=None, **kwargs",
    "get_matches_from_tile_to_tile": "matchCollection, pgroup, pid, qgroup, qid, mergeCollections=None, "
                                     "render=None, owner=None, host=None, port=None, session=None, "
                                     "**kwargs",
    "get_matches_with_group": "matchCollection, pgroup, mergeCollections=None, stream=True, render=None, "
                              "owner=None, host=None, port=None, session=None, **kwargs",
    "get_match_groupIds_from_only": "matchCollection, mergeCollections=None, render=None, owner=None, "
                                    "host=None, port=None, session=None, **kwargs",
    "get_match_groupIds_to_only": "matchCollection, mergeCollections=None, render=None, owner=None, "
                                  "host=None, port=None, session=None, **kwargs",
    "get_matches_involving_tile": "matchCollection, groupId, id, mergeCollections=None, stream=True, "
                                  "owner=None, host=None, port=None, session=None, **kwargs",
    "delete_point_matches_between_groups": "matchCollection, pGroupId, qGroupId, render=None, owner=None, "
                                           "host=None, port=None, session=None, **kwargs",
    "import_matches": "matchCollection, data, owner=None, host=None, port=None, session=None, render=None, "
                      "**kwargs",
    "delete_collection": "matchCollection, owner=None, host=None, port=None, session=None, render=None, "
                         "**kwargs",
    "swap_matchpair": "match, copy=True",
    "copy_match_explicit": "match",
    "copy_matches_explicit": "matches",
    "add_merge_collections": "request_url, mcs",
}


@pytest.mark.parametrize("name", sorted(SIGNATURES))
def test_signatures_match_render_python(name):
    def described(p: inspect.Parameter) -> str:
        prefix = "**" if p.kind is inspect.Parameter.VAR_KEYWORD else ""
        default = "" if p.default is inspect.Parameter.empty else f"={p.default!r}"
        return f"{prefix}{p.name}{default}"

    parameters = inspect.signature(getattr(pointmatch, name)).parameters.values()
    assert ", ".join(described(p) for p in parameters) == SIGNATURES[name]


def test_pointmatch_is_exported():
    assert "pointmatch" in renderapi.__all__
    assert renderapi.pointmatch is pointmatch


# ------------------------------------------------------------------------------- requests made
@pytest.fixture
def match_render(render_with, fake_response):
    """Returns ``answering(response=None) -> (render, session)`` for owner ``mo``; by default every request is
    answered 200 with ``[]``."""
    return lambda response=None: render_with(response or fake_response(body=[]), owner="mo")


@pytest.mark.parametrize("call, method, url", [
    (lambda r: pointmatch.get_matchcollection_owners(render=r), "GET", f"{BASE}/matchCollectionOwners"),
    (lambda r: pointmatch.get_matchcollections(render=r), "GET", f"{BASE}/owner/mo/matchCollections"),
    (lambda r: pointmatch.get_matchcollections(owner="x", render=r), "GET",
     f"{BASE}/owner/x/matchCollections"),
    (lambda r: pointmatch.get_match_groupIds("mc", render=r), "GET", f"{MC}/groupIds"),
    (lambda r: pointmatch.get_match_groupIds_from_only("mc", ["m2"], render=r), "GET",
     f"{MC}/pGroupIds?mergeCollection=m2"),
    (lambda r: pointmatch.get_match_groupIds_to_only("mc", render=r), "GET", f"{MC}/qGroupIds"),
    (lambda r: pointmatch.get_matches_outside_group("mc", "3", render=r), "GET",
     f"{MC}/group/3/matchesOutsideGroup"),
    (lambda r: pointmatch.get_matches_within_group("mc", "3", ["a", "b"], render=r), "GET",
     f"{MC}/group/3/matchesWithinGroup?mergeCollection=a&mergeCollection=b"),
    (lambda r: pointmatch.get_matches_from_group_to_group("mc", "3", "4", render=r), "GET",
     f"{MC}/group/3/matchesWith/4"),
    (lambda r: pointmatch.get_matches_from_tile_to_tile("mc", "3", "t3", "4", "t4", render=r), "GET",
     f"{MC}/group/3/id/t3/matchesWith/4/id/t4"),
    (lambda r: pointmatch.get_matches_with_group("mc", "3", render=r), "GET", f"{MC}/pGroup/3/matches/"),
    (lambda r: pointmatch.get_matches_involving_tile("mc", "3", "t3", render=r), "GET",
     f"{MC}/group/3/id/t3/"),
    (lambda r: pointmatch.delete_point_matches_between_groups("mc", "3", "4", render=r), "DELETE",
     f"{MC}/group/3/matchesWith/4"),
    (lambda r: pointmatch.delete_collection("mc", owner="other", render=r), "DELETE",
     f"{BASE}/owner/other/matchCollection/mc"),
])
def test_requests(match_render, call, method, url):
    render, session = match_render()
    call(render)
    [(made_method, made_url, _)] = session.calls
    assert (made_method, made_url) == (method, url)


def test_stream_is_passed_to_requests(match_render):
    render, session = match_render()
    pointmatch.get_matches_with_group("mc", "3", render=render)
    pointmatch.get_matches_with_group("mc", "3", stream=False, render=render)
    pointmatch.get_matches_from_tile_to_tile("mc", "3", "a", "4", "b", render=render)
    assert [kwargs["stream"] for _, _, kwargs in session.calls] == [True, False, False]


def test_import_matches_puts_json_and_returns_the_response(match_render, fake_response):
    render, session = match_render(fake_response(201, text=""))
    response = pointmatch.import_matches("mc", [sample_match()], render=render)
    assert response is session.responses[0]
    [(method, url, kwargs)] = session.calls
    assert (method, url) == ("PUT", f"{MC}/matches")
    assert json.loads(kwargs["data"]) == [sample_match()]
    assert kwargs["headers"]["content-type"] == "application/json"


def test_returns_decoded_json(match_render, fake_response):
    render, _session = match_render(fake_response(200, text='["0","1"]'))
    assert pointmatch.get_match_groupIds("mc", render=render) == ["0", "1"]
    assert pointmatch.delete_collection("mc", render=render) is None


@pytest.mark.parametrize("call", [
    lambda r: pointmatch.get_matches_with_group("mc", "3", render=r),
    lambda r: pointmatch.get_matchcollections(render=r),
    lambda r: pointmatch.import_matches("mc", [], render=r),
    lambda r: pointmatch.delete_collection("mc", render=r),
    lambda r: pointmatch.delete_point_matches_between_groups("mc", "3", "4", render=r),
])
def test_server_errors_raise_render_error(match_render, fake_response, call):
    render, _session = match_render(fake_response(404, text="match collection 'mo__mc' does not exist"))
    with pytest.raises(RenderError, match="does not exist"):
        call(render)
