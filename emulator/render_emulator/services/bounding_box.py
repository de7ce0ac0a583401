"""Tile bounding boxes exactly as render-ws derives them (``TileSpec.deriveBoundingBox``, sloppy mode).

Edge sampling of the local rectangle ``W x H``: ``nx = max(2, Math.round(W / m))`` points spaced
``(W - 1) / (nx - 1)`` along the rows ``y = 0`` and ``y = H``, ``ny`` likewise along the columns ``x = 0``
and ``x = W`` (the corner ``(W, H)`` is never sampled). The samples are mapped through the tile's
transform list; ``minX = (int) xMin`` (truncation toward zero), ``maxX = minX + (int) ceil(xMax - xMin)``,
the same for y.

Tiles whose transforms are all ``AffineModel2D`` leaves are mapped in numpy batches (one batch per
sampling pattern); every other tile goes through ``renderapi.transform`` (via
:mod:`render_emulator.services.transform_specs`). A process that has not loaded numpy (an emulated
ImportJsonClient) derives the boxes of one-affine tiles in plain Python instead: numpy's import alone
costs more CPU than that work for up to ~300k tiles (issue #13).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Iterable, Sequence
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
# numpy's import costs ~95 ms of CPU; a one-affine box costs ~1.1 us in plain Python, ~0.8 us in a numpy
# batch (the lists converted both ways): a process without numpy loaded derives up to this many boxes per
# call without it (the import would pay off only beyond ~300k)
PLAIN_PYTHON_TILES = 200_000

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


def derive_bounding_boxes(tiles: Sequence[dict], resolve: Callable[[dict], dict] | None = None) -> list[Box]:
    """Bounding boxes of many tiles; all-affine tiles are computed in numpy batches.

    ``resolve(tile)`` answers the resolved ``transforms`` of a tile (raising when it cannot); without it the
    tiles' ``transforms`` must be resolved already. It is not called for a tile whose transforms are one
    plain AffineModel2D leaf (no ref to resolve). Tiles are resolved and checked in order, so the first
    tile that cannot be resolved or derived decides the error.
    """
    try:
        return _derive_bounding_boxes(tiles, read_texts_together=True, resolve=resolve)
    except _TextsNotRead:   # a plain-looking dataString orjson does not read as float() does: one by one
        return _derive_bounding_boxes(tiles, read_texts_together=False, resolve=resolve)


class _TextsNotRead(Exception):
    """The plain affine dataStrings collected for one orjson call cannot be read that way."""


def _derive_bounding_boxes(tiles: Sequence[dict], read_texts_together: bool,
                           resolve: Callable[[dict], dict] | None = None) -> list[Box]:
    boxes: list[Box | None] = [None] * len(tiles)
    # (width, height, cell, number of affines) -> ([tile index], [6 x k affine parameters])
    affine_groups: dict[tuple[float, float, float, int], tuple[list[int], list]] = {}
    # tiles that are one plain AffineModel2D leaf, by (width, height, meshCellSize) as the tile holds them:
    # ((width, height, cell), [tile index], [dataString]); their texts are read together after the loop
    text_groups: dict[tuple, tuple[tuple[float, float, float], list[int], list[str]]] = {}
    held_size = None   # the last text tile's (width, height, meshCellSize) and its group's lists
    indices: list[int] = []
    texts: list[str] = []
    text = None
    for index, tile in enumerate(tiles):
        try:
            transforms = tile.get("transforms")
            text = plain_affine_leaf_text(transforms) if read_texts_together and transforms else None
            if text is not None:   # the usual tile: no resolution, flatten or checks; numbers read below
                size = (tile.get("width"), tile.get("height"), tile.get("meshCellSize"))
                if size != held_size:
                    group = text_groups.get(size)
                    if group is None:   # the size checks depend on these values only
                        width, height = require_size(tile)
                        cell = mesh_cell_size(tile)
                        _edge_count(width, cell)
                        _edge_count(height, cell)
                        group = text_groups[size] = ((width, height, cell), [], [])
                    held_size, indices, texts = size, group[1], group[2]
                indices.append(index)
                texts.append(text)
                continue
            if resolve is not None:
                transforms = resolve(tile)
            elif not transforms:
                transforms = {"type": LIST, "specList": []}
            width, height = require_size(tile)
            cell = mesh_cell_size(tile)
            plain = plain_affine_leaf_parameters(transforms)
            if plain is not None:
                affines = [plain]
            else:
                specs = flatten(transforms)["specList"]
                affines = _affine_chain(specs)
            if affines is None:
                points = list_mapper({"type": LIST, "specList": specs})(sample_points(width, height, cell))
                boxes[index] = box_from_points(points)
                continue
            group_key = (width, height, cell, len(affines))
            affine_group = affine_groups.get(group_key)
            if affine_group is None:   # the sampling checks depend on the group key only
                _edge_count(width, cell)
                _edge_count(height, cell)
                affine_group = affine_groups[group_key] = ([], [])
            affine_group[0].append(index)
            affine_group[1].append(affines)
        except Exception:
            # an earlier tile's text, or this tile's (checked after its size), that is not read together
            # may hold the first error: decide one by one
            if text is not None or text_groups:
                pending = [held for _, _, group_texts in text_groups.values() for held in group_texts]
                if text is not None:
                    pending.append(text)
                if read_plain_affine_texts(pending) is None:
                    raise _TextsNotRead() from None
            raise
    without_numpy = "numpy" not in sys.modules and len(tiles) <= PLAIN_PYTHON_TILES
    if text_groups:
        rows = _read_texts(text_groups.values())
        if rows is None:
            raise _TextsNotRead()
        start = 0
        for (width, height, cell), indices, _ in text_groups.values():
            group_rows = rows if len(text_groups) == 1 else rows[start:start + len(indices)]
            start += len(indices)
            if without_numpy:
                indices, group_rows = _plain_python_boxes(boxes, width, height, cell, indices, group_rows)
            if indices:
                _numpy_boxes(boxes, width, height, cell, indices, group_rows)
    for (width, height, cell, depth), (indices, chains) in affine_groups.items():
        if without_numpy and depth == 1:
            indices, chains = _plain_python_boxes(boxes, width, height, cell, indices,
                                                  [chain[0] for chain in chains])
            chains = [[row] for row in chains]
        if indices:
            _numpy_boxes(boxes, width, height, cell, indices, chains)
    return boxes  # type: ignore[return-value]


def _read_texts(text_groups: Iterable[tuple[tuple, list[int], list[str]]]) -> list[list[float]] | None:
    """The parameters of every text group's texts, in group order (one orjson call), or None."""
    groups = list(text_groups)
    texts = groups[0][2] if len(groups) == 1 else [text for _, _, texts in groups for text in texts]
    return read_plain_affine_texts(texts)


def _affine_chain(specs: list[dict]) -> list[tuple[float, ...]] | None:
    """Parameters of every leaf when all are AffineModel2D with valid dataStrings, else None."""
    chain = []
    for spec in specs:
        if spec.get("type", LEAF) != LEAF or spec.get("className") != AFFINE_CLASS:
            return None
        chain.append(affine_parameters(spec))
    return chain


def _numpy_boxes(boxes: list, width: float, height: float, cell: float, indices: list[int],
                 chains: list) -> None:
    """Sets ``boxes[index]`` of tiles of one size whose transforms are affine chains of one depth
    (``chains``: per tile, its parameters as k x 6 or, for k = 1, 6 numbers), in numpy batches."""
    import numpy as np

    samples = sample_points(width, height, cell)
    ends = edge_end_points(samples, _edge_count(width, cell))
    for start in range(0, len(indices), BATCH_TILES):
        chunk = chains[start:start + BATCH_TILES]
        params = np.array(chunk, dtype=np.float64).reshape(len(chunk), -1, 6)
        for index, box in zip(indices[start:start + BATCH_TILES], _affine_batch_boxes(samples, params, ends),
                              strict=True):
            boxes[index] = box


def _plain_python_boxes(boxes: list, width: float, height: float, cell: float, indices: list[int],
                        rows: list) -> tuple[list[int], list]:
    """Sets ``boxes[index]`` of one-affine tiles (``rows``: their six parameters) from the 8 edge ends of
    :func:`edge_end_points` (see :func:`_affine_batch_boxes` for why they hold the extremes), mapped with
    the operations of :func:`_affine_extremes` in plain Python floats (IEEE doubles, as numpy's); answers
    the indices and rows left to numpy (a parameter beyond ``limit`` below or NaN, or a size whose ends
    are not finite).

    An end maps to ``(x*m00 + y*m01) + m02``. The ends are two sets, {x_first, x_last} x {0, H} (the rows)
    and {0, W} x {y_first, y_last} (the columns), and a rounded sum is monotone in each operand, so the
    least end of a set is (least x product + least y product) + m02, the greatest likewise: the extremes
    of the 8 ends from the products of x_last, W, H and y_last (those of x_first, y_first and 0 are zeros)
    and 4 sums per coordinate. They equal the extremes of mapping each end, but for the sign of a zero,
    which no box shows (the int cast and the extent drop it). With every parameter within ``limit``, no
    product or sum reaches the double range (all stay below 3/8 of its maximum, the extents below 3/4):
    each box is Java's casts of finite values (_box_from_extremes for a bound beyond int's)."""
    nx, ny = _edge_count(width, cell), _edge_count(height, cell)
    # sample_points' last x (and y) along an edge, (n - 1) * step; the first, 0 * step, maps to zero
    x_last, y_last = (nx - 1) * ((width - 1.0) / (nx - 1)), (ny - 1) * ((height - 1.0) / (ny - 1))
    largest = max(abs(x_last), abs(y_last), abs(width), abs(height), 1.0)
    if not math.isfinite(largest):
        return indices, rows
    limit = DOUBLE_MAX / 8.0 / largest
    left_indices: list[int] = []
    left_rows: list = []
    # one loop with no call per tile: ~4x faster than mapping the 8 ends in lists (issue #13)
    for index, row in zip(indices, rows, strict=True):
        m00, m10, m01, m11, m02, m12 = row
        if not (-limit < m00 < limit and -limit < m10 < limit and -limit < m01 < limit
                and -limit < m11 < limit and -limit < m02 < limit and -limit < m12 < limit):
            left_indices.append(index)   # a NaN fails every comparison too
            left_rows.append(row)
            continue
        # x: the rows' products x_last*m00 and H*m01, the columns' W*m00 and y_last*m01 (and zeros)
        a, b, c, d = x_last * m00, height * m01, width * m00, y_last * m01
        low, low_columns = (a if a < 0.0 else 0.0) + (b if b < 0.0 else 0.0), \
            (c if c < 0.0 else 0.0) + (d if d < 0.0 else 0.0)
        high, high_columns = (a if a > 0.0 else 0.0) + (b if b > 0.0 else 0.0), \
            (c if c > 0.0 else 0.0) + (d if d > 0.0 else 0.0)
        x_min = (low if low < low_columns else low_columns) + m02
        x_max = (high if high > high_columns else high_columns) + m02
        a, b, c, d = x_last * m10, height * m11, width * m10, y_last * m11
        low, low_columns = (a if a < 0.0 else 0.0) + (b if b < 0.0 else 0.0), \
            (c if c < 0.0 else 0.0) + (d if d < 0.0 else 0.0)
        high, high_columns = (a if a > 0.0 else 0.0) + (b if b > 0.0 else 0.0), \
            (c if c > 0.0 else 0.0) + (d if d > 0.0 else 0.0)
        y_min = (low if low < low_columns else low_columns) + m12
        y_max = (high if high > high_columns else high_columns) + m12
        # (int) min and (int) ceil(extent), as floats: trunc is floor (x // 1.0) toward zero, and + 0.0
        # drops the sign of a truncated small negative (Java's int has no -0); ceil(e) is -floor(-e)
        min_x = x_min // 1.0 if x_min >= 0.0 else -(-x_min // 1.0) + 0.0
        min_y = y_min // 1.0 if y_min >= 0.0 else -(-y_min // 1.0) + 0.0
        box_width = -((x_min - x_max) // 1.0)
        box_height = -((y_min - y_max) // 1.0)
        if INT_MIN < min_x < INT_MAX and INT_MIN < min_y < INT_MAX and box_width < INT_MAX \
                and box_height < INT_MAX:
            boxes[index] = (min_x, min_y, min_x + box_width, min_y + box_height)
        else:
            boxes[index] = _box_from_extremes(x_min, y_min, x_max, y_max)
    return left_indices, left_rows


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


def _affine_batch_boxes(samples: np.ndarray, params: np.ndarray, ends: np.ndarray | None = None) -> list[Box]:
    """Boxes of tiles with these ``samples`` whose transforms are affine chains: ``params`` is
    count x depth x 6 (``m00 m10 m01 m11 m02 m12`` of each affine, in list order)."""
    import numpy as np

    depth = params.shape[1]
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
