"""Where a tile lands in a rendered box: for every output pixel it covers, the tile-local source point.

Output pixel ``(col, row)`` of a box ``(x, y, scale)`` is world point ``(x + col / scale, y + row / scale)``.
Lists of affine leaves are inverted exactly (``TileMapping.to_local``); other lists through the tile's
triangle mesh (``tile_mapping.triangle_mesh``, the mesh mpicbg renders with): each mapped triangle is
rasterised into a label image and its pixels are inverted through that triangle's affine. A pixel counts
when its local point lies in ``[0, W-1] x [0, H-1]``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from render_emulator.services.tile_json import DEFAULT_MESH_CELL_SIZE
from render_emulator.services.tile_mapping import TileMapping, affine_matrix, triangle_mesh
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
    """The output pixels a tile covers: a window of the output raster (``col0, row0`` and the mask's shape),
    the covered pixels of that window, and where each comes from in the tile (level-0 tile pixels).

    For an affine tile one 2 x 3 matrix ``to_local`` maps every window pixel ``(col, row, 1)``; for a mesh
    tile ``local_grid`` holds the local x and y of every window pixel (meaningful where covered)."""

    raster_width: int
    col0: int
    row0: int
    mask: np.ndarray                        # h x w bool
    to_local: np.ndarray | None = None      # 2 x 3 float
    local_grid: np.ndarray | None = None    # 2 x h x w float: local x, local y

    def grid(self) -> np.ndarray:
        """2 x h x w: the local x and y of every window pixel."""
        if self.local_grid is not None:
            return self.local_grid
        rows, cols = np.indices(self.mask.shape, dtype=np.float64)
        return np.einsum("ij,jhw->ihw", self.to_local[:, :2], np.stack([cols, rows])) \
            + self.to_local[:, 2, np.newaxis, np.newaxis]

    @property
    def local(self) -> np.ndarray:
        """N x 2: the local point of each covered pixel (row-major)."""
        grid = self.grid()
        return np.column_stack([grid[0][self.mask], grid[1][self.mask]])

    @property
    def pixels(self) -> np.ndarray:
        """N flat indices into the output raster of the covered pixels (row-major)."""
        rows, cols = np.nonzero(self.mask)
        return (rows + self.row0) * self.raster_width + cols + self.col0

    def window(self, raster: np.ndarray) -> np.ndarray:
        """The footprint's window of an H x W (x …) output raster (a view)."""
        height, width = self.mask.shape
        return raster[self.row0:self.row0 + height, self.col0:self.col0 + width]


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


def _column_interval(slope: float, offsets: np.ndarray, high: float) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the real column interval where ``slope * col + offset`` lies in ``[-tol, high + tol]``."""
    lo, hi = -EDGE_TOLERANCE, high + EDGE_TOLERANCE
    if slope == 0:
        inside = (offsets >= lo) & (offsets <= hi)
        return np.where(inside, -np.inf, np.inf), np.where(inside, np.inf, -np.inf)
    first, last = (lo - offsets) / slope, (hi - offsets) / slope
    return np.minimum(first, last), np.maximum(first, last)


def _affine_footprint(matrix: np.ndarray, box: Box, width: float, height: float) -> Footprint | None:
    """Row by row, the columns whose local point lies in the tile (an interval per row for an affine)."""
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
    first = np.maximum(np.ceil(np.maximum(low_x, low_y)), c0) - c0
    last = np.minimum(np.floor(np.minimum(high_x, high_y)), c1 - 1) - c0
    if not (last >= first).any():
        return None
    cols = np.arange(c1 - c0)
    mask = (cols >= first[:, np.newaxis]) & (cols <= last[:, np.newaxis])
    # window (col, row) -> local: the same per-row lines with the window origin folded into the offsets
    to_local = np.array([
        [slope_x, inverse[0, 1] / box.scale, slope_x * c0 + offset_x[0]],
        [slope_y, inverse[1, 1] / box.scale, slope_y * c0 + offset_y[0]],
    ])
    return Footprint(box.width, c0, r0, mask, to_local=to_local)


def _triangle_affines(source: np.ndarray, target: np.ndarray, triangles: np.ndarray) -> np.ndarray:
    """T x 2 x 3: per triangle the affine mapping its target corners onto its source corners (what
    TransformMeshMapping applies inside each triangle)."""
    t0, s0 = target[triangles[:, 0]], source[triangles[:, 0]]
    target_edges = np.stack([target[triangles[:, 1]] - t0, target[triangles[:, 2]] - t0], axis=2)
    source_edges = np.stack([source[triangles[:, 1]] - s0, source[triangles[:, 2]] - s0], axis=2)
    linear = source_edges @ np.linalg.inv(target_edges)
    offset = s0 - np.einsum("tij,tj->ti", linear, t0)
    return np.concatenate([linear, offset[:, :, np.newaxis]], axis=2)


def _mesh_footprint(mapper: Callable, box: Box, width: float, height: float,
                    cell: float) -> Footprint | None:
    """Each mapped mesh triangle rasterised into a label image; its pixels mapped back by its affine."""
    source, triangles = triangle_mesh(width, height, cell)
    world = np.asarray(mapper(source.copy()), dtype=np.float64)
    span = _pixel_range(world[:, 0], world[:, 1], box)
    if span is None:
        return None
    c0, c1, r0, r1 = span
    target = np.column_stack([(world[:, 0] - box.x) * box.scale - c0, (world[:, 1] - box.y) * box.scale - r0])
    t0, t1, t2 = (target[triangles[:, k]] for k in range(3))
    det = (t1 - t0)[:, 0] * (t2 - t0)[:, 1] - (t1 - t0)[:, 1] * (t2 - t0)[:, 0]
    drawn = np.nonzero(det > 0)[0]   # a triangle turned over by the transform covers nothing
    labels = Image.new("I", (c1 - c0, r1 - r0), -1)
    draw = ImageDraw.Draw(labels)
    for index, corners in zip(drawn.tolist(), np.stack([t0, t1, t2], axis=1)[drawn].tolist(),
                              strict=True):
        draw.polygon([tuple(corner) for corner in corners], fill=index, outline=index)
    label = np.asarray(labels, dtype=np.int32)
    # per-triangle affine coefficients, one table row per triangle plus a last row for "no triangle" (-1)
    coefficients = np.zeros((triangles.shape[0] + 1, 6))
    coefficients[drawn] = _triangle_affines(source, target, triangles[drawn]).reshape(-1, 6)
    rows = np.arange(label.shape[0], dtype=np.float64)[:, np.newaxis]
    cols = np.arange(label.shape[1], dtype=np.float64)
    grid = np.empty((2,) + label.shape)
    for axis in range(2):
        a, b, c = (np.take(coefficients[:, 3 * axis + k], label) for k in range(3))
        grid[axis] = a * cols + b * rows + c
    x, y = grid
    tol = EDGE_TOLERANCE
    mask = (label >= 0) & (x >= -tol) & (x <= width - 1 + tol) & (y >= -tol) & (y <= height - 1 + tol)
    return Footprint(box.width, c0, r0, mask, local_grid=grid)


def tile_footprint(tile: dict, box: Box, width: float, height: float) -> Footprint | None:
    """Output pixels covered by a resolved, flattened ``tile`` of ``width x height`` level-0 pixels
    (None when it misses the box)."""
    mapping = TileMapping.of(tile, tile)
    matrix = affine_matrix(mapping.specs) if mapping.specs else np.eye(3)
    if matrix is not None:
        det = matrix[0, 0] * matrix[1, 1] - matrix[0, 1] * matrix[1, 0]
        if not det > 0:
            return None   # a mirroring or degenerate tile: every mesh triangle is turned over
        return _affine_footprint(matrix, box, width, height)
    cell = tile.get("meshCellSize")
    mapper = list_mapper({"type": LIST, "specList": mapping.specs})
    cell_size = DEFAULT_MESH_CELL_SIZE if cell is None else float(cell)
    return _mesh_footprint(mapper, box, width, height, cell_size)
