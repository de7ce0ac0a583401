"""Integer/int and enum fields of request bodies over HTTP, as render-ws's Jackson 2.11 reads them.

Integer fields (LayoutData.java:24-27, ImageAndMask.java:20,24, CanvasMatches.java:54,
ConsensusSetData.java:21, RenderParameters.java:90-93,135) hold int's range: the parser refuses a number
beyond it with ``Numeric value (…) out of range of int (-2147483648 - 2147483647)``
(ParserBase.reportOverflowInt). Loader types are ``ImageLoader.LoaderType`` constants
(ImageAndMask.java:19,23; ImageLoader.java:13-15), refused otherwise by the EnumDeserializer, which
lists the constants in its lookup table's order (CompactStringObjectMap.keys(), see model/enum_lookup.py).
"""

import json

import pytest
from response_checks import assert_error, text
from test_refused_input_routes import snapshot

BASE = "/render-ws/v1/owner/o/project/p"
STACK = f"{BASE}/stack/s"
MC = "/render-ws/v1/owner/o/matchCollection/c"
VALIDATE = "/render-ws/v1/owner/o/validate-json"
OUT_OF_RANGE = (2**31, -(2**31) - 1)
INT_MAX = 2**31 - 1
LOADER_TYPES = ("IMAGEJ_DEFAULT", "IMAGEJ_TIFF_STACK", "H5_SLICE", "N5_SLICE", "IMAGEJ_COMPOSITE",
                "DYNAMIC_MASK")
NOT_A_LOADER_TYPE = (
    "Cannot deserialize value of type `org.janelia.alignment.loader.ImageLoader$LoaderType` from String "
    '"{}": not one of the values accepted for Enum class: [H5_SLICE, IMAGEJ_DEFAULT, IMAGEJ_COMPOSITE, '
    "N5_SLICE, DYNAMIC_MASK, IMAGEJ_TIFF_STACK]"
)
IDS = {"pGroupId": "1.0", "pId": "a", "qGroupId": "2.0", "qId": "b"}
MATCHES = {"p": [[1.0], [2.0]], "q": [[3.0], [4.0]], "w": [1.0]}


def int_overflow(value: int) -> str:
    return f"Numeric value ({value}) out of range of int (-2147483648 - 2147483647)"


def tile(layout=None, **level):
    body = {"tileId": "t", "z": 1.0, "minX": 0.0, "minY": 0.0, "maxX": 10.0, "maxY": 10.0, "width": 10.0,
            "height": 10.0,
            "mipmapLevels": {"0": {"imageUrl": "file:///x.png", **level}},
            "transforms": {"type": "list", "specList": []}}
    if layout is not None:
        body["layout"] = {"sectionId": "1.0", **layout}
    return body


@pytest.fixture
def stack(client):
    assert client.post(STACK, json={}).status_code == 201
    return STACK


def put_tile(client, tile_spec):
    return client.put(f"{STACK}/resolvedTiles", json={"tileIdToSpecMap": {"t": tile_spec}})


# ------------------------------------------------------------------------------ tile specs
TILE_INTEGER_FIELDS = [
    ({"layout": {"imageRow": None}}, "layout", "imageRow"),      # LayoutData.java:24
    ({"layout": {"imageCol": None}}, "layout", "imageCol"),      # LayoutData.java:27
    ({}, "level", "imageSliceNumber"),                           # ImageAndMask.java:20
    ({}, "level", "maskSliceNumber"),                            # ImageAndMask.java:24
]


def tile_with(where: str, field: str, value):
    return tile(layout={field: value}) if where == "layout" else tile(**{field: value})


@pytest.mark.parametrize(("_", "where", "field"), TILE_INTEGER_FIELDS)
def test_tile_integer_beyond_int_range_is_refused_and_nothing_stored(app, client, stack, _, where, field):
    """imageRow/imageCol (LayoutData.java:24-27) and the slice numbers (ImageAndMask.java:20,24) are
    Integers: Jackson's parser refuses 2^31 and -2^31-1 (ParserBase.reportOverflowInt)."""
    before = snapshot(app)
    for value in OUT_OF_RANGE:
        assert_error(put_tile(client, tile_with(where, field, value)), 400, int_overflow(value))
    assert snapshot(app) == before


@pytest.mark.parametrize(("_", "where", "field"), TILE_INTEGER_FIELDS)
def test_tile_integer_at_int_max_is_stored_and_answered(client, stack, _, where, field):
    """2^31-1 is the largest value an Integer holds (LayoutData.java:24-27, ImageAndMask.java:20,24)."""
    assert put_tile(client, tile_with(where, field, INT_MAX)).status_code == 201
    stored = client.get(f"{STACK}/tile/t").get_json()
    holder = stored["layout"] if where == "layout" else stored["mipmapLevels"]["0"]
    assert holder[field] == INT_MAX


@pytest.mark.parametrize("field", ["imageLoaderType", "maskLoaderType"])
def test_an_unknown_loader_type_is_refused(app, client, stack, field):
    """ImageAndMask.java:19,23 declare the loader types as ImageLoader.LoaderType (ImageLoader.java:13-15);
    names are matched case-sensitively."""
    before = snapshot(app)
    for name in ("TIFF", "imagej_default", ""):
        assert_error(put_tile(client, tile(**{field: name})), 400, NOT_A_LOADER_TYPE.format(name))
    assert snapshot(app) == before


def test_every_loader_type_is_stored_and_answered_unchanged(client, stack):
    """Each ImageLoader.LoaderType constant (ImageLoader.java:13-15) is accepted and written back by name."""
    for name in LOADER_TYPES:
        level = {"imageLoaderType": name, "maskUrl": "file:///m.png", "maskLoaderType": name}
        assert put_tile(client, tile(**level)).status_code == 201
        answered = client.get(f"{STACK}/tile/t").get_json()["mipmapLevels"]["0"]
        assert {key: answered[key] for key in level} == level


def test_a_loader_type_index_is_stored_as_its_constant(client, stack):
    """Jackson's EnumDeserializer reads a JSON integer as a constant's index (ImageLoader.java:13-15:
    index 3 is N5_SLICE), so render-ws stores and answers the constant's name."""
    assert put_tile(client, tile(imageLoaderType=3)).status_code == 201
    assert client.get(f"{STACK}/tile/t").get_json()["mipmapLevels"]["0"]["imageLoaderType"] == "N5_SLICE"


def test_validate_json_tile_names_jacksons_exception_classes(client):
    """validate-json/tile answers ``IllegalArgumentException(e).getMessage()`` (JsonUtils.java:75-81,
    ValidationService.java:140-142): a bean field's overflow is a JsonMappingException (the parser's
    InputCoercionException wrapped with its path), an unknown enum name an InvalidFormatException."""
    prefix = ("Failed to parse org.janelia.alignment.spec.TileSpec instance from JSON text.  Specific error "
              "is: com.fasterxml.jackson.databind.")
    response = client.put(f"{VALIDATE}/tile", data=json.dumps(tile(layout={"imageCol": 2**31})))
    assert_error(response, 400, f"{prefix}JsonMappingException: {int_overflow(2**31)}\n")
    response = client.put(f"{VALIDATE}/tile", data=json.dumps(tile(imageLoaderType="X")))
    assert_error(response, 400, f"{prefix}exc.InvalidFormatException: {NOT_A_LOADER_TYPE.format('X')}\n")


# ------------------------------------------------------------------------------ render parameters
@pytest.mark.parametrize("field", ["width", "height", "numberOfThreads", "backgroundRGBColor"])
def test_validate_json_render_parameters_int_fields_hold_int_range(client, field):
    """width/height/numberOfThreads are ints, backgroundRGBColor an Integer (RenderParameters.java:90-93,
    114,135); RenderParameters.parseJson reports any Jackson failure as ``failed to parse json text``."""
    for value in OUT_OF_RANGE:
        response = client.put(f"{VALIDATE}/render", data=json.dumps({field: value}))
        assert_error(response, 400, (
            "Failed to parse org.janelia.alignment.RenderParameters instance from JSON text.  Specific error "
            "is: failed to parse json text\n"))
    response = client.put(f"{VALIDATE}/render", data=json.dumps({field: INT_MAX}))
    assert response.status_code == 200, text(response)


@pytest.mark.parametrize("field", ["width", "height"])
def test_posted_render_parameters_size_beyond_int_range_is_refused(client, field):
    """``PUT owner/{owner}/png-image`` reads a RenderParameters body whose width/height are ints
    (RenderParameters.java:90-93)."""
    for value in OUT_OF_RANGE:
        response = client.put("/render-ws/v1/owner/o/png-image", json={field: value})
        assert_error(response, 400, int_overflow(value))


# ------------------------------------------------------------------------------ point matches
def match_chain(*steps: str) -> str:
    return " (through reference chain: java.util.ArrayList[0]->" + "->".join(steps) + ")"


@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_match_count_beyond_int_range_is_refused(app, client, value):
    """matchCount is an Integer (CanvasMatches.java:54); the list and bean deserializers append the path."""
    before = snapshot(app)
    response = client.put(f"{MC}/matches", json=[{**IDS, "matches": MATCHES, "matchCount": value}])
    assert_error(response, 400, int_overflow(value) + match_chain(
        'org.janelia.alignment.match.CanvasMatches["matchCount"]'))
    assert snapshot(app) == before


@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_consensus_index_beyond_int_range_is_refused(app, client, value):
    """ConsensusSetData.index is an Integer (ConsensusSetData.java:21)."""
    before = snapshot(app)
    body = [{**IDS, "matches": MATCHES, "consensusSetData": {"index": value, "originalPId": "a"}}]
    assert_error(client.put(f"{MC}/matches", json=body), 400, int_overflow(value) + match_chain(
        'org.janelia.alignment.match.CanvasMatches["consensusSetData"]',
        'org.janelia.alignment.match.ConsensusSetData["index"]'))
    assert snapshot(app) == before


def test_match_integers_at_int_max_are_accepted(client):
    """matchCount (CanvasMatches.java:54) is read, then set from the matches (CanvasMatches.setMatchCount);
    the consensus index (ConsensusSetData.java:21) is stored and answered back."""
    body = [{**IDS, "matches": MATCHES, "matchCount": INT_MAX,
             "consensusSetData": {"index": INT_MAX, "originalPId": "a", "originalQId": "b"}}]
    assert client.put(f"{MC}/matches", json=body).status_code == 201
    [stored] = client.get(f"{MC}/group/1.0/matchesWith/2.0").get_json()
    assert stored["matchCount"] == 1
    assert stored["consensusSetData"] == {"index": INT_MAX, "originalPId": "a", "originalQId": "b"}
