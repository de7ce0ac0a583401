"""RenderDao's tile queries over one stack's tile collection (render-ws RenderDao.java).

Every list the DAO sorts comes back by tileId (``orderBy tileId``, RenderDao.java:1849). Tiles come from
the collection's exact-match indexes (z, layout.sectionId, groupId), never from a scan on hot paths.
Query texts for messages are written as ``org.bson.Document.toString()`` prints them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from render_emulator.errors import BadRequest
from render_emulator.store.indexed import IndexedCollection
from renderapi._java import java_number_text

# RenderDao stops reading when a query reaches its 50,002nd tile (``count > 50000`` before each read,
# RenderDao.java:1856)
MAX_TILES_PER_QUERY = 50_001

Query = list[tuple[str, Any]]


def by_tile_id(tiles: Iterable[dict]) -> list[dict]:
    """Tiles sorted by tileId, as the DAO's queries order them."""
    return sorted(tiles, key=lambda t: t["tileId"])


def get_z_values(tiles: IndexedCollection, min_z: float | None = None,
                 max_z: float | None = None) -> list[float]:
    """RenderDao.getZValues: distinct tile z values within the inclusive range, ascending."""
    values = sorted(float(v) for v in tiles.index_values("z")
                    if isinstance(v, (int, float)) and not isinstance(v, bool))
    return [z for z in values if (min_z is None or z >= min_z) and (max_z is None or z <= max_z)]


def get_tile_specs_for_z(tiles: IndexedCollection, z: float) -> list[dict]:
    """RenderDao.getTileSpecs for one z (RenderDao.java:453): tiles whose z equals ``z``, by tileId."""
    return by_tile_id(tiles.find_eq("z", z))


def get_tile_specs_for_tile_bounds(tiles: IndexedCollection, field: str, value: Any) -> list[dict]:
    """The tiles RenderDao.getTileBounds reads (RenderDao.java:1724-1770) for ``{z}`` or
    ``{layout.sectionId}``: a find() without sort(), so in record order (the order of the scanned index
    for equal keys)."""
    return tiles.in_record_order(tiles.find_eq(field, value))


def remove_tiles_with(tiles: IndexedCollection, field: str, value: Any) -> int:
    """RenderDao.removeTilesWithZ / removeTilesWithSectionId (RenderDao.java:1285-1300): delete every tile
    whose ``field`` equals ``value``; how many were deleted."""
    return tiles.delete([t["tileId"] for t in tiles.find_eq(field, value)])


def update_z_for_section(tiles: IndexedCollection, section_id: str, z: float) -> None:
    """RenderDao.updateZForSection (RenderDao.java:768): set z on every tile of the section."""
    tiles.set_field([t["tileId"] for t in tiles.find_eq("layout.sectionId", section_id)], "z", z)


def get_tile_specs_with_ids(tiles: IndexedCollection, tile_ids: Iterable[str]) -> list[dict]:
    """RenderDao.getTileSpecs for a tileId list (RenderDao.java:306): the stored ones, by tileId."""
    return by_tile_id(t for i in dict.fromkeys(tile_ids) if (t := tiles.get(i)) is not None)


def get_tile_specs_in_z_range(tiles: IndexedCollection, min_z: float | None,
                              max_z: float | None) -> list[dict]:
    """Tiles with ``minZ <= z <= maxZ`` (``minZ == maxZ`` means exactly that z), unsorted."""
    if min_z is None and max_z is None:
        return list(tiles.all())
    if min_z is not None and min_z == max_z:
        return list(tiles.find_eq("z", min_z))
    found: list[dict] = []
    for z in get_z_values(tiles, min_z, max_z):
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


def get_tile_specs_in_box(tiles: IndexedCollection, z: float, x: float, y: float, width: float,
                          height: float, group_id: str | None = None) -> list[dict]:
    """RenderDao.getIntersectsBoxQuery (RenderDao.java:1887): tiles at ``z`` (and ``groupId``) whose
    bounds intersect the box, by tileId (50,001 at most)."""
    found = [t for t in tiles.find_eq("z", z)
             if in_box(t, x, x + width, y, y + height)
             and (group_id is None or t.get("groupId") == group_id)]
    if len(found) > MAX_TILES_PER_QUERY:
        query: Query = [("z", z), ("minX", [("$lte", x + width)]), ("minY", [("$lte", y + height)]),
                        ("maxX", [("$gte", x)]), ("maxY", [("$gte", y)])]
        if group_id is not None:
            query.append(("groupId", group_id))
        guard_query_size(len(found), query)
    return by_tile_id(found)


def get_group_query(min_z: float | None, max_z: float | None, group_id: str | None, min_x: float | None,
                    max_x: float | None, min_y: float | None, max_y: float | None) -> Query:
    """RenderDao.getGroupQuery (RenderDao.java:1910), as field/value pairs (for messages)."""
    query: Query = []
    if min_z is not None and min_z == max_z:
        query.append(("z", min_z))
    elif min_z is not None or max_z is not None:
        query.append(("z", [(op, v) for op, v in (("$gte", min_z), ("$lte", max_z)) if v is not None]))
    if group_id is not None:
        query.append(("groupId", group_id))
    for field, op, value in (("maxX", "$gte", min_x), ("minX", "$lte", max_x), ("maxY", "$gte", min_y),
                             ("minY", "$lte", max_y)):
        if value is not None:
            query.append((field, [(op, value)]))
    return query


def get_group_tile_specs(tiles: IndexedCollection, min_z: float | None, max_z: float | None,
                         group_id: str | None, min_x: float | None, max_x: float | None,
                         min_y: float | None, max_y: float | None) -> list[dict]:
    """The tiles RenderDao.getResolvedTiles' group query matches (RenderDao.java:511-523), unsorted."""
    if group_id is not None and min_z is None and max_z is None:
        candidates = tiles.find_eq("groupId", group_id)
    else:
        candidates = get_tile_specs_in_z_range(tiles, min_z, max_z)
    return [t for t in candidates
            if (group_id is None or t.get("groupId") == group_id) and in_box(t, min_x, max_x, min_y, max_y)]


def document_text(fields: Query) -> str:
    """A MongoDB query as ``org.bson.Document.toString()`` prints it (``Document{{z=3407.0}}``)."""
    def value_text(value: Any) -> str:
        if isinstance(value, list):
            return document_text(value)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return java_number_text(float(value))   # every number in these queries is a Java double
        return str(value)

    return "Document{{" + ", ".join(f"{key}={value_text(value)}" for key, value in fields) + "}}"


def guard_query_size(count: int, query: Query) -> None:
    """RenderDao's 50,000-tile guard (400): the query stops when it reaches a 50,002nd tile."""
    if count > MAX_TILES_PER_QUERY:
        raise BadRequest(f"query too broad, over {MAX_TILES_PER_QUERY} tiles match {document_text(query)}")
