"""Port of render-ws's RenderDataServiceTest (render-ws/src/test/java/org/janelia/render/service/
RenderDataServiceTest.java, render 916ed10) to HTTP, on the flyTEM/fly863 fixture its setUp loads (stack
metadata, align's one tile and its lens-correction transform).

Each RenderDataService method is called through its own endpoint.

Java assertions that cannot be shown through HTTP:
- testGetLastTileTransforms checks that the last transform is a LeafTransformSpec *class*
  (RenderDataServiceTest.java:170-171); over HTTP it shows as the spec's Jackson type name ``leaf``
  (render-app TransformSpec.java:28-38, LeafTransformSpec.java:32) and its ``className``.
- In testGetAndSaveResolvedTiles the test edits the read collection with render-app methods
  (addTransformSpecToCollection, addReferenceTransformToAllTiles(APPEND), deriveBoundingBox; :99-139); the
  port makes the same edits to the JSON it read (a shared transform, a reference appended to each tile's list,
  a new tile whose 10 x 10 identity box is written out).
"""

from __future__ import annotations

import requests

Z = 2337.0  # RenderDataServiceTest.java:194
IDENTITY = {"className": "mpicbg.trakem2.transform.AffineModel2D", "dataString": "1  0  0  1  0  0"}


def test_get_external_render_parameters(fly863_align):
    """RenderDataServiceTest.java:70-87: box render-parameters of align at (100000, 17000) 200 x 200, scale 1
    (GET z/{z}/box/{x},{y},{width},{height},{scale}/render-parameters) are returned."""
    parameters = fly863_align.get_json(f"z/{Z}/box/100000.0,17000.0,200,200,1.0/render-parameters")
    assert parameters is not None
    assert (parameters["width"], parameters["height"]) == (200, 200)


def resolved_counts(resolved: dict) -> tuple[int, int]:
    return len(resolved["tileIdToSpecMap"]), len(resolved.get("transformIdToSpecMap", {}))


def test_get_and_save_resolved_tiles(fly863_align):
    """RenderDataServiceTest.java:89-155: align's layer holds 1 tile and 1 shared transform; saved to stack
    fly863/test with a second shared transform referenced by every tile it reads back 1 tile and 2 transforms;
    saved again with a new tile (own leaf transform) it reads back 2 tiles and 2 transforms
    (GET and PUT z/{z}/resolvedTiles)."""
    resolved = fly863_align.get_json(f"z/{Z}/resolvedTiles")
    assert resolved_counts(resolved) == (1, 1)

    resolved["transformIdToSpecMap"]["test_transform_a"] = {"id": "test_transform_a", **IDENTITY}
    for tile in resolved["tileIdToSpecMap"].values():
        tile["transforms"]["specList"].append({"type": "ref", "refId": "test_transform_a"})

    test_url = fly863_align.stack_url("test")
    response = requests.put(f"{test_url}/z/{Z}/resolvedTiles", json=resolved, timeout=60)
    assert response.status_code == 201, response.text
    resolved_test = requests.get(f"{test_url}/z/{Z}/resolvedTiles", timeout=60).json()
    assert resolved_counts(resolved_test) == (1, 2)

    tile_b = {
        "tileId": "test_tile_b",
        "z": Z,
        "width": 10.0,
        "height": 10.0,
        "minX": 0.0,
        "minY": 0.0,
        "maxX": 10.0,
        "maxY": 10.0,
        "transforms": {"type": "list", "specList": [{"id": "test_transform_b", **IDENTITY}]},
    }
    resolved_test["tileIdToSpecMap"]["test_tile_b"] = tile_b
    response = requests.put(f"{test_url}/z/{Z}/resolvedTiles", json=resolved_test, timeout=60)
    assert response.status_code == 201, response.text
    resolved_test2 = requests.get(f"{test_url}/z/{Z}/resolvedTiles", timeout=60).json()
    assert resolved_counts(resolved_test2) == (2, 2)


def test_get_last_tile_transforms(fly863_align):
    """RenderDataServiceTest.java:157-172: one tile at z 2337, 140331142443008104, whose last transform is a
    leaf spec (GET z/{z}/last-tile-transforms)."""
    last_transforms = fly863_align.get_json(f"z/{Z}/last-tile-transforms")
    assert len(last_transforms) == 1
    assert last_transforms[0]["tileId"] == "140331142443008104"
    last = last_transforms[0]["lastTransform"]
    assert last["type"] == "leaf"  # Jackson writes the type name of every spec (TransformSpec.java:28-38)
    assert last["className"] == "mpicbg.trakem2.transform.AffineModel2D"
