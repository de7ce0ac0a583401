"""A tile's coordinate mapping, computed from a given (resolved) tile spec: TileSpec.getWorldCoordinates /
getLocalCoordinates and mpicbg's ``CoordinateTransformMesh``, without any store access (render's clients
map the tiles they fetched over HTTP the same way).

* local -> world applies the tile's resolved, flattened transform list in order.
* world -> local inverts the list as mpicbg's ``CoordinateTransformMesh`` does: the local rectangle
  ``[0, W-1] x [0, H-1]`` is covered by a triangle mesh (``numX = (int)(W / meshCellSize + 0.5)``), each
  vertex is mapped forward, and a world point is inverted through the affine of the first mapped triangle
  containing it (edges count as inside, a triangle turned over by the transform contains nothing).
  Points in no triangle are "not invertible" for that tile. Lists of affine leaves are inverted exactly
  (the mesh is exact for them) with the same containment rule.
* A tile without transforms maps every point to itself (no width/height needed, nothing rejected).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from render_emulator.errors import ServerError
from render_emulator.services.tile_json import DEFAULT_MESH_CELL_SIZE
from render_emulator.services.transform_specs import LEAF, LIST, flatten, list_mapper, load_leaf

# point x triangle cells evaluated per numpy step when searching mesh triangles
MESH_CELLS_PER_STEP = 2_000_000
# relative tolerance of the exact affine inverse's rectangle test (the mesh test is exact at its edges)
EDGE_TOLERANCE = 1e-9
MISSING_SIZE = "width and height must be set to create transform mesh"


# ============================================================================ mesh (mpicbg TransformMesh)
def mesh_columns(width: float, cell: float) -> int:
    """TileSpec.getNumberOfTrianglesCoveringWidth: ``(int) (width / meshCellSize + 0.5)``."""
    value = width / cell + 0.5
    return int(value) if math.isfinite(value) else 0


def mesh_rows(num_x: int, width: float, height: float) -> int:
    """TransformMesh.numY: rows of (nearly) equilateral triangles for ``num_x`` columns."""
    num_xs = max(2, num_x)
    dx = width / (num_xs - 1)
    dy = 2.0 * math.sqrt(0.75 * dx * dx)
    ratio = height / dy if dy > 0 else math.inf
    return max(2, int(ratio + 0.5) + 1) if math.isfinite(ratio) else 2


def triangle_mesh(width: float, height: float, cell: float) -> tuple[np.ndarray, np.ndarray]:
    """Source vertices (V x 2) and triangles (T x 3 vertex indices, mpicbg's vertex order) of the
    ``CoordinateTransformMesh`` over a ``width x height`` tile."""
    num_xs = max(2, mesh_columns(width, cell))
    num_ys = mesh_rows(num_xs, width, height)
    dy = (height - 1) / (num_ys - 1)
    dx = (width - 1) / (num_xs - 1)
    vertices: list[tuple[float, float]] = [(xi * dx, 0.0) for xi in range(num_xs)]
    triangles: list[tuple[int, int, int]] = []
    for yi in range(1, num_ys):
        y_odd = yi * dy - dy / 2
        i = len(vertices)
        vertices.append((dx - dx / 2, y_odd))
        triangles.append((i - num_xs, i - num_xs + 1, i))
        for xi in range(2, num_xs):
            i = len(vertices)
            vertices.append((xi * dx - dx / 2, y_odd))
            i1 = i - num_xs
            triangles.append((i1, i1 + 1, i))
            triangles.append((i1, i, i - 1))
        y_even = yi * dy
        i = len(vertices)
        vertices.append((0.0, y_even))
        i1 = i - num_xs + 1
        triangles.append((i1 - num_xs, i1, i))
        for xi in range(1, num_xs - 1):
            i = len(vertices)
            vertices.append((xi * dx, y_even))
            i1 = i - num_xs
            triangles.append((i1, i, i - 1))
            triangles.append((i1, i1 + 1, i))
        i = len(vertices)
        vertices.append((width - 1, y_even))
        i1 = i - num_xs
        triangles.append((i - 1, i1, i))
        triangles.append((i1, i1 - num_xs + 1, i))
    return np.array(vertices, dtype=np.float64), np.array(triangles, dtype=np.intp)


def _mesh_inverse(mapper: Callable, width: float, height: float, cell: float,
                  points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Invert ``points`` through the mesh of ``mapper`` over the tile: (local points, invertible mask)."""
    source, triangles = triangle_mesh(width, height, cell)
    target = np.asarray(mapper(source.copy()), dtype=np.float64)
    s0, s1, s2 = (source[triangles[:, k]] for k in range(3))
    t0, t1, t2 = (target[triangles[:, k]] for k in range(3))
    e01, e12, e20 = t1 - t0, t2 - t1, t0 - t2
    det = e01[:, 0] * (t2 - t0)[:, 1] - e01[:, 1] * (t2 - t0)[:, 0]
    usable = det != 0   # AffineModel2D.fit fails on a degenerate triangle
    count = points.shape[0]
    local = np.array(points, dtype=np.float64, copy=True)
    found = np.zeros(count, dtype=bool)
    step = max(1, MESH_CELLS_PER_STEP // max(1, len(triangles)))
    for start in range(0, count, step):
        px = points[start:start + step, 0:1]
        py = points[start:start + step, 1:2]
        inside = np.repeat(usable[np.newaxis, :], px.shape[0], axis=0)
        for origin, edge in ((t0, e01), (t1, e12), (t2, e20)):
            inside &= edge[:, 0] * (py - origin[:, 1]) - edge[:, 1] * (px - origin[:, 0]) >= 0
        hit = inside.any(axis=1)
        first = inside.argmax(axis=1)[hit]
        rows = np.nonzero(hit)[0] + start
        p = points[rows] - t0[first]
        a, b = (t1 - t0)[first], (t2 - t0)[first]
        d = det[first]
        u = (p[:, 0] * b[:, 1] - p[:, 1] * b[:, 0]) / d
        v = (a[:, 0] * p[:, 1] - a[:, 1] * p[:, 0]) / d
        local[rows] = (s0[first] + u[:, np.newaxis] * (s1 - s0)[first]
                       + v[:, np.newaxis] * (s2 - s0)[first])
        found[rows] = True
    return local, found


# ============================================================================ one tile's mapping
def affine_matrix(specs: list[dict]) -> np.ndarray | None:
    """The composed 3x3 matrix of a list of affine-family leaves (None if any member is not one)."""
    from renderapi.transform import AffineModel

    matrix = np.eye(3)
    for spec in specs:
        if spec.get("type", LEAF) != LEAF:
            return None
        leaf = load_leaf(spec)
        if not isinstance(leaf, AffineModel):
            return None
        matrix = np.asarray(leaf.M, dtype=np.float64) @ matrix
    return matrix


@dataclass
class TileMapping:
    """A resolved tile's coordinate mapping (TileSpec.getWorldCoordinates / getLocalCoordinates)."""

    tile_id: str | None
    z: float | None
    width: float | None
    height: float | None
    mesh_cell_size: float
    specs: list[dict]
    has_transforms: bool
    _forward: Callable | None = field(default=None, repr=False)

    @classmethod
    def of(cls, raw_tile: dict, resolved_tile: dict, mesh_cell_size: float | None = None) -> TileMapping:
        """``raw_tile`` as stored or posted (it decides ``hasTransforms``), ``resolved_tile`` with refs
        resolved."""
        raw_list = raw_tile.get("transforms") or {"type": LIST, "specList": []}
        transforms = resolved_tile.get("transforms") or {"type": LIST, "specList": []}
        cell = mesh_cell_size if mesh_cell_size is not None else resolved_tile.get("meshCellSize")
        return cls(
            tile_id=resolved_tile.get("tileId"), z=resolved_tile.get("z"), width=resolved_tile.get("width"),
            height=resolved_tile.get("height"),
            mesh_cell_size=DEFAULT_MESH_CELL_SIZE if cell is None else float(cell),
            specs=flatten(transforms)["specList"], has_transforms=bool(raw_list.get("specList")),
        )

    def _mapper(self) -> Callable:
        if self._forward is None:
            self._forward = list_mapper({"type": LIST, "specList": self.specs})
        return self._forward

    def to_world(self, points: np.ndarray) -> np.ndarray:
        """Local (N x 2) -> world (N x 2)."""
        if not self.has_transforms:
            return np.array(points, dtype=np.float64, copy=True)
        return np.asarray(self._mapper()(np.array(points, dtype=np.float64, copy=True)), dtype=np.float64)

    def to_local(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """World (N x 2) -> (local N x 2, invertible mask N); 500 without width/height."""
        points = np.asarray(points, dtype=np.float64)
        if not self.has_transforms:
            return points.copy(), np.ones(points.shape[0], dtype=bool)
        if self.width is None or self.height is None:
            raise ServerError(MISSING_SIZE)
        # CoordinateTransformMesh takes float width and height
        width = float(np.float32(self.width))
        height = float(np.float32(self.height))
        matrix = affine_matrix(self.specs)
        if matrix is None:
            return _mesh_inverse(self._mapper(), width, height, self.mesh_cell_size, points)
        return _affine_inverse(matrix, width, height, points)

    def with_z(self, xy: Sequence[float]) -> list[float]:
        """``[x, y, z]``, or ``[x, y]`` for a tile without z (as TileSpec answers)."""
        values = [float(xy[0]), float(xy[1])]
        return values if self.z is None else values + [float(self.z)]


def _affine_inverse(matrix: np.ndarray, width: float, height: float,
                    points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Exact inverse of an affine tile with the mesh's containment rule (rectangle [0, W-1] x [0, H-1],
    mirroring transforms invert nothing since every mesh triangle is turned over)."""
    det = matrix[0, 0] * matrix[1, 1] - matrix[0, 1] * matrix[1, 0]
    if not det > 0:
        return points.copy(), np.zeros(points.shape[0], dtype=bool)
    inverse = np.linalg.inv(matrix)
    local = points @ inverse[:2, :2].T + inverse[:2, 2]
    tol_x = EDGE_TOLERANCE * max(1.0, abs(width))
    tol_y = EDGE_TOLERANCE * max(1.0, abs(height))
    inside = ((local[:, 0] >= -tol_x) & (local[:, 0] <= width - 1 + tol_x)
              & (local[:, 1] >= -tol_y) & (local[:, 1] <= height - 1 + tol_y))
    return local, inside
