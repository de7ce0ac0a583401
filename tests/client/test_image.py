"""renderapi.image without a server: URLs, query parameters and image decoding as render-python 2.4.2."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest
from PIL import Image

import renderapi
from renderapi import image
from renderapi.errors import RenderError

PREAMBLE = "http://h:8080/render-ws/v1/owner/o/project/p/stack/s"


def png_bytes(shape=(3, 4, 3)) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(np.arange(np.prod(shape), dtype=np.uint8).reshape(shape)).save(buffer, format="png")
    return buffer.getvalue()


def test_module_is_exported_with_render_python_formats():
    assert renderapi.image is image and "image" in renderapi.__all__
    assert image.IMAGE_FORMATS[None] == "png-image"
    assert image.IMAGE_FORMATS[".jpg"] == image.IMAGE_FORMATS["jpeg"] == "jpeg-image"
    assert image.IMAGE_FORMATS["tiff16"] == "tiff16-image"


def test_bb_image_truncates_box_numbers_and_sends_java_booleans(render_with, fake_response):
    render, session = render_with(fake_response(content=png_bytes()))
    data = image.get_bb_image("s", 3407.0, 745.9, 726.2, 2384.7, 2188.0, scale=0.25, filter=True,
                              binaryMask=False, maxTileSpecsToRender=20, minIntensity=0, render=render)
    assert data.shape == (3, 4, 3)
    method, url, kwargs = session.calls[0]
    assert (method, url) == ("GET", f"{PREAMBLE}/z/3407/box/745,726,2384,2188,0.250000/png-image")
    assert kwargs["params"] == {"minIntensity": 0, "binaryMask": "false", "filter": "true",
                                "maxTileSpecsToRender": 20}


def test_bb_image_returns_the_error_text_when_the_answer_is_no_image(render_with, fake_response):
    text = "stack does not exist"
    render, _ = render_with(fake_response(404, content=text.encode(), text=text))
    result = image.get_bb_image("s", 1, 0, 0, 10, 10, render=render)
    assert isinstance(result, RenderError) and str(result) == "stack does not exist"


def test_unknown_format_is_a_value_error_before_any_request(render_with, fake_response):
    render, session = render_with(fake_response(content=png_bytes()))
    with pytest.raises(ValueError, match="not a valid render image format"):
        image.get_tile_image_data("s", "t", img_format="JUNK", render=render)
    assert session.calls == []


def test_tile_image_defaults_normalize_for_matching_and_keep_exclude_all_transforms_false(render_with,
                                                                                         fake_response):
    render, session = render_with(fake_response(content=png_bytes((2, 2, 3))))
    image.get_tile_image_data("s", "tile.1", scale=0.5, filter=True, img_format="jpg", render=render)
    _, url, kwargs = session.calls[0]
    assert url == f"{PREAMBLE}/tile/tile.1/jpeg-image"
    assert kwargs["params"] == {"normalizeForMatching": "true", "scale": 0.5, "filter": "true",
                                "excludeAllTransforms": "false"}
    image.get_tile_image_data("s", "tile.1", normalizeForMatching=False, channel="DAPI", render=render)
    assert session.calls[1][2]["params"] == {"excludeAllTransforms": "false", "channels": "DAPI"}


def test_section_image_sends_scale_and_filter_always(render_with, fake_response):
    render, session = render_with(fake_response(content=png_bytes()))
    image.get_section_image("s", 3407.0, scale=0.05, maxTileSpecsToRender=50, render=render)
    _, url, kwargs = session.calls[0]
    assert url == f"{PREAMBLE}/z/3407.0/png-image"
    assert kwargs["params"] == {"scale": 0.05, "filter": "false", "maxTileSpecsToRender": 50}


def test_render_parameter_queries_leave_out_none_values(render_with, fake_response):
    render, session = render_with(fake_response(text='{"x": 1.0}'))
    params = image.get_bb_renderparams("s", 2, 1, 2, 3, 4, scale=0.5, binaryMask=True, render=render)
    assert params == {"x": 1.0}
    assert session.calls[0][1] == f"{PREAMBLE}/z/2/box/1,2,3,4,0.500000/render-parameters"
    assert session.calls[0][2]["params"] == {"binaryMask": True}
    image.get_tile_renderparams("s", "t", normalizeForMatching=True, channel="c", render=render)
    assert session.calls[1][1] == f"{PREAMBLE}/tile/t/render-parameters"
    assert session.calls[1][2]["params"] == {"normalizeForMatching": True, "channels": "c"}
    image.get_section_renderparams("s", 7.0, scale=0.1, render=render)
    assert session.calls[2][1] == f"{PREAMBLE}/z/7.0/render-parameters"
    assert session.calls[2][2]["params"] == {"scale": 0.1}


def test_renderparameters_image_puts_the_parameters_to_the_owner_path(render_with, fake_response):
    render, session = render_with(fake_response(200, content=png_bytes((1, 1, 3))))
    data = image.get_renderparameters_image({"x": 0}, img_format="tif", render=render)
    assert data.shape == (1, 1, 3)
    method, url, kwargs = session.calls[0]
    assert (method, url) == ("PUT", "http://h:8080/render-ws/v1/owner/o/tiff-image")
    assert json.loads(kwargs["data"]) == {"x": 0}
