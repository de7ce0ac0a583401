"""render-ws HierarchicalDataService's affine warp field of a layer
(render-ws/src/main/java/org/janelia/render/service/HierarchicalDataService.java:334-512).

Every stack of the project with hierarchical data whose aligned stack exists in the project contributes
its tier cell: the last transform of the aligned stack's tile for z (an AffineModel2D), made relative to
the tier stack's full-scale bounds (HierarchicalStack.getFullScaleRelativeModel). A tier stack whose
splitGroupIds hold the layer contributes a consensus field instead: one affine per matched tile, spread
over a consensusRows x consensusColumns grid by nearest match point (ConsensusWarpFieldBuilder). The
cells and consensus fields become one AffineWarpFieldTransform spec (SIMPLE or INTERPOLATE build).
"""

from __future__ import annotations

import json
import math
from enum import Enum
from typing import Any

import numpy as np

from render_emulator.errors import BadRequest, NotFound, ServerError
from render_emulator.geometry import consensus_warp_field
from render_emulator.geometry.java_transforms.class_names import WARP_FIELD_CLASS
from render_emulator.geometry.java_transforms.warp_field import (
    AffineWarpFieldTransform,
    high_resolution_grid,
    java_fixed,
)
from render_emulator.services import match
from render_emulator.services.stack_lookup import stack_text
from render_emulator.services.stack_meta import list_stack_metadata
from render_emulator.services.tile_data import get_tile
from render_emulator.services.tile_reads import encode_with_tile_texts
from render_emulator.services.transform_specs import LEAF, REF, load_leaf
from render_emulator.store import RenderStore, StackId
from renderapi._java import java_number_text

DEFAULT_CONSENSUS_CELLS = 10   # HierarchicalDataService.java:354-355


class BuildMethod(Enum):
    """ConsensusWarpFieldBuilder.BuildMethod."""

    SIMPLE = "SIMPLE"
    INTERPOLATE = "INTERPOLATE"


# ============================================================================ tier stacks
def _stack_id(value: dict | None) -> StackId:
    if value is None:
        raise ServerError("java.lang.NullPointerException")
    return StackId(value.get("owner"), value.get("project"), value.get("stack"))


def _bounds(tier: dict) -> tuple[float, float, float, float]:
    box = tier.get("fullScaleBounds")
    if box is None:
        raise ServerError("java.lang.NullPointerException")
    return box["minX"], box["minY"], box["maxX"] - box["minX"], box["maxY"] - box["minY"]


def _int(tier: dict, name: str) -> int:
    value = tier.get(name)
    if value is None:   # unboxing a null Integer
        raise ServerError("java.lang.NullPointerException")
    return int(value)


def tile_id_for_z(tier: dict, z: float) -> str:
    """HierarchicalStack.getTileIdForZ (lines 300-307): ``z_%2.1f_box_%d_%d_%d_%d_%f``."""
    min_x, min_y, delta_x, delta_y = _bounds(tier)
    return (f"z_{java_fixed(z, 1, 2)}_box_{math.floor(min_x)}_{math.floor(min_y)}_"
            f"{math.ceil(delta_x)}_{math.ceil(delta_y)}_{java_fixed(tier.get('scale'), 6, 0)}")


def _aligned_tier_stacks(store: RenderStore, owner: str, project: str) -> list[dict]:
    stacks = list_stack_metadata(store, owner, project)
    names = {meta["stackId"]["stack"] for meta in stacks}
    tiers = []
    for meta in stacks:
        tier = meta.get("hierarchicalData")
        if tier is not None and _stack_id(tier.get("alignedStackId")).stack in names:
            tiers.append(tier)
    return tiers


# ============================================================================ affine models
def _affine_matrix(m: np.ndarray) -> np.ndarray:
    """3x3 matrix of AffineModel2D coefficients ``m00 m10 m01 m11 m02 m12``."""
    return np.array([[m[0], m[2], m[4]], [m[1], m[3], m[5]], [0.0, 0.0, 1.0]])


def _coefficients(matrix: np.ndarray) -> np.ndarray:
    return np.array([matrix[0, 0], matrix[1, 0], matrix[0, 1], matrix[1, 1], matrix[0, 2], matrix[1, 2]])


def _pretty(value: Any, indent: str = "") -> str:
    """Jackson's default pretty printer (JsonUtils ``toJson``): ``"key" : value``, arrays on one line."""
    inner = indent + "  "
    if isinstance(value, dict):
        if not value:
            return "{ }"
        members = [f'{inner}{json.dumps(k)} : {_pretty(v, inner)}' for k, v in value.items()]
        return "{\n" + ",\n".join(members) + "\n" + indent + "}"
    if isinstance(value, list):
        if not value:
            return "[ ]"
        return "[ " + ", ".join(_pretty(v, indent) for v in value) + " ]"
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, float):
        return java_number_text(value)
    return json.dumps(value)


def relative_aligned_model(store: RenderStore, tier: dict, tile: dict, aligned: StackId) -> np.ndarray:
    """HierarchicalDataService.getRelativeAlignedModel (lines 696-728) with
    HierarchicalStack.getFullScaleRelativeModel (lines 379-404): invScale · last · scale · offset."""
    specs = (tile.get("transforms") or {}).get("specList") or []
    z_text = java_number_text(float(tile["z"])) if tile.get("z") is not None else "null"
    tile_json = _pretty(json.loads(encode_with_tile_texts(store, aligned, tile)))
    if not specs:
        raise BadRequest(f"Invalid affine data for z {z_text}.  No transforms found for tile "
                         f"'{tile.get('tileId')}' in {stack_text(aligned)}.  Tile spec is {tile_json}")
    last = specs[-1]
    model = None
    if last.get("type") == REF:
        raise BadRequest(f"spec reference to id '{last.get('refId')}' has not been resolved")
    if last.get("type", LEAF) == LEAF:
        from renderapi.transform import AffineModel

        leaf = load_leaf(last)
        # only AffineModel2D (and its subclasses) are instances of mpicbg's AffineModel2D
        if isinstance(leaf, AffineModel) and type(leaf).__name__ == "AffineModel":
            model = np.asarray(leaf.M, dtype=np.float64)
    if model is None:   # lists and interpolated specs build other CoordinateTransform classes
        raise BadRequest(f"Invalid affine data for z {z_text}.  Last transform for tile "
                         f"'{tile.get('tileId')}' in {stack_text(aligned)} is not a 2D affine.  Tile spec is "
                         f"{tile_json}")
    scale = float(tier.get("scale"))
    min_x, min_y, _, _ = _bounds(tier)
    inverse_scale = np.diag([1.0 / scale, 1.0 / scale, 1.0])
    to_scale = np.diag([scale, scale, 1.0])
    offset = np.array([[1.0, 0.0, -min_x], [0.0, 1.0, -min_y], [0.0, 0.0, 1.0]])
    return inverse_scale @ model @ to_scale @ offset


# ============================================================================ consensus fields
def _consensus_field(store: RenderStore, tier: dict, z_text: str, aligned: StackId, rows: int,
                     columns: int) -> np.ndarray:
    """ConsensusWarpFieldBuilder for one tier stack: (6, rows, columns) coefficients."""
    _, _, width, height = _bounds(tier)
    collection = tier.get("matchCollectionId") or {}
    collection_id = match.make_collection_id(collection.get("owner"), collection.get("name"))
    pairs = json.loads(match.read_pairs(store, collection_id, match.outside_group(z_text)))
    scale = 1.0 / float(tier.get("scale"))   # CanvasNameToPointsMap(1 / scale)
    points_by_tile: dict[str, list[np.ndarray]] = {}
    for pair in pairs:   # CanvasNameToPointsMap.addPointsForGroup
        if pair.get("pGroupId") == z_text:
            name, side = pair["pId"], "p"
        elif pair.get("qGroupId") == z_text:
            name, side = pair["qId"], "q"
        else:
            continue
        xy = np.asarray(pair["matches"][side], dtype=np.float64).reshape(2, -1).T * scale
        points_by_tile.setdefault(name, []).append(xy)
    models: list[np.ndarray] = []
    point_sets: list[np.ndarray] = []
    for tile_id, chunks in points_by_tile.items():
        tile = get_tile(store, aligned, tile_id)
        models.append(_coefficients(relative_aligned_model(store, tier, tile, aligned)))
        point_sets.append(np.concatenate(chunks))
    if not models:
        raise ServerError("no consensus set data for the warp field")
    index_grid = consensus_warp_field.model_index_grid(point_sets, width, height, rows, columns)
    try:
        return consensus_warp_field.build_field(models, index_grid, rows, columns)
    except IndexError as exc:
        raise ServerError(str(exc)) from None


# ============================================================================ the transform spec
def build_affine_warp_field_transform(store: RenderStore, owner: str, project: str, z: float,
                                      consensus_rows: int | None, consensus_columns: int | None,
                                      method: BuildMethod | None) -> dict:
    """GET z/{z}/affineWarpFieldTransform: the LeafTransformSpec JSON (404 without aligned tier stacks,
    400 for a tile whose last transform is not an AffineModel2D)."""
    rows = DEFAULT_CONSENSUS_CELLS if consensus_rows is None else consensus_rows
    # render-ws tests consensusRows for both defaults (line 355): a lone consensusRows unboxes a null
    if consensus_rows is None:
        columns = DEFAULT_CONSENSUS_CELLS
    elif consensus_columns is None:
        raise ServerError("java.lang.NullPointerException")
    else:
        columns = consensus_columns
    with store.transaction():
        tiers = _aligned_tier_stacks(store, owner, project)
        if not tiers:
            raise NotFound(f"No aligned stacks exist for owner '{owner}' and project '{project}'.")
        z_text = java_number_text(float(z))
        first = tiers[0]
        _, _, delta_x, delta_y = _bounds(first)
        tier_rows, tier_columns = _int(first, "totalTierRowCount"), _int(first, "totalTierColumnCount")
        grid = np.zeros((6, tier_rows, tier_columns))
        min_x, min_y, _, _ = _bounds(first)
        offsets = (min_x - _int(first, "tierColumn") * delta_x, min_y - _int(first, "tierRow") * delta_y)
        consensus: list[tuple[dict, np.ndarray]] = []
        for tier in tiers:
            aligned = _stack_id(tier.get("alignedStackId"))
            if z_text in (tier.get("splitGroupIds") or ()):
                consensus.append((tier, _consensus_field(store, tier, z_text, aligned, rows, columns)))
            else:
                tile = get_tile(store, aligned, tile_id_for_z(tier, z))
                model = relative_aligned_model(store, tier, tile, aligned)
                grid[:, _int(tier, "tierRow"), _int(tier, "tierColumn")] = _coefficients(model)
    width, height = delta_x * tier_columns, delta_y * tier_rows
    field = AffineWarpFieldTransform.of(offsets, width, height, grid)
    if consensus:
        if method in (None, BuildMethod.SIMPLE):
            field = _simple(field, consensus)
        else:
            field = _interpolated(field, consensus)
    return {"type": LEAF, "id": f"{z_text}_AFFINE_WARP_FIELD", "className": WARP_FIELD_CLASS,
            "dataString": field.data_string()}


def _simple(field: AffineWarpFieldTransform,
            consensus: list[tuple[dict, np.ndarray]]) -> AffineWarpFieldTransform:
    """buildSimpleWarpFieldTransformSpec (lines 244-284): every tier cell split into the consensus grid,
    consensus cells copied in."""
    c_rows, c_columns = consensus[0][1].shape[1:]
    hi_res = high_resolution_grid(field.grid, c_rows, c_columns)
    for tier, cells in consensus:
        row, column = _int(tier, "tierRow") * c_rows, _int(tier, "tierColumn") * c_columns
        hi_res[:, row:row + c_rows, column:column + c_columns] = cells
    return AffineWarpFieldTransform.of(tuple(field.offset), field.width, field.height, hi_res)


def _interpolated(field: AffineWarpFieldTransform,
                  consensus: list[tuple[dict, np.ndarray]]) -> AffineWarpFieldTransform:
    """buildInterpolatedWarpFieldTransformSpec (lines 286-374): tier cells of consensus stacks take their
    consensus field's centre affine, the other cells are resampled from the interpolated tier field."""
    c_rows, c_columns = consensus[0][1].shape[1:]
    grid = field.grid.copy()
    by_index: dict[int, np.ndarray] = {}
    tier_w, tier_h = field.width / grid.shape[2], field.height / grid.shape[1]
    for tier, cells in consensus:
        cell_field = AffineWarpFieldTransform.of((0.0, 0.0), tier_w, tier_h, cells)
        centre = cell_field.affine_at((tier_w / 2, tier_h / 2))
        grid[:, _int(tier, "tierRow"), _int(tier, "tierColumn")] = centre
        by_index[_int(tier, "tierRow") * _int(tier, "totalTierRowCount") + _int(tier, "tierColumn")] = cells
    coarse = AffineWarpFieldTransform.of((0.0, 0.0), field.width, field.height, grid)
    rows, columns = grid.shape[1:]
    hi_res = np.zeros((6, rows * c_rows, columns * c_columns))
    cell_h, cell_w = field.height / (rows * c_rows), field.width / (columns * c_columns)
    for row in range(rows):
        for column in range(columns):
            cells = by_index.get(row * rows + column)
            for c_row in range(c_rows):
                for c_column in range(c_columns):
                    r, c = row * c_rows + c_row, column * c_columns + c_column
                    if cells is None:
                        hi_res[:, r, c] = coarse.affine_at((c * cell_w + cell_w / 2, r * cell_h + cell_h / 2))
                    else:
                        hi_res[:, r, c] = cells[:, c_row, c_column]
    return AffineWarpFieldTransform.of(tuple(field.offset), field.width, field.height, hi_res)


def affine_warp_field_debug(store: RenderStore, owner: str, project: str, z: float,
                            consensus_rows: int | None, consensus_columns: int | None,
                            method: BuildMethod | None) -> str:
    """GET z/{z}/affineWarpFieldTransformDebug: AffineWarpFieldTransform.toDebugJson of the spec."""
    spec = build_affine_warp_field_transform(store, owner, project, z, consensus_rows, consensus_columns,
                                             method)
    return AffineWarpFieldTransform(spec["dataString"]).debug_json()
