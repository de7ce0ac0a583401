"""TileBoundsRTree geometry of the emulated TilePairClient (javaclient/tile_bounds_rtree.py) and
StackId.fromNameString (javaclient/tile_pair.py), checked against the Java arithmetic they follow."""

from __future__ import annotations

import pytest

from render_emulator.javaclient.data_client import ClientError
from render_emulator.javaclient.tile_bounds_rtree import (
    TileBoundsRTree,
    canvas_key,
    ordered_pair,
    relative_positions,
)
from render_emulator.javaclient.tile_pair import numbered_path, stack_id_from_name


def bounds(tile_id: str, min_x: float, min_y: float, max_x: float, max_y: float) -> dict:
    return {"tileId": tile_id, "sectionId": "1", "z": 1.0, "minX": min_x, "minY": min_y, "maxX": max_x,
            "maxY": max_y}


def test_circle_search_rounds_to_float32():
    """rtree Circle.create casts x, y, r to float: 16777217 becomes 16777216 (2^24 + 1 is not a float)."""
    tree = TileBoundsRTree(1.0, [bounds("s", 16777196.0, 0.0, 16777208.0, 12.0)])
    assert [t["tileId"] for t in tree.find_tiles_in_circle(16777217.0, 6.0, 8.5)] == ["s"]
    near_zero = TileBoundsRTree(1.0, [bounds("s", 0.0, 0.0, 12.0, 12.0)])
    assert near_zero.find_tiles_in_circle(21.0, 6.0, 8.5) == []


def test_circle_touching_an_edge_and_radius_zero():
    """Circle.intersects is distance(rect) == 0 after subtracting the radius: touching counts, and a
    radius of 0 finds the rectangles holding the centre (TileBoundsRTree.java:223-229)."""
    tree = TileBoundsRTree(1.0, [bounds("a", 0.0, 0.0, 10.0, 10.0), bounds("b", 20.0, 0.0, 30.0, 10.0)])
    assert [t["tileId"] for t in tree.find_tiles_in_circle(15.0, 5.0, 5.0)] == ["a", "b"]
    assert [t["tileId"] for t in tree.find_tiles_in_circle(10.0, 5.0, 0.0)] == ["a"]
    with pytest.raises(ClientError):
        tree.find_tiles_in_circle(10.0, 5.0, -1.0)  # the circle's mbr would have max < min


def test_box_search_is_inclusive():
    tree = TileBoundsRTree(1.0, [bounds("a", 0.0, 0.0, 10.0, 10.0), bounds("b", 20.0, 0.0, 30.0, 10.0)])
    assert [t["tileId"] for t in tree.find_tiles_in_box(10.0, 0.0, 20.0, 1.0)] == ["a", "b"]
    assert tree.find_tiles_in_box(10.5, 0.0, 19.5, 1.0) == []


def test_visible_tiles():
    """Greater tileIds cover lesser ones (TileBoundsRTree.java:259-275); an empty area counts as covered."""
    tree = TileBoundsRTree(1.0, [bounds("a", 0.0, 0.0, 10.0, 10.0), bounds("b", 0.0, 0.0, 6.0, 10.0),
                                 bounds("c", 5.0, 0.0, 10.0, 10.0), bounds("d", 50.0, 0.0, 50.0, 10.0)])
    assert [t["tileId"] for t in tree.find_visible_tiles()] == ["b", "c"]


def test_relative_positions_and_pair_order():
    """MontageRelativePosition.java:23-46; CanvasId order includes the position (CanvasId.java:144-157)."""
    a, b = bounds("a", 0.0, 0.0, 10.0, 10.0), bounds("b", 5.0, 8.0, 15.0, 18.0)
    assert relative_positions(a, b) == ("TOP", "BOTTOM")
    assert relative_positions(b, a) == ("BOTTOM", "TOP")
    assert relative_positions(a, a) == ("TOP", "BOTTOM")
    assert relative_positions(bounds("c", 9.0, 8.0, 19.0, 18.0), a) == ("RIGHT", "LEFT")
    top = {"groupId": "1", "id": "a", "relativePosition": "TOP"}
    bottom = {"groupId": "1", "id": "a", "relativePosition": "BOTTOM"}
    assert canvas_key({"groupId": "1", "id": "a"}) < canvas_key(top) < canvas_key(bottom)
    pair = ordered_pair({"groupId": "2", "id": "a"}, {"groupId": "10", "id": "z"}, -2.0)
    assert (pair["p"]["groupId"], pair["absoluteDeltaZ"]) == ("10", 2.0)  # String order: "10" < "2"
    with pytest.raises(ClientError, match="both IDs are the same"):
        ordered_pair({"groupId": "1", "id": "a"}, {"groupId": "1", "id": "a"}, None)
    with pytest.raises(ClientError, match="NullPointerException"):
        ordered_pair({"groupId": None, "id": "a"}, {"groupId": "1", "id": "b"}, None)


@pytest.mark.parametrize(("name", "expected"), [
    ("s", ("o", "p", "s")),
    ("q::s", ("o", "q", "s")),
    ("x::q::s", ("x", "q", "s")),
    ("q::s::", ("o", "q", "s")),   # String.split drops trailing empty strings
])
def test_stack_id_from_name(name, expected):
    assert stack_id_from_name(name, "o", "p") == expected


@pytest.mark.parametrize("name", ["", "::", "a::b::c::d", "q::s__t", "::s"])
def test_stack_id_from_name_refusals(name):
    with pytest.raises(ClientError):
        stack_id_from_name(name, "o", "p")


def test_numbered_output_paths():
    """TilePairClient.java:295-307 and :592-594."""
    assert numbered_path("/t/pairs.json", 0) == "/t/pairs_p000.json"
    assert numbered_path("/t/pairs.json.gz", 12) == "/t/pairs_p012.json.gz"
    assert numbered_path("/t/pairs.gz", 1) == "/t/pairs_p001.gz"
    assert numbered_path("/t/pairs.txt", 1) == "/t/pairs.txt_p001"
