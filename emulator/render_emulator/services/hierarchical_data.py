"""render-ws HierarchicalDataService (beyond hierarchicalData itself, which lives in stack_meta): tier data
removal, tier layers without matches, and a layer's tiles clustered by their point matches."""

from __future__ import annotations

import json
from collections.abc import Iterable

from render_emulator.errors import BadRequest, NotFound, ServerError
from render_emulator.services import match
from render_emulator.services.render_data import get_tile_bounds_for_z
from render_emulator.services.stack_lookup import (
    find_metadata,
    require_not_read_only,
    stack_key,
    stack_missing,
    stack_text,
)
from render_emulator.services.stack_meta import drop_stack_data, list_stack_metadata
from render_emulator.services.transform_specs import java_parse_double
from render_emulator.store import RenderStore, StackId
from renderapi._java import (
    java_hash_order,
    java_objects_hash,
    java_string_hash,
)

GROUP_ID_FIELDS = ("pGroupId", "qGroupId")


def _hierarchical_part(data: dict, name: str, field: str) -> str:
    """``hierarchicalData.get<Name>().get<Field>()`` (a missing part is Java's NullPointerException)."""
    part = data.get(name) or {}
    value = part.get(field)
    if value is None:
        raise ServerError(f"hierarchical data has no {name}.{field}")
    return value


# ============================================================================ tier data
def delete_tier_data(store: RenderStore, owner: str, project: str) -> str:
    """DELETE tierData: every split stack of the project with hierarchical data, their align stacks (when
    they exist in the project) and their match collections; a READ_ONLY split stack refuses (500)
    before anything is removed. Answers render-ws's summary text."""
    with store.transaction():
        metas = list_stack_metadata(store, owner, project)
        existing = {m["stackId"]["stack"] for m in metas}
        tier_stacks: list[str] = []
        align_stacks: list[str] = []
        collections: list[str] = []
        for meta in metas:
            data = meta.get("hierarchicalData")
            if data is None:
                continue
            require_not_read_only(meta)
            tier_stacks.append(meta["stackId"]["stack"])
            align_stacks.append(_hierarchical_part(data, "alignedStackId", "stack"))
            collections.append(_hierarchical_part(data, "matchCollectionId", "name"))
        tier_stacks.extend(name for name in align_stacks if name in existing)

        removed_collections = 0
        for name in collections:
            try:
                match.delete_collection(store, match.make_collection_id(owner, name))
                removed_collections += 1
            except NotFound:
                pass  # render-ws skips collections that do not exist
        for name in reversed(tier_stacks):
            _remove_stack(store, StackId(owner, project, name))
    return (f"removed {len(tier_stacks)} stacks and {removed_collections} match collections for project "
            f"'{project}' owned by '{owner}'")


def _remove_stack(store: RenderStore, stack_id: StackId) -> None:
    """RenderDao.removeStack(stackId, includeMetaData=true): no state check."""
    drop_stack_data(store, stack_id)
    store.stack_meta_collection().delete([stack_key(stack_id)])


# ============================================================================ missing tier match layers
def _layers_without_matches(store: RenderStore, stack_id: StackId, meta: dict | None) -> list[float]:
    if meta is None:
        raise stack_missing(stack_id)
    data = meta.get("hierarchicalData")
    if data is None:
        raise BadRequest(f"{stack_text(stack_id)} does not have hierarchical data")
    collection_id = match.make_collection_id(_hierarchical_part(data, "matchCollectionId", "owner"),
                                             _hierarchical_part(data, "matchCollectionId", "name"))
    group_ids = match.distinct_group_ids(store, collection_id, GROUP_ID_FIELDS)
    with_matches = {java_parse_double(g) for g in group_ids}
    return [z for z in store.get_z_values(stack_id) if z not in with_matches]


def get_layers_with_missing_matches(store: RenderStore, stack_id: StackId) -> list[float]:
    """GET {stack}/missingTierMatchLayers: the tier stack's z values that are no group id of its match
    collection (404 stack or collection missing, 400 without hierarchical data or for a non-numeric
    group id)."""
    with store.transaction():
        return _layers_without_matches(store, stack_id, find_metadata(store, stack_id))


def get_stacks_with_missing_matches(store: RenderStore, owner: str, project: str) -> list[dict]:
    """GET project/{p}/missingTierMatchLayers: StackWithZValues of each tier stack with saved match pairs
    whose layers are not all matched."""
    with store.transaction():
        found = []
        for meta in list_stack_metadata(store, owner, project):
            data = meta.get("hierarchicalData")
            if data is None or not (data.get("savedMatchPairCount") or 0) > 0:
                continue
            stack_id = StackId(owner, project, meta["stackId"]["stack"])
            missing = _layers_without_matches(store, stack_id, meta)
            if missing:
                found.append({"stackId": dict(meta["stackId"]), "zValues": missing})
        return found


# ============================================================================ clustered tile bounds
def _pairs(store: RenderStore, collection_id: match.MatchCollectionId,
           select: match.Selection) -> list[dict]:
    return json.loads(match.read_pairs(store, collection_id, select, exclude_details=True))


def _canvas_hash(canvas: tuple[str, str]) -> int:
    """CanvasId.hashCode: ``Objects.hash(id, groupId, relativePosition)`` with no relative position."""
    group_id, tile_id = canvas
    return java_objects_hash(java_string_hash(tile_id), java_string_hash(group_id), 0)


def _connected_from(start: tuple[str, str], neighbours: dict[tuple[str, str], list[tuple[str, str]]],
                    unvisited: dict) -> list[tuple[str, str]]:
    """addConnectedCanvases' visiting order (depth first, each canvas's neighbours in HashSet order),
    without recursion; visited canvases are removed from ``unvisited``."""
    found = [start]
    unvisited.pop(start)
    stack = [iter(java_hash_order(neighbours[start], _canvas_hash))]
    while stack:
        canvas = next(stack[-1], None)
        if canvas is None:
            stack.pop()
        elif canvas in unvisited:
            unvisited.pop(canvas)
            found.append(canvas)
            stack.append(iter(java_hash_order(neighbours[canvas], _canvas_hash)))
    return found


def connected_clusters(pairs: Iterable[dict]) -> list[list[str]]:
    """SortedConnectedCanvasIdClusters.getSortedConnectedTileIdSets: tile ids connected through the pairs,
    smallest cluster first, clusters and their members in the order Java's HashMap/HashSet yield them."""
    neighbours: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for pair in pairs:
        p_canvas, q_canvas = (pair["pGroupId"], pair["pId"]), (pair["qGroupId"], pair["qId"])
        neighbours.setdefault(p_canvas, []).append(q_canvas)
        neighbours.setdefault(q_canvas, []).append(p_canvas)
    unvisited = dict.fromkeys(java_hash_order(neighbours, _canvas_hash))
    clusters = []
    while unvisited:
        visited = _connected_from(next(iter(unvisited)), neighbours, unvisited)
        canvases = java_hash_order(visited, _canvas_hash)
        tile_ids = java_hash_order((tile_id for _, tile_id in canvases), java_string_hash,
                                   initial_capacity=len(canvases))
        clusters.append(tile_ids)
    return sorted(clusters, key=len)


def get_clustered_tile_bounds(store: RenderStore, stack_id: StackId, z: float,
                              collection_id: match.MatchCollectionId) -> list[list[dict]]:
    """GET z/{z}/clusteredTileBoundsForCollection/{c}: the layer's tile bounds grouped into clusters
    connected by the collection's matches (pairs within and between the layer's sections with both
    tiles in the layer); tiles without such matches and tiles without a sectionId are left out."""
    with store.transaction():
        bounds_by_id = {b["tileId"]: b for b in get_tile_bounds_for_z(store, stack_id, z)
                        if b.get("sectionId") is not None}
        section_ids = sorted({b["sectionId"] for b in bounds_by_id.values()})
        pairs: list[dict] = []
        for i, p_group in enumerate(section_ids):
            pairs.extend(_pairs(store, collection_id, match.within_group(p_group)))
            if len(section_ids) > 1:
                for q_group in section_ids[i + 1:]:
                    pairs.extend(_pairs(store, collection_id, match.between_groups(p_group, q_group)))
        in_layer = [p for p in pairs if p["pId"] in bounds_by_id and p["qId"] in bounds_by_id]
        return [[bounds_by_id[tile_id] for tile_id in cluster] for cluster in connected_clusters(in_layer)]
