"""Emulated org.janelia.alignment.ArgbRenderer / Render: tile spec files, render-parameters files (base values
for options left at their defaults), output formats by extension and failures."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image

import renderapi

RENDER = "org.janelia.alignment.Render"
ARGB = "org.janelia.alignment.ArgbRenderer"


@pytest.fixture
def gradient(tmp_path):
    """A 40 x 30 8-bit image (value = 3 * column + row) and a tile spec file holding one tile at (100, 50)."""
    rows, cols = np.mgrid[0:30, 0:40]
    pixels = (3 * cols + rows).astype(np.uint8)
    image_path = tmp_path / "gradient.png"
    Image.fromarray(pixels).save(image_path)
    tile = {"tileId": "g", "z": 1.0, "width": 40, "height": 30, "minIntensity": 0, "maxIntensity": 255,
            "mipmapLevels": {"0": {"imageUrl": f"file:{image_path}"}},
            "transforms": {"type": "list", "specList": [
                {"className": "mpicbg.trakem2.transform.AffineModel2D", "dataString": "1 0 0 1 100 50"}]}}
    spec_path = tmp_path / "tiles.json"
    spec_path.write_text(json.dumps([tile]))
    return pixels, str(spec_path), tile


@pytest.mark.parametrize("class_name", [RENDER, ARGB])
@pytest.mark.parametrize("extension", ["tif", "png"])
def test_tile_spec_file_renders_the_window(run_client, gradient, tmp_path, class_name, extension):
    pixels, spec_path, _ = gradient
    out = tmp_path / f"out.{extension}"
    assert run_client(class_name, "--tile_spec_url", spec_path, "--x", 100, "--y", 50, "--width", 40,
                      "--height", 30, "--res", 32, "--out", out) == 0
    rendered = np.array(Image.open(out))
    assert rendered.shape == (30, 40, 4)
    assert np.array_equal(rendered[:, :, 0], pixels) and (rendered[:, :, 3] == 255).all()


def test_scale_and_offset_window(run_client, gradient, tmp_path):
    pixels, spec_path, _ = gradient
    out = tmp_path / "half.png"
    assert run_client(RENDER, "--tile_spec_url", f"file:{spec_path}", "--x", 110, "--y", 50, "--width", 20,
                      "--height", 10, "--scale", 0.5, "--out", out) == 0
    rendered = np.array(Image.open(out))
    assert rendered.shape == (5, 10, 4)


def test_parameters_file_and_command_line_overrides(run_client, gradient, tmp_path):
    pixels, _, tile = gradient
    params_path = tmp_path / "params.json"
    params_path.write_text(json.dumps({"x": 100.0, "y": 50.0, "width": 40, "height": 30, "scale": 1.0,
                                       "tileSpecs": [tile]}))
    whole = tmp_path / "whole.png"
    assert run_client(RENDER, "--parameters_url", params_path, "--out", whole) == 0
    assert np.array_equal(np.array(Image.open(whole))[:, :, 0], pixels)
    part = tmp_path / "part.png"
    assert run_client(RENDER, "--parameters_url", params_path, "--width", 10, "--out", part) == 0
    assert np.array_equal(np.array(Image.open(part))[:, :, 0], pixels[:, :10])


def test_matches_the_served_render_of_the_same_parameters(run_client, render, gradient, tmp_path):
    _, _, tile = gradient
    params = {"x": 95.0, "y": 45.0, "width": 50, "height": 40, "scale": 0.5, "tileSpecs": [tile]}
    served = renderapi.image.get_renderparameters_image(params, img_format="png", render=render)
    params_path = tmp_path / "params.json"
    params_path.write_text(json.dumps(params))
    out = tmp_path / "local.png"
    assert run_client(RENDER, "--parameters_url", params_path, "--out", out) == 0
    assert np.array_equal(np.array(Image.open(out)), served)


@pytest.mark.parametrize("args", [
    ["--x", "1"],                                   # --out is required
    ["--out", "{tmp}/x.bmp"],                       # no writer for the extension
    ["--out", "{tmp}/x.png", "--tile_spec_url", "{tmp}/missing.json"],
    ["--out", "{tmp}/x.png", "--in", "{tmp}/base.png"],
])
def test_failures_exit_1(run_client, gradient, tmp_path, args):
    assert run_client(RENDER, *[a.format(tmp=tmp_path) for a in args]) == 1


def test_missing_image_fails(run_client, gradient, tmp_path):
    _, _, tile = gradient
    tile["mipmapLevels"]["0"]["imageUrl"] = f"file:{tmp_path}/absent.png"
    spec_path = tmp_path / "absent.json"
    spec_path.write_text(json.dumps([tile]))
    assert run_client(RENDER, "--tile_spec_url", spec_path, "--out", tmp_path / "x.png") == 1
    assert not (tmp_path / "x.png").exists()
