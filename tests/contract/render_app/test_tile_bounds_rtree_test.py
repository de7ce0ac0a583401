"""render-app TileBoundsRTreeTest, ported: the tree's searches as they show in the pairs TilePairClient
(run through ``run_ws_client.sh``) writes for tiles stored through the REST API.

How each search shows: ``findTilesInBox`` is the client's ``--minX/--maxX/--minY/--maxY`` filter
(TilePairClient.java:554-568); ``findTilesInCircle(x, y, r)`` is the neighbour search of a source tile
centred on (x, y) with ``--explicitRadius r`` (TileBoundsRTree.java:216-244); ``getCircleNeighbors`` with
the test's source list is a run whose sources are limited by ``--onlyIncludeTilesNearTileIdsJson``
(TilePairClient.java:424-433); ``getDistinctPairs(center, all)`` is a run with the centre tile as the only
source and a radius covering every tile; ``findVisibleTiles`` / ``findCompletelyObscuredTiles`` are the
``--excludeCompletelyObscuredTiles`` filter (TilePairClient.java:570-583), seen as the tiles that still
appear in pairs.

Java assertions ported (10 of 10): testFindTiles 3 result sets (:29-48), testGetCircleNeighbors 2 pair
counts (:50-105), testGetCanvasIdPairs 2 combination counts (:107-131), testFindCompletelyObscuredTiles 2
counts (:133-147), testFindVisibleTiles 2 counts (:149-163; the first count is shared with the default
obscured count, both being "nothing hidden"). Not shown through HTTP: the individual entries of
``validateSearchResults`` beyond their tile ids (TileBounds objects are not written by the client).
"""

from __future__ import annotations

import json

import pytest

STACK = "rtree_test"
FAR = ("--excludeCornerNeighbors", "false", "--zNeighborDistance", "0")


def tile_id(index: int, z: float) -> str:
    """TileBoundsRTreeTest.getTileId (:185-188): ``tile-<z>-<index>``, z as String.valueOf(double)."""
    return f"tile-{z:.1f}-{index}"


def grid_bounds(index: int, z: float) -> tuple:
    """TileBoundsRTreeTest.getTileBounds (:190-201): 10 x 10 tiles on a 9 px pitch, 3 per row."""
    row, col = divmod(index, 3)
    min_x, min_y = col * 9.0, row * 9.0
    return (tile_id(index, z), f"{z:.1f}", z, min_x, min_y, min_x + 10, min_y + 10)


def grid(z: float) -> list[tuple]:
    """TileBoundsRTreeTest.buildListForZ (:203-221): the 3 x 3 grid."""
    return [grid_bounds(i, z) for i in range(9)]


@pytest.fixture
def sources_file(tmp_path):
    def write(*tile_ids: str) -> str:
        path = tmp_path / f"sources_{len(list(tmp_path.glob('sources_*')))}.json"
        path.write_text(json.dumps(list(tile_ids)))
        return str(path)
    return write


def test_find_tiles_in_box(put_bounds, tile_pairs):
    """testFindTiles (:34-35): the box (5, 5)-(15, 15) holds tiles 0, 1, 3 and 4."""
    put_bounds(STACK, grid(1.0))
    run = tile_pairs(STACK, *FAR, "--explicitRadius", "100", "--minX", "5", "--maxX", "15", "--minY", "5",
                     "--maxY", "15")
    assert run.tile_ids == {tile_id(i, 1.0) for i in (0, 1, 3, 4)}


@pytest.mark.parametrize(("center", "radius", "expected"), [
    (10.0, 5.0, (0, 1, 3, 4)),       # testFindTiles (:37-38)
    (15.0, 11.0, tuple(range(9))),   # testFindTiles (:40-46)
])
def test_find_tiles_in_circle(put_bounds, tile_pairs, sources_file, center, radius, expected):
    """A 2 x 2 source tile centred on (center, center) in layer 2 looks for neighbours in the grid of
    layer 3 with --explicitRadius radius; its pairs are the grid tiles found."""
    put_bounds(STACK, [("source", "2.0", 2.0, center - 1, center - 1, center + 1, center + 1), *grid(3.0)])
    run = tile_pairs(STACK, "--excludeCornerNeighbors", "false", "--zNeighborDistance", "1",
                     "--excludeCompletelyObscuredTiles", "false", "--explicitRadius", str(radius),
                     "--onlyIncludeTilesNearTileIdsJson", sources_file("source"))
    assert run.tile_ids - {"source"} == {tile_id(i, 3.0) for i in expected}


@pytest.mark.parametrize(("radius_args", "expected_count"), [
    ((), 21),                             # factor 1.1, no explicit radius (:61-83)
    (("--explicitRadius", "1.0"), 4),     # explicit radius 1 pairs only the same column (:85-104)
])
def test_get_circle_neighbors(put_bounds, tile_pairs, sources_file, radius_args, expected_count):
    """testGetCircleNeighbors: layer 1 holds tiles 0 and 1, layers 2 and 3 the full grid; the sources are
    layer 1's tiles and both other layers are neighbours."""
    put_bounds(STACK, [grid_bounds(0, 1.0), grid_bounds(1, 1.0), *grid(2.0), *grid(3.0)])
    sources = sources_file(tile_id(0, 1.0), tile_id(1, 1.0))
    run = tile_pairs(STACK, "--excludeCornerNeighbors", "false", "--zNeighborDistance", "2",
                     "--xyNeighborFactor", "1.1", *radius_args, "--onlyIncludeTilesNearTileIdsJson", sources)
    assert len(run.pairs) == expected_count


@pytest.mark.parametrize(("exclude_corners", "expected_count"), [("false", 8), ("true", 4)])
def test_get_canvas_id_pairs(put_bounds, tile_pairs, sources_file, exclude_corners, expected_count):
    """testGetCanvasIdPairs (:107-131): 3 x 3 tiles of 12 px on a 10 px pitch; the centre tile pairs
    with all 8 others, or with the 4 edge neighbours when corner neighbours are excluded."""
    z = 99.0
    rows = []
    for x in (0, 10, 20):
        for y in (0, 10, 20):
            rows.append((f"tile-{len(rows)}", f"{z:.1f}", z, x, y, x + 12, y + 12))
    put_bounds(STACK, rows)
    run = tile_pairs(STACK, "--zNeighborDistance", "0", "--excludeCornerNeighbors", exclude_corners,
                     "--excludeCompletelyObscuredTiles", "false", "--explicitRadius", "100",
                     "--onlyIncludeTilesNearTileIdsJson", sources_file("tile-4"))
    assert len(run.pairs) == expected_count
    assert all("tile-4" in pair for pair in run.ids)


def test_find_visible_tiles(put_bounds, tile_pairs):
    """testFindVisibleTiles (:149-163) and the first count of testFindCompletelyObscuredTiles (:136-138):
    the grid hides nothing; with reacquired tile zzz-1 (5, 5)-(25, 25) on top one tile is hidden."""
    put_bounds(STACK, grid(1.0))
    assert len(tile_pairs(STACK, *FAR, "--explicitRadius", "100").tile_ids) == 9
    put_bounds(STACK, [("zzz-1", "1", 1.0, 5.0, 5.0, 25.0, 25.0)])
    assert len(tile_pairs(STACK, *FAR, "--explicitRadius", "100").tile_ids) == 10 - 1


def test_find_completely_obscured_tiles(put_bounds, tile_pairs):
    """testFindCompletelyObscuredTiles (:140-146): with zzz-1, zzz-2 and aaa-3 added, 2 of the 12 tiles
    are completely obscured by tiles with greater tileIds."""
    put_bounds(STACK, [*grid(1.0), ("zzz-1", "1", 1.0, 5.0, 5.0, 25.0, 25.0),
                       ("zzz-2", "1", 1.0, 0.0, 0.0, 15.0, 15.0),
                       ("aaa-3", "1", 1.0, -10.0, 12.0, 15.0, 25.0)])
    assert len(tile_pairs(STACK, *FAR, "--explicitRadius", "100").tile_ids) == 12 - 2
