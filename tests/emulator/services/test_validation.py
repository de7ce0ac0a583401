"""ValidationService logic: render-ws's parse reports for tiles, transforms and render parameters."""

import json
import re

import pytest

from render_emulator.services import validation

AFFINE = "mpicbg.trakem2.transform.AffineModel2D"
TILE = "org.janelia.alignment.spec.TileSpec instance"
TRANSFORM = "org.janelia.alignment.spec.TransformSpec instance"
RENDER = "org.janelia.alignment.RenderParameters instance"


def ok(context, value):
    return validation.ValidationAnswer(
        200, f"Successfully parsed {context} from JSON text.  Parsed value is: {value}.\n")


def bad(context, message):
    return validation.ValidationAnswer(
        400, f"Failed to parse {context} from JSON text.  Specific error is: {message}\n")


@pytest.fixture
def image(tmp_path):
    path = tmp_path / "a.png"
    path.write_bytes(b"\x89PNG")
    return str(path)


def tile_text(image, transforms="[]", tile_id="t1"):
    tile = {"tileId": tile_id, "mipmapLevels": {"0": {"imageUrl": f"file:{image}"}},
            "transforms": {"type": "list", "specList": json.loads(transforms)}}
    return json.dumps(tile)


def leaf(data="1 0 0 1 0 0", class_name=AFFINE, spec_id=None):
    spec = {"className": class_name, "dataString": data}
    return json.dumps(spec if spec_id is None else {"id": spec_id, **spec})


def url_body(url):
    return json.dumps({"tileSpecUrl": str(url)})


# ---------------------------------------------------------------------------- tile
def test_valid_tile_prints_its_id(image):
    assert validation.validate_tile_json(tile_text(image, f"[{leaf()}]")) == ok(TILE, "t1")
    assert validation.validate_tile_json(tile_text(image, tile_id=None)) == ok(TILE, "null")


def test_tile_mipmap_failures(image, tmp_path):
    assert validation.validate_tile_json('{"tileId": "t1"}') == bad(
        TILE, "tile 't1' does not contain any mipmapLevel elements")
    assert validation.validate_tile_json('{"tileId": "t1", "mipmapLevels": {"0": {}}}') == bad(
        TILE, "no imageUrl specified")
    missing = tmp_path / "missing.png"
    assert validation.validate_tile_json(tile_text(str(missing))) == bad(
        TILE, f"cannot find imageUrl file '{missing}'")
    channel = json.dumps({"tileId": "t1", "channels": [{"name": "DAPI", "mipmapLevels": {}}],
                          "mipmapLevels": {"0": {"imageUrl": f"file:{image}"}}})
    assert validation.validate_tile_json(channel) == bad(
        TILE, "channel 'DAPI' of tile 't1' does not contain any mipmapLevel elements")


def test_tile_transform_failures(image):
    assert validation.validate_tile_json(tile_text(image, f'[{leaf("1 0 0 1 0")}]')) == bad(
        TILE, f"Inappropriate parameters for {AFFINE}")
    assert validation.validate_tile_json(tile_text(image, f'[{leaf(class_name="no.Such")}]')) == bad(
        TILE, "transform class 'no.Such' cannot be found")
    refs = '[{"type": "ref", "refId": "b"}, {"type": "ref", "refId": "a"}, {"type": "ref", "refId": "b"}]'
    assert validation.validate_tile_json(tile_text(image, refs)) == bad(
        TILE, "spec 'null' has the following unresolved references: [a, b]")
    no_data = json.dumps([{"className": AFFINE}])
    assert validation.validate_tile_json(tile_text(image, no_data)) == bad(
        TILE, "no dataString defined for leaf transform spec with id 'null'")


def test_tile_parse_failures():
    assert validation.validate_tile_json("") == bad(
        TILE, "com.fasterxml.jackson.databind.exc.MismatchedInputException: No content to map due to "
              "end-of-input")
    assert validation.validate_tile_json("null") == bad(TILE, "null")
    assert validation.validate_tile_json('{"z": "abc"}') == bad(
        TILE, "com.fasterxml.jackson.databind.exc.InvalidFormatException: Cannot deserialize value of type "
              '`java.lang.Double` from String "abc": not a valid Double value')
    assert validation.validate_tile_json("[1]").text.startswith(
        "Failed to parse org.janelia.alignment.spec.TileSpec instance from JSON text.  Specific error is: "
        "com.fasterxml.jackson.databind.exc.MismatchedInputException: Cannot deserialize value of type "
        "`org.janelia.alignment.spec.TileSpec` from Array value")
    assert validation.validate_tile_json("{,").text.startswith(
        f"Failed to parse {TILE} from JSON text.  Specific error is: "
        "com.fasterxml.jackson.core.JsonParseException: ")


# ---------------------------------------------------------------------------- tile array
def test_tile_array_checks_mipmaps_only(image):
    good = tile_text(image, '[{"type": "ref", "refId": "x"}]')
    context = "array of org.janelia.alignment.spec.TileSpec instances"
    assert validation.validate_tile_array_json(f"[{good}, {good}]") == ok(
        context, "array of 2 tile specifications")
    assert validation.validate_tile_array_json("[]") == ok(context, "array of 0 tile specifications")
    assert validation.validate_tile_array_json(f'[{good}, {{"tileId": "b"}}]') == bad(
        context, "tile 'b' does not contain any mipmapLevel elements")
    assert validation.validate_tile_array_json(f"[{good}, null]") == bad(context, "null")
    assert validation.validate_tile_array_json("{}") == bad(
        context, "com.fasterxml.jackson.databind.exc.MismatchedInputException: Cannot deserialize value of "
                 "type `org.janelia.alignment.spec.TileSpec[]` from Object value (token "
                 "`JsonToken.START_OBJECT`)")


# ---------------------------------------------------------------------------- transforms
def test_transform_prints_java_object_text():
    answer = validation.validate_transform_json(leaf())
    assert answer.status == 200
    assert re.fullmatch(
        rf"Successfully parsed {TRANSFORM} from JSON text\.  Parsed value is: "
        r"org\.janelia\.alignment\.spec\.LeafTransformSpec@[0-9a-f]+\.\n", answer.text)
    listed = validation.validate_transform_json(f'{{"type": "list", "specList": [{leaf()}]}}')
    assert "Parsed value is: org.janelia.alignment.spec.ListTransformSpec@" in listed.text


def test_transform_failures():
    assert validation.validate_transform_json('{"type": "ref", "id": "r", "refId": "x"}') == bad(
        TRANSFORM, "spec 'r' has the following unresolved references: [x]")
    assert validation.validate_transform_json('{"dataString": "1"}') == bad(
        TRANSFORM, "no className defined for leaf transform spec with id 'null'")
    assert validation.validate_transform_json('{"type": "what"}') == bad(
        TRANSFORM, "com.fasterxml.jackson.databind.exc.InvalidTypeIdException: Could not resolve type id "
                   "'what' as a subtype of `org.janelia.alignment.spec.TransformSpec`: known type ids = "
                   "[interpolated, leaf, list, ref]")
    interpolated = f'{{"type": "interpolated", "a": {leaf()}, "b": {leaf("1 0 0 1 0 x")}, "lambda": 0.5}}'
    assert validation.validate_transform_json(interpolated) == bad(TRANSFORM, 'For input string: "x"')


def test_transform_array_resolves_ids_in_order():
    context = "array of org.janelia.alignment.spec.TransformSpec instances"
    ref = '{"type": "ref", "refId": "%s"}'
    resolved = f'[{leaf(spec_id="a")}, {ref % "a"}, {{"type": "list", "specList": [{ref % "a"}]}}]'
    assert validation.validate_transform_array_json(resolved) == ok(
        context, "array of 3 transform specifications")
    # a ref to a ref only adopts the target's id, which stays unresolved
    chained = f'[{leaf(spec_id="a")}, {{"type": "ref", "id": "r", "refId": "a"}}, {ref % "r"}]'
    assert validation.validate_transform_array_json(chained) == bad(
        context, "spec 'null' has the following unresolved references: [a]")
    assert validation.validate_transform_array_json(f'[{ref % "zz"}]') == bad(
        context, "spec 'null' has the following unresolved references: [zz]")


# ---------------------------------------------------------------------------- render parameters
def test_render_parameters_text_lists_non_defaults(image):
    body = json.dumps({"x": 1, "y": 0, "width": 100, "scale": 0.5, "meshCellSize": 32, "quality": 0.9,
                       "convertToGray": True, "doFilter": True, "backgroundRGBColor": 255, "out": "x.png",
                       "tileSpecs": [json.loads(tile_text(image))]})
    assert validation.validate_render_parameters_json(body) == ok(
        RENDER, "{tileSpecs=[1 items], x=1.0, width=100, scale=0.5, res=32.0, quality=0.9, "
                "convertToGray=true, filter=true, backgroundRGBColor=255, out='x.png'}")
    assert validation.validate_render_parameters_json("{}") == ok(RENDER, "{tileSpecs=[0 items]}")
    builder = '{"mipmapPathBuilder": {"rootPath": "/r", "numberOfLevels": 2, "extension": "tif"}}'
    assert validation.validate_render_parameters_json(builder) == ok(
        RENDER, '{tileSpecs=[0 items], mipmapPathBuilder={\n  "rootPath" : "/r",\n  "numberOfLevels" : 2,'
                '\n  "extension" : "tif"\n}}')


def test_render_parameters_text_prints_filter_specs():
    """RenderParameters.java:781-783: ``filterSpecs=`` then the List's toString of FilterSpec.toJson
    (JsonUtils.MAPPER, indented, null fields omitted: FilterSpec.java:97-99)."""
    body = json.dumps({"filterSpecs": [{"className": "f.A", "parameters": {"p": 99}}, None, {}]})
    assert validation.validate_render_parameters_json(body) == ok(
        RENDER, '{tileSpecs=[0 items], filterSpecs=[{\n  "className" : "f.A",\n  "parameters" : {\n'
                '    "p" : "99"\n  }\n}, null, { }]}')
    assert validation.validate_render_parameters_json('{"filterSpecs": 3}') == bad(
        RENDER, "failed to parse json text")


def test_render_parameters_failures(image, tmp_path):
    assert validation.validate_render_parameters_json('{"x": "abc"}') == bad(
        RENDER, "failed to parse json text")
    assert validation.validate_render_parameters_json("") == bad(RENDER, "failed to parse json text")
    assert validation.validate_render_parameters_json("null") == bad(RENDER, "null")
    assert validation.validate_render_parameters_json('{"tileSpecs": null}') == bad(RENDER, "null")
    assert validation.validate_render_parameters_json('{"out": "a b"}') == bad(
        RENDER, "failed to create uniform resource identifier for 'a b'")
    assert validation.validate_render_parameters_json('{"tileSpecs": [{"tileId": "q"}]}') == bad(
        RENDER, "tile 'q' does not contain any mipmapLevel elements")
    missing = tmp_path / "none.json"
    assert validation.validate_render_parameters_json(url_body(missing)) == bad(
        RENDER, f"failed to load tile specification from file:{missing}")


def test_render_parameters_load_tile_specs_from_url(image, tmp_path):
    specs = tmp_path / "tiles.json"
    specs.write_text(f"[{tile_text(image)}, {tile_text(image)}]")
    assert validation.validate_render_parameters_json(url_body(f"file://{specs}")) == ok(
        RENDER, "{tileSpecs=[2 items]}")
    specs.write_text("{}")
    assert validation.validate_render_parameters_json(url_body(specs)) == bad(
        RENDER, f"failed to parse tile specification loaded from file:{specs}")
    specs.write_text("[]")
    assert validation.validate_render_parameters_json(url_body(specs)) == ok(
        RENDER, f"{{tileSpecUrl='{specs}'}}")


def test_transform_null_members_and_cycles_fail_as_java_does():
    # NullPointerException (no a / b) and StackOverflowError (a list resolved into itself): message null
    interpolated = '{"type": "interpolated", "lambda": 0.5}'
    assert validation.validate_transform_json(interpolated) == bad(TRANSFORM, "null")
    cyclic = '[{"type": "list", "id": "L", "specList": [{"type": "ref", "refId": "L"}]}]'
    assert validation.validate_transform_array_json(cyclic) == bad(
        "array of org.janelia.alignment.spec.TransformSpec instances", "null")
