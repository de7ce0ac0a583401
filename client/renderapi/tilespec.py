"""Tile specs (render's ``TileSpec``) and the REST calls that read them."""
from __future__ import annotations

import logging
from typing import Any

import numpy as np

from .channel import Channel
from .image_pyramid import ImagePyramid, MipMap, MipMapLevel
from .layout import Layout
from .render import format_preamble, renderaccess
from .stack import get_z_values_for_stack
from .transform import TransformList, estimate_dstpts
from .utils import NullHandler, get_json

logger = logging.getLogger(__name__)
logger.addHandler(NullHandler())

__all__ = [
    "TileSpec", "Layout", "MipMap", "MipMapLevel", "ImagePyramid", "Channel",
    "TransformList", "estimate_dstpts",
    "get_tile_spec_renderparameters", "get_tile_spec", "get_tile_spec_raw",
    "get_tile_specs_from_minmax_box", "get_tile_specs_from_box",
    "get_tile_specs_from_z", "get_tile_specs_from_stack",
]


def _transform_spec(tform) -> dict[str, Any]:
    """JSON of one element of ``TileSpec.tforms``; a python list becomes a ``list`` spec."""
    if isinstance(tform, list):
        return {"type": "list", "specList": [_transform_spec(t) for t in tform]}
    return tform.to_dict()


def _closed_box_outline(width, height, ndiv_inner: int) -> np.ndarray:
    """Closed polygon (0,0),(0,h),(w,h),(w,0),(0,0), halving every edge ``ndiv_inner`` times."""
    xy = np.array([[0, 0], [0, height], [width, height], [width, 0], [0, 0]], dtype=float)
    for _ in range(max(0, ndiv_inner)):
        refined = np.empty((2 * len(xy) - 1, 2), dtype=float)
        refined[0::2] = xy
        refined[1::2] = 0.5 * (xy[:-1] + xy[1:])
        xy = refined
    return xy


class TileSpec:
    """An image tile and the transforms that place it in world coordinates.

    Attributes
    ----------
    tileId : str
        unique id of the tile within its stack
    z : float
        layer of the tile
    width, height : int or float
        size of the raw image in pixels
    minint, maxint : int or float
        display range (JSON ``minIntensity``/``maxIntensity``)
    layout : Layout
        acquisition layout
    tforms : list
        transforms applied in order (leaf transforms, ``TransformList``,
        ``ReferenceTransform``, ``InterpolatedTransform`` or nested python lists)
    ip : ImagePyramid
        images and masks by mipmap level
    channels : list of Channel or None
        channels of a multichannel tile
    labels : list of str
        tile labels
    groupId : str or None
        group of the tile
    minX, minY, maxX, maxY : float or None
        world bounding box as stored by render (read-only for the client: never serialized)

    Extra keyword arguments of the constructor are passed to ``Layout`` when ``layout`` is None.
    With ``json`` the tile is loaded from render's JSON and every other argument is ignored.
    """

    def __init__(self, tileId=None, z=None, width=None, height=None,
                 imageUrl=None, maskUrl=None,
                 minint=0, maxint=65535, layout=None, tforms=None,
                 labels=None, groupId=None, inputfilters=None, json=None,
                 channels=None, mipMapLevels=None, imagePyramid=None,
                 **kwargs):
        if json is not None:
            self.from_dict(json)
            return
        self.tileId = tileId
        self.z = z
        self.width = width
        self.height = height
        self.minint = minint
        self.maxint = maxint
        self.tforms = [] if tforms is None else tforms
        self.labels = [] if labels is None else labels
        self.groupId = groupId
        self.inputfilters = [] if inputfilters is None else inputfilters
        self.layout = Layout(**kwargs) if layout is None else layout
        self.frameId = None
        self.minX = self.minY = self.maxX = self.maxY = None

        if imagePyramid is not None:
            self.ip = imagePyramid
        elif mipMapLevels is not None:
            self.ip = ImagePyramid({m.level: m.mipmap for m in mipMapLevels})
        else:
            self.ip = ImagePyramid()

        self.imageUrl = imageUrl
        self.maskUrl = maskUrl
        self.channels = channels
        if imageUrl is not None:
            self.ip[0] = MipMap(imageUrl=imageUrl, maskUrl=maskUrl)

    @property
    def bbox(self) -> tuple:
        """``(minX, minY, maxX, maxY)`` as stored by render (shapely ``box`` order)."""
        box = (self.minX, self.minY, self.maxX, self.maxY)
        if any(v is None for v in box):
            logger.error("undefined bounding box for tile %s", self.tileId)
        return box

    def bbox_transformed(self, ndiv_inner=0, tf_limit=None, reference_tforms=None) -> np.ndarray:
        """Nx2 outline of the tile mapped through its transforms.

        Parameters
        ----------
        ndiv_inner : int
            number of times every edge of the corner polygon is halved
        tf_limit : int or None
            apply only ``tforms[:tf_limit]`` (0: raw outline, None: all transforms)
        reference_tforms : list or None
            shared transforms that resolve ``ReferenceTransform`` entries

        Returns
        -------
        numpy.ndarray
            closed polygon (first point repeated last), ready for ``shapely.Polygon``
        """
        xy = _closed_box_outline(self.width, self.height, ndiv_inner)
        return estimate_dstpts(self.tforms[0:tf_limit], src=xy, reference_tforms=reference_tforms)

    def to_dict(self) -> dict[str, Any]:
        """Render's TileSpec JSON (no bounding box; None values left out)."""
        head = (("tileId", self.tileId), ("z", self.z), ("width", self.width), ("height", self.height),
                ("minIntensity", self.minint), ("maxIntensity", self.maxint))
        d: dict[str, Any] = {key: value for key, value in head if value is not None}
        if self.layout is not None:
            d["layout"] = self.layout.to_dict()
        mipmap_levels = self.ip.to_dict()
        if mipmap_levels is not None:
            d["mipmapLevels"] = mipmap_levels
        d["transforms"] = {"type": "list", "specList": [_transform_spec(t) for t in self.tforms]}
        if self.channels is not None:
            d["channels"] = [channel.to_dict() for channel in self.channels]
        if self.labels:
            d["labels"] = list(self.labels)
        if self.groupId is not None:
            d["groupId"] = self.groupId
        return d

    def from_dict(self, d: dict[str, Any]) -> None:
        """Load from render's TileSpec JSON (``tileId``, ``z``, ``width``, ``height`` and
        ``transforms`` are required)."""
        self.tileId = d["tileId"]
        self.z = d["z"]
        self.width = d["width"]
        self.height = d["height"]
        self.minint = d.get("minIntensity")
        self.maxint = d.get("maxIntensity")
        self.frameId = d.get("frameId")
        self.layout = Layout()
        self.layout.from_dict(d.get("layout"))
        self.minX = d.get("minX")
        self.maxX = d.get("maxX")
        self.maxY = d.get("maxY")
        self.minY = d.get("minY")
        self.ip = ImagePyramid.from_dict(d.get("mipmapLevels", {}))
        self.tforms = TransformList(json=d["transforms"]).tforms
        channels = d.get("channels")
        self.channels = None if channels is None else [Channel(json=c) for c in channels]
        self.labels = d.get("labels", [])
        self.groupId = d.get("groupId")
        self.inputfilters = []
        level0 = self.ip.store.get("0")
        self.imageUrl = None if level0 is None else level0.imageUrl
        self.maskUrl = None if level0 is None else level0.maskUrl

    def __repr__(self) -> str:
        return f"TileSpec(tileId={self.tileId!r}, z={self.z!r})"


@renderaccess
def get_tile_spec_renderparameters(stack, tile, host=None, port=None,
                                   owner=None, project=None,
                                   session=None, render=None, **kwargs) -> dict:
    """Render parameters of one tile (its spec with dereferenced transforms).

    :func:`renderapi.render.renderaccess` decorated function
    """
    request_url = format_preamble(host, port, owner, project, stack) + f"/tile/{tile}/render-parameters"
    return get_json(session, request_url)


@renderaccess
def get_tile_spec(stack, tile, host=None, port=None, owner=None,
                  project=None, session=None, render=None, **kwargs) -> TileSpec | None:
    """TileSpec of ``tile`` with transforms resolved by the server (via its render-parameters).

    Any failure is logged and answered with None, as render-python does.

    :func:`renderapi.render.renderaccess` decorated function
    """
    try:
        renderparameters = get_tile_spec_renderparameters(
            stack, tile, host, port, owner, project, session)
        return TileSpec(json=renderparameters["tileSpecs"][0])
    except Exception as e:
        logger.error(e)
        return None


@renderaccess
def get_tile_spec_raw(stack, tile, host=None, port=None, owner=None,
                      project=None, session=None, render=None, **kwargs) -> TileSpec:
    """TileSpec of ``tile`` as stored (references to shared transforms intact).

    :func:`renderapi.render.renderaccess` decorated function
    """
    request_url = format_preamble(host, port, owner, project, stack) + f"/tile/{tile}/"
    return TileSpec(json=get_json(session, request_url))


@renderaccess
def get_tile_specs_from_minmax_box(stack, z, xmin, xmax, ymin, ymax,
                                   scale=1.0, host=None,
                                   port=None, owner=None, project=None,
                                   session=None, render=None, **kwargs) -> list[TileSpec]:
    """TileSpecs (dereferenced) at ``z`` whose bounds meet the box [xmin, xmax] x [ymin, ymax].

    :func:`renderapi.render.renderaccess` decorated function
    """
    return get_tile_specs_from_box(stack, z, xmin, ymin, xmax - xmin, ymax - ymin,
                                   scale=scale, host=host, port=port,
                                   owner=owner, project=project, session=session)


@renderaccess
def get_tile_specs_from_box(stack, z, x, y, width, height,
                            scale=1.0, host=None, port=None, owner=None,
                            project=None, session=None, render=None, **kwargs) -> list[TileSpec]:
    """TileSpecs (dereferenced) at ``z`` whose bounds meet the box at (x, y) of width x height.

    Coordinates are sent as integers (truncated) and scale with two decimals, as render-python does.

    :func:`renderapi.render.renderaccess` decorated function
    """
    box = f"{int(x):d},{int(y):d},{int(width):d},{int(height):d},{scale:3.2f}"
    request_url = format_preamble(host, port, owner, project, stack) + (
        f"/z/{int(z):d}/box/{box}/render-parameters")
    logger.debug(request_url)
    renderparameters = get_json(session, request_url)
    return [TileSpec(json=ts) for ts in renderparameters["tileSpecs"]]


@renderaccess
def get_tile_specs_from_z(stack, z, host=None, port=None,
                          owner=None, project=None, session=None,
                          render=None, **kwargs) -> list[TileSpec] | None:
    """All TileSpecs (dereferenced) of layer ``z``; None when the server lists none.

    :func:`renderapi.render.renderaccess` decorated function
    """
    request_url = format_preamble(host, port, owner, project, stack) + f"/z/{z:f}/tile-specs"
    logger.debug(request_url)
    tilespecs_json = get_json(session, request_url)
    if len(tilespecs_json) == 0:
        return None
    return [TileSpec(json=ts) for ts in tilespecs_json]


@renderaccess
def get_tile_specs_from_stack(stack, host=None, port=None,
                              owner=None, project=None,
                              session=None, render=None, **kwargs) -> list[TileSpec]:
    """All TileSpecs (dereferenced) of the stack, layer by layer in z order.

    :func:`renderapi.render.renderaccess` decorated function
    """
    zvalues = get_z_values_for_stack(stack, host=host, port=port, owner=owner,
                                     project=project, session=session)
    tilespecs: list[TileSpec] = []
    for z in zvalues:
        layer = get_tile_specs_from_z(stack, z, host=host, port=port, owner=owner,
                                      project=project, session=session)
        tilespecs.extend(layer or [])
    return tilespecs
