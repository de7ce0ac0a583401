"""render-ws RenderDataService: tiles and shared transforms of a stack — resolvedTiles (save and read),
layers (z), sections, transforms, bounding-box queries, layer render-parameters and merge helpers
(layout files: :mod:`render_emulator.services.layout_file`)."""

from __future__ import annotations

import math
from typing import Any

from render_emulator.errors import BadRequest, NotFound, ServerError
from render_emulator.services import stack_meta
from render_emulator.services.bounding_box import derive_bounding_boxes
from render_emulator.services.render_parameters import RenderQuery, render_parameters
from render_emulator.services.stack_lookup import (
    LOADING,
    require_data,
    require_loading_for_tile_save,
    require_metadata,
    stack_text,
)
from render_emulator.services.stack_stats import derive_aggregates
from render_emulator.services.tile_json import has_bounds, set_parsed_bounds, tile_bounds
from render_emulator.services.tile_reads import (
    no_tiles_at_z,
    no_tiles_found,
    resolved_flat_tiles,
    shared_transforms_for,
)
from render_emulator.services.transform_specs import resolve_for_upload
from render_emulator.store import RenderStore, StackId
from render_emulator.store.tile_queries import by_tile_id, document_text, get_group_query, guard_query_size
from renderapi._java import int_cast, java_hash_map_copy_order, java_hash_set_order, java_number_text

NO_RESOLVED_TILES = "no resolved tiles provided"


# ============================================================================ z values and merges
def get_z_values(store: RenderStore, stack_id: StackId, min_z: float | None = None,
                 max_z: float | None = None) -> list[float]:
    """Distinct z values ascending; 404 only when none are found and the stack does not exist."""
    values = store.get_z_values(stack_id, min_z, max_z)
    if not values:
        require_metadata(store, stack_id)
    return values


def _is_non_integral(z: float) -> bool:
    return z - int(z) > 0  # Java: (z - z.intValue()) > 0


def get_mergeable_z_values(store: RenderStore, stack_id: StackId, min_z: float | None = None,
                           max_z: float | None = None) -> list[float]:
    """Integral z values followed by their non-integral siblings (insertion order, no duplicates)."""
    found: dict[float, None] = {}
    last_integral = -1.0
    for z in get_z_values(store, stack_id, min_z, max_z):
        if _is_non_integral(z):
            if int(z) == int(last_integral):
                found[last_integral] = None
                found[z] = None
        else:
            last_integral = z
    return list(found)


def get_mergeable_data(store: RenderStore, stack_id: StackId, min_z: float | None = None,
                       max_z: float | None = None) -> str:
    """``{integralIndex} < {index} : {integralZ} < {z}`` per mergeable non-integral z."""
    lines = []
    last_index, last_integral = -1, -1.0
    for index, z in enumerate(get_z_values(store, stack_id, min_z, max_z)):
        if _is_non_integral(z):
            if int(z) == int(last_integral):
                lines.append(f"{last_index} < {index} : {java_number_text(last_integral)} < "
                             f"{java_number_text(z)}\n")
        else:
            last_index, last_integral = index, z
    return "".join(lines)


def get_merged_z_values(store: RenderStore, stack_id: StackId, min_z: float | None = None,
                        max_z: float | None = None) -> list[float]:
    """z values shared by more than one sectionData element, ascending."""
    seen: set[float] = set()
    merged: set[float] = set()
    for section in stack_meta.get_section_data(store, stack_id, min_z, max_z):
        (merged if section["z"] in seen else seen).add(section["z"])
    return sorted(merged)


def get_reordered_section_data(store: RenderStore, stack_id: StackId, min_z: float | None = None,
                               max_z: float | None = None) -> list[dict]:
    """sectionData elements whose sectionId's integer part differs from z's."""
    reordered = []
    for section in stack_meta.get_section_data(store, stack_id, min_z, max_z):
        try:
            section_int = int(float(section["sectionId"]))
        except (ValueError, OverflowError):
            raise BadRequest(
                "reordered sections cannot be determined because stack contains non-standard sectionId ("
                f"{section['sectionId']}) or z value ({java_number_text(section['z'])})"
            ) from None
        if section_int != int(section["z"]):
            reordered.append(section)
    return reordered


# ============================================================================ layers and sections
def _bounds_of(tiles: list[dict], min_z: float | None, max_z: float | None) -> dict:
    def extreme(name: str, pick) -> float | None:
        values = [t[name] for t in tiles if t.get(name) is not None]
        return pick(values) if values else None

    bounds = {"minX": extreme("minX", min), "minY": extreme("minY", min), "minZ": min_z,
              "maxX": extreme("maxX", max), "maxY": extreme("maxY", max), "maxZ": max_z}
    return {k: v for k, v in bounds.items() if v is not None}


def get_layer_bounds(store: RenderStore, stack_id: StackId, z: float) -> dict:
    """Bounds of the tiles at ``z``; 404 without stack data, 400 for an empty layer."""
    tiles = store.tile_collection(stack_id).find_eq("z", z)
    bounds = _bounds_of(tiles, z, z)
    if "minX" not in bounds:   # render-ws looks for the smallest minX first
        require_data(store, stack_id)
        raise no_tiles_at_z(stack_id, z)
    return bounds


# RenderDao.getTileBounds (RenderDao.java:1724-1770) runs find() without sort(), so MongoDB answers in the
# order of the index it scans. Assumption: for {z} that is index B `z_1` (the first candidate and the
# shortest key, RenderDao.java:2192; the other z-prefixed indexes only exist after COMPLETE and tie with
# it), for {layout.sectionId} index H or, before COMPLETE, a collection scan (RenderDao.java:2206). Either
# way documents with equal keys come back in record order: the order tiles were first stored.
def get_tile_bounds_for_z(store: RenderStore, stack_id: StackId, z: float) -> list[dict]:
    """GET z/{z}/tileBounds: TileBounds of the tiles at ``z`` in record order."""
    tiles = store.get_tile_bounds_tiles_for_z(stack_id, z)
    if not tiles:
        require_data(store, stack_id)
    return [tile_bounds(t) for t in tiles]


def get_tile_bounds_for_section(store: RenderStore, stack_id: StackId, section_id: str) -> list[dict]:
    """GET section/{id}/tileBounds: TileBounds of the section's tiles in record order."""
    tiles = store.get_tile_bounds_tiles_for_section(stack_id, section_id)
    if not tiles:
        require_data(store, stack_id)
    return [tile_bounds(t) for t in tiles]


def get_layer_section_data(store: RenderStore, stack_id: StackId, z: float) -> list[dict]:
    """SectionData computed live from the tiles at ``z``."""
    tiles = store.tile_collection(stack_id).find_eq("z", z)
    if not tiles:
        require_data(store, stack_id)
        return []
    return derive_aggregates(tiles, 0).sections


def get_z_for_section(store: RenderStore, stack_id: StackId, section_id: str) -> float:
    tiles = store.tile_collection(stack_id).find_eq("layout.sectionId", section_id)
    if not tiles:
        require_data(store, stack_id)
        raise NotFound(f"sectionId '{section_id}' does not exist in the {stack_text(stack_id)}")
    return tiles[0]["z"]


def _require_loading_for_z_change(meta: dict) -> None:
    if meta["state"] != LOADING:
        raise ServerError(
            f"Z values can only be updated for stacks in the {LOADING} state, but this stack's state is "
            f"{meta['state']}."
        )


def update_z_for_section(store: RenderStore, stack_id: StackId, section_id: str, z: float | None) -> None:
    """PUT section/{id}/z: move every tile of the section to ``z`` (bounding boxes untouched)."""
    with store.transaction():
        _require_loading_for_z_change(require_metadata(store, stack_id))
        if z is None:
            raise BadRequest("z value must be specified")
        store.update_z_for_section(stack_id, section_id, z)


def update_z_for_tiles(store: RenderStore, stack_id: StackId, z: float, tile_ids: list[str] | None) -> None:
    """PUT z/{z}/tileIds: move the listed tiles to ``z``."""
    with store.transaction():
        _require_loading_for_z_change(require_metadata(store, stack_id))
        if tile_ids is None:
            raise BadRequest("tileIds value must be specified")
        store.tile_collection(stack_id).set_field(tile_ids, "z", z)


# ============================================================================ transforms
def get_transform(store: RenderStore, stack_id: StackId, transform_id: str) -> dict:
    spec = store.transform_collection(stack_id).get(transform_id)
    if spec is None:
        require_data(store, stack_id)
        raise NotFound(
            f"transform spec with id '{transform_id}' does not exist in the {stack_text(stack_id)}"
        )
    return spec


# ============================================================================ resolved tiles
def _resolved_tiles_json(store: RenderStore, stack_id: StackId, tiles: list[dict]) -> dict:
    """ResolvedTileSpecCollection JSON as render-ws writes it: both maps in Java HashMap order."""
    tiles = by_tile_id(tiles)   # the DAO's query sorts by tileId (RenderDao.java:1851)
    # keys in the DAO's fill order: each resolution pass reads its ids in index order (RenderDao.java:1785)
    shared = shared_transforms_for(store, stack_id, tiles)
    # RenderDao.java:240 collects them in a default HashMap, whose values fill the collection's
    # new HashMap<>(size * 2) maps (ResolvedTileSpecCollection.java:80-81); Jackson writes those in
    # iteration order
    transform_ids = java_hash_map_copy_order(shared, 2 * len(shared))
    tile_ids = java_hash_set_order((t["tileId"] for t in tiles), 2 * len(tiles))
    tiles_by_id = {t["tileId"]: t for t in tiles}
    return {
        "transformIdToSpecMap": {key: shared[key] for key in transform_ids},
        "tileIdToSpecMap": {key: tiles_by_id[key] for key in tile_ids},
    }


def get_resolved_tiles_for_z(store: RenderStore, stack_id: StackId, z: float) -> dict:
    tiles = store.tile_collection(stack_id).find_eq("z", z)
    if not tiles:
        require_data(store, stack_id)
        raise NotFound(no_tiles_found(stack_id, f" for z={java_number_text(z)}"))
    guard_query_size(len(tiles), [("z", z)])
    return _resolved_tiles_json(store, stack_id, tiles)


def get_resolved_tiles(store: RenderStore, stack_id: StackId, min_z: float | None = None,
                       max_z: float | None = None, group_id: str | None = None,
                       min_x: float | None = None, max_x: float | None = None,
                       min_y: float | None = None, max_y: float | None = None) -> dict:
    """GET resolvedTiles with render-ws's filters (minZ == maxZ means that exact z)."""
    tiles = store.get_group_tile_specs(stack_id, min_z, max_z, group_id, min_x, max_x, min_y, max_y)
    query = get_group_query(min_z, max_z, group_id, min_x, max_x, min_y, max_y)
    if not tiles:
        raise NotFound(no_tiles_found(stack_id, f" for {document_text(query)}"))
    guard_query_size(len(tiles), query)
    return _resolved_tiles_json(store, stack_id, tiles)


def save_resolved_tiles(store: RenderStore, stack_id: StackId, z: float | None,
                        resolved: tuple[dict[str, dict], list[dict]] | None, derive_data: bool) -> None:
    """PUT [z/{z}/]resolvedTiles: checks in render-ws's order; nothing is stored unless all pass."""
    if resolved is None:
        raise BadRequest(NO_RESOLVED_TILES)
    shared, tiles = resolved
    with store.transaction():
        require_loading_for_tile_save(require_metadata(store, stack_id))
        if derive_data:
            tiles = _with_derived_bounds(shared, tiles)
        _validate_collection(tiles, z)
        if not derive_data:
            for tile in tiles:  # the DAO resolves the tile list before it stores it
                resolve_for_upload(tile.get("tileId"), tile["transforms"], shared)
        store.transform_collection(stack_id).upsert([_with_id(spec, key) for key, spec in shared.items()])
        store.tile_collection(stack_id).upsert(tiles)


def _with_id(spec: dict, key: str) -> dict:
    """A shared transform is stored by its own ``id``; one sent without it is stored under its map key."""
    if spec.get("id") is not None:
        return spec
    return {"type": spec["type"], "id": key, **{k: v for k, v in spec.items() if k != "type"}}


def _with_derived_bounds(shared: dict[str, dict], tiles: list[dict]) -> list[dict]:
    resolved = []
    for tile in tiles:
        transforms = resolve_for_upload(tile.get("tileId"), tile["transforms"], shared)
        resolved.append(tile if transforms is tile["transforms"] else {**tile, "transforms": transforms})
    boxes = derive_bounding_boxes(resolved)
    return set_parsed_bounds(tiles, boxes)


def _same_double(a: float, b: float) -> bool:
    """``Double.compare(a, b) == 0``: NaN equals NaN, 0.0 differs from -0.0."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)


def _validate_collection(tiles: list[dict], z: float | None) -> None:
    """ResolvedTileSpecCollection.validateCollection (ResolvedTileSpecCollection.java:387-419), tiles in
    the request's order."""
    if not tiles:
        raise BadRequest("collection does not have any tiles (maybe they were removed by a prior validation "
                         "process)")
    for tile in tiles:
        tile_id = "null" if tile.get("tileId") is None else tile["tileId"]
        if not has_bounds(tile):
            raise BadRequest(
                f"tile with id '{tile_id}' is missing bounding box attributes (minX, minY, maxX, and/or maxY)"
            )
        actual = tile.get("z")
        if z is not None and (actual is None or not _same_double(z, actual)):
            actual_text = "null" if actual is None else java_number_text(actual)
            raise BadRequest(f"all tiles must have a z value of {java_number_text(z)} but tile with id "
                             f"'{tile_id}' has a z value of {actual_text}")


# ============================================================================ boxes, render-parameters
def get_box_tile_count(store: RenderStore, stack_id: StackId, z: float, x: float, y: float, width: int,
                       height: int) -> int:
    count = len(store.get_tile_specs_in_box(stack_id, z, x, y, width, height))
    if count == 0:
        require_data(store, stack_id)
    return count


def get_box_render_parameters(store: RenderStore, stack_id: StackId, z: float, x: float, y: float,
                              width: int, height: int, scale: float, query: RenderQuery,
                              group_id: str | None = None) -> dict:
    meta = require_metadata(store, stack_id)
    tiles = store.get_tile_specs_in_box(stack_id, z, x, y, width, height, group_id)
    specs = resolved_flat_tiles(store, stack_id, tiles)
    return render_parameters(x, y, width, height, scale, specs, query, meta.get("currentVersion"))


def get_layer_render_parameters(store: RenderStore, stack_id: StackId, z: float, query: RenderQuery) -> dict:
    meta = require_metadata(store, stack_id)
    bounds = get_layer_bounds(store, stack_id, z)
    specs = resolved_flat_tiles(store, stack_id, store.get_tile_specs_for_z(stack_id, z))
    # RenderDataService casts the layer's width and height with (int), which saturates in Java
    return render_parameters(bounds["minX"], bounds["minY"], int_cast(bounds["maxX"] - bounds["minX"]),
                             int_cast(bounds["maxY"] - bounds["minY"]), 1.0, specs, query,
                             meta.get("currentVersion"))


def get_layer_tile_specs(store: RenderStore, stack_id: StackId, z: float) -> list[dict]:
    """Resolved, flattened tile specs at ``z`` (via the layer render-parameters: 400 when empty)."""
    return get_layer_render_parameters(store, stack_id, z, RenderQuery())["tileSpecs"]


def get_last_tile_transforms(store: RenderStore, stack_id: StackId, z: float) -> list[dict]:
    out = []
    for tile in get_layer_tile_specs(store, stack_id, z):
        specs = tile["transforms"]["specList"]
        entry: dict[str, Any] = {"tileId": tile["tileId"]}
        if specs:
            entry["lastTransform"] = specs[-1]
        out.append(entry)
    return out
