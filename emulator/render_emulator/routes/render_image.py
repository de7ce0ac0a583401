"""RenderImageService endpoints: images of boxes (plain, group, DVID style), of whole layers, CATMAID large
data tiles and overviews, and of posted RenderParameters."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Response, current_app, request

from render_emulator.params import to_double, to_int
from render_emulator.routes._http import (
    current_data_roots,
    current_store,
    entityless_response,
    query_bool,
    query_int,
    read_json_body,
)
from render_emulator.routes.render_data import render_query
from render_emulator.services import deployment, render_image
from render_emulator.services.image_encoding import EncodedImage
from render_emulator.services.image_sources import DEFAULT_IMAGE_CACHE_BYTES, ImageCache
from render_emulator.services.stack_lookup import make_stack_id
from render_emulator.store import StackId

blueprint = Blueprint("render_image", __name__)

STACK = "/v1/owner/<owner>/project/<project>/stack/<stack>"
BOX = "/z/<z>/box/<x>,<y>,<width>,<height>,<scale>/"
DVID = "/dvid/imagetile/raw/xy/<width>_<height>/<x>_<y>_<z>/"
# JAX-RS CacheControl with maxAge 3600 (noTransform is on by default)
CACHE_CONTROL = "no-transform, max-age=3600"
# app.config key: bytes of decoded source images the app keeps between requests (0 keeps none)
IMAGE_CACHE_BYTES_CONFIG = "RENDER_IMAGE_CACHE_BYTES"


def shared_images() -> ImageCache:
    """The app's cache of decoded source images (made on first use; DELETE imageProcessorCache/allEntries
    empties it)."""
    found = current_app.extensions.get(deployment.IMAGE_PROCESSOR_CACHE_KEY)
    if isinstance(found, ImageCache):
        return found
    if found is not None:   # the app keeps some other cache under that name: share nothing
        return ImageCache(0)
    size = current_app.config.get(IMAGE_CACHE_BYTES_CONFIG, DEFAULT_IMAGE_CACHE_BYTES)
    return current_app.extensions.setdefault(deployment.IMAGE_PROCESSOR_CACHE_KEY, ImageCache(int(size)))


def image_response(image: EncodedImage, headers: dict | None = None) -> Response:
    return Response(image.data, mimetype=image.mimetype, headers=headers or {})


def stack_image_response(stack_id: StackId, render: Callable[[], EncodedImage]) -> Response:
    """ResponseHelper: 404 without the stack, 304 when If-None-Match names the stack's tag, else the image
    with ``ETag`` and ``Cache-Control``."""
    tag = render_image.stack_tag(current_store(), stack_id)
    headers = {"ETag": f'"{tag}"', "Cache-Control": CACHE_CONTROL}
    if request.if_none_match.contains_weak(tag):
        return entityless_response(304, headers)   # ResponseHelper.java:38, 55: no entity
    return image_response(render(), headers)


def _box(x, y, width, height):
    return to_double(x, "x"), to_double(y, "y"), to_int(width, "width"), to_int(height, "height")


def _box_image(owner, project, stack, z, x, y, width, height, scale, fmt, group_id=None):
    layer, box = to_double(z, "z"), _box(x, y, width, height)
    box_scale = 1.0 if scale is None else to_double(scale, "scale")
    query, limit = render_query(), query_int("maxTileSpecsToRender")
    stack_id = make_stack_id(owner, project, stack)
    return stack_image_response(stack_id, lambda: render_image.box_image(
        current_store(), stack_id, layer, *box, box_scale, query, fmt, limit, group_id=group_id,
        images=shared_images(), roots=current_data_roots()))


def _register_box(fmt: str) -> None:
    def box(owner, project, stack, z, x, y, width, height, scale):
        return _box_image(owner, project, stack, z, x, y, width, height, scale, fmt)

    def group_box(owner, project, stack, groupId, z, x, y, width, height, scale):  # noqa: N803
        return _box_image(owner, project, stack, z, x, y, width, height, scale, fmt, groupId)

    blueprint.add_url_rule(STACK + BOX + fmt, f"box_{fmt}", box, methods=["GET"])
    if fmt in render_image.IMAGE_FORMATS:
        blueprint.add_url_rule(STACK + "/group/<groupId>" + BOX + fmt, f"group_box_{fmt}", group_box,
                               methods=["GET"])


def _register_dvid(suffix: str, fmt: str) -> None:
    def dvid(owner, project, stack, width, height, x, y, z):
        return _box_image(owner, project, stack, z, x, y, width, height, None, fmt)

    def group_dvid(owner, project, stack, groupId, width, height, x, y, z):  # noqa: N803
        return _box_image(owner, project, stack, z, x, y, width, height, None, fmt, groupId)

    blueprint.add_url_rule(STACK + DVID + suffix, f"dvid_{suffix}", dvid, methods=["GET"])
    blueprint.add_url_rule(STACK + "/group/<groupId>" + DVID + suffix, f"group_dvid_{suffix}", group_dvid,
                           methods=["GET"])


def _register_layer(fmt: str) -> None:
    def layer(owner, project, stack, z):
        value = to_double(z, "z")
        query, limit = render_query(), query_int("maxTileSpecsToRender")
        stack_id = make_stack_id(owner, project, stack)
        return stack_image_response(stack_id, lambda: render_image.layer_image(
            current_store(), stack_id, value, query, fmt, limit, images=shared_images(),
            roots=current_data_roots()))

    blueprint.add_url_rule(STACK + "/z/<z>/" + fmt, f"layer_{fmt}", layer, methods=["GET"])


def _register_posted(fmt: str) -> None:
    def posted(owner):
        return image_response(render_image.posted_image(read_json_body(), fmt, images=shared_images(),
                                                        roots=current_data_roots()))

    blueprint.add_url_rule("/v1/owner/<owner>/" + fmt, f"posted_{fmt}", posted, methods=["PUT"])


LARGE_DATA = STACK + "/largeDataTileSource/<width>/<height>"


def _register_large_data(extension: str) -> None:
    def large_data_tile(owner, project, stack, width, height, level, z, row, column):
        values = (to_int(width, "width"), to_int(height, "height"), to_int(level, "level"), to_double(z, "z"),
                  to_int(row, "row"), to_int(column, "column"))
        query, limit = render_query(), query_int("maxTileSpecsToRender")
        stack_id = make_stack_id(owner, project, stack)
        return stack_image_response(stack_id, lambda: render_image.large_data_tile(
            current_store(), stack_id, *values, extension, query, limit, images=shared_images(),
            roots=current_data_roots()))

    def large_data_overview(owner, project, stack, width, height, z):
        values = (to_int(width, "width"), to_int(height, "height"), to_double(z, "z"))
        size, translate = query_int("maxOverviewWidthAndHeight"), bool(query_bool("translateOrigin"))
        query, limit = render_query(), query_int("maxTileSpecsToRender")
        stack_id = make_stack_id(owner, project, stack)
        return stack_image_response(stack_id, lambda: render_image.large_data_overview(
            current_store(), stack_id, *values, extension, size, translate, query, limit,
            images=shared_images(), roots=current_data_roots()))

    blueprint.add_url_rule(f"{LARGE_DATA}/<level>/<z>/<row>/<column>.{extension}",
                           f"large_data_tile_{extension}", large_data_tile, methods=["GET"])
    blueprint.add_url_rule(f"{LARGE_DATA}/small/<z>.{extension}", f"large_data_overview_{extension}",
                           large_data_overview, methods=["GET"])


for _extension in render_image.LARGE_DATA_FORMATS:
    _register_large_data(_extension)
for _fmt in render_image.BOX_FORMATS:
    _register_box(_fmt)
for _suffix, _fmt in render_image.DVID_FORMATS.items():
    _register_dvid(_suffix, _fmt)
for _fmt in render_image.IMAGE_FORMATS:
    _register_layer(_fmt)
    _register_posted(_fmt)
