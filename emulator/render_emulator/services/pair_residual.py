"""render-ws HierarchicalDataService.calculateResidualDistancesForPair (POST
``…/stack/{stack}/pairResidualCalculation``) with render-app's ResidualCalculator
(render-ws/.../HierarchicalDataService.java:622-690, render-app/.../util/ResidualCalculator.java).

The stored matches of a tile pair are taken as coordinates of the match stack's tiles rendered for matching
(normalizeForMatching), mapped to tile-local coordinates through those tiles' inverted meshes (matches that
do not invert are skipped), then to world coordinates through the aligned stack's tiles; the answer holds
the median, mean, max and RMS of the p-q world distances (and the sorted distances with includeDetails).
"""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np

from render_emulator.errors import BadRequest, NotFound, ServerError
from render_emulator.model import expect_object, omit_none
from render_emulator.model.scalars import java_boolean, java_string
from render_emulator.services import match, tile_data
from render_emulator.services.render_parameters import RenderQuery
from render_emulator.services.tile_data import TileRenderQuery
from render_emulator.services.tile_mapping import TileMapping
from render_emulator.services.tile_reads import resolved_flat_tiles
from render_emulator.store import RenderStore, StackId

INPUT_DATA_TYPE = "org.janelia.alignment.util.ResidualCalculator$InputData"
STACK_ID_TYPE = "org.janelia.alignment.spec.stack.StackId"


def null_failure(what: str) -> str:
    """The 500 where render-ws dereferences a missing value (its NullPointerException text is not
    reproduced)."""
    return f"render-ws emulator: {what} is null (render-ws fails with a java.lang.NullPointerException)"


def _id_object(value: Any, java_type: str, fields: tuple[str, ...]) -> dict | None:
    if value is None:
        return None
    expect_object(value, java_type)
    return {name: java_string(value.get(name)) for name in fields}


def parse_input_data(body: Any) -> dict:
    """ResidualCalculator.InputData as Jackson reads it (fields, unknown ones ignored)."""
    if body is None:
        raise ServerError(null_failure("the request body"))
    expect_object(body, INPUT_DATA_TYPE)
    return {
        "pTileId": java_string(body.get("pTileId")),
        "qTileId": java_string(body.get("qTileId")),
        "matchRenderStackId": _id_object(body.get("matchRenderStackId"), STACK_ID_TYPE,
                                         ("owner", "project", "stack")),
        "matchCollectionId": _id_object(body.get("matchCollectionId"),
                                        "org.janelia.alignment.match.MatchCollectionId", ("owner", "name")),
        "includeDetails": java_boolean(body.get("includeDetails")),
    }


def _required(name: str, value: Any) -> None:
    """MongoUtil.validateRequiredParameter."""
    if value is None:
        raise BadRequest(f"{name} value must be specified")


def _stack_id(value: dict | None) -> StackId | None:
    if value is None:
        return None
    return StackId(*(str(value[k]) for k in ("owner", "project", "stack")))


def _tile(store: RenderStore, stack_id: StackId | None, tile_id: str | None) -> dict:
    """RenderDao.getTileSpec(stackId, tileId, true): the tile with its references resolved."""
    _required("stackId", stack_id)
    _required("tileId", tile_id)
    return resolved_flat_tiles(store, stack_id, [tile_data.get_tile(store, stack_id, tile_id)])[0]


def _match_tile(store: RenderStore, stack_id: StackId | None, tile_id: str | None) -> dict:
    """getMatchTileSpec: the tile as rendered for matching (normalizeForMatching)."""
    _tile(store, stack_id, tile_id)
    params = tile_data.get_tile_render_parameters(store, stack_id, tile_id, RenderQuery(),
                                                  TileRenderQuery(normalize_for_matching=True))
    return params["tileSpecs"][0]


def _stored_matches(store: RenderStore, collection: dict | None, p_tile: dict, q_tile: dict) -> dict:
    """MatchDao.getMatchesBetweenObjects (ids validated, normalised; 404 without matches)."""
    ids = ((p_tile.get("layout") or {}).get("sectionId"), p_tile.get("tileId"),
           (q_tile.get("layout") or {}).get("sectionId"), q_tile.get("tileId"))
    for name, value in zip(("pGroupId", "pId", "qGroupId", "qId"), ids, strict=True):
        _required(name, value)
    if collection is None:
        raise ServerError(null_failure("matchCollectionId"))
    collection_id = match.MatchCollectionId(str(collection["owner"]), str(collection["name"]))
    found = json.loads(match.read_pairs(store, collection_id, match.tile_pair(*ids)))
    if not found or not (found[0].get("matches") or {}).get("w"):
        raise NotFound(f"{collection_id} does not contain matches between {ids[1]} and {ids[3]}")
    return found[0]


def _statistics(distances: list[float]) -> dict:
    """ResidualCalculator.run's statistics over the sorted distances."""
    ordered = sorted(distances)
    middle = len(ordered) // 2
    median = ordered[middle]
    if len(ordered) % 2 == 0:
        median = (median + ordered[middle - 1]) / 2.0
    total = squares = 0.0
    for distance in ordered:
        total += distance
        squares += distance ** 2
    return {"medianDistance": median, "meanDistance": total / len(ordered), "maxDistance": ordered[-1],
            "rootMeanSquareError": math.sqrt(squares / len(ordered)), "distanceList": ordered}


def calculate_pair_residuals(store: RenderStore, aligned_stack_id: StackId, body: Any) -> dict:
    """The ResidualCalculator.Result of the pair in ``body`` (InputData)."""
    input_data = parse_input_data(body)
    match_stack_id = _stack_id(input_data["matchRenderStackId"])
    p_id, q_id = input_data["pTileId"], input_data["qTileId"]
    with store.transaction():
        p_match, q_match = _match_tile(store, match_stack_id, p_id), _match_tile(store, match_stack_id, q_id)
        stored = _stored_matches(store, input_data["matchCollectionId"], p_match, q_match)
        if p_id != stored["pId"]:
            p_id, q_id, p_match, q_match = q_id, p_id, q_match, p_match
        world_p = np.array(stored["matches"]["p"], dtype=np.float64).T
        world_q = np.array(stored["matches"]["q"], dtype=np.float64).T
        local_p, p_ok = TileMapping.of(p_match, p_match).to_local(world_p)
        local_q, q_ok = TileMapping.of(q_match, q_match).to_local(world_q)
        invertible = p_ok & q_ok
        if not invertible.any():
            collection = input_data["matchCollectionId"]
            collection_id = match.MatchCollectionId(str(collection["owner"]), str(collection["name"]))
            raise BadRequest(f"{collection_id} has {len(world_p)} matches between {p_id} and {q_id} but "
                             "none of them are invertible")
        p_aligned, q_aligned = _tile(store, aligned_stack_id, p_id), _tile(store, aligned_stack_id, q_id)
    p_world = TileMapping.of(p_aligned, p_aligned).to_world(local_p[invertible])
    q_world = TileMapping.of(q_aligned, q_aligned).to_world(local_q[invertible])
    distances = [math.sqrt((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2)
                 for a, b in zip(p_world, q_world, strict=True)]
    if input_data["includeDetails"] is None:
        # Result's constructor unboxes inputData.getIncludeDetails() (ResidualCalculator.java:108)
        raise ServerError(null_failure("includeDetails"))
    result = {"alignedStackId": aligned_stack_id.to_json(), "inputData": _input_json(input_data),
              **_statistics(distances)}
    if not input_data["includeDetails"]:
        del result["distanceList"]
    return result


def _input_json(input_data: dict) -> dict:
    """InputData as JsonUtils writes it (fields in declaration order, nulls omitted)."""
    return omit_none({key: omit_none(value) if isinstance(value, dict) else value
                      for key, value in input_data.items()})
