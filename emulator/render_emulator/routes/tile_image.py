"""TileImageService endpoints: one tile rendered with its transforms, its raw source or mask image, and the
tile with its neighbours."""

from __future__ import annotations

from flask import Blueprint

from render_emulator.routes._http import (
    current_data_roots,
    current_store,
    query_bool,
    query_double,
    query_int,
    query_list,
)
from render_emulator.routes.render_data import render_query
from render_emulator.routes.render_image import shared_images, stack_image_response
from render_emulator.services import render_image, tile_data
from render_emulator.services.stack_lookup import make_stack_id

blueprint = Blueprint("tile_image", __name__)

TILE = "/v1/owner/<owner>/project/<project>/stack/<stack>/tile/<tileId>"
TILE_FORMATS = render_image.IMAGE_FORMATS + ("tiff16-image",)


def _tile_query() -> tile_data.TileRenderQuery:
    return tile_data.TileRenderQuery(
        x=query_int("x"), y=query_int("y"), width=query_int("width"), height=query_int("height"),
        normalize_for_matching=bool(query_bool("normalizeForMatching")),
        exclude_all_transforms=query_bool("excludeAllTransforms", None),
        exclude_transforms_after_last=query_list("excludeTransformsAfterLast"),
        exclude_first_transform_and_all_after=query_list("excludeFirstTransformAndAllAfter"),
    )


def _register_tile(fmt: str) -> None:
    def tile(owner, project, stack, tileId):  # noqa: N803 (render-ws names)
        tile_query, query = _tile_query(), render_query()
        stack_id = make_stack_id(owner, project, stack)
        return stack_image_response(stack_id, lambda: render_image.tile_image(
            current_store(), stack_id, tileId, query, tile_query, fmt, images=shared_images(),
            roots=current_data_roots()))

    blueprint.add_url_rule(TILE + "/" + fmt, f"tile_{fmt}", tile, methods=["GET"])


def _register_raw(kind: str, fmt: str) -> None:
    def raw(owner, project, stack, tileId):  # noqa: N803
        query = render_query()
        stack_id = make_stack_id(owner, project, stack)
        return stack_image_response(stack_id, lambda: render_image.raw_tile_image(
            current_store(), stack_id, tileId, query, fmt, mask=kind == "mask", images=shared_images(),
            roots=current_data_roots()))

    blueprint.add_url_rule(f"{TILE}/{kind}/{fmt}", f"{kind}_{fmt}", raw, methods=["GET"])


@blueprint.get(TILE + "/withNeighbors/jpeg-image")
def tile_with_neighbors_image(owner, project, stack, tileId):  # noqa: N803
    width_factor, height_factor = query_double("widthFactor"), query_double("heightFactor")
    outlines = bool(query_bool("boundingBoxesOnly"))
    query = render_query()
    stack_id = make_stack_id(owner, project, stack)
    return stack_image_response(stack_id, lambda: render_image.tile_with_neighbors_image(
        current_store(), stack_id, tileId, width_factor, height_factor, query, outlines,
        images=shared_images(), roots=current_data_roots()))


for _fmt in TILE_FORMATS:
    _register_tile(_fmt)
for _fmt in render_image.IMAGE_FORMATS:
    _register_raw("source", _fmt)
    _register_raw("mask", _fmt)
