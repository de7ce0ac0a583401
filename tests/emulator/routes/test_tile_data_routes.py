"""TileDataService endpoints over HTTP: raw tile, delete, tile render-parameters."""

import pytest
from response_checks import assert_error, text

from render_emulator.store import StackId

V1 = "/render-ws/v1"
S = f"{V1}/owner/o/project/p/stack/s"
SID = StackId("o", "p", "s")
AFFINE = "mpicbg.trakem2.transform.AffineModel2D"
TILE_MISSING = "tile spec with id '{}' does not exist in the render.o__p__s__tile collection"


def leaf(tx, ty=0.0, labels=None):
    spec = {"type": "leaf", "className": AFFINE, "dataString": f"1 0 0 1 {tx} {ty}"}
    if labels:
        spec["metaData"] = {"labels": labels}
    return spec


def put(client, tile_id, *specs, shared=None, **extra):
    tile = {"tileId": tile_id, "z": 1, "width": 100, "height": 50,
            "transforms": {"type": "list", "specList": list(specs)}, **extra}
    response = client.put(f"{S}/resolvedTiles?deriveData=true",
                          json={"transformIdToSpecMap": shared or {}, "tileIdToSpecMap": {tile_id: tile}})
    assert response.status_code == 201, text(response)


@pytest.fixture
def stack(client):
    builder = {"rootPath": "/m/", "numberOfLevels": 3, "extension": "tif"}
    assert client.post(S, json={"mipmapPathBuilder": builder, "defaultChannel": "DAPI"}).status_code == 201
    return client


def test_raw_tile_keeps_refs_and_dotted_ids(stack):
    lens = {"type": "leaf", "id": "lens", "className": AFFINE, "dataString": "1 0 0 1 1 1"}
    put(stack, "151208120343009119.13.0", {"type": "ref", "refId": "lens"}, shared={"lens": lens})
    raw = stack.get(f"{S}/tile/151208120343009119.13.0/").get_json()
    assert raw["transforms"] == {"type": "list", "specList": [{"type": "ref", "refId": "lens"}]}
    assert raw["mipmapLevels"] == {} and raw["meshCellSize"] == 64.0


def test_tile_errors(client, stack):
    assert_error(client.get(f"{V1}/owner/o/project/p/stack/nope/tile/t"), 404,
                 "tile spec with id 't' does not exist in the render.o__p__nope__tile collection")
    assert_error(stack.get(f"{S}/tile/t"), 404, TILE_MISSING.format("t"))
    assert_error(stack.get(f"{S}/tile/t/render-parameters"), 404, TILE_MISSING.format("t"))
    assert_error(client.get(f"{V1}/owner/o/project/p/stack/nope/tile/t/render-parameters"), 404,
                 "stack with owner 'o', project 'p', and name 'nope' does not exist")


def test_delete_tile(client, stack):
    put(stack, "t", leaf(0))
    assert stack.delete(f"{S}/tile/absent").status_code == 200
    assert stack.delete(f"{S}/tile/t").status_code == 200
    assert_error(stack.get(f"{S}/tile/t"), 404)
    assert_error(client.delete(f"{V1}/owner/o/project/p/stack/nope/tile/t"), 404,
                 "stack with owner 'o', project 'p', and name 'nope' does not exist")
    put(stack, "t", leaf(0))
    assert stack.put(f"{S}/state/COMPLETE").status_code == 201
    assert_error(stack.delete(f"{S}/tile/t"), 400,
                 "stack state is COMPLETE but must be LOADING to delete data")
    assert stack.get(f"{S}/tile/t").status_code == 200


def test_render_parameters_plain(stack):
    put(stack, "t", leaf(10), leaf(5, 7))
    params = stack.get(f"{S}/tile/t/render-parameters").get_json()
    box = (params["x"], params["y"], params["width"], params["height"], params["scale"])
    assert box == (15.0, 7.0, 100, 50, 1.0)
    assert params["channels"] == "DAPI"
    assert params["mipmapPathBuilder"] == {"rootPath": "/m/", "numberOfLevels": 3, "extension": "tif"}
    assert len(params["tileSpecs"][0]["transforms"]["specList"]) == 2
    query = "x=1&y=2&width=10&height=20&scale=0.5&channels=c1"
    offset = stack.get(f"{S}/tile/t/render-parameters?{query}").get_json()
    assert (offset["x"], offset["y"], offset["width"], offset["height"]) == (16.0, 9.0, 10, 20)
    assert offset["scale"] == 0.5 and offset["channels"] == "c1"
    assert_error(stack.get(f"{S}/tile/t/render-parameters?x=1.5"), 404)


def test_render_parameters_normalize_for_matching(stack):
    put(stack, "t", leaf(1), leaf(2), leaf(4), leaf(8))
    params = stack.get(f"{S}/tile/t/render-parameters?normalizeForMatching=true").get_json()
    spec = params["tileSpecs"][0]
    # legacy: drop the last transform, then keep at most 2
    assert [s["dataString"] for s in spec["transforms"]["specList"]] == ["1 0 0 1 1 0.0", "1 0 0 1 2 0.0"]
    assert (spec["minX"], spec["maxX"]) == (3.0, 103.0)
    assert (params["x"], params["y"]) == (0.0, 0.0)
    put(stack, "lens", leaf(1), leaf(2, labels=["lens"]), leaf(4))
    kept = stack.get(f"{S}/tile/lens/render-parameters?normalizeForMatching=true").get_json()["tileSpecs"][0]
    assert len(kept["transforms"]["specList"]) == 2


def test_render_parameters_label_mode(stack):
    put(stack, "t", leaf(1), leaf(2, labels=["match"]), leaf(4))
    # excludeAllTransforms present (even false) switches to label mode: all kept, box at origin
    params = stack.get(f"{S}/tile/t/render-parameters?normalizeForMatching=true&excludeAllTransforms=false")
    spec = params.get_json()["tileSpecs"][0]
    assert len(spec["transforms"]["specList"]) == 3 and params.get_json()["x"] == 0.0
    none = stack.get(f"{S}/tile/t/render-parameters?excludeAllTransforms=true").get_json()
    assert none["tileSpecs"][0]["transforms"]["specList"] == []
    assert (none["x"], none["width"]) == (0.0, 100)
    after = stack.get(f"{S}/tile/t/render-parameters?excludeTransformsAfterLast=match").get_json()
    assert len(after["tileSpecs"][0]["transforms"]["specList"]) == 2 and after["x"] == 3.0
    first = stack.get(f"{S}/tile/t/render-parameters?excludeFirstTransformAndAllAfter=match").get_json()
    assert len(first["tileSpecs"][0]["transforms"]["specList"]) == 1 and first["x"] == 1.0


def test_source_and_mask_render_parameters(client, stack):
    put(stack, "t", leaf(10), mipmapLevels={
        "3": {"imageUrl": "file:///i3.png"},
        "1": {"imageUrl": "file:///i1.png", "maskUrl": "file:///m1.png",
              "imageLoaderType": "IMAGEJ_DEFAULT"}})
    source = stack.get(f"{S}/tile/t/source/scale/0.5/render-parameters?filter=true").get_json()
    box = (source["x"], source["y"], source["width"], source["height"], source["scale"])
    assert box == (0.0, 0.0, 100, 50, 0.5)
    assert source["skipInterpolation"] is True and source["doFilter"] is True
    assert source["tileSpecs"] == [{
        "mipmapLevels": {},
        "channels": [{"minIntensity": 0.0, "maxIntensity": 255.0, "mipmapLevels": {"1": {"imageUrl": "file:///i1.png"}}}],
        "transforms": {"type": "list", "specList": []}, "meshCellSize": 64.0}]
    mask = stack.get(f"{S}/tile/t/mask/scale/1/render-parameters?scale=0.25").get_json()
    assert mask["tileSpecs"][0]["channels"][0]["mipmapLevels"] == {"1": {"imageUrl": "file:///m1.png"}}
    assert mask["scale"] == 0.25
    assert_error(stack.get(f"{S}/tile/nope/source/scale/1/render-parameters"), 404,
                 TILE_MISSING.format("nope"))
    assert_error(stack.get(f"{S}/tile/t/mask/scale/x/render-parameters"), 404)


def test_with_neighbors_render_parameters(stack):
    put(stack, "t", leaf(100))
    put(stack, "n", leaf(180))
    put(stack, "far", leaf(400))
    params = stack.get(f"{S}/tile/t/withNeighbors/render-parameters").get_json()
    # grown by 0.3 x (100, 50) on each side: x = 100 - 30, y = 0 - 15, width 100 + 60, height 50 + 30
    box = (params["x"], params["y"], params["width"], params["height"], params["scale"])
    assert box == (70.0, -15.0, 160, 80, 1.0)
    assert [t["tileId"] for t in params["tileSpecs"]] == ["n", "t"]
    wide = stack.get(f"{S}/tile/t/withNeighbors/render-parameters?widthFactor=2&heightFactor=0&scale=0.25")
    assert (wide.get_json()["width"], wide.get_json()["height"], wide.get_json()["scale"]) == (500, 50, 0.25)
    assert [t["tileId"] for t in wide.get_json()["tileSpecs"]] == ["far", "n", "t"]


def test_validation_info(stack, tmp_path):
    image = tmp_path / "image.png"
    image.write_bytes(b"png")
    put(stack, "ok", leaf(0), mipmapLevels={"0": {"imageUrl": image.as_uri()}})
    response = stack.get(f"{S}/tile/ok/validation-info")
    assert response.status_code == 200 and text(response) == ""
    put(stack, "missing", leaf(0), mipmapLevels={"0": {"imageUrl": image.as_uri(),
                                                       "maskUrl": str(tmp_path / "no-mask.png")}})
    assert_error(stack.get(f"{S}/tile/missing/validation-info"), 400,
                 f"cannot find maskUrl file '{tmp_path / 'no-mask.png'}'")
    blank = tmp_path / "blank.png"
    blank.write_bytes(b"")
    put(stack, "blank", leaf(0), mipmapLevels={"0": {"imageUrl": image.as_uri(), "maskUrl": blank.as_uri()}})
    # ImageAndMask.validateFile's third check (ImageAndMask.java:211-213)
    assert_error(stack.get(f"{S}/tile/blank/validation-info"), 400, f"maskUrl file '{blank}' is empty")
    put(stack, "remote", leaf(0), mipmapLevels={"0": {"imageUrl": "http://example.org/a.png"}})
    assert stack.get(f"{S}/tile/remote/validation-info").status_code == 200
    put(stack, "empty", leaf(0))
    assert_error(stack.get(f"{S}/tile/empty/validation-info"), 400,
                 "tile 'empty' does not contain any mipmapLevel elements")
    put(stack, "channel", leaf(0), channels=[{"name": "DAPI"}])
    assert_error(stack.get(f"{S}/tile/channel/validation-info"), 400,
                 "channel 'DAPI' of tile 'channel' does not contain any mipmapLevel elements")
    put(stack, "no_url", leaf(0), mipmapLevels={"0": {"maskUrl": "http://x"}})
    assert_error(stack.get(f"{S}/tile/no_url/validation-info"), 400, "no imageUrl specified")
    assert_error(stack.get(f"{S}/tile/nope/validation-info"), 404, TILE_MISSING.format("nope"))
    unknown = {"tileId": "bad", "z": 1, "minX": 0, "minY": 0, "maxX": 1, "maxY": 1,
               "mipmapLevels": {"0": {"imageUrl": image.as_uri()}},
               "transforms": {"type": "list", "specList": [{"className": "x.Y", "dataString": "1"}]}}
    assert stack.put(f"{S}/resolvedTiles", json={"tileIdToSpecMap": {"bad": unknown}}).status_code == 201
    assert_error(stack.get(f"{S}/tile/bad/validation-info"), 400, "transform class 'x.Y' cannot be found")


def test_raw_render_parameters_use_the_first_channel(stack):
    put(stack, "c", leaf(0), channels=[{"name": "A", "mipmapLevels": {"2": {"imageUrl": "file:///a2.png"}}},
                                       {"name": "B", "mipmapLevels": {"0": {"imageUrl": "file:///b0.png"}}}])
    source = stack.get(f"{S}/tile/c/source/scale/1/render-parameters").get_json()
    assert source["tileSpecs"][0]["channels"][0]["mipmapLevels"] == {"2": {"imageUrl": "file:///a2.png"}}
    put(stack, "none", leaf(0))
    assert_error(stack.get(f"{S}/tile/none/source/scale/1/render-parameters"), 500)
