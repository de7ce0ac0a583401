"""Sampling sources over a footprint window: Pillow's affine resampling must give what the per-point
bilinear rule (scipy.ndimage.map_coordinates, order 1, edges repeated) gives at every covered pixel,
at every mipmap level, for gray and colour sources; nearest-neighbour and mesh footprints go through scipy."""

import numpy as np
import pytest
from scipy import ndimage

from render_emulator.services.tile_sampling import mipmap_points, sample_window
from render_emulator.services.tile_warp import Box, tile_footprint

AFFINE = "mpicbg.trakem2.transform.AffineModel2D"
POLYNOMIAL = "mpicbg.trakem2.transform.PolynomialTransform2D"


def flat_tile(class_name, data):
    leaf = {"type": "leaf", "className": class_name, "dataString": data}
    return {"tileId": "t", "transforms": {"type": "list", "specList": [leaf]}}


def pointwise(image, local, order):
    coords = [local[:, 1], local[:, 0]]
    if image.ndim == 2:
        return ndimage.map_coordinates(image, coords, order=order, mode="nearest")
    return np.column_stack([ndimage.map_coordinates(image[..., c], coords, order=order, mode="nearest")
                            for c in range(image.shape[2])])


@pytest.mark.parametrize("data", ["0.8 0.5 -0.5 0.8 40 -10", "0.5 0 0 2 3.3 7.7", "1 0 0 1 0 0",
                                  "0.999 0.01 -0.01 0.999 12.25 -3.5"])
@pytest.mark.parametrize("level", [0, 1, 2])
@pytest.mark.parametrize("channels", [None, 3])
def test_affine_windows_match_the_pointwise_bilinear_rule(data, level, channels):
    rng = np.random.default_rng(5)
    size = 96 // 2 ** level
    shape = (size, size) if channels is None else (size, size, channels)
    image = rng.integers(0, 256, shape).astype(np.float32)
    box = Box(x=-20.5, y=-30.25, scale=0.7, width=150, height=160)
    footprint = tile_footprint(flat_tile(AFFINE, data), box, 96.0, 96.0)
    assert footprint.to_local is not None
    window = sample_window(image, footprint, level, order=1)
    expected = pointwise(image, mipmap_points(footprint.local, level), 1)
    assert np.allclose(window[footprint.mask], expected, atol=1e-3)


def test_nearest_and_mesh_windows_sample_the_covered_points():
    rng = np.random.default_rng(6)
    image = rng.integers(0, 256, (80, 80)).astype(np.float32)
    box = Box(x=-5.0, y=-5.0, scale=1.3, width=130, height=130)
    affine = tile_footprint(flat_tile(AFFINE, "0.9 0.2 -0.2 0.9 4 6"), box, 80.0, 80.0)
    nearest = sample_window(image, affine, 0, order=0)
    assert np.array_equal(nearest[affine.mask], pointwise(image, affine.local, 0))
    mesh = tile_footprint(flat_tile(POLYNOMIAL, "4 1 0 6 0 1"), box, 80.0, 80.0)
    assert mesh.to_local is None and mesh.mask.any()
    bilinear = sample_window(image, mesh, 0, order=1)
    assert np.array_equal(bilinear[mesh.mask], pointwise(image, mesh.local, 1))


def test_a_window_much_smaller_than_its_source_is_sampled_point_by_point():
    rng = np.random.default_rng(7)
    image = rng.integers(0, 256, (96, 96)).astype(np.float32)
    box = Box(x=0.0, y=0.0, scale=0.05, width=8, height=8)
    footprint = tile_footprint(flat_tile(AFFINE, "0.9 0.2 -0.2 0.9 4 6"), box, 96.0, 96.0)
    assert footprint.mask.size * 8 < image.size
    window = sample_window(image, footprint, 0, order=1)
    assert np.array_equal(window[footprint.mask], pointwise(image, footprint.local, 1))
