"""HierarchicalDataService endpoints other than hierarchicalData (served with the stack metadata routes):
tier data removal, tier layers without matches, clustered tile bounds, a layer's affine warp field."""

from __future__ import annotations

from flask import Blueprint, Response

from render_emulator.params import to_double, to_enum
from render_emulator.routes._http import (
    JSON_MIMETYPE,
    current_store,
    json_response,
    query_int,
    query_str,
    read_json_body,
    text_response,
)
from render_emulator.services import hierarchical_data, match, pair_residual, warp_field
from render_emulator.services.stack_lookup import make_stack_id

blueprint = Blueprint("hierarchical_data", __name__)

PROJECT = "/v1/owner/<owner>/project/<project>"
STACK = PROJECT + "/stack/<stack>"


@blueprint.delete(PROJECT + "/tierData")
def delete_tier_data(owner: str, project: str):
    return text_response(hierarchical_data.delete_tier_data(current_store(), owner, project))


@blueprint.get(STACK + "/missingTierMatchLayers")
def layers_with_missing_matches(owner: str, project: str, stack: str):
    stack_id = make_stack_id(owner, project, stack)
    return json_response(hierarchical_data.get_layers_with_missing_matches(current_store(), stack_id))


@blueprint.get(PROJECT + "/missingTierMatchLayers")
def stacks_with_missing_matches(owner: str, project: str):
    return json_response(hierarchical_data.get_stacks_with_missing_matches(current_store(), owner, project))


@blueprint.get(STACK + "/z/<z>/clusteredTileBoundsForCollection/<matchCollection>")
def clustered_tile_bounds(owner: str, project: str, stack: str, z: str, matchCollection: str):  # noqa: N803
    value = to_double(z, "z")
    stack_id = make_stack_id(owner, project, stack)
    match_owner = query_str("matchOwner")
    collection_id = match.make_collection_id(owner if match_owner is None else match_owner, matchCollection)
    return json_response(
        hierarchical_data.get_clustered_tile_bounds(current_store(), stack_id, value, collection_id))


def _warp_field_arguments(owner: str, project: str, z: str) -> tuple:
    method = query_str("consensusBuildMethod")
    return (current_store(), owner, project, to_double(z, "z"), query_int("consensusRows"),
            query_int("consensusColumns"),
            None if method is None else to_enum(method, "consensusBuildMethod", warp_field.BuildMethod,
                                                "QueryParam"))


@blueprint.get(PROJECT + "/z/<z>/affineWarpFieldTransform")
def affine_warp_field_transform(owner: str, project: str, z: str):
    spec = warp_field.build_affine_warp_field_transform(*_warp_field_arguments(owner, project, z))
    return json_response(spec)


@blueprint.get(PROJECT + "/z/<z>/affineWarpFieldTransformDebug")
def affine_warp_field_transform_debug(owner: str, project: str, z: str):
    debug = warp_field.affine_warp_field_debug(*_warp_field_arguments(owner, project, z))
    return Response(debug, mimetype=JSON_MIMETYPE)   # the debug text is sent as built (not re-encoded)
@blueprint.post(STACK + "/pairResidualCalculation")
def pair_residual_calculation(owner: str, project: str, stack: str):
    stack_id = make_stack_id(owner, project, stack)
    return json_response(pair_residual.calculate_pair_residuals(current_store(), stack_id, read_json_body()))
