"""The model's List<CanvasMatches> reader (CanvasMatches.java:30-54, Matches.java: double[][] p, q and
double[] w, ConsensusSetData.java:21-27) as Jackson reads a PUT …/matches body."""

import pytest

from render_emulator.errors import BadRequest
from render_emulator.model import read
from render_emulator.model.matches import CANVAS_MATCHES_LIST

IDS = {"pGroupId": "1.0", "pId": "a", "qGroupId": "2.0", "qId": "b"}


def _message(body):
    with pytest.raises(BadRequest) as caught:
        read(CANVAS_MATCHES_LIST, body)
    return caught.value.message


def test_ids_are_strings_doubles_take_ints_text_and_null_as_zero():
    [(ids, consensus, matches)] = read(CANVAS_MATCHES_LIST, [{
        "pGroupId": 1, "pId": True, "qGroupId": "2.0", "qId": "b", "unknown": [],
        "consensusSetData": {"index": "4", "originalPId": "x"},
        "matches": {"p": [[1, "2"], [None, 4.5]], "q": [[0.0, 0.0], [0.0, 0.0]], "w": [1, 1]},
    }])
    assert ids == ["1", "true", "2.0", "b"]
    assert consensus == {"index": 4, "originalPId": "x"}
    assert matches == {"p": [[1.0, 2.0], [0.0, 4.5]], "q": [[0.0, 0.0], [0.0, 0.0]], "w": [1.0, 1.0]}
    assert all(type(v) is float for row in matches["p"] for v in row)


def test_well_formed_float_matches_are_kept_as_given():
    matches = {"p": [[1.0], [2.0]], "q": [[3.0], [4.0]], "w": [1.0]}
    [(_, _, read_matches)] = read(CANVAS_MATCHES_LIST, [{**IDS, "matches": matches}])
    assert read_matches["p"] is matches["p"]


def test_a_bad_double_names_its_reference_chain():
    body = [{**IDS, "matches": {"p": [["x"]], "q": [[1.0]], "w": [1.0]}}]
    assert _message(body) == (
        'Cannot deserialize value of type `double` from String "x": not a valid `double` value (through '
        'reference chain: java.util.ArrayList[0]->org.janelia.alignment.match.CanvasMatches["matches"])'
    )


def test_an_element_that_is_no_object_names_its_index():
    assert _message([IDS, 3]) == (
        "Cannot deserialize value of type `org.janelia.alignment.match.CanvasMatches` from Number value "
        "(through reference chain: java.util.ArrayList[1])"
    )


def test_a_body_that_is_no_list_names_the_token():
    assert _message({}) == (
        "Cannot deserialize value of type `java.util.List<org.janelia.alignment.match.CanvasMatches>` "
        "from Object value (token `JsonToken.START_OBJECT`)"
    )
    assert read(CANVAS_MATCHES_LIST, None) is None


def test_match_count_is_type_checked_and_ignored():
    """matchCount is an Integer (CanvasMatches.java:54) that the server recomputes (setMatchCount)."""
    assert _message([{**IDS, "matchCount": "many"}]).startswith(
        'Cannot deserialize value of type `java.lang.Integer` from String "many"'
    )


@pytest.mark.parametrize("value", [2**31, -(2**31) - 1])
def test_match_count_beyond_int_range_is_refused_with_its_path(value):
    """matchCount is an Integer (CanvasMatches.java:54): Jackson's parser refuses a number beyond int's
    range (ParserBase.reportOverflowInt) and the bean/list deserializers append the path."""
    assert _message([{**IDS, "matchCount": value}]) == (
        f"Numeric value ({value}) out of range of int (-2147483648 - 2147483647) (through reference chain: "
        'java.util.ArrayList[0]->org.janelia.alignment.match.CanvasMatches["matchCount"])'
    )
    assert read(CANVAS_MATCHES_LIST, [{**IDS, "matchCount": 2**31 - 1}])


@pytest.mark.parametrize("value", [2**31, -(2**31) - 1])
def test_consensus_index_beyond_int_range_is_refused_with_its_path(value):
    """ConsensusSetData.index is an Integer (ConsensusSetData.java:21)."""
    body = [{**IDS, "consensusSetData": {"index": value}}]
    assert _message(body) == (
        f"Numeric value ({value}) out of range of int (-2147483648 - 2147483647) (through reference chain: "
        'java.util.ArrayList[0]->org.janelia.alignment.match.CanvasMatches["consensusSetData"]->'
        'org.janelia.alignment.match.ConsensusSetData["index"])'
    )
    [(_, consensus, _)] = read(CANVAS_MATCHES_LIST, [{**IDS, "consensusSetData": {"index": 2**31 - 1}}])
    assert consensus == {"index": 2**31 - 1}
