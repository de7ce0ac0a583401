"""Port of render-ws's RenderDaoReadOnlyTest (render-ws/src/test/java/org/janelia/render/service/dao/
RenderDaoReadOnlyTest.java, render 916ed10) to HTTP, on the flyTEM/test/elastic fixture its setUp loads.

Each DAO call is made through the render-ws endpoint whose service method calls it (StackMetaDataService,
RenderDataService, TileDataService, CoordinateService); renderapi is used where it has a function.

Java assertions that cannot be shown through HTTP:
- testGetParameters, "parameters can be re-serialized" (RenderDaoReadOnlyTest.java:130-136): a property of the
  Java object; over HTTP the answer is the serialized form, so it is shown only by the answer parsing as JSON.
- testSaveTileSpecWithBadTransformReference (:184-194) and testSaveTransformSpecWithBadTransformReference
  (:208-214): RenderDao.saveTileSpec and saveTransformSpec are package-private (RenderDao.java:593, :664); no
  endpoint calls them. render-ws's only write path for tiles and transforms, PUT …/resolvedTiles
  (RenderDao.saveResolvedTiles, RenderDao.java:546-585), does not check references, so the
  IllegalArgumentException has no HTTP counterpart.
"""

from __future__ import annotations

import pytest
import requests

import renderapi

BOUNDS_DELTA = 0.1  # RenderDaoReadOnlyTest.java:387
GROUP_ID = "A"  # RenderDaoReadOnlyTest.java:388


def test_get_owners(elastic_stack):
    """RenderDaoReadOnlyTest.java:74-77: one owner (GET /owners → RenderDao.getOwners)."""
    owners = renderapi.render.get_owners(render=elastic_stack.render)
    assert owners == ["flyTEM"]


def test_get_projects(elastic_stack):
    """RenderDaoReadOnlyTest.java:82-85: flyTEM has two projects (GET owner/{owner}/projects)."""
    projects = renderapi.render.get_projects_by_owner(render=elastic_stack.render)
    assert sorted(projects) == ["fly863", "test"]


def test_get_stack_meta_data_list(elastic_stack):
    """RenderDaoReadOnlyTest.java:90-98: three stacks for the owner, one for project test
    (GET owner/{owner}/stacks and owner/{owner}/project/{project}/stacks → getStackMetaDataList)."""
    for_owner = renderapi.render.get_stack_metadata_by_owner(render=elastic_stack.render)
    assert len(for_owner) == 3
    for_project = renderapi.render.get_stacks_by_owner_project(render=elastic_stack.render)
    assert for_project == ["elastic"]


def test_get_stack_meta_data(elastic_stack):
    """RenderDaoReadOnlyTest.java:104-111: layout width/height 2600 x 2200, which StackMetaData takes from
    stats.maxTileWidth/maxTileHeight (render-app StackMetaData.java:89-101)."""
    meta = renderapi.stack.get_full_stack_metadata("elastic", render=elastic_stack.render)
    assert meta["stats"]["maxTileWidth"] == 2600
    assert meta["stats"]["maxTileHeight"] == 2200


def test_get_parameters(elastic_stack):
    """RenderDaoReadOnlyTest.java:117-161: box render-parameters (RenderDao.getParameters, RenderDataService
    z/{z}/box/…/render-parameters and group/{groupId}/z/{z}/box/…): width 5000, six fully resolved tiles; for
    group A two tiles, each of group A."""
    box = "1000.0,3000.0,5000,2000,0.5"
    parameters = elastic_stack.get_json(f"z/3903.0/box/{box}/render-parameters")
    assert parameters["width"] == 5000
    tile_specs = parameters["tileSpecs"]
    assert len(tile_specs) == 6
    for tile_spec in tile_specs:
        assert not _references(tile_spec["transforms"]), tile_spec["tileId"]

    parameters = elastic_stack.get_json(f"group/{GROUP_ID}/z/3903.0/box/{box}/render-parameters")
    assert len(parameters["tileSpecs"]) == 2
    assert {tile_spec["groupId"] for tile_spec in parameters["tileSpecs"]} == {GROUP_ID}


def test_get_parameters_selects_the_tiles_intersecting_the_box(elastic_stack):
    """Which tiles RenderDaoReadOnlyTest.java:141 and :155 count: RenderDao.getIntersectsBoxQuery
    (RenderDao.java:1887-1900: minX <= x + width, minY <= y + height, maxX >= x, maxY >= y) on the bounds
    stored in elastic-3903.json for the box (1000, 3000) 5000 x 2000, and group A (134, 135, 136) among
    them."""
    box = "1000.0,3000.0,5000,2000,0.5"
    parameters = elastic_stack.get_json(f"z/3903.0/box/{box}/render-parameters")
    assert {tile_spec["tileId"] for tile_spec in parameters["tileSpecs"]} == {
        "134",
        "135",
        "171",
        "172",
        "211",
        "212",
    }
    parameters = elastic_stack.get_json(f"group/{GROUP_ID}/z/3903.0/box/{box}/render-parameters")
    assert {tile_spec["tileId"] for tile_spec in parameters["tileSpecs"]} == {"134", "135"}


def _references(transform: dict) -> list[str]:
    """refIds of every reference left in a transform spec tree (ListTransformSpec.isFullyResolved)."""
    kind = transform.get("type", "leaf")
    if kind == "ref":
        return [transform["refId"]]
    if kind == "list":
        return [ref for spec in transform["specList"] for ref in _references(spec)]
    if kind == "interpolated":
        return _references(transform["a"]) + _references(transform["b"])
    return []


def test_get_tile_spec(elastic_stack):
    """RenderDaoReadOnlyTest.java:166-169: tile 134 is found (GET tile/{tileId})."""
    assert elastic_stack.get_json("tile/134")["tileId"] == "134"


def test_get_tile_specs(elastic_stack):
    """RenderDaoReadOnlyTest.java:174-176: twelve tiles at z 3903 (GET z/{z}/tile-specs)."""
    tile_specs = renderapi.tilespec.get_tile_specs_from_z("elastic", 3903.0, render=elastic_stack.render)
    assert len(tile_specs) == 12


def test_get_tile_spec_with_bad_id(elastic_stack):
    """RenderDaoReadOnlyTest.java:179-182: ObjectNotFoundException (404) for a missing tile, with
    RenderDao.java:214's message."""
    response = requests.get(f"{elastic_stack.url}/tile/missingId", timeout=30)
    assert response.status_code == 404
    # MongoUtil.fullName: the collection's namespace, database render (RenderDao.java:210-215)
    collection = "render.flyTEM__test__elastic__tile"
    assert response.text == f"tile spec with id 'missingId' does not exist in the {collection} collection"


def test_get_transform_spec(elastic_stack):
    """RenderDaoReadOnlyTest.java:198-200: shared transform 2 is a list spec (GET transform/{transformId})."""
    spec = elastic_stack.get_json("transform/2")
    assert spec["type"] == "list"


def test_get_transform_spec_with_bad_id(elastic_stack):
    """RenderDaoReadOnlyTest.java:203-206: ObjectNotFoundException (404) for a missing transform."""
    response = requests.get(f"{elastic_stack.url}/transform/missingId", timeout=30)
    assert response.status_code == 404
    assert "transform spec with id 'missingId' does not exist in the " in response.text  # RenderDao.java:648


@pytest.mark.parametrize(
    ("params", "expected_count"),
    [
        ({}, 2),  # RenderDaoReadOnlyTest.java:218
        ({"minZ": 3900.0, "maxZ": 4000.0}, 2),  # :219
        ({"minZ": 3900.0}, 2),  # :220
        ({"maxZ": 4000.0}, 2),  # :221
        ({"minZ": 3911.0, "maxZ": 3912.0}, 0),  # :222
    ],
)
def test_get_z_values(elastic_stack, params, expected_count):
    """RenderDaoReadOnlyTest.java:217-230: z values of the stack, filtered by minZ/maxZ (GET zValues)."""
    assert len(elastic_stack.get_json("zValues", **params)) == expected_count


def test_get_layer_bounds(elastic_stack):
    """RenderDaoReadOnlyTest.java:233-250: bounds of layer 3903 (GET z/{z}/bounds)."""
    bounds = renderapi.stack.get_bounds_from_z("elastic", 3903.0, render=elastic_stack.render)
    expected = {
        "minX": 1094.0,
        "minY": 1769.0,
        "minZ": 3903.0,
        "maxX": 9917.0,
        "maxY": 8301.0,
        "maxZ": 3903.0,
    }
    for key, value in expected.items():
        assert bounds[key] == pytest.approx(value, abs=BOUNDS_DELTA), key


def test_get_tile_bounds_for_z(elastic_stack):
    """RenderDaoReadOnlyTest.java:253-269: twelve tile bounds at z 3903, tile 134's box defined
    (GET z/{z}/tileBounds)."""
    tile_bounds = renderapi.stack.get_tilebounds_for_z("elastic", 3903.0, render=elastic_stack.render)
    assert len(tile_bounds) == 12
    (bounds_134,) = [bounds for bounds in tile_bounds if bounds["tileId"] == "134"]
    assert all(bounds_134.get(key) is not None for key in ("minX", "minY", "maxX", "maxY"))


def test_get_tile_bounds_for_section(elastic_stack):
    """RenderDaoReadOnlyTest.java:273-277: two tiles in section 3903.0 (GET
    section/{sectionId}/tileBounds)."""
    assert len(elastic_stack.get_json("section/3903.0/tileBounds")) == 2


def test_get_section_data_for_z(elastic_stack):
    """RenderDaoReadOnlyTest.java:282-291: two sections at z 3903, "3903.0" first, "mis-ordered-section"
    second (GET z/{z}/sectionData)."""
    sections = elastic_stack.get_json("z/3903.0/sectionData")
    assert [section["sectionId"] for section in sections] == ["3903.0", "mis-ordered-section"]


def test_write_coordinates_with_tile_ids(elastic_stack):
    """RenderDaoReadOnlyTest.java:296-337: tile ids of three world points (PUT z/{z}/tileIdsForCoordinates →
    RenderDao.writeCoordinatesWithTileIds): one list per point; 134 for the first, 134 then 171 for the
    second."""
    points = [{"world": [1900.0, 3000.0]}, {"world": [3700.0, 3000.0]}, {"world": [4500.0, 3000.0]}]
    response = requests.put(f"{elastic_stack.url}/z/3903.0/tileIdsForCoordinates", json=points, timeout=30)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert len(answer) == len(points)
    assert [coordinates["tileId"] for coordinates in answer[0]] == ["134"]
    assert [coordinates["tileId"] for coordinates in answer[1]] == ["134", "171"]


@pytest.mark.parametrize(
    ("path", "params", "expected_count"),
    [
        ("z/3903.0/resolvedTiles", {}, 12),  # RenderDaoReadOnlyTest.java:344-346
        ("resolvedTiles", {"groupId": GROUP_ID}, 3),  # :348-350
        ("resolvedTiles", {"groupId": GROUP_ID, "minX": 3950.0}, 1),  # :353-355
        ("resolvedTiles", {"minZ": 3903.0}, 14),  # :357-359
        ("resolvedTiles", {"maxZ": 3903.0}, 12),  # :361-363
        ("resolvedTiles", {"minZ": 3903.1, "maxZ": 3905.0}, 2),  # :365-367
    ],
)
def test_get_resolved_tiles(elastic_stack, path, params, expected_count):
    """RenderDaoReadOnlyTest.java:341-369: tile counts of resolvedTiles by z, group, minX and z range."""
    resolved = elastic_stack.get_json(path, **params)
    assert len(resolved["tileIdToSpecMap"]) == expected_count


@pytest.mark.parametrize(
    ("params", "expected_tile_ids"),
    [
        ({"groupId": GROUP_ID}, {"134", "135", "136"}),
        ({"groupId": GROUP_ID, "minX": 3950.0}, {"136"}),
        ({"minZ": 3903.1, "maxZ": 3905.0}, {"reacquire_a", "reacquire_b"}),
    ],
)
def test_get_resolved_tiles_selects_the_tiles_of_the_query(elastic_stack, params, expected_tile_ids):
    """Which tiles RenderDaoReadOnlyTest.java:350, :355 and :367 count: RenderDao.getGroupQuery
    (RenderDao.java:1910-1950; minX filters on maxX >= minX) on elastic-3903.json, whose group A is 134, 135,
    136, of which only 136 reaches x 3950 (maxX 3972), and whose tiles at z 3903.1 are reacquire_a and
    reacquire_b."""
    resolved = elastic_stack.get_json("resolvedTiles", **params)
    assert set(resolved["tileIdToSpecMap"]) == expected_tile_ids


@pytest.mark.parametrize(("match_pattern", "expected_count"), [(None, 14), ("with-real", 2)])
def test_write_tile_ids(elastic_stack, match_pattern, expected_count):
    """RenderDaoReadOnlyTest.java:372-384: 14 tile ids, 2 matching "with-real" (GET tileIds →
    RenderDao.writeTileIds)."""
    params = {} if match_pattern is None else {"matchPattern": match_pattern}
    tile_ids = elastic_stack.get_json("tileIds", **params)
    assert len(tile_ids) == expected_count
    if match_pattern is not None:  # the two ids of elastic-3903.json that contain "with-real"
        assert sorted(tile_ids) == ["253-with-real-transforms", "254-with-real-transforms"]
