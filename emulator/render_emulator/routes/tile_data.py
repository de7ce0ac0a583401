"""TileDataService endpoints: one tile's raw spec, its deletion and its render-parameters."""

from __future__ import annotations

from flask import Blueprint

from render_emulator.params import to_double
from render_emulator.routes._http import (
    current_data_roots,
    current_store,
    json_response,
    ok_empty,
    query_bool,
    query_double,
    query_int,
    query_list,
)
from render_emulator.routes.render_data import render_query, tiles_json_response
from render_emulator.services import tile_data
from render_emulator.services.stack_lookup import make_stack_id

blueprint = Blueprint("tile_data", __name__)

TILE = "/v1/owner/<owner>/project/<project>/stack/<stack>/tile/<tileId>"


@blueprint.get(TILE)
def get_tile(owner, project, stack, tileId):  # noqa: N803 (render-ws names)
    stack_id = make_stack_id(owner, project, stack)
    return tiles_json_response(stack_id, tile_data.get_tile(current_store(), stack_id, tileId))


@blueprint.delete(TILE)
def delete_tile(owner, project, stack, tileId):  # noqa: N803
    tile_data.delete_tile(current_store(), make_stack_id(owner, project, stack), tileId)
    return ok_empty()


@blueprint.get(TILE + "/render-parameters")
def tile_render_parameters(owner, project, stack, tileId):  # noqa: N803
    tile_query = tile_data.TileRenderQuery(
        x=query_int("x"), y=query_int("y"), width=query_int("width"), height=query_int("height"),
        normalize_for_matching=bool(query_bool("normalizeForMatching")),
        exclude_all_transforms=query_bool("excludeAllTransforms", None),
        exclude_transforms_after_last=query_list("excludeTransformsAfterLast"),
        exclude_first_transform_and_all_after=query_list("excludeFirstTransformAndAllAfter"),
    )
    query = render_query()
    stack_id = make_stack_id(owner, project, stack)
    return json_response(tile_data.get_tile_render_parameters(
        current_store(), stack_id, tileId, query, tile_query))


@blueprint.get(TILE + "/source/scale/<scale>/render-parameters")
def tile_source_render_parameters(owner, project, stack, tileId, scale):  # noqa: N803
    value = to_double(scale, "scale")
    stack_id = make_stack_id(owner, project, stack)
    query = render_query()
    return json_response(tile_data.get_raw_tile_render_parameters(
        current_store(), stack_id, tileId, value, query, mask=False))


@blueprint.get(TILE + "/mask/scale/<scale>/render-parameters")
def tile_mask_render_parameters(owner, project, stack, tileId, scale):  # noqa: N803
    value = to_double(scale, "scale")
    stack_id = make_stack_id(owner, project, stack)
    query = render_query()
    return json_response(tile_data.get_raw_tile_render_parameters(
        current_store(), stack_id, tileId, value, query, mask=True))


@blueprint.get(TILE + "/withNeighbors/render-parameters")
def tile_with_neighbors_render_parameters(owner, project, stack, tileId):  # noqa: N803
    width_factor, height_factor = query_double("widthFactor"), query_double("heightFactor")
    query = render_query()
    stack_id = make_stack_id(owner, project, stack)
    return json_response(tile_data.get_tile_with_neighbors_render_parameters(
        current_store(), stack_id, tileId, width_factor, height_factor, query))


@blueprint.get(TILE + "/validation-info")
def tile_validation_info(owner, project, stack, tileId):  # noqa: N803
    stack_id = make_stack_id(owner, project, stack)
    tile_data.validate_tile(current_store(), stack_id, tileId, current_data_roots())
    return ok_empty()
