"""TileDataService logic: transform selection for tile render-parameters and deletes."""

import pytest

from render_emulator.errors import BadRequest, NotFound
from render_emulator.services import render_data, stack_meta, tile_data
from render_emulator.services.render_parameters import RenderQuery
from render_emulator.services.tile_json import parse_tile_spec
from render_emulator.store import RenderStore, StackId

SID = StackId("o", "p", "s")
AFFINE = "mpicbg.trakem2.transform.AffineModel2D"


def spec(tx, labels=None):
    leaf = {"type": "leaf", "className": AFFINE, "dataString": f"1 0 0 1 {tx} 0"}
    return leaf if labels is None else {**leaf, "metaData": {"labels": labels}}


@pytest.fixture
def store():
    store = RenderStore()
    stack_meta.save_stack_version(store, SID, {})
    tile = parse_tile_spec({"tileId": "t", "z": 1, "width": 10, "height": 10, "transforms": {
        "type": "list", "specList": [spec(1), spec(2, ["lens"]), spec(4), spec(8)]}})
    render_data.save_resolved_tiles(store, SID, None, ({}, [tile]), True)
    return store


def shifts(store, **options):
    params = tile_data.get_tile_render_parameters(store, SID, "t", RenderQuery(),
                                                  tile_data.TileRenderQuery(**options))
    return [s["dataString"].split()[4] for s in params["tileSpecs"][0]["transforms"]["specList"]], params


def test_transform_selection_modes(store):
    assert shifts(store)[0] == ["1", "2", "4", "8"]
    assert shifts(store, normalize_for_matching=True)[0] == ["1", "2"]                 # through last lens
    assert shifts(store, exclude_all_transforms=False)[0] == ["1", "2", "4", "8"]
    assert shifts(store, exclude_all_transforms=True)[0] == []
    assert shifts(store, exclude_transforms_after_last=["lens"])[0] == ["1", "2"]
    assert shifts(store, exclude_first_transform_and_all_after=["lens"])[0] == ["1"]
    assert shifts(store, exclude_first_transform_and_all_after=["none"])[0] == ["1", "2", "4", "8"]


def test_box_follows_the_selected_transforms(store):
    _, params = shifts(store, exclude_transforms_after_last=["lens"], x=5, width=7)
    assert (params["x"], params["y"], params["width"], params["height"]) == (8.0, 0.0, 7, 10)
    assert params["tileSpecs"][0]["minX"] == 3.0


def test_get_and_delete(store):
    assert tile_data.get_tile(store, SID, "t")["tileId"] == "t"
    with pytest.raises(NotFound, match="render.o__p__s__tile collection"):
        tile_data.get_tile(store, SID, "missing")
    tile_data.delete_tile(store, SID, "missing")
    stack_meta.set_stack_state(store, SID, "COMPLETE")
    with pytest.raises(BadRequest, match="must be LOADING to delete data"):
        tile_data.delete_tile(store, SID, "t")
