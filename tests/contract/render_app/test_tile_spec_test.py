"""render-app TileSpecTest, ported: tile JSON parsed by render-ws when tiles are stored
(``PUT …/resolvedTiles?deriveData=true``) and read back (``GET …/tile/{id}``), validated by
``PUT /owner/{owner}/validate-json/tile`` (ValidationService.java:55-72), mapped by the tile and layer
coordinate endpoints and bounded by render-ws's bounding box derivation.

Fixtures: the test's inline JSON (TileSpecTest.java:184-238) and render-app's
``tile-test/tile_with_only_affine_transforms.json`` and ``tile_with_non_invertible_transforms.json``,
vendored in tests/data/render_app/tile-test (see tests/data/PROVENANCE.md). To be stored, the inline tile
gets ``z`` 1.0 and ``height`` 99 (it has no z and height -1; a stored tile needs a z and a bounding box).

Java assertions ported (28 of 42):
- testJsonProcessing (:23-50) 7 of 11: tileId, width, both labels and the sorted mipmap levels (first
  level 0; the levels come back as a sorted map). Not shown: ``getFloorMipmapEntry(3)`` / ``(4)`` (4
  assertions) pick the image level when a tile is rendered; the test's images do not exist, so no
  render can show which level was read.
- testCoordinateTransformsWithAffineOnly (:52-75) 8 of 8 and testCoordinateTransformsWithNonInvertible
  (:77-100) 8 of 8: local (30, 40) -> world -> local, z kept, within 0.1.
- testValidateWithMissingMipmaps (:102-111) 1 of 3: validate refuses the tile (IllegalArgumentException
  -> 400). Not shown: the null check and width of the parsed spec before validation (the endpoint only
  reports the outcome).
- testGetFirstChannel (:113-126) 0 of 3: ``convertLegacyToChannel`` / ``addChannel`` are in-process
  calls that no endpoint makes.
- testDeriveBoundingBox (:128-162) 4 of 9: the sloppy derivation (the one render-ws runs when it derives
  tile bounds, TileSpec.java:298-302) gives 1108, 1957, 3774, 4265. Not shown: the mesh derivation (4
  assertions, no endpoint derives with sloppy=false) and the timing comparison.
"""

from __future__ import annotations

import json

import pytest
import requests

import renderapi

STACK = "tile_spec_test"
MAX_DOUBLE_DELTA = 0.1  # TileSpecTest.java:182
AFFINE_CLASS = "mpicbg.trakem2.transform.AffineModel2D"

JSON_WITH_UNSORTED_MIPMAP_LEVELS = {  # TileSpecTest.java:184-212
    "tileId": "test-tile-id",
    "labels": ["restart", "warped"],
    "width": 99, "height": -1, "minIntensity": 0.0, "maxIntensity": 255.0,
    "mipmapLevels": {level: {"imageUrl": f"file:///Users/trautmane/spec0-level{level}.png"}
                     for level in ("2", "0", "1", "3")},
    "transforms": {"type": "list", "specList": [
        {"metaData": {"labels": ["lens"]}, "className": AFFINE_CLASS, "dataString": "1 0 0 1 0 0"}]},
}
JSON_WITH_MISSING_MIPMAP_LEVELS = {  # TileSpecTest.java:214-229
    "width": 99, "height": -1, "minIntensity": 0.0, "maxIntensity": 255.0,
    "transforms": {"type": "list", "specList": [{"className": AFFINE_CLASS, "dataString": "1 0 0 1 0 0"}]},
}


@pytest.fixture
def stack_url(render, render_server) -> str:
    renderapi.stack.create_stack(STACK, render=render)
    return (f"{render_server.base_url}/owner/{render.DEFAULT_OWNER}/project/{render.DEFAULT_PROJECT}"
            f"/stack/{STACK}")


def store(stack_url: str, tile: dict) -> dict:
    """PUT the tile with derived bounds, then GET it back."""
    response = requests.put(f"{stack_url}/resolvedTiles", params={"deriveData": "true"},
                            json={"tileIdToSpecMap": {tile["tileId"]: tile}}, timeout=120)
    assert response.status_code == 201, response.text
    response = requests.get(f"{stack_url}/tile/{tile['tileId']}", timeout=60)
    assert response.status_code == 200, response.text
    return response.json()


def test_json_processing(stack_url):
    stored = store(stack_url, {**JSON_WITH_UNSORTED_MIPMAP_LEVELS, "z": 1.0, "height": 99})
    assert stored["tileId"] == "test-tile-id"                            # :28
    assert stored["width"] == 99                                         # :29
    assert {"restart", "warped"} <= set(stored["labels"])                # :31-32
    assert list(stored["mipmapLevels"]) == ["0", "1", "2", "3"]          # :34-37, sorted levels


def round_trip(stack_url: str, tile: dict) -> None:
    stored = store(stack_url, tile)
    z = stored["z"]
    local_x, local_y = 30.0, 40.0
    world = requests.get(f"{stack_url}/tile/{tile['tileId']}/local-to-world-coordinates/{local_x},{local_y}",
                         timeout=60).json()["world"]
    assert len(world) == 3
    assert world[2] == pytest.approx(z, abs=MAX_DOUBLE_DELTA)
    found = requests.get(f"{stack_url}/z/{z}/world-to-local-coordinates/{world[0]!r},{world[1]!r}",
                         timeout=60).json()
    local = next(item["local"] for item in found if item["tileId"] == tile["tileId"])
    assert len(local) == 3
    assert local[2] == pytest.approx(z, abs=MAX_DOUBLE_DELTA)
    assert local[0] == pytest.approx(local_x, abs=MAX_DOUBLE_DELTA)
    assert local[1] == pytest.approx(local_y, abs=MAX_DOUBLE_DELTA)


def test_coordinate_transforms_with_affine_only(stack_url, data_dir):
    """:52-75."""
    round_trip(stack_url, json.loads((data_dir / "render_app/tile-test/tile_with_only_affine_transforms.json")
                                     .read_text()))


def test_coordinate_transforms_with_non_invertible(stack_url, data_dir):
    """:77-100: the tile's transforms include a MovingLeastSquaresTransform2."""
    path = data_dir / "render_app/tile-test/tile_with_non_invertible_transforms.json"
    round_trip(stack_url, json.loads(path.read_text()))


def test_validate_with_missing_mipmaps(render, render_server):
    """:102-111: validate throws IllegalArgumentException (ChannelSpec.java:160-164), reported as 400 by
    ValidationService.java:137-152."""
    response = requests.put(f"{render_server.base_url}/owner/{render.DEFAULT_OWNER}/validate-json/tile",
                            data=json.dumps(JSON_WITH_MISSING_MIPMAP_LEVELS), timeout=60)
    assert response.status_code == 400
    assert "does not contain any mipmapLevel elements" in response.text


def test_derive_bounding_box(stack_url, data_dir):
    """:128-162, the sloppy derivation render-ws runs for deriveData."""
    tile = json.loads((data_dir / "render_app/tile-test/tile_with_only_affine_transforms.json").read_text())
    stored = store(stack_url, tile)
    assert stored["minX"] == pytest.approx(1108.0, abs=MAX_DOUBLE_DELTA)
    assert stored["minY"] == pytest.approx(1957.0, abs=MAX_DOUBLE_DELTA)
    assert stored["maxX"] == pytest.approx(3774.0, abs=MAX_DOUBLE_DELTA)
    assert stored["maxY"] == pytest.approx(4265.0, abs=MAX_DOUBLE_DELTA)
