"""render-ws RenderImageService and TileImageService: images of boxes, layers and tiles, their
RenderParameters read through the store (render_data, tile_data) and drawn by ``renderer``
(ArgbRenderer / BoundingBoxRenderer in RenderServiceUtil).
"""

from __future__ import annotations

import dataclasses
import math
import os
from datetime import datetime

from render_emulator.services import render_data, tile_data
from render_emulator.services.data_roots import UNCONFINED, DataRoots
from render_emulator.services.image_encoding import JPEG, PNG, EncodedImage
from render_emulator.services.image_sources import ImageCache
from render_emulator.services.render_parameters import RenderQuery
from render_emulator.services.renderer import parse_render_parameters, render_encoded
from render_emulator.services.stack_lookup import require_metadata
from render_emulator.store import RenderStore, StackId

IMAGE_FORMATS = ("jpeg-image", "png-image", "tiff-image")
BOX_FORMATS = IMAGE_FORMATS + ("tiff16-image", "png16-image", "raw-image", "raw16-image")
DVID_FORMATS = {"jpg": "jpeg-image", "png": "png-image", "tif": "tiff-image"}
LAYER_DEFAULT_SCALE = 0.01


# ============================================================================ caching headers
def stack_tag(store: RenderStore, stack_id: StackId) -> str:
    """ResponseHelper's entity tag: the stack's lastModifiedTimestamp in epoch milliseconds (404 when the
    stack does not exist)."""
    stamp = require_metadata(store, stack_id).get("lastModifiedTimestamp")
    if stamp is None:
        return "0"
    moment = datetime.fromisoformat(str(stamp).replace("Z", "+00:00"))
    return str(round(moment.timestamp() * 1000))


# ============================================================================ service endpoints
def box_image(store: RenderStore, stack_id: StackId, z: float, x: float, y: float, width: int, height: int,
              scale: float, query: RenderQuery, fmt: str, max_tile_specs_to_render: int | None = None,
              group_id: str | None = None, images: ImageCache | None = None,
              roots: DataRoots = UNCONFINED) -> EncodedImage:
    """``z/{z}/box/…/{fmt}`` (and group, DVID variants): an empty box renders a transparent image."""
    params = render_data.get_box_render_parameters(store, stack_id, z, x, y, width, height, scale, query,
                                                   group_id=group_id)
    return render_encoded(params, fmt, max_tile_specs_to_render, images=images, roots=roots)


def layer_image(store: RenderStore, stack_id: StackId, z: float, query: RenderQuery, fmt: str,
                max_tile_specs_to_render: int | None = None,
                images: ImageCache | None = None,
                roots: DataRoots = UNCONFINED) -> EncodedImage:
    """``z/{z}/{fmt}``: the layer's bounds at ``scale`` (default 0.01); 400 for a layer without tiles."""
    if query.scale is None:
        query = dataclasses.replace(query, scale=LAYER_DEFAULT_SCALE)
    params = render_data.get_layer_render_parameters(store, stack_id, z, query)
    return render_encoded(params, fmt, max_tile_specs_to_render, images=images, roots=roots)


def tile_image(store: RenderStore, stack_id: StackId, tile_id: str, query: RenderQuery,
               tile_query: tile_data.TileRenderQuery, fmt: str,
               images: ImageCache | None = None,
               roots: DataRoots = UNCONFINED) -> EncodedImage:
    """``tile/{tileId}/{fmt}``: the tile render-parameters rendered."""
    params = tile_data.get_tile_render_parameters(store, stack_id, tile_id, query, tile_query)
    return render_encoded(params, fmt, images=images, roots=roots)


def raw_tile_image(store: RenderStore, stack_id: StackId, tile_id: str, query: RenderQuery, fmt: str,
                   mask: bool, images: ImageCache | None = None,
                   roots: DataRoots = UNCONFINED) -> EncodedImage:
    """``tile/{tileId}/source|mask/{fmt}``: the untransformed source (or mask) image, default scale 1.0."""
    scale = 1.0 if query.scale is None else query.scale
    params = tile_data.get_raw_tile_render_parameters(store, stack_id, tile_id, scale, query, mask)
    return render_encoded(params, fmt, images=images, roots=roots)


def tile_with_neighbors_image(store: RenderStore, stack_id: StackId, tile_id: str, width_factor: float | None,
                              height_factor: float | None, query: RenderQuery,
                              bounding_boxes_only: bool, images: ImageCache | None = None,
                              roots: DataRoots = UNCONFINED) -> EncodedImage:
    """``tile/{tileId}/withNeighbors/jpeg-image`` (``boundingBoxesOnly`` draws outlines only)."""
    params = tile_data.get_tile_with_neighbors_render_parameters(store, stack_id, tile_id, width_factor,
                                                                 height_factor, query)
    return render_encoded(params, "jpeg-image", bounding_boxes_only=bounding_boxes_only, images=images,
                          roots=roots)


# ============================================================================ CATMAID large data tiles
LARGE_DATA_MAX_TILE_SPECS = 40
LARGE_DATA_FORMATS = {"jpg": "jpeg-image", "png": "png-image"}
DEFAULT_OVERVIEW_SIZE = 192


def _materialized_file(meta: dict, roots: DataRoots, *parts: str) -> str | None:
    """A pre-rendered file under the stack's materializedBoxRootPath, if it exists (inside ``roots``)."""
    root = (meta.get("currentVersion") or {}).get("materializedBoxRootPath")
    if root is None:
        return None
    path = roots.readable_path(os.path.join(root, *parts))
    return path if path is not None and os.path.isfile(path) else None


def _file_image(path: str, extension: str) -> EncodedImage:
    with open(path, "rb") as stream:
        return EncodedImage(stream.read(), JPEG if extension == "jpg" else PNG)


def _java_shift(level: int) -> int:
    """``1 << level`` on Java ints."""
    value = 1 << (level & 31)
    return value - (1 << 32) if value >= 1 << 31 else value


def large_data_tile(store: RenderStore, stack_id: StackId, width: int, height: int, level: int, z: float,
                    row: int, column: int, extension: str, query: RenderQuery,
                    max_tile_specs_to_render: int | None, images: ImageCache | None = None,
                    roots: DataRoots = UNCONFINED) -> EncodedImage:
    """``largeDataTileSource/{w}/{h}/{level}/{z}/{row}/{column}.{jpg,png}``: the materialized file when
    there is one, else the box ``column·w·2^level, row·h·2^level`` of ``w·2^level x h·2^level`` at
    ``2^-level`` (at most 40 tiles unless ``maxTileSpecsToRender`` says otherwise)."""
    meta = require_metadata(store, stack_id)
    found = _materialized_file(meta, roots, f"{width}x{height}", str(level), str(int(z)), str(row),
                               f"{column}.{extension}")
    if found is not None:
        return _file_image(found, extension)
    factor = float(_java_shift(level))
    scaled_width, scaled_height = width * factor, height * factor
    params = render_data.get_box_render_parameters(
        store, stack_id, z, column * scaled_width, row * scaled_height, int(scaled_width), int(scaled_height),
        1.0 / factor, dataclasses.replace(query, scale=None))
    limit = LARGE_DATA_MAX_TILE_SPECS if max_tile_specs_to_render is None else max_tile_specs_to_render
    return render_encoded(params, LARGE_DATA_FORMATS[extension], limit, images=images, roots=roots)


def large_data_overview(store: RenderStore, stack_id: StackId, width: int, height: int, z: float,
                        extension: str, max_overview_width_and_height: int | None, translate_origin: bool,
                        query: RenderQuery, max_tile_specs_to_render: int | None,
                        images: ImageCache | None = None,
                        roots: DataRoots = UNCONFINED) -> EncodedImage:
    """``largeDataTileSource/{w}/{h}/small/{z}.{jpg,png}``: the layer within the stack bounds (from the
    origin unless ``translateOrigin`` or the stack lies in negative space) scaled so its larger side is
    ``maxOverviewWidthAndHeight`` (default 192)."""
    meta = require_metadata(store, stack_id)
    found = _materialized_file(meta, roots, f"{width}x{height}", "small", f"{int(z)}.{extension}")
    if found is not None:
        return _file_image(found, extension)
    min_x, min_y, stack_width, stack_height = 0.0, 0.0, 1, 1
    bounds = (meta.get("stats") or {}).get("stackBounds")
    if bounds is not None:
        stack_width, stack_height = int(bounds["maxX"]), int(bounds["maxY"])
        if translate_origin or stack_width < 1 or stack_height < 1:
            min_x, min_y = bounds["minX"], bounds["minY"]
            stack_width = int(bounds["maxX"]) - int(min_x)
            stack_height = int(bounds["maxY"]) - int(min_y)
    size = max_overview_width_and_height
    if size is None or size < 1:
        size = DEFAULT_OVERVIEW_SIZE
    side = stack_width if stack_width > stack_height else stack_height
    scale = size / side if side else math.inf
    unscaled = dataclasses.replace(query, scale=None)
    params = render_data.get_box_render_parameters(store, stack_id, z, min_x, min_y, stack_width,
                                                   stack_height, scale, unscaled)
    limit = LARGE_DATA_MAX_TILE_SPECS if max_tile_specs_to_render is None else max_tile_specs_to_render
    return render_encoded(params, LARGE_DATA_FORMATS[extension], limit, images=images, roots=roots)


# ============================================================================ PUT owner/{owner}/{fmt}
def posted_image(body: object, fmt: str, images: ImageCache | None = None,
                 roots: DataRoots = UNCONFINED) -> EncodedImage:
    """``PUT owner/{owner}/{fmt}``: render exactly the posted RenderParameters."""
    return render_encoded(parse_render_parameters(body), fmt, images=images, roots=roots)
