"""RenderDataService endpoints over HTTP: resolvedTiles save/read, layers, sections, transforms, boxes,
layer render-parameters and the merge helpers."""

import pytest
from response_checks import assert_error, text

from render_emulator.store import StackId

V1 = "/render-ws/v1"
S = f"{V1}/owner/o/project/p/stack/s"
SID = StackId("o", "p", "s")
STACK_TEXT = "stack with owner 'o', project 'p', and name 's'"
AFFINE = "mpicbg.trakem2.transform.AffineModel2D"


def affine(tx=0.0, ty=0.0, **extra):
    return {**extra, "className": AFFINE, "dataString": f"1.0 0.0 0.0 1.0 {tx} {ty}"}


def tile(tile_id, z, tx=0.0, ty=0.0, section=None, size=100, specs=None, **extra):
    spec = {"tileId": tile_id, "z": z, "width": size, "height": size,
            "mipmapLevels": {"0": {"imageUrl": f"file:///d/{tile_id}.png"}},
            "transforms": {"type": "list", "specList": specs if specs is not None else [affine(tx, ty)]},
            **extra}
    if section is not None:
        spec["layout"] = {"sectionId": section}
    return spec


def body(*tiles, transforms=None):
    return {"transformIdToSpecMap": transforms or {}, "tileIdToSpecMap": {t["tileId"]: t for t in tiles}}


def create(client, path=S):
    assert client.post(path, json={}).status_code == 201


def put_tiles(client, *tiles, transforms=None, derive=True, path=S, status=201):
    response = client.put(f"{path}/resolvedTiles?deriveData={'true' if derive else 'false'}",
                          json=body(*tiles, transforms=transforms))
    assert response.status_code == status, text(response)
    return response


def set_state(client, state, path=S):
    response = client.put(f"{path}/state/{state}")
    assert response.status_code == 201, text(response)


@pytest.fixture
def loaded(client):
    """Two layers: z=1 (a, b in section "1.0"), z=2 (c in "2.0", d in "1.0" and group g)."""
    create(client)
    put_tiles(client, tile("b", 1, 90, 0, "1.0"), tile("a", 1, 0, 0, "1.0"),
              tile("c", 2, 0, 0, "2.0"), tile("d", 2, 500, 500, "1.0", groupId="g"))
    return client


# ---------------------------------------------------------------------------- PUT resolvedTiles
def test_put_derives_bounds_and_answers_201_with_location(client, store):
    create(client)
    response = put_tiles(client, tile("t1", 3407, 10.5, -3.7), tile("t2", 3407.0))
    assert response.headers["Location"].endswith("/resolvedTiles?deriveData=true")
    stored = client.get(f"{S}/tile/t1").get_json()
    assert (stored["minX"], stored["minY"], stored["maxX"], stored["maxY"]) == (10.0, -3.0, 110.0, 97.0)
    assert stored["z"] == 3407.0 and stored["width"] == 100.0 and stored["meshCellSize"] == 64.0
    assert list(stored)[:8] == ["tileId", "z", "minX", "minY", "maxX", "maxY", "width", "height"]
    assert stored["transforms"]["specList"][0]["type"] == "leaf"


def test_put_without_derive_keeps_given_bounds_and_z_variant(client):
    create(client)
    given = tile("t1", 5, minX=1.0, minY=2.0, maxX=3.0, maxY=4.0)
    response = client.put(f"{S}/z/5/resolvedTiles", json=body(given))
    assert response.status_code == 201, text(response)
    assert client.get(f"{S}/tile/t1").get_json()["maxY"] == 4.0


def test_put_upserts_tiles_and_shared_transforms_by_id(client):
    create(client)
    lens = {"type": "leaf", "id": "lens", "className": AFFINE, "dataString": "1 0 0 1 5 5"}
    put_tiles(client, tile("t1", 1, specs=[{"type": "ref", "refId": "lens"}]), transforms={"lens": lens})
    put_tiles(client, tile("t1", 1, 7, 0))
    assert client.get(f"{S}/tile/t1").get_json()["minX"] == 7.0
    assert client.get(f"{S}/transform/lens").get_json() == lens


@pytest.mark.parametrize("derive", [True, False])
def test_refused_puts_store_nothing(client, store, derive):
    create(client)
    put_tiles(client, tile("old", 1))
    good = tile("new", 1, minX=0, minY=0, maxX=1, maxY=1)
    bad = tile("bad", 1, specs=[{"type": "ref", "refId": "missing"}], minX=0, minY=0, maxX=1, maxY=1)
    lens = {"type": "leaf", "id": "lens", "className": AFFINE, "dataString": "1 0 0 1 5 5"}
    response = client.put(f"{S}/resolvedTiles?deriveData={str(derive).lower()}",
                          json=body(good, bad, transforms={"lens": lens}))
    assert_error(response, 400, "tile bad requires the following transform ids [missing]")
    assert store.tile_collection(SID).keys() == ["old"]
    assert store.transform_collection(SID).count() == 0


def test_put_errors_in_render_ws_order(client):
    assert_error(client.put(f"{S}/resolvedTiles", data="", content_type="application/json"), 400,
                 "no resolved tiles provided")
    assert_error(client.put(f"{S}/resolvedTiles", json=body(tile("t", 1))), 404,
                 f"{STACK_TEXT} does not exist")
    bad_name = f"{V1}/owner/o/project/p/stack/bad-name/resolvedTiles"
    assert_error(client.put(bad_name, json=body(tile("t", 1))), 400)
    create(client)
    assert_error(client.put(f"{S}/resolvedTiles", json=[]), 400)
    assert_error(client.put(f"{S}/resolvedTiles?deriveData=true", json=body()), 400,
                 "collection does not have any tiles")
    unknown = tile("t", 1, specs=[{"className": "a.B", "dataString": "1"}])
    assert_error(client.put(f"{S}/resolvedTiles?deriveData=true", json=body(unknown)), 400,
                 "transform class 'a.B' cannot be found")
    bad_data = tile("t", 1, specs=[affine() | {"dataString": "1 0 0 1 x 0"}])
    assert_error(client.put(f"{S}/resolvedTiles?deriveData=true", json=body(bad_data)), 400,
                 'For input string: "x"')
    no_size = tile("t", 1)
    del no_size["width"]
    assert_error(client.put(f"{S}/resolvedTiles?deriveData=true", json=body(no_size)), 500,
                 "width and height must be set to create a bounding box")
    # without deriveData the bounding-box check comes before the reference check
    unresolved = tile("t", 1, specs=[{"type": "ref", "refId": "x"}])
    assert_error(client.put(f"{S}/resolvedTiles", json=body(unresolved)), 400,
                 "tile with id 't' is missing bounding box attributes (minX, minY, maxX, and/or maxY)")
    assert_error(client.put(f"{S}/resolvedTiles?deriveData=true", json=body(unresolved)), 400,
                 "tile t requires the following transform ids [x]")
    assert_error(client.put(f"{S}/z/2/resolvedTiles?deriveData=true", json=body(tile("t", 1))), 400,
                 "all tiles must have a z value of 2.0")
    assert_error(client.put(f"{S}/z/abc/resolvedTiles", json=body(tile("t", 1))), 404)


@pytest.mark.parametrize("state", ["COMPLETE", "READ_ONLY", "OFFLINE"])
def test_put_refused_unless_loading(client, state):
    create(client)
    put_tiles(client, tile("t", 1))
    for step in {"COMPLETE": ["COMPLETE"], "READ_ONLY": ["COMPLETE", "READ_ONLY"],
                 "OFFLINE": ["COMPLETE", "OFFLINE"]}[state]:
        set_state(client, step)
    assert_error(client.put(f"{S}/resolvedTiles?deriveData=true", json=body(tile("u", 1))), 500,
                 "Resolved tiles can only be saved to stacks in the LOADING state, but this stack's state is "
                 f"{state}.")


# ---------------------------------------------------------------------------- GET resolvedTiles
def test_get_resolved_tiles_filters(loaded):
    def ids(query):
        response = loaded.get(f"{S}/resolvedTiles{query}")
        assert response.status_code == 200, text(response)
        return list(response.get_json()["tileIdToSpecMap"])

    assert ids("") == ["a", "b", "c", "d"]
    assert ids("?minZ=1&maxZ=1") == ["a", "b"]
    assert ids("?minZ=1.5") == ["c", "d"]
    assert ids("?maxZ=1.5") == ["a", "b"]
    assert ids("?groupId=g") == ["d"]
    assert ids("?minX=150") == ["b", "d"]            # tile.maxX >= 150
    assert ids("?maxX=50&minZ=2&maxZ=2") == ["c"]    # tile.minX <= 50
    assert ids("?minY=200") == ["d"]
    assert ids("?maxY=0") == ["a", "b", "c"]         # closed interval: minY 0 <= 0
    response = loaded.get(f"{S}/resolvedTiles?minZ=1&maxZ=3&groupId=x&minX=2.5")
    assert_error(response, 404, f"no tile specifications found in {STACK_TEXT} for Document{{{{z=Document{{{{"
                 "$gte=1.0, $lte=3.0}}, groupId=x, maxX=Document{{$gte=2.5}}}}")


def test_get_resolved_tiles_includes_transitive_shared_transforms(client):
    create(client)
    lens = {"type": "list", "id": "lens", "specList": [{"className": AFFINE, "dataString": "1 0 0 1 0 0"}]}
    put_tiles(client, tile("t", 1, specs=[{"type": "ref", "refId": "lens"}]), transforms={"lens": lens},
              derive=True)
    got = client.get(f"{S}/z/1/resolvedTiles").get_json()
    assert list(got) == ["transformIdToSpecMap", "tileIdToSpecMap"]
    assert got["tileIdToSpecMap"]["t"]["transforms"]["specList"] == [{"type": "ref", "refId": "lens"}]
    assert got["transformIdToSpecMap"]["lens"]["id"] == "lens"


def test_layer_resolved_tiles_errors(client):
    assert_error(client.get(f"{S}/z/1/resolvedTiles"), 404, f"{STACK_TEXT} does not exist")
    create(client)
    assert_error(client.get(f"{S}/z/1/resolvedTiles"), 404,
                 f"no tile specifications found in {STACK_TEXT} for z=1.0")


# ---------------------------------------------------------------------------- layers
def test_z_values_and_layer_reads(loaded):
    assert loaded.get(f"{S}/zValues/").get_json() == [1.0, 2.0]
    assert loaded.get(f"{S}/zValues?minZ=1.5").get_json() == [2.0]
    assert loaded.get(f"{S}/z/1.000000/bounds").get_json() == {
        "minX": 0.0, "minY": 0.0, "minZ": 1.0, "maxX": 190.0, "maxY": 100.0, "maxZ": 1.0}
    assert loaded.get(f"{S}/z/1/tileBounds").get_json() == [
        {"minX": 0.0, "minY": 0.0, "minZ": 1.0, "maxX": 100.0, "maxY": 100.0, "maxZ": 1.0, "tileId": "a",
         "sectionId": "1.0", "z": 1.0},
        {"minX": 90.0, "minY": 0.0, "minZ": 1.0, "maxX": 190.0, "maxY": 100.0, "maxZ": 1.0, "tileId": "b",
         "sectionId": "1.0", "z": 1.0}]
    assert loaded.get(f"{S}/z/9/tileBounds").get_json() == []
    assert loaded.get(f"{S}/z/2/sectionData").get_json() == [
        {"sectionId": "1.0", "z": 2.0, "tileCount": 1, "minX": 500.0, "maxX": 600.0, "minY": 500.0,
         "maxY": 600.0},
        {"sectionId": "2.0", "z": 2.0, "tileCount": 1, "minX": 0.0, "maxX": 100.0, "minY": 0.0,
         "maxY": 100.0}]


def test_layer_errors(client):
    assert_error(client.get(f"{S}/zValues"), 404, f"{STACK_TEXT} does not exist")
    assert_error(client.get(f"{S}/z/1/bounds"), 404, f"{STACK_TEXT} does not exist")
    assert_error(client.get(f"{S}/z/1/tileBounds"), 404)
    assert_error(client.get(f"{S}/z/1/sectionData"), 404)
    create(client)
    assert client.get(f"{S}/zValues").get_json() == []
    empty_layer = "stack s does not contain any tiles with a z value of 1.0"
    assert_error(client.get(f"{S}/z/1/bounds"), 400, empty_layer)
    assert_error(client.get(f"{S}/z/1/tile-specs"), 400, empty_layer)
    assert_error(client.get(f"{S}/z/1/render-parameters"), 400, empty_layer)
    assert client.get(f"{S}/z/1/sectionData").get_json() == []


def test_tile_specs_and_layer_render_parameters(client):
    create(client)
    lens = {"type": "leaf", "id": "lens", "metaData": {"labels": ["lens"]}, "className": AFFINE,
            "dataString": "1 0 0 1 0 0"}
    put_tiles(client, tile("b", 1, specs=[{"type": "ref", "refId": "lens"}, affine(50, 0)]),
              tile("a", 1, specs=[{"type": "list", "specList": [affine(0, 0)]}]), transforms={"lens": lens})
    specs = client.get(f"{S}/z/1/tile-specs").get_json()
    assert [s["tileId"] for s in specs] == ["a", "b"]
    assert specs[1]["transforms"]["specList"][0] == lens
    assert specs[0]["transforms"]["specList"] == [{"type": "leaf", **affine(0, 0)}]
    params = client.get(f"{S}/z/1/render-parameters?scale=0.25&filter=true").get_json()
    box = (params["x"], params["y"], params["width"], params["height"], params["scale"])
    assert box == (0.0, 0.0, 150, 100, 0.25)
    assert params["doFilter"] is True and params["meshCellSize"] == 64.0 and len(params["tileSpecs"]) == 2
    last = client.get(f"{S}/z/1/last-tile-transforms").get_json()
    assert last[1] == {"tileId": "b", "lastTransform": {"type": "leaf", **affine(50, 0)}}


# ---------------------------------------------------------------------------- boxes
def test_box_render_parameters_and_tile_count(loaded):
    params = loaded.get(f"{S}/z/1/box/100,0,50,50,0.5/render-parameters").get_json()
    assert (params["x"], params["width"], params["scale"]) == (100.0, 50, 0.5)
    assert [t["tileId"] for t in params["tileSpecs"]] == ["a", "b"]   # a.maxX = 100 touches x = 100
    assert loaded.get(f"{S}/z/1/box/101,0,50,50,0.5/render-parameters?scale=2").get_json()["scale"] == 2.0
    assert loaded.get(f"{S}/z/1/box/500,500,5,5,1/render-parameters").get_json()["tileSpecs"] == []
    assert [t["tileId"] for t in loaded.get(
        f"{S}/group/g/z/2/box/0,0,1000,1000,1/render-parameters").get_json()["tileSpecs"]] == ["d"]
    assert loaded.get(f"{S}/z/1/box/0,0,1000,1000/tile-count").get_json() == 2
    assert loaded.get(f"{S}/z/7/box/0,0,1000,1000/tile-count").get_json() == 0
    assert_error(loaded.get(f"{S}/z/1/box/0,0,1.5,10,1/render-parameters"), 404)


def test_box_errors(client):
    assert_error(client.get(f"{S}/z/1/box/0,0,10,10,1/render-parameters"), 404,
                 f"{STACK_TEXT} does not exist")
    assert_error(client.get(f"{S}/z/1/box/0,0,10,10/tile-count"), 404, f"{STACK_TEXT} does not exist")


# ---------------------------------------------------------------------------- sections, z changes
def test_section_reads_and_z_changes(loaded, store):
    assert loaded.get(f"{S}/section/2.0/z").get_json() == 2.0
    assert [b["tileId"] for b in loaded.get(f"{S}/section/1.0/tileBounds").get_json()] == ["a", "b", "d"]
    assert_error(loaded.get(f"{S}/section/9/z"), 404, f"sectionId '9' does not exist in the {STACK_TEXT}")
    response = loaded.put(f"{S}/section/2.0/z", json=5)
    assert response.status_code == 201 and response.headers["Location"].endswith("/section/2.0/z")
    assert store.tile_collection(SID).get("c")["z"] == 5.0
    assert loaded.put(f"{S}/z/7/tileIds", json=["a", "zz"]).status_code == 201
    assert loaded.get(f"{S}/zValues").get_json() == [1.0, 2.0, 5.0, 7.0]
    assert store.tile_collection(SID).get("a")["minX"] == 0.0       # bounds untouched
    assert_error(loaded.put(f"{S}/z/7/tileIds", data="", content_type="application/json"), 400,
                 "tileIds value must be specified")
    set_state(loaded, "COMPLETE")
    message = ("Z values can only be updated for stacks in the LOADING state, but this stack's state is "
               "COMPLETE.")
    assert_error(loaded.put(f"{S}/section/2.0/z", json=6), 500, message)
    assert_error(loaded.put(f"{S}/z/7/tileIds", json=["a"]), 500, message)


def test_section_errors_for_missing_stack(client):
    assert_error(client.get(f"{S}/section/1/z"), 404, f"{STACK_TEXT} does not exist")
    assert_error(client.get(f"{S}/section/1/tileBounds"), 404)
    assert_error(client.put(f"{S}/section/1/z", json=1), 404)


# ---------------------------------------------------------------------------- transforms
def test_transform_errors(client):
    assert_error(client.get(f"{S}/transform/x"), 404, f"{STACK_TEXT} does not exist")
    create(client)
    assert_error(client.get(f"{S}/transform/x"), 404,
                 f"transform spec with id 'x' does not exist in the {STACK_TEXT}")


# ---------------------------------------------------------------------------- merge helpers
def test_merge_helpers(client):
    create(client)
    put_tiles(client, tile("a", 1, section="1.0"), tile("b", 1.1, section="1.1"), tile("c", 2, section="2.0"),
              tile("d", 3.5, section="3.5"), tile("e", 1, section="1.2"))
    assert client.get(f"{S}/mergeableZValues").get_json() == [1.0, 1.1]
    assert client.get(f"{S}/mergeableData").get_data(as_text=True) == "0 < 1 : 1.0 < 1.1\n"
    assert_error(client.get(f"{S}/mergedZValues"), 400)
    set_state(client, "COMPLETE")
    assert client.get(f"{S}/mergedZValues").get_json() == [1.0]
    assert [s["sectionId"] for s in client.get(f"{S}/reorderedSectionData").get_json()] == []
    set_state(client, "LOADING")
    put_tiles(client, tile("f", 4, section="abc"))
    set_state(client, "COMPLETE")
    assert_error(client.get(f"{S}/reorderedSectionData"), 400,
                 "reordered sections cannot be determined because stack contains non-standard sectionId "
                 "(abc) or z value (4.0)")


# ---------------------------------------------------------------------------- layout files
def test_layout_files(client):
    assert_error(client.get(f"{S}/layoutFile"), 404, f"{STACK_TEXT} does not exist")
    create(client)
    layout = {"sectionId": "1.0", "imageRow": 0, "imageCol": 2, "camera": "c", "temca": "0", "rotation": 0.0,
              "stageX": 5.0, "stageY": 6.0}
    t1_specs = [affine() | {"dataString": "1.0 0.1 0.2 1.0 10 20"}]
    put_tiles(client, tile("t1", 1, specs=t1_specs, layout=layout), tile("t2", 1, specs=[], layout=layout),
              tile("t3", 2, specs=[affine(0, 500)]))
    karsh = client.get(f"{S}/layoutFile?maxZ=1").get_data(as_text=True).splitlines()
    stack_url = f"http://localhost{S}"
    # sorted by z, minY, minX; the stage position when the last transform is not a 6-value leaf
    assert karsh == [
        f"1.0\tt2\t1.0\t0.0\t5.0\t0.0\t1.0\t6.0\t2\t0\tc\t/d/t2.png\t0\t0.0\t1.0\t"
        f"{stack_url}/tile/t2/render-parameters",
        f"1.0\tt1\t1.0\t0.2\t10\t0.1\t1.0\t20\t2\t0\tc\t/d/t1.png\t0\t0.0\t1.0\t"
        f"{stack_url}/tile/t1/render-parameters",
    ]
    assert client.get(f"{S}/z/2/layoutFile").get_data(as_text=True) == (
        f"null\tt3\t1.0\t0.0\t0\t0.0\t1.0\t500\tnull\tnull\tnull\t/d/t3.png\tnull\tnull\t2.0\t"
        f"{stack_url}/tile/t3/render-parameters\n")
    set_state(client, "COMPLETE")
    scheffer = client.get(f"{S}/zRange/1,1/layoutFile?format=SCHEFFER")
    assert scheffer.mimetype == "text/plain"
    # width and height are TileSpec.getWidth()/getHeight() ints (render-app TileSpec.java:429-446)
    assert scheffer.get_data(as_text=True) == (
        "BBOX 0.0 0.0 130.0 600.0\nTRANSFORM '/d/t1.png' 1.0 0.2 10 0.1 1.0 20 100 100\n"
        "TRANSFORM '/d/t2.png' null 100 100\n")
    assert_error(client.get(f"{S}/layoutFile?format=OTHER"), 404)


def test_dvid_style_boxes(loaded):
    params = loaded.get(f"{S}/dvid/imagetile/raw/xy/50_50/100_0_1/render-parameters").get_json()
    box = (params["x"], params["y"], params["width"], params["height"], params["scale"])
    assert box == (100.0, 0.0, 50, 50, 1.0)
    assert [t["tileId"] for t in params["tileSpecs"]] == ["a", "b"]
    scaled = loaded.get(f"{S}/dvid/imagetile/raw/xy/50_50/100_0_1/render-parameters?scale=0.5").get_json()
    assert scaled["scale"] == 0.5
    group = loaded.get(f"{S}/group/g/dvid/imagetile/raw/xy/1000_1000/0_0_2/render-parameters").get_json()
    assert [t["tileId"] for t in group["tileSpecs"]] == ["d"]
    assert loaded.get(f"{S}/dvid/imagetile/raw/xy/1000_1000/-5.5_0_2/tile-count").get_json() == 2
    assert_error(loaded.get(f"{S}/dvid/imagetile/raw/xy/1.5_10/0_0_1/tile-count"), 404)


def test_reads_follow_every_change_of_a_tile(loaded):
    assert loaded.get(f"{S}/z/1/tile-specs").get_json()[0]["minX"] == 0.0
    assert loaded.get(f"{S}/z/1/resolvedTiles").get_json()["tileIdToSpecMap"]["a"]["minX"] == 0.0
    put_tiles(loaded, tile("a", 1, 3, 0, "1.0"))
    assert loaded.get(f"{S}/z/1/tile-specs").get_json()[0]["minX"] == 3.0
    assert loaded.get(f"{S}/tile/a").get_json()["minX"] == 3.0
    assert loaded.put(f"{S}/section/1.0/z", json=4).status_code == 201
    assert [t["z"] for t in loaded.get(f"{S}/z/4/tile-specs").get_json()] == [4.0, 4.0, 4.0]
    assert loaded.get(f"{S}/z/4/resolvedTiles").get_json()["tileIdToSpecMap"]["a"]["z"] == 4.0
