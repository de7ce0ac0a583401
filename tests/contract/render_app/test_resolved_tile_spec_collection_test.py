"""render-app ResolvedTileSpecCollectionTest, ported: the collection is stored through
``PUT …/resolvedTiles`` and read back per layer, and ``removeInvalidTileSpecs`` with a
TemTileSpecValidator(0, 10, 1, 9) runs as ValidateTilesClient ``--removeInvalidTiles``
(ValidateTilesClient.java:97-115) through ``run_ws_client.sh``.

The test's tiles (ResolvedTileSpecCollectionTest.java:74-94) keep their bounding boxes (good: x 1, y 2,
width 3, height 4 and a reference to transform referenced-1; bad: x -5, y 0, 1 x 1) and z 99; their
images become http URLs, which TileSpec.validate does not look for (ImageAndMask.java:191-199), as a
server or client cannot hold the test's relative files.

Java assertions ported (2 of 4, :31-68): 5 tiles before the filter and 3 after. Not shown: the sixth tile
(``bad-missing-image``, no z and no image) cannot be stored at all, so the "6 before" count only shows as
5; the transform counts (2 before, 1 after) are in-memory counts of the collection: a layer's
resolvedTiles lists only the transforms its tiles reference (1 in both cases).
"""

from __future__ import annotations

import requests

import renderapi

STACK = "resolved_test"
Z = 99.0
VALIDATOR = "org.janelia.alignment.spec.validator.TemTileSpecValidator"


def transform_spec(transform_id: str) -> dict:
    """:70-75."""
    return {"type": "leaf", "id": transform_id, "className": "mpicbg.trakem2.transform.AffineModel2D",
            "dataString": "1 0 0 1 0 0"}


def tile_spec(tile_id: str, is_bad: bool) -> dict:
    """:77-94: Rectangle(x, y, width, height) as the bounding box."""
    x, y, width, height = (-5, 0, 1, 1) if is_bad else (1, 2, 3, 4)
    tile = {"tileId": tile_id, "z": Z, "minX": float(x), "minY": float(y), "maxX": float(x + width),
            "maxY": float(y + height),
            "mipmapLevels": {"0": {"imageUrl": "http://images.example.org/col0060_row0140_cam0.tif",
                                   "maskUrl": "http://images.example.org/49.134.zip"}},
            "transforms": {"type": "list", "specList": []}}
    if not is_bad:
        tile["transforms"]["specList"].append({"type": "ref", "refId": "referenced-1"})
    return tile


def test_filter_invalid_specs(render, render_server, java_client):
    renderapi.stack.create_stack(STACK, render=render)
    stack_url = (f"{render_server.base_url}/owner/{render.DEFAULT_OWNER}/project/{render.DEFAULT_PROJECT}"
                 f"/stack/{STACK}")
    tiles = [tile_spec(tile_id, is_bad) for tile_id, is_bad in
             (("good-1", False), ("bad-2", True), ("good-3", False), ("bad-4", True), ("good-5", False))]
    body = {"transformIdToSpecMap": {t: transform_spec(t) for t in ("referenced-1", "unreferenced-2")},
            "tileIdToSpecMap": {tile["tileId"]: tile for tile in tiles}}
    response = requests.put(f"{stack_url}/resolvedTiles", json=body, timeout=120)
    assert response.status_code == 201, response.text

    def layer() -> dict:
        answer = requests.get(f"{stack_url}/z/{Z}/resolvedTiles", timeout=60)
        assert answer.status_code == 200, answer.text
        return answer.json()

    assert len(layer()["tileIdToSpecMap"]) == 5                           # :55-56 (6 with the unstorable one)
    done = java_client("org.janelia.render.client.ValidateTilesClient", "--stack", STACK,
                       "--validatorClass", VALIDATOR,
                       "--validatorData", "minCoordinate:0,maxCoordinate:10,minSize:1,maxSize:9",
                       "--removeInvalidTiles", Z)
    assert done.returncode == 0, done.output
    after = layer()
    assert sorted(after["tileIdToSpecMap"]) == ["good-1", "good-3", "good-5"]   # :63-64
    assert list(after.get("transformIdToSpecMap", {})) == ["referenced-1"]
