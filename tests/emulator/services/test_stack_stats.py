"""COMPLETE's derivations (StackStats and SectionData) from tile documents."""

import time

from render_emulator.services.stack_stats import derive_aggregates


def tile(tile_id, z, min_x, min_y, max_x, max_y, section_id=None, channels=None):
    doc = {"tileId": tile_id, "z": z, "minX": min_x, "minY": min_y, "maxX": max_x, "maxY": max_y}
    if section_id is not None:
        doc["layout"] = {"sectionId": section_id}
    if channels is not None:
        doc["channels"] = [{"name": name} for name in channels]
    return doc


def test_no_tiles_gives_no_stats_and_no_sections():
    aggregates = derive_aggregates([], 3)
    assert aggregates.stats is None
    assert aggregates.sections == []


def test_stats_fields_in_render_ws_order_with_floats_and_ints():
    tiles = [
        tile("a", 3407.0, 149.0, 130.0, 2709.9, 2290.0, "3407.0"),
        tile("b", 3408.0, 2000, 150, 5103, 5386, "3408.0"),
    ]
    stats = derive_aggregates(tiles, 3).stats
    assert list(stats) == [
        "stackBounds", "sectionCount", "nonIntegralSectionCount", "tileCount", "transformCount",
        "minTileWidth", "maxTileWidth", "minTileHeight", "maxTileHeight", "channelNames",
    ]
    assert stats["stackBounds"] == {
        "minX": 149.0, "minY": 130.0, "minZ": 3407.0, "maxX": 5103.0, "maxY": 5386.0, "maxZ": 3408.0
    }
    assert list(stats["stackBounds"]) == ["minX", "minY", "minZ", "maxX", "maxY", "maxZ"]
    assert all(isinstance(v, float) for v in stats["stackBounds"].values())
    assert stats["tileCount"] == 2 and stats["transformCount"] == 3
    # world bounding-box sizes, truncated: 2560.9 -> 2560, 3103 -> 3103
    assert (stats["minTileWidth"], stats["maxTileWidth"]) == (2560, 3103)
    assert (stats["minTileHeight"], stats["maxTileHeight"]) == (2160, 5236)
    assert all(isinstance(stats[k], int) for k in ("minTileWidth", "maxTileWidth", "tileCount"))
    assert stats["channelNames"] == []


def test_section_count_counts_distinct_z_and_non_integral_truncates_toward_zero():
    tiles = [
        tile("a", 1.0, 0, 0, 1, 1, "s1"),
        tile("b", 1.0, 0, 0, 1, 1, "s1b"),   # second sectionId on the same z: still one z
        tile("c", 2.5, 0, 0, 1, 1, "s2"),
        tile("d", -1.5, 0, 0, 1, 1, "s3"),   # -1.5 > int(-1.5) = -1 is false: not counted
        tile("e", 2.5, 0, 0, 1, 1, "s2"),
    ]
    stats = derive_aggregates(tiles, 0).stats
    assert stats["sectionCount"] == 3
    assert stats["nonIntegralSectionCount"] == 1


def test_channel_names_sorted_distinct():
    tiles = [
        tile("a", 1, 0, 0, 1, 1, channels=["DAPI", "Actin"]),
        tile("b", 1, 0, 0, 1, 1, channels=["DAPI"]),
    ]
    assert derive_aggregates(tiles, 0).stats["channelNames"] == ["Actin", "DAPI"]


def test_sections_group_by_section_id_and_z_sorted_by_section_id():
    tiles = [
        tile("a", 2.0, 10, 20, 110, 120, "b"),
        tile("b", 2.0, 5, 30, 100, 140, "b"),
        tile("c", 1.0, 0, 0, 50, 50, "a"),
        tile("d", 3.0, 0, 0, 50, 50, "b"),      # same sectionId, other z: its own element
        tile("e", 1.0, -5, -5, 5, 5),           # no sectionId: left out
    ]
    sections = derive_aggregates(tiles, 0).sections
    assert sections == [
        {"sectionId": "a", "z": 1.0, "tileCount": 1, "minX": 0.0, "maxX": 50.0, "minY": 0.0, "maxY": 50.0},
        {"sectionId": "b", "z": 2.0, "tileCount": 2, "minX": 5.0, "maxX": 110.0, "minY": 20.0, "maxY": 140.0},
        {"sectionId": "b", "z": 3.0, "tileCount": 1, "minX": 0.0, "maxX": 50.0, "minY": 0.0, "maxY": 50.0},
    ]
    assert list(sections[0]) == ["sectionId", "z", "tileCount", "minX", "maxX", "minY", "maxY"]


def test_tiles_without_section_still_count_in_stats():
    aggregates = derive_aggregates([tile("a", 1.0, 0, 0, 10, 10)], 0)
    assert aggregates.sections == []
    assert aggregates.stats["tileCount"] == 1


def test_missing_bounds_are_ignored_like_mongo_min_max():
    tiles = [tile("a", 1.0, 0, 0, 10, 10, "s"), {"tileId": "b", "z": 1.0, "layout": {"sectionId": "s"}}]
    aggregates = derive_aggregates(tiles, 0)
    assert aggregates.stats["tileCount"] == 2
    assert aggregates.stats["minTileWidth"] == 10
    assert aggregates.sections[0]["tileCount"] == 2
    assert aggregates.sections[0]["maxX"] == 10.0


def test_section_without_any_bounds_omits_them():
    sections = derive_aggregates([{"tileId": "b", "z": 1.0, "layout": {"sectionId": "s"}}], 0).sections
    assert sections == [{"sectionId": "s", "z": 1.0, "tileCount": 1}]


def test_hundred_thousand_tiles_in_well_under_a_few_seconds():
    tiles = [
        tile(f"t{i}", float(i // 100), i % 100 * 10.0, 0.0, i % 100 * 10.0 + 2048, 2048.0, str(i // 100))
        for i in range(100_000)
    ]
    start = time.perf_counter()
    aggregates = derive_aggregates(iter(tiles), 0)
    assert time.perf_counter() - start < 3.0
    assert aggregates.stats["sectionCount"] == 1000
    assert len(aggregates.sections) == 1000
