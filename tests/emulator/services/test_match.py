"""services.match, services.match_body and services.pair_order without Flask: normalisation, Jackson-style
body conversion, selections, sorting, merges, matchCounts, rename and the error answers."""

from __future__ import annotations

import json
import threading

import pytest

from render_emulator.errors import BadRequest, NotFound, ServerError
from render_emulator.services import match
from render_emulator.services.match_body import MISSING_IDS, parse_matches_body
from render_emulator.services.pair_order import java_less, normalized_ids
from render_emulator.store import RenderStore

CID = match.MatchCollectionId("o", "c")


def pair(pg, pid, qg, qid, n=2, base=0.0, **extra):
    return {"pGroupId": pg, "pId": pid, "qGroupId": qg, "qId": qid,
            "matches": {"p": [[base + i for i in range(n)]] * 2,
                        "q": [[base + 50.0 + i for i in range(n)]] * 2,
                        "w": [1.0] * n}, **extra}


@pytest.fixture
def store():
    return RenderStore()


def save(store, pairs, collection_id=CID):
    match.save_matches(store, collection_id, parse_matches_body(pairs))


def read(store, select, collection_id=CID, **kwargs):
    return json.loads(match.read_pairs(store, collection_id, select, **kwargs))


def ids(pairs):
    return [(m["pGroupId"], m["pId"], m["qGroupId"], m["qId"]) for m in pairs]


# ------------------------------------------------------------------------------- ordering
def test_java_order_compares_utf16_code_units():
    # U+10000 is the surrogate pair D800 DC00 in Java, which sorts before U+FFFF (unlike code points)
    assert java_less("\U00010000", "\uffff")
    assert not java_less("\uffff", "\U00010000")
    assert java_less("a", "b") and not java_less("b", "a") and not java_less("a", "a")


@pytest.mark.parametrize("given, expected, flipped", [
    (("1", "x", "0", "y"), ("0", "y", "1", "x"), True),
    (("0", "y", "1", "x"), ("0", "y", "1", "x"), False),
    (("5", "b", "5", "a"), ("5", "a", "5", "b"), True),
    (("10", "a", "9", "b"), ("10", "a", "9", "b"), False),   # string order, not numeric
    (("\uffff", "a", "\U00010000", "b"), ("\U00010000", "b", "\uffff", "a"), True),
])
def test_normalized_ids(given, expected, flipped):
    assert normalized_ids(*given) == (*expected, flipped)


# ------------------------------------------------------------------------------- body conversion
def test_body_is_normalised_counted_and_keyed():
    [doc] = parse_matches_body([pair("1", "b", "0", "a", n=3, base=1.0)])
    assert list(doc) == ["pGroupId", "pId", "qGroupId", "qId", "matches", "matchCount", "_key"]
    assert (doc["pGroupId"], doc["pId"], doc["qGroupId"], doc["qId"]) == ("0", "a", "1", "b")
    assert doc["matches"]["p"] == [[51.0, 52.0, 53.0]] * 2 and doc["matches"]["q"] == [[1.0, 2.0, 3.0]] * 2
    assert doc["matchCount"] == 3


def test_body_conversion_follows_jackson():
    body = [{"pGroupId": 0, "pId": True, "qGroupId": 1.5, "qId": "b", "matchCount": "7", "junk": [1],
             "consensusSetData": {"index": "2", "originalPId": 5, "other": 1},
             "matches": {"p": [[1, "2.5", None]], "q": [[" 3 ", 4.25, 0]], "w": [1, 1, 1], "x": 0}}]
    [doc] = parse_matches_body(body)
    assert doc["pGroupId"] == "0" and doc["pId"] == "true" and doc["qGroupId"] == "1.5"
    assert doc["consensusSetData"] == {"index": 2, "originalPId": "5"}
    assert doc["matches"] == {"p": [[1.0, 2.5, 0.0]], "q": [[3.0, 4.25, 0.0]], "w": [1.0, 1.0, 1.0]}
    assert all(type(v) is float for row in doc["matches"]["p"] for v in row)
    assert doc["matchCount"] == 3 and "junk" not in doc


@pytest.mark.parametrize("element, message", [
    ({"pGroupId": "0", "pId": "a", "qGroupId": "1"}, MISSING_IDS),
    ({"pGroupId": "0", "pId": "a", "qGroupId": "1", "qId": None}, MISSING_IDS),
    (pair("0", "a", "1", "b") | {"matches": {"p": [["x"]], "q": [[1.0]], "w": [1.0]}},
     'from String "x": not a valid `double` value'),
    (pair("0", "a", "1", "b") | {"matches": {"p": [["NaN"]], "q": [[1.0]], "w": [1.0]}}, "String \"NaN\""),
    (pair("0", "a", "1", "b") | {"matches": {"p": [[False]], "q": [[1.0]], "w": [1.0]}},
     "from Boolean value"),
    (pair("0", "a", "1", "b") | {"matches": {"p": [1.0], "q": [[1.0]], "w": [1.0]}},
     "`double[]` from Number"),
    (pair("0", "a", "1", "b") | {"matches": {"p": {"x": 1}, "q": [[1.0]], "w": [1.0]}}, "`double[][]`"),
    (pair("0", "a", "1", "b") | {"matches": [1]}, "`org.janelia.alignment.match.Matches` from Array"),
    (pair("0", "a", "1", "b") | {"matchCount": "many"}, "java.lang.Integer"),
    (pair("0", "a", "1", "b") | {"consensusSetData": 3}, "ConsensusSetData"),
    ({"pGroupId": ["0"], "pId": "a", "qGroupId": "1", "qId": "b"}, "java.lang.String"),
    (pair("0", "a", "1", "b") | {"matches": {"p": [[1e400]], "q": [[1.0]], "w": [1.0]}}, "out of range"),
    (pair("0", "a", "1", "b") | {"matches": {"p": [[1.0]], "q": [[-(10**400)]], "w": [1.0]}}, "out of range"),
    (pair("0", "a", "1", "b") | {"matches": {"p": [[1.0]], "q": [[1.0]], "w": ["-Infinity"]}},
     "not a valid `double` value"),
    ("pair", "from String value"),
    (None, "element 1 is null"),
])
def test_bad_elements_are_400(element, message):
    with pytest.raises(BadRequest, match=message if message == MISSING_IDS else None) as refused:
        parse_matches_body([pair("0", "x", "0", "y"), element])
    assert message in refused.value.message


@pytest.mark.parametrize("matches, message", [
    ({"p": [[1.0, 2.0], [3.0]], "q": [[1.0, 2.0], [3.0, 4.0]], "w": [1.0, 1.0]},
     "ragged p arrays: p[1] has 1 values, p[0] has 2"),
    ({"p": [[1.0], [2.0]], "q": [[1.0, 2.0], [3.0, 4.0]], "w": [1.0]}, "ragged q arrays"),
    ({"p": [[1.0]], "q": [[1.0], [2.0]], "w": [1.0]}, "1 rows in p but 2 rows in q"),
    ({"p": [[1.0]], "w": [1.0]}, "q missing"),
])
def test_inconsistent_point_arrays_are_400(matches, message):
    with pytest.raises(BadRequest) as refused:
        parse_matches_body([pair("0", "a", "1", "b") | {"matches": matches}])
    assert message in refused.value.message
    assert "{pGroupId: 0, pId: 'a', qGroupId: 1, qId: 'b'}" in refused.value.message


def test_point_major_arrays_are_stored_as_sent():
    """render-python's own tests send p/q as N x 2 lists; render-ws does not check shapes."""
    matches = {"p": [[0.0, 0.0], [100.0, 100.0], [0.0, 100.0]], "q": [[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]],
               "w": [1.0, 1.0, 1.0]}
    (doc,) = parse_matches_body([pair("0", "a", "1", "b") | {"matches": matches}])
    assert doc["matches"] == matches and doc["matchCount"] == 3


def test_body_must_be_a_list_and_absent_body_is_none():
    assert parse_matches_body(None) is None
    with pytest.raises(BadRequest, match="java.util.List"):
        parse_matches_body({"pGroupId": "0"})


# ------------------------------------------------------------------------------- saving
def test_save_refuses_no_body_and_stores_nothing_for_an_empty_list(store):
    with pytest.raises(BadRequest, match="no matches provided"):
        match.save_matches(store, CID, None)
    match.save_matches(store, CID, [])
    assert match.list_collections(store, "o") == []


def test_a_refused_body_stores_nothing(store):
    save(store, [pair("0", "a", "0", "b")])
    with pytest.raises(BadRequest):
        save(store, [pair("0", "a", "0", "b", n=5), pair("0", "c", "0", "d") | {"matches": {"p": "x"}}])
    assert read(store, match.with_p_group("0"))[0]["matchCount"] == 2


def test_resave_replaces_the_pair_and_its_answer(store):
    save(store, [pair("0", "a", "1", "b", n=4)])
    save(store, [pair("1", "b", "0", "a", n=1, base=9.0)])
    [found] = read(store, match.with_p_group("0"))
    assert found["matchCount"] == 1 and found["matches"]["q"] == [[9.0]] * 2
    assert match.list_collections(store, "o") == [
        {"collectionId": {"owner": "o", "name": "c"}, "pairCount": 1}
    ]


def test_concurrent_saves_all_land(store):
    def worker(t):
        for i in range(20):
            save(store, [pair(str(t), f"t{i}", str(t), f"u{i}")])

    threads = [threading.Thread(target=worker, args=(t,)) for t in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert match.list_collections(store, "o")[0]["pairCount"] == 80
    assert match.distinct_group_ids(store, CID, ("pGroupId",)) == ["0", "1", "2", "3"]


# ------------------------------------------------------------------------------- listings
def test_owners_and_collections_sorted(store):
    save(store, [pair("0", "a", "0", "b")], match.MatchCollectionId("zed", "c"))
    save(store, [pair("0", "a", "0", "b")], match.MatchCollectionId("amy", "y"))
    save(store, [pair("0", "a", "0", "b"), pair("0", "c", "0", "d")], match.MatchCollectionId("amy", "x"))
    assert match.list_owners(store) == ["amy", "zed"]
    assert match.list_collections(store, "amy") == [
        {"collectionId": {"owner": "amy", "name": "x"}, "pairCount": 2},
        {"collectionId": {"owner": "amy", "name": "y"}, "pairCount": 1},
    ]
    assert match.list_collections(store, "nobody") == []


def test_group_ids_and_multi_consensus_group_ids(store):
    save(store, [pair("2", "a", "3", "b"), pair("1", "a", "1", "b"),
                 pair("5", "a", "4", "b", consensusSetData={"index": 1})])
    assert match.distinct_group_ids(store, CID, ("pGroupId",)) == ["1", "2", "4"]
    assert match.distinct_group_ids(store, CID, ("qGroupId",)) == ["1", "3", "5"]
    assert match.distinct_group_ids(store, CID, ("pGroupId", "qGroupId")) == ["1", "2", "3", "4", "5"]
    assert match.multi_consensus_group_ids(store, CID, include_q=False) == ["4"]
    assert match.multi_consensus_group_ids(store, CID, include_q=True) == ["4", "5"]


# ------------------------------------------------------------------------------- reads
@pytest.fixture
def sections(store):
    save(store, [
        pair("1", "b", "1", "c"), pair("1", "a", "1", "b"), pair("0", "z", "1", "a"),
        pair("1", "a", "2", "a"), pair("1", "b", "2", "b"), pair("2", "a", "2", "b"),
    ])
    return store


@pytest.mark.parametrize("select, expected", [
    (match.with_p_group("1"), [("1", "a", "1", "b"), ("1", "b", "1", "c"), ("1", "a", "2", "a"),
                               ("1", "b", "2", "b")]),
    (match.within_group("1"), [("1", "a", "1", "b"), ("1", "b", "1", "c")]),
    (match.outside_group("1"), [("0", "z", "1", "a"), ("1", "a", "2", "a"), ("1", "b", "2", "b")]),
    (match.between_groups("2", "1"), [("1", "a", "2", "a"), ("1", "b", "2", "b")]),
    (match.tile_with_group("1", "a", "2"), [("1", "a", "2", "a")]),
    (match.tile_with_group("1", "a", "0"), [("0", "z", "1", "a")]),
    (match.tile_with_group("1", "b", "1"), [("1", "a", "1", "b"), ("1", "b", "1", "c")]),
    (match.tile_pair("2", "a", "1", "a"), [("1", "a", "2", "a")]),
    (match.tile_pair("1", "a", "2", "b"), []),
    (match.involving_tile("1", "a"), [("0", "z", "1", "a"), ("1", "a", "1", "b"), ("1", "a", "2", "a")]),
])
def test_selections_are_sorted_like_render_ws(sections, select, expected):
    assert ids(read(sections, select)) == expected


def test_exclude_details_drops_matches_only(sections):
    answer = read(sections, match.within_group("2"), exclude_details=True)
    assert answer == [{"pGroupId": "2", "pId": "a", "qGroupId": "2", "qId": "b", "matchCount": 2}]


def test_answer_text_is_render_ws_stream_format(sections):
    text = match.read_pairs(sections, CID, match.within_group("1"), exclude_details=True)
    assert text == ('[{"pGroupId":"1","pId":"a","qGroupId":"1","qId":"b","matchCount":2},\n'
                    '{"pGroupId":"1","pId":"b","qGroupId":"1","qId":"c","matchCount":2}]')
    assert match.read_pairs(sections, CID, match.within_group("9")) == "[]"


def test_unknown_collection_is_404(store):
    with pytest.raises(NotFound, match="match collection 'o__c' does not exist"):
        match.read_pairs(store, CID, match.with_p_group("0"))
    for call in (lambda: match.distinct_group_ids(store, CID, ("pGroupId",)),
                 lambda: match.delete_pairs(store, CID, match.with_p_group("0")),
                 lambda: match.delete_collection(store, CID),
                 lambda: match.update_match_counts(store, CID, "0")):
        with pytest.raises(NotFound):
            call()


def test_names_are_validated():
    with pytest.raises(BadRequest, match="invalid name 'a__b'"):
        match.make_collection_id("o", "a__b")
    with pytest.raises(BadRequest, match="invalid owner 'o-1'"):
        match.make_collection_ids("o-1", ["c"])
    with pytest.raises(BadRequest, match="must be less than 112 characters"):
        match.make_collection_id("o" * 60, "n" * 60)


# ------------------------------------------------------------------------------- merges
def test_merge_concatenates_in_collection_order_and_ignores_duplicates(store):
    other, third = match.MatchCollectionId("o", "other"), match.MatchCollectionId("o", "third")
    save(store, [pair("0", "a", "1", "b", n=1, base=1.0), pair("0", "c", "1", "d")])
    save(store, [pair("0", "a", "1", "b", n=2, base=2.0), pair("0", "0", "1", "0")], other)
    save(store, [pair("0", "a", "1", "b", n=1, base=3.0)], third)
    merged = read(store, match.with_p_group("0"), merge_ids=[third, other, CID, third])
    assert ids(merged) == [("0", "0", "1", "0"), ("0", "a", "1", "b"), ("0", "c", "1", "d")]
    assert merged[1]["matches"]["p"][0] == [1.0, 3.0, 2.0, 3.0]
    assert merged[1]["matches"]["w"] == [1.0] * 4 and merged[1]["matchCount"] == 4
    with pytest.raises(NotFound, match="o__missing"):
        read(store, match.with_p_group("0"), merge_ids=[match.MatchCollectionId("o", "missing")])


def test_merge_with_excluded_details_fails_like_render_ws_on_shared_pairs(store):
    other = match.MatchCollectionId("o", "other")
    save(store, [pair("0", "a", "1", "b")])
    save(store, [pair("0", "c", "1", "d")], other)
    brief = read(store, match.with_p_group("0"), merge_ids=[other], exclude_details=True)
    assert [m.get("matches") for m in brief] == [None, None]
    save(store, [pair("0", "a", "1", "b")], other)
    with pytest.raises(ServerError, match="NullPointerException"):
        read(store, match.with_p_group("0"), merge_ids=[other], exclude_details=True)


# ------------------------------------------------------------------------------- matchCounts, deletes
def test_update_match_counts(store):
    save(store, [pair("0", "a", "1", "b", n=3)])
    match.update_match_counts(store, CID, "0")
    assert read(store, match.with_p_group("0"))[0]["matchCount"] == 3
    with pytest.raises(BadRequest, match="writes is not an empty list"):
        match.update_match_counts(store, CID, "7")
    save(store, [{"pGroupId": "0", "pId": "x", "qGroupId": "0", "qId": "y"}])
    with pytest.raises(ServerError, match=r"\$size"):
        match.update_match_counts(store, CID, "0")


def test_deletes_keep_an_emptied_collection(sections):
    assert match.delete_pairs(sections, CID, match.involving_tile("1", "a")) == 3
    assert match.delete_pairs(sections, CID, match.outside_group("1")) == 1
    assert match.delete_pairs(sections, CID, match.tile_pair("2", "b", "2", "a")) == 1
    assert match.delete_pairs(sections, CID, match.between_groups("1", "1")) == 1
    assert match.list_collections(sections, "o") == [
        {"collectionId": {"owner": "o", "name": "c"}, "pairCount": 0}
    ]
    match.delete_collection(sections, CID)
    assert match.list_owners(sections) == []


# ------------------------------------------------------------------------------- rename
def test_rename_moves_pairs_to_another_owner(sections):
    match.rename_collection(sections, CID, {"owner": "p2", "name": "n2"})
    target = match.MatchCollectionId("p2", "n2")
    assert match.list_owners(sections) == ["p2"]
    assert ids(read(sections, match.within_group("2"), target)) == [("2", "a", "2", "b")]


def test_rename_errors(sections):
    with pytest.raises(BadRequest, match="toCollectionId value must be specified"):
        match.rename_collection(sections, CID, None)
    with pytest.raises(BadRequest, match="invalid name 'null'"):
        match.rename_collection(sections, CID, {"owner": "o"})
    missing = match.MatchCollectionId("o", "missing")
    with pytest.raises(NotFound, match="match collection with owner 'o', and name 'missing' does not exist"):
        match.rename_collection(sections, missing, {"owner": "o", "name": "n"})
    with pytest.raises(BadRequest, match="must be less than 112 characters"):
        match.rename_collection(sections, CID, {"owner": "o", "name": "n" * 120})
    save(sections, [pair("0", "a", "0", "b")], match.MatchCollectionId("o", "taken"))
    with pytest.raises(BadRequest, match="match collection with owner 'o', and name 'taken' already exists"):
        match.rename_collection(sections, CID, {"owner": "o", "name": "taken"})
    # render-ws deserialises the target without name rules (MatchService.java:663-673), which then breaks
    # its listings; the emulator refuses such targets and keeps the source (README, Known differences)
    with pytest.raises(BadRequest, match="invalid name 'odd-name'"):
        match.rename_collection(sections, CID, {"owner": "o", "name": "odd-name"})
    assert "c" in [c["collectionId"]["name"] for c in match.list_collections(sections, "o")]


def test_a_rename_target_with_three_fields_is_refused(store):
    save(store, [pair("0", "a", "0", "b")])
    with pytest.raises(BadRequest, match="invalid name 'x__y'"):
        match.rename_collection(store, CID, {"owner": "o", "name": "x__y"})
    assert match.list_owners(store) == ["o"]


# ------------------------------------------------------------------------------- real-MongoDB code path
def test_uncached_store_answers_the_same(sections):
    """The store's query path for a real MongoDB (run here over mongomock without the cache)."""
    uncached = RenderStore(cached=False)
    save(uncached, [
        pair("1", "b", "1", "c"), pair("1", "a", "1", "b"), pair("0", "z", "1", "a"),
        pair("1", "a", "2", "a"), pair("1", "b", "2", "b"), pair("2", "a", "2", "b", consensusSetData={}),
    ])
    for select in (match.with_p_group("1"), match.outside_group("1"), match.involving_tile("1", "a"),
                   match.tile_pair("2", "a", "1", "a")):
        assert match.read_pairs(uncached, CID, select) == match.read_pairs(sections, CID, select)
    assert match.distinct_group_ids(uncached, CID, ("pGroupId", "qGroupId")) == ["0", "1", "2"]
    assert match.multi_consensus_group_ids(uncached, CID, include_q=True) == ["2"]
    assert match.delete_pairs(uncached, CID, match.within_group("1")) == 2
    assert match.list_collections(uncached, "o")[0]["pairCount"] == 4
    match.rename_collection(uncached, CID, {"owner": "o", "name": "moved"})
    assert [c["collectionId"]["name"] for c in match.list_collections(uncached, "o")] == ["moved"]
