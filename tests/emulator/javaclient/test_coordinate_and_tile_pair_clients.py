"""Emulated CoordinateClient (world<->local through tileIdsForCoordinates / tile-specs-with-ids) and
TilePairClient (pairs, options, split output files) against an EmulatorServer."""

from __future__ import annotations

import gzip
import json

import pytest

import renderapi
from renderapi.tilespec import Layout, TileSpec
from renderapi.transform import AffineModel, Polynomial2DTransform

COORDINATES = "org.janelia.render.client.CoordinateClient"
PAIRS = "org.janelia.render.client.TilePairClient"


@pytest.fixture
def grid(render):
    """Stack ``g``: layers 1 and 2 with 2 x 2 tiles of 100 px on a 90 px pitch (sectionId = z)."""
    renderapi.stack.create_stack("g", render=render)
    tiles = [TileSpec(tileId=f"{z:g}_{r}_{c}", z=z, width=100, height=100, imageUrl="file:///x.png",
                      layout=Layout(sectionId=f"{z:g}"), tforms=[AffineModel(B0=c * 90.0, B1=r * 90.0)])
             for z in (1.0, 2.0) for r in (0, 1) for c in (0, 1)]
    renderapi.resolvedtiles.put_tilespecs("g", tilespecs=tiles, render=render)
    renderapi.stack.set_stack_state("g", "COMPLETE", render=render)
    return "g"


def coordinate_run(run_client, stack_args, tmp_path, points, *extra, z="1.0", suffix=".json"):
    source, target = tmp_path / "in.json", tmp_path / f"out{suffix}"
    source.write_text(json.dumps(points))
    code = run_client(COORDINATES, *stack_args, "--stack", "g", "--z", z, "--fromJson", source,
                      "--toJson", target, *extra)
    if code != 0:
        return code, None
    opener = gzip.open if suffix == ".gz" else open
    with opener(target, "rt") as f:
        return code, json.load(f)


def test_world_to_local_matches_the_server(run_client, stack_args, render, grid, tmp_path, http_log):
    points = [{"world": [95.0, 50.0]}, {"world": [10.0, 10.0]}]
    code, answer = coordinate_run(run_client, stack_args, tmp_path, points)
    assert code == 0
    server = renderapi.coordinate.world_to_local_coordinates_batch(grid, points, 1.0, render=render)
    assert answer == server
    owner = render.DEFAULT_OWNER
    assert http_log.calls[:2] == [
        ("PUT", f"/owner/{owner}/project/p/stack/g/z/1.0/tileIdsForCoordinates", 200),
        ("PUT", f"/owner/{owner}/project/p/stack/g/tile-specs-with-ids", 200)]


def test_world_to_local_failures(run_client, stack_args, grid, tmp_path):
    points = [{"world": [5000.0, 1.0]}, {"tileId": "1_0_0", "world": [5000.0, 1.0]}]
    code, answer = coordinate_run(run_client, stack_args, tmp_path, points, suffix=".gz")
    assert answer == [
        [{"error": "no tile specifications found in layer 1.0 of stack g for [5000.0, 1.0]"}],
        [{"tileId": "1_0_0", "world": [5000.0, 1.0],
          "error": "world coordinate (5000.0, 1.0) found in tile id(s) [1_0_0] cannot be inverted"}]]


def test_local_to_world_uses_the_visible_entry(run_client, stack_args, grid, tmp_path):
    points = [[{"tileId": "1_0_0", "local": [1.0, 1.0]},
               {"tileId": "1_1_1", "local": [1.0, 2.0], "visible": True}],
              [{"tileId": "missing", "local": [0.0, 0.0]}]]
    code, answer = coordinate_run(run_client, stack_args, tmp_path, points, "--localToWorld")
    assert answer == [{"tileId": "1_1_1", "world": [91.0, 92.0, 1.0]},
                      {"tileId": "missing", "local": [0.0, 0.0],
                       "error": "no tile spec found for tile id missing"}]


def test_non_affine_tiles_round_trip(run_client, stack_args, render, tmp_path):
    renderapi.stack.create_stack("poly", render=render)
    poly = Polynomial2DTransform(params=[[1.0, 1.0, 0.001, 0.0, 0.0, 0.0], [2.0, 0.0, 1.0, 0.0, 0.0, 0.0]])
    tile = TileSpec(tileId="p", z=1.0, width=200, height=200, imageUrl="file:///x.png", tforms=[poly])
    renderapi.resolvedtiles.put_tilespecs("poly", tilespecs=[tile], render=render)
    world = [[{"tileId": "p", "local": [50.0, 60.0]}]]
    source, target = tmp_path / "in.json", tmp_path / "out.json"
    source.write_text(json.dumps(world))
    assert run_client(COORDINATES, *stack_args, "--stack", "poly", "--z", "1", "--localToWorld",
                      "--fromJson", source, "--toJson", target) == 0
    mapped = json.loads(target.read_text())[0]["world"]
    source.write_text(json.dumps([{"world": mapped[:2]}]))
    assert run_client(COORDINATES, *stack_args, "--stack", "poly", "--z", "1", "--fromJson", source,
                      "--toJson", target) == 0
    local = json.loads(target.read_text())[0][0]["local"]
    assert local[0] == pytest.approx(50.0, abs=1e-6) and local[1] == pytest.approx(60.0, abs=1e-6)


@pytest.mark.parametrize("args", [["--localToWorld"], ["--fromJson", "x.json"]])
def test_coordinate_parameter_checks(run_client, stack_args, capsys, args):
    assert run_client(COORDINATES, *stack_args, "--stack", "g", "--z", "1", *args) == 1
    assert "ERROR: failed to parse command line arguments" in capsys.readouterr().err


def pairs_run(run_client, stack_args, tmp_path, *args, name="pairs.json"):
    target = tmp_path / name
    code = run_client(PAIRS, *stack_args, "--stack", "g", "--toJson", target, *args)
    return code, target


def pair_ids(data) -> set[tuple[str, str]]:
    return {(pair["p"]["id"], pair["q"]["id"]) for pair in data["neighborPairs"]}


def test_same_layer_pairs_with_positions(run_client, stack_args, render, grid, tmp_path):
    code, target = pairs_run(run_client, stack_args, tmp_path, "--minZ", "1", "--maxZ", "1",
                             "--zNeighborDistance", "0")
    data = json.loads(target.read_text())
    assert code == 0
    # TilePairClient.java:319 starts the template with the literal {baseDataUrl} token
    assert data["renderParametersUrlTemplate"] == (
        f"{{baseDataUrl}}/owner/{render.DEFAULT_OWNER}/project/p/stack/g/tile/{{id}}/render-parameters")
    # pairs are sorted by p then q, CanvasId order including relativePosition (CanvasId.java:144-157) in
    # enum order TOP, BOTTOM, LEFT, RIGHT (MontageRelativePosition.java:11): 1_0_0 TOP sorts before 1_0_0 LEFT
    assert data["neighborPairs"][:2] == [
        {"p": {"groupId": "1", "id": "1_0_0", "relativePosition": "TOP"},
         "q": {"groupId": "1", "id": "1_1_0", "relativePosition": "BOTTOM"}},
        {"p": {"groupId": "1", "id": "1_0_0", "relativePosition": "LEFT"},
         "q": {"groupId": "1", "id": "1_0_1", "relativePosition": "RIGHT"}}]
    assert pair_ids(data) == {("1_0_0", "1_0_1"), ("1_0_0", "1_1_0"), ("1_0_1", "1_1_1"), ("1_1_0", "1_1_1")}


def test_corner_neighbours_and_cross_layer_pairs(run_client, stack_args, grid, tmp_path):
    code, target = pairs_run(run_client, stack_args, tmp_path, "--minZ", "1", "--maxZ", "2",
                             "--excludeCornerNeighbors", "false", "--excludeSameLayerNeighbors", "TRUE",
                             "--zNeighborDistance", "1", "--baseStack", "base")
    data = json.loads(target.read_text())
    assert "/stack/base/tile/{id}" in data["renderParametersUrlTemplate"]
    assert len(data["neighborPairs"]) == 16  # every layer-1 tile with every layer-2 tile
    assert all(pair["absoluteDeltaZ"] == 1.0 and "relativePosition" not in pair["p"]
               for pair in data["neighborPairs"])


def test_box_filter_and_obscured_tiles(run_client, stack_args, render, grid, tmp_path):
    hidden = TileSpec(tileId="1_0_0a", z=1.0, width=50, height=50, imageUrl="file:///x.png",
                      layout=Layout(sectionId="1"), tforms=[AffineModel(B0=10.0, B1=10.0)])
    renderapi.stack.set_stack_state("g", "LOADING", render=render)
    renderapi.resolvedtiles.put_tilespecs("g", tilespecs=[hidden], render=render)
    code, target = pairs_run(run_client, stack_args, tmp_path, "--minZ", "1", "--maxZ", "1",
                             "--zNeighborDistance", "0", "--minX", "0", "--maxX", "95", "--minY", "0",
                             "--maxY", "95")
    # "1_0_0" lies under "1_0_0a" only partly; "1_0_0a" is not covered by a greater tileId -> kept
    ids = {tile for pair in pair_ids(json.loads(target.read_text())) for tile in pair}
    assert "1_0_0a" in ids and code == 0
    code, target = pairs_run(run_client, stack_args, tmp_path, "--minZ", "1", "--maxZ", "1", "--minX", "0")
    assert code == 1


def test_split_output_files(run_client, stack_args, grid, tmp_path):
    code, target = pairs_run(run_client, stack_args, tmp_path, "--minZ", "1", "--maxZ", "2",
                             "--zNeighborDistance", "0", "--maxPairsPerFile", "3", name="p.json.gz")
    assert code == 0 and not target.exists()
    files = sorted(tmp_path.glob("p_p*.json.gz"))
    assert [f.name for f in files] == ["p_p000.json.gz", "p_p001.json.gz", "p_p002.json.gz"]
    counts = [len(json.load(gzip.open(f, "rt"))["neighborPairs"]) for f in files]
    assert counts == [3, 3, 2]


def test_no_layers_fails_and_no_pairs_writes_nothing(run_client, stack_args, render, grid, tmp_path, capsys):
    code, _ = pairs_run(run_client, stack_args, tmp_path, "--minZ", "7", "--maxZ", "8")
    assert code == 1 and "does not contain any layers" in capsys.readouterr().err
    renderapi.stack.create_stack("single", render=render)
    tile = TileSpec(tileId="only", z=1.0, width=10, height=10, imageUrl="file:///x.png",
                    tforms=[AffineModel()])
    renderapi.resolvedtiles.put_tilespecs("single", tilespecs=[tile], render=render)
    target = tmp_path / "none.json"
    assert run_client(PAIRS, *stack_args, "--stack", "single", "--toJson", target, "--minZ", "1",
                      "--maxZ", "1") == 0
    assert not target.exists()


def test_exclude_pairs_in_match_collection(run_client, stack_args, render, grid, tmp_path):
    match = {"pGroupId": "1", "pId": "1_0_0", "qGroupId": "1", "qId": "1_0_1",
             "matches": {"p": [[1.0], [1.0]], "q": [[1.0], [1.0]], "w": [1.0]}}
    renderapi.pointmatch.import_matches("coll", [match], render=render)
    code, target = pairs_run(run_client, stack_args, tmp_path, "--minZ", "1", "--maxZ", "1",
                             "--excludePairsInMatchCollection", "coll")
    assert ("1_0_0", "1_0_1") not in pair_ids(json.loads(target.read_text()))
    code, target = pairs_run(run_client, stack_args, tmp_path, "--minZ", "1", "--maxZ", "1",
                             "--excludePairsInMatchCollection", "coll", "--minExistingMatchCount", "1",
                             name="again.json")
    assert ("1_0_0", "1_0_1") in pair_ids(json.loads(target.read_text()))
    code, target = pairs_run(run_client, stack_args, tmp_path, "--minZ", "1", "--maxZ", "1",
                             "--excludePairsInMatchCollection", "no_such", name="third.json")
    assert code == 0 and len(json.loads(target.read_text())["neighborPairs"]) == 4
