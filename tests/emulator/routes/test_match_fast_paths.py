"""PUT …/matches read with orjson and pair texts written with orjson: what is stored and answered is what
the json-only path stored and answered (ids, number text, refusals)."""

import json

from response_checks import text

MC = "/render-ws/v1/owner/o/matchCollection/c"


def put_raw(client, raw: bytes):
    return client.put(f"{MC}/matches", data=raw, content_type="application/json")


def test_wide_integer_id_is_stored_as_its_literal_text(client):
    # CanvasMatches.pId is a String
    # (render-app/src/main/java/org/janelia/alignment/match/CanvasMatches.java:34);
    # Jackson gives a String field the text of a number token, digits as sent
    raw = b'[{"pGroupId": "a", "pId": 18446744073709551616, "qGroupId": "b", "qId": "x",' \
          b' "matches": {"p": [[1.0], [2.0]], "q": [[3.0], [4.0]], "w": [1.0]}}]'
    assert put_raw(client, raw).status_code == 201, text(put_raw(client, raw))
    answer = client.get(f"{MC}/pGroup/a/matches")
    assert json.loads(answer.data)[0]["pId"] == "18446744073709551616"


def test_answer_text_is_json_compact_text_of_the_stored_values(client):
    values = [1e-05, 2.5e-05, 1e16, 0.0001, 1234.56, 7.0, -0.0, 1e15]
    pair = {"pGroupId": "a", "pId": "1", "qGroupId": "a", "qId": "2",
            "matches": {"p": [values, values], "q": [values, values], "w": values}}
    assert put_raw(client, json.dumps([pair]).encode()).status_code == 201
    expected = dict(pair, matchCount=len(values))
    answer = client.get(f"{MC}/pGroup/a/matches")
    assert answer.get_data(as_text=True) == "[" + json.dumps(expected, separators=(",", ":")) + "]"


def test_ints_in_point_arrays_are_stored_as_doubles(client):
    raw = b'[{"pGroupId": "a", "pId": "1", "qGroupId": "a", "qId": "2",' \
          b' "matches": {"p": [[1, 2]], "q": [[3, 4]], "w": [1, 1]}}]'
    assert put_raw(client, raw).status_code == 201
    answer = client.get(f"{MC}/pGroup/a/matches").get_data(as_text=True)
    assert '"matches":{"p":[[1.0,2.0]],"q":[[3.0,4.0]],"w":[1.0,1.0]}' in answer


def test_body_orjson_refuses_gets_json_reading_and_message(client):
    response = put_raw(client, b'[{"pGroupId": "a", "pId": "1", "qGroupId": "a", "qId": "2",'
                               b' "matches": {"p": [[NaN]], "q": [[1.0]], "w": [1.0]}}]')
    assert response.status_code == 400
    assert "Non-standard token 'NaN'" in text(response)
    assert client.get("/render-ws/v1/owner/o/matchCollections").json == []
