"""RenderDao's tile queries on both store backends: z ranges, box selection with closed intervals,
group queries, the 50,000-tile guard and query texts."""

import pytest

from render_emulator.errors import BadRequest
from render_emulator.store import RenderStore, StackId, tile_queries

SID = StackId("o", "p", "s")


@pytest.fixture(params=[None, False], ids=["memory", "queries"])
def store(request):
    store = RenderStore(cached=request.param)
    store.tile_collection(SID).upsert([
        {"tileId": f"t{i}", "z": float(i % 3), "minX": 10.0 * i, "minY": 0.0, "maxX": 10.0 * i + 10,
         "maxY": 10.0}
        for i in range(9)
    ])
    return store


def test_z_values_and_ranges(store):
    assert store.get_z_values(SID) == [0.0, 1.0, 2.0]
    assert store.get_z_values(SID, 0.5, 2) == [1.0, 2.0]
    assert sorted(t["tileId"] for t in store.get_tile_specs_in_z_range(SID, 1, 1)) == ["t1", "t4", "t7"]
    assert len(store.get_tile_specs_in_z_range(SID, None, None)) == 9


def test_box_selection_is_closed_and_sorted(store):
    found = store.get_tile_specs_in_box(SID, 1.0, 20, 0, 20, 5)   # x in [20, 40]
    assert [t["tileId"] for t in found] == ["t1", "t4"]              # t1 ends at x = 20: touches
    found = store.get_tile_specs_in_box(SID, 1.0, 0, 10, 20, 0)
    assert [t["tileId"] for t in found] == ["t1"]


def test_query_guard_and_document_text(store, monkeypatch):
    monkeypatch.setattr(tile_queries, "MAX_TILES_PER_QUERY", 2)
    with pytest.raises(BadRequest) as too_broad:
        store.get_tile_specs_in_box(SID, 0.0, -100, -100, 1000, 1000)
    assert too_broad.value.message == (
        "query too broad, over 2 tiles match Document{{z=0.0, minX=Document{{$lte=900.0}}, "
        "minY=Document{{$lte=900.0}}, maxX=Document{{$gte=-100.0}}, maxY=Document{{$gte=-100.0}}}}")
    assert len(store.get_tile_specs_in_box(SID, 0.0, -100, -100, 1000, 1000, group_id="g")) == 0
    assert tile_queries.document_text([]) == "Document{{}}"


def test_tiles_for_z_and_with_ids_come_by_tile_id(store):
    assert [t["tileId"] for t in store.get_tile_specs_for_z(SID, 2)] == ["t2", "t5", "t8"]
    found = store.get_tile_specs_with_ids(SID, ["t8", "missing", "t1", "t8"])
    assert [t["tileId"] for t in found] == ["t1", "t8"]


def test_group_query_and_its_tiles(store):
    store.tile_collection(SID).set_field(["t1", "t2"], "groupId", "g")
    found = store.get_group_tile_specs(SID, None, None, "g", None, None, None, None)
    assert sorted(t["tileId"] for t in found) == ["t1", "t2"]
    found = store.get_group_tile_specs(SID, 1.0, 2.0, None, 15.0, 50.0, None, None)
    assert sorted(t["tileId"] for t in found) == ["t1", "t2", "t4", "t5"]   # t5 starts at x = 50: touches
    # RenderDao.getGroupQuery (RenderDao.java:1910-1950): z first, then groupId, then the box edges
    query = tile_queries.get_group_query(1.0, 2.0, "g", 15.0, None, None, 3.0)
    assert tile_queries.document_text(query) == (
        "Document{{z=Document{{$gte=1.0, $lte=2.0}}, groupId=g, maxX=Document{{$gte=15.0}}, "
        "minY=Document{{$lte=3.0}}}}")
    assert tile_queries.document_text(tile_queries.get_group_query(3.0, 3.0, None, None, None, None, None)) \
        == "Document{{z=3.0}}"


def test_tile_bounds_reads_come_in_record_order_and_removals_count(store):
    tiles = store.tile_collection(SID)
    tiles.set_field(["t7", "t1"], "layout", {"sectionId": "s"})
    tiles.upsert([{"tileId": "a0", "z": 1.0, "layout": {"sectionId": "s"}}])
    # RenderDao.getTileBounds (RenderDao.java:1724-1770) has no sort(): record order, not tileId order
    assert [t["tileId"] for t in store.get_tile_bounds_tiles_for_z(SID, 1.0)] == ["t1", "t4", "t7", "a0"]
    assert [t["tileId"] for t in store.get_tile_bounds_tiles_for_section(SID, "s")] == ["t1", "t7", "a0"]
    store.update_z_for_section(SID, "s", 5.0)
    assert store.get_z_values(SID) == [0.0, 1.0, 2.0, 5.0]
    assert store.remove_tiles_with_section_id(SID, "s") == 3
    assert store.remove_tiles_with_z(SID, 2.0) == 3
    assert sorted(tiles.keys()) == ["t0", "t3", "t4", "t6"]
