"""Tile queries shared by the tile-reading services (RenderDao's read helpers).

Every list is sorted by tileId, as render-ws's queries are. Tiles come from the store's exact-match
indexes (z, layout.sectionId, groupId), never from a collection scan on the hot paths.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from render_emulator.errors import BadRequest
from render_emulator.jsonio import dumps
from render_emulator.services.stack_lookup import stack_text
from render_emulator.services.transform_specs import flatten, reachable_shared, resolve_for_read
from render_emulator.store import RenderStore, StackId
from renderapi._java import java_number_text

# RenderDao stops reading when a query reaches its 50,002nd tile (``count > 50000`` before each read)
MAX_TILES_PER_QUERY = 50_001


def by_tile_id(tiles: Iterable[dict]) -> list[dict]:
    return sorted(tiles, key=lambda t: t["tileId"])


def tiles_at_z(store: RenderStore, stack_id: StackId, z: float) -> list[dict]:
    """Stored tiles whose z equals ``z`` exactly, by tileId."""
    return by_tile_id(store.tile_collection(stack_id).find_eq("z", z))


def z_values(store: RenderStore, stack_id: StackId, min_z: float | None = None,
             max_z: float | None = None) -> list[float]:
    """Distinct tile z values within the inclusive range, ascending."""
    values = sorted(float(v) for v in store.tile_collection(stack_id).index_values("z")
                    if isinstance(v, (int, float)) and not isinstance(v, bool))
    return [z for z in values if (min_z is None or z >= min_z) and (max_z is None or z <= max_z)]


def tiles_in_z_range(store: RenderStore, stack_id: StackId, min_z: float | None,
                     max_z: float | None) -> list[dict]:
    """Tiles with ``minZ <= z <= maxZ`` (``minZ == maxZ`` means exactly that z), unsorted."""
    tiles = store.tile_collection(stack_id)
    if min_z is None and max_z is None:
        return list(tiles.all())
    if min_z is not None and min_z == max_z:
        return list(tiles.find_eq("z", min_z))
    found: list[dict] = []
    for z in z_values(store, stack_id, min_z, max_z):
        found.extend(tiles.find_eq("z", z))
    return found


def in_box(tile: dict, min_x: float | None, max_x: float | None, min_y: float | None,
           max_y: float | None) -> bool:
    """render-ws's box filter: closed-interval intersection of the tile's bounding box with the box
    edges given (a tile lacking a bound never matches a filter on it)."""
    def ge(name: str, value: float | None) -> bool:
        return value is None or (tile.get(name) is not None and tile[name] >= value)

    def le(name: str, value: float | None) -> bool:
        return value is None or (tile.get(name) is not None and tile[name] <= value)

    return ge("maxX", min_x) and le("minX", max_x) and ge("maxY", min_y) and le("minY", max_y)


def tiles_in_box(store: RenderStore, stack_id: StackId, z: float, x: float, y: float, width: float,
                 height: float, group_id: str | None = None) -> list[dict]:
    """Tiles at ``z`` (and ``groupId``) whose bounds intersect the box, by tileId (50,001 at most)."""
    tiles = [t for t in store.tile_collection(stack_id).find_eq("z", z)
             if in_box(t, x, x + width, y, y + height)
             and (group_id is None or t.get("groupId") == group_id)]
    if len(tiles) > MAX_TILES_PER_QUERY:
        query = [("z", z), ("minX", [("$lte", x + width)]), ("minY", [("$lte", y + height)]),
                 ("maxX", [("$gte", x)]), ("maxY", [("$gte", y)])]
        if group_id is not None:
            query.append(("groupId", group_id))
        guard_query_size(len(tiles), query)
    return by_tile_id(tiles)


def document_text(fields: list[tuple[str, Any]]) -> str:
    """A MongoDB query as ``org.bson.Document.toString()`` prints it (``Document{{z=3407.0}}``)."""
    def value_text(value: Any) -> str:
        if isinstance(value, list):
            return document_text(value)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return java_number_text(float(value))   # every number in these queries is a Java double
        return str(value)

    return "Document{{" + ", ".join(f"{key}={value_text(value)}" for key, value in fields) + "}}"


def guard_query_size(count: int, query: list[tuple[str, Any]]) -> None:
    """RenderDao's 50,000-tile guard (400): the query stops when it reaches a 50,002nd tile."""
    if count > MAX_TILES_PER_QUERY:
        raise BadRequest(f"query too broad, over {MAX_TILES_PER_QUERY} tiles match {document_text(query)}")


def shared_transforms_for(store: RenderStore, stack_id: StackId, tiles: Iterable[dict]) -> dict[str, dict]:
    """Every stored shared transform the tiles reference, transitively."""
    collection = store.transform_collection(stack_id)

    def fetch(ids: list[str]) -> dict[str, dict]:
        return {i: spec for i in ids if (spec := collection.get(i)) is not None}

    return reachable_shared(tiles, fetch)


def resolved_flat_tiles(store: RenderStore, stack_id: StackId, tiles: list[dict]) -> list[dict]:
    """Copies of ``tiles`` with references resolved and transform lists flattened (tile-specs,
    render-parameters), in the given order."""
    shared = shared_transforms_for(store, stack_id, tiles)
    out = []
    for tile in tiles:
        transforms = tile.get("transforms")
        flat = flatten(resolve_for_read(tile, shared))
        out.append(tile if flat is transforms else {**tile, "transforms": flat})
    return out


def encode_with_tile_texts(store: RenderStore, stack_id: StackId, value: Any) -> str:
    """Compact JSON of ``value`` (as ``json_response`` writes it) in which stored tile documents found at
    most two containers deep (tile lists, ``tileIdToSpecMap``, RenderParameters ``tileSpecs``) are taken
    from the tile collection's remembered texts instead of being encoded again."""
    tiles = store.tile_collection(stack_id)
    parts: list[str] = []

    def encode(item: Any, depth: int) -> None:
        if isinstance(item, dict) and "tileId" in item and tiles.is_stored(item):
            parts.append(tiles.json_text(item))
        elif depth < 2 and isinstance(item, dict):
            parts.append("{")
            for index, (key, member) in enumerate(item.items()):
                parts.append(("," if index else "") + json.dumps(key) + ":")
                encode(member, depth + 1)
            parts.append("}")
        elif depth < 2 and isinstance(item, list):
            parts.append("[")
            for index, member in enumerate(item):
                if index:
                    parts.append(",")
                encode(member, depth + 1)
            parts.append("]")
        else:
            parts.append(dumps(item))

    encode(value, 0)
    return "".join(parts)


def no_tiles_at_z(stack_id: StackId, z: float) -> BadRequest:
    """RenderDao.getLayerBounds' refusal for an empty layer."""
    return BadRequest(f"stack {stack_id.stack} does not contain any tiles with a z value of "
                      f"{java_number_text(z)}")


def no_tiles_found(stack_id: StackId, suffix: str = "") -> str:
    return f"no tile specifications found in {stack_text(stack_id)}{suffix}"
