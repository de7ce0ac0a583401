"""Port of render-ws's CoordinateServiceTest (render-ws/src/test/java/org/janelia/render/service/
CoordinateServiceTest.java, render 916ed10) to HTTP, on the tile and transform collections of
flyTEM/test/elastic that its setUp loads (no stack metadata, CoordinateServiceTest.java:34-44).

Each CoordinateService method is called through its own endpoint, with renderapi.coordinate. Tiles 253
and 254 carry a MovingLeastSquaresTransform2 (elastic-3903.json), computed by geometry/java_transforms.

Java assertions that cannot be shown through HTTP: none; "world values should be null" / "local values should
be null" (CoordinateServiceTest.java:219, :223) are shown as the field being absent, as Jackson leaves nulls
out of TileCoordinates.
"""

from __future__ import annotations

import pytest

import renderapi

TILE_WITH_REAL_TRANSFORMS = "254-with-real-transforms"  # CoordinateServiceTest.java:241
Z = 3903.0  # CoordinateServiceTest.java:242
ACCEPTABLE_DELTA = 0.1  # CoordinateServiceTest.java:243


def assert_coordinates(
    coordinates: dict, is_local: bool, expected_x: float | None = None, expected_y: float | None = None
) -> None:
    """CoordinateServiceTest.validateCoordinates (:204-239): tile 254, only local or only world values, three
    of them, x and y as expected when given, z = 3903."""
    assert coordinates["tileId"] == TILE_WITH_REAL_TRANSFORMS
    present, absent = ("local", "world") if is_local else ("world", "local")
    assert coordinates.get(absent) is None
    values = coordinates[present]
    assert len(values) == 3
    if expected_x is not None:
        assert values[0] == pytest.approx(expected_x, abs=ACCEPTABLE_DELTA)
    if expected_y is not None:
        assert values[1] == pytest.approx(expected_y, abs=ACCEPTABLE_DELTA)
    assert values[2] == pytest.approx(Z, abs=ACCEPTABLE_DELTA)


def test_single_point_coordinate_methods(elastic_tiles_only):
    """CoordinateServiceTest.java:52-94: world (9000, 7000) lies in tile 254 only; its local point maps back
    to (9000, 7000) (GET z/{z}/world-to-local-coordinates/{x},{y}, GET
    tile/{tileId}/local-to-world-coordinates)."""
    render = elastic_tiles_only.render
    local_list = renderapi.coordinate.world_to_local_coordinates("elastic", Z, 9000.0, 7000.0, render=render)
    assert len(local_list) == 1
    assert_coordinates(local_list[0], is_local=True)

    local = local_list[0]["local"]
    world = renderapi.coordinate.local_to_world_coordinates(
        "elastic", TILE_WITH_REAL_TRANSFORMS, local[0], local[1], render=render
    )
    assert_coordinates(world, is_local=False, expected_x=9000.0, expected_y=7000.0)


def test_multiple_point_coordinate_methods(elastic_tiles_only):
    """CoordinateServiceTest.java:96-175: four world points, the third outside every tile; PUT
    z/{z}/world-to-local-coordinates answers one list per point, the third an error that keeps its world
    values; PUT z/{z}/local-to-world-coordinates of the flattened answers maps the others back."""
    render = elastic_tiles_only.render
    error_index = 2
    points = [[9000.0, 7000.0], [9010.0, 7010.0], [109010.0, 107010.0], [9020.0, 7020.0]]
    nested = renderapi.coordinate.world_to_local_coordinates_batch(
        "elastic", [{"world": point} for point in points], Z, render=render
    )
    assert len(nested) == len(points)
    local_list = [coordinates for inner in nested for coordinates in inner]
    for index, coordinates in enumerate(local_list):
        if index == error_index:
            assert coordinates.get("error")
            assert coordinates.get("world") is not None
        else:
            assert_coordinates(coordinates, is_local=True)

    world_list = renderapi.coordinate.local_to_world_coordinates_batch(
        "elastic", local_list, Z, render=render
    )
    assert len(world_list) == len(local_list)
    for index, coordinates in enumerate(world_list):
        if index == error_index:
            assert coordinates.get("error")
            assert coordinates.get("world") is not None
        else:
            assert_coordinates(
                coordinates, is_local=False, expected_x=points[index][0], expected_y=points[index][1]
            )


def test_point_with_multiple_tiles(elastic_tiles_only):
    """CoordinateServiceTest.java:177-202: world (8000, 5900) maps into two tiles; the first answer is not
    marked visible, the second is. (The Java comment says tiles 252 and 253; by the bounds stored in
    elastic-3903.json the tiles containing the point are 253-with-real-transforms and
    254-with-real-transforms.)"""
    answers = renderapi.coordinate.world_to_local_coordinates(
        "elastic", Z, 8000.0, 5900.0, render=elastic_tiles_only.render
    )
    assert len(answers) == 2
    assert not answers[0].get("visible", False)
    assert answers[1].get("visible", False) is True
