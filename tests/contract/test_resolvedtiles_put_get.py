"""PUT / GET resolvedTiles through renderapi.resolvedtiles (backend-agnostic).

render-ws rules checked here (render-ws-api.md §2.6, §2.7, §4.3, §4.6): bounding boxes derived with
deriveData, references resolved only against the request's own transforms, validation errors and their
statuses, upsert by tileId / transform id, and the transforms returned with the tiles of a layer.
"""

from __future__ import annotations

import re

import pytest

import renderapi
from renderapi.errors import RenderError
from renderapi.resolvedtiles import ResolvedTiles, get_resolved_tiles_from_z, put_tilespecs
from renderapi.tilespec import TileSpec, get_tile_spec_raw
from renderapi.transform import AffineModel, ReferenceTransform, Transform, TransformList

AFFINE = "mpicbg.trakem2.transform.AffineModel2D"


def tile(tileId, z=1.0, width=100, height=100, tforms=None, sectionId=None, **kwargs) -> TileSpec:
    return TileSpec(tileId=tileId, z=z, width=width, height=height, imageUrl=f"file:///data/{tileId}.png",
                    sectionId=sectionId if sectionId is not None else str(z),
                    tforms=[AffineModel()] if tforms is None else tforms, **kwargs)


def refused(status: int, text: str):
    """pytest.raises for a RenderError that carries render-ws's status and message."""
    return pytest.raises(RenderError, match=rf"(?s){status}.*{re.escape(text)}")


@pytest.fixture
def stack(render):
    renderapi.stack.create_stack("tiles", render=render)
    return "tiles"


def stored_bbox(render, stack, tileId):
    return get_tile_spec_raw(stack, tileId, render=render).bbox


# ------------------------------------------------------------------------------- deriveData
def test_put_answers_201_and_derives_the_bounding_box(render, stack):
    ts = tile("translated", width=100, height=50, tforms=[AffineModel(B0=10.5, B1=-3.7)])
    response = put_tilespecs(stack, tilespecs=[ts], render=render)
    assert response.status_code == 201
    # render-ws-api.md §4.6 example: minX/minY truncated toward zero, max = min + ceil(extent)
    assert stored_bbox(render, stack, "translated") == (10.0, -3.0, 110.0, 47.0)


def test_derived_box_samples_the_mesh_like_render(render, stack):
    """The corner (W, H) is never sampled: a shear x' = x + y reaches 199, not 200."""
    tiles = [
        tile("identity", width=2048, height=2048),
        tile("sheared", tforms=[AffineModel(M01=1.0)]),
        tile("rotated", width=100, height=50, tforms=[AffineModel(M00=0.0, M01=-1.0, M10=1.0, M11=0.0)]),
    ]
    put_tilespecs(stack, tilespecs=tiles, render=render)
    assert stored_bbox(render, stack, "identity") == (0.0, 0.0, 2048.0, 2048.0)
    assert stored_bbox(render, stack, "sheared") == (0.0, 0.0, 199.0, 100.0)
    assert stored_bbox(render, stack, "rotated") == (-50.0, 0.0, 0.0, 100.0)


def test_derive_data_overwrites_client_boxes_and_false_keeps_them(render, stack):
    ts = tile("boxed", tforms=[AffineModel(B0=5.0)])
    body = ResolvedTiles(tilespecs=[ts]).to_dict()
    body["tileIdToSpecMap"]["boxed"].update(minX=-1000.0, minY=-1000.0, maxX=1000.0, maxY=1000.0)
    put_tilespecs(stack, resolved_tiles=body, deriveData=True, render=render)
    assert stored_bbox(render, stack, "boxed") == (5.0, 0.0, 105.0, 100.0)
    put_tilespecs(stack, resolved_tiles=body, deriveData=False, render=render)
    assert stored_bbox(render, stack, "boxed") == (-1000.0, -1000.0, 1000.0, 1000.0)


def test_stored_tile_is_render_json(render, stack):
    put_tilespecs(stack, tilespecs=[tile("t", z=3, width=64, height=32, tforms=[AffineModel(B0=1.0)])],
                  render=render)
    stack_url = renderapi.render.format_preamble(
        render.DEFAULT_HOST, render.DEFAULT_PORT, render.DEFAULT_OWNER, render.DEFAULT_PROJECT, stack)
    response = render.session.get(f"{stack_url}/tile/t")
    assert response.status_code == 200
    d = response.json()
    assert d["z"] == 3.0 and isinstance(d["z"], float)
    assert d["width"] == 64.0 and isinstance(d["width"], float)
    assert d["meshCellSize"] == 64.0
    assert d["layout"]["sectionId"] == "3"
    assert d["transforms"]["type"] == "list"
    assert d["mipmapLevels"] == {"0": {"imageUrl": "file:///data/t.png"}}
    assert (d["minX"], d["minY"], d["maxX"], d["maxY"]) == (1.0, 0.0, 65.0, 32.0)


# ------------------------------------------------------------------------------- upsert
def test_tiles_and_shared_transforms_are_upserted(render, stack):
    shared = AffineModel(B0=7.0, transformId="shared_shift")
    put_tilespecs(stack, tilespecs=[tile("a", tforms=[ReferenceTransform(refId="shared_shift")]), tile("b")],
                  shared_transforms=[shared], render=render)
    replacement = tile("a", tforms=[AffineModel(B1=3.0)], groupId="second")
    put_tilespecs(stack, tilespecs=[replacement], render=render)
    assert renderapi.stack.get_stack_tileIds(stack, render=render) == ["a", "b"]
    a = get_tile_spec_raw(stack, "a", render=render)
    assert a.to_dict() == replacement.to_dict()
    assert a.bbox == (0.0, 3.0, 100.0, 103.0)
    # the shared transform stays in the stack even though no tile references it any more
    put_tilespecs(stack, tilespecs=[tile("c", tforms=[ReferenceTransform(refId="shared_shift")])],
                  shared_transforms=[AffineModel(B0=9.0, transformId="shared_shift")], render=render)
    assert get_tile_spec_raw(stack, "c", render=render).bbox == (9.0, 0.0, 109.0, 100.0)


# ------------------------------------------------------------------------------- refused uploads
def test_unknown_stack_is_404(render):
    with refused(404, "does not exist"):
        put_tilespecs("missing", tilespecs=[tile("a")], render=render)


@pytest.mark.parametrize("state", ["COMPLETE", "READ_ONLY"])
def test_stack_not_loading_is_500(render, stack, state):
    put_tilespecs(stack, tilespecs=[tile("a")], render=render)
    renderapi.stack.set_stack_state(stack, "COMPLETE", render=render)
    if state == "READ_ONLY":
        renderapi.stack.set_stack_state(stack, "READ_ONLY", render=render)
    with refused(500, "Resolved tiles can only be saved to stacks in the LOADING state, but this "
                      f"stack's state is {state}."):
        put_tilespecs(stack, tilespecs=[tile("b")], render=render)
    assert renderapi.stack.get_stack_tileIds(stack, render=render) == ["a"]


def test_reference_must_be_in_the_request(render, stack):
    put_tilespecs(stack, tilespecs=[tile("a")], shared_transforms=[AffineModel(transformId="stored")],
                  render=render)
    with refused(400, "tile b requires the following transform ids [stored]"):
        put_tilespecs(stack, tilespecs=[tile("b", tforms=[ReferenceTransform(refId="stored")])],
                      render=render)
    # without deriveData the check still runs (after the bounding-box check)
    body = ResolvedTiles(tilespecs=[tile("c", tforms=[ReferenceTransform(refId="nowhere")])]).to_dict()
    body["tileIdToSpecMap"]["c"].update(minX=0.0, minY=0.0, maxX=100.0, maxY=100.0)
    with refused(400, "tile c requires the following transform ids [nowhere]"):
        put_tilespecs(stack, resolved_tiles=body, deriveData=False, render=render)
    assert renderapi.stack.get_stack_tileIds(stack, render=render) == ["a"]


def test_reference_chains_and_refs_inside_shared_lists_are_refused(render, stack):
    chained = ReferenceTransform(refId="target")
    chained.transformId = "alias"
    with refused(400, "requires the following transform ids [target]"):
        put_tilespecs(stack, tilespecs=[tile("a", tforms=[ReferenceTransform(refId="alias")])],
                      shared_transforms=[chained, AffineModel(transformId="target")], render=render)
    nested = TransformList([ReferenceTransform(refId="inner")], transformId="outer")
    with refused(400, "requires the following transform ids"):
        put_tilespecs(stack, tilespecs=[tile("b", tforms=[ReferenceTransform(refId="outer")])],
                      shared_transforms=[nested, AffineModel(transformId="inner")], render=render)
    assert renderapi.stack.get_stack_tileIds(stack, render=render) == []


def test_unknown_transform_class_is_400_when_deriving(render, stack):
    generic = Transform(className="org.example.NoSuchTransform", dataString="1 2 3")
    with refused(400, "transform class 'org.example.NoSuchTransform' cannot be found"):
        put_tilespecs(stack, tilespecs=[tile("a", tforms=[generic])], render=render)


def test_unparsable_data_string_is_400(render, stack):
    bad = Transform(className=AFFINE, dataString="1 0 0 1 x 0")
    with refused(400, ""):
        put_tilespecs(stack, tilespecs=[tile("a", tforms=[bad])], render=render)
    assert renderapi.stack.get_stack_tileIds(stack, render=render) == []


def test_missing_width_is_500_when_deriving(render, stack):
    with refused(500, "width and height must be set to create a bounding box"):
        put_tilespecs(stack, tilespecs=[TileSpec(tileId="a", z=1.0, height=10, tforms=[AffineModel()])],
                      render=render)


def test_boxes_are_required_without_derive_data(render, stack):
    with refused(400, "tile with id 'a' is missing bounding box attributes (minX, minY, maxX, and/or maxY)"):
        put_tilespecs(stack, tilespecs=[tile("a")], deriveData=False, render=render)
    with refused(400, "is missing bounding box attributes"):
        put_tilespecs(stack, tilespecs=[tile("b")], deriveData=None, render=render)
    # without deriveData the box check comes before the reference check
    with refused(400, "tile with id 'c' is missing bounding box attributes"):
        put_tilespecs(stack, tilespecs=[tile("c", tforms=[ReferenceTransform(refId="nowhere")])],
                      deriveData=False, render=render)


def test_empty_collection_is_400(render, stack):
    with refused(400, "collection does not have any tiles"):
        put_tilespecs(stack, tilespecs=[], render=render)
    with refused(400, "collection does not have any tiles"):
        put_tilespecs(stack, tilespecs=[], shared_transforms=[AffineModel(transformId="lonely")],
                      render=render)


def test_refused_upload_changes_nothing(render, stack):
    good, bad = tile("good"), tile("bad", tforms=[ReferenceTransform(refId="nowhere")])
    with pytest.raises(RenderError):
        put_tilespecs(stack, tilespecs=[good, bad], shared_transforms=[AffineModel(transformId="s")],
                      render=render)
    assert renderapi.stack.get_stack_tileIds(stack, render=render) == []
    with pytest.raises(RenderError):
        get_tile_spec_raw(stack, "good", render=render)


# ------------------------------------------------------------------------------- GET z resolvedTiles
def test_layer_resolved_tiles_keep_refs_and_bring_the_referenced_transforms(render, stack):
    lens = AffineModel(M00=1.01, M11=0.99, transformId="lens", labels=["lens"])
    stage = TransformList([AffineModel(B1=2.0), AffineModel(B0=3.0)], transformId="stage")
    unused = AffineModel(B1=1.0, transformId="unused")
    tiles = [tile("z1_a", z=1.0, tforms=[ReferenceTransform(refId="stage")]),
             tile("z1_b", z=1.0, tforms=[ReferenceTransform(refId="lens"), AffineModel(B0=80.0)]),
             tile("z2_a", z=2.0, tforms=[AffineModel(B0=1.0)])]
    put_tilespecs(stack, tilespecs=tiles, shared_transforms=[lens, stage, unused], render=render)

    layer = get_resolved_tiles_from_z(stack, 1, render=render)
    assert isinstance(layer, ResolvedTiles)
    assert sorted(ts.tileId for ts in layer.tilespecs) == ["z1_a", "z1_b"]
    by_id = {tf.transformId: tf for tf in layer.transforms}
    assert sorted(by_id) == ["lens", "stage"]
    assert by_id["lens"].to_dict() == lens.to_dict()
    assert by_id["stage"].to_dict() == stage.to_dict()
    raw = {ts.tileId: ts for ts in layer.tilespecs}
    assert raw["z1_a"].to_dict() == tiles[0].to_dict()
    assert raw["z1_a"].bbox == (3.0, 2.0, 103.0, 102.0)
    assert isinstance(raw["z1_b"].tforms[0], ReferenceTransform)

    layer2 = get_resolved_tiles_from_z(stack, 2.0, render=render)
    assert [ts.tileId for ts in layer2.tilespecs] == ["z2_a"] and layer2.transforms == []


def test_layer_without_tiles_is_404(render, stack):
    put_tilespecs(stack, tilespecs=[tile("a", z=1.0)], render=render)
    with refused(404, "no tile specifications found"):
        get_resolved_tiles_from_z(stack, 5, render=render)
    with refused(404, "does not exist"):
        get_resolved_tiles_from_z("missing", 1, render=render)
