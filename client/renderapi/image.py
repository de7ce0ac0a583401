"""Images rendered by render-ws (``RenderImageService``) and the render parameters behind them.

Image functions answer a numpy array decoded with Pillow. As in render-python 2.4.2, box URLs print
``z``, ``x``, ``y``, ``width`` and ``height`` as integers (``%d``, truncating) and ``scale`` with six
decimals; :func:`get_bb_image` and :func:`get_tile_image_data` *return* (not raise) a
:class:`~renderapi.errors.RenderError` holding the server's text when the answer is not an image.
"""

from __future__ import annotations

import io
import logging
from typing import Any

import numpy as np
import requests
from PIL import Image

from .errors import RenderError
from .render import format_baseurl, format_preamble, renderaccess
from .utils import NullHandler, get_json, jbool, put_json

logger = logging.getLogger(__name__)
logger.addHandler(NullHandler())

# img_format -> the path suffix render-ws renders that format at
IMAGE_FORMATS = {
    "png": "png-image",
    ".png": "png-image",
    "jpg": "jpeg-image",
    "jpeg": "jpeg-image",
    ".jpg": "jpeg-image",
    "tif": "tiff-image",
    ".tif": "tiff-image",
    "tiff": "tiff-image",
    "tiff16": "tiff16-image",
    None: "png-image",
}


def _image_suffix(img_format: str | None) -> str:
    """The IMAGE_FORMATS suffix; ValueError for an unknown format."""
    if img_format not in IMAGE_FORMATS:
        raise ValueError(f"'{img_format}' is not a valid render image format!")
    return IMAGE_FORMATS[img_format]


def _without_none(params: dict) -> dict:
    return {key: value for key, value in params.items() if value is not None}


def _box_path(z: float, x: float, y: float, width: float, height: float, scale: float) -> str:
    return f"/z/{int(z)}/box/{int(x)},{int(y)},{int(width)},{int(height)},{scale:f}"


def _decode(response: requests.Response) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(response.content)))


def _decode_or_error(response: requests.Response) -> np.ndarray | RenderError:
    """The decoded image, else a RenderError with the answer's text (returned, as render-python does)."""
    try:
        return _decode(response)
    except Exception as e:  # Pillow raises several types for data that is not an image
        logger.error(e)
        logger.error(response.text)
        return RenderError(response.text)


def _intensity_params(minIntensity: Any, maxIntensity: Any, channel: Any) -> dict:
    return _without_none({"channels": channel, "minIntensity": minIntensity, "maxIntensity": maxIntensity})


# ------------------------------------------------------------------------------ render parameters
@renderaccess
def get_bb_renderparams(stack, z, x, y, width, height, scale=1.0, channel=None, minIntensity=None,
                        maxIntensity=None, binaryMask=None, filter=None, filterListName=None,
                        convertToGray=None, excludeMask=None, host=None, port=None, owner=None,
                        project=None, session=None, render=None, **kwargs) -> dict:
    """Render parameters of the box ``x, y, width, height`` of section ``z`` at ``scale``."""
    request_url = (format_preamble(host, port, owner, project, stack)
                   + _box_path(z, x, y, width, height, scale) + "/render-parameters")
    params = _without_none({
        "minIntensity": minIntensity, "maxIntensity": maxIntensity, "binaryMask": binaryMask,
        "filter": filter, "filterListName": filterListName, "convertToGray": convertToGray,
        "excludeMask": excludeMask, "channels": channel})
    return get_json(session, request_url, params=params)


@renderaccess
def get_tile_renderparams(stack, tileId, channel=None, normalizeForMatching=None, excludeAllTransforms=None,
                          excludeTransformsAfterLast=None, excludeFirstTransformAndAllAfter=None,
                          scale=None, width=None, height=None, minIntensity=None, maxIntensity=None,
                          filter=None, filterListName=None, excludeMask=None, convertToGray=None,
                          binaryMask=None, host=None, port=None, owner=None, project=None, img_format=None,
                          session=None, render=None, **kwargs) -> dict:
    """Render parameters of tile ``tileId`` (query parameters left None are not sent)."""
    request_url = format_preamble(host, port, owner, project, stack) + f"/tile/{tileId}/render-parameters"
    params = _without_none({
        "normalizeForMatching": normalizeForMatching, "excludeAllTransforms": excludeAllTransforms,
        "excludeTransformsAfterLast": excludeTransformsAfterLast,
        "excludeFirstTransformAndAllAfter": excludeFirstTransformAndAllAfter, "scale": scale,
        "width": width, "height": height, "minIntensity": minIntensity, "maxIntensity": maxIntensity,
        "binaryMask": binaryMask, "filter": filter, "filterListName": filterListName,
        "convertToGray": convertToGray, "excludeMask": excludeMask, "channels": channel})
    return get_json(session, request_url, params=params)


@renderaccess
def get_section_renderparams(stack, z, binaryMask=None, channel=None, convertToGray=None, excludeMask=None,
                             filter=None, filterListName=None, minIntensity=None, maxIntensity=None,
                             scale=None, host=None, port=None, owner=None, project=None, session=None,
                             render=None, **kwargs) -> dict:
    """Render parameters of the whole section ``z``."""
    request_url = format_preamble(host, port, owner, project, stack) + f"/z/{z}/render-parameters"
    params = _without_none({
        "scale": scale, "minIntensity": minIntensity, "maxIntensity": maxIntensity,
        "binaryMask": binaryMask, "filter": filter, "filterListName": filterListName,
        "convertToGray": convertToGray, "excludeMask": excludeMask, "channels": channel})
    return get_json(session, request_url, params=params)


# ------------------------------------------------------------------------------------------ images
@renderaccess
def get_bb_image(stack, z, x, y, width, height, scale=1.0, channel=None, minIntensity=None,
                 maxIntensity=None, binaryMask=None, filter=None, maxTileSpecsToRender=None, host=None,
                 port=None, owner=None, project=None, img_format=None, session=None, render=None,
                 **kwargs) -> np.ndarray | RenderError:
    """Image of the box ``x, y, width, height`` (world units) of section ``z`` at ``scale``.

    ``channel`` names a channel or a weighted mix (``'DAPI___.8___GFP___.2'``); booleans are sent as
    ``true``/``false``.
    """
    suffix = _image_suffix(img_format)
    request_url = (format_preamble(host, port, owner, project, stack)
                   + _box_path(z, x, y, width, height, scale) + "/" + suffix)
    params = _without_none({"minIntensity": minIntensity, "maxIntensity": maxIntensity})
    if binaryMask is not None:
        params["binaryMask"] = jbool(binaryMask)
    if filter is not None:
        params["filter"] = jbool(filter)
    if maxTileSpecsToRender is not None:
        params["maxTileSpecsToRender"] = maxTileSpecsToRender
    if channel is not None:
        params["channels"] = channel
    return _decode_or_error(session.get(request_url, params=params))


@renderaccess
def get_tile_image_data(stack, tileId, channel=None, normalizeForMatching=True, excludeAllTransforms=False,
                        scale=None, minIntensity=None, maxIntensity=None, filter=None, host=None, port=None,
                        owner=None, project=None, img_format=None, session=None, render=None,
                        **kwargs) -> np.ndarray | RenderError:
    """Image of tile ``tileId`` with its transforms (``normalizeForMatching`` keeps at most the last
    three, as render-ws does for matching)."""
    suffix = _image_suffix(img_format)
    request_url = format_preamble(host, port, owner, project, stack) + f"/tile/{tileId}/{suffix}"
    params: dict = {}
    if normalizeForMatching:
        params["normalizeForMatching"] = jbool(normalizeForMatching)
    if scale is not None:
        params["scale"] = scale
    if filter is not None:
        params["filter"] = jbool(filter)
    if excludeAllTransforms is not None:
        params["excludeAllTransforms"] = jbool(excludeAllTransforms)
    params.update(_intensity_params(minIntensity, maxIntensity, channel))
    logger.debug(request_url)
    return _decode_or_error(session.get(request_url, params=params))


@renderaccess
def get_section_image(stack, z, scale=1.0, channel=None, minIntensity=None, maxIntensity=None, filter=False,
                      maxTileSpecsToRender=None, img_format=None, host=None, port=None, owner=None,
                      project=None, session=None, render=None, **kwargs) -> np.ndarray:
    """Image of the whole section ``z`` at ``scale`` (Pillow's error if the answer is not an image)."""
    suffix = _image_suffix(img_format)
    request_url = format_preamble(host, port, owner, project, stack) + f"/z/{z}/{suffix}"
    params = {"scale": scale, "filter": jbool(filter)}
    if maxTileSpecsToRender is not None:
        params["maxTileSpecsToRender"] = maxTileSpecsToRender
    params.update(_intensity_params(minIntensity, maxIntensity, channel))
    return _decode(session.get(request_url, params=params))


@renderaccess
def get_renderparameters_image(renderparams, img_format=None, host=None, port=None, owner=None,
                               session=None, render=None, **kwargs) -> np.ndarray:
    """Image of arbitrary render parameters (a dict), PUT to ``owner/{owner}/{format}-image``."""
    suffix = _image_suffix(img_format)
    request_url = format_baseurl(host, port) + f"/owner/{owner}/{suffix}"
    response = put_json(session, request_url, renderparams)
    return np.array(Image.open(io.BytesIO(response.content)))
