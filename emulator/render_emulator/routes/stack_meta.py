"""StackMetaDataService endpoints that do not read tiles, HierarchicalDataService's hierarchicalData,
and the stack sectionData snapshot.

Order of checks follows RESTEasy + render-ws: the body is deserialized first (JSON/type errors 400),
then the path names are validated, then the service runs.
"""

from __future__ import annotations

from enum import Enum

from flask import Blueprint, request

from render_emulator.model import read
from render_emulator.model.types import STRING_ARRAY_LIST
from render_emulator.params import to_double, to_enum
from render_emulator.routes._http import (
    JSON_MIMETYPE,
    created_response,
    current_store,
    json_response,
    no_content,
    ok_empty,
    query_bool,
    query_double,
    query_double_list,
    query_str,
    read_json_body,
    text_response,
)
from render_emulator.routes.render_data import tiles_json_response
from render_emulator.services import stack_meta
from render_emulator.services.stack_lookup import STATES, make_stack_id

blueprint = Blueprint("stack_meta", __name__)

StackState = Enum("StackState", {name: name for name in STATES})

STACK = "/v1/owner/<owner>/project/<project>/stack/<stack>"


def _raw_text_body() -> str | None:
    """A ``String`` entity: the raw body (an empty body means no value)."""
    text = request.get_data(as_text=True)
    return text if text else None


def _json_or_no_content(value):
    return no_content() if value is None else json_response(value)


# ---------------------------------------------------------------------------- service and listings
@blueprint.get("/v1/likelyUniqueId")
def likely_unique_id():
    return text_response(stack_meta.likely_unique_id())


@blueprint.get("/v1/owners")
def owners():
    return json_response(stack_meta.list_owners(current_store()))


@blueprint.get("/v1/owner/<owner>/projects")
def projects(owner: str):
    return json_response(stack_meta.list_projects(current_store(), owner))


@blueprint.get("/v1/owner/<owner>/stackIds")
def owner_stack_ids(owner: str):
    return json_response(stack_meta.list_stack_ids(current_store(), owner))


@blueprint.get("/v1/owner/<owner>/project/<project>/stackIds")
def project_stack_ids(owner: str, project: str):
    return json_response(stack_meta.list_stack_ids(current_store(), owner, project))


@blueprint.get("/v1/owner/<owner>/stacks")
def owner_stacks(owner: str):
    return json_response(stack_meta.list_stack_metadata(current_store(), owner))


@blueprint.get("/v1/owner/<owner>/project/<project>/stacks")
def project_stacks(owner: str, project: str):
    return json_response(stack_meta.list_stack_metadata(current_store(), owner, project))


# ---------------------------------------------------------------------------- stack lifecycle
@blueprint.get(STACK)
def get_stack(owner: str, project: str, stack: str):
    stack_id = make_stack_id(owner, project, stack)
    return json_response(stack_meta.get_stack_metadata(current_store(), stack_id))


@blueprint.post(STACK)
def save_stack_version(owner: str, project: str, stack: str):
    version = stack_meta.parse_required_stack_version(read_json_body())
    stack_meta.save_stack_version(current_store(), make_stack_id(owner, project, stack), version)
    return created_response()


@blueprint.delete(STACK)
def delete_stack(owner: str, project: str, stack: str):
    stack_meta.delete_stack(current_store(), make_stack_id(owner, project, stack))
    return ok_empty()


@blueprint.put(STACK + "/state/<state>")
def set_stack_state(owner: str, project: str, stack: str, state: str):
    to_state = to_enum(state, "state", StackState).value
    stack_meta.set_stack_state(current_store(), make_stack_id(owner, project, stack), to_state)
    return created_response()


@blueprint.put("/v1/owner/<owner>/project/<fromProject>/stack/<fromStack>/stackId")
def rename_stack(owner: str, fromProject: str, fromStack: str):  # noqa: N803 (render-ws names)
    target = stack_meta.parse_stack_id(read_json_body())
    stack_meta.rename_stack(current_store(), make_stack_id(owner, fromProject, fromStack), target)
    return ok_empty()


# ---------------------------------------------------------------------------- version sub-resources
@blueprint.get(STACK + "/resolutionValues")
def get_resolution_values(owner: str, project: str, stack: str):
    stack_id = make_stack_id(owner, project, stack)
    return json_response(stack_meta.get_resolution_values(current_store(), stack_id))


@blueprint.put(STACK + "/resolutionValues")
def put_resolution_values(owner: str, project: str, stack: str):
    values = stack_meta.parse_resolution_values(read_json_body())
    stack_meta.set_resolution_values(current_store(), make_stack_id(owner, project, stack), values)
    return ok_empty()


@blueprint.delete(STACK + "/resolutionValues")
def delete_resolution_values(owner: str, project: str, stack: str):
    stack_id = make_stack_id(owner, project, stack)
    stack_meta.set_resolution_values(current_store(), stack_id, [None, None, None])
    return ok_empty()


@blueprint.get(STACK + "/materializedBoxRootPath")
def get_materialized_box_root_path(owner: str, project: str, stack: str):
    stack_id = make_stack_id(owner, project, stack)
    path = stack_meta.get_materialized_box_root_path(current_store(), stack_id)
    return no_content() if path is None else text_response(path)


@blueprint.put(STACK + "/materializedBoxRootPath")
def put_materialized_box_root_path(owner: str, project: str, stack: str):
    stack_id = make_stack_id(owner, project, stack)
    stack_meta.set_materialized_box_root_path(current_store(), stack_id, _raw_text_body())
    return ok_empty()


@blueprint.delete(STACK + "/materializedBoxRootPath")
def delete_materialized_box_root_path(owner: str, project: str, stack: str):
    stack_id = make_stack_id(owner, project, stack)
    stack_meta.set_materialized_box_root_path(current_store(), stack_id, None)
    return ok_empty()


@blueprint.get(STACK + "/mipmapPathBuilder")
def get_mipmap_path_builder(owner: str, project: str, stack: str):
    stack_id = make_stack_id(owner, project, stack)
    return _json_or_no_content(stack_meta.get_mipmap_path_builder(current_store(), stack_id))


@blueprint.put(STACK + "/mipmapPathBuilder")
def put_mipmap_path_builder(owner: str, project: str, stack: str):
    builder = stack_meta.parse_mipmap_path_builder(read_json_body())
    stack_meta.set_mipmap_path_builder(current_store(), make_stack_id(owner, project, stack), builder)
    return ok_empty()


@blueprint.delete(STACK + "/mipmapPathBuilder")
def delete_mipmap_path_builder(owner: str, project: str, stack: str):
    stack_meta.set_mipmap_path_builder(current_store(), make_stack_id(owner, project, stack), None)
    return ok_empty()


@blueprint.get(STACK + "/defaultChannel")
def get_default_channel(owner: str, project: str, stack: str):
    stack_id = make_stack_id(owner, project, stack)
    channel = stack_meta.get_default_channel(current_store(), stack_id)
    if channel is None:
        return no_content()
    # a Java String return value bypasses Jackson: written raw although declared JSON
    response = text_response(channel)
    response.mimetype = JSON_MIMETYPE
    return response


@blueprint.put(STACK + "/defaultChannel")
def put_default_channel(owner: str, project: str, stack: str):
    stack_id = make_stack_id(owner, project, stack)
    stack_meta.set_default_channel(current_store(), stack_id, _raw_text_body())
    return ok_empty()


@blueprint.delete(STACK + "/defaultChannel")
def delete_default_channel(owner: str, project: str, stack: str):
    stack_meta.set_default_channel(current_store(), make_stack_id(owner, project, stack), None)
    return ok_empty()


@blueprint.get(STACK + "/cycle")
def get_cycle(owner: str, project: str, stack: str):
    stack_id = make_stack_id(owner, project, stack)
    return json_response(stack_meta.get_cycle(current_store(), stack_id))


@blueprint.put(STACK + "/cycle")
def put_cycle(owner: str, project: str, stack: str):
    cycle = stack_meta.parse_cycle(read_json_body())
    stack_meta.set_cycle(current_store(), make_stack_id(owner, project, stack), cycle)
    return ok_empty()


@blueprint.delete(STACK + "/cycle")
def delete_cycle(owner: str, project: str, stack: str):
    stack_meta.set_cycle(current_store(), make_stack_id(owner, project, stack), None)
    return ok_empty()


@blueprint.get(STACK + "/hierarchicalData")
def get_hierarchical_data(owner: str, project: str, stack: str):
    stack_id = make_stack_id(owner, project, stack)
    return _json_or_no_content(stack_meta.get_hierarchical_data(current_store(), stack_id))


@blueprint.put(STACK + "/hierarchicalData")
def put_hierarchical_data(owner: str, project: str, stack: str):
    data = stack_meta.parse_hierarchical_stack(read_json_body())
    stack_meta.set_hierarchical_data(current_store(), make_stack_id(owner, project, stack), data)
    return ok_empty()


@blueprint.delete(STACK + "/hierarchicalData")
def delete_hierarchical_data(owner: str, project: str, stack: str):
    stack_meta.set_hierarchical_data(current_store(), make_stack_id(owner, project, stack), None)
    return ok_empty()


# ---------------------------------------------------------------------------- section data snapshot
@blueprint.get(STACK + "/sectionData")
def get_section_data(owner: str, project: str, stack: str):
    min_z, max_z = query_double("minZ"), query_double("maxZ")
    stack_id = make_stack_id(owner, project, stack)
    return json_response(stack_meta.get_section_data(current_store(), stack_id, min_z, max_z))


# ---------------------------------------------------------------------------- tile-dependent stack endpoints
@blueprint.put("/v1/owner/<owner>/project/<fromProject>/stack/<fromStack>/cloneTo/<toStack>")
def clone_stack(owner: str, fromProject: str, fromStack: str, toStack: str):  # noqa: N803
    z_values = query_double_list("z")
    to_project = query_str("toProject")
    skip_transforms = bool(query_bool("skipTransforms"))
    version = stack_meta.parse_stack_version(read_json_body())
    from_id = make_stack_id(owner, fromProject, fromStack)
    stack_meta.clone_stack(current_store(), from_id, toStack, to_project, z_values, skip_transforms, version)
    return created_response()


@blueprint.get(STACK + "/bounds")
def stack_bounds(owner: str, project: str, stack: str):
    stack_id = make_stack_id(owner, project, stack)
    return json_response(stack_meta.get_stack_bounds(current_store(), stack_id))


@blueprint.get(STACK + "/tileIds")
def tile_ids(owner: str, project: str, stack: str):
    min_z, max_z, pattern = query_double("minZ"), query_double("maxZ"), query_str("matchPattern")
    stack_id = make_stack_id(owner, project, stack)
    ids = stack_meta.get_tile_ids(current_store(), stack_id, min_z, max_z, pattern)
    # RenderDao.writeTileIds streams each id between double quotes as it is, without JSON escaping
    # (RenderDao.java:1691-1697)
    response = text_response("[" + ",".join(f'"{tile_id}"' for tile_id in ids) + "]")
    response.mimetype = JSON_MIMETYPE
    return response


@blueprint.put(STACK + "/tile-specs-with-ids")
def tile_specs_with_ids(owner: str, project: str, stack: str):
    body = read_json_body()
    tile_id_list = read(STRING_ARRAY_LIST, body)
    stack_id = make_stack_id(owner, project, stack)
    answer = stack_meta.get_tile_specs_with_ids(current_store(), stack_id, tile_id_list)
    return tiles_json_response(stack_id, answer)


@blueprint.delete(STACK + "/z/<z>")
def delete_layer(owner: str, project: str, stack: str, z: str):
    layer = to_double(z, "z")
    stack_meta.delete_tiles_with_z(current_store(), make_stack_id(owner, project, stack), layer)
    return ok_empty()


@blueprint.delete(STACK + "/section/<sectionId>")
def delete_section(owner: str, project: str, stack: str, sectionId: str):  # noqa: N803
    stack_id = make_stack_id(owner, project, stack)
    stack_meta.delete_tiles_with_section_id(current_store(), stack_id, sectionId)
    return ok_empty()
