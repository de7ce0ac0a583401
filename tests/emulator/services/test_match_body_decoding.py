"""services.match_body.decode_matches_body: orjson's reading of PUT matches bodies, or NOT_DECODED where
json's reading could differ."""

import json

import pytest

from render_emulator.fast_json import NOT_DECODED
from render_emulator.services.match_body import decode_matches_body


def body(**changes):
    element = {"pGroupId": "a", "pId": "1", "qGroupId": "a", "qId": "2", "matchCount": 5,
               "consensusSetData": {"index": 1},
               "matches": {"p": [[1.5], [2.5]], "q": [[3.5], [4.5]], "w": [1.0]}}
    element.update(changes)
    return [element]


def test_common_body_is_decoded_as_json_decodes_it():
    raw = json.dumps(body() * 3).encode()
    assert decode_matches_body(raw) == json.loads(raw)


@pytest.mark.parametrize("changes", [
    {"pId": 18446744073709551616},            # a wide integer id: its text is what Jackson stores
    {"matchCount": -9223372036854775809},
    {"consensusSetData": {"index": 10**30}},
])
def test_wide_integers_outside_matches_are_left_to_json(changes):
    assert decode_matches_body(json.dumps(body(**changes)).encode()) is NOT_DECODED


def test_wide_integers_inside_matches_are_doubles_either_way():
    raw = json.dumps(body(matches={"p": [[2**64]], "q": [[1.0]], "w": [10**20]})).encode()
    decoded = decode_matches_body(raw)
    assert decoded[0]["matches"]["p"] == [[float(2**64)]]


@pytest.mark.parametrize("raw", [b'{"pGroupId": "a"}', b"7", b"null", b"[NaN]", b""])
def test_bodies_that_are_no_list_or_refused_by_orjson_are_left_to_json(raw):
    assert decode_matches_body(raw) is NOT_DECODED
