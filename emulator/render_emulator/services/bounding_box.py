"""Tile bounding boxes exactly as render-ws derives them (``TileSpec.deriveBoundingBox``, sloppy mode).

Edge sampling of the local rectangle ``W x H``: ``nx = max(2, Math.round(W / m))`` points spaced
``(W - 1) / (nx - 1)`` along the rows ``y = 0`` and ``y = H``, ``ny`` likewise along the columns ``x = 0``
and ``x = W`` (the corner ``(W, H)`` is never sampled). The samples are mapped through the tile's
transform list; ``minX = (int) xMin`` (truncation toward zero), ``maxX = minX + (int) ceil(xMax - xMin)``,
the same for y.

Tiles whose transforms are all ``AffineModel2D`` leaves are mapped in numpy batches (one batch per
sampling pattern); every other tile goes through ``renderapi.transform`` (via
:mod:`render_emulator.services.transform_specs`). A process that has not loaded numpy (an emulated
ImportJsonClient) derives the boxes of a few thousand one-affine tiles in plain Python instead: numpy's
import alone costs more CPU than that work (issue #13).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from render_emulator.errors import ServerError
from render_emulator.services.transform_specs import (
    AFFINE_CLASS,
    LEAF,
    LIST,
    affine_parameters,
    flatten,
    list_mapper,
    plain_affine_leaf_parameters,
    plain_affine_leaf_text,
    read_plain_affine_texts,
)
from renderapi._java import INT_MAX, INT_MIN, divide, int_cast, math_round

if TYPE_CHECKING:
    import numpy as np

DEFAULT_MESH_CELL_SIZE = 64.0
DOUBLE_MAX = sys.float_info.max
# render-ws would try to allocate this many samples (and fail); the emulator refuses earlier
MAX_SAMPLES_PER_EDGE = 1_000_000
# tiles per numpy batch (bounds the size of the T x S temporaries)
BATCH_TILES = 8192
# numpy's import costs ~90 ms of CPU, about what the plain-Python edge ends of this many one-affine tiles
# cost: a process without numpy loaded derives up to this many boxes per call without it
PLAIN_PYTHON_TILES = 20_000

Box = tuple[float, float, float, float]


def require_size(tile: dict) -> tuple[float, float]:
    """The tile's ``width`` and ``height``; 500 when either is missing (render-ws IllegalStateException)."""
    width, height = tile.get("width"), tile.get("height")
    if width is None or height is None:
        raise ServerError("width and height must be set to create a bounding box")
    return float(width), float(height)


def mesh_cell_size(tile: dict) -> float:
    value = tile.get("meshCellSize")
    return DEFAULT_MESH_CELL_SIZE if value is None else float(value)


def _edge_count(extent: float, cell: float) -> int:
    count = max(2, math_round(divide(extent, cell)))
    if count > MAX_SAMPLES_PER_EDGE:
        raise ServerError(
            f"bounding box sampling needs {count} points per edge (size {extent}, meshCellSize {cell}); "
            "render-ws emulator refuses to sample more than "
            f"{MAX_SAMPLES_PER_EDGE}"
        )
    return count


def sample_points(width: float, height: float, cell: float = DEFAULT_MESH_CELL_SIZE) -> np.ndarray:
    """The N x 2 local points render-ws maps to derive a bounding box."""
    import numpy as np

    nx = _edge_count(width, cell)
    ny = _edge_count(height, cell)
    xs = np.arange(nx, dtype=np.float64) * ((width - 1.0) / (nx - 1))
    ys = np.arange(ny, dtype=np.float64) * ((height - 1.0) / (ny - 1))
    points = np.empty((2 * nx + 2 * ny, 2), dtype=np.float64)
    points[:nx, 0] = xs
    points[:nx, 1] = 0.0
    points[nx:2 * nx, 0] = xs
    points[nx:2 * nx, 1] = height
    points[2 * nx:2 * nx + ny, 0] = 0.0
    points[2 * nx:2 * nx + ny, 1] = ys
    points[2 * nx + ny:, 0] = width
    points[2 * nx + ny:, 1] = ys
    return points


def _box_from_extremes(x_min: float, y_min: float, x_max: float, y_max: float) -> Box:
    # java.awt.Rectangle((int) min, (int) ceil(max - min)); NaN samples are ignored like Java's `<` tests
    if math.isnan(x_min):
        x_min, x_max = DOUBLE_MAX, -DOUBLE_MAX
    if math.isnan(y_min):
        y_min, y_max = DOUBLE_MAX, -DOUBLE_MAX
    min_x = int_cast(x_min)
    min_y = int_cast(y_min)
    width = int_cast(math.ceil(x_max - x_min)) if math.isfinite(x_max - x_min) else int_cast(x_max - x_min)
    height = int_cast(math.ceil(y_max - y_min)) if math.isfinite(y_max - y_min) else int_cast(y_max - y_min)
    return float(min_x), float(min_y), float(min_x + width), float(min_y + height)


def box_from_points(points: np.ndarray) -> Box:
    """Bounding box (minX, minY, maxX, maxY) of mapped sample points, with render-ws's rounding."""
    import numpy as np

    x_min = float(np.fmin.reduce(points[:, 0]))
    x_max = float(np.fmax.reduce(points[:, 0]))
    y_min = float(np.fmin.reduce(points[:, 1]))
    y_max = float(np.fmax.reduce(points[:, 1]))
    return _box_from_extremes(x_min, y_min, x_max, y_max)


def derive_bounding_box(tile: dict) -> Box:
    """(minX, minY, maxX, maxY) of a tile whose ``transforms`` are fully resolved (no ``ref`` left).

    Raises ServerError (500) without width/height, BadRequest (400) for unknown transform classes or
    unparsable dataStrings, and a 501 error for transform classes the emulator cannot compute.
    """
    return derive_bounding_boxes([tile])[0]


def derive_bounding_boxes(tiles: Sequence[dict]) -> list[Box]:
    """Bounding boxes of many resolved tiles; all-affine tiles are computed in numpy batches.

    Tiles are checked in order, so the first tile that cannot be derived decides the error.
    """
    try:
        return _derive_bounding_boxes(tiles, read_texts_together=True)
    except _TextsNotRead:   # a plain-looking dataString orjson does not read as float() does: one by one
        return _derive_bounding_boxes(tiles, read_texts_together=False)


class _TextsNotRead(Exception):
    """The plain affine dataStrings collected for one orjson call cannot be read that way."""


def _derive_bounding_boxes(tiles: Sequence[dict], read_texts_together: bool) -> list[Box]:
    boxes: list[Box | None] = [None] * len(tiles)
    # (width, height, cell, number of affines) -> [(tile index, 6 x k affine parameters)]
    affine_groups: dict[tuple[float, float, float, int], list[tuple[int, list]]] = {}
    # the dataStrings of tiles that are one plain affine leaf, and the one-element lists their parameters
    # go into (read together after the loop)
    texts: list[str] = []
    slots: list[list] = []
    for index, tile in enumerate(tiles):
        try:
            width, height = require_size(tile)
            cell = mesh_cell_size(tile)
            transforms = tile.get("transforms") or {"type": LIST, "specList": []}
            text = plain_affine_leaf_text(transforms) if read_texts_together else None
            if text is not None:   # the usual tile: no flatten, no checks, numbers read below
                affines: list | None = [None]
                texts.append(text)
                slots.append(affines)
            else:
                plain = plain_affine_leaf_parameters(transforms)
                if plain is not None:
                    affines = [plain]
                else:
                    specs = flatten(transforms)["specList"]
                    affines = _affine_chain(specs)
            if affines is None:
                points = list_mapper({"type": LIST, "specList": specs})(sample_points(width, height, cell))
                boxes[index] = box_from_points(points)
            else:
                group = affine_groups.get((width, height, cell, len(affines)))
                if group is None:   # the sampling checks depend on the group key only
                    _edge_count(width, cell)
                    _edge_count(height, cell)
                    group = affine_groups[(width, height, cell, len(affines))] = []
                group.append((index, affines))
        except Exception:
            # an earlier tile's text that is not read together may hold the first error: decide one by one
            if texts and read_plain_affine_texts(texts) is None:
                raise _TextsNotRead() from None
            raise
    if texts:
        parameters = read_plain_affine_texts(texts)
        if parameters is None:
            raise _TextsNotRead()
        for slot, row in zip(slots, parameters, strict=True):
            slot[0] = row
    without_numpy = "numpy" not in sys.modules and len(tiles) <= PLAIN_PYTHON_TILES
    for (width, height, cell, depth), members in affine_groups.items():
        if without_numpy and depth == 1:
            members = _plain_python_boxes(boxes, width, height, cell, members)
            if not members:
                continue
        samples = sample_points(width, height, cell)
        ends = edge_end_points(samples, _edge_count(width, cell))
        for start in range(0, len(members), BATCH_TILES):
            chunk = members[start:start + BATCH_TILES]
            for (index, _), box in zip(chunk, _affine_batch_boxes(samples, chunk, ends), strict=False):
                boxes[index] = box
    return boxes  # type: ignore[return-value]


def _affine_chain(specs: list[dict]) -> list[tuple[float, ...]] | None:
    """Parameters of every leaf when all are AffineModel2D with valid dataStrings, else None."""
    chain = []
    for spec in specs:
        if spec.get("type", LEAF) != LEAF or spec.get("className") != AFFINE_CLASS:
            return None
        chain.append(affine_parameters(spec))
    return chain


def _plain_python_boxes(boxes: list, width: float, height: float, cell: float, members: list) -> list:
    """Sets ``boxes[index]`` of one-affine members from the 8 edge ends of :func:`edge_end_points` (see
    :func:`_affine_batch_boxes` for why they hold the extremes), mapped with the same operations in plain
    Python floats (IEEE doubles, as numpy's); returns the members left to numpy (a parameter or an end not
    finite: all their samples are mapped there)."""
    nx, ny = _edge_count(width, cell), _edge_count(height, cell)
    x_step, y_step = (width - 1.0) / (nx - 1), (height - 1.0) / (ny - 1)
    # sample_points' first and last x (and y) along an edge: 0 * step and (n - 1) * step
    x_first, x_last, y_first, y_last = 0.0 * x_step, (nx - 1) * x_step, 0.0 * y_step, (ny - 1) * y_step
    ends = ((x_first, 0.0), (x_last, 0.0), (x_first, height), (x_last, height),
            (0.0, y_first), (0.0, y_last), (width, y_first), (width, y_last))
    left = []
    for member in members:
        params = member[1][0]
        m00, m10, m01, m11, m02, m12 = params
        xs = [x * m00 + y * m01 + m02 for x, y in ends]
        ys = [x * m10 + y * m11 + m12 for x, y in ends]
        # a NaN or infinity anywhere makes the sum one (a finite overflow only sends the tile to numpy)
        if not math.isfinite(sum(params) + sum(xs) + sum(ys)):
            left.append(member)
            continue
        x_min, x_max, y_min, y_max = min(xs), max(xs), min(ys), max(ys)
        x_extent, y_extent = x_max - x_min, y_max - y_min
        # _affine_batch_boxes' in-range arithmetic; the exact Java casts of _box_from_extremes otherwise
        # (an extent beyond the double range, a bound beyond int's)
        if math.isfinite(x_extent + y_extent):
            min_x, min_y = float(int(x_min)), float(int(y_min))
            box_width, box_height = float(math.ceil(x_extent)), float(math.ceil(y_extent))
            if INT_MIN < min_x < INT_MAX and INT_MIN < min_y < INT_MAX and box_width < INT_MAX \
                    and box_height < INT_MAX:
                boxes[member[0]] = (min_x, min_y, min_x + box_width, min_y + box_height)
                continue
        boxes[member[0]] = _box_from_extremes(x_min, y_min, x_max, y_max)
    return left


def edge_end_points(samples: np.ndarray, nx: int) -> np.ndarray:
    """The first and last sample of each of the four sampled edges (rows y=0 and y=H of ``nx`` points, then
    columns x=0 and x=W), in the layout of :func:`sample_points`."""
    ny = (samples.shape[0] - 2 * nx) // 2
    return samples[[0, nx - 1, nx, 2 * nx - 1, 2 * nx, 2 * nx + ny - 1, 2 * nx + ny, 2 * nx + 2 * ny - 1]]


def _affine_extremes(points: np.ndarray, params: np.ndarray) -> tuple[np.ndarray, ...]:
    import numpy as np

    count, depth = params.shape[:2]
    x = np.broadcast_to(points[:, 0], (count, points.shape[0]))
    y = np.broadcast_to(points[:, 1], (count, points.shape[0]))
    for level in range(depth):
        m00, m10, m01, m11, m02, m12 = (params[:, level, i:i + 1] for i in range(6))
        # same operation order as mpicbg's AffineModel2D.applyInPlace: (x*m00 + y*m01) + m02
        x, y = x * m00 + y * m01 + m02, x * m10 + y * m11 + m12
    return (np.fmin.reduce(x, axis=1), np.fmax.reduce(x, axis=1), np.fmin.reduce(y, axis=1),
            np.fmax.reduce(y, axis=1))


def _affine_batch_boxes(samples: np.ndarray, members: list, ends: np.ndarray | None = None) -> list[Box]:
    import numpy as np

    count = len(members)
    depth = len(members[0][1])
    params = np.array([affines for _, affines in members], dtype=np.float64).reshape(count, depth, 6)
    extremes = None
    if ends is not None and depth == 1 and np.isfinite(params).all():
        # One affine: along each sampled edge only x (or only y) changes, and (x*m00 + y*m01) + m02 is
        # monotone in it even when rounded (every IEEE operation rounds monotonically), so each edge's
        # extremes are at its two ends; 8 points give the extremes of all samples. Were any of them not
        # finite, an overflow may have happened in between: then all samples are mapped.
        extremes = _affine_extremes(ends, params)
        if not all(np.isfinite(extreme).all() for extreme in extremes):
            extremes = None
    x_min, x_max, y_min, y_max = extremes if extremes is not None else _affine_extremes(samples, params)
    if not (np.isfinite(x_min).all() and np.isfinite(y_min).all()
            and np.isfinite(x_max).all() and np.isfinite(y_max).all()):
        return [
            _box_from_extremes(float(a), float(b), float(c), float(d))
            for a, b, c, d in zip(x_min, y_min, x_max, y_max, strict=False)
        ]
    min_x = np.trunc(x_min)
    min_y = np.trunc(y_min)
    in_range = (
        (min_x > INT_MIN) & (min_x < INT_MAX) & (min_y > INT_MIN) & (min_y < INT_MAX)
    )
    width = np.ceil(x_max - x_min)
    height = np.ceil(y_max - y_min)
    in_range &= (width < INT_MAX) & (height < INT_MAX)
    if not in_range.all():
        return [
            _box_from_extremes(float(a), float(b), float(c), float(d))
            for a, b, c, d in zip(x_min, y_min, x_max, y_max, strict=False)
        ]
    max_x = min_x + width
    max_y = min_y + height
    # + 0.0 turns the -0.0 of truncated small negatives into 0.0, as Java's int cast does
    return list(zip((min_x + 0.0).tolist(), (min_y + 0.0).tolist(), (max_x + 0.0).tolist(),
                    (max_y + 0.0).tolist(), strict=False))
