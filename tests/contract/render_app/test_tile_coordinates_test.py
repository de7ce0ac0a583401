"""render-app TileCoordinatesTest, ported: render-ws reads a JSON array of TileCoordinates in the batch
``PUT …/z/{z}/local-to-world-coordinates`` (TileCoordinates.fromJsonArray) and writes an array of arrays
of TileCoordinates from the batch ``PUT …/z/{z}/world-to-local-coordinates`` (the form
TileCoordinates.fromJsonArrayOfArrays parses).

The test's coordinates are the local points (i, j) of tiles ``test-tile-<i>-<j>`` (i in 0..2, j in
10..12) with z 9.0 (TileCoordinatesTest.java:20-27); here those tiles exist, each translated by
(1000 i, 1000 (j - 10)).

Java assertions ported (5 of 5, :31-58): 3 lists parsed, each non-empty and holding TileCoordinates;
3 coordinates parsed from the single list, each a TileCoordinates. Not shown through HTTP: Jackson's
own write of the test's list (the server writes its answers, not the client's list).
"""

from __future__ import annotations

import pytest

import renderapi

STACK = "coordinates_test"
Z = 9.0


def tile_id(i: int, j: int) -> str:
    return f"test-tile-{i}-{j}"


@pytest.fixture
def coordinate_tiles(put_bounds):
    put_bounds(STACK, [(tile_id(i, j), "9.0", Z, 1000 * i, 1000 * (j - 10), 1000 * i + 100,
                        1000 * (j - 10) + 100) for i in range(3) for j in range(10, 13)])
    return STACK


def is_tile_coordinates(item) -> bool:
    """A TileCoordinates object: tileId with local and/or world (TileCoordinates.java:25-29)."""
    has_point = "local" in item or "world" in item
    return isinstance(item, dict) and isinstance(item.get("tileId"), str) and has_point


def test_json_array_of_tile_coordinates(render, coordinate_tiles):
    """:47-58: the single list (i = 0) of 3 local coordinates comes back as 3 TileCoordinates."""
    local = [{"tileId": tile_id(0, j), "local": [0.0, float(j)]} for j in range(10, 13)]
    answer = renderapi.coordinate.local_to_world_coordinates_batch(coordinate_tiles, local, Z, render=render)
    assert len(answer) == 3
    assert all(is_tile_coordinates(item) for item in answer)
    # translation (0, 1000 (j - 10)) applied to local (0, j)
    assert [item["world"][:2] for item in answer] == [[0.0, 1000.0 * (j - 10) + j] for j in range(10, 13)]


def test_json_array_of_arrays_of_tile_coordinates(render, coordinate_tiles):
    """:29-45: one list per point, 3 lists, each non-empty and holding TileCoordinates."""
    world = [{"world": [1000.0 * i + i, 10.0]} for i in range(3)]
    answer = renderapi.coordinate.world_to_local_coordinates_batch(coordinate_tiles, world, Z, render=render)
    assert len(answer) == 3
    for i, found in enumerate(answer):
        assert len(found) > 0
        assert all(is_tile_coordinates(item) for item in found)
        assert found[0]["tileId"] == tile_id(i, 10)
