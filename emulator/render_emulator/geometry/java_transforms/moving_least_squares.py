"""Moving least squares warps (Schaefer et al. 2006) as mpicbg 1.4.2 computes them.

Each point is mapped by a model (translation, rigid, similarity or affine) fitted to every control point
p→q with weight ``w / |p − x|^(2·alpha)``; a point on a control point p maps to its q.

* ``mpicbg.trakem2.transform.MovingLeastSquaresTransform2`` (models/MovingLeastSquaresTransform2.java:
  float p, q, w; weights rounded to float, line "ww[ i ] = ( float )( w[ i ] * weigh( s ) )")
* ``mpicbg.trakem2.transform.MovingLeastSquaresTransform`` (models/MovingLeastSquaresTransform.java:
  double point matches)

dataString (trakem2 ``init``): ``model n alpha`` then per control point n p-coordinates, n q-coordinates
and a weight. The fits are mpicbg's closed forms (AffineModel2D.java:205, RigidModel2D.java:194,
SimilarityModel2D.java:198, TranslationModel2D.java:133) evaluated for a chunk of points at once with numpy;
Java sums control points one by one, so results agree to rounding. A fit mpicbg refuses (too few control
points, singular affine) leaves the point where it is, as the Java catch blocks do.
"""

from __future__ import annotations

import numpy as np

from render_emulator.geometry.java_transforms.class_names import MLS2_CLASS, MLS_CLASS
from render_emulator.geometry.java_transforms.errors import InitError, index_out_of_bounds
from renderapi.transform.leaf.datastring import parse_double, parse_int, split_whitespace

# MIN_NUM_MATCHES of each mpicbg model
_MIN_MATCHES = {"translation": 1, "rigid": 2, "similarity": 2, "affine": 3, "affine3d": 4}
# one chunk holds at most this many point x control-point values per array
_CHUNK_VALUES = 1 << 21


class MovingLeastSquares:
    """A parsed MovingLeastSquaresTransform(2): ``tform`` maps (N, 2) local points to world."""

    def __init__(self, data: str, class_name: str, single_precision: bool):
        self.class_name = class_name
        self.single_precision = single_precision
        fields = split_whitespace(data)
        bad = f"Inappropriate parameters for {class_name}"
        if len(fields) <= 3:
            raise InitError(bad)
        dims = parse_int(fields[1])
        cell = 2 * dims + 1
        # Java's int remainder keeps the dividend's sign; cell == 0 cannot happen for an int dims
        if cell == 0 or _java_remainder(len(fields) - 3, cell) != 0:
            raise InitError(bad)
        if dims == 2 and fields[0] in ("translation", "rigid", "similarity", "affine"):
            self.model = fields[0]
        elif dims == 3 and fields[0] == "affine":
            self.model = "affine3d"
        else:
            raise InitError(bad)
        self.alpha = parse_double(fields[2])
        dtype = np.float32 if single_precision else np.float64
        values = np.array([parse_double(f) for f in fields[3:]], dtype=np.float64).astype(dtype)
        rows = values.reshape(-1, cell)
        self.p = rows[:, :dims].astype(np.float64)          # (L, dims) control points (local)
        self.q = rows[:, dims:2 * dims].astype(np.float64)  # (L, dims) their targets (world)
        self.w = rows[:, 2 * dims].astype(np.float64)       # (L,) weights

    def tform(self, points: np.ndarray) -> np.ndarray:
        """World from local; a 3-d model fails on 2-d points as mpicbg's AffineModel3D does (500)."""
        points = np.array(points, dtype=np.float64, copy=True)
        count = len(self.w)
        if len(points) == 0 or count == 0:
            return points
        step = max(1, _CHUNK_VALUES // count)
        for start in range(0, len(points), step):
            points[start:start + step] = self._map_chunk(points[start:start + step])
        return points

    def _map_chunk(self, chunk: np.ndarray) -> np.ndarray:
        # squared distances over the point's own two coordinates (applyInPlace loops over location.length)
        diff = self.p[np.newaxis, :, :2] - chunk[:, np.newaxis, :]
        dist2 = np.einsum("cld,cld->cl", diff, diff)
        on_control = dist2 <= 0
        hit = on_control.any(axis=1)
        with np.errstate(all="ignore"):
            weights = self.w * (1.0 / dist2 ** self.alpha)
        if self.single_precision:
            weights = weights.astype(np.float32).astype(np.float64)
        out = chunk.copy()
        fit = ~hit
        if fit.any() and len(self.w) >= _MIN_MATCHES[self.model]:
            out[fit] = self._fit_and_apply(chunk[fit], weights[fit])
        if hit.any():
            first = on_control[hit].argmax(axis=1)
            out[hit] = self.q[first, :2]
        return out

    def _fit_and_apply(self, xy: np.ndarray, ww: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            ws = ww.sum(axis=1)
            pc = (ww @ self.p) / ws[:, np.newaxis]           # (C, dims) weighted centroids
            qc = (ww @ self.q) / ws[:, np.newaxis]
            if self.model == "affine3d":
                return self._affine3d(xy, ww, pc)
            px = self.p[np.newaxis, :, 0] - pc[:, 0:1]       # (C, L) centred control points
            py = self.p[np.newaxis, :, 1] - pc[:, 1:2]
            qx = self.q[np.newaxis, :, 0] - qc[:, 0:1]
            qy = self.q[np.newaxis, :, 1] - qc[:, 1:2]
            x = xy[:, 0] - pc[:, 0]
            y = xy[:, 1] - pc[:, 1]
            if self.model == "translation":
                return xy + (qc - pc)
            if self.model == "affine":
                return _affine(xy, x, y, ww, px, py, qx, qy, qc)
            # rigid and similarity: rotation (and scale) from the weighted cross and dot products
            cross = (ww * (px * qy - py * qx)).sum(axis=1)
            dot = (ww * (px * qx + py * qy)).sum(axis=1)
            if self.model == "rigid":
                norm = np.sqrt(dot * dot + cross * cross)
            else:
                norm = (ww * (px * px + py * py)).sum(axis=1)
            cos, sin = dot / norm, cross / norm
            return np.column_stack((cos * x - sin * y + qc[:, 0], sin * x + cos * y + qc[:, 1]))

    def _affine3d(self, xy: np.ndarray, ww: np.ndarray, pc: np.ndarray) -> np.ndarray:
        """AffineModel3D.fit (float variant) then applyInPlace on a 2-d location: an index error unless
        the fit is ill-defined (singular covariance), which leaves the points unchanged."""
        centred = self.p[np.newaxis, :, :] - pc[:, np.newaxis, :]
        covariance = np.einsum("cl,cli,clj->cij", ww, centred, centred)
        if np.any(np.linalg.det(covariance) != 0):
            raise index_out_of_bounds(2, 2)
        return xy


def _affine(xy, x, y, ww, px, py, qx, qy, qc):
    """AffineModel2D.fit's closed form (lines 250-283) applied to the centred points."""
    a00 = (ww * px * px).sum(axis=1)
    a01 = (ww * px * py).sum(axis=1)
    a11 = (ww * py * py).sum(axis=1)
    b00 = (ww * px * qx).sum(axis=1)
    b01 = (ww * px * qy).sum(axis=1)
    b10 = (ww * py * qx).sum(axis=1)
    b11 = (ww * py * qy).sum(axis=1)
    det = a00 * a11 - a01 * a01
    m00 = (a11 * b00 - a01 * b10) / det
    m01 = (a00 * b10 - a01 * b00) / det
    m10 = (a11 * b01 - a01 * b11) / det
    m11 = (a00 * b11 - a01 * b01) / det
    mapped = np.column_stack((m00 * x + m01 * y + qc[:, 0], m10 * x + m11 * y + qc[:, 1]))
    singular = det == 0   # IllDefinedDataPointsException: the point stays where it is
    mapped[singular] = xy[singular]
    return mapped


def _java_remainder(a: int, b: int) -> int:
    return abs(a) % abs(b) * (1 if a >= 0 else -1)


def moving_least_squares(data: str) -> MovingLeastSquares:
    """mpicbg.trakem2.transform.MovingLeastSquaresTransform (double-precision point matches)."""
    return MovingLeastSquares(data, MLS_CLASS, single_precision=False)


def moving_least_squares2(data: str) -> MovingLeastSquares:
    """mpicbg.trakem2.transform.MovingLeastSquaresTransform2 (float p, q, w and weights)."""
    return MovingLeastSquares(data, MLS2_CLASS, single_precision=True)
