"""CoordinateService endpoints: local <-> world coordinates of stack tiles (single points, batches,
mapped to another stack), tile ids for world points, and the two posted-TileSpec variants."""

from __future__ import annotations

from flask import Blueprint

from render_emulator.params import to_double
from render_emulator.routes._http import current_store, json_response, query_double, query_str, read_json_body
from render_emulator.services import coordinate
from render_emulator.services.stack_lookup import make_stack_id

blueprint = Blueprint("coordinate", __name__)

OWNER = "/v1/owner/<owner>"
STACK = OWNER + "/project/<project>/stack/<stack>"


@blueprint.get(STACK + "/tile/<tileId>/local-to-world-coordinates/<x>,<y>")
def local_to_world(owner, project, stack, tileId, x, y):  # noqa: N803 (render-ws names)
    local_x, local_y = to_double(x, "x"), to_double(y, "y")
    stack_id = make_stack_id(owner, project, stack)
    return json_response(coordinate.local_to_world(current_store(), stack_id, tileId, local_x, local_y))


@blueprint.put(STACK + "/local-to-world-coordinates")
def local_to_world_batch(owner, project, stack):
    body = read_json_body()
    stack_id = make_stack_id(owner, project, stack)
    return json_response(coordinate.local_to_world_batch(current_store(), stack_id, body))


@blueprint.put(STACK + "/z/<z>/local-to-world-coordinates")
def local_to_world_batch_in_layer(owner, project, stack, z):
    to_double(z, "z")   # converted (404 when not a number), otherwise unused by render-ws
    return local_to_world_batch(owner, project, stack)


@blueprint.get(STACK + "/z/<z>/world-to-local-coordinates/<x>,<y>")
def world_to_local(owner, project, stack, z, x, y):
    world_x, world_y, layer = to_double(x, "x"), to_double(y, "y"), to_double(z, "z")
    stack_id = make_stack_id(owner, project, stack)
    return json_response(coordinate.world_to_local(current_store(), stack_id, layer, world_x, world_y))


@blueprint.put(STACK + "/world-to-local-coordinates")
def world_to_local_batch(owner, project, stack):
    body = read_json_body()
    stack_id = make_stack_id(owner, project, stack)
    return json_response(coordinate.world_to_local_batch(current_store(), stack_id, None, body))


@blueprint.put(STACK + "/z/<z>/world-to-local-coordinates")
def world_to_local_batch_in_layer(owner, project, stack, z):
    layer = to_double(z, "z")
    body = read_json_body()
    stack_id = make_stack_id(owner, project, stack)
    return json_response(coordinate.world_to_local_batch(current_store(), stack_id, layer, body))


@blueprint.get(STACK + "/z/<z>/world-coordinates/<x>,<y>/mapped-to-stack/<toStack>")
def world_mapped_to_stack(owner, project, stack, z, x, y, toStack):  # noqa: N803
    world_x, world_y, layer = to_double(x, "x"), to_double(y, "y"), to_double(z, "z")
    stack_id = make_stack_id(owner, project, stack)
    return json_response(coordinate.world_mapped_to_stack(
        current_store(), stack_id, layer, world_x, world_y, toStack, query_str("toOwner"),
        query_str("toProject")))


@blueprint.put(STACK + "/tileIdsForCoordinates")
def tile_ids_for_coordinates(owner, project, stack):
    body = read_json_body()
    stack_id = make_stack_id(owner, project, stack)
    return json_response(coordinate.tile_ids_for_coordinates(current_store(), stack_id, None, body))


@blueprint.put(STACK + "/z/<z>/tileIdsForCoordinates")
def tile_ids_for_coordinates_in_layer(owner, project, stack, z):
    layer = to_double(z, "z")
    body = read_json_body()
    stack_id = make_stack_id(owner, project, stack)
    return json_response(coordinate.tile_ids_for_coordinates(current_store(), stack_id, layer, body))


@blueprint.put(OWNER + "/local-to-world-coordinates/<x>,<y>")
def posted_tile_local_to_world(owner, x, y):
    local_x, local_y = to_double(x, "x"), to_double(y, "y")
    return json_response(coordinate.posted_local_to_world(read_json_body(), local_x, local_y))


@blueprint.put(OWNER + "/world-to-local-coordinates/<x>,<y>")
def posted_tile_world_to_local(owner, x, y):
    world_x, world_y = to_double(x, "x"), to_double(y, "y")
    cell = query_double("meshCellSize")
    return json_response(coordinate.posted_world_to_local(read_json_body(), world_x, world_y, cell))
