"""CoordinateService's stack queries (visible flag, per-element batch errors, tile ids for points) and posted
tile specs; one tile's mapping is tested in test_tile_mapping."""

import numpy as np
import pytest

from render_emulator.errors import BadRequest, NotFound, ServerError
from render_emulator.services import coordinate, render_data, stack_meta
from render_emulator.services.tile_json import parse_tile_spec
from render_emulator.store import RenderStore, StackId

SID = StackId("o", "p", "s")
AFFINE = "mpicbg.trakem2.transform.AffineModel2D"
POLYNOMIAL = "mpicbg.trakem2.transform.PolynomialTransform2D"
# x' = 300 + x + 0.001 y + 1e-4 x y ; y' = y + 2e-4 x^2 (monotone over the 100 x 100 tile)
POLY_DATA = "300 1 0.001 0 0.0001 0 0 0 1 0.0002 0 0"


def leaf(class_name, data):
    return {"type": "leaf", "className": class_name, "dataString": data}


def tile(tile_id, *specs, z=1.0, width=100, height=100, **extra):
    return parse_tile_spec({"tileId": tile_id, "z": z, "width": width, "height": height,
                            "mipmapLevels": {"0": {"imageUrl": f"file:///{tile_id}.png"}},
                            "transforms": {"type": "list", "specList": list(specs)}, **extra})


def put(store, stack_id, tiles, shared=None):
    render_data.save_resolved_tiles(store, stack_id, None, (shared or {}, tiles), True)


@pytest.fixture
def store():
    store = RenderStore()
    stack_meta.save_stack_version(store, SID, {})
    put(store, SID, [
        tile("a", leaf(AFFINE, "1 0 0 1 10 20")),                   # world [10,110] x [20,120]
        tile("b", leaf(AFFINE, "2 0 0 2 50 20")),                   # scale 2: world [50,250] x [20,220]
        tile("c", leaf(POLYNOMIAL, POLY_DATA)),
        tile("other_z", leaf(AFFINE, "1 0 0 1 10 20"), z=2.0),
    ])
    return store


# ============================================================================ stack queries
def test_world_to_local_marks_the_last_tile_visible(store):
    assert coordinate.world_to_local(store, SID, 1.0, 60.0, 30.0) == [
        {"tileId": "a", "local": [50.0, 10.0, 1.0]},
        {"tileId": "b", "visible": True, "local": [5.0, 5.0, 1.0]},
    ]
    # inside a's bounding box but past its last pixel (local 99.5): only b answers
    assert coordinate.world_to_local(store, SID, 1.0, 109.5, 119.5) == [
        {"tileId": "b", "visible": True, "local": [29.75, 49.75, 1.0]}]


def test_world_to_local_errors(store):
    with pytest.raises(BadRequest, match=r"^no tile specifications found in stack with owner 'o', "
                                         r"project 'p', and name 's' for world coordinates "
                                         r"x=500.0, y=30.0, z=1.0$"):
        coordinate.world_to_local(store, SID, 1.0, 500.0, 30.0)
    # inside b's box (maxX 250) but past its last pixel (local x 99.5)
    with pytest.raises(ServerError, match=r"^world coordinate \(249.0, 30.0\) found in tile id\(s\) \[b\] "
                                          r"cannot be inverted$"):
        coordinate.world_to_local(store, SID, 1.0, 249.0, 30.0)
    with pytest.raises(BadRequest, match="no tile specifications found"):
        coordinate.world_to_local(store, StackId("o", "p", "missing"), 1.0, 60.0, 30.0)


def test_world_to_local_batch_keeps_order_and_reports_errors_per_element(store):
    body = [{"world": [60, 30], "tileId": "ignored", "extra": 1}, {"world": [500, 1]}, {"tileId": "x"}, None,
            {"world": [7]}, {"world": [115, 30, 99]}]
    answer = coordinate.world_to_local_batch(store, SID, 1.0, body)
    assert answer[0][-1] == {"tileId": "b", "visible": True, "local": [5.0, 5.0, 1.0]}
    assert answer[1] == [{"world": [500.0, 1.0],
                          "error": "no tile specifications found in stack with owner 'o', project 'p', "
                                   "and name 's' for world coordinates x=500.0, y=1.0, z=1.0"}]
    assert answer[2] == [{"tileId": "x", "error": "world values are missing"}]
    assert answer[3] == [{"error": "coordinates are missing"}]
    assert answer[4] == [{"world": [7.0], "error": "world values must include both x and y"}]
    assert answer[5] == [{"tileId": "b", "visible": True, "local": [32.5, 5.0, 1.0]}]   # path z wins


def test_world_to_local_batch_without_z_reads_z_from_each_point(store):
    answer = coordinate.world_to_local_batch(store, SID, None, [{"world": [60, 30]}, {"world": [60, 30, 2]}])
    assert answer[0] == [{"world": [60.0, 30.0], "error": "world values must include x, y, and z"}]
    assert answer[1] == [{"tileId": "other_z", "visible": True, "local": [50.0, 10.0, 2.0]}]


def test_local_to_world_single_and_batch(store):
    assert coordinate.local_to_world(store, SID, "b", 5.0, 5.0) == {"tileId": "b", "world": [60.0, 30.0, 1.0]}
    with pytest.raises(NotFound, match="tile spec with id 'zz' does not exist in the render.o__p__s__tile"):
        coordinate.local_to_world(store, SID, "zz", 0.0, 0.0)
    answer = coordinate.local_to_world_batch(store, SID, [
        {"tileId": "a", "local": [1, 2]}, {"tileId": "zz", "local": [1, 2]}, {"tileId": "a", "local": [1]},
        {"local": [1, 2]}, {"tileId": "a"}, None, {"tileId": "b", "local": [0, 0, 9]}])
    assert answer == [
        {"tileId": "a", "world": [11.0, 22.0, 1.0]},
        {"tileId": "zz", "local": [1.0, 2.0],
         "error": "tile spec with id 'zz' does not exist in the render.o__p__s__tile collection"},
        {"tileId": "a", "local": [1.0], "error": "local values must include both x and y"},
        {"local": [1.0, 2.0], "error": "tileId is missing"},
        {"tileId": "a", "error": "local values are missing"},
        {"error": "coordinates are missing"},
        {"tileId": "b", "world": [50.0, 20.0, 1.0]},
    ]


def test_batches_need_a_body(store):
    with pytest.raises(ServerError, match='"worldCoordinatesList" is null'):
        coordinate.world_to_local_batch(store, SID, 1.0, None)
    with pytest.raises(BadRequest, match="Cannot deserialize"):
        coordinate.local_to_world_batch(store, SID, {"tileId": "a"})


def test_shared_transform_references_are_resolved(store):
    shared = {"shift": {"type": "leaf", "id": "shift", "className": AFFINE, "dataString": "1 0 0 1 1000 0"}}
    put(store, SID, [tile("r", {"type": "ref", "refId": "shift"}, z=5.0)], shared)
    assert coordinate.local_to_world(store, SID, "r", 1.0, 1.0)["world"] == [1001.0, 1.0, 5.0]
    assert coordinate.world_to_local(store, SID, 5.0, 1001.0, 1.0) == [
        {"tileId": "r", "visible": True, "local": [1.0, 1.0, 5.0]}]


def test_mapped_to_stack_uses_the_same_tile_in_the_other_stack(store):
    moved = StackId("o", "p", "moved")
    stack_meta.save_stack_version(store, moved, {})
    put(store, moved, [tile("b", leaf(AFFINE, "1 0 0 1 1000 2000"))])
    assert coordinate.world_mapped_to_stack(store, SID, 1.0, 60.0, 30.0, "moved") == {
        "tileId": "b", "world": [1005.0, 2005.0, 1.0]}
    with pytest.raises(NotFound):
        coordinate.world_mapped_to_stack(store, SID, 1.0, 20.0, 30.0, "moved")   # visible tile a not there
    # an empty toOwner is used as given (CoordinateService.java:346): StackId refuses it (StackId.java:39)
    with pytest.raises(BadRequest, match="invalid owner '' specified"):
        coordinate.world_mapped_to_stack(store, SID, 1.0, 60.0, 30.0, "moved", to_owner="")


def test_tile_ids_for_coordinates(store):
    answer = coordinate.tile_ids_for_coordinates(store, SID, 1.0, [
        {"world": [60, 30], "visible": False}, {"tileId": "q", "world": [500, 1]}])
    assert answer == [[{"tileId": "a", "visible": False, "world": [60.0, 30.0]},
                       {"tileId": "b", "visible": False, "world": [60.0, 30.0]}],
                      [{"tileId": "q", "world": [500.0, 1.0]}]]
    assert coordinate.tile_ids_for_coordinates(store, SID, None, [{"world": [60, 30, 2]}]) == [
        [{"tileId": "other_z", "world": [60.0, 30.0, 2.0]}]]
    with pytest.raises(ServerError, match="world values must include x, y, and z for element 0"):
        coordinate.tile_ids_for_coordinates(store, SID, None, [{"world": [60, 30]}])
    with pytest.raises(ServerError, match="world values are missing for element 1"):
        coordinate.tile_ids_for_coordinates(store, SID, 1.0, [{"world": [60, 30]}, {}])


def test_posted_tile_spec_variants():
    body = {"tileId": "t", "z": 4, "width": 100, "height": 100,
            "transforms": {"type": "list", "specList": [leaf(AFFINE, "2 0 0 2 50 20")]}}
    assert coordinate.posted_local_to_world(body, 5.0, 5.0) == [60.0, 30.0, 4.0]
    assert coordinate.posted_world_to_local(body, 60.0, 30.0, None) == [5.0, 5.0, 4.0]
    with pytest.raises(ServerError, match=r"^Noninvertible location \( 10.0, 30.0 \)$"):
        coordinate.posted_world_to_local(body, 10.0, 30.0, 16.0)
    with pytest.raises(ServerError, match='"tileSpec" is null'):
        coordinate.posted_local_to_world(None, 1.0, 1.0)


def test_large_batch_is_mapped_per_tile(store):
    rng = np.random.default_rng(1)
    points = rng.uniform([50, 20], [248, 218], size=(3000, 2))
    answer = coordinate.world_to_local_batch(store, SID, 1.0, [{"world": p} for p in points.tolist()])
    visible = np.array([next(c for c in per_point if c.get("visible"))["local"][:2] for per_point in answer])
    # the visible tile is b wherever b holds the point: local = (world - (50, 20)) / 2
    np.testing.assert_allclose(visible, (points - [50, 20]) / 2)
