"""Emulated ImportTransformChangesClient and TransformSectionClient: derived target stacks, change modes,
application methods and their REST calls against an EmulatorServer."""

from __future__ import annotations

import pytest
import requests

import renderapi
from renderapi.tilespec import TileSpec
from renderapi.transform import AffineModel

CHANGES = "org.janelia.render.client.ImportTransformChangesClient"
SECTION = "org.janelia.render.client.TransformSectionClient"
AFFINE = "mpicbg.trakem2.transform.AffineModel2D"


@pytest.fixture
def source(render):
    """Stack ``src`` (resolution 4, 4, 35), layers 1 and 2, two 100 px tiles each, COMPLETE."""
    renderapi.stack.create_stack("src", stackResolutionX=4.0, stackResolutionY=4.0, stackResolutionZ=35.0,
                                 render=render)
    tiles = [TileSpec(tileId=f"{z:g}_{c}", z=z, width=100, height=100, imageUrl="file:///x.png",
                      tforms=[AffineModel(B0=c * 90.0)]) for z in (1.0, 2.0) for c in (0, 1)]
    renderapi.resolvedtiles.put_tilespecs("src", tilespecs=tiles, render=render)
    renderapi.stack.set_stack_state("src", "COMPLETE", render=render)
    return "src"


def changes_file(tmp_path, changes) -> str:
    path = tmp_path / "changes.json"
    path.write_text(renderapi.utils.renderdumps(changes))
    return str(path)


@pytest.mark.parametrize(("mode", "expected_box", "count"), [
    ("APPEND", (95.0, 0.0, 195.0, 100.0), 2),
    ("REPLACE_LAST", (5.0, 0.0, 105.0, 100.0), 1),
    ("REPLACE_ALL", (5.0, 0.0, 105.0, 100.0), 1),
    ("CONCATENATE_TO_LAST", (95.0, 0.0, 195.0, 100.0), 1),
])
def test_change_modes(run_client, stack_args, render, source, tmp_path, mode, expected_box, count):
    path = changes_file(tmp_path, [{"tileId": "1_1", "transform": AffineModel(B0=5.0)}])
    assert run_client(CHANGES, *stack_args, "--stack", source,
                      "--targetStack", "tgt", "--transformFile", path,
                      "--changeMode", mode) == 0
    tile = renderapi.tilespec.get_tile_spec_raw("tgt", "1_1", render=render)
    assert tile.bbox == expected_box and len(tile.tforms) == count
    assert renderapi.stack.get_stack_tileIds("tgt", render=render) == ["1_1"]
    metadata = renderapi.stack.get_full_stack_metadata("tgt", render=render)
    assert metadata["state"] == "LOADING"
    version = metadata["currentVersion"]
    assert (version["stackResolutionX"], version["stackResolutionZ"]) == (4.0, 35.0)
    assert version["versionNotes"].startswith("derived from")


def test_changes_across_layers_are_saved_per_z(run_client, stack_args, render, source, tmp_path, http_log):
    path = changes_file(tmp_path, [{"tileId": "1_0", "transform": AffineModel(B1=7.0)},
                                   {"tileId": "2_1", "transform": AffineModel(B1=9.0)}])
    assert run_client(CHANGES, *stack_args, "--stack", source, "--targetStack", "tgt",
                      "--transformFile", path) == 0
    puts = [p for p in http_log.paths("PUT") if p.endswith("resolvedTiles")]
    assert [p.split("/stack/")[1] for p in puts] == ["tgt/z/1.0/resolvedTiles", "tgt/z/2.0/resolvedTiles"]


@pytest.mark.parametrize(("changes", "message"), [
    ([], "no tile transform changes"),
    ([{"tileId": "1_0", "transform": AffineModel()}, {"tileId": "1_0", "transform": AffineModel()}],
     "multiple transform changes"),
    ([{"tileId": "missing", "transform": AffineModel()}], "HTTP 404"),
])
def test_bad_change_files_fail(run_client, stack_args, source, tmp_path, capsys, changes, message):
    path = changes_file(tmp_path, changes)
    assert run_client(CHANGES, *stack_args, "--stack", source, "--targetStack", "tgt",
                      "--transformFile", path) == 1
    assert message in capsys.readouterr().err


def test_change_mode_must_be_known(run_client, stack_args, source, tmp_path, capsys):
    path = changes_file(tmp_path, [{"tileId": "1_0", "transform": AffineModel()}])
    assert run_client(CHANGES, *stack_args, "--stack", source,
                      "--targetStack", "tgt", "--transformFile", path,
                      "--changeMode", "SIDEWAYS") == 1
    assert "ERROR: failed to parse command line arguments" in capsys.readouterr().err


@pytest.mark.parametrize(("method", "position", "box"), [
    ("APPEND", -1, (590.0, 0.0, 690.0, 100.0)),
    ("INSERT_AS_FIRST", 0, (590.0, 0.0, 690.0, 100.0)),
    ("REPLACE_LAST", -1, (500.0, 0.0, 600.0, 100.0)),
])
def test_transform_section_application_methods(run_client, stack_args, render, source, method, position, box):
    assert run_client(SECTION, *stack_args, "--stack", source,
                      "--targetStack", "moved", "--transformId", "t1",
                      "--transformClass", AFFINE, "--transformData", "1,0,0,1,500,0",
                      "--transformApplicationMethod", method, "1.0") == 0
    raw = renderapi.tilespec.get_tile_spec_raw("moved", "1_1", render=render)
    assert raw.tforms[position].to_dict() == {"type": "ref", "refId": "t1"}
    assert raw.bbox == box
    resolved = renderapi.tilespec.get_tile_spec("moved", "1_1", render=render)
    assert resolved.tforms[position].transformId == "t1"


def test_transform_section_pre_concatenate_and_complete(run_client, stack_args, render, source):
    assert run_client(SECTION, *stack_args, "--stack", source,
                      "--targetStack", "merged", "--transformId", "t1",
                      "--transformClass", AFFINE, "--transformData", "2,0,0,2,0,0",
                      "--transformApplicationMethod", "PRE_CONCATENATE_LAST", "--completeTargetStack",
                      "1.0", "2.0") == 0
    raw = renderapi.tilespec.get_tile_spec_raw("merged", "2_1", render=render)
    assert len(raw.tforms) == 1 and raw.bbox == (180.0, 0.0, 380.0, 200.0)
    assert renderapi.stack.get_full_stack_metadata("merged", render=render)["state"] == "COMPLETE"


def test_transform_section_layer_minimum_bound_and_box(run_client, stack_args, render, source, capsys):
    """The box keeps tiles intersecting it (TileBoundsRTree search, TransformSectionClient.java:311-331): 1_1
    (90..190) overlaps 150..500, 1_0 (0..100) does not. The translation moves the layer's sectionData bounds
    (min 0, 0; TransformSectionClient.java:222-240, 263-279) to 1000 under the id ``t_1.0``; a layer without
    sectionData has no bounds (zToBoundsMap.get(z) is null: the client fails)."""
    args = ("--transformId", "t", "--transformClass", AFFINE, "--transformData", "1,0,0,1,0,0",
            "--layerMinimumXAndYBound", "1000", "1.0")
    assert run_client(SECTION, *stack_args, "--stack", source, "--targetStack", "nowhere", *args) == 1
    assert "NullPointerException" in capsys.readouterr().err
    tiles = renderapi.resolvedtiles.get_resolved_tiles_from_z(source, 1.0, render=render).tilespecs
    renderapi.stack.set_stack_state(source, "LOADING", render=render)
    for ts in tiles:
        ts.layout.sectionId = "1.0"
    renderapi.resolvedtiles.put_tilespecs(source, tilespecs=tiles, render=render)
    renderapi.stack.set_stack_state(source, "COMPLETE", render=render)
    assert run_client(SECTION, *stack_args, "--stack", source,
                      "--targetStack", "shifted", "--transformId", "t",
                      "--transformClass", AFFINE, "--transformData", "1,0,0,1,0,0",
                      "--layerMinimumXAndYBound", "1000", "--minX", "150", "--maxX", "500", "--minY", "-10",
                      "--maxY", "500", "1.0") == 0
    assert renderapi.stack.get_stack_tileIds("shifted", render=render) == ["1_1"]
    raw = renderapi.tilespec.get_tile_spec_raw("shifted", "1_1", render=render)
    assert raw.bbox == (1090.0, 1000.0, 1190.0, 1100.0)
    assert raw.tforms[-1].to_dict() == {"type": "ref", "refId": "t_1.0"}
    stack_url = renderapi.render.format_preamble(render.DEFAULT_HOST, render.DEFAULT_PORT,
                                                 render.DEFAULT_OWNER, render.DEFAULT_PROJECT, "shifted")
    shared = requests.get(f"{stack_url}/z/1/resolvedTiles").json()["transformIdToSpecMap"]
    assert shared["t_1.0"]["dataString"] == "1.0 0.0 0.0 1.0 1000.0 1000.0"   # AffineModel2D.toDataString


@pytest.mark.parametrize(("box", "message"), [
    (("--minX", "1"), "since one or more of minX (1.0), maxX (null), minY (null), maxY (null) is specified, "
                      "all must be specified"),
    (("--minX", "5", "--maxX", "1", "--minY", "0", "--maxY", "1"), "minX (5.0) is greater than maxX (1.0)"),
])
def test_transform_section_box_must_be_complete(run_client, stack_args, source, capsys, box, message):
    """LayerBoundsParameters.validate runs before anything is read (TransformSectionClient.java:143)."""
    assert run_client(SECTION, *stack_args, "--stack", source, "--targetStack", "x", "--transformId", "t",
                      "--transformClass", AFFINE, "--transformData", "1,0,0,1,0,0", *box, "1.0") == 1
    assert message in capsys.readouterr().err


def test_transform_section_refuses_replace_last_flag(run_client, stack_args, source, capsys):
    assert run_client(SECTION, *stack_args, "--stack", source, "--replaceLast", "--transformId", "t",
                      "--transformClass", AFFINE, "--transformData", "1,0,0,1,0,0", "1.0") == 1
    assert "Unknown option: --replaceLast" in capsys.readouterr().err


def test_transform_section_bad_transform_class_fails(run_client, stack_args, source, capsys):
    assert run_client(SECTION, *stack_args, "--stack", source, "--targetStack", "x", "--transformId", "t",
                      "--transformClass", "no.such.Model", "--transformData", "1", "1.0") == 1
    assert "no.such.Model" in capsys.readouterr().err
