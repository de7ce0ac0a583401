"""MatchService endpoints over HTTP (Flask test client): statuses, bodies, content types, query
parameters, check order and registry coverage."""

import json

import pytest
from response_checks import text

from render_emulator.routes import coverage

V1 = "/render-ws/v1"
MC = f"{V1}/owner/o/matchCollection/c"
INVALID_NAME = (
    "invalid name 'bad-name' specified, names may only contain alphanumeric or underscore '_' characters "
    "and may not contain consecutive underscores '_'"
)


def pair(pg, pid, qg, qid, n=2):
    return {"pGroupId": pg, "pId": pid, "qGroupId": qg, "qId": qid,
            "matches": {"p": [[1.0] * n, [2.0] * n], "q": [[3.0] * n, [4.0] * n], "w": [1.0] * n}}


def put_pairs(client, pairs, url=MC):
    response = client.put(f"{url}/matches", json=pairs)
    assert response.status_code == 201, text(response)
    return response


@pytest.fixture
def stored(client):
    put_pairs(client, [pair("0", "a", "0", "b"), pair("1", "c", "0", "a"), pair("1", "c", "2", "d")])
    return client


# ------------------------------------------------------------------------------- coverage
def test_every_match_service_path_is_served(app):
    match_paths = [(method, path, served) for method, path, served in coverage(app)
                   if path.startswith(("v1/matchCollectionOwners", "v1/owner/{owner}/matchCollection",
                                       "v1/owner/{owner}/matchTrial"))]
    assert len(match_paths) == 27
    assert [(m, p) for m, p, served in match_paths if not served] == []


def test_match_trial_without_parameters_is_a_400(client):
    """MatchService.runMatchTrial: a null body is an IllegalArgumentException (MatchService.java:723-724);
    running trials is tested in test_match_trial_routes.py."""
    response = client.post(f"{V1}/owner/o/matchTrial")
    assert response.status_code == 400
    assert text(response) == "no parameters provided"


# ------------------------------------------------------------------------------- save
def test_put_matches_answers_201_with_location_and_no_body(client):
    response = put_pairs(client, [pair("0", "a", "1", "b")])
    assert response.headers["Location"] == f"http://localhost{MC}/matches"
    assert response.data == b""


def test_body_less_put_is_400_no_matches_provided(client):
    response = client.put(f"{MC}/matches", headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.mimetype == "text/plain"
    assert text(response) == "no matches provided"


def test_body_is_read_before_the_name_is_checked(client):
    response = client.put(f"{V1}/owner/o/matchCollection/bad-name/matches", data="{oops",
                          content_type="application/json")
    assert response.status_code == 400
    assert text(response).startswith("Unexpected character")
    response = client.put(f"{V1}/owner/o/matchCollection/bad-name/matches", json=[pair("0", "a", "1", "b")])
    assert (response.status_code, text(response)) == (400, INVALID_NAME)


def test_name_is_checked_before_pairs_are_normalised(client):
    """Jackson only converts the body; the missing-ids check is CanvasMatches.normalize, run by
    MatchDao.saveMatches after MatchService validated the collection name."""
    response = client.put(f"{V1}/owner/o/matchCollection/bad-name/matches", json=[{"pGroupId": "0"}])
    assert (response.status_code, text(response)) == (400, INVALID_NAME)
    response = client.put(f"{MC}/matches", json=[pair("0", "a", "1", "b"), {"pGroupId": "0"}])
    assert (response.status_code, text(response)) == (
        400, "CanvasMatches are missing required pGroupId, qGroupId, pId, and/or qId values")
    assert client.get(f"{V1}/matchCollectionOwners").get_json() == []


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_non_numeric_number_tokens_are_400(client, token):
    body = ('[{"pGroupId": "0", "pId": "a", "qGroupId": "1", "qId": "b", '
            f'"matches": {{"p": [[{token}]], "q": [[1.0]], "w": [1.0]}}}}]')
    response = client.put(f"{MC}/matches", data=body, content_type="application/json")
    assert response.status_code == 400
    assert f"Non-standard token '{token}'" in text(response)
    assert json.loads(text(client.get(f"{V1}/owner/o/matchCollections"))) == []


# ------------------------------------------------------------------------------- reads
def test_list_answer_is_json_with_one_pair_per_line(stored):
    response = stored.get(f"{MC}/pGroup/0/matches")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    lines = text(response).split(",\n")
    assert len(lines) == 2 and lines[0].startswith('[{"pGroupId":"0","pId":"a"') and lines[1].endswith("}]")


def test_trailing_slash_and_url_encoded_ids(client):
    put_pairs(client, [pair("z 1", "t:1", "z 1", "t.2")])
    response = client.get(f"{MC}/group/z%201/id/t:1/")
    assert response.status_code == 200, text(response)
    assert [(m["pId"], m["qId"]) for m in response.json] == [("t.2", "t:1")]   # "t.2" < "t:1": normalised


@pytest.mark.parametrize("value, excluded", [
    ("true", True), ("TRUE", True), ("yes", False), ("false", False),
])
def test_exclude_match_details_is_a_jaxrs_boolean(stored, value, excluded):
    response = stored.get(f"{MC}/group/0/matchesWithinGroup?excludeMatchDetails={value}")
    assert ("matches" not in response.json[0]) is excluded


def test_tile_reads_ignore_exclude_match_details(stored):
    for path in ("group/0/id/a/matchesWith/0/id/b", "group/0/id/a"):
        response = stored.get(f"{MC}/{path}?excludeMatchDetails=true")
        assert all("matches" in m for m in response.json), path


def test_repeated_merge_collection_parameters(client):
    put_pairs(client, [pair("0", "a", "1", "b", n=1)])
    put_pairs(client, [pair("0", "a", "1", "b", n=2)], url=f"{V1}/owner/o/matchCollection/d")
    put_pairs(client, [pair("0", "a", "1", "b", n=3)], url=f"{V1}/owner/o/matchCollection/e")
    response = client.get(f"{MC}/pGroup/0/matches?mergeCollection=d&mergeCollection=e")
    assert response.json[0]["matchCount"] == 6
    response = client.get(f"{MC}/pGroup/0/matchCounts?mergeCollection=f")
    assert response.status_code == 404
    put_pairs(client, [pair("0", "x", "1", "y", n=4)], url=f"{V1}/owner/o/matchCollection/f")
    response = client.get(f"{MC}/pGroup/0/matchCounts?mergeCollection=f")
    assert [m["matchCount"] for m in response.json] == [1, 4]
    # a pair in several collections without details: render-ws's merge dereferences the missing matches
    response = client.get(f"{MC}/pGroup/0/matchCounts?mergeCollection=d")
    assert response.status_code == 500


def test_merge_collection_names_are_checked_before_collections_are_looked_up(client):
    response = client.get(f"{V1}/owner/o/matchCollection/missing/pGroup/0/matches?mergeCollection=bad-name")
    assert (response.status_code, text(response)) == (400, INVALID_NAME)
    response = client.get(f"{V1}/owner/o/matchCollection/missing/pGroup/0/matches?mergeCollection=other")
    assert (response.status_code, text(response)) == (404, "match collection 'o__missing' does not exist")


def test_group_id_listings(stored):
    assert stored.get(f"{MC}/groupIds").json == ["0", "1", "2"]
    assert stored.get(f"{MC}/pGroupIds").json == ["0", "1"]
    assert stored.get(f"{MC}/qGroupIds").json == ["0", "1", "2"]
    assert stored.get(f"{MC}/multiConsensusGroupIds").json == []


def test_owner_listings(stored):
    assert stored.get(f"{V1}/matchCollectionOwners").json == ["o"]
    assert stored.get(f"{V1}/owner/o/matchCollections").json == [
        {"collectionId": {"owner": "o", "name": "c"}, "pairCount": 3}
    ]
    # listings do not validate the owner
    assert stored.get(f"{V1}/owner/bad-name/matchCollections").json == []


# ------------------------------------------------------------------------------- writes and deletes
def test_put_match_counts_answers_201(stored):
    response = stored.put(f"{MC}/pGroup/1/matchCounts")
    assert response.status_code == 201
    assert response.headers["Location"].endswith(f"{MC}/pGroup/1/matchCounts")


@pytest.mark.parametrize("path, left", [
    ("", None),
    ("/pGroup/1/matches", ["0", "0"]),
    ("/group/0/matchesOutsideGroup", ["0", "1"]),
    ("/group/2/matchesWith/1", ["0", "0"]),
    ("/group/0/id/b/matchesWith/0/id/a", ["0", "1"]),
    ("/group/0/id/a", ["1"]),
])
def test_deletes_answer_200_with_an_empty_body(stored, path, left):
    response = stored.delete(f"{MC}{path}")
    assert (response.status_code, response.data) == (200, b"")
    if left is None:
        assert stored.get(f"{MC}/groupIds").status_code == 404
    else:
        pairs = stored.get(f"{MC}/pGroup/0/matches").json + stored.get(f"{MC}/pGroup/1/matches").json
        assert [m["pGroupId"] for m in pairs] == left


def test_rename_answers_200(stored):
    response = stored.put(f"{MC}/collectionId", json={"owner": "p", "name": "n"})
    assert (response.status_code, response.data) == (200, b"")
    assert stored.get(f"{V1}/matchCollectionOwners").json == ["p"]
    response = stored.put(f"{V1}/owner/p/matchCollection/n/collectionId", data="[1]",
                          content_type="application/json")
    assert response.status_code == 400
    assert "MatchCollectionId" in text(response)


def test_wrong_method_is_405(client):
    response = client.post(f"{MC}/matches", json=[])
    assert response.status_code == 405
    assert "PUT" in response.headers["Allow"]
