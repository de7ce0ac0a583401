"""``--data-root`` over HTTP: images, masks and validation read local files only inside the roots; a file
outside them gets render-ws's answer for a missing file at that place (ImageAndMask.java:194-215, turned
into a 400 by RenderServiceUtil.java:38-39 for renders and into the validation text by ValidationService),
identical whether the outside file exists or not."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import numpy as np
import pytest
import requests
from PIL import Image
from response_checks import assert_error, text

from render_emulator import create_app
from render_emulator.cli import build_parser
from render_emulator.context import EXCEPTIONS_KEY
from render_emulator.server import EmulatorServer

V1 = "/render-ws/v1"
S = f"{V1}/owner/o/project/p/stack/s"
VALIDATE = f"{V1}/owner/o/validate-json"
AFFINE = "mpicbg.trakem2.transform.AffineModel2D"


def tile(tile_id, z, url):
    return {"tileId": tile_id, "z": z, "width": 10, "height": 10, "mipmapLevels": {"0": {"imageUrl": url}},
            "transforms": {"type": "list", "specList": [
                {"className": AFFINE, "dataString": "1.0 0.0 0.0 1.0 0.0 0.0"}]}}


@pytest.fixture
def dirs(tmp_path):
    inside, outside = tmp_path / "inside", tmp_path / "outside"
    for directory, value in ((inside, 200), (outside, 90)):
        directory.mkdir()
        Image.fromarray(np.full((10, 10), value, dtype=np.uint8)).save(directory / "t.png")
    return inside, outside


@pytest.fixture
def client(dirs):
    app = create_app(data_roots=[dirs[0]])
    yield app.test_client()
    assert app.extensions[EXCEPTIONS_KEY] == []


@pytest.fixture
def stack(client, dirs):
    """Layer 1 inside the root, layer 2 an existing file outside it, layer 3 a missing file outside it."""
    inside, outside = dirs
    tiles = [tile("in", 1.0, f"file://{inside}/t.png"), tile("out", 2.0, str(outside / "t.png")),
             tile("gone", 3.0, str(outside / "gone.png"))]
    assert client.post(S, json={}).status_code == 201
    body = {"transformIdToSpecMap": {}, "tileIdToSpecMap": {t["tileId"]: t for t in tiles}}
    assert client.put(f"{S}/resolvedTiles?deriveData=true", json=body).status_code == 201
    return S


def test_a_box_inside_the_root_is_rendered(client, stack):
    response = client.get(f"{stack}/z/1/box/0,0,10,10,1.0/png-image")
    assert response.status_code == 200, text(response)
    pixels = np.asarray(Image.open(io.BytesIO(response.data)))
    assert (pixels[..., 0] == 200).all() and (pixels[..., 3] == 255).all()


def test_a_box_outside_the_root_is_refused_as_a_missing_file(client, stack, dirs):
    outside = dirs[1]
    assert_error(client.get(f"{stack}/z/2/box/0,0,10,10,1.0/png-image"), 400,
                 f"cannot find imageUrl file '{outside}/t.png'")
    assert_error(client.get(f"{stack}/z/3/box/0,0,10,10,1.0/png-image"), 400,
                 f"cannot find imageUrl file '{outside}/gone.png'")
    assert_error(client.get(f"{stack}/tile/out/source/png-image"), 400,
                 f"cannot find imageUrl file '{outside}/t.png'")


def test_posted_render_parameters_read_only_inside_the_root(client, dirs):
    inside, outside = dirs

    def render(url):
        body = {"width": 10, "height": 10, "tileSpecs": [tile("t", 1.0, url)]}
        return client.put(f"{V1}/owner/o/png-image", json=body)

    assert render(str(inside / "t.png")).status_code == 200
    assert_error(render(f"file://{outside}/t.png"), 400, f"cannot find imageUrl file '{outside}/t.png'")
    masked = tile("t", 1.0, str(inside / "t.png"))
    masked["mipmapLevels"]["0"]["maskUrl"] = str(outside / "t.png")
    assert_error(client.put(f"{V1}/owner/o/png-image", json={"tileSpecs": [masked]}), 400,
                 f"cannot find maskUrl file '{outside}/t.png'")


def test_tile_validation_info_refuses_outside_files(client, stack, dirs):
    assert client.get(f"{stack}/tile/in/validation-info").status_code == 200
    assert_error(client.get(f"{stack}/tile/out/validation-info"), 400,
                 f"cannot find imageUrl file '{dirs[1]}/t.png'")


def test_validate_json_refuses_an_outside_path_as_a_missing_one(client, dirs):
    inside, outside = dirs

    def validate(path):
        body = json.dumps({"tileId": "t1", "mipmapLevels": {"0": {"imageUrl": str(path)}}})
        return client.put(f"{VALIDATE}/tile", data=body, content_type="application/json")

    assert validate(inside / "t.png").status_code == 200
    prefix = ("Failed to parse org.janelia.alignment.spec.TileSpec instance from JSON text.  Specific error "
              "is: cannot find imageUrl file ")
    assert_error(validate(outside / "t.png"), 400, f"{prefix}'{outside}/t.png'\n")
    assert_error(validate(outside / "gone.png"), 400, f"{prefix}'{outside}/gone.png'\n")
    assert_error(validate(f"{inside}/../outside/t.png"), 400, f"{prefix}'{outside}/t.png'\n")


def test_validate_render_parameters_tile_spec_url_outside_the_root(client, dirs):
    inside, outside = dirs
    for directory in dirs:
        (directory / "specs.json").write_text(json.dumps([tile("in", 1.0, str(inside / "t.png"))]))

    def validate(url):
        return client.put(f"{VALIDATE}/render", data=json.dumps({"tileSpecUrl": url}))

    assert validate(f"file:{inside}/specs.json").status_code == 200
    refused, missing = validate(f"file:{outside}/specs.json"), validate(f"file:{outside}/gone.json")
    assert refused.status_code == missing.status_code == 400
    assert text(refused).endswith(f"failed to load tile specification from file:{outside}/specs.json\n")
    assert text(refused) == text(missing).replace("gone.json", "specs.json")


def test_serve_parses_a_repeatable_data_root_option():
    args = build_parser().parse_args(["serve", "--data-root", "/a", "--data-root", "/b"])
    assert args.data_root == ["/a", "/b"]
    assert build_parser().parse_args(["serve"]).data_root == []


def test_serve_with_a_data_root_that_is_no_directory_exits_2(tmp_path):
    missing = tmp_path / "missing"
    result = subprocess.run(
        [sys.executable, "-m", "render_emulator.cli", "serve", "--port", "0", "--data-root", str(missing)],
        capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip() == f"render-emulator: --data-root '{missing}' is not a directory"


def test_emulator_server_takes_data_roots(dirs):
    inside, outside = dirs
    body = json.dumps({"tileId": "t1", "mipmapLevels": {"0": {"imageUrl": str(outside / "t.png")}}})
    with EmulatorServer(data_roots=[inside]) as server:
        response = requests.put(f"{server.base_url}/owner/o/validate-json/tile", data=body, timeout=10)
    assert response.status_code == 400
    assert response.text.endswith(f"cannot find imageUrl file '{outside}/t.png'\n")
