"""Rendered images through renderapi.image (backend-agnostic, render-ws-api.md §2.12): sizes, formats, where a
transformed tile lands, empty boxes, tile/section/posted-parameter images and the errors render-python
returns instead of raising. Tile images are small PNGs written to tmp_path, read by the server from disk."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

import renderapi
from renderapi.errors import RenderError
from renderapi.image import (
    get_bb_image,
    get_renderparameters_image,
    get_section_image,
    get_tile_image_data,
)
from renderapi.resolvedtiles import put_tilespecs
from renderapi.tilespec import TileSpec
from renderapi.transform import AffineModel

SIZE = 100


def square_png(path, value=255):
    """A black SIZE x SIZE image with a bright 10 px square at local [10, 20)."""
    pixels = np.zeros((SIZE, SIZE), dtype=np.uint8)
    pixels[10:20, 10:20] = value
    Image.fromarray(pixels).save(path)
    return path


def tile(tileId, url, tx, ty, z=1.0):
    return TileSpec(tileId=tileId, z=z, width=SIZE, height=SIZE, imageUrl=url, minint=0, maxint=255,
                    tforms=[AffineModel(B0=tx, B1=ty)])


@pytest.fixture
def stack(render, tmp_path):
    """Stack ``images``: z=1 holds ``a`` at (0, 0) and ``b`` at (100, 40); z=2 holds ``gone`` whose image
    file does not exist."""
    url = square_png(tmp_path / "square.png").as_uri()
    renderapi.stack.create_stack("images", render=render)
    put_tilespecs("images", render=render, tilespecs=[
        tile("a", url, 0, 0), tile("b", url, 100, 40),
        tile("gone", (tmp_path / "gone.png").as_uri(), 0, 0, z=2.0),
    ])
    return "images"


def bright_centre(pixels):
    rows, cols = np.nonzero(pixels[..., 0] > 127)
    return cols.mean(), rows.mean()


def test_box_image_places_translated_tiles_at_scale(render, stack):
    pixels = get_bb_image(stack, 1, 100, 40, 100, 100, scale=0.5, render=render)
    assert pixels.shape == (50, 50, 4) and pixels.dtype == np.uint8
    # b's square covers world [110, 120) x [50, 60): output pixels from 5 to 9.5 at scale 0.5
    cx, cy = bright_centre(pixels)
    assert cx == pytest.approx(7.25, abs=0.6) and cy == pytest.approx(7.25, abs=0.6)
    assert (pixels[..., 3] == 255).all()


def test_box_image_formats(render, stack):
    for img_format, channels in (("jpg", 3), ("tif", 4)):
        pixels = get_bb_image(stack, 1, 0, 0, 200, 140, scale=0.25, img_format=img_format, render=render)
        assert pixels.shape == (35, 50, channels)
    gray16 = get_bb_image(stack, 1, 0, 0, 200, 140, scale=1.0, img_format="tiff16", render=render)
    assert gray16.shape == (140, 200) and gray16.dtype == np.uint16
    assert gray16[15, 15] == 255 and gray16[30, 30] == 0      # the 8-bit source values


def test_uncovered_parts_and_empty_boxes_are_transparent(render, stack):
    pixels = get_bb_image(stack, 1, 0, 0, 200, 140, render=render)
    assert pixels.shape == (140, 200, 4)
    assert pixels[120, 50, 3] == 0 and pixels[50, 50, 3] == 255     # below a, left of b
    empty = get_bb_image(stack, 1, 5000, 5000, 30, 20, render=render)
    assert empty.shape == (20, 30, 4) and (empty == 0).all()


def test_too_many_tiles_draw_outlines_only(render, stack):
    pixels = get_bb_image(stack, 1, 0, 0, 200, 140, maxTileSpecsToRender=1, render=render)
    assert tuple(pixels[0, 50]) == (0, 255, 0, 255)
    assert pixels[15, 15, 3] == 0


def test_tile_image_data_normalized_for_matching(render, stack):
    # render-python's defaults (normalizeForMatching + excludeAllTransforms=false) keep the transforms but
    # put the box at the origin: b (translated to 100, 40) misses it, a does not
    assert (get_tile_image_data(stack, "b", render=render) == 0).all()
    pixels = get_tile_image_data(stack, "a", render=render)
    assert pixels.shape == (SIZE, SIZE, 4)
    assert bright_centre(pixels) == pytest.approx((14.5, 14.5), abs=0.01)
    untransformed = get_tile_image_data(stack, "b", excludeAllTransforms=True, render=render)
    assert bright_centre(untransformed) == pytest.approx((14.5, 14.5), abs=0.01)
    smaller = get_tile_image_data(stack, "b", scale=0.5, img_format="jpg", render=render)
    assert smaller.shape == (50, 50, 3)


def test_section_image(render, stack):
    pixels = get_section_image(stack, 1, scale=0.1, render=render)
    assert pixels.shape == (14, 20, 4)     # layer bounds 200 x 140


def test_render_parameters_image(render, stack, tmp_path):
    url = square_png(tmp_path / "posted.png", value=200).as_uri()
    params = {"x": 10.0, "y": 10.0, "width": 40, "height": 20, "scale": 1.0, "tileSpecs": [
        tile("p", url, 0, 0).to_dict()]}
    pixels = get_renderparameters_image(params, render=render)
    assert pixels.shape == (20, 40, 4)
    assert pixels[5, 5, 0] == 200 and pixels[15, 15, 0] == 0


def test_errors_are_returned_not_raised(render, stack, tmp_path):
    gone = get_bb_image(stack, 2, 0, 0, 50, 50, render=render)
    assert isinstance(gone, RenderError)
    assert f"cannot find imageUrl file '{tmp_path / 'gone.png'}'" in str(gone)
    assert isinstance(get_bb_image("no_such_stack", 1, 0, 0, 10, 10, render=render), RenderError)
    assert isinstance(get_tile_image_data(stack, "no_such_tile", render=render), RenderError)
