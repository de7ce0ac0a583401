"""Emulated RenderSectionClient: output locations and names, layer/stack/given bounds, gray output and
failures."""

from __future__ import annotations

import os

import numpy as np
import pytest
from PIL import Image

import renderapi
from renderapi.tilespec import TileSpec
from renderapi.transform import AffineModel

SECTION = "org.janelia.render.client.RenderSectionClient"


@pytest.fixture
def sections(render, tmp_path):
    """Stack ``sec``: layer 1200 holds a 200 x 100 tile of value 200 at (0, 0), layer 7 one at (50, 20)."""
    image = tmp_path / "bright.png"
    Image.fromarray(np.full((100, 200), 200, np.uint8)).save(image)
    renderapi.stack.create_stack("sec", render=render)
    tiles = [TileSpec(tileId=f"t{z:g}", z=z, width=200, height=100, minint=0, maxint=255,
                      imageUrl=f"file:{image}", tforms=[AffineModel(B0=x, B1=y)])
             for z, x, y in ((1200.0, 0.0, 0.0), (7.0, 50.0, 20.0))]
    renderapi.resolvedtiles.put_tilespecs("sec", tilespecs=tiles, render=render)
    renderapi.stack.set_stack_state("sec", "COMPLETE", render=render)
    return "sec"


def test_default_location_name_and_size(run_client, stack_args, render, sections, tmp_path):
    root = tmp_path / "out"
    assert run_client(SECTION, *stack_args, "--stack", sections, "--rootDirectory", root, "--scale", 0.5,
                      "--fillWithNoise", "false", "1200", "7") == 0
    base = root / render.DEFAULT_PROJECT / sections / "sections_at_0.5"
    first = Image.open(base / "001" / "2" / "1200.0.png")
    assert first.size == (100, 50) and first.mode == "L"
    assert (np.array(first) == 200).all()
    assert Image.open(base / "000" / "0" / "7.0.png").size == (100, 50)


def test_given_bounds_custom_folder_and_padding(run_client, stack_args, sections, tmp_path):
    assert run_client(SECTION, *stack_args, "--stack", sections, "--rootDirectory", tmp_path,
                      "--customOutputFolder", "c", "--customSubFolder", "s", "--padFileNamesWithZeros",
                      "--bounds", "-100,300,-50,150", "--scale", "0.25", "--format", "TIF",
                      "--fillWithNoise", "false", "7") == 0
    image = Image.open(tmp_path / "c" / "s" / "00007.tif")
    assert image.size == (100, 50)
    pixels = np.array(image)
    # the tile covers x 50..250, y 20..120 of the box starting at (-100, -50): columns 38..87, rows 18..42
    assert pixels[30, 60] == 200 and pixels[5, 5] == 0


def test_stack_bounds_for_every_layer(run_client, stack_args, sections, tmp_path):
    assert run_client(SECTION, *stack_args, "--stack", sections, "--rootDirectory", tmp_path,
                      "--customOutputFolder", "whole", "--useStackBounds", "--scale", "0.1", "7") == 0
    assert Image.open(tmp_path / "whole" / "7.0.png").size == (25, 12)  # stack box 0..250 x 0..120


@pytest.mark.parametrize("args", [
    ["--format", "bmp", "7"],
    ["--renderTileLabels", "7"],
    ["99"],                      # a layer without tiles has no bounds
    [],                          # z values are required
])
def test_failures_exit_1(run_client, stack_args, sections, tmp_path, args):
    root = tmp_path / "out"
    assert run_client(SECTION, *stack_args, "--stack", sections, "--rootDirectory", root, *args) == 1
    assert not any(names for _, _, names in os.walk(root))


@pytest.mark.parametrize("args", [
    ["--stack", "../../escaped"],
    ["--customOutputFolder", "../escaped"],
    ["--customOutputFolder", "sub", "--customSubFolder", "../../escaped"],
])
def test_output_stays_under_the_root_directory(run_client, stack_args, sections, tmp_path, args):
    """render's client joins root, project, stack and folders unchecked; the emulated one exits 1 instead
    of creating directories outside ``--rootDirectory`` (README, Known differences)."""
    root = tmp_path / "deep" / "out"
    arguments = ["--stack", sections, *args] if args[0] != "--stack" else args
    assert run_client(SECTION, *stack_args, *arguments, "--rootDirectory", root, "7") == 1
    assert os.listdir(tmp_path) == ["bright.png"]
