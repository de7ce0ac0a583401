"""TileSpec and ResolvedTileSpecCollection JSON as render-ws reads and writes it (Jackson, TileSpec.java).

Stored tiles are kept in this normalised form, so every read answers render-ws's JSON: field order of
TileSpec, Double fields as floats, ``layout.sectionId`` as a string, ``mipmapLevels`` keyed by level
strings in numeric order, ``transforms`` always a list and ``meshCellSize`` always present.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterable
from typing import Any

from render_emulator.errors import BadRequest
from render_emulator.model import expect_array, expect_object, messages
from render_emulator.model import tile_spec as model
from render_emulator.model.scalars import java_double, java_int32, java_string
from render_emulator.services.transform_specs import LEAF, LIST, parse_transform_list, parse_transform_spec
from renderapi._java import INT_MAX, INT_MIN

DEFAULT_MESH_CELL_SIZE = 64.0
TILE_TYPE = model.TILE_SPEC_TYPE

_LAYOUT_FIELDS = model.LAYOUT_DATA.readers()
_IMAGE_AND_MASK_FIELDS = model.IMAGE_AND_MASK.readers()
# id of a bean's field table -> {field name: (position, converter, the type it keeps as it is)} (ids:
# hashing the tables costs more); a String field keeps a str without a call to java_string
_FIELD_ORDER = {id(fields): {name: (position, convert, str if convert is java_string else None)
                             for position, (name, convert) in enumerate(fields)}
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
        # few fields sent: walk those, not every field of the bean; on a refusal the loop below names the
        # first bad field in field order, as always
        with contextlib.suppress(BadRequest):
            return _bean_of_sent_fields(value, fields)
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
            position, convert, kept_type = known
            converted = item if type(item) is kept_type else convert(item)
            if converted is not None:
                picked.append((position, name, converted))
    if len(picked) > 1:
        picked.sort()
    return {name: converted for _, name, converted in picked}


def _mipmap_levels(value: Any) -> dict:
    if value is None:
        return {}
    expect_object(value, model.MIPMAP_LEVELS_TYPE)
    if len(value) == 1 and "0" in value:   # the usual single full-scale level: nothing to convert or sort
        entry = _bean(value["0"], model.IMAGE_AND_MASK.java_type, _IMAGE_AND_MASK_FIELDS)
        return {} if entry is None else {"0": entry}
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


# ---------------------------------------------------------------------------- the usual tile, in one pass
# Bodies of many thousand tiles mostly hold tiles with these fields, already of the types render-ws's beans
# hold (or integral numbers in Double fields, as render-python writes z, width, height and intensities).
# ``_usual_tile`` answers parse_tile_spec's very dict for them in one pass with no conversion calls
# (100k tiles: ~0.4 s less than the general path); any other tile, value or type, including every one
# that is refused, goes the general way, which alone decides errors and their order.
_TILE_NUMBERS = model.DOUBLE_FIELDS
_USUAL_TILE_KEYS = frozenset(("tileId", "layout", "groupId", *_TILE_NUMBERS, "mipmapLevels", "transforms",
                              "meshCellSize"))
_PYTHON_TYPES = {java_string: str, java_int32: int, java_double: float}
# integral numbers a Double field takes here: float() of them is exact, as java_double's (and Jackson's
# long-to-double) value; larger ones go the general way
_EXACT_DOUBLE_INT = 2**53
# id of a bean's field table -> {field name: (position, the Python type its value must already have)};
# fields of other types (the LoaderType enums) are not usual: a bean sending one goes the general way
_USUAL_FIELDS = {id(fields): {name: (position, _PYTHON_TYPES.get(convert))
                              for position, (name, convert) in enumerate(fields)}
                 for fields in (_LAYOUT_FIELDS, _IMAGE_AND_MASK_FIELDS)}


def _usual_bean(value: Any, fields) -> dict | None:
    """``_bean``'s answer for a bean whose sent fields are in field order with values of their types
    (finite doubles, ints in Java's int range: the Integer fields); None otherwise."""
    if type(value) is not dict:
        return None
    usual = _USUAL_FIELDS[id(fields)]
    out = {}
    last = -1
    for name, item in value.items():
        known = usual.get(name)
        if known is None or item is None:
            continue   # unknown fields are ignored, nulls omitted, as _bean does
        position, kind = known
        if position < last:
            return None
        if type(item) is not kind:
            if kind is not float or type(item) is not int \
                    or not -_EXACT_DOUBLE_INT <= item <= _EXACT_DOUBLE_INT:
                return None
            item = float(item)
        elif kind is int and not INT_MIN <= item <= INT_MAX or kind is float and not math.isfinite(item):
            return None
        last = position
        out[name] = item
    return out


def _usual_transforms(value: Any) -> dict | None:
    """parse_transform_list's answer for a list of leaves with only className and dataString (strings);
    None otherwise."""
    if value is None:
        return {"type": LIST, "specList": []}
    if type(value) is not dict or len(value) != 2 or value.get("type") != LIST:
        return None
    members = value.get("specList")
    if type(members) is not list:
        return None
    specs = []
    for member in members:
        if type(member) is not dict:
            return None
        class_name, data = member.get("className"), member.get("dataString")
        if type(class_name) is not str or type(data) is not str \
                or not (len(member) == 2 or len(member) == 3 and member.get("type") == LEAF):
            return None
        specs.append({"type": LEAF, "className": class_name, "dataString": data})
    return {"type": LIST, "specList": specs}


def _usual_tile(value: Any, bound_slots: bool) -> dict | None:
    """parse_tile_spec's answer for the usual tile (see above); None for any other."""
    if type(value) is not dict or not value.keys() <= _USUAL_TILE_KEYS:
        return None
    get = value.get
    tile: dict[str, Any] = {}
    tile_id, layout, group_id = get("tileId"), get("layout"), get("groupId")
    if tile_id is not None:
        if type(tile_id) is not str:
            return None
        tile["tileId"] = tile_id
    if layout is not None:
        layout = _usual_bean(layout, _LAYOUT_FIELDS)
        if layout is None:
            return None
        tile["layout"] = layout
    if group_id is not None:
        if type(group_id) is not str:
            return None
        tile["groupId"] = group_id
    for name in _TILE_NUMBERS:
        item = get(name)
        if type(item) is float and math.isfinite(item):
            tile[name] = item
        elif type(item) is int and -_EXACT_DOUBLE_INT <= item <= _EXACT_DOUBLE_INT:
            tile[name] = float(item)
        elif item is not None:
            return None
        elif bound_slots and name in _BOUND_KEYS:
            tile[name] = None
    levels = get("mipmapLevels")
    if levels is None or levels == {}:
        tile["mipmapLevels"] = {}
    elif type(levels) is dict and len(levels) == 1 and "0" in levels:
        entry = _usual_bean(levels["0"], _IMAGE_AND_MASK_FIELDS)
        if entry is None:
            return None
        tile["mipmapLevels"] = {"0": entry}
    else:
        return None
    transforms = _usual_transforms(get("transforms"))
    if transforms is None:
        return None
    tile["transforms"] = transforms
    cell = get("meshCellSize")
    if cell is None:
        cell = DEFAULT_MESH_CELL_SIZE
    elif type(cell) is int and -_EXACT_DOUBLE_INT <= cell <= _EXACT_DOUBLE_INT:
        cell = float(cell)
    elif type(cell) is not float or not math.isfinite(cell):
        return None
    tile["meshCellSize"] = cell
    return tile


def parse_tile_spec(value: Any, bound_slots: bool = False) -> dict:
    """One TileSpec as render-ws would store and answer it (400 on Jackson type mismatches).

    ``bound_slots``: bounds not sent are set to ``None`` in their place, for bounds derived next (see
    :func:`with_bounds`); such a tile must not be stored or answered before they are set."""
    usual = _usual_tile(value, bound_slots)
    if usual is not None:
        return usual
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
        elif bound_slots and name in _BOUND_KEYS:
            tile[name] = None
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


def set_parsed_bounds(tiles: Iterable[dict], boxes: Iterable[tuple[float, ...]]) -> list[dict]:
    """:func:`with_bounds` of each tile and its box, for tiles :func:`parse_tile_spec` made for the caller
    alone, which writes the bounds it has (sent, or slots) in their TileSpec place: with all four there,
    they are set in the tile itself (no copy, and no old copy to free: 100k tiles ~0.1 s less); otherwise
    a copy as with_bounds. One loop for all tiles (no call per tile)."""
    bounded = []
    for tile, box in zip(tiles, boxes, strict=True):
        if "minX" in tile and "minY" in tile and "maxX" in tile and "maxY" in tile:
            tile["minX"], tile["minY"], tile["maxX"], tile["maxY"] = box
            bounded.append(tile)
        else:
            bounded.append(with_bounds(tile, box))
    return bounded


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


def parse_resolved_tiles(value: Any, bound_slots: bool = False) -> tuple[dict[str, dict], list[dict]] | None:
    """A ResolvedTileSpecCollection body: (shared transforms by map key, tiles in request order);
    None for an absent body. ``bound_slots``: see :func:`parse_tile_spec` (for deriveData)."""
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
    tiles = [parse_tile_spec(tile, bound_slots) for tile in raw_tiles.values() if tile is not None]
    return shared, tiles


def tile_bounds(tile: dict) -> dict:
    """TileBounds JSON: the Bounds fields Jackson writes first (minX, minY, maxX, maxY; TileBounds passes
    null as minZ/maxZ to Bounds, render-app TileBounds.java:29), then tileId, sectionId, z; nulls omitted
    (JsonUtils.java:42, NON_NULL)."""
    out = {"minX": tile.get("minX"), "minY": tile.get("minY"), "maxX": tile.get("maxX"),
           "maxY": tile.get("maxY"), "tileId": tile.get("tileId"),
           "sectionId": (tile.get("layout") or {}).get("sectionId"), "z": tile.get("z")}
    return {k: v for k, v in out.items() if v is not None}
