"""Port of render-ws's RenderDaoTest
(render-ws/src/test/java/org/janelia/render/service/dao/RenderDaoTest.java, render 916ed10) to HTTP, on the
flyTEM/test/elastic fixture its setUp loads before every test.

Each DAO call is made through the endpoint whose service method calls it. render-ws's write endpoints only
change stacks in the LOADING state (e.g. StackMetaDataService.java:752-756, RenderDataService.java:477-481),
and the fixture's elastic stack is COMPLETE, so the writing tests first PUT state/LOADING (the DAO tests write
without that check). ``ensureIndexesAndDeriveStats`` is reached through PUT state/COMPLETE
(StackMetaDataService.java:840).

Java assertions that cannot be shown through HTTP:
- testRemoveTilesWithIds (RenderDaoTest.java:275-286): RenderDao.removeTilesWithIds is package-private
  (RenderDao.java:1315) and no endpoint calls it (DELETE tile/{tileId} calls removeTile, ported below).
- testSaveTileSpec's ``tileSpec.hasTransforms()`` checks (:344, :361) look at the test's own local object, not
  at stored data. RenderDao.saveTileSpec and saveTransformSpec are package-private (RenderDao.java:593, :664);
  their stored-then-read assertions are shown through PUT resolvedTiles, which upserts tiles by tileId and
  transforms by id in the same collections (RenderDao.java:546-585, :2122-2150).
- testSaveTransformSpec's ``removeLabel`` check (:383-384) is on the local object only.
- testCloneStack compares the clone's stats with the source's after ensureIndexesAndDeriveStats on a
  StackMetaData the test builds (:152-164); over HTTP the clone's metadata comes from cloneTo's body and its
  stats from PUT state/COMPLETE.
"""

from __future__ import annotations

import pytest
import requests
from render_ws_helpers import assert_stack_meta_data, put_resolved_tiles, set_state, stack_version

import renderapi


def z_values(stack, name: str) -> list[float]:
    return renderapi.stack.get_z_values_for_stack(name, render=stack.render)


def tile_count(stack, z: float) -> int:
    return len(renderapi.stack.get_tilebounds_for_z(stack.stack, z, render=stack.render))


def boxed_tile(tile_id: str, z: float | None = None, **fields) -> dict:
    """A tile with its bounding box set (ResolvedTileSpecCollection.validateCollection,
    render-app ResolvedTileSpecCollection.java:399-402, refuses tiles without one)."""
    tile = {"tileId": tile_id, "minX": 0.0, "minY": 0.0, "maxX": 10.0, "maxY": 10.0, **fields}
    if z is not None:
        tile["z"] = z
    return tile


def test_rename_stack(elastic_stack):
    """RenderDaoTest.java:80-131: renaming (PUT stack/{stack}/stackId → RenderDao.renameStack) moves metadata
    and z values; renaming a stack with stats keeps the stats."""
    render = elastic_stack.render
    from_z_values = z_values(elastic_stack, "elastic")

    def rename(from_stack: str, to_stack: str) -> None:
        body = {"owner": "flyTEM", "project": "test", "stack": to_stack}
        response = requests.put(f"{elastic_stack.stack_url(from_stack)}/stackId", json=body, timeout=60)
        assert response.status_code == 200, response.text

    assert requests.get(elastic_stack.stack_url("renamedStackA"), timeout=30).status_code == 404
    rename("elastic", "renamedStackA")
    assert requests.get(elastic_stack.stack_url("renamedStackA"), timeout=30).status_code == 200
    assert requests.get(elastic_stack.stack_url("elastic"), timeout=30).status_code == 404
    assert z_values(elastic_stack, "renamedStackA") == from_z_values

    # ensureIndexesAndDeriveStats, RenderDaoTest.java:109
    set_state(elastic_stack, "COMPLETE", "renamedStackA")
    from_stats = renderapi.stack.get_full_stack_metadata("renamedStackA", render=render)["stats"]

    assert requests.get(elastic_stack.stack_url("renamedStackB"), timeout=30).status_code == 404
    rename("renamedStackA", "renamedStackB")
    assert requests.get(elastic_stack.stack_url("renamedStackB"), timeout=30).status_code == 200
    assert requests.get(elastic_stack.stack_url("renamedStackA"), timeout=30).status_code == 404
    assert z_values(elastic_stack, "renamedStackB") == from_z_values
    to_stats = renderapi.stack.get_full_stack_metadata("renamedStackB", render=render)["stats"]
    assert to_stats == from_stats


def test_clone_stack(elastic_stack):
    """RenderDaoTest.java:134-181: a clone (PUT cloneTo/{toStack} → RenderDao.cloneStack) has the source's two
    z values and, once stats are derived, its tile and transform counts; a clone filtered by z (query
    parameter z) holds only that layer. Before the clone the target does not exist: the DAO answers null and
    no z values, render-ws 404 for both (RenderDataService.java:172-175)."""
    render = elastic_stack.render
    assert requests.get(elastic_stack.stack_url("clonedStack"), timeout=30).status_code == 404
    assert requests.get(f"{elastic_stack.stack_url('clonedStack')}/zValues", timeout=30).status_code == 404

    from_meta = renderapi.stack.get_full_stack_metadata("elastic", render=render)
    set_state(elastic_stack, "COMPLETE")  # ensureIndexesAndDeriveStats on the source, :145
    from_stats = renderapi.stack.get_full_stack_metadata("elastic", render=render)["stats"]

    response = requests.put(
        f"{elastic_stack.stack_url('elastic')}/cloneTo/clonedStack",
        json=from_meta["currentVersion"],
        timeout=60,
    )
    assert response.status_code == 201, response.text
    assert len(z_values(elastic_stack, "clonedStack")) == 2

    set_state(elastic_stack, "COMPLETE", "clonedStack")
    to_stats = renderapi.stack.get_full_stack_metadata("clonedStack", render=render)["stats"]
    assert from_stats is not None and to_stats is not None
    assert to_stats["tileCount"] == from_stats["tileCount"]
    assert to_stats["transformCount"] == from_stats["transformCount"]

    set_state(elastic_stack, "LOADING")
    put_resolved_tiles(
        elastic_stack, {"tileIdToSpecMap": {"new-tile-spec": boxed_tile("new-tile-spec", 999.0)}}
    )
    response = requests.put(
        f"{elastic_stack.stack_url('elastic')}/cloneTo/filteredStack",
        params={"z": 999.0},
        json=from_meta["currentVersion"],
        timeout=60,
    )
    assert response.status_code == 201, response.text
    assert z_values(elastic_stack, "filteredStack") == [999.0]


def test_save_stack_meta_data_and_derive_stats(elastic_stack):
    """RenderDaoTest.java:184-229: a new version (POST stack/{stack} → getNextVersion + saveStackMetaData) is
    LOADING with version number 3; PUT state/COMPLETE derives stack bounds (1094, 1769, 3903, 9917, 8301,
    3903.1) and 14 tiles; sectionData then lists 3 sections, the first 3903.0 with 2 tiles; between z 3902 and
    3903 there are 2."""
    render = elastic_stack.render
    second_try = stack_version("2016-03-04T05:06:07.089Z", "second try", 5, 3, 4.2, 4.2, 35.2)
    response = requests.post(elastic_stack.url, json=second_try, timeout=60)
    assert response.status_code == 201, response.text

    meta = renderapi.stack.get_full_stack_metadata("elastic", render=render)
    assert_stack_meta_data(meta, "LOADING", 3, second_try)

    set_state(elastic_stack, "COMPLETE")
    stats = renderapi.stack.get_full_stack_metadata("elastic", render=render)["stats"]
    assert stats is not None
    # Bounds.toJson of new Bounds(1094.0, 1769.0, 3903.0, 9917.0, 8301.0, 3903.1), RenderDaoTest.java:210-212
    expected_bounds = {
        "minX": 1094.0,
        "minY": 1769.0,
        "minZ": 3903.0,
        "maxX": 9917.0,
        "maxY": 8301.0,
        "maxZ": 3903.1,
    }
    assert stats["stackBounds"] == expected_bounds
    assert list(stats["stackBounds"]) == list(expected_bounds)
    assert stats["tileCount"] == 14

    sections = renderapi.stack.get_stack_sectionData("elastic", render=render)
    assert len(sections) == 3
    assert sections[0]["sectionId"] == "3903.0"
    assert sections[0]["z"] == pytest.approx(3903, abs=0.01)
    assert sections[0]["tileCount"] == 2
    assert len(elastic_stack.get_json("sectionData", minZ=3902.0, maxZ=3903.0)) == 2


def test_remove_stack(elastic_stack):
    """RenderDaoTest.java:232-253: after DELETE stack/{stack} (RenderDao.removeStack) neither metadata nor z
    values remain (the DAO answers null and an empty list; render-ws 404 for both,
    RenderDataService.java:172-175)."""
    assert renderapi.stack.get_full_stack_metadata("elastic", render=elastic_stack.render) is not None
    assert len(z_values(elastic_stack, "elastic")) > 0
    renderapi.stack.delete_stack("elastic", render=elastic_stack.render)
    assert requests.get(elastic_stack.url, timeout=30).status_code == 404
    assert requests.get(f"{elastic_stack.url}/zValues", timeout=30).status_code == 404


def test_remove_tiles_with_section_id(elastic_stack):
    """RenderDaoTest.java:256-272: DELETE section/{sectionId} (RenderDao.removeTilesWithSectionId) removes the
    one tile of mis-ordered-section from layer 3903."""
    before = tile_count(elastic_stack, 3903.0)
    set_state(elastic_stack, "LOADING")
    response = requests.delete(f"{elastic_stack.url}/section/mis-ordered-section", timeout=60)
    assert response.status_code == 200, response.text
    assert tile_count(elastic_stack, 3903.0) == before - 1


def test_remove_tile(elastic_stack):
    """RenderDaoTest.java:289-300: DELETE tile/{tileId} (RenderDao.removeTile) removes one tile of layer
    3903."""
    before = tile_count(elastic_stack, 3903.0)
    set_state(elastic_stack, "LOADING")
    renderapi.stack.delete_tile("elastic", "134", render=elastic_stack.render)
    assert tile_count(elastic_stack, 3903.0) == before - 1


def test_remove_tiles_with_z(elastic_stack):
    """RenderDaoTest.java:303-324: a tile saved at z 999 makes three z values; DELETE z/{z}
    (RenderDao.removeTilesWithZ) leaves two."""
    set_state(elastic_stack, "LOADING")
    put_resolved_tiles(elastic_stack, {"tileIdToSpecMap": {"testTileId": boxed_tile("testTileId", 999.0)}})
    assert len(z_values(elastic_stack, "elastic")) == 3
    response = requests.delete(f"{elastic_stack.url}/z/999.0", timeout=60)
    assert response.status_code == 200, response.text
    assert len(z_values(elastic_stack, "elastic")) == 2


def test_save_tile_spec(elastic_stack):
    """RenderDaoTest.java:327-362: a saved tile reads back with its layout (temca "0"); saved again with temca
    "1" and a reference to transform 1 it reads back with temca "1" and transforms."""
    set_state(elastic_stack, "LOADING")
    layout = {"sectionId": "s123", "temca": "0"}
    put_resolved_tiles(
        elastic_stack, {"tileIdToSpecMap": {"new-tile-1": boxed_tile("new-tile-1", layout=layout)}}
    )
    inserted = elastic_stack.get_json("tile/new-tile-1")
    assert inserted["layout"]["temca"] == "0"
    assert not inserted.get("transforms", {}).get("specList")

    changed = boxed_tile(
        "new-tile-1",
        layout={"sectionId": "s123", "temca": "1"},
        transforms={"type": "list", "specList": [{"type": "ref", "refId": "1"}]},
    )
    # PUT resolvedTiles resolves each tile's references within the request's own transforms
    # (ResolvedTileSpecCollection.getTileSpecs → resolveTileSpecs, ResolvedTileSpecCollection.java:136-139,
    # :561-570), so transform 1 of the stack travels with the tile
    shared = {"1": elastic_stack.get_json("transform/1")}
    put_resolved_tiles(
        elastic_stack, {"transformIdToSpecMap": shared, "tileIdToSpecMap": {"new-tile-1": changed}}
    )
    updated = elastic_stack.get_json("tile/new-tile-1")
    assert updated["layout"]["temca"] == "1"
    assert updated["transforms"]["specList"]


def test_save_transform_spec(elastic_stack):
    """RenderDaoTest.java:365-395: a saved leaf transform reads back (GET transform/{id}) with its label;
    saved again as a list holding a reference to transform 1 it reads back not fully resolved."""
    set_state(elastic_stack, "LOADING")
    leaf = {
        "id": "new-transform-1",
        "metaData": {"labels": ["test-group"]},
        "className": "mpicbg.trakem2.transform.AffineModel2D",
        "dataString": "1  0  0  1  0  0",
    }
    user = boxed_tile(
        "transform-user",
        3903.0,
        transforms={"type": "list", "specList": [{"type": "ref", "refId": "new-transform-1"}]},
    )
    put_resolved_tiles(
        elastic_stack,
        {"transformIdToSpecMap": {"new-transform-1": leaf}, "tileIdToSpecMap": {"transform-user": user}},
    )
    inserted = elastic_stack.get_json("transform/new-transform-1")
    assert "test-group" in inserted["metaData"]["labels"]

    as_list = {"id": "new-transform-1", "type": "list", "specList": [{"type": "ref", "refId": "1"}]}
    # a tile may not reference a shared list that itself holds a reference: PUT resolvedTiles resolves one
    # level only (ReferenceTransformSpec.java:61-87), so the tile references transform 1 directly and the
    # list is saved beside it (saveResolvedTransforms saves every shared transform, RenderDao.java:556-558)
    shared = {"new-transform-1": as_list, "1": elastic_stack.get_json("transform/1")}
    user = boxed_tile(
        "transform-user", 3903.0, transforms={"type": "list", "specList": [{"type": "ref", "refId": "1"}]}
    )
    put_resolved_tiles(
        elastic_stack, {"transformIdToSpecMap": shared, "tileIdToSpecMap": {"transform-user": user}}
    )
    updated = elastic_stack.get_json("transform/new-transform-1")
    assert updated["type"] == "list"
    assert {"type": "ref", "refId": "1"} in updated["specList"]


def test_update_z_for_section(elastic_stack):
    """RenderDaoTest.java:398-411: section mis-ordered-section is at z 3903; PUT section/{sectionId}/z
    (RenderDao.updateZForSection) moves it to 999."""
    render = elastic_stack.render
    assert renderapi.stack.get_section_z_value(
        "elastic", "mis-ordered-section", render=render
    ) == pytest.approx(3903.0, abs=0.1)
    set_state(elastic_stack, "LOADING")
    response = requests.put(f"{elastic_stack.url}/section/mis-ordered-section/z", json=999.0, timeout=60)
    assert response.status_code == 201, response.text
    assert renderapi.stack.get_section_z_value(
        "elastic", "mis-ordered-section", render=render
    ) == pytest.approx(999.0, abs=0.1)


def test_update_z_for_tiles(elastic_stack):
    """RenderDaoTest.java:414-437: PUT z/{z}/tileIds (RenderDao.updateZForTiles) moves tiles 134 and 135 to z
    999."""
    for tile_id in ("134", "135"):
        assert elastic_stack.get_json(f"tile/{tile_id}")["z"] != 999.0
    set_state(elastic_stack, "LOADING")
    response = requests.put(f"{elastic_stack.url}/z/999.0/tileIds", json=["134", "135"], timeout=60)
    assert response.status_code == 201, response.text
    for tile_id in ("134", "135"):
        assert elastic_stack.get_json(f"tile/{tile_id}")["z"] == 999.0
