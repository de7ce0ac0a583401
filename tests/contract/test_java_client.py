"""renderapi.client through run_ws_client.sh (the `render` fixture's RenderClient): imports, transform
changes, tile pairs, section transforms and client-side coordinate mapping, checked via REST reads.

Backend-agnostic: the same tests run with render's real java client scripts
(``--render-client-scripts``) or with render_emulator's emulated ones (the default).
"""

from __future__ import annotations

import json
import os

import numpy as np
import pytest

import renderapi
from renderapi.errors import ClientScriptError
from renderapi.external.processpools.stdlib_pool import WithThreadPool
from renderapi.tilespec import Layout, TileSpec
from renderapi.transform import AffineModel, ReferenceTransform, TransformList

SIZE = 100
STEP = 90


@pytest.fixture
def client_render(render, render_client_scripts):
    """The fixture's RenderClient (skips when no client scripts are available)."""
    assert isinstance(render, renderapi.render.RenderClient)
    return render


def grid_tile(z: float, row: int, col: int, tforms=None) -> TileSpec:
    tile_id = f"{z:g}_{row}_{col}"
    layout = Layout(sectionId=f"{z:g}", imageRow=row, imageCol=col, scopeId="scope", cameraId="cam")
    return TileSpec(tileId=tile_id, z=z, width=SIZE, height=SIZE, imageUrl=f"file:///data/{tile_id}.png",
                    layout=layout, tforms=tforms or [AffineModel(B0=col * STEP, B1=row * STEP)])


def grid_tiles(zs=(1.0,)) -> list[TileSpec]:
    return [grid_tile(z, r, c) for z in zs for r in (0, 1) for c in (0, 1)]


def test_guide_import_tilespecs_then_complete(client_render):
    """The user guide: create_stack, import_tilespecs, set_stack_state COMPLETE."""
    render = client_render
    tilespec = TileSpec(tileId="guide_tile", z=3407.0, width=2048, height=2048,
                        imageUrl="file:///data/guide_tile.png", layout=Layout(sectionId="3407.0"),
                        tforms=[AffineModel(M00=0.5, M11=0.5, B0=10.5, B1=-20.25)])
    renderapi.stack.create_stack("guide", render=render)
    renderapi.client.import_tilespecs("guide", [tilespec], render=render)
    assert renderapi.stack.get_full_stack_metadata("guide", render=render)["state"] == "LOADING"
    renderapi.stack.set_stack_state("guide", "COMPLETE", render=render)
    assert renderapi.stack.get_full_stack_metadata("guide", render=render)["state"] == "COMPLETE"
    stored = renderapi.tilespec.get_tile_spec_raw("guide", "guide_tile", render=render)
    # bounds derived client-side: 2048 * 0.5 scaled, shifted by (10.5, -20.25), Java int truncation
    assert stored.bbox == (10.0, -20.0, 10.0 + 1024.0, -20.0 + 1024.0)
    assert renderapi.stack.get_z_values_for_stack("guide", render=render) == [3407.0]


def test_import_tilespecs_with_shared_transforms_keeps_references(client_render):
    render = client_render
    shared = TransformList([AffineModel(B0=5.0)], transformId="lens_1")
    tiles = [grid_tile(1.0, 0, c, tforms=[ReferenceTransform(refId="lens_1"), AffineModel(B0=c * STEP)])
             for c in (0, 1)]
    renderapi.stack.create_stack("shared", render=render)
    renderapi.client.import_tilespecs("shared", tiles, sharedTransforms=[shared], render=render)
    raw = renderapi.tilespec.get_tile_spec_raw("shared", "1_0_1", render=render)
    assert raw.tforms[0].to_dict() == {"type": "ref", "refId": "lens_1"}
    assert raw.bbox == (95.0, 0.0, 195.0, 100.0)


def test_import_tilespecs_parallel_with_close_stack(client_render):
    render = client_render
    tiles = grid_tiles((1.0, 2.0))
    renderapi.stack.create_stack("parallel", render=render)
    renderapi.client.import_tilespecs_parallel("parallel", tiles, poolsize=3, close_stack=True,
                                               render=render)
    assert renderapi.stack.get_full_stack_metadata("parallel", render=render)["state"] == "COMPLETE"
    stored = sorted(renderapi.stack.get_stack_tileIds("parallel", render=render))
    assert stored == sorted(t.tileId for t in tiles)
    assert renderapi.stack.get_stack_bounds("parallel", render=render) == {
        "minX": 0.0, "minY": 0.0, "maxX": 190.0, "maxY": 190.0, "minZ": 1.0, "maxZ": 2.0}


def test_import_jsonfiles_serial_and_parallel(client_render, tmp_path):
    render = client_render
    paths = []
    for z in (1.0, 2.0):
        path = tmp_path / f"tiles_{z:g}.json"
        path.write_text(renderapi.utils.renderdumps(grid_tiles((z,))))
        paths.append(str(path))
    renderapi.stack.create_stack("jsonfiles", render=render)
    renderapi.client.import_jsonfiles("jsonfiles", paths, render=render)
    assert renderapi.stack.get_full_stack_metadata("jsonfiles", render=render)["state"] == "COMPLETE"
    assert renderapi.stack.get_z_values_for_stack("jsonfiles", render=render) == [1.0, 2.0]

    renderapi.stack.create_stack("jsonfiles_parallel", render=render)
    renderapi.client.import_jsonfiles_parallel("jsonfiles_parallel", paths, poolsize=2, mpPool=WithThreadPool,
                                               close_stack=False, render=render)
    assert renderapi.stack.get_full_stack_metadata("jsonfiles_parallel", render=render)["state"] == "LOADING"
    assert len(renderapi.stack.get_stack_tileIds("jsonfiles_parallel", render=render)) == 8


def test_import_of_missing_file_raises_client_script_error(client_render, tmp_path):
    renderapi.stack.create_stack("missing", render=client_render)
    with pytest.raises(ClientScriptError):
        renderapi.client.importJsonClient("missing", [str(tmp_path / "nope.json")], render=client_render)


def test_import_transform_changes(client_render):
    render = client_render
    renderapi.stack.create_stack("source", render=render)
    renderapi.client.import_tilespecs("source", grid_tiles(), render=render)
    renderapi.stack.set_stack_state("source", "COMPLETE", render=render)
    changes = [{"tileId": "1_0_0", "transform": AffineModel(B0=1000.0)},
               {"tileId": "1_1_1", "transform": AffineModel(B0=2000.0, B1=500.0)}]
    change_file = renderapi.utils.renderdump_temp(changes)
    try:
        renderapi.client.importTransformChangesClient("source", "target", change_file,
                                                      changeMode="REPLACE_LAST", close_stack=False,
                                                      render=render)
    finally:
        os.remove(change_file)
    renderapi.stack.set_stack_state("target", "COMPLETE", render=render)
    assert sorted(renderapi.stack.get_stack_tileIds("target", render=render)) == ["1_0_0", "1_1_1"]
    moved = renderapi.tilespec.get_tile_spec("target", "1_1_1", render=render)
    assert moved.bbox == (2000.0, 500.0, 2100.0, 600.0)
    with pytest.raises(ClientScriptError):
        renderapi.client.importTransformChangesClient("source", "target", "unused.json", render=render)


def test_tile_pair_client(client_render):
    render = client_render
    renderapi.stack.create_stack("pairs", render=render)
    renderapi.client.import_tilespecs("pairs", grid_tiles((1.0, 2.0)), render=render)
    renderapi.stack.set_stack_state("pairs", "COMPLETE", render=render)
    result = renderapi.client.tilePairClient("pairs", 1, 2, zNeighborDistance=0, render=render)
    # TilePairClient.java:312-321: the literal {baseDataUrl} token, then the stack's path
    assert result["renderParametersUrlTemplate"] == (
        f"{{baseDataUrl}}/owner/{render.DEFAULT_OWNER}/project/{render.DEFAULT_PROJECT}/stack/pairs/tile/{{id}}"
        "/render-parameters")
    pairs = {(p["p"]["id"], p["q"]["id"]): (p["p"].get("relativePosition"), p["q"].get("relativePosition"))
             for p in result["neighborPairs"]}
    # corner neighbours are excluded by default: 4 edge pairs per layer
    assert pairs == {
        ("1_0_0", "1_0_1"): ("LEFT", "RIGHT"), ("1_0_0", "1_1_0"): ("TOP", "BOTTOM"),
        ("1_0_1", "1_1_1"): ("TOP", "BOTTOM"), ("1_1_0", "1_1_1"): ("LEFT", "RIGHT"),
        ("2_0_0", "2_0_1"): ("LEFT", "RIGHT"), ("2_0_0", "2_1_0"): ("TOP", "BOTTOM"),
        ("2_0_1", "2_1_1"): ("TOP", "BOTTOM"), ("2_1_0", "2_1_1"): ("LEFT", "RIGHT"),
    }
    cross = renderapi.client.tilePairClient("pairs", 1, 2, zNeighborDistance=1,
                                            excludeSameLayerNeighbors=True, render=render)
    assert {(p["p"]["id"], p["q"]["id"]) for p in cross["neighborPairs"]} >= {("1_0_0", "2_0_0")}
    assert all(p["absoluteDeltaZ"] == 1.0 for p in cross["neighborPairs"])


def test_tile_pair_client_split_files(client_render, tmp_path):
    render = client_render
    renderapi.stack.create_stack("split", render=render)
    renderapi.client.import_tilespecs("split", grid_tiles(), render=render)
    renderapi.stack.set_stack_state("split", "COMPLETE", render=render)
    outjson = str(tmp_path / "pairs.json")
    jsondata, files = renderapi.client.tilePairClient("split", 1, 1, outjson=outjson, maxPairsPerFile=2,
                                                      return_jsonfiles=True, render=render)
    assert len(jsondata["neighborPairs"]) == 4
    assert [os.path.basename(f) for f in files] == ["pairs_p000.json", "pairs_p001.json"]
    assert all(len(json.load(open(f))["neighborPairs"]) == 2 for f in files)


def test_transform_section_client(client_render):
    render = client_render
    renderapi.stack.create_stack("section", render=render)
    renderapi.client.import_tilespecs("section", grid_tiles((1.0, 2.0)), render=render)
    renderapi.stack.set_stack_state("section", "COMPLETE", render=render)
    renderapi.client.transformSectionClient("section", "shift_1", "mpicbg.trakem2.transform.AffineModel2D",
                                            "1,0,0,1,500,0", [1.0], targetStack="section_shifted",
                                            render=render)
    renderapi.stack.set_stack_state("section_shifted", "COMPLETE", render=render)
    assert renderapi.stack.get_z_values_for_stack("section_shifted", render=render) == [1.0]
    tile = renderapi.tilespec.get_tile_spec("section_shifted", "1_0_1", render=render)
    assert [float(v) for v in tile.tforms[-1].to_dict()["dataString"].split()] == [1, 0, 0, 1, 500, 0]
    raw = renderapi.tilespec.get_tile_spec_raw("section_shifted", "1_0_1", render=render)
    assert raw.tforms[-1].to_dict() == {"type": "ref", "refId": "shift_1"}
    assert tile.bbox == (590.0, 0.0, 690.0, 100.0)
    with pytest.raises(ClientScriptError):  # render's current TransformSectionClient has no --replaceLast
        renderapi.client.transformSectionClient("section", "x", "mpicbg.trakem2.transform.AffineModel2D",
                                                "1,0,0,1,0,0", [1.0], replaceLast=True, render=render)


def test_coordinates_clientside_round_trip(client_render):
    render = client_render
    renderapi.stack.create_stack("coords", render=render)
    renderapi.client.import_tilespecs("coords", grid_tiles(), render=render)
    renderapi.stack.set_stack_state("coords", "COMPLETE", render=render)
    world = [{"tileId": "1_0_1", "world": [120.0, 30.0]}, {"world": [5000.0, 5000.0]},
             {"tileId": "1_0_0", "world": [5000.0, 5000.0]}]
    answer = renderapi.coordinate.world_to_local_coordinates_clientside("coords", world, 1.0, render=render)
    assert answer[0] == [{"tileId": "1_0_1", "visible": True, "local": [30.0, 30.0, 1.0]}]
    assert answer[1] == [{"error": "no tile specifications found in layer 1.0 of stack coords for "
                                   "[5000.0, 5000.0]"}]
    # outside every tile the input tileId is tried (and cannot be inverted there)
    assert answer[2] == [{"tileId": "1_0_0", "world": [5000.0, 5000.0], "error": (
        "world coordinate (5000.0, 5000.0) found in tile id(s) [1_0_0] cannot be inverted")}]
    overlap = renderapi.coordinate.world_to_local_coordinates_clientside(
        "coords", [{"world": [95.0, 50.0]}], 1.0, render=render)
    assert overlap == [[{"tileId": "1_0_0", "local": [95.0, 50.0, 1.0]},
                        {"tileId": "1_0_1", "visible": True, "local": [5.0, 50.0, 1.0]}]]
    local = [[{"tileId": "1_1_1", "local": [10.0, 20.0]}]]
    back = renderapi.coordinate.local_to_world_coordinates_clientside("coords", local, 1.0, render=render)
    assert back == [{"tileId": "1_1_1", "world": [100.0, 110.0, 1.0]}]

    points = np.array([[100.0, 10.0], [150.0, 80.0]])
    local_points = renderapi.coordinate.world_to_local_coordinates_array(
        "coords", points, "1_0_1", 1.0, doClientSide=True, render=render)
    np.testing.assert_allclose(local_points, [[10.0, 10.0], [60.0, 80.0]])
    world_points = renderapi.coordinate.local_to_world_coordinates_array(
        "coords", local_points, "1_0_1", 1.0, doClientSide=True, render=render)
    np.testing.assert_allclose(world_points, points)
