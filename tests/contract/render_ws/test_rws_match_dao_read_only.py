"""Port of render-ws's MatchDaoReadOnlyTest (render-ws/src/test/java/org/janelia/render/service/dao/
MatchDaoReadOnlyTest.java, render 916ed10) to HTTP, on the testOwner match collections its setUp loads.

Each MatchDao call is made through the MatchService endpoint that calls it; renderapi.pointmatch is used where
it has the function.

Java assertions that cannot be shown through HTTP:
- setUp also imports matchTrial.json into MatchDao's ``aaa_match_trial`` collection
  (MatchDaoReadOnlyTest.java: 67-71, MatchDao.java:44); no assertion of this class reads it, except that
  getMatchCollectionMetaData does not list it among the 3 collections. That document has no ``_id``, so no
  endpoint can address it, and the trial collection is not a ``{owner}__{collection}`` collection a dataset
  can load; it is not loaded here.
- testGetMatchCollectionMetaData lists every owner's collections (MatchDao.getMatchCollectionMetaData); the
  endpoints list one owner's (GET owner/{owner}/matchCollections, MatchService.java:81-93). The fixture has
  only testOwner, so the counts are the same.
"""

from __future__ import annotations

import requests

import renderapi

COLLECTION = "testCollection"  # MatchDaoReadOnlyTest.java:30
GROUP_ID = "section1"  # MatchDaoReadOnlyTest.java:31


def get_matches(matches, path: str, **params) -> list[dict]:
    response = requests.get(f"{matches.collection_url(COLLECTION)}/{path}", params=params, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def test_get_match_collection_meta_data(test_collections):
    """MatchDaoReadOnlyTest.java:93-111: three collections, all of testOwner; testCollection has 11 pairs."""
    collections = renderapi.pointmatch.get_matchcollections(render=test_collections.render)
    assert len(collections) == 3
    assert {collection["collectionId"]["owner"] for collection in collections} == {"testOwner"}
    (first,) = [c for c in collections if c["collectionId"]["name"] == COLLECTION]
    assert first["pairCount"] == 11


def test_get_multi_consensus_p_group_ids(test_collections):
    """MatchDaoReadOnlyTest.java:114-128: p groups with several consensus sets are section10 and section13."""
    assert sorted(get_matches(test_collections, "multiConsensusPGroupIds")) == ["section10", "section13"]


def test_get_multi_consensus_group_ids(test_collections):
    """MatchDaoReadOnlyTest.java:131-144: groups with several consensus sets are section10 … section14."""
    assert sorted(get_matches(test_collections, "multiConsensusGroupIds")) == [
        f"section1{i}" for i in range(5)
    ]


def test_write_matches_with_p_group(test_collections):
    """MatchDaoReadOnlyTest.java:147-162: three pairs with p group section1 (GET
    pGroup/{pGroupId}/matches)."""
    pairs = renderapi.pointmatch.get_matches_with_group(COLLECTION, GROUP_ID, render=test_collections.render)
    assert len(pairs) == 3
    assert {pair["pGroupId"] for pair in pairs} == {GROUP_ID}


def test_write_matches_within_group(test_collections):
    """MatchDaoReadOnlyTest.java:165-181: two pairs within section1 (GET
    group/{groupId}/matchesWithinGroup)."""
    pairs = renderapi.pointmatch.get_matches_within_group(
        COLLECTION, GROUP_ID, render=test_collections.render
    )
    assert len(pairs) == 2
    assert {(pair["pGroupId"], pair["qGroupId"]) for pair in pairs} == {(GROUP_ID, GROUP_ID)}


def assert_merged_within_group(
    test_collections, merge_collections: list[str], expected_pair_count: int, merged_counts: dict[str, int]
) -> None:
    """MatchDaoReadOnlyTest.validateWriteMergedMatchesWithinGroup (:336-372): pairs within section1 merged
    with ``mergeCollection`` collections; merged pairs (by pId) have the given correspondence counts, the
    others 3."""
    pairs = renderapi.pointmatch.get_matches_within_group(
        COLLECTION, GROUP_ID, mergeCollections=merge_collections, render=test_collections.render
    )
    assert len(pairs) == expected_pair_count
    merged = 0
    for pair in pairs:
        assert (pair["pGroupId"], pair["qGroupId"]) == (GROUP_ID, GROUP_ID)
        expected = merged_counts.get(pair["pId"], 3)
        merged += pair["pId"] in merged_counts
        assert len(pair["matches"]["w"]) == expected, pair["pId"]
    assert merged == len(merged_counts)


def test_write_merged_matches_within_group(test_collections):
    """MatchDaoReadOnlyTest.java:184-202: merged with testCollectionB, 4 pairs, tile1.3's with 6 matches;
    merged with B, C and B again, 5 pairs, tile1.3's with 9 and tile1.1b's with 6."""
    assert_merged_within_group(test_collections, ["testCollectionB"], 4, {"tile1.3": 6})
    assert_merged_within_group(
        test_collections,
        ["testCollectionB", "testCollectionC", "testCollectionB"],
        5,
        {"tile1.3": 9, "tile1.1b": 6},
    )


def test_write_matches_outside_group(test_collections):
    """MatchDaoReadOnlyTest.java:205-221: two pairs leave section1, each between different groups
    (GET group/{groupId}/matchesOutsideGroup)."""
    pairs = renderapi.pointmatch.get_matches_outside_group(
        COLLECTION, GROUP_ID, render=test_collections.render
    )
    assert len(pairs) == 2
    for pair in pairs:
        assert pair["pGroupId"] != pair["qGroupId"]


def test_write_matches_between_groups(test_collections):
    """MatchDaoReadOnlyTest.java:224-243: one pair from section1 to section2
    (GET group/{pGroupId}/matchesWith/{qGroupId})."""
    pairs = renderapi.pointmatch.get_matches_from_group_to_group(
        COLLECTION, GROUP_ID, "section2", render=test_collections.render
    )
    assert [(pair["pGroupId"], pair["qGroupId"]) for pair in pairs] == [(GROUP_ID, "section2")]


def test_write_matches_between_objects(test_collections):
    """MatchDaoReadOnlyTest.java:246-273: the one pair between section1/tile1.1 and section0/tile0.1, answered
    normalized: p is section0/tile0.1 (GET group/{pGroupId}/id/{pId}/matchesWith/{qGroupId}/id/{qId})."""
    pairs = renderapi.pointmatch.get_matches_from_tile_to_tile(
        COLLECTION, GROUP_ID, "tile1.1", "section0", "tile0.1", render=test_collections.render
    )
    assert [(pair["pGroupId"], pair["pId"], pair["qGroupId"], pair["qId"]) for pair in pairs] == [
        ("section0", "tile0.1", GROUP_ID, "tile1.1")
    ]


def test_write_matches_involving_object(test_collections):
    """MatchDaoReadOnlyTest.java:276-299: three pairs involve section1/tile1.1 (GET
    group/{groupId}/id/{id})."""
    pairs = renderapi.pointmatch.get_matches_involving_tile(
        COLLECTION, GROUP_ID, "tile1.1", render=test_collections.render
    )
    assert len(pairs) == 3
    for pair in pairs:
        assert GROUP_ID in (pair["pGroupId"], pair["qGroupId"])
        assert "tile1.1" in (pair["pId"], pair["qId"])


def test_write_matches_involving_object_and_group(test_collections):
    """MatchDaoReadOnlyTest.java:302-329: one pair between section1/tile1.1 and group section1
    (GET group/{pGroupId}/id/{pId}/matchesWith/{qGroupId})."""
    pairs = get_matches(test_collections, f"group/{GROUP_ID}/id/tile1.1/matchesWith/{GROUP_ID}")
    assert len(pairs) == 1
    for pair in pairs:
        assert GROUP_ID in (pair["pGroupId"], pair["qGroupId"])
        assert "tile1.1" in (pair["pId"], pair["qId"])
