"""renderapi.stack functions that read or change a stack's tiles (backend-agnostic): z values, bounds,
tile bounds, sections, tile ids, deletes, clones and the stats derived on COMPLETE
(render-ws-api.md §2.5 cloneTo, §2.6, §2.7, §2.8, §3.2)."""

from __future__ import annotations

import re

import pytest

import renderapi
from renderapi.channel import Channel
from renderapi.errors import RenderError
from renderapi.image_pyramid import ImagePyramid, MipMap
from renderapi.resolvedtiles import put_tilespecs
from renderapi.stack import (
    clone_stack,
    delete_section,
    delete_tile,
    get_bounds_from_z,
    get_full_stack_metadata,
    get_section_z_value,
    get_sectionId_for_z,
    get_stack_bounds,
    get_stack_sectionData,
    get_stack_tileIds,
    get_tilebounds_for_z,
    get_z_values_for_stack,
    set_stack_state,
)
from renderapi.tilespec import TileSpec, get_tile_spec_raw
from renderapi.transform import AffineModel, ReferenceTransform


def channel(name: str) -> Channel:
    return Channel(name=name, minIntensity=0, maxIntensity=255, ip=ImagePyramid({0: MipMap(f"file:///{name}.tif")}))


def make_tiles() -> list[TileSpec]:
    """Five tiles over layers 1, 2, 2.5 and 3; the tile at z=3 has no sectionId.

    Bounding boxes after deriveData (render-ws-api.md §4.6):
    a (0, 0, 100, 100), b (90, 0, 190, 100), c (-10, 5, 90, 105), d (200, 0, 250, 30), e (0, 300, 100, 400)
    """
    def ts(tileId, z, sectionId, tforms, width=100, height=100, **kwargs):
        return TileSpec(tileId=tileId, z=z, width=width, height=height, imageUrl=f"file:///{tileId}.png",
                        sectionId=sectionId, tforms=tforms, **kwargs)

    return [
        ts("a", 1.0, "1.0", [ReferenceTransform(refId="lens"), AffineModel()]),
        ts("b", 1.0, "1.0", [AffineModel(B0=90.0)]),
        ts("c", 2.0, "2.0", [AffineModel(B0=-10.5, B1=5.25)]),
        ts("d", 2.5, "2.5", [AffineModel(B0=200.0)], width=50, height=30, channels=[channel("GFP")]),
        ts("e", 3.0, None, [AffineModel(B1=300.0)], channels=[channel("DAPI"), channel("GFP")]),
    ]


BOXES = {"a": (0.0, 0.0, 100.0, 100.0), "b": (90.0, 0.0, 190.0, 100.0), "c": (-10.0, 5.0, 90.0, 105.0),
         "d": (200.0, 0.0, 250.0, 30.0), "e": (0.0, 300.0, 100.0, 400.0)}
SECTION_DATA = [
    {"sectionId": "1.0", "z": 1.0, "tileCount": 2, "minX": 0.0, "maxX": 190.0, "minY": 0.0, "maxY": 100.0},
    {"sectionId": "2.0", "z": 2.0, "tileCount": 1, "minX": -10.0, "maxX": 90.0, "minY": 5.0, "maxY": 105.0},
    {"sectionId": "2.5", "z": 2.5, "tileCount": 1, "minX": 200.0, "maxX": 250.0, "minY": 0.0, "maxY": 30.0},
]
STACK_BOUNDS = {"minX": -10.0, "minY": 0.0, "minZ": 1.0, "maxX": 250.0, "maxY": 400.0, "maxZ": 3.0}
STATS = {
    "stackBounds": STACK_BOUNDS, "sectionCount": 4, "nonIntegralSectionCount": 1, "tileCount": 5,
    "transformCount": 1, "minTileWidth": 50, "maxTileWidth": 100, "minTileHeight": 30, "maxTileHeight": 100,
    "channelNames": ["DAPI", "GFP"],
}


def refused(status: int, text: str):
    return pytest.raises(RenderError, match=rf"(?s){status}.*{re.escape(text)}")


@pytest.fixture
def loaded(render):
    """Stack ``data`` (LOADING) holding make_tiles() and the shared transform ``lens``."""
    renderapi.stack.create_stack("data", render=render)
    put_tilespecs("data", tilespecs=make_tiles(), shared_transforms=[AffineModel(transformId="lens")],
                  render=render)
    return "data"


@pytest.fixture
def complete(render, loaded):
    set_stack_state(loaded, "COMPLETE", render=render)
    return loaded


def tile_ids(render, stack, **kwargs):
    return get_stack_tileIds(stack, render=render, **kwargs)


# ------------------------------------------------------------------------------- reads
def test_z_values(render, loaded):
    zs = get_z_values_for_stack(loaded, render=render)
    assert zs == [1.0, 2.0, 2.5, 3.0]
    assert all(isinstance(z, float) for z in zs)


def test_z_values_of_missing_stack_is_404(render):
    with refused(404, "does not exist"):
        get_z_values_for_stack("missing", render=render)


def test_layer_bounds(render, loaded):
    assert get_bounds_from_z(loaded, 1, render=render) == {
        "minX": 0.0, "minY": 0.0, "minZ": 1.0, "maxX": 190.0, "maxY": 100.0, "maxZ": 1.0}
    assert get_bounds_from_z(loaded, 2.5, render=render) == {
        "minX": 200.0, "minY": 0.0, "minZ": 2.5, "maxX": 250.0, "maxY": 30.0, "maxZ": 2.5}


def test_layer_bounds_errors(render, loaded):
    with refused(400, f"stack {loaded} does not contain any tiles with a z value of"):
        get_bounds_from_z(loaded, 9, render=render)
    with refused(404, "does not exist"):
        get_bounds_from_z("missing", 1, render=render)


def test_tile_bounds(render, loaded):
    bounds = sorted(get_tilebounds_for_z(loaded, 1.0, render=render), key=lambda b: b["tileId"])
    assert bounds == [   # no minZ/maxZ: TileBounds.java:29
        {"tileId": tid, "sectionId": "1.0", "z": 1.0, "minX": BOXES[tid][0], "minY": BOXES[tid][1],
         "maxX": BOXES[tid][2], "maxY": BOXES[tid][3]} for tid in ("a", "b")]
    (e,) = get_tilebounds_for_z(loaded, 3, render=render)
    assert "sectionId" not in e and e["tileId"] == "e"
    assert get_tilebounds_for_z(loaded, 9, render=render) == []
    with refused(404, "does not exist"):
        get_tilebounds_for_z("missing", 1, render=render)


def test_section_id_for_z(render, loaded):
    assert get_sectionId_for_z(loaded, 2.5, render=render) == "2.5"
    assert get_sectionId_for_z(loaded, 1, render=render) == "1.0"
    with pytest.raises(RenderError):  # the tile at z=3 has no sectionId
        get_sectionId_for_z(loaded, 3, render=render)
    with pytest.raises(RenderError):  # no tiles
        get_sectionId_for_z(loaded, 9, render=render)


def test_section_z_value(render, loaded):
    assert get_section_z_value(loaded, "2.5", render=render) == 2.5
    assert get_section_z_value(loaded, "1.0", render=render) == 1.0
    with refused(404, "sectionId '7.0' does not exist"):
        get_section_z_value(loaded, "7.0", render=render)
    with refused(404, "does not exist"):
        get_section_z_value("missing", "1.0", render=render)


def test_tile_ids(render, loaded):
    assert tile_ids(render, loaded) == ["a", "b", "c", "d", "e"]
    # render-ws does not check the stack here
    assert tile_ids(render, "missing") == []


# ------------------------------------------------------------------------------- COMPLETE, stats, sectionData
def test_bounds_and_section_data_need_complete(render, loaded):
    with refused(400, "have not been stored"):
        get_stack_bounds(loaded, render=render)
    with refused(400, "section data not aggregated"):
        get_stack_sectionData(loaded, render=render)


def test_complete_derives_stats(render, complete):
    meta = get_full_stack_metadata(complete, render=render)
    assert meta["state"] == "COMPLETE"
    assert meta["stats"] == STATS
    assert get_stack_bounds(complete, render=render) == STACK_BOUNDS


def test_section_data_after_complete(render, complete):
    assert get_stack_sectionData(complete, render=render) == SECTION_DATA


def test_section_data_is_a_snapshot_of_the_last_complete(render, complete):
    set_stack_state(complete, "LOADING", render=render)
    delete_tile(complete, "d", render=render)
    assert get_stack_sectionData(complete, render=render) == SECTION_DATA
    with refused(400, "have not been stored"):
        get_stack_bounds(complete, render=render)
    set_stack_state(complete, "COMPLETE", render=render)
    assert get_stack_sectionData(complete, render=render) == SECTION_DATA[:2]
    stats = get_full_stack_metadata(complete, render=render)["stats"]
    assert (stats["tileCount"], stats["sectionCount"], stats["nonIntegralSectionCount"]) == (4, 3, 0)
    assert stats["stackBounds"]["maxX"] == 190.0


def test_complete_of_an_empty_stack_is_500(render):
    renderapi.stack.create_stack("empty", render=render)
    # set_stack_state raises with render-ws's text only (the status is not part of the message)
    message = "Stack data aggregation returned no results because the stack has no tiles"
    with pytest.raises(RenderError, match=message):
        set_stack_state("empty", "COMPLETE", render=render)
    assert get_full_stack_metadata("empty", render=render)["state"] == "LOADING"


# ------------------------------------------------------------------------------- deletes
def test_delete_tile(render, loaded):
    response = delete_tile(loaded, "b", render=render)
    assert response.status_code == 200
    assert tile_ids(render, loaded) == ["a", "c", "d", "e"]
    assert delete_tile(loaded, "b", render=render).status_code == 200  # already gone: still 200
    assert get_bounds_from_z(loaded, 1, render=render)["maxX"] == 100.0


def test_delete_section(render, loaded):
    assert delete_section(loaded, 2.0, render=render).status_code == 200
    assert tile_ids(render, loaded) == ["a", "b", "d", "e"]
    assert get_z_values_for_stack(loaded, render=render) == [1.0, 2.5, 3.0]
    assert delete_section(loaded, 2.5, render=render).status_code == 200
    assert delete_section(loaded, 42, render=render).status_code == 200  # nothing there: still 200
    assert tile_ids(render, loaded) == ["a", "b", "e"]


def test_deletes_need_loading(render, complete):
    with refused(400, "stack state is COMPLETE but must be LOADING to delete data"):
        delete_tile(complete, "a", render=render)
    with refused(400, "stack state is COMPLETE but must be LOADING to delete data"):
        delete_section(complete, 1.0, render=render)
    assert tile_ids(render, complete) == ["a", "b", "c", "d", "e"]


def test_deletes_of_a_missing_stack_are_404(render):
    with refused(404, "does not exist"):
        delete_tile("missing", "a", render=render)
    with refused(404, "does not exist"):
        delete_section("missing", 1, render=render)


# ------------------------------------------------------------------------------- clone
def test_clone_everything_and_close(render, complete):
    response = clone_stack(complete, "copy", render=render)
    assert response.status_code == 201
    meta = get_full_stack_metadata("copy", render=render)
    assert meta["state"] == "COMPLETE" and meta["currentVersionNumber"] == 0
    assert meta["stats"] == STATS
    for tileId, box in BOXES.items():
        copied = get_tile_spec_raw("copy", tileId, render=render)
        assert copied.bbox == box
        assert copied.to_dict() == get_tile_spec_raw(complete, tileId, render=render).to_dict()


def test_clone_selected_layers_into_another_project(render, loaded):
    other = f"{render.DEFAULT_PROJECT}_b"
    clone_stack(loaded, "part", zs=[1, 2.5], toProject=other, close_stack=False, cycleNumber=3, render=render)
    meta = get_full_stack_metadata("part", project=other, render=render)
    assert meta["stackId"] == {"owner": render.DEFAULT_OWNER, "project": other, "stack": "part"}
    assert meta["state"] == "LOADING" and meta["currentVersion"]["cycleNumber"] == 3
    assert get_stack_tileIds("part", project=other, render=render) == ["a", "b", "d"]
    set_stack_state("part", "COMPLETE", project=other, render=render)
    stats = get_full_stack_metadata("part", project=other, render=render)["stats"]
    assert (stats["tileCount"], stats["transformCount"], stats["sectionCount"]) == (3, 1, 2)
    # the source is untouched
    assert tile_ids(render, loaded) == ["a", "b", "c", "d", "e"]
    assert get_full_stack_metadata(loaded, render=render)["state"] == "LOADING"


def test_clone_skipping_transforms(render, complete):
    clone_stack(complete, "bare", skipTransforms=True, render=render)
    stats = get_full_stack_metadata("bare", render=render)["stats"]
    assert (stats["tileCount"], stats["transformCount"]) == (5, 0)
    # tiles are copied verbatim, their references included
    assert isinstance(get_tile_spec_raw("bare", "a", render=render).tforms[0], ReferenceTransform)


def test_clone_into_a_complete_stack_is_500(render, complete):
    clone_stack(complete, "target", zs=[1.0], render=render)
    with refused(500, "Tiles cannot be cloned to stack target because it is COMPLETE."):
        clone_stack(complete, "target", zs=[2.0], close_stack=False, render=render)
    assert tile_ids(render, "target") == ["a", "b"]


def test_clone_of_a_missing_stack_is_404(render):
    with refused(404, "does not exist"):
        clone_stack("missing", "target", close_stack=False, render=render)


def test_clone_into_a_loading_stack_holding_the_same_ids_is_500(render, loaded):
    clone_stack(loaded, "again", zs=[1.0], close_stack=False, render=render)
    # the shared transform 'lens' is already in the target
    with refused(500, ""):
        clone_stack(loaded, "again", zs=[2.0], close_stack=False, render=render)
    # without z every tile is copied, and tile 'a' is already there
    with refused(500, ""):
        clone_stack(loaded, "again", skipTransforms=True, close_stack=False, render=render)
