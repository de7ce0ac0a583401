"""mpicbg.trakem2.transform.AffineModel3D: twelve numbers ``m00 m01 m02 m03 m10 … m23`` (row order).

render maps 2-d locations, and mpicbg's AffineModel3D.applyInPlace reads ``l[ 2 ]``
(mpicbg/models/AffineModel3D.java:110), so a tile using this class parses but fails as soon as a point
is mapped: Java 11's ArrayIndexOutOfBoundsException, a 500 from render-ws.
"""

from __future__ import annotations

import numpy as np

from render_emulator.geometry.java_transforms.class_names import AFFINE3D_CLASS
from render_emulator.geometry.java_transforms.errors import InitError, index_out_of_bounds
from renderapi.transform.leaf.datastring import parse_double, split_whitespace


class AffineModel3D:
    """A parsed AffineModel3D; ``matrix`` is the 3x4 row-major matrix."""

    def __init__(self, data: str):
        fields = split_whitespace(data)
        if len(fields) != 12:
            raise InitError(f"Inappropriate parameters for {AFFINE3D_CLASS}")
        self.matrix = np.array([parse_double(f) for f in fields], dtype=np.float64).reshape(3, 4)

    def tform(self, points: np.ndarray) -> np.ndarray:
        """Fails on any 2-d point (index 2 of a length-2 location)."""
        points = np.asarray(points, dtype=np.float64)
        if len(points) == 0:
            return points.copy()
        if points.shape[1] < 3:
            raise index_out_of_bounds(2, points.shape[1])
        return points @ self.matrix[:, :3].T + self.matrix[:, 3]


def affine_model_3d(data: str) -> AffineModel3D:
    """mpicbg.trakem2.transform.AffineModel3D."""
    return AffineModel3D(data)
