"""Sampling a tile's source image (or mask) over its footprint window: the value each covered output pixel
takes from a mipmap level of the source.

Bilinear samples of an affine footprint come from Pillow's ``Image.transform(AFFINE, BILINEAR)`` on the
float32 image (one call per window and channel, the way mpicbg maps each mesh triangle with its affine); it
interpolates the 2 x 2 neighbourhood with edge pixels repeated, as ``scipy.ndimage.map_coordinates(order=1,
mode="nearest")`` does, so the two agree on every covered pixel. Mesh footprints and nearest-neighbour
sampling go through scipy at every window pixel's local point.
"""

from __future__ import annotations

import numpy as np
from PIL import Image
from scipy import ndimage

from render_emulator.services.tile_warp import Footprint

# Pillow resamples once the window has at least 1/8 of the source's pixels (measured: per pixel it is about
# ten times faster than map_coordinates, but copying a source into a Pillow image costs a pass over it)
WINDOW_TO_SOURCE_FOR_PILLOW = 8


def mipmap_affine(to_local: np.ndarray, level: int) -> np.ndarray:
    """``to_local`` (window -> level-0 pixels) followed by level-0 -> pixels of a mipmap level made by
    averaging 2^level x 2^level blocks (Utils.createScaleLevelTransform: level-0 = s * mip + (s - 1) / 2)."""
    if level == 0:
        return to_local
    scale = float(2 ** level)
    shifted = to_local.copy()
    shifted[:, 2] -= (scale - 1) / 2
    return shifted / scale


def mipmap_points(local: np.ndarray, level: int) -> np.ndarray:
    """Level-0 tile pixel coordinates (any array of them) as pixels of mipmap ``level`` (see
    ``mipmap_affine``)."""
    if level == 0:
        return local
    scale = float(2 ** level)
    return (local - (scale - 1) / 2) / scale


def _pillow_affine(plane: np.ndarray, matrix: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """``plane`` (H x W float32) bilinearly sampled at ``matrix @ (col, row, 1)`` for every pixel of a
    ``shape`` window. Pillow maps pixel centres (``col + 0.5``) and samples at ``x - 0.5``: the shift."""
    a, b, c = matrix[0]
    d, e, f = matrix[1]
    data = (a, b, c + 0.5 - 0.5 * (a + b), d, e, f + 0.5 - 0.5 * (d + e))
    image = Image.fromarray(np.ascontiguousarray(plane, dtype=np.float32))   # mode "F"
    warped = image.transform((shape[1], shape[0]), Image.Transform.AFFINE, data, Image.Resampling.BILINEAR)
    return np.asarray(warped, dtype=np.float32)


def _worth_a_copy(image: np.ndarray, window_pixels: int) -> bool:
    """Pillow needs the whole source copied into an image first; for a window much smaller than the source
    (a layer overview, a tile's corner) sampling just the window's points is cheaper."""
    return window_pixels * WINDOW_TO_SOURCE_FOR_PILLOW >= image.shape[0] * image.shape[1]


def _scipy_grid(image: np.ndarray, grid: np.ndarray, order: int) -> np.ndarray:
    """``image`` (H x W or H x W x C) at the 2 x h x w (x, y) ``grid``: h x w (x C) values."""
    coords = grid[::-1]
    if image.ndim == 2:
        return ndimage.map_coordinates(image, coords, order=order, mode="nearest")
    return np.stack([ndimage.map_coordinates(image[..., c], coords, order=order, mode="nearest")
                     for c in range(image.shape[2])], axis=2)


def sample_window(image: np.ndarray, footprint: Footprint, level: int, order: int) -> np.ndarray:
    """``image`` (mipmap ``level``; H x W or H x W x C float32) sampled for the footprint window: an h x w
    (x C) float32 array whose covered pixels hold the samples (the others hold no meaningful value).
    ``order`` 1 is bilinear, 0 nearest neighbour."""
    shape = footprint.mask.shape
    if order == 1 and footprint.to_local is not None and _worth_a_copy(image, footprint.mask.size):
        matrix = mipmap_affine(footprint.to_local, level)
        if image.ndim == 2:
            return _pillow_affine(image, matrix, shape)
        return np.stack([_pillow_affine(image[..., c], matrix, shape) for c in range(image.shape[2])], axis=2)
    return _scipy_grid(image, mipmap_points(footprint.grid(), level), order)
