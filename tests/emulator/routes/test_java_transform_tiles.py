"""Tiles whose transforms render-python has no class for (geometry/java_transforms) through the HTTP
routes: derived bounds of render-ws's MovingLeastSquaresTransform2 "elastic" stack and of render-app's
transform tests, and the statuses of classes that fail. CoordinateServiceTest itself is ported in
tests/contract/render_ws/test_rws_coordinate_service.py."""

import json
from pathlib import Path

import pytest
from response_checks import assert_error, text

from render_emulator.services.transform_specs import substitute_refs

DATA = Path(__file__).resolve().parents[2] / "data" / "render_ws_mongodb" / "elastic" / "render"
ELASTIC = "/render-ws/v1/owner/flyTEM/project/test/stack/elastic"
S = "/render-ws/v1/owner/o/project/p/stack/s"
REAL = "254-with-real-transforms"   # CoordinateServiceTest.java:240
Z = 3903.0
DELTA = 0.1                         # CoordinateServiceTest.java:242


@pytest.fixture
def elastic(client):
    """The tile and transform collections CoordinateServiceTest imports (CoordinateServiceTest.java:29-43),
    stored as they are (bounds kept, nested shared transforms resolved beforehand since PUT resolvedTiles
    resolves one level only)."""
    tiles = json.loads((DATA / "flyTEM__test__elastic__tile.json").read_text())
    shared = {t["id"]: t for t in json.loads((DATA / "flyTEM__test__elastic__transform.json").read_text())}
    for _ in range(3):
        shared = {key: substitute_refs(spec, shared) for key, spec in shared.items()}
    for tile in tiles:
        tile["transforms"] = substitute_refs(tile["transforms"], shared)
    assert client.post(ELASTIC, json={}).status_code == 201
    body = {"tileIdToSpecMap": {t["tileId"]: t for t in tiles}}
    response = client.put(f"{ELASTIC}/resolvedTiles", json=body)
    assert response.status_code == 201, text(response)
    return {t["tileId"]: t for t in tiles}


def test_derived_bounds_of_the_mls_tiles_match_the_fixture(client, elastic):
    """deriveData recomputes the bounds render stored with the elastic fixture (elastic-3903.json) for the
    two tiles with NonLinear + affine + MovingLeastSquaresTransform2 chains, to the pixel."""
    tiles = {tid: {k: v for k, v in elastic[tid].items() if k not in ("minX", "minY", "maxX", "maxY")}
             for tid in ("253-with-real-transforms", REAL)}
    assert client.post(S, json={}).status_code == 201
    response = client.put(f"{S}/resolvedTiles?deriveData=true", json={"tileIdToSpecMap": tiles})
    assert response.status_code == 201, text(response)
    for tile_id in tiles:
        derived = client.get(f"{S}/tile/{tile_id}").get_json()
        for key in ("minX", "minY", "maxX", "maxY"):
            assert derived[key] == pytest.approx(elastic[tile_id][key], abs=1.0), (tile_id, key)


def leaf_tile(class_name, data, width=7687.0, height=3500.0):
    return {"tileId": "t", "z": 1.0, "width": width, "height": height,
            "mipmapLevels": {"0": {"imageUrl": "file:///t.png"}},
            "transforms": {"type": "list", "specList": [{"className": class_name, "dataString": data}]}}


def put_derived(client, tile):
    assert client.post(S, json={}).status_code == 201
    return client.put(f"{S}/resolvedTiles?deriveData=true", json={"tileIdToSpecMap": {"t": tile}})


def test_exponential_recovery_offset_bounds(client):
    """ExponentialRecoveryOffsetTransformTest.testDerivedTileBoundsAfterTransform (lines 60-79): width kept,
    height shrinks by 49."""
    tile = leaf_tile("org.janelia.alignment.transform.ExponentialRecoveryOffsetTransform",
                     "50.263852018175896,0.0012483526717175487,-49.51720446569045,1")
    assert put_derived(client, tile).status_code == 201
    derived = client.get(f"{S}/tile/t").get_json()
    assert derived["maxX"] - derived["minX"] == pytest.approx(7687.0, abs=0.1)
    assert derived["maxY"] - derived["minY"] == pytest.approx(3500.0 - 49, abs=0.1)


def test_failing_classes_answer_render_ws_statuses(client):
    """Parse failures are IllegalArgumentExceptions (400, LeafTransformSpec.java:105-114); a class that
    cannot be instantiated is refused the same way (LeafTransformSpec.java:136-141)."""
    assert_error(put_derived(client, leaf_tile("mpicbg.trakem2.transform.MovingLeastSquaresTransform2",
                                               "affine 2 1.0 1 2")), 400,
                 "Inappropriate parameters for mpicbg.trakem2.transform.MovingLeastSquaresTransform2")
    assert_error(client.put(f"{S}/resolvedTiles?deriveData=true", json={"tileIdToSpecMap": {"t": leaf_tile(
        "org.janelia.alignment.transform.CurveFitterTransform", "1")}}), 400,
        "failed to create instance of transform class 'org.janelia.alignment.transform.CurveFitterTransform'")
    assert_error(client.put(f"{S}/resolvedTiles?deriveData=true", json={"tileIdToSpecMap": {"t": leaf_tile(
        "mpicbg.trakem2.transform.RestrictedMovingLeastSquaresTransform2", "1")}}), 400,
        "transform class 'mpicbg.trakem2.transform.RestrictedMovingLeastSquaresTransform2' cannot be found")


def test_affine_model_3d_tile_fails_when_mapped(client):
    """mpicbg AffineModel3D.applyInPlace reads l[2] of render's 2-d locations (AffineModel3D.java:110): the
    ArrayIndexOutOfBoundsException surfaces as a 500 once bounds are derived."""
    assert_error(put_derived(client, leaf_tile("mpicbg.trakem2.transform.AffineModel3D",
                                               "1 0 0 0 0 1 0 0 0 0 1 0")), 500,
                 "Index 2 out of bounds for length 2")


def test_validate_json_transform_parses_the_java_classes(client):
    """validate-json/transform builds the leaf (ValidationService → LeafTransformSpec.buildInstance): the
    dataStrings of the emulator-side classes are parsed, so a bad one fails with init's message."""
    base = "/render-ws/v1/owner/o/validate-json/transform"
    good = {"className": "org.janelia.alignment.transform.SEMDistortionTransformA", "dataString": "1,2,3,4,0"}
    assert client.put(base, json=good).status_code == 200
    bad = {"className": "org.janelia.alignment.transform.SEMDistortionTransformA", "dataString": "1,2,3"}
    response = client.put(base, json=bad)
    assert response.status_code == 400
    assert text(response) == (
        "Failed to parse org.janelia.alignment.spec.TransformSpec instance from JSON text.  Specific error "
        "is: transform data must contain 5 comma separated values (4 coefficients followed by dimension), "
        "found 3 values instead\n")


def test_box_image_of_an_mls_tile(client, tmp_path):
    """A MovingLeastSquaresTransform2 whose control points all move by (30, 0) is that translation
    (TranslationModel2D.fit: t = mean(q) − mean(p)); the rendered box shows the tile's square moved."""
    import io

    import numpy as np
    from PIL import Image

    pixels = np.zeros((100, 100), dtype=np.uint8)
    pixels[10:20, 10:20] = 255
    Image.fromarray(pixels).save(tmp_path / "square.png")
    controls = " ".join(f"{x} {y} {x + 30} {y} 1.0" for x in (0, 99) for y in (0, 99))
    tile = leaf_tile("mpicbg.trakem2.transform.MovingLeastSquaresTransform2", f"translation 2 2.0 {controls}",
                     width=100.0, height=100.0)
    tile["mipmapLevels"] = {"0": {"imageUrl": f"file://{tmp_path / 'square.png'}"}}
    assert put_derived(client, tile).status_code == 201
    # the fit's sums round (t = 29.999… or 30.000…), so the floored bound may land one pixel lower
    assert client.get(f"{S}/tile/t").get_json()["minX"] in (29.0, 30.0)
    response = client.get(f"{S}/z/1/box/0,0,150,100,1.0/png16-image")
    assert response.status_code == 200, text(response)
    image = np.asarray(Image.open(io.BytesIO(response.data)))
    assert image[15, 45] > 0 and image[15, 15] == 0 and image[15, 55] == 0
