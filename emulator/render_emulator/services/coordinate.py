"""render-ws CoordinateService: tile-local <-> world coordinates of stored tiles (RenderDao's point
queries, TileCoordinates answers) and of posted tile specs.

The point math of one tile (forward mapping, mesh inversion) is ``tile_mapping.TileMapping``; this module
finds the tiles, resolves them through the store and shapes render-ws's answers and errors.
Batches are computed per tile in numpy: all points of one tile are mapped or inverted at once.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from render_emulator.errors import BadRequest, RenderWsError, ServerError
from render_emulator.model import read
from render_emulator.model.coordinates import TILE_COORDINATES_LIST
from render_emulator.services.stack_lookup import make_stack_id
from render_emulator.services.tile_data import tile_missing
from render_emulator.services.tile_json import parse_tile_spec
from render_emulator.services.tile_mapping import MESH_CELLS_PER_STEP, TileMapping
from render_emulator.services.tile_reads import no_tiles_found, resolved_flat_tiles
from render_emulator.store import RenderStore, StackId
from render_emulator.store.tile_queries import MAX_TILES_PER_QUERY, guard_query_size
from renderapi._java import java_number_text


# ============================================================================ TileCoordinates JSON
def parse_coordinates_list(body: Any, list_name: str) -> list[dict | None]:
    """A ``List<TileCoordinates>`` request body; a missing body fails as render-ws's log line does
    (``list.size()`` on null, 500)."""
    if body is None:
        raise ServerError(f'Cannot invoke "java.util.List.size()" because "{list_name}" is null')
    return read(TILE_COORDINATES_LIST, body)


def _with_error(coordinates: dict | None, message: str) -> dict:
    """The input element with ``error`` set (an absent element becomes ``{"error": …}``)."""
    return {**(coordinates or {}), "error": message}


# ============================================================================ stored tiles
class StackTiles:
    """Tile look-ups of one stack for a request: stored tiles by id or z, each resolved once, with the
    error (if any) render-ws would raise when it loads that tile."""

    def __init__(self, store: RenderStore, stack_id: StackId):
        self.store = store
        self.stack_id = stack_id
        self._mappings: dict[str, TileMapping | RenderWsError] = {}
        self._layers: dict[float, tuple[list[dict], np.ndarray]] = {}

    def mapping(self, tile: dict) -> TileMapping:
        """The stored tile's mapping (its resolution error raised)."""
        tile_id = tile["tileId"]
        found = self._mappings.get(tile_id)
        if found is None:
            try:
                resolved = resolved_flat_tiles(self.store, self.stack_id, [tile])[0]
                found = TileMapping.of(tile, resolved)
            except RenderWsError as exc:
                found = exc
            self._mappings[tile_id] = found
        if isinstance(found, RenderWsError):
            raise found
        return found

    def by_id(self, tile_id: str) -> TileMapping:
        """RenderDao.getTileSpec(resolve=true): 404 when missing."""
        tile = self.store.tile_collection(self.stack_id).get(tile_id)
        if tile is None:
            raise tile_missing(self.stack_id, tile_id)
        return self.mapping(tile)

    def layer(self, z: float) -> tuple[list[dict], np.ndarray]:
        """Tiles at ``z`` by tileId and their bounds (M x 4: minX, minY, maxX, maxY; NaN if unset)."""
        if z not in self._layers:
            tiles = self.store.get_tile_specs_for_z(self.stack_id, z)
            bounds = np.array([[_bound(t, "minX"), _bound(t, "minY"), _bound(t, "maxX"), _bound(t, "maxY")]
                               for t in tiles], dtype=np.float64).reshape(len(tiles), 4)
            self._layers[z] = (tiles, bounds)
        return self._layers[z]

    def containing(self, z: float, points: np.ndarray) -> list[list[dict]]:
        """For each world point, the tiles at ``z`` whose bounding box contains it, by tileId."""
        tiles, bounds = self.layer(z)
        out: list[list[dict]] = []
        if not tiles:
            return [[] for _ in range(points.shape[0])]
        step = max(1, MESH_CELLS_PER_STEP // len(tiles))
        for start in range(0, points.shape[0], step):
            x = points[start:start + step, 0:1]
            y = points[start:start + step, 1:2]
            hits = ((bounds[:, 0] <= x) & (bounds[:, 2] >= x) & (bounds[:, 1] <= y) & (bounds[:, 3] >= y))
            out.extend([tiles[j] for j in np.nonzero(row)[0]] for row in hits)
        return out


def _bound(tile: dict, name: str) -> float:
    value = tile.get(name)
    return math.nan if value is None else float(value)


def _guard_point_query(count: int, z: float, x: float, y: float) -> None:
    if count > MAX_TILES_PER_QUERY:
        guard_query_size(count, [("z", z), ("minX", [("$lte", x)]), ("minY", [("$lte", y)]),
                                 ("maxX", [("$gte", x)]), ("maxY", [("$gte", y)])])


# ============================================================================ local -> world
def local_to_world(store: RenderStore, stack_id: StackId, tile_id: str, x: float, y: float) -> dict:
    """GET tile/{tileId}/local-to-world-coordinates/{x},{y}."""
    mapping = StackTiles(store, stack_id).by_id(tile_id)
    world = mapping.to_world(np.array([[x, y]]))[0]
    return {"tileId": mapping.tile_id, "world": mapping.with_z(world)}


def local_to_world_batch(store: RenderStore, stack_id: StackId, body: Any) -> list[dict]:
    """PUT [z/{z}/]local-to-world-coordinates: one answer per element, failures echo the element with
    ``error``."""
    elements = parse_coordinates_list(body, "localCoordinatesList")
    results: list[dict | None] = [None] * len(elements)
    by_tile: dict[str, list[int]] = {}
    for index, element in enumerate(elements):
        if element is None:
            results[index] = _with_error(None, "coordinates are missing")
        elif element.get("tileId") is None:
            results[index] = _with_error(element, "tileId is missing")
        elif element.get("local") is None:
            results[index] = _with_error(element, "local values are missing")
        elif len(element["local"]) < 2:
            results[index] = _with_error(element, "local values must include both x and y")
        else:
            by_tile.setdefault(element["tileId"], []).append(index)
    tiles = StackTiles(store, stack_id)
    for tile_id, indexes in by_tile.items():
        try:
            mapping = tiles.by_id(tile_id)
            points = np.array([elements[i]["local"][:2] for i in indexes], dtype=np.float64)
            world = mapping.to_world(points)
        except RenderWsError as exc:
            for i in indexes:
                results[i] = _with_error(elements[i], exc.message)
            continue
        for i, row in zip(indexes, world.tolist(), strict=True):
            results[i] = {"tileId": mapping.tile_id, "world": mapping.with_z(row)}
    return results  # type: ignore[return-value]


# ============================================================================ world -> local
def _not_invertible(x: float, y: float, tile_ids: list[str]) -> ServerError:
    return ServerError(f"world coordinate ({java_number_text(x)}, {java_number_text(y)}) found in tile id(s) "
                       f"[{', '.join(tile_ids)}] cannot be inverted")


def _no_tiles(stack_id: StackId, x: float, y: float, z: float) -> BadRequest:
    return BadRequest(no_tiles_found(stack_id, f" for world coordinates x={java_number_text(x)}, "
                                               f"y={java_number_text(y)}, z={java_number_text(z)}"))


def _locals_for_points(tiles: StackTiles, points: np.ndarray, zs: Sequence[float]
                       ) -> list[list[dict] | RenderWsError]:
    """TileCoordinates.getLocalCoordinates for each world point (at its z): the answers, or the error
    render-ws raises for that point. Each candidate tile inverts all its points in one numpy call."""
    count = points.shape[0]
    candidates: list[list[dict]] = [[] for _ in range(count)]
    by_z: dict[float, list[int]] = {}
    for index, z in enumerate(zs):
        by_z.setdefault(z, []).append(index)
    for z, indexes in by_z.items():
        for index, found in zip(indexes, tiles.containing(z, points[indexes]), strict=True):
            candidates[index] = found
    # per tile: the rows of the points it must invert
    rows_of: dict[str, list[int]] = {}
    tile_of: dict[str, dict] = {}
    for index, found in enumerate(candidates):
        for tile in found:
            rows_of.setdefault(tile["tileId"], []).append(index)
            tile_of[tile["tileId"]] = tile
    inverted: dict[str, Any] = {}
    for tile_id, rows in rows_of.items():
        try:
            mapping = tiles.mapping(tile_of[tile_id])
        except RenderWsError as exc:
            inverted[tile_id] = _Failure(exc, resolving=True)
            continue
        try:
            local, ok = mapping.to_local(points[rows])
        except RenderWsError as exc:
            inverted[tile_id] = _Failure(exc, resolving=False)
            continue
        inverted[tile_id] = (mapping, dict(zip(rows, zip(local.tolist(), ok.tolist(), strict=True),
                                               strict=True)))
    answers: list[list[dict] | RenderWsError] = []
    for index, found in enumerate(candidates):
        x, y = float(points[index, 0]), float(points[index, 1])
        try:
            answers.append(_point_answer(tiles.stack_id, found, inverted, index, x, y, zs[index]))
        except RenderWsError as exc:
            answers.append(exc)
    return answers


@dataclass(frozen=True)
class _Failure:
    """A candidate tile that failed: while resolving its references or while inverting."""

    error: RenderWsError
    resolving: bool


def _point_answer(stack_id: StackId, found: list[dict], inverted: dict, index: int, x: float, y: float,
                  z: float) -> list[dict]:
    _guard_point_query(len(found), z, x, y)
    if not found:
        raise _no_tiles(stack_id, x, y, z)
    outcomes = [inverted[tile["tileId"]] for tile in found]
    for outcome in outcomes:   # RenderDao resolves every candidate before any is inverted
        if isinstance(outcome, _Failure) and outcome.resolving:
            raise outcome.error
    answer: list[dict] = []
    skipped: list[str] = []
    for tile, outcome in zip(found, outcomes, strict=True):
        if isinstance(outcome, _Failure):
            raise outcome.error
        mapping, per_row = outcome
        local, ok = per_row[index]
        if ok:
            answer.append({"tileId": mapping.tile_id, "local": mapping.with_z(local)})
        else:
            skipped.append(tile["tileId"])
    if not answer:
        raise _not_invertible(x, y, skipped)
    answer[-1] = {"tileId": answer[-1]["tileId"], "visible": True, "local": answer[-1]["local"]}
    return answer


def world_to_local(store: RenderStore, stack_id: StackId, z: float, x: float, y: float) -> list[dict]:
    """GET z/{z}/world-to-local-coordinates/{x},{y}: one answer per tile containing the point, the last
    (top-most) marked visible."""
    answer = _locals_for_points(StackTiles(store, stack_id), np.array([[x, y]], dtype=np.float64), [z])[0]
    if isinstance(answer, RenderWsError):
        raise answer
    return answer


def world_to_local_batch(store: RenderStore, stack_id: StackId, z: float | None,
                         body: Any) -> list[list[dict]]:
    """PUT [z/{z}/]world-to-local-coordinates: the single-point answer per element; a failing element
    becomes ``[element + error]``. Without ``z`` in the path each ``world`` must hold ``[x, y, z]``."""
    elements = parse_coordinates_list(body, "worldCoordinatesList")
    results: list[list[dict] | None] = [None] * len(elements)
    valid: list[int] = []
    zs: list[float] = []
    for index, element in enumerate(elements):
        world = None if element is None else element.get("world")
        if element is None:
            message = "coordinates are missing"
        elif world is None:
            message = "world values are missing"
        elif z is None and len(world) < 3:
            message = "world values must include x, y, and z"
        elif z is not None and len(world) < 2:
            message = "world values must include both x and y"
        else:
            valid.append(index)
            zs.append(world[2] if z is None else z)
            continue
        results[index] = [_with_error(element, message)]
    if valid:
        points = np.array([elements[i]["world"][:2] for i in valid], dtype=np.float64)
        answers = _locals_for_points(StackTiles(store, stack_id), points, zs)
        for index, answer in zip(valid, answers, strict=True):
            results[index] = [_with_error(elements[index], answer.message)] if isinstance(
                answer, RenderWsError) else answer
    return results  # type: ignore[return-value]


def world_mapped_to_stack(store: RenderStore, stack_id: StackId, z: float, x: float, y: float, to_stack: str,
                          to_owner: str | None = None, to_project: str | None = None) -> dict:
    """GET z/{z}/world-coordinates/{x},{y}/mapped-to-stack/{toStack}: the point's local coordinates in
    the visible tile of this stack, mapped to world through the same tileId in the target stack
    (``{}`` when no tile is visible). As CoordinateService.java:346-349 does, the target owner/project
    default to this stack's only when not given (an empty ``toOwner=`` is used as given), and the target
    StackId is built (and validated) only once a visible tile was found."""
    visible = [c for c in world_to_local(store, stack_id, z, x, y) if c.get("visible")]
    if not visible:
        return {}
    to_stack_id = make_stack_id(stack_id.owner if to_owner is None else to_owner,
                                stack_id.project if to_project is None else to_project, to_stack)
    local = visible[-1]["local"]
    return local_to_world(store, to_stack_id, visible[-1]["tileId"], local[0], local[1])


# ============================================================================ tileIdsForCoordinates
def tile_ids_for_coordinates(store: RenderStore, stack_id: StackId, z: float | None,
                             body: Any) -> list[list[dict]]:
    """PUT [z/{z}/]tileIdsForCoordinates: per element, one copy of it per tile whose bounding box holds
    the point (tileId set, by tileId), or the element alone when none does.

    render-ws fails while streaming at an element without usable ``world``; the emulator answers 500
    with that message before writing anything.
    """
    elements = parse_coordinates_list(body, "worldCoordinatesList")
    zs: list[float] = []
    for index, element in enumerate(elements):
        world = None if element is None else element.get("world")
        if world is None:
            raise ServerError(f"world values are missing for element {index}")
        if z is None and len(world) < 3:
            raise ServerError(f"world values must include x, y, and z for element {index}")
        if z is not None and len(world) < 2:
            raise ServerError(f"world values must include both x and y for element {index}")
        zs.append(world[2] if z is None else z)
    tiles = StackTiles(store, stack_id)
    found: list[list[dict]] = [[] for _ in elements]
    by_z: dict[float, list[int]] = {}
    for index, point_z in enumerate(zs):
        by_z.setdefault(point_z, []).append(index)
    for point_z, indexes in by_z.items():
        points = np.array([elements[i]["world"][:2] for i in indexes], dtype=np.float64)
        for index, hits in zip(indexes, tiles.containing(point_z, points), strict=True):
            found[index] = hits
    out = []
    for element, hits in zip(elements, found, strict=True):
        if hits:
            out.append([_coordinates_with_tile_id(element, tile["tileId"]) for tile in hits])
        else:
            out.append([element])
    return out


def _coordinates_with_tile_id(element: dict, tile_id: str) -> dict:
    ordered = {"tileId": tile_id}
    ordered.update((k, v) for k, v in element.items() if k != "tileId")
    return ordered


# ============================================================================ posted TileSpec
def _posted_tile(body: Any, call: str) -> dict:
    if body is None:
        raise ServerError(
            f'Cannot invoke "org.janelia.alignment.spec.TileSpec.{call}" because "tileSpec" is null')
    return parse_tile_spec(body)


def _posted_mapping(body: Any, call: str, mesh_cell_size: float | None = None) -> TileMapping:
    tile = _posted_tile(body, call)
    return TileMapping.of(tile, tile, mesh_cell_size)


def posted_local_to_world(body: Any, x: float, y: float) -> list[float]:
    """PUT owner/{owner}/local-to-world-coordinates/{x},{y}: ``[wx, wy, z]`` of the posted tile."""
    mapping = _posted_mapping(body, "getWorldCoordinates(double, double)")
    return mapping.with_z(mapping.to_world(np.array([[x, y]]))[0])


def posted_world_to_local(body: Any, x: float, y: float, mesh_cell_size: float | None) -> list[float]:
    """PUT owner/{owner}/world-to-local-coordinates/{x},{y}: ``[lx, ly, z]`` of the posted tile
    (``meshCellSize`` defaults to the tile's); 500 when the point is outside the tile."""
    mapping = _posted_mapping(body, "getMeshCellSize()", mesh_cell_size)
    local, ok = mapping.to_local(np.array([[x, y]], dtype=np.float64))
    if not ok[0]:
        raise ServerError(f"Noninvertible location ( {java_number_text(x)}, {java_number_text(y)} )")
    return mapping.with_z(local[0])
