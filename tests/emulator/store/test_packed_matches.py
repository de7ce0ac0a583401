"""Stored pairs keep their points once, as text (store/packed_matches.py), yet every reader of the store
sees render-ws's CanvasMatches layout: plain dicts of lists from mongomock, json text, copies, equality."""

import copy
import json

import pytest

from render_emulator.store import RenderStore
from render_emulator.store.match_pairs import encode_pair, pair_key
from render_emulator.store.packed_matches import PackedMatches

MATCHES = {"p": [[1.5, 2.25], [3.0, -0.0]], "q": [[4.0, 1e-05], [5.5, 6.0]], "w": [1.0, 0.5]}


def pair_doc(q_id="2", matches=MATCHES):
    doc = {"pGroupId": "a", "pId": "1", "qGroupId": "a", "qId": q_id, "matches": copy.deepcopy(matches),
           "matchCount": len(matches["w"])}
    doc["_key"] = pair_key("a", "1", "a", q_id)
    return doc


@pytest.fixture
def collection():
    coll = RenderStore().match_collection("o", "c")
    coll.create()
    coll.upsert([pair_doc()])
    return coll


def test_stored_matches_are_packed_over_the_answer_text(collection):
    stored = collection.get(pair_key("a", "1", "a", "2"))
    assert isinstance(stored["matches"], PackedMatches)
    full_text = collection.pair_text(stored)
    assert stored["matches"].source is full_text  # the points are held once
    assert json.loads(full_text)["matches"] == MATCHES


def test_stored_matches_read_as_the_plain_dict(collection):
    stored = collection.get(pair_key("a", "1", "a", "2"))
    matches = stored["matches"]
    assert matches == MATCHES and MATCHES == matches and not matches != MATCHES
    assert dict(matches) == MATCHES and type(dict(matches)) is dict and {**matches} == MATCHES
    assert copy.deepcopy(stored)["matches"] == MATCHES and type(copy.deepcopy(matches)) is dict
    assert list(matches) == ["p", "q", "w"] and len(matches) == 3 and "w" in matches
    assert matches["q"][1][0] == 5.5 and matches.get("x") is None
    assert json.loads(json.dumps(stored)) == dict(pair_doc(), matches=MATCHES)
    assert encode_pair(stored) == encode_pair(pair_doc())


def test_mongomock_holds_render_ws_layout(collection):
    (mirrored,) = collection.collection.find({}, {"_id": False})
    assert mirrored == pair_doc()
    assert type(mirrored["matches"]) is dict and type(mirrored["matches"]["p"][0]) is list
    assert collection.collection.count_documents({"matches.w": {"$exists": True}}) == 1


def test_stored_matches_are_read_only(collection):
    matches = collection.get(pair_key("a", "1", "a", "2"))["matches"]
    for change in (lambda: matches.__setitem__("w", []), lambda: matches.pop("w"), matches.clear,
                   lambda: matches.update(w=[])):
        with pytest.raises(TypeError):
            change()
    assert matches == MATCHES


def test_matches_json_would_print_otherwise_stay_plain(collection):
    # orjson reads a 70-bit integer as a float: such a pair is stored as given and answered as before
    odd = {"p": [[1.0]], "q": [[2.0]], "w": [2**70]}
    collection.upsert([pair_doc("3", odd)])
    stored = collection.get(pair_key("a", "1", "a", "3"))
    assert type(stored["matches"]) is dict
    assert json.loads(collection.pair_text(stored))["matches"] == odd


def test_restored_pairs_are_packed_again(collection):
    stored = collection.get(pair_key("a", "1", "a", "2"))
    collection.upsert([dict(stored, matchCount=7)])
    again = collection.get(pair_key("a", "1", "a", "2"))
    assert isinstance(again["matches"], PackedMatches) and again["matches"] == MATCHES
    assert json.loads(collection.pair_text(again))["matchCount"] == 7
