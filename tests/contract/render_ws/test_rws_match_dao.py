"""Port of render-ws's MatchDaoTest (render-ws/src/test/java/org/janelia/render/service/dao/MatchDaoTest.java,
render 916ed10) to HTTP, on the testOwner match collections its setUp loads before every test
(MatchDaoTest.java:33-41 reuses MatchDaoReadOnlyTest's setUp).

Each MatchDao call is made through the MatchService endpoint that calls it.

Java assertions that cannot be shown through HTTP:
- testMatchTrial's insert and read-back (MatchDaoTest.java:306-320): MatchDao.insertMatchTrial is only reached
  through POST owner/{owner}/matchTrial, which first derives the trial's matches from rendered images
  (MatchService.java:704-731, ``matchTrial.deriveResults``) at the test's renderer-dev URLs; a stored trial
  cannot be created otherwise. Its removal checks (:322-332) are ported on an id that does not exist.
- testUpdateMatchCountsForPGroup reads the pairs with MatchDao.getMatches and a {pGroupId} query (:342-344);
  GET pGroup/{pGroupId}/matches answers the same documents (MatchDao.writeMatchesWithPGroup) and is used.
- testRenameMatchCollection's loop (:257-262) reassigns its flags on every collection, so in Java it only
  checks the last ones listed; the port checks what the messages say: the new name is listed, the old one not.
"""

from __future__ import annotations

import pytest
import requests

import renderapi

COLLECTION = "testCollection"  # MatchDaoReadOnlyTest.java:30
GROUP_ID = "section1"  # MatchDaoReadOnlyTest.java:31


def pair(p_group: str, p_id: str, q_group: str, q_id: str, p: list, q: list, w: list) -> dict:
    return {
        "pGroupId": p_group,
        "pId": p_id,
        "qGroupId": q_group,
        "qId": q_id,
        "matches": {"p": p, "q": q, "w": w},
    }


def save_matches(test_collections, collection: str, pairs: list[dict]) -> None:
    """PUT matchCollection/{collection}/matches (MatchDao.saveMatches); render-ws answers 201."""
    response = requests.put(f"{test_collections.collection_url(collection)}/matches", json=pairs, timeout=60)
    assert response.status_code == 201, response.text


def delete(test_collections, collection: str, path: str = "") -> None:
    response = requests.delete(f"{test_collections.collection_url(collection)}{path}", timeout=60)
    assert response.status_code == 200, response.text


def pair_count(test_collections, collection: str) -> int | None:
    """pairCount of a collection in GET owner/{owner}/matchCollections, None when it is not listed."""
    for meta in renderapi.pointmatch.get_matchcollections(render=test_collections.render):
        if meta["collectionId"]["name"] == collection:
            return meta["pairCount"]
    return None


def test_remove_matches_involving_object(test_collections):
    """MatchDaoTest.java:49-64: after DELETE group/section1/id/tile1.1 no pair involves tile1.1."""
    delete(test_collections, COLLECTION, f"/group/{GROUP_ID}/id/tile1.1")
    pairs = renderapi.pointmatch.get_matches_involving_tile(
        COLLECTION, GROUP_ID, "tile1.1", render=test_collections.render
    )
    assert pairs == []


def test_remove_matches_outside_group(test_collections):
    """MatchDaoTest.java:67-88: after DELETE group/section1/matchesOutsideGroup no pair leaves section1 and
    the two pairs within it remain (read with excludeMatchDetails=true, as the test does)."""
    delete(test_collections, COLLECTION, f"/group/{GROUP_ID}/matchesOutsideGroup")
    url = test_collections.collection_url(COLLECTION)
    outside = requests.get(
        f"{url}/group/{GROUP_ID}/matchesOutsideGroup", params={"excludeMatchDetails": "true"}, timeout=30
    )
    assert outside.status_code == 200 and outside.json() == []
    within = requests.get(
        f"{url}/group/{GROUP_ID}/matchesWithinGroup", params={"excludeMatchDetails": "true"}, timeout=30
    )
    assert within.status_code == 200 and len(within.json()) == 2


def test_remove_matches_with_p_group(test_collections):
    """MatchDaoTest.java:91-105: after DELETE pGroup/section1/matches no pair has p group section1."""
    delete(test_collections, COLLECTION, f"/pGroup/{GROUP_ID}/matches")
    response = requests.get(
        f"{test_collections.collection_url(COLLECTION)}/pGroup/{GROUP_ID}/matches",
        params={"excludeMatchDetails": "true"},
        timeout=30,
    )
    assert response.status_code == 200 and response.json() == []


def test_save_matches(test_collections):
    """MatchDaoTest.java:108-150: three saved pairs from section1/save.p join the two pairs leaving section1
    (5 in all), and a saved pair's matchCount is its number of weights."""
    p, q, w = [[1, 2, 3], [4, 5, 6]], [[11, 12, 13], [14, 15, 16]], [7, 8, 9]
    save_matches(
        test_collections,
        COLLECTION,
        [pair(GROUP_ID, "save.p", f"{GROUP_ID}{i}", "save.q", p, q, w) for i in range(1, 4)],
    )
    pairs = renderapi.pointmatch.get_matches_outside_group(
        COLLECTION, GROUP_ID, render=test_collections.render
    )
    assert len(pairs) == 5
    saved = [each for each in pairs if each["pId"] == "save.p"]
    assert len(saved) == 3
    assert saved[-1]["matchCount"] == len(saved[-1]["matches"]["w"])


def test_update_matches(test_collections):
    """MatchDaoTest.java:153-195: saving a pair again replaces it: one pair leaves updateGroupA, weight 8."""
    first = pair("updateGroupA", "tile.p", "section.b", "tile.q", [[1], [4]], [[11], [14]], [7])
    save_matches(test_collections, COLLECTION, [first])
    second = pair("updateGroupA", "tile.p", "section.b", "tile.q", [[2], [5]], [[12], [15]], [8])
    save_matches(test_collections, COLLECTION, [second])
    pairs = renderapi.pointmatch.get_matches_outside_group(
        COLLECTION, "updateGroupA", render=test_collections.render
    )
    assert len(pairs) == 1
    assert pairs[0]["matches"]["w"][0] == pytest.approx(8.0, abs=0.01)


def test_remove_matches(test_collections):
    """MatchDaoTest.java:198-248: 12 saved pairs; deleting one tile pair leaves 11, the pairs between groups 0
    and 7 10, the pairs leaving group 0 8; deleting the collection removes it from the list."""
    one = [[1], [4]], [[11], [14]], [7]
    pairs = []
    for p_group in range(3):
        pairs.append(pair(str(p_group), "tileA", str(p_group), "tileB", *one))
        pairs.extend(pair(str(p_group), "tileA", str(q_group), "tileB", *one) for q_group in range(7, 10))
    save_matches(test_collections, "deletionCollection", pairs)
    assert pair_count(test_collections, "deletionCollection") == 12

    delete(test_collections, "deletionCollection", "/group/0/id/tileA/matchesWith/0/id/tileB")
    assert pair_count(test_collections, "deletionCollection") == 11
    delete(test_collections, "deletionCollection", "/group/0/matchesWith/7")
    assert pair_count(test_collections, "deletionCollection") == 10
    delete(test_collections, "deletionCollection", "/group/0/matchesOutsideGroup")
    assert pair_count(test_collections, "deletionCollection") == 8
    delete(test_collections, "deletionCollection")
    assert pair_count(test_collections, "deletionCollection") is None


def test_rename_match_collection(test_collections):
    """MatchDaoTest.java:251-266: after PUT matchCollection/testCollection/collectionId the new name is listed
    and the old one is not."""
    body = {"owner": "testOwner", "name": "new_and_improved"}
    response = requests.put(
        f"{test_collections.collection_url(COLLECTION)}/collectionId", json=body, timeout=60
    )
    assert response.status_code == 200, response.text
    names = {
        meta["collectionId"]["name"]
        for meta in renderapi.pointmatch.get_matchcollections(render=test_collections.render)
    }
    assert "new_and_improved" in names
    assert COLLECTION not in names


def test_match_trial_removal(test_collections):
    """MatchDaoTest.java:322-332: a removed (here: never stored) trial is not found, and the 404's message
    names the trial id (MatchDao.java:538-540); removing it (again) is fine (200)."""
    trial_id = "5a0b3c4d5e6f708192a3b4c5"
    trial_url = f"{test_collections.base_url}/owner/testOwner/matchTrial/{trial_id}"
    assert requests.delete(trial_url, timeout=30).status_code == 200
    response = requests.get(trial_url, timeout=30)
    assert response.status_code == 404
    assert trial_id in response.text
    assert requests.delete(trial_url, timeout=30).status_code == 200


def test_update_match_counts_for_p_group(test_collections):
    """MatchDaoTest.java:336-356: after PUT pGroup/section1/matchCounts the three section1 pairs carry
    matchCount = number of weights."""
    url = f"{test_collections.collection_url(COLLECTION)}/pGroup/{GROUP_ID}/matchCounts"
    response = requests.put(url, timeout=60)
    assert response.status_code == 201, response.text  # Response.created, MatchService.java:615-620
    pairs = renderapi.pointmatch.get_matches_with_group(COLLECTION, GROUP_ID, render=test_collections.render)
    assert len(pairs) == 3
    for each in pairs:
        assert each["matchCount"] == len(each["matches"]["w"])
