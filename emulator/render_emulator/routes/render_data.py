"""RenderDataService endpoints: resolvedTiles, layers (z), sections, transforms, box queries, layer
render-parameters and the merge helpers. (The stack sectionData snapshot is served by stack_meta.)"""

from __future__ import annotations

from enum import Enum

from flask import Blueprint, Response, request

from render_emulator.json_pieces import release_in_pieces
from render_emulator.jsontext import PIECEWISE_BYTES
from render_emulator.model import read
from render_emulator.model.types import DOUBLE, STRING_ARRAY_LIST
from render_emulator.params import to_double, to_enum, to_int
from render_emulator.routes._http import (
    JSON_MIMETYPE,
    created_response,
    current_data_roots,
    current_store,
    json_response,
    query_bool,
    query_double,
    query_str,
    read_json_body,
    text_response,
)
from render_emulator.services import layout_file, render_data
from render_emulator.services.render_parameters import RenderQuery
from render_emulator.services.stack_lookup import make_stack_id
from render_emulator.services.tile_json import parse_resolved_tiles
from render_emulator.services.tile_reads import encode_with_tile_texts
from render_emulator.services.usual_tiles import read_usual_resolved_tiles

blueprint = Blueprint("render_data", __name__)

STACK = "/v1/owner/<owner>/project/<project>/stack/<stack>"
BOX = "/box/<x>,<y>,<width>,<height>,<scale>/render-parameters"


def render_query() -> RenderQuery:
    """RenderQueryParameters from the request's query string."""
    return RenderQuery(
        scale=query_double("scale"),
        min_intensity=query_double("minIntensity"),
        max_intensity=query_double("maxIntensity"),
        channels=query_str("channels"),
        binary_mask=query_bool("binaryMask", None),
        exclude_mask=query_bool("excludeMask", None),
        do_filter=query_bool("filter", None),
        filter_list_name=query_str("filterListName"),
        convert_to_gray=query_bool("convertToGray", None),
        fill_with_noise=query_bool("fillWithNoise", None),
    )


def tiles_json_response(stack_id, value) -> Response:
    """``json_response`` for answers holding stored tile documents (their JSON texts are reused)."""
    return Response(encode_with_tile_texts(current_store(), stack_id, value), mimetype=JSON_MIMETYPE)


def _z_range():
    return query_double("minZ"), query_double("maxZ")


# ---------------------------------------------------------------------------- z values and merges
@blueprint.get(STACK + "/zValues")
def z_values(owner, project, stack):
    min_z, max_z = _z_range()
    stack_id = make_stack_id(owner, project, stack)
    return json_response(render_data.get_z_values(current_store(), stack_id, min_z, max_z))


@blueprint.get(STACK + "/mergeableZValues")
def mergeable_z_values(owner, project, stack):
    min_z, max_z = _z_range()
    stack_id = make_stack_id(owner, project, stack)
    return json_response(render_data.get_mergeable_z_values(current_store(), stack_id, min_z, max_z))


@blueprint.get(STACK + "/mergeableData")
def mergeable_data(owner, project, stack):
    min_z, max_z = _z_range()
    stack_id = make_stack_id(owner, project, stack)
    return text_response(render_data.get_mergeable_data(current_store(), stack_id, min_z, max_z))


@blueprint.get(STACK + "/mergedZValues")
def merged_z_values(owner, project, stack):
    min_z, max_z = _z_range()
    stack_id = make_stack_id(owner, project, stack)
    return json_response(render_data.get_merged_z_values(current_store(), stack_id, min_z, max_z))


@blueprint.get(STACK + "/reorderedSectionData")
def reordered_section_data(owner, project, stack):
    min_z, max_z = _z_range()
    stack_id = make_stack_id(owner, project, stack)
    return json_response(render_data.get_reordered_section_data(current_store(), stack_id, min_z, max_z))


# ---------------------------------------------------------------------------- resolved tiles
@blueprint.get(STACK + "/resolvedTiles")
def get_resolved_tiles(owner, project, stack):
    filters = dict(
        min_z=query_double("minZ"), max_z=query_double("maxZ"), group_id=query_str("groupId"),
        min_x=query_double("minX"), max_x=query_double("maxX"), min_y=query_double("minY"),
        max_y=query_double("maxY"),
    )
    stack_id = make_stack_id(owner, project, stack)
    return tiles_json_response(stack_id, render_data.get_resolved_tiles(current_store(), stack_id, **filters))


def _read_resolved_tiles(derive: bool | None):
    """The PUT body as parse_resolved_tiles reads it; a large body is then freed member by member (see
    json_pieces.release_in_pieces), so other requests keep running. The usual body is read by msgspec."""
    usual = read_usual_resolved_tiles(request.get_data(cache=True), bound_slots=bool(derive))
    if usual is not None:
        return usual
    body = read_json_body()
    try:
        return parse_resolved_tiles(body, bound_slots=bool(derive))
    finally:
        if len(request.get_data(cache=True)) > PIECEWISE_BYTES:
            release_in_pieces(body)


@blueprint.put(STACK + "/resolvedTiles")
def put_resolved_tiles(owner, project, stack):
    derive = query_bool("deriveData")
    resolved = _read_resolved_tiles(derive)
    stack_id = make_stack_id(owner, project, stack)
    render_data.save_resolved_tiles(current_store(), stack_id, None, resolved, derive)
    return created_response()


@blueprint.get(STACK + "/z/<z>/resolvedTiles")
def get_resolved_tiles_for_z(owner, project, stack, z):
    layer = to_double(z, "z")
    stack_id = make_stack_id(owner, project, stack)
    answer = render_data.get_resolved_tiles_for_z(current_store(), stack_id, layer)
    return tiles_json_response(stack_id, answer)


@blueprint.put(STACK + "/z/<z>/resolvedTiles")
def put_resolved_tiles_for_z(owner, project, stack, z):
    layer = to_double(z, "z")
    derive = query_bool("deriveData")
    resolved = _read_resolved_tiles(derive)
    stack_id = make_stack_id(owner, project, stack)
    render_data.save_resolved_tiles(current_store(), stack_id, layer, resolved, derive)
    return created_response()


# ---------------------------------------------------------------------------- layers
@blueprint.get(STACK + "/z/<z>/bounds")
def layer_bounds(owner, project, stack, z):
    layer = to_double(z, "z")
    stack_id = make_stack_id(owner, project, stack)
    return json_response(render_data.get_layer_bounds(current_store(), stack_id, layer))


@blueprint.get(STACK + "/z/<z>/tileBounds")
def layer_tile_bounds(owner, project, stack, z):
    layer = to_double(z, "z")
    stack_id = make_stack_id(owner, project, stack)
    return json_response(render_data.get_tile_bounds_for_z(current_store(), stack_id, layer))


@blueprint.get(STACK + "/z/<z>/sectionData")
def layer_section_data(owner, project, stack, z):
    layer = to_double(z, "z")
    stack_id = make_stack_id(owner, project, stack)
    return json_response(render_data.get_layer_section_data(current_store(), stack_id, layer))


@blueprint.put(STACK + "/z/<z>/tileIds")
def put_tile_ids_z(owner, project, stack, z):
    layer = to_double(z, "z")
    body = read_json_body()
    tile_ids = read(STRING_ARRAY_LIST, body)
    stack_id = make_stack_id(owner, project, stack)
    render_data.update_z_for_tiles(current_store(), stack_id, layer, tile_ids)
    return created_response()


@blueprint.get(STACK + "/z/<z>/tile-specs")
def layer_tile_specs(owner, project, stack, z):
    layer = to_double(z, "z")
    stack_id = make_stack_id(owner, project, stack)
    return tiles_json_response(stack_id, render_data.get_layer_tile_specs(current_store(), stack_id, layer))


@blueprint.get(STACK + "/z/<z>/last-tile-transforms")
def layer_last_tile_transforms(owner, project, stack, z):
    layer = to_double(z, "z")
    stack_id = make_stack_id(owner, project, stack)
    return json_response(render_data.get_last_tile_transforms(current_store(), stack_id, layer))


@blueprint.get(STACK + "/z/<z>/render-parameters")
def layer_render_parameters(owner, project, stack, z):
    layer = to_double(z, "z")
    query = render_query()
    stack_id = make_stack_id(owner, project, stack)
    answer = render_data.get_layer_render_parameters(current_store(), stack_id, layer, query)
    return tiles_json_response(stack_id, answer)


# ---------------------------------------------------------------------------- sections
@blueprint.get(STACK + "/section/<sectionId>/z")
def section_z(owner, project, stack, sectionId):  # noqa: N803 (render-ws names)
    stack_id = make_stack_id(owner, project, stack)
    return json_response(render_data.get_z_for_section(current_store(), stack_id, sectionId))


@blueprint.put(STACK + "/section/<sectionId>/z")
def put_section_z(owner, project, stack, sectionId):  # noqa: N803
    z = read(DOUBLE, read_json_body())
    stack_id = make_stack_id(owner, project, stack)
    render_data.update_z_for_section(current_store(), stack_id, sectionId, z)
    return created_response()


@blueprint.get(STACK + "/section/<sectionId>/tileBounds")
def section_tile_bounds(owner, project, stack, sectionId):  # noqa: N803
    stack_id = make_stack_id(owner, project, stack)
    return json_response(render_data.get_tile_bounds_for_section(current_store(), stack_id, sectionId))


# ---------------------------------------------------------------------------- transforms
@blueprint.get(STACK + "/transform/<transformId>")
def transform(owner, project, stack, transformId):  # noqa: N803
    stack_id = make_stack_id(owner, project, stack)
    return json_response(render_data.get_transform(current_store(), stack_id, transformId))


# ---------------------------------------------------------------------------- boxes
def _box(x, y, width, height):
    return to_double(x, "x"), to_double(y, "y"), to_int(width, "width"), to_int(height, "height")


@blueprint.get(STACK + "/z/<z>" + BOX)
def box_render_parameters(owner, project, stack, z, x, y, width, height, scale):
    layer, box, box_scale = to_double(z, "z"), _box(x, y, width, height), to_double(scale, "scale")
    query = render_query()
    stack_id = make_stack_id(owner, project, stack)
    return tiles_json_response(stack_id, render_data.get_box_render_parameters(
        current_store(), stack_id, layer, *box, box_scale, query))


@blueprint.get(STACK + "/group/<groupId>/z/<z>" + BOX)
def group_box_render_parameters(owner, project, stack, groupId, z, x, y, width, height, scale):  # noqa: N803
    layer, box, box_scale = to_double(z, "z"), _box(x, y, width, height), to_double(scale, "scale")
    query = render_query()
    stack_id = make_stack_id(owner, project, stack)
    return tiles_json_response(stack_id, render_data.get_box_render_parameters(
        current_store(), stack_id, layer, *box, box_scale, query, group_id=groupId))


@blueprint.get(STACK + "/z/<z>/box/<x>,<y>,<width>,<height>/tile-count")
def box_tile_count(owner, project, stack, z, x, y, width, height):
    layer, box = to_double(z, "z"), _box(x, y, width, height)
    stack_id = make_stack_id(owner, project, stack)
    return json_response(render_data.get_box_tile_count(current_store(), stack_id, layer, *box))


# ---------------------------------------------------------------------------- layout files
LayoutFormat = Enum("LayoutFormat", {name: name for name in layout_file.FORMATS})


def _layout_response(owner, project, stack, min_z, max_z):
    fmt = query_str("format")
    layout_format = None if fmt is None else to_enum(fmt, "format", LayoutFormat, "QueryParam").value
    stack_id = make_stack_id(owner, project, stack)
    marker = f"/stack/{stack}/"
    path = request.base_url
    stack_uri = path[:path.index(marker) + len(marker) - 1] if marker in path else path
    text = layout_file.layout_file(current_store(), stack_id, stack_uri, min_z, max_z, layout_format,
                                   current_data_roots())
    return text_response(text)


@blueprint.get(STACK + "/layoutFile")
def stack_layout_file(owner, project, stack):
    return _layout_response(owner, project, stack, query_double("minZ"), query_double("maxZ"))


@blueprint.get(STACK + "/z/<z>/layoutFile")
def layer_layout_file(owner, project, stack, z):
    layer = to_double(z, "z")
    return _layout_response(owner, project, stack, layer, layer)


@blueprint.get(STACK + "/zRange/<minZ>,<maxZ>/layoutFile")
def z_range_layout_file(owner, project, stack, minZ, maxZ):  # noqa: N803
    return _layout_response(owner, project, stack, to_double(minZ, "minZ"), to_double(maxZ, "maxZ"))


# ---------------------------------------------------------------------------- DVID-style boxes
DVID = "/dvid/imagetile/raw/xy/<width>_<height>/<x>_<y>_<z>"


def _dvid_box(x, y, z, width, height):
    return to_double(z, "z"), _box(x, y, width, height)


@blueprint.get(STACK + DVID + "/render-parameters")
def dvid_render_parameters(owner, project, stack, width, height, x, y, z):
    layer, box = _dvid_box(x, y, z, width, height)
    query = render_query()
    stack_id = make_stack_id(owner, project, stack)
    return json_response(render_data.get_box_render_parameters(
        current_store(), stack_id, layer, *box, 1.0, query))


@blueprint.get(STACK + "/group/<groupId>" + DVID + "/render-parameters")
def group_dvid_render_parameters(owner, project, stack, groupId, width, height, x, y, z):  # noqa: N803
    layer, box = _dvid_box(x, y, z, width, height)
    query = render_query()
    stack_id = make_stack_id(owner, project, stack)
    return json_response(render_data.get_box_render_parameters(
        current_store(), stack_id, layer, *box, 1.0, query, group_id=groupId))


@blueprint.get(STACK + DVID + "/tile-count")
def dvid_tile_count(owner, project, stack, width, height, x, y, z):
    layer, box = _dvid_box(x, y, z, width, height)
    stack_id = make_stack_id(owner, project, stack)
    return json_response(render_data.get_box_tile_count(current_store(), stack_id, layer, *box))
