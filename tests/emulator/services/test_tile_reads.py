"""Tile queries: z ranges, box selection with closed intervals, the 50,000-tile guard and query texts."""

import pytest

from render_emulator.errors import BadRequest
from render_emulator.services import tile_reads
from render_emulator.store import RenderStore, StackId

SID = StackId("o", "p", "s")


@pytest.fixture
def store():
    store = RenderStore()
    store.tile_collection(SID).upsert([
        {"tileId": f"t{i}", "z": float(i % 3), "minX": 10.0 * i, "minY": 0.0, "maxX": 10.0 * i + 10,
         "maxY": 10.0}
        for i in range(9)
    ])
    return store


def test_z_values_and_ranges(store):
    assert tile_reads.z_values(store, SID) == [0.0, 1.0, 2.0]
    assert tile_reads.z_values(store, SID, 0.5, 2) == [1.0, 2.0]
    assert sorted(t["tileId"] for t in tile_reads.tiles_in_z_range(store, SID, 1, 1)) == ["t1", "t4", "t7"]
    assert len(tile_reads.tiles_in_z_range(store, SID, None, None)) == 9


def test_box_selection_is_closed_and_sorted(store):
    found = tile_reads.tiles_in_box(store, SID, 1.0, 20, 0, 20, 5)   # x in [20, 40]
    assert [t["tileId"] for t in found] == ["t1", "t4"]              # t1 ends at x = 20: touches
    found = tile_reads.tiles_in_box(store, SID, 1.0, 0, 10, 20, 0)
    assert [t["tileId"] for t in found] == ["t1"]


def test_query_guard_and_document_text(store, monkeypatch):
    monkeypatch.setattr(tile_reads, "MAX_TILES_PER_QUERY", 2)
    with pytest.raises(BadRequest) as too_broad:
        tile_reads.tiles_in_box(store, SID, 0.0, -100, -100, 1000, 1000)
    assert too_broad.value.message == (
        "query too broad, over 2 tiles match Document{{z=0.0, minX=Document{{$lte=900.0}}, "
        "minY=Document{{$lte=900.0}}, maxX=Document{{$gte=-100.0}}, maxY=Document{{$gte=-100.0}}}}")
    assert len(tile_reads.tiles_in_box(store, SID, 0.0, -100, -100, 1000, 1000, group_id="g")) == 0
    assert tile_reads.document_text([]) == "Document{{}}"
