"""First-order (scale, shear, rotation) decomposition shared by the affine and polynomial models."""

from __future__ import annotations

import numpy as np


def calc_first_order_properties(M: np.ndarray, force_shear: str = "x") -> tuple:
    """Decompose a 2x2 linear part ``M = S·H·R`` into ``(sx, sy, cx, cy, theta)``.

    ``S = diag(sx, sy)``, ``R`` a counter-clockwise rotation by ``theta`` (radians) and
    ``H = [[1, cx], [cy, 1]]`` with only ``cx`` (``force_shear='x'``) or only ``cy`` (``'y'``) non-zero.
    Works on ``AffineModel.M[0:2, 0:2]`` and on ``Polynomial2DTransform.params[:, 1:3]``.
    """
    if force_shear == "x":
        sy = np.sqrt(M[1, 0] ** 2 + M[1, 1] ** 2)
        theta = np.arctan2(M[1, 0], M[1, 1])
        rc, rs = np.cos(theta), np.sin(theta)
        sx = rc * M[0, 0] - rs * M[0, 1]
        cx = (M[0, 0] - sx * rc) / (sx * rs) if rs != 0 else (M[0, 1] - sx * rs) / (sx * rc)
        cy = 0.0
    elif force_shear == "y":
        sx = np.sqrt(M[0, 0] ** 2 + M[0, 1] ** 2)
        theta = np.arctan2(-M[0, 1], M[0, 0])
        rc, rs = np.cos(theta), np.sin(theta)
        sy = rs * M[1, 0] + rc * M[1, 1]
        cy = (M[1, 1] - sy * rc) / (-sy * rs) if rs != 0 else (M[1, 0] - sy * rs) / (sy * rc)
        cx = 0.0
    else:
        raise ValueError(f"{force_shear} not a valid option for force_shear. should be 'x' or 'y'")
    return sx, sy, cx, cy, theta
