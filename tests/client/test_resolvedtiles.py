"""renderapi.resolvedtiles: ResolvedTiles JSON, combine_resolvedtiles, put_tilespecs argument handling
and get_resolved_tiles_from_z (against a recording session)."""
import copy
import json

import pytest

import renderapi
from renderapi.errors import RenderError
from renderapi.resolvedtiles import (
    ResolvedTiles,
    combine_resolvedtiles,
    get_resolved_tiles_from_z,
    put_tilespecs,
)
from renderapi.tilespec import TileSpec
from renderapi.transform import AffineModel, TransformList, load_transform_json

HOST, PORT, OWNER, PROJECT = "http://renderhost", 8080, "own", "proj"
STACK_URL = f"{HOST}:{PORT}/render-ws/v1/owner/{OWNER}/project/{PROJECT}/stack/st"


def load(data_dir, name):
    with open(data_dir / name) as fp:
        return json.load(fp)


@pytest.fixture
def tiles_and_transforms(data_dir):
    tilespecs = [TileSpec(json=d) for d in load(data_dir, "tilespec_references.json")]
    transforms = [load_transform_json(d) for d in load(data_dir, "tilespec_shared_transforms.json")]
    return tilespecs, transforms


@pytest.fixture
def resolved(tiles_and_transforms):
    tilespecs, transforms = tiles_and_transforms
    return ResolvedTiles(tilespecs=tilespecs, transformList=transforms)


# ------------------------------------------------------------------------------- ResolvedTiles
def test_defaults():
    rt = ResolvedTiles()
    assert rt.tilespecs == [] and rt.transforms == []
    assert rt.to_dict() == {"transformIdToSpecMap": {}, "tileIdToSpecMap": {}}


def test_to_dict_maps_ids_to_specs(resolved, tiles_and_transforms):
    tilespecs, transforms = tiles_and_transforms
    d = resolved.to_dict()
    assert list(d) == ["transformIdToSpecMap", "tileIdToSpecMap"]
    assert d["transformIdToSpecMap"] == {tf.transformId: tf.to_dict() for tf in transforms}
    assert list(d["transformIdToSpecMap"]) == ["lens_cam0", "lens_cam1"]
    assert d["tileIdToSpecMap"] == {ts.tileId: ts.to_dict() for ts in tilespecs}
    assert d["transformIdToSpecMap"]["lens_cam0"]["id"] == "lens_cam0"


def test_from_dict_round_trip(resolved, data_dir):
    d = resolved.to_dict()
    again = ResolvedTiles(json=d)
    assert len(again.tilespecs) == 4 and len(again.transforms) == 2
    assert [tf.transformId for tf in again.transforms] == ["lens_cam0", "lens_cam1"]
    assert isinstance(again.transforms[0], TransformList)
    assert isinstance(again.transforms[1], AffineModel)
    assert again.transforms[1].labels == ["lens"]
    assert again.to_dict() == d
    assert json.loads(renderapi.utils.renderdumps(again)) == d


def test_from_dict_keeps_the_input_and_takes_missing_ids_from_the_key(data_dir):
    """render-python writes the map key into the input as ``transformId``; renderapi leaves the
    input alone. A spec without an ``id`` of its own takes the key (render's stored id)."""
    d = {"transformIdToSpecMap": {"shared": {"type": "leaf",
                                             "className": "mpicbg.trakem2.transform.AffineModel2D",
                                             "dataString": "1 0 0 1 5 6"}},
         "tileIdToSpecMap": {}}
    before = copy.deepcopy(d)
    rt = ResolvedTiles(json=d)
    assert d == before
    assert rt.transforms[0].transformId == "shared"
    assert rt.to_dict()["transformIdToSpecMap"]["shared"]["id"] == "shared"
    # an explicit id wins over the key, as render stores shared transforms by their own id
    d["transformIdToSpecMap"]["shared"]["id"] = "own_id"
    assert ResolvedTiles(json=d).transforms[0].transformId == "own_id"


def test_from_dict_requires_both_maps():
    with pytest.raises(KeyError):
        ResolvedTiles(json={"tileIdToSpecMap": {}})
    with pytest.raises(KeyError):
        ResolvedTiles(json={"transformIdToSpecMap": {}})


def test_unknown_transform_type_raises():
    with pytest.raises(RenderError):
        ResolvedTiles(json={"transformIdToSpecMap": {"x": {"type": "bogus", "id": "x"}},
                            "tileIdToSpecMap": {}})


# ------------------------------------------------------------------------------- combine
def test_combine_resolvedtiles_deduplicates_later_wins(tiles_and_transforms):
    tilespecs, transforms = tiles_and_transforms
    replacement_tile = TileSpec(json=tilespecs[1].to_dict())
    replacement_tile.groupId = "replaced"
    replacement_tf = AffineModel(B0=99.0, transformId="lens_cam0")
    extra_tf = AffineModel(B1=1.0, transformId="extra")
    first = ResolvedTiles(tilespecs=tilespecs[:2], transformList=transforms)
    second = ResolvedTiles(tilespecs=[tilespecs[2], replacement_tile],
                           transformList=[replacement_tf, extra_tf])
    third = ResolvedTiles(tilespecs=[tilespecs[3]])

    combined = combine_resolvedtiles([first, second, third])
    assert isinstance(combined, ResolvedTiles)
    assert [ts.tileId for ts in combined.tilespecs] == ["ref.21.0", "ref.21.1", "ref.22.0", "ref.22.1"]
    assert combined.tilespecs[1] is replacement_tile
    assert [tf.transformId for tf in combined.transforms] == ["lens_cam0", "lens_cam1", "extra"]
    assert combined.transforms[0] is replacement_tf
    # the inputs are untouched
    assert len(first.tilespecs) == 2 and first.transforms[0] is transforms[0]


def test_combine_accepts_any_iterable_and_empty():
    assert combine_resolvedtiles([]).to_dict() == ResolvedTiles().to_dict()
    rt = ResolvedTiles(tilespecs=[TileSpec(tileId="a")])
    combined = combine_resolvedtiles(r for r in [rt, rt])
    assert [ts.tileId for ts in combined.tilespecs] == ["a"]


# ------------------------------------------------------------------------------- REST calls
@pytest.fixture
def stack_render(render_with):
    """``stack_render(*responses) -> (render, session)``: render_with for OWNER/PROJECT at HOST:PORT."""
    return lambda *responses: render_with(*responses, host=HOST, port=PORT, owner=OWNER, project=PROJECT)


def test_put_tilespecs_builds_resolved_tiles(tiles_and_transforms, stack_render, fake_response):
    tilespecs, transforms = tiles_and_transforms
    render, session = stack_render(fake_response(201))
    response = put_tilespecs("st", tilespecs=tilespecs, shared_transforms=transforms,
                             render=render)
    assert response is session.responses[0]
    ((method, url, kwargs),) = session.calls
    params, body, headers = kwargs["params"], kwargs["data"], kwargs["headers"]
    assert (method, url, params) == ("PUT", f"{STACK_URL}/resolvedTiles", {"deriveData": "true"})
    assert headers["content-type"] == "application/json"
    assert json.loads(body) == ResolvedTiles(tilespecs, transforms).to_dict()


@pytest.mark.parametrize("derive, params", [(True, {"deriveData": "true"}), (False, {"deriveData": "false"}),
                                            (None, {})])
def test_put_tilespecs_derive_data_parameter(derive, params, stack_render, fake_response):
    render, session = stack_render(fake_response(201))
    put_tilespecs("st", tilespecs=[TileSpec(tileId="a", z=1)], deriveData=derive, render=render)
    assert session.calls[0][2]["params"] == params


def test_put_tilespecs_prefers_resolved_tiles_and_positional_order(tiles_and_transforms, stack_render,
                                                                   fake_response):
    tilespecs, transforms = tiles_and_transforms
    rt = ResolvedTiles(tilespecs[:1], transforms[:1])
    render, session = stack_render(fake_response(201))
    # stack, resolved_tiles, deriveData, tilespecs: the render-python positional order
    put_tilespecs("st", rt, False, tilespecs, render=render)
    (_, _, kwargs) = session.calls[0]
    params, body = kwargs["params"], kwargs["data"]
    assert params == {"deriveData": "false"}
    assert json.loads(body) == rt.to_dict()


def test_put_tilespecs_without_tiles_raises_before_any_request(stack_render, fake_response):
    render, session = stack_render(fake_response(201))
    with pytest.raises(RenderError, match="need to pass resolved_tiles or tilespecs"):
        put_tilespecs("st", render=render)
    with pytest.raises(RenderError):
        put_tilespecs("st", shared_transforms=[AffineModel(transformId="x")], render=render)
    assert session.calls == []


@pytest.mark.parametrize("status", [400, 404, 500])
def test_put_tilespecs_refused_raises(status, stack_render, fake_response):
    render, _session = stack_render(fake_response(status, "refused"))
    with pytest.raises(RenderError):
        put_tilespecs("st", tilespecs=[TileSpec(tileId="a", z=1)], render=render)


def test_put_tilespecs_explicit_connection_arguments(stack_render, fake_response):
    _render, session = stack_render(fake_response(201))
    put_tilespecs("other", tilespecs=[TileSpec(tileId="a")], host="http://h", port=None, owner="o",
                  project="p", session=session)
    assert session.calls[0][1] == "http://h/render-ws/v1/owner/o/project/p/stack/other/resolvedTiles"


def test_get_resolved_tiles_from_z(resolved, stack_render, fake_response):
    render, session = stack_render(fake_response(200, resolved.to_dict()))
    rt = get_resolved_tiles_from_z("st", 21, render=render)
    assert session.calls[0][:2] == ("GET", f"{STACK_URL}/z/21.000000/resolvedTiles")
    assert isinstance(rt, ResolvedTiles)
    assert rt.to_dict() == resolved.to_dict()
    with pytest.raises(RenderError):
        get_resolved_tiles_from_z("st", 1, render=stack_render(fake_response(404, "no tiles"))[0])


def test_module_reachable_from_package():
    assert renderapi.resolvedtiles.ResolvedTiles is ResolvedTiles
    assert "resolvedtiles" in renderapi.__all__
