"""Tile reads through renderapi.tilespec (backend-agnostic): raw tiles, render-parameters, layer and
box queries, with render-ws's errors (render-ws-api.md §2.7, §2.8, §2.10, §4.5, §4.9)."""

from __future__ import annotations

import re

import pytest

import renderapi
from renderapi.errors import RenderError
from renderapi.resolvedtiles import put_tilespecs
from renderapi.tilespec import (
    TileSpec,
    get_tile_spec,
    get_tile_spec_raw,
    get_tile_spec_renderparameters,
    get_tile_specs_from_box,
    get_tile_specs_from_minmax_box,
    get_tile_specs_from_stack,
    get_tile_specs_from_z,
)
from renderapi.transform import AffineModel, InterpolatedTransform, ReferenceTransform, TransformList

TILE_SIZE = 100
STEP = 90  # 10 px overlap between neighbours


def grid_tile(z: float, row: int, col: int) -> TileSpec:
    tileId = f"{z:g}_{row}_{col}"
    return TileSpec(tileId=tileId, z=z, width=TILE_SIZE, height=TILE_SIZE,
                    imageUrl=f"file:///data/{tileId}.png", sectionId=f"{z:g}", imageRow=row, imageCol=col,
                    tforms=[AffineModel(B0=col * STEP, B1=row * STEP)])


def refused(status: int, text: str):
    return pytest.raises(RenderError, match=rf"(?s){status}.*{re.escape(text)}")


@pytest.fixture
def grid(render):
    """Stack ``grid``: layers z=1 and z=2, each 2 x 2 tiles of 100 px on a 90 px pitch."""
    renderapi.stack.create_stack("grid", render=render)
    tiles = [grid_tile(z, r, c) for z in (1.0, 2.0) for r in (0, 1) for c in (0, 1)]
    put_tilespecs("grid", tilespecs=tiles, render=render)
    return {ts.tileId: ts for ts in tiles}


def ids(tilespecs):
    return [ts.tileId for ts in tilespecs]


# ------------------------------------------------------------------------------- single tile
def test_get_tile_spec_raw_round_trip(render, grid):
    ts = get_tile_spec_raw("grid", "1_1_1", render=render)
    assert isinstance(ts, TileSpec)
    assert ts.to_dict() == grid["1_1_1"].to_dict()
    assert ts.bbox == (90.0, 90.0, 190.0, 190.0)
    assert ts.layout.imageRow == 1 and ts.layout.sectionId == "1"


def test_get_tile_spec_raw_missing(render, grid):
    owner, project = render.DEFAULT_OWNER, render.DEFAULT_PROJECT
    with refused(404, f"tile spec with id 'nope' does not exist in the render.{owner}__{project}__grid__tile "
                      "collection"):
        get_tile_spec_raw("grid", "nope", render=render)
    with refused(404, "tile spec with id '1_0_0' does not exist"):
        get_tile_spec_raw("no_such_stack", "1_0_0", render=render)


def test_tile_render_parameters(render, grid):
    rp = get_tile_spec_renderparameters("grid", "1_0_1", render=render)
    assert (rp["x"], rp["y"], rp["width"], rp["height"], rp["scale"]) == (90.0, 0.0, 100, 100, 1.0)
    assert rp["meshCellSize"] == 64.0
    (spec,) = rp["tileSpecs"]
    assert spec["tileId"] == "1_0_1"
    assert TileSpec(json=spec).to_dict() == grid["1_0_1"].to_dict()


def test_tile_render_parameters_missing(render, grid):
    with refused(404, "does not exist"):
        get_tile_spec_renderparameters("grid", "nope", render=render)
    with refused(404, "does not exist"):
        get_tile_spec_renderparameters("no_such_stack", "1_0_0", render=render)


def test_get_tile_spec_dereferences_and_flattens(render):
    renderapi.stack.create_stack("refs", render=render)
    lens = AffineModel(M00=1.5, M11=1.5, transformId="lens", labels=["lens"])
    inner, last = AffineModel(B0=4.0), AffineModel(B1=6.0)
    ts = TileSpec(tileId="r", z=1.0, width=10, height=10, imageUrl="file:///r.png",
                  tforms=[ReferenceTransform(refId="lens"), TransformList([inner, TransformList([last])])])
    put_tilespecs("refs", tilespecs=[ts], shared_transforms=[lens], render=render)

    raw = get_tile_spec_raw("refs", "r", render=render)
    assert raw.to_dict() == ts.to_dict()
    assert isinstance(raw.tforms[0], ReferenceTransform)

    resolved = get_tile_spec("refs", "r", render=render)
    assert [tf.to_dict() for tf in resolved.tforms] == [lens.to_dict(), inner.to_dict(), last.to_dict()]
    assert resolved.bbox == raw.bbox == (4.0, 6.0, 19.0, 21.0)


def test_get_tile_spec_is_none_when_missing(render, grid):
    assert get_tile_spec("grid", "nope", render=render) is None
    assert get_tile_spec("no_such_stack", "nope", render=render) is None


# ------------------------------------------------------------------------------- layers
def test_get_tile_specs_from_z(render, grid):
    layer = get_tile_specs_from_z("grid", 2, render=render)
    assert ids(layer) == ["2_0_0", "2_0_1", "2_1_0", "2_1_1"]
    assert [ts.to_dict() for ts in layer] == [grid[i].to_dict() for i in ids(layer)]
    assert ids(get_tile_specs_from_z("grid", 1.0, render=render)) == ["1_0_0", "1_0_1", "1_1_0", "1_1_1"]


def test_get_tile_specs_from_z_without_tiles(render, grid):
    # render-ws answers 400 for a layer without tiles (render-python's None branch is unreachable)
    with refused(400, "does not contain any tiles with a z value of"):
        get_tile_specs_from_z("grid", 3, render=render)
    with refused(404, "does not exist"):
        get_tile_specs_from_z("no_such_stack", 1, render=render)


def test_get_tile_specs_from_stack(render, grid):
    assert ids(get_tile_specs_from_stack("grid", render=render)) == sorted(grid)


# ------------------------------------------------------------------------------- boxes
def test_get_tile_specs_from_box(render, grid):
    assert ids(get_tile_specs_from_box("grid", 1, 95, 0, 10, 10, render=render)) == ["1_0_0", "1_0_1"]
    # closed intervals: a box touching the right edge of 1_0_1 still selects it
    assert ids(get_tile_specs_from_box("grid", 1, 190, 0, 5, 5, render=render)) == ["1_0_1"]
    assert ids(get_tile_specs_from_box("grid", 2, -50, -50, 50, 50, scale=0.5, render=render)) == ["2_0_0"]
    assert ids(get_tile_specs_from_box("grid", 1, 0, 0, 200, 200, render=render)) == [
        "1_0_0", "1_0_1", "1_1_0", "1_1_1"]
    assert get_tile_specs_from_box("grid", 1, 500, 500, 10, 10, render=render) == []
    assert get_tile_specs_from_box("grid", 7, 0, 0, 10, 10, render=render) == []


def test_get_tile_specs_from_minmax_box(render, grid):
    assert ids(get_tile_specs_from_minmax_box("grid", 2, 0, 50, 95, 150, render=render)) == [
        "2_0_0", "2_1_0"]
    boxed = get_tile_specs_from_minmax_box("grid", 2, 150, 160, 150, 160, render=render)
    assert ids(boxed) == ["2_1_1"]
    assert boxed[0].bbox == (90.0, 90.0, 190.0, 190.0)


def test_box_of_missing_stack_is_404(render):
    with refused(404, "does not exist"):
        get_tile_specs_from_box("no_such_stack", 1, 0, 0, 10, 10, render=render)


def test_tile_ids_with_dots(render):
    renderapi.stack.create_stack("dots", render=render)
    tileId = "151208120343009119.13.0"
    ts = TileSpec(tileId=tileId, z=13.0, width=50, height=40, imageUrl="file:///d.png", sectionId="13.0",
                  tforms=[AffineModel(B0=2.0)])
    put_tilespecs("dots", tilespecs=[ts], render=render)
    assert get_tile_spec_raw("dots", tileId, render=render).to_dict() == ts.to_dict()
    assert get_tile_spec("dots", tileId, render=render).bbox == (2.0, 0.0, 52.0, 40.0)
    assert renderapi.stack.get_stack_tileIds("dots", render=render) == [tileId]
    renderapi.stack.delete_tile("dots", tileId, render=render)
    assert renderapi.stack.get_stack_tileIds("dots", render=render) == []


def test_render_parameters_flatten_inside_interpolated_transforms(render):
    """An interpolated spec stays, its ``a``/``b`` flattened; a one-element list is unwrapped."""
    renderapi.stack.create_stack("interp", render=render)
    a = TransformList([AffineModel(B0=10.0), TransformList([AffineModel(B1=4.0)])])
    b = TransformList([AffineModel(B0=30.0, B1=40.0)])
    ts = TileSpec(tileId="i", z=1.0, width=100, height=100, imageUrl="file:///i.png",
                  tforms=[InterpolatedTransform(a=a, b=b, lambda_=0.5)])
    put_tilespecs("interp", tilespecs=[ts], render=render)
    assert get_tile_spec_raw("interp", "i", render=render).to_dict() == ts.to_dict()
    (resolved,) = get_tile_spec("interp", "i", render=render).tforms
    assert isinstance(resolved, InterpolatedTransform) and resolved.lambda_ == 0.5
    assert resolved.a.to_dict() == {"type": "list", "specList": [AffineModel(B0=10.0).to_dict(),
                                                                 AffineModel(B1=4.0).to_dict()]}
    assert resolved.b.to_dict() == AffineModel(B0=30.0, B1=40.0).to_dict()
    # (1 - 0.5) * (p + (10, 4)) + 0.5 * (p + (30, 40)) = p + (20, 22)
    assert get_tile_spec_raw("interp", "i", render=render).bbox == (20.0, 22.0, 120.0, 122.0)
