"""ValidationService routes: PUT any content type, text/plain reports with 200 or 400."""

import json

BASE = "/render-ws/v1/owner/o/validate-json"
AFFINE = "mpicbg.trakem2.transform.AffineModel2D"


def test_tile_answers_text_plain_for_any_content_type(client, tmp_path):
    image = tmp_path / "a.png"
    image.write_bytes(b"x")
    body = json.dumps({"tileId": "t1", "mipmapLevels": {"0": {"imageUrl": str(image)}}})
    for content_type in ("application/json", "text/plain", "application/octet-stream"):
        response = client.put(f"{BASE}/tile", data=body, content_type=content_type)
        assert response.status_code == 200
        assert response.mimetype == "text/plain"
        assert response.get_data(as_text=True) == (
            "Successfully parsed org.janelia.alignment.spec.TileSpec instance from JSON text.  "
            "Parsed value is: t1.\n")


def test_tile_failure_is_400(client):
    response = client.put(f"{BASE}/tile", data='{"tileId": "t1"}')
    assert response.status_code == 400
    assert response.mimetype == "text/plain"
    assert response.get_data(as_text=True) == (
        "Failed to parse org.janelia.alignment.spec.TileSpec instance from JSON text.  Specific error is: "
        "tile 't1' does not contain any mipmapLevel elements\n")


def test_empty_body(client):
    response = client.put(f"{BASE}/render")
    assert response.status_code == 400
    assert response.get_data(as_text=True) == (
        "Failed to parse org.janelia.alignment.RenderParameters instance from JSON text.  Specific error "
        "is: failed to parse json text\n")


def test_render_parameters(client):
    response = client.put(f"{BASE}/render", data='{"width": 10, "height": 20}', content_type="text/plain")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == (
        "Successfully parsed org.janelia.alignment.RenderParameters instance from JSON text.  "
        "Parsed value is: {tileSpecs=[0 items], width=10, height=20}.\n")


def test_tile_array(client):
    response = client.put(f"{BASE}/tile-array", data='[{"tileId": "a"}]')
    assert response.status_code == 400
    assert response.get_data(as_text=True) == (
        "Failed to parse array of org.janelia.alignment.spec.TileSpec instances from JSON text.  Specific "
        "error is: tile 'a' does not contain any mipmapLevel elements\n")


def test_transform_and_transform_array(client):
    leaf = json.dumps({"id": "a", "className": AFFINE, "dataString": "1 0 0 1 0 0"})
    response = client.put(f"{BASE}/transform", data=leaf)
    assert response.status_code == 200
    assert response.get_data(as_text=True).startswith(
        "Successfully parsed org.janelia.alignment.spec.TransformSpec instance from JSON text.  "
        "Parsed value is: org.janelia.alignment.spec.LeafTransformSpec@")
    response = client.put(f"{BASE}/transform-array", data=f'[{leaf}, {{"type": "ref", "refId": "a"}}]')
    assert response.status_code == 200
    assert response.get_data(as_text=True) == (
        "Successfully parsed array of org.janelia.alignment.spec.TransformSpec instances from JSON text.  "
        "Parsed value is: array of 2 transform specifications.\n")
    response = client.put(f"{BASE}/transform-array", data='[{"type": "ref", "refId": "b"}]')
    assert response.status_code == 400
    assert response.get_data(as_text=True) == (
        "Failed to parse array of org.janelia.alignment.spec.TransformSpec instances from JSON text.  "
        "Specific error is: spec 'null' has the following unresolved references: [b]\n")


def test_other_methods_are_not_served(client):
    assert client.get(f"{BASE}/tile").status_code == 405
