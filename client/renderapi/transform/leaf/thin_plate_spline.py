"""Thin-plate spline leaf transform (``mpicbg.trakem2.transform.ThinPlateSplineTransform``)."""

from __future__ import annotations

import base64
import binascii
import logging
import zlib
from typing import Any

import numpy as np

from renderapi.errors import EstimationError
from renderapi.utils import NullHandler, encodeBase64

from . import _lazy_scipy
from .datastring import DataStringError, DataStringIndexError, parse_int, split_whitespace, token_at
from .transform import Transform

__all__ = ["ThinPlateSplineTransform"]


def __getattr__(name: str) -> Any:
    """``scipy`` (with ``scipy.spatial`` loaded), render-python's module attribute, imported on first use
    (see :mod:`._lazy_scipy`)."""
    if name == "scipy":
        return _lazy_scipy.spatial_scipy()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

logger = logging.getLogger(__name__)
logger.addHandler(NullHandler())

#: points per block when evaluating the kernel (keeps the points x landmarks temporaries small)
CHUNK_POINTS = 1 << 10
#: kernel radius below which U(r) = 0 when fitting (jitk-tps EPS)
KERNEL_EPS = 1e-8
_BIG_ENDIAN_DOUBLE = np.dtype(">f8")


def _decode_block(block: str, count: int, what: str) -> np.ndarray:
    """Decode a base64 block of ``count`` doubles ('@' = uncompressed, else zlib), as TrakEM2 does.

    Undecodable data → DataStringError (render-ws: 400). An uncompressed block shorter than ``count``
    doubles → DataStringIndexError (render-ws: 500). Any other length mismatch → DataStringError (as
    render-python; render-ws would zero-pad or ignore the difference).
    """
    try:
        if block.startswith("@"):
            raw = base64.b64decode(block[1:])
            if len(raw) < 8 * count:
                raise DataStringIndexError(
                    f"{what}: {len(raw) // 8} values where {count} are declared (index out of bounds)")
        else:
            raw = zlib.decompress(base64.b64decode(block))
    except (binascii.Error, zlib.error) as e:
        raise DataStringError(f"Failed decoding {what}.") from e
    if len(raw) != 8 * count:
        raise DataStringError(
            f"inconsistent sizes and array lengths in ThinPlateSplineTransform dataString: {what} holds "
            f"{len(raw) / 8:g} values, {count} declared")
    return np.frombuffer(raw, dtype=_BIG_ENDIAN_DOUBLE).astype(np.float64)


def kernel_sum(points: np.ndarray, srcPts: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Σ_l U(|p − s_l|)·w_l for Nx2 points, 2xL ``srcPts``, 2xL ``weights``; U(r) = r²·ln r.

    Evaluated as ½·r²·ln(r²) in blocks of points; squared distances are floored at 1e-300, so a
    point within 1e-8 of a landmark gets a kernel value below 1e-15 (0 in jitk-tps) instead of NaN.
    """
    out = np.empty((points.shape[0], weights.shape[0]), dtype=np.float64)
    landmarks = np.ascontiguousarray(srcPts.T, dtype=np.float64)
    half_weights = np.ascontiguousarray(weights.T, dtype=np.float64) * 0.5
    for start in range(0, points.shape[0], CHUNK_POINTS):
        block = slice(start, min(points.shape[0], start + CHUNK_POINTS))
        r2 = _lazy_scipy.cdist(points[block], landmarks, "sqeuclidean")
        np.maximum(r2, 1e-300, out=r2)
        u = np.log(r2)
        u *= r2
        np.dot(u, half_weights, out=out[block])
    return out


class ThinPlateSplineTransform(Transform):
    """Thin-plate spline ``p' = p + A·p + b + Σ_l U(|p − s_l|)·w_l`` with ``U(r) = r²·ln r``.

    State: ``ndims`` (2), ``nLm`` (landmark count), ``srcPts`` (ndims x nLm), ``dMtxDat`` (ndims x nLm
    kernel weights), ``aMtx`` (ndims x ndims or None) and ``bVec`` (ndims or None).

    dataString: ``ThinPlateSplineR2LogR ndims nLm AFFINE DATA``; AFFINE is ``null`` or a base64 block of
    aMtx (row-major) + bVec; DATA a base64 block of the landmarks interleaved (x0 y0 x1 y1 …) followed
    by the weights (all x weights, then all y weights). Blocks are zlib-compressed big-endian doubles,
    or uncompressed when they start with '@'.
    """

    className = "mpicbg.trakem2.transform.ThinPlateSplineTransform"

    def __init__(self, dataString=None, json=None, transformId=None, labels=None):
        if json is not None:
            self.from_dict(json)
        else:
            if dataString is not None:
                self._process_dataString(dataString)
            self.labels = labels
            self.transformId = transformId
            self.className = "mpicbg.trakem2.transform.ThinPlateSplineTransform"

    def _process_dataString(self, dataString: str) -> None:
        fields = split_whitespace(dataString)
        token_at(fields, 0, "type name")
        ndims = parse_int(token_at(fields, 1, "dimension count"))
        nLm = parse_int(token_at(fields, 2, "landmark count"))
        if ndims < 0 or nLm < 0:
            raise DataStringIndexError(f"negative array size (ndims {ndims}, nLm {nLm})")
        if ndims != 2:
            raise DataStringError(f"ThinPlateSplineTransform: only 2 dimensions are supported, not {ndims}")
        affine_field = token_at(fields, 3, "affine block")
        if affine_field == "null":
            aMtx = bVec = None
        else:
            values = _decode_block(affine_field, ndims * ndims + ndims, "affine matrix")
            aMtx = values[:ndims * ndims].reshape(ndims, ndims)
            bVec = values[ndims * ndims:]
        landmark_field = token_at(fields, 4, "landmark block")
        values = _decode_block(landmark_field, 2 * nLm * ndims, "landmarks and weights")
        self.ndims, self.nLm = ndims, nLm
        self.aMtx, self.bVec = aMtx, bVec
        self.srcPts = values[:ndims * nLm].reshape(ndims, nLm, order="F")
        self.dMtxDat = values[ndims * nLm:].reshape(ndims, nLm, order="C")

    def tform(self, points: np.ndarray) -> np.ndarray:
        """Map Nx2 ``points`` through the spline."""
        return self.apply(points)

    def apply(self, points: np.ndarray) -> np.ndarray:
        """Map Nx2 ``points`` (unchanged when no weights are set)."""
        if not hasattr(self, "dMtxDat"):
            return points
        points = np.asarray(points, dtype=np.float64)
        result = points + self.computeDeformationContribution(points)
        if self.aMtx is not None:
            aMtx = np.reshape(self.aMtx, (2, 2))
            result[:, 0] += aMtx[0, 0] * points[:, 0] + aMtx[0, 1] * points[:, 1]
            result[:, 1] += aMtx[1, 0] * points[:, 0] + aMtx[1, 1] * points[:, 1]
        if self.bVec is not None:
            result += self.bVec
        return result

    def computeDeformationContribution(self, points: np.ndarray) -> np.ndarray:
        """The kernel part Σ_l U(|p − s_l|)·w_l of the mapping, Nx2."""
        return kernel_sum(np.asarray(points, dtype=np.float64), np.asarray(self.srcPts, dtype=np.float64),
                          np.asarray(self.dMtxDat, dtype=np.float64))

    def gradient_descent(self, pts, gamma=1.0, precision=0.0001, max_iters=1000) -> np.ndarray:
        """Invert the spline at ``pts`` by fixed-point iteration ``p ← p − gamma·(apply(p) − pts)``.

        A point stops moving once its step is at most ``precision``; EstimationError when points are
        still moving after ``max_iters`` iterations.
        """
        pts = np.asarray(pts, dtype=np.float64)
        cur_pts = np.copy(pts)
        active = np.arange(pts.shape[0])
        iters = 0
        while active.size and iters < max_iters:
            prev = cur_pts[active]
            new = prev - gamma * (self.apply(prev) - pts[active])
            cur_pts[active] = new
            step = np.linalg.norm(new - prev, axis=1)
            active = active[step > precision]
            iters += 1
        if iters == max_iters:
            raise EstimationError(
                f"gradient descent for inversion of ThinPlateSpline reached maximum iterations: {max_iters}")
        return cur_pts

    def inverse_tform(self, points, gamma=1.0, precision=0.0001, max_iters=1000) -> np.ndarray:
        """Numerical inverse (see :meth:`gradient_descent`)."""
        return self.gradient_descent(points, gamma=gamma, precision=precision, max_iters=max_iters)

    @staticmethod
    def fit(A, B, computeAffine=True):
        """Thin-plate spline through ``A -> B``; returns ``(dMatrix, aMatrix, bVector)``."""
        if not all([A.shape[0] == B.shape[0], A.shape[1] == B.shape[1] == 2]):
            raise EstimationError(f"shape mismatch! A shape: {A.shape}, B shape {B.shape}")
        ndims = B.shape[1]
        nLm = B.shape[0]
        y = (B - A).flatten()
        r = _lazy_scipy.cdist(A, A)
        small = r <= KERNEL_EPS
        r[small] = 1.0
        kernel = r * r * np.log(r)
        kernel[small] = 0.0
        kMatrix = np.zeros((ndims * nLm, ndims * nLm))
        kMatrix[0::2, 0::2] = kernel
        kMatrix[1::2, 1::2] = kernel
        lMatrix = kMatrix
        if computeAffine:
            pMatrix = np.tile(np.eye(ndims), (nLm, ndims + 1))
            for d in range(ndims):
                pMatrix[0::2, d * ndims] = A[:, d]
                pMatrix[1::2, d * ndims + 1] = A[:, d]
            size = ndims * (nLm + ndims + 1)
            lMatrix = np.zeros((size, size))
            lMatrix[:ndims * nLm, :ndims * nLm] = kMatrix
            lMatrix[:ndims * nLm, ndims * nLm:] = pMatrix
            lMatrix[ndims * nLm:, :ndims * nLm] = pMatrix.T
            y = np.append(y, np.zeros(ndims * (ndims + 1)))
        wMatrix = np.linalg.solve(lMatrix, y)
        dMatrix = np.reshape(wMatrix[:ndims * nLm], (ndims, nLm), order="F")
        aMatrix = None
        bVector = None
        if computeAffine:
            aMatrix = np.reshape(wMatrix[ndims * nLm:ndims * nLm + ndims * ndims], (ndims, ndims), order="F")
            bVector = wMatrix[ndims * nLm + ndims * ndims:]
        return dMatrix, aMatrix, bVector

    def estimate(self, A, B, computeAffine=True) -> None:
        """Set this spline to interpolate ``A -> B`` exactly."""
        self.dMtxDat, self.aMtx, self.bVec = self.fit(A, B, computeAffine=computeAffine)
        (self.nLm, self.ndims) = B.shape
        self.srcPts = np.transpose(A)

    @property
    def dataString(self) -> str:
        header = f"ThinPlateSplineR2LogR {self.ndims} {self.nLm}"
        if self.aMtx is not None:
            b64_1 = encodeBase64(np.concatenate((np.ravel(self.aMtx), np.ravel(self.bVec))))
        else:
            b64_1 = "null"
        b64_2 = encodeBase64(np.concatenate((np.ravel(self.srcPts, order="F"),
                                             np.ravel(self.dMtxDat, order="C"))))
        return f"{header} {b64_1} {b64_2}"

    @staticmethod
    def mesh_refine(new_src, old_src, old_dst, old_tf=None, computeAffine=True, tol=1.0, max_iter=50,
                    nworst=10, niter=0):
        """Spline through ``new_src`` (mapped by ``old_tf``) refined until it maps ``old_src`` onto
        ``old_dst`` within ``tol``, adding up to ``nworst`` failing points per round (``max_iter``
        rounds at most, else EstimationError)."""
        if old_tf is None:
            old_tf = ThinPlateSplineTransform()
            old_tf.estimate(old_src, old_dst, computeAffine=computeAffine)
        while True:
            new_tf = ThinPlateSplineTransform()
            new_tf.estimate(new_src, old_tf.tform(new_src), computeAffine=computeAffine)
            delta = np.linalg.norm(new_tf.tform(old_src) - old_dst, axis=1)
            ind = np.argwhere(delta > tol).flatten()
            if ind.size == 0:
                return new_tf
            if niter == max_iter:
                raise EstimationError(
                    f"Max number of iterations ({max_iter}) reached in "
                    "ThinPlateSplineTransform.mesh_refine()")
            sortind = np.argsort(delta[ind])
            new_src = np.vstack((new_src, old_src[ind[sortind[0:nworst]]]))
            niter += 1

    def adaptive_mesh_estimate(self, starting_grid=7, computeAffine=True, tol=1.0, max_iter=50, nworst=10):
        """Approximate this spline by one through fewer landmarks (see :meth:`mesh_refine`)."""
        mn = self.srcPts.min(axis=1)
        mx = self.srcPts.max(axis=1)
        new_src = self.src_array(mn[0], mn[1], mx[0], mx[1], starting_grid, starting_grid)
        old_src = self.srcPts.transpose()
        old_dst = self.tform(old_src)
        return ThinPlateSplineTransform.mesh_refine(
            new_src, old_src, old_dst, old_tf=self, computeAffine=computeAffine, tol=tol,
            max_iter=max_iter, nworst=nworst, niter=0)

    @staticmethod
    def src_array(xmin, ymin, xmax, ymax, nx, ny) -> np.ndarray:
        """``nx·ny`` x 2 grid over [xmin, xmax] x [ymin, ymax] (x varying slowest)."""
        return np.mgrid[xmin:xmax:nx * 1j, ymin:ymax:ny * 1j].reshape(2, -1).T

    def scale_coordinates(self, factor, ngrid=20, preserve_srcPts=False) -> ThinPlateSplineTransform:
        """The spline for coordinates scaled by ``factor``, fitted on an ``ngrid`` x ``ngrid`` grid
        (plus the original landmarks away from the grid when ``preserve_srcPts``)."""
        new_tform = ThinPlateSplineTransform()
        computeAffine = self.aMtx is not None
        mn = self.srcPts.min(axis=1)
        mx = self.srcPts.max(axis=1)
        src = self.src_array(mn[0], mn[1], mx[0], mx[1], ngrid, ngrid)
        if preserve_srcPts:
            dist = _lazy_scipy.cdist(src, self.srcPts.transpose(), metric="euclidean")
            ind = np.invert(np.any(dist < 1e-3, axis=0))
            src = np.vstack((src, self.srcPts.transpose()[ind]))
        new_tform.estimate(src * factor, self.tform(src) * factor, computeAffine=computeAffine)
        return new_tform
