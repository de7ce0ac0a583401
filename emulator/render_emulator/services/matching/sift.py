"""SIFT features of a rendered canvas, as render-app's CanvasFeatureExtractor asks mpicbg for them
(render-app/.../match/CanvasFeatureExtractor.java:278), computed with OpenCV's SIFT.

mpicbg's FloatArray2DSIFT is not available in Python; OpenCV's SIFT (a well-kept implementation of the same
Lowe detector) is driven to match it as closely as the two allow:

- the canvas is scaled down to fit ``maxOctaveSize - 1`` when it is larger (kept as is when that scale is
  above 0.9) and its intensities are normalised to the full range (mpicbg/ij/SIFT.java:64-99);
- ``steps`` scales per octave and the initial sigma 1.6 (FloatArray2DSIFT.Param);
- mpicbg's contrast threshold 0.025 on [0, 1] images (FloatArray2DScaleOctaveDoGDetector.java:33), which is
  OpenCV's ``contrastThreshold`` 0.025 x steps, and its curvature ratio 10 (``edgeThreshold``);
- only octaves mpicbg builds are kept: no up-sampled octave, none larger than ``maxOctaveSize`` and none at or
  below ``max(maxKernelSize, minOctaveSize - 1)`` (FloatArray2DSIFT.java:193-225).

OpenCV's descriptors are always 4 x 4 x 8 = 128 values, so ``fdSize`` (render's default 8) cannot be honoured;
``fdBins`` is 8 in both.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

INITIAL_SIGMA = 1.6
MIN_CONTRAST = 0.025       # FloatArray2DScaleOctaveDoGDetector.MIN_CONTRAST
MAX_CURVATURE = 10.0       # FloatArray2DScaleOctaveDoGDetector.MAX_CURVATURE


@dataclass(frozen=True)
class SiftParameters:
    """FeatureExtractionParameters (defaults from FeatureExtractionParameters.setDefaults)."""

    fd_size: int = 8
    min_scale: float = 0.5
    max_scale: float = 0.85
    steps: int = 3


@dataclass(frozen=True)
class Features:
    """Feature locations (N x 2, canvas pixels) and their descriptors (N x 128 float32)."""

    locations: np.ndarray
    descriptors: np.ndarray

    def __len__(self) -> int:
        return len(self.locations)


def octave_sizes(params: SiftParameters, width: int, height: int) -> tuple[int, int]:
    """(minOctaveSize, maxOctaveSize) CanvasFeatureExtractor derives from the canvas size."""
    min_size, max_size = min(width, height), max(width, height)
    return int(params.min_scale * min_size - 1.0), math.floor(params.max_scale * max_size + 0.5)


def _max_kernel_size(steps: int) -> int:
    """Length of mpicbg's largest difference kernel (``kernel_diff[steps + 2]``)."""
    sigma = INITIAL_SIGMA * 2.0 ** ((steps + 2) / steps)
    sigma_diff = math.sqrt(sigma * sigma - INITIAL_SIGMA * INITIAL_SIGMA)
    return max(3, 2 * int(3 * sigma_diff + 0.5) + 1)


def _octaves_kept(width: int, height: int, steps: int, min_octave_size: int,
                  max_octave_size: int) -> set[int]:
    """Indexes of the octaves mpicbg builds and does not clear for a ``width`` x ``height`` image."""
    threshold = max(_max_kernel_size(steps), min_octave_size - 1)
    kept: set[int] = set()
    w, h = float(width), float(height)
    src_w, src_h, octave = width, height, 0
    while w > threshold and h > threshold:
        if src_w <= max_octave_size and src_h <= max_octave_size:
            kept.add(octave)
        w, h = w / 2.0, h / 2.0
        src_w, src_h = src_w // 2 + src_w % 2, src_h // 2 + src_h % 2
        octave += 1
    return kept


def _normalized8(image: np.ndarray) -> np.ndarray:
    """ImageArrayConverter's crop-and-normalise to [0, 1], as the 0..255 bytes OpenCV's SIFT takes."""
    low, high = float(image.min()), float(image.max())
    if high <= low:
        return np.zeros(image.shape, dtype=np.uint8)
    return np.rint((image.astype(np.float32) - low) * np.float32(255.0 / (high - low))).astype(np.uint8)


def extract_features(image: np.ndarray, mask: np.ndarray | None, params: SiftParameters) -> Features:
    """SIFT features of a gray canvas; features on masked-out pixels (mask value 0) are dropped, as
    CanvasFeatureExtractor does."""
    import cv2  # imported here so the emulator starts without paying for OpenCV

    height, width = image.shape
    min_octave_size, max_octave_size = octave_sizes(params, width, height)
    limit = np.float32(max_octave_size - 1)
    scale = np.float32(1.0)
    source = image.astype(np.float32)
    if limit < width or limit < height:
        scale = np.float32(min(limit / np.float32(width), limit / np.float32(height)))
        if scale > 0.9:
            scale = np.float32(1.0)
        else:
            size = (max(1, round(width * float(scale))), max(1, round(height * float(scale))))
            source = cv2.resize(source, size, interpolation=cv2.INTER_AREA)
    kept = _octaves_kept(source.shape[1], source.shape[0], params.steps, min_octave_size, max_octave_size)
    empty = Features(np.zeros((0, 2)), np.zeros((0, 128), dtype=np.float32))
    if not kept:
        return empty
    sift = cv2.SIFT_create(nfeatures=0, nOctaveLayers=params.steps,
                           contrastThreshold=MIN_CONTRAST * params.steps, edgeThreshold=MAX_CURVATURE,
                           sigma=INITIAL_SIGMA)
    normalized = _normalized8(source)
    keypoints = [kp for kp in sift.detect(normalized, None) if _octave(kp) in kept]
    if not keypoints:
        return empty
    # OpenCV collects keypoints from parallel workers: sort them so that runs are repeatable
    keypoints.sort(key=lambda kp: (_octave(kp), kp.pt[1], kp.pt[0], kp.size, kp.angle, kp.response))
    keypoints, descriptors = sift.compute(normalized, keypoints)
    if descriptors is None or not keypoints:
        return empty
    locations = np.array([kp.pt for kp in keypoints], dtype=np.float64) / float(scale)
    descriptors = descriptors.astype(np.float32)
    if mask is not None:
        columns = np.clip(locations[:, 0].astype(np.intp), 0, mask.shape[1] - 1)
        rows = np.clip(locations[:, 1].astype(np.intp), 0, mask.shape[0] - 1)
        visible = mask[rows, columns] != 0
        locations, descriptors = locations[visible], descriptors[visible]
    return Features(locations, descriptors)


def _octave(keypoint) -> int:
    """The octave index OpenCV packs into the low byte of ``KeyPoint.octave`` (signed: -1 is up-sampled)."""
    octave = keypoint.octave & 255
    return octave - 256 if octave >= 128 else octave
