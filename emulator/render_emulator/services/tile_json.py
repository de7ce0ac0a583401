"""TileSpec and ResolvedTileSpecCollection JSON as render-ws reads and writes it (Jackson, TileSpec.java).

Stored tiles are kept in this normalised form, so every read answers render-ws's JSON: field order of
TileSpec, Double fields as floats, ``layout.sectionId`` as a string, ``mipmapLevels`` keyed by level
strings in numeric order, ``transforms`` always a list and ``meshCellSize`` always present.
"""

from __future__ import annotations

from typing import Any

from render_emulator.errors import BadRequest
from render_emulator.model import expect_array, expect_object, messages
from render_emulator.model import tile_spec as model
from render_emulator.model.scalars import java_double, java_string
from render_emulator.services.transform_specs import parse_transform_list, parse_transform_spec

DEFAULT_MESH_CELL_SIZE = 64.0
TILE_TYPE = model.TILE_SPEC_TYPE

_LAYOUT_FIELDS = model.LAYOUT_DATA.readers()
_IMAGE_AND_MASK_FIELDS = model.IMAGE_AND_MASK.readers()
# id of a bean's field table -> {field name: (position, converter)} (ids: hashing the tables costs more)
_FIELD_ORDER = {id(fields): {name: (position, convert) for position, (name, convert) in enumerate(fields)}
                for fields in (_LAYOUT_FIELDS, _IMAGE_AND_MASK_FIELDS)}
_BOUNDS = ("minX", "minY", "maxX", "maxY")
_BOUND_KEYS = frozenset(_BOUNDS)
# the TileSpec fields that follow the bounds (TileSpec.java field order)
_AFTER_BOUNDS = frozenset(("width", "height", "minIntensity", "maxIntensity", "mipmapLevels"))


def _bean(value: Any, java_type: str, fields) -> dict | None:
    if value is None:
        return None
    expect_object(value, java_type)
    if len(value) * 2 < len(fields):
        try:   # few fields sent: walk those, not every field of the bean
            return _bean_of_sent_fields(value, fields)
        except BadRequest:
            pass   # several bad fields: the loop below names the first in field order, as always
    out = {}
    for name, convert in fields:
        item = value.get(name)
        if item is not None:
            converted = convert(item)
            if converted is not None:
                out[name] = converted
    return out


def _bean_of_sent_fields(value: dict, fields) -> dict:
    """``_bean`` for a bean with few sent fields: converts those, answers them in field order."""
    order = _FIELD_ORDER[id(fields)]
    picked = []
    for name, item in value.items():
        known = order.get(name)
        if known is not None and item is not None:
            converted = known[1](item)
            if converted is not None:
                picked.append((known[0], name, converted))
    picked.sort()
    return {name: converted for _, name, converted in picked}


def _mipmap_levels(value: Any) -> dict:
    if value is None:
        return {}
    expect_object(value, model.MIPMAP_LEVELS_TYPE)
    levels = []
    for key, entry in value.items():
        try:
            level = int(key)
        except ValueError:
            raise BadRequest(messages.bad_map_key("java.lang.Integer", key)) from None
        levels.append((level, _bean(entry, model.IMAGE_AND_MASK.java_type, _IMAGE_AND_MASK_FIELDS)))
    if len(levels) > 1:
        levels.sort(key=lambda item: item[0])
    return {str(level): entry for level, entry in levels if entry is not None}


def _channels(value: Any) -> list | None:
    if value is None:
        return None
    channels = []
    for channel in expect_array(value, model.CHANNEL_LIST_TYPE):
        expect_object(channel, model.CHANNEL_SPEC_TYPE)
        out: dict[str, Any] = {}
        name = java_string(channel.get("name"))
        if name is not None:
            out["name"] = name
        low, high = java_double(channel.get("minIntensity")), java_double(channel.get("maxIntensity"))
        out["minIntensity"] = 0.0 if low is None else low
        out["maxIntensity"] = 255.0 if high is None else high
        out["mipmapLevels"] = _mipmap_levels(channel.get("mipmapLevels"))
        if channel.get("mipmapPathBuilder") is not None:
            out["mipmapPathBuilder"] = channel["mipmapPathBuilder"]
        channels.append(out)
    return channels


def parse_tile_spec(value: Any) -> dict:
    """One TileSpec as render-ws would store and answer it (400 on Jackson type mismatches)."""
    expect_object(value, TILE_TYPE)
    get = value.get
    tile: dict[str, Any] = {}
    tile_id = get("tileId")
    if tile_id is not None:
        tile["tileId"] = java_string(tile_id)
    layout = _bean(get("layout"), model.LAYOUT_DATA.java_type, _LAYOUT_FIELDS)
    if layout is not None:
        tile["layout"] = layout
    group_id = get("groupId")
    if group_id is not None:
        tile["groupId"] = java_string(group_id)
    for name in model.DOUBLE_FIELDS:
        item = get(name)
        if item is not None:
            tile[name] = item if type(item) is float else java_double(item)
    tile["mipmapLevels"] = _mipmap_levels(get("mipmapLevels"))
    channels = _channels(get("channels"))
    if channels is not None:
        tile["channels"] = channels
    if get("mipmapPathBuilder") is not None:
        tile["mipmapPathBuilder"] = get("mipmapPathBuilder")
    tile["transforms"] = parse_transform_list(get("transforms"))
    reject_null_members(tile["transforms"])
    cell = get("meshCellSize")
    tile["meshCellSize"] = DEFAULT_MESH_CELL_SIZE if cell is None else java_double(cell)
    labels = get("labels")
    if labels is not None:
        tile["labels"] = model.LABELS.read(labels)
    return tile


def with_bounds(tile: dict, box: tuple[float, float, float, float]) -> dict:
    """``tile`` with minX/minY/maxX/maxY set, keeping TileSpec field order."""
    out = {}
    for key, item in tile.items():   # the fields before the bounds, in Python; the rest in C below
        if key in _AFTER_BOUNDS:
            break
        if key not in _BOUND_KEYS:
            out[key] = item
    out.update(zip(_BOUNDS, box, strict=False))
    out.update(tile)   # keys already in ``out`` keep their place
    out.update(zip(_BOUNDS, box, strict=False))   # the new bounds win over the tile's old ones
    return out


def has_bounds(tile: dict) -> bool:
    get = tile.get
    return get("minX") is not None and get("minY") is not None and get("maxX") is not None \
        and get("maxY") is not None


def reject_null_members(spec: dict) -> None:
    """400 for a ``null`` inside a ``specList`` (or a ``null`` interpolated ``a``/``b``).

    Jackson keeps such nulls and render-ws fails later with a NullPointerException when the tile is
    rendered or its bounds derived; the emulator refuses them up front (README, Known differences)."""
    kind = spec.get("type")
    if kind == "list":
        for member in spec["specList"]:
            if member is None:
                raise BadRequest("render-ws emulator: a specList may not contain null transform specs")
            if member.get("type") in ("list", "interpolated"):
                reject_null_members(member)
    elif kind == "interpolated":
        for member in (spec.get("a"), spec.get("b")):
            if member is not None:
                reject_null_members(member)


def parse_resolved_tiles(value: Any) -> tuple[dict[str, dict], list[dict]] | None:
    """A ResolvedTileSpecCollection body: (shared transforms by map key, tiles in request order);
    None for an absent body."""
    if value is None:
        return None
    expect_object(value, model.RESOLVED_TILE_SPEC_COLLECTION_TYPE)
    raw_transforms = value.get("transformIdToSpecMap")
    raw_transforms = {} if raw_transforms is None else raw_transforms
    expect_object(raw_transforms, model.TRANSFORM_ID_TO_SPEC_MAP_TYPE)
    shared = {}
    for key, spec in raw_transforms.items():
        parsed = parse_transform_spec(spec)
        if parsed is not None:
            reject_null_members(parsed)
            shared[key] = parsed
    raw_tiles = value.get("tileIdToSpecMap")
    raw_tiles = {} if raw_tiles is None else raw_tiles
    expect_object(raw_tiles, model.TILE_ID_TO_SPEC_MAP_TYPE)
    tiles = [parse_tile_spec(tile) for tile in raw_tiles.values() if tile is not None]
    return shared, tiles


def tile_bounds(tile: dict) -> dict:
    """TileBounds JSON: the Bounds fields Jackson writes first (minX, minY, maxX, maxY; TileBounds passes
    null as minZ/maxZ to Bounds, render-app TileBounds.java:29), then tileId, sectionId, z; nulls omitted
    (JsonUtils.java:42, NON_NULL)."""
    out = {"minX": tile.get("minX"), "minY": tile.get("minY"), "maxX": tile.get("maxX"),
           "maxY": tile.get("maxY"), "tileId": tile.get("tileId"),
           "sectionId": (tile.get("layout") or {}).get("sectionId"), "z": tile.get("z")}
    return {k: v for k, v in out.items() if v is not None}
