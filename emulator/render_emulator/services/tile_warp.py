"""Where a tile lands in a rendered box: for every output pixel it covers, the tile-local source point.

Output pixel ``(col, row)`` of a box ``(x, y, scale)`` is world point ``(x + col / scale, y + row / scale)``.
Lists of affine leaves are inverted exactly (``TileMapping.to_local``); other lists through the tile's
triangle mesh (``coordinate.triangle_mesh``, the mesh mpicbg renders with): each mapped triangle is
rasterised into a label image and its pixels are inverted through that triangle's affine. A pixel counts
when its local point lies in ``[0, W-1] x [0, H-1]``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from render_emulator.services.coordinate import TileMapping, _affine_matrix, triangle_mesh
from render_emulator.services.tile_json import DEFAULT_MESH_CELL_SIZE
from render_emulator.services.transform_specs import LIST, list_mapper

# local points this close outside the tile still count as inside (float noise at exact edges)
EDGE_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Box:
    """The rendered world box and the output raster it becomes."""

    x: float
    y: float
    scale: float
    width: int      # output pixels
    height: int


@dataclass(frozen=True)
class Footprint:
    """Output pixels (flat indices into the H x W raster) a tile covers and their local source points."""

    pixels: np.ndarray  # N int
    local: np.ndarray   # N x 2 float (level-0 tile pixels)


def _pixel_range(world_x: np.ndarray, world_y: np.ndarray, box: Box) -> tuple[int, int, int, int] | None:
    """Output columns/rows [c0, c1) x [r0, r1) that may hold the given world points' hull."""
    cols = (world_x - box.x) * box.scale
    rows = (world_y - box.y) * box.scale
    if not (np.isfinite(cols).all() and np.isfinite(rows).all()):
        return None
    c0, c1 = max(0, math.floor(cols.min()) - 1), min(box.width, math.ceil(cols.max()) + 2)
    r0, r1 = max(0, math.floor(rows.min()) - 1), min(box.height, math.ceil(rows.max()) + 2)
    if c0 >= c1 or r0 >= r1:
        return None
    return c0, c1, r0, r1


def _inside(local: np.ndarray, width: float, height: float) -> np.ndarray:
    tol = EDGE_TOLERANCE
    return ((local[:, 0] >= -tol) & (local[:, 0] <= width - 1 + tol)
            & (local[:, 1] >= -tol) & (local[:, 1] <= height - 1 + tol))


def _footprint(box: Box, cols: np.ndarray, rows: np.ndarray, local: np.ndarray, width: float,
               height: float) -> Footprint:
    keep = _inside(local, width, height)
    return Footprint(rows[keep] * box.width + cols[keep], local[keep])


def _column_interval(slope: float, offsets: np.ndarray, high: float) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the real column interval where ``slope * col + offset`` lies in ``[-tol, high + tol]``."""
    lo, hi = -EDGE_TOLERANCE, high + EDGE_TOLERANCE
    if slope == 0:
        inside = (offsets >= lo) & (offsets <= hi)
        return np.where(inside, -np.inf, np.inf), np.where(inside, np.inf, -np.inf)
    first, last = (lo - offsets) / slope, (hi - offsets) / slope
    return np.minimum(first, last), np.maximum(first, last)


def _affine_footprint(matrix: np.ndarray, box: Box, width: float, height: float) -> Footprint | None:
    """Row by row, the columns whose local point lies in the tile (an interval per row for an affine),
    then the local points of exactly those pixels."""
    corners = np.array([[0, 0], [width - 1, 0], [0, height - 1], [width - 1, height - 1]], dtype=np.float64)
    world = corners @ matrix[:2, :2].T + matrix[:2, 2]
    span = _pixel_range(world[:, 0], world[:, 1], box)
    if span is None:
        return None
    c0, c1, r0, r1 = span
    inverse = np.linalg.inv(matrix)
    # local = slope * col + offset(row), per local axis
    rows = np.arange(r0, r1)
    world_y = box.y + rows / box.scale
    slope_x, slope_y = inverse[0, 0] / box.scale, inverse[1, 0] / box.scale
    offset_x = inverse[0, 0] * box.x + inverse[0, 1] * world_y + inverse[0, 2]
    offset_y = inverse[1, 0] * box.x + inverse[1, 1] * world_y + inverse[1, 2]
    low_x, high_x = _column_interval(slope_x, offset_x, width - 1)
    low_y, high_y = _column_interval(slope_y, offset_y, height - 1)
    first = np.maximum(np.ceil(np.maximum(low_x, low_y)), c0)
    last = np.minimum(np.floor(np.minimum(high_x, high_y)), c1 - 1)
    counts = np.maximum(last - first + 1, 0).astype(np.int64)
    total = int(counts.sum())
    if total == 0:
        return None
    row_of = np.repeat(np.arange(rows.size), counts)
    starts = np.cumsum(counts) - counts
    first_col = np.where(counts > 0, first, 0).astype(np.int64)
    cols = np.arange(total, dtype=np.int64) + np.repeat(first_col - starts, counts)
    local = np.empty((total, 2), dtype=np.float64)
    local[:, 0] = slope_x * cols + offset_x[row_of]
    local[:, 1] = slope_y * cols + offset_y[row_of]
    return Footprint((rows[row_of] * box.width + cols), local)


def _mesh_footprint(mapper: Callable, box: Box, width: float, height: float,
                    cell: float) -> Footprint | None:
    source, triangles = triangle_mesh(width, height, cell)
    world = np.asarray(mapper(source.copy()), dtype=np.float64)
    span = _pixel_range(world[:, 0], world[:, 1], box)
    if span is None:
        return None
    c0, c1, r0, r1 = span
    target = np.column_stack([(world[:, 0] - box.x) * box.scale - c0, (world[:, 1] - box.y) * box.scale - r0])
    t0, t1, t2 = (target[triangles[:, k]] for k in range(3))
    det = (t1 - t0)[:, 0] * (t2 - t0)[:, 1] - (t1 - t0)[:, 1] * (t2 - t0)[:, 0]
    labels = Image.new("I", (c1 - c0, r1 - r0), -1)
    draw = ImageDraw.Draw(labels)
    for index in np.nonzero(det > 0)[0]:   # a triangle turned over by the transform covers nothing
        corners = [tuple(t0[index]), tuple(t1[index]), tuple(t2[index])]
        draw.polygon(corners, fill=int(index), outline=int(index))
    label = np.asarray(labels, dtype=np.int64)
    rows, cols = np.nonzero(label >= 0)
    hit = label[rows, cols]
    p = np.column_stack([cols, rows]).astype(np.float64) - t0[hit]
    a, b, d = (t1 - t0)[hit], (t2 - t0)[hit], det[hit]
    u = (p[:, 0] * b[:, 1] - p[:, 1] * b[:, 0]) / d
    v = (a[:, 0] * p[:, 1] - a[:, 1] * p[:, 0]) / d
    s0 = source[triangles[hit, 0]]
    local = (s0 + u[:, np.newaxis] * (source[triangles[hit, 1]] - s0)
             + v[:, np.newaxis] * (source[triangles[hit, 2]] - s0))
    return _footprint(box, cols + c0, rows + r0, local, width, height)


def tile_footprint(tile: dict, box: Box, width: float, height: float) -> Footprint | None:
    """Output pixels covered by a resolved, flattened ``tile`` of ``width x height`` level-0 pixels
    (None when it misses the box)."""
    mapping = TileMapping.of(tile, tile)
    matrix = _affine_matrix(mapping.specs) if mapping.specs else np.eye(3)
    if matrix is not None:
        det = matrix[0, 0] * matrix[1, 1] - matrix[0, 1] * matrix[1, 0]
        if not det > 0:
            return None   # a mirroring or degenerate tile: every mesh triangle is turned over
        return _affine_footprint(matrix, box, width, height)
    cell = tile.get("meshCellSize")
    mapper = list_mapper({"type": LIST, "specList": mapping.specs})
    cell_size = DEFAULT_MESH_CELL_SIZE if cell is None else float(cell)
    return _mesh_footprint(mapper, box, width, height, cell_size)
