"""Point-match collections through renderapi.pointmatch (backend-agnostic; plain HTTP only for the
MatchService endpoints render-python has no function for).

render-ws rules checked (render-ws-api.md §1.2, §1.4, §2.13, §5): pairs normalised on save (ids and
p/q arrays swapped into Java string order), ``matchCount`` written, a saved pair replaces the stored
one, results sorted by (pGroupId, qGroupId, pId, qId), 404 for unknown collections, 400 for invalid
names and bodies, ``mergeCollection`` and ``excludeMatchDetails``.
"""

from __future__ import annotations

import pytest
import requests

import renderapi
from renderapi.errors import RenderError
from renderapi.pointmatch import (
    delete_collection,
    delete_point_matches_between_groups,
    get_match_groupIds,
    get_match_groupIds_from_only,
    get_match_groupIds_to_only,
    get_matchcollection_owners,
    get_matchcollections,
    get_matches_from_group_to_group,
    get_matches_from_tile_to_tile,
    get_matches_involving_tile,
    get_matches_outside_group,
    get_matches_with_group,
    get_matches_within_group,
    import_matches,
)

COLLECTION = "matches"


def pair(pGroupId, pId, qGroupId, qId, n=2, base=0.0):
    """A match dict with ``n`` points (p at base + i, q at base + 100 + i, weights 1.0)."""
    return {
        "pGroupId": pGroupId, "pId": pId, "qGroupId": qGroupId, "qId": qId,
        "matches": {
            "p": [[base + i for i in range(n)], [base + 10.0 + i for i in range(n)]],
            "q": [[base + 100.0 + i for i in range(n)], [base + 110.0 + i for i in range(n)]],
            "w": [1.0] * n,
        },
    }


def stored(match):
    """A pair as render-ws answers it after a save (already normalised input): plus matchCount."""
    return dict(match, matchCount=len(match["matches"]["w"]))


def ids(matches):
    return [(m["pGroupId"], m["pId"], m["qGroupId"], m["qId"]) for m in matches]


def collection_url(render_server, render, name=COLLECTION):
    return f"{render_server.base_url}/owner/{render.DEFAULT_OWNER}/matchCollection/{name}"


def put_raw(render_server, render, body, name=COLLECTION):
    return requests.put(f"{collection_url(render_server, render, name)}/matches", data=body,
                        headers={"Content-Type": "application/json"}, timeout=30)


@pytest.fixture
def section_pairs(render):
    """Sections 0..2: two montage pairs in 0, one in 1, cross pairs 0-1 and 1-2."""
    pairs = [
        pair("0", "0_0_0", "0", "0_0_1"),
        pair("0", "0_0_1", "0", "0_0_2", base=1.0),
        pair("1", "1_0_0", "1", "1_0_1", base=2.0),
        pair("0", "0_0_0", "1", "1_0_0", base=3.0),
        pair("0", "0_0_1", "1", "1_0_1", base=4.0),
        pair("1", "1_0_0", "2", "2_0_0", base=5.0),
    ]
    import_matches(COLLECTION, pairs, render=render)
    return pairs


# ------------------------------------------------------------------------------- guide example
def test_guide_example_import_then_tile_to_tile(render):
    """render-python's point-match guide: tile 0_0_0 of section 0 matched to tile 1_0_0 of section 1."""
    match = {
        "pGroupId": "0", "pId": "0_0_0", "qGroupId": "1", "qId": "1_0_0",
        "matches": {"p": [[10.5, 20.0, 30.0], [5.0, 6.0, 7.0]], "q": [[12.0, 22.0, 31.5], [4.0, 5.0, 8.0]],
                    "w": [1.0, 1.0, 0.5]},
    }
    response = import_matches(COLLECTION, [match], render=render)
    assert response.status_code == 201

    found = get_matches_from_tile_to_tile(COLLECTION, "0", "0_0_0", "1", "1_0_0", render=render)
    assert found == [dict(match, matchCount=3)]
    assert list(found[0]) == ["pGroupId", "pId", "qGroupId", "qId", "matches", "matchCount"]
    # the tile pair is found whichever way round it is asked for
    assert get_matches_from_tile_to_tile(COLLECTION, "1", "1_0_0", "0", "0_0_0", render=render) == found


# ------------------------------------------------------------------------------- saving
def test_save_normalises_pair_order_and_swaps_point_arrays(render):
    given = pair("1", "1_0_0", "0", "0_0_0", n=3)
    import_matches(COLLECTION, [given], render=render)

    [found] = get_matches_from_tile_to_tile(COLLECTION, "0", "0_0_0", "1", "1_0_0", render=render)
    assert ids([found]) == [("0", "0_0_0", "1", "1_0_0")]
    assert found["matches"] == {"p": given["matches"]["q"], "q": given["matches"]["p"],
                                "w": given["matches"]["w"]}
    assert found == renderapi.pointmatch.swap_matchpair(dict(given, matchCount=3))


def test_within_a_group_the_tile_ids_decide_the_order(render):
    import_matches(COLLECTION, [pair("5", "b", "5", "a")], render=render)
    assert ids(get_matches_within_group(COLLECTION, "5", render=render)) == [("5", "a", "5", "b")]


def test_saving_a_stored_pair_again_replaces_it(render):
    import_matches(COLLECTION, [pair("0", "a", "1", "b", n=4)], render=render)
    replacement = pair("1", "b", "0", "a", n=2, base=50.0)
    import_matches(COLLECTION, [replacement], render=render)

    found = get_matches_with_group(COLLECTION, "0", render=render)
    assert found == [renderapi.pointmatch.swap_matchpair(dict(replacement, matchCount=2))]
    assert get_matchcollections(render=render)[0]["pairCount"] == 1


def test_integral_coordinates_come_back_as_doubles_and_unknown_fields_are_dropped(render):
    given = {"pGroupId": "0", "pId": "a", "qGroupId": "0", "qId": "b", "color": "red", "matchCount": 99,
             "matches": {"p": [[1, 2], [3, 4]], "q": [[5, 6], [7, 8]], "w": [1, 2], "extra": True}}
    import_matches(COLLECTION, [given], render=render)

    [found] = get_matches_within_group(COLLECTION, "0", render=render)
    assert found == {
        "pGroupId": "0", "pId": "a", "qGroupId": "0", "qId": "b",
        "matches": {"p": [[1.0, 2.0], [3.0, 4.0]], "q": [[5.0, 6.0], [7.0, 8.0]], "w": [1.0, 2.0]},
        "matchCount": 2,
    }
    assert all(isinstance(v, float) for row in found["matches"]["p"] for v in row)


def test_pair_without_matches_is_stored_with_match_count_zero(render):
    import_matches(COLLECTION, [{"pGroupId": "0", "pId": "a", "qGroupId": "1", "qId": "b"}], render=render)
    assert get_matches_with_group(COLLECTION, "0", render=render) == [
        {"pGroupId": "0", "pId": "a", "qGroupId": "1", "qId": "b", "matchCount": 0}
    ]


def test_empty_import_creates_no_collection(render):
    assert import_matches(COLLECTION, [], render=render).status_code == 201
    assert get_matchcollections(render=render) == []


# ------------------------------------------------------------------------------- listings
def test_collections_and_owners_are_listed_with_pair_counts(render, section_pairs):
    import_matches("other", [pair("0", "a", "0", "b")], render=render)

    collections = sorted(get_matchcollections(render=render), key=lambda c: c["collectionId"]["name"])
    owner = render.DEFAULT_OWNER
    assert collections == [
        {"collectionId": {"owner": owner, "name": COLLECTION}, "pairCount": len(section_pairs)},
        {"collectionId": {"owner": owner, "name": "other"}, "pairCount": 1},
    ]
    assert owner in get_matchcollection_owners(render=render)
    assert get_matchcollections(owner="nobody_owns_this", render=render) == []


def test_group_id_listings(render, section_pairs):
    assert get_match_groupIds(COLLECTION, render=render) == ["0", "1", "2"]
    assert get_match_groupIds_from_only(COLLECTION, render=render) == ["0", "1"]
    assert get_match_groupIds_to_only(COLLECTION, render=render) == ["0", "1", "2"]


def test_multi_consensus_group_ids(render_server, render):
    consensus = dict(pair("3", "t_set_3_4_0", "4", "u_set_3_4_0"),
                     consensusSetData={"index": 0, "originalPId": "t", "originalQId": "u"})
    import_matches(COLLECTION, [consensus, pair("1", "a", "2", "b")], render=render)
    url = collection_url(render_server, render)

    assert requests.get(f"{url}/multiConsensusPGroupIds", timeout=30).json() == ["3"]
    assert requests.get(f"{url}/multiConsensusGroupIds", timeout=30).json() == ["3", "4"]
    [found] = get_matches_with_group(COLLECTION, "3", render=render)
    assert found["consensusSetData"] == {"index": 0, "originalPId": "t", "originalQId": "u"}
    assert list(found)[4:] == ["consensusSetData", "matches", "matchCount"]


# ------------------------------------------------------------------------------- queries
def test_matches_with_p_group_searches_only_the_p_side_and_is_sorted(render, section_pairs):
    assert ids(get_matches_with_group(COLLECTION, "0", render=render)) == [
        ("0", "0_0_0", "0", "0_0_1"), ("0", "0_0_1", "0", "0_0_2"),
        ("0", "0_0_0", "1", "1_0_0"), ("0", "0_0_1", "1", "1_0_1"),
    ]
    assert ids(get_matches_with_group(COLLECTION, "2", render=render)) == []


def test_matches_within_and_outside_a_group(render, section_pairs):
    assert ids(get_matches_within_group(COLLECTION, "1", render=render)) == [("1", "1_0_0", "1", "1_0_1")]
    # outside: either side in the group, the other side elsewhere
    assert ids(get_matches_outside_group(COLLECTION, "1", render=render)) == [
        ("0", "0_0_0", "1", "1_0_0"), ("0", "0_0_1", "1", "1_0_1"), ("1", "1_0_0", "2", "2_0_0"),
    ]


def test_matches_between_groups_in_either_order(render, section_pairs):
    expected = [("0", "0_0_0", "1", "1_0_0"), ("0", "0_0_1", "1", "1_0_1")]
    assert ids(get_matches_from_group_to_group(COLLECTION, "0", "1", render=render)) == expected
    assert ids(get_matches_from_group_to_group(COLLECTION, "1", "0", render=render)) == expected


def test_matches_involving_a_tile_on_either_side(render, section_pairs):
    assert ids(get_matches_involving_tile(COLLECTION, "1", "1_0_0", render=render)) == [
        ("0", "0_0_0", "1", "1_0_0"), ("1", "1_0_0", "1", "1_0_1"), ("1", "1_0_0", "2", "2_0_0"),
    ]


def test_tile_to_tile_without_a_stored_pair_is_an_empty_list(render, section_pairs):
    assert get_matches_from_tile_to_tile(COLLECTION, "0", "0_0_0", "2", "2_0_0", render=render) == []


def test_matches_of_a_tile_with_a_group(render_server, render, section_pairs):
    url = collection_url(render_server, render)
    found = requests.get(f"{url}/group/1/id/1_0_0/matchesWith/0", timeout=30)
    assert found.status_code == 200
    assert ids(found.json()) == [("0", "0_0_0", "1", "1_0_0")]
    found = requests.get(f"{url}/group/1/id/1_0_0/matchesWith/2", timeout=30).json()
    assert ids(found) == [("1", "1_0_0", "2", "2_0_0")]


def test_exclude_match_details_and_match_counts(render_server, render, section_pairs):
    url = collection_url(render_server, render)
    brief = requests.get(f"{url}/pGroup/1/matches", params={"excludeMatchDetails": "true"}, timeout=30).json()
    assert brief == [
        {"pGroupId": "1", "pId": "1_0_0", "qGroupId": "1", "qId": "1_0_1", "matchCount": 2},
        {"pGroupId": "1", "pId": "1_0_0", "qGroupId": "2", "qId": "2_0_0", "matchCount": 2},
    ]
    assert requests.get(f"{url}/pGroup/1/matchCounts", timeout=30).json() == brief
    for path in ("group/1/matchesWithinGroup", "group/1/matchesOutsideGroup", "group/0/matchesWith/1",
                 "group/1/id/1_0_0/matchesWith/2"):
        answer = requests.get(f"{url}/{path}", params={"excludeMatchDetails": "true"}, timeout=30).json()
        assert answer and all("matches" not in m and m["matchCount"] == 2 for m in answer), path


def test_put_match_counts_answers_201(render_server, render, section_pairs):
    response = requests.put(f"{collection_url(render_server, render)}/pGroup/0/matchCounts", timeout=30)
    assert response.status_code == 201
    assert [m["matchCount"] for m in get_matches_with_group(COLLECTION, "0", render=render)] == [2, 2, 2, 2]


def test_merge_collections_concatenate_pairs_with_the_same_ids(render):
    first, second = pair("0", "a", "1", "b", n=2), pair("0", "a", "1", "b", n=1, base=9.0)
    import_matches(COLLECTION, [first, pair("0", "c", "1", "d")], render=render)
    import_matches("extra", [second, pair("0", "e", "1", "f")], render=render)

    merged = get_matches_from_group_to_group(COLLECTION, "0", "1", mergeCollections=["extra", "extra"],
                                             render=render)
    assert ids(merged) == [("0", "a", "1", "b"), ("0", "c", "1", "d"), ("0", "e", "1", "f")]
    assert merged[0]["matches"] == {
        "p": [r1 + r2 for r1, r2 in zip(first["matches"]["p"], second["matches"]["p"], strict=True)],
        "q": [r1 + r2 for r1, r2 in zip(first["matches"]["q"], second["matches"]["q"], strict=True)],
        "w": [1.0, 1.0, 1.0],
    }
    assert merged[0]["matchCount"] == 3
    # merging a collection with itself changes nothing
    assert get_matches_with_group(COLLECTION, "0", mergeCollections=[COLLECTION], render=render) == \
        get_matches_with_group(COLLECTION, "0", render=render)
    with pytest.raises(RenderError, match="404"):
        get_matches_with_group(COLLECTION, "0", mergeCollections=["missing"], render=render)


# ------------------------------------------------------------------------------- deletes
def test_delete_point_matches_between_groups(render, section_pairs):
    delete_point_matches_between_groups(COLLECTION, "1", "0", render=render)
    assert get_matches_from_group_to_group(COLLECTION, "0", "1", render=render) == []
    assert len(get_matches_with_group(COLLECTION, "0", render=render)) == 2


@pytest.mark.parametrize("path, remaining", [
    ("pGroup/0/matches", 2),
    ("group/0/id/0_0_0/matchesWith/0/id/0_0_1", 5),
    ("group/0/id/0_0_1/matchesWith/0/id/0_0_0", 5),
    ("group/1/id/1_0_0", 3),
    ("group/1/matchesOutsideGroup", 3),
])
def test_selective_deletes(render_server, render, section_pairs, path, remaining):
    response = requests.delete(f"{collection_url(render_server, render)}/{path}", timeout=30)
    assert response.status_code == 200
    [meta] = get_matchcollections(render=render)
    assert meta["pairCount"] == remaining


def test_a_collection_emptied_by_deletes_is_still_listed(render_server, render):
    import_matches(COLLECTION, [pair("0", "a", "1", "b")], render=render)
    url = collection_url(render_server, render)
    requests.delete(f"{url}/pGroup/0/matches", timeout=30).raise_for_status()
    assert get_matchcollections(render=render) == [
        {"collectionId": {"owner": render.DEFAULT_OWNER, "name": COLLECTION}, "pairCount": 0}
    ]
    assert get_match_groupIds(COLLECTION, render=render) == []


def test_delete_collection(render, section_pairs):
    delete_collection(COLLECTION, render=render)
    assert get_matchcollections(render=render) == []
    with pytest.raises(RenderError, match="404"):
        delete_collection(COLLECTION, render=render)


# ------------------------------------------------------------------------------- rename
def test_rename_collection(render_server, render, section_pairs):
    url = collection_url(render_server, render)
    response = requests.put(f"{url}/collectionId", json={"owner": render.DEFAULT_OWNER, "name": "renamed"},
                            timeout=30)
    assert response.status_code == 200
    assert [c["collectionId"]["name"] for c in get_matchcollections(render=render)] == ["renamed"]
    assert len(get_matches_with_group("renamed", "0", render=render)) == 4

    missing = requests.put(f"{url}/collectionId", json={"owner": render.DEFAULT_OWNER, "name": "x"},
                           timeout=30)
    assert missing.status_code == 404
    import_matches(COLLECTION, [pair("0", "a", "0", "b")], render=render)
    taken = requests.put(f"{url}/collectionId", json={"owner": render.DEFAULT_OWNER, "name": "renamed"},
                         timeout=30)
    assert taken.status_code == 400
    assert "already exists" in taken.text


# ------------------------------------------------------------------------------- errors
GET_PATHS = [
    "groupIds", "pGroupIds", "qGroupIds", "multiConsensusPGroupIds", "multiConsensusGroupIds",
    "pGroup/0/matches", "pGroup/0/matchCounts", "group/0/matchesWithinGroup", "group/0/matchesOutsideGroup",
    "group/0/matchesWith/1", "group/0/id/a/matchesWith/1", "group/0/id/a/matchesWith/1/id/b", "group/0/id/a",
]
DELETE_PATHS = [
    "", "pGroup/0/matches", "group/0/matchesOutsideGroup", "group/0/matchesWith/1",
    "group/0/id/a/matchesWith/1/id/b", "group/0/id/a",
]


@pytest.mark.parametrize("path", GET_PATHS)
def test_unknown_collection_is_404_for_reads(render_server, render, path):
    response = requests.get(f"{collection_url(render_server, render, 'missing')}/{path}", timeout=30)
    assert response.status_code == 404
    assert response.text == f"match collection '{render.DEFAULT_OWNER}__missing' does not exist"


@pytest.mark.parametrize("path", DELETE_PATHS)
def test_unknown_collection_is_404_for_deletes(render_server, render, path):
    url = collection_url(render_server, render, "missing") + (f"/{path}" if path else "")
    assert requests.delete(url, timeout=30).status_code == 404


def test_unknown_collection_raises_render_error_in_renderapi(render):
    for call in (
        lambda: get_match_groupIds("missing", render=render),
        lambda: get_matches_within_group("missing", "0", render=render),
        lambda: get_matches_from_tile_to_tile("missing", "0", "a", "1", "b", render=render),
        lambda: delete_point_matches_between_groups("missing", "0", "1", render=render),
    ):
        with pytest.raises(RenderError):
            call()


@pytest.mark.parametrize("path", GET_PATHS)
def test_invalid_collection_name_is_400(render_server, render, path):
    response = requests.get(f"{collection_url(render_server, render, 'bad-name')}/{path}", timeout=30)
    assert response.status_code == 400
    assert response.text.startswith("invalid name 'bad-name' specified")


def test_invalid_merge_collection_name_is_400(render, section_pairs):
    with pytest.raises(RenderError, match="400"):
        get_matches_with_group(COLLECTION, "0", mergeCollections=["bad__name"], render=render)


def test_invalid_name_on_save_is_400(render):
    with pytest.raises(RenderError, match="400"):
        import_matches("bad-name", [pair("0", "a", "1", "b")], render=render)


@pytest.mark.parametrize("body", [
    pytest.param('[{"pGroupId": "0", "pId": "a", "qGroupId": "1"}]', id="missing qId"),
    pytest.param('[{"pGroupId": "0", "pId": "a", "qGroupId": "1", "qId": "b",'
                 ' "matches": {"p": [["x"]], "q": [[1]], "w": [1]}}]', id="non-numeric point"),
    pytest.param('[{"pGroupId": "0", "pId": "a", "qGroupId": "1", "qId": "b",'
                 ' "matches": {"p": [[true]], "q": [[1]], "w": [1]}}]', id="boolean point"),
    pytest.param('[{"pGroupId": "0", "pId": "a", "qGroupId": "1", "qId": "b",'
                 ' "matches": {"p": 3, "q": [[1]], "w": [1]}}]', id="number for an array"),
    pytest.param('[{"pGroupId": {"x": 1}, "pId": "a", "qGroupId": "1", "qId": "b"}]', id="object for an id"),
    pytest.param('{"pGroupId": "0", "pId": "a", "qGroupId": "1", "qId": "b"}', id="object for the list"),
    pytest.param('[{"pGroupId": "0", "pId": "a", "qGroupId": "1", "qId": "b"}', id="unparsable"),
    pytest.param('["pair"]', id="string element"),
])
def test_malformed_bodies_are_400_and_store_nothing(render_server, render, body):
    good = '{"pGroupId": "0", "pId": "ok", "qGroupId": "0", "qId": "ok2"}'
    if body.startswith("["):
        body = "[" + good + ", " + body[1:]
    response = put_raw(render_server, render, body)
    assert response.status_code == 400, response.text
    assert get_matchcollections(render=render) == []


def test_no_body_is_400(render_server, render):
    response = put_raw(render_server, render, b"")
    assert response.status_code == 400
    assert response.text == "no matches provided"


@pytest.mark.emulator_only
@pytest.mark.parametrize("matches", [
    pytest.param({"p": [[1.0, 2.0], [3.0]], "q": [[1.0, 2.0], [3.0, 4.0]], "w": [1.0, 1.0]}, id="ragged p"),
    pytest.param({"p": [[1.0], [2.0]], "q": [[1.0]], "w": [1.0]}, id="p and q dimensions differ"),
    pytest.param({"p": [[1.0], [2.0]], "q": [[1.0], [2.0]]}, id="no w"),
])
def test_inconsistent_point_arrays_are_refused_by_the_emulator(render, matches):
    """render-ws stores these unchecked (or fails with 500 without w); the emulator answers 400."""
    bad = {"pGroupId": "0", "pId": "a", "qGroupId": "1", "qId": "b", "matches": matches}
    with pytest.raises(RenderError, match="400"):
        import_matches(COLLECTION, [pair("0", "x", "0", "y"), bad], render=render)
    assert get_matchcollections(render=render) == []


def test_point_major_arrays_as_render_python_sends_them_are_stored_unchanged(render):
    """render-python's own tests use N x 2 point lists; render-ws stores p/q/w without checking shapes."""
    match = {"pGroupId": "0", "pId": "0-1", "qGroupId": "1", "qId": "1-1",
             "matches": {"p": [[0.0, 0.0], [100.0, 100.0], [0.0, 100.0], [100.0, 0.0]],
                         "q": [[1.0, 1.0], [101.0, 101.0], [1.0, 101.0], [101.0, 1.0]],
                         "w": [1.0, 1.0, 1.0, 1.0]}}
    import_matches(COLLECTION, [match], render=render)
    assert get_matches_from_tile_to_tile(COLLECTION, "0", "0-1", "1", "1-1", render=render) == [stored(match)]
