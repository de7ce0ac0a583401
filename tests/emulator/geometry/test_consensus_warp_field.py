"""geometry.consensus_warp_field and the warp-field grid helpers, against render-app's own tests."""

import numpy as np

from render_emulator.geometry.consensus_warp_field import build_field, consensus_set_count, model_index_grid
from render_emulator.geometry.java_transforms.warp_field import high_resolution_grid


def test_high_resolution_copy_matches_render_test():
    """AffineWarpFieldTest.testGetHighResolutionCopy (lines 30-75): a 3x4 field split 3x3 keeps cell
    (1, 2)'s values at hi-res cell (4, 6)."""
    grid = np.zeros((6, 3, 4))
    for row in range(3):
        for column in range(4):
            grid[:, row, column] = row * 4 + column
    hi_res = high_resolution_grid(grid, 3, 3)
    assert hi_res.size == 3 * 3 * 4 * 3 * 6
    np.testing.assert_allclose(hi_res[:, 4, 6], grid[:, 1, 2], atol=1e-4)


def _points(coordinates):
    return np.array(coordinates, dtype=np.float64)


def test_consensus_set_counts_match_render_test():
    """ConsensusWarpFieldBuilderTest.testMerge (lines 60-120): builder 1 keeps 3 consensus sets in its
    10x10 grid, builder 2 keeps 2."""
    set_a, set_b, set_c = [], [], []
    column = 0
    for row in range(10):
        if row < 5:
            set_a.append((column * 100, row * 100))
            set_b.append(((column + 1) * 100, row * 100))
            column += 1
        else:
            set_c.append((column * 100, row * 100))
            set_a.append(((column - 1) * 100, row * 100))
            column -= 1
    for c in range(6, 10):
        set_b.append((c * 100, 400))
        set_c.append((c * 100, 500))
    grid1 = model_index_grid([_points(s) for s in (set_a, set_b, set_c)], 1000.0, 1000.0, 10, 10)
    assert consensus_set_count(grid1) == 3
    left = [(c * 100, r * 100) for c in range(4) for r in range(10)]
    right = [(c * 100, r * 100) for c in range(4, 10) for r in range(10)]
    grid2 = model_index_grid([_points(left), _points(right)], 1000.0, 1000.0, 10, 10)
    assert consensus_set_count(grid2) == 2
    assert grid2.reshape(10, 10)[:, :4].max() == 0 and grid2.reshape(10, 10)[:, 4:].min() == 1


def test_build_field_reads_the_grid_with_the_row_count():
    """ConsensusWarpFieldBuilder.build (lines 146-150) indexes the cell grid with row * rowCount + column:
    a 2x3 grid reads cells 0 1 2 / 2 3 4, a 3x2 grid runs past its 6 cells (index error)."""
    models = [np.full(6, float(i)) for i in range(6)]
    field = build_field(models, np.arange(6), 2, 3)
    assert field[0].tolist() == [[0, 1, 2], [2, 3, 4]]
    try:
        build_field(models, np.arange(6), 3, 2)
    except IndexError as error:
        assert str(error) == "Index 6 out of bounds for length 6"
    else:
        raise AssertionError("expected an index error")
