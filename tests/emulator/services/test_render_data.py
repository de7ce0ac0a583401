"""RenderDataService logic without HTTP: saving resolved tiles, layer and range reads, merge helpers."""

import pytest

from render_emulator.errors import BadRequest, NotFound, ServerError
from render_emulator.services import render_data, stack_meta
from render_emulator.services.render_parameters import RenderQuery
from render_emulator.services.tile_json import parse_tile_spec
from render_emulator.store import RenderStore, StackId

SID = StackId("o", "p", "s")
AFFINE = "mpicbg.trakem2.transform.AffineModel2D"


def tile(tile_id, z, tx=0.0, **extra):
    return parse_tile_spec({"tileId": tile_id, "z": z, "width": 10, "height": 10, **extra, "transforms": {
        "type": "list", "specList": [{"className": AFFINE, "dataString": f"1 0 0 1 {tx} 0"}]}})


@pytest.fixture
def store():
    store = RenderStore()
    stack_meta.save_stack_version(store, SID, {})
    return store


def test_save_derives_bounds_and_stores_shared_transforms_by_id(store):
    shared = {"key": {"type": "leaf", "className": AFFINE, "dataString": "1 0 0 1 0 0"}}
    render_data.save_resolved_tiles(store, SID, None, (shared, [tile("a", 1, 2.5)]), True)
    stored = store.tile_collection(SID).get("a")
    assert (stored["minX"], stored["maxX"]) == (2.0, 12.0)     # x spans 2.5..12.5: trunc 2, ceil(10)
    assert store.transform_collection(SID).get("key") == {"type": "leaf", "id": "key", **shared["key"]}


def test_save_refuses_atomically(store):
    with pytest.raises(BadRequest):
        render_data.save_resolved_tiles(store, SID, 1.0, ({}, [tile("a", 1), tile("b", 2)]), True)
    assert store.tile_collection(SID).count() == 0
    with pytest.raises(BadRequest, match="no resolved tiles provided"):
        render_data.save_resolved_tiles(store, SID, None, None, True)
    with pytest.raises(NotFound):
        render_data.save_resolved_tiles(store, StackId("o", "p", "x"), None, ({}, [tile("a", 1)]), True)
    stack_meta.set_stack_state(store, SID, "LOADING")
    render_data.save_resolved_tiles(store, SID, None, ({}, [tile("a", 1)]), True)
    stack_meta.set_stack_state(store, SID, "COMPLETE")
    with pytest.raises(ServerError, match="state is COMPLETE"):
        render_data.save_resolved_tiles(store, SID, None, ({}, [tile("b", 1)]), True)


def test_z_ranges_groups_and_boxes(store):
    tiles = [tile("a", 1), tile("b", 2, 20, groupId="g"), tile("c", 3, 40, groupId="g")]
    render_data.save_resolved_tiles(store, SID, None, ({}, tiles), True)
    assert render_data.get_z_values(store, SID, 1.5, 3) == [2.0, 3.0]
    found = render_data.get_resolved_tiles(store, SID, min_z=2, group_id="g", max_x=30)
    assert list(found["tileIdToSpecMap"]) == ["b"]
    assert render_data.get_box_tile_count(store, SID, 2.0, 30, 0, 0, 0) == 1     # touching edge counts
    params = render_data.get_box_render_parameters(store, SID, 3.0, 0, 0, 100, 100, 0.5, RenderQuery())
    assert [t["tileId"] for t in params["tileSpecs"]] == ["c"] and params["scale"] == 0.5


def test_merge_helpers(store):
    tiles = [tile("a", 1), tile("b", 1.5), tile("c", 2.25), tile("d", 3), tile("e", 3.1)]
    render_data.save_resolved_tiles(store, SID, None, ({}, tiles), True)
    assert render_data.get_mergeable_z_values(store, SID) == [1.0, 1.5, 3.0, 3.1]
    assert render_data.get_mergeable_data(store, SID) == "0 < 1 : 1.0 < 1.5\n3 < 4 : 3.0 < 3.1\n"
