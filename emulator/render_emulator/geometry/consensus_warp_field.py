"""render-app's ConsensusWarpFieldBuilder: which consensus set's model each warp-field cell takes
(render-app/src/main/java/org/janelia/alignment/transform/ConsensusWarpFieldBuilder.java).

Points are scaled into cell units (x / (width / columns), y / (height / rows), lines 108-122); each cell,
at its integer (column, row) position, takes the set of its nearest point (buildModelIndexGrid, lines
411-436, a KD-tree search there, a brute-force numpy search here; equally near points of different sets
resolve to the first added, where imglib2's KD-tree order may differ).
"""

from __future__ import annotations

import numpy as np

# cells x points distances computed per chunk of cells
_CHUNK_VALUES = 1 << 22


def model_index_grid(point_sets: list[np.ndarray], width: float, height: float, rows: int,
                     columns: int) -> np.ndarray:
    """The consensus-set index of every cell, row after row (``columns`` fastest), as an int array."""
    scale = np.array([width / columns, height / rows])
    samples = np.concatenate([np.asarray(points, dtype=np.float64).reshape(-1, 2) / scale
                              for points in point_sets])
    labels = np.concatenate([np.full(len(np.asarray(points).reshape(-1, 2)), index)
                             for index, points in enumerate(point_sets)])
    if len(samples) == 0:
        raise ValueError("no consensus set points to build a warp field from")
    cells_x, cells_y = np.meshgrid(np.arange(columns, dtype=np.float64), np.arange(rows, dtype=np.float64))
    cells = np.column_stack((cells_x.ravel(), cells_y.ravel()))
    nearest = np.empty(len(cells), dtype=np.intp)
    step = max(1, _CHUNK_VALUES // len(samples))
    for start in range(0, len(cells), step):
        chunk = cells[start:start + step]
        distances = ((chunk[:, np.newaxis, :] - samples[np.newaxis, :, :]) ** 2).sum(axis=2)
        nearest[start:start + step] = distances.argmin(axis=1)
    return labels[nearest]


def consensus_set_count(index_grid: np.ndarray) -> int:
    """getNumberOfConsensusSetsInGrid: distinct set indexes left in the grid."""
    return len(set(index_grid.tolist()))


def build_field(models: list[np.ndarray], index_grid: np.ndarray, rows: int, columns: int) -> np.ndarray:
    """ConsensusWarpFieldBuilder.build (lines 138-163): (6, rows, columns) coefficients; the cell at
    (row, column) reads ``index_grid[row * rows + column]`` as the Java does (rowCount, not columnCount),
    an index error (500) when that runs past the grid."""
    field = np.zeros((6, rows, columns))
    for row in range(rows):
        for column in range(columns):
            grid_index = row * rows + column
            if grid_index >= len(index_grid):
                raise IndexError(f"Index {grid_index} out of bounds for length {len(index_grid)}")
            field[:, row, column] = models[index_grid[grid_index]]
    return field
