"""Affine-family leaf transforms: AffineModel and its Translation, Rigid and Similarity restrictions.

All four keep their state as the 3x3 homogeneous matrix ``M``. dataStrings follow the server
(mpicbg/TrakEM2): ``AffineModel2D`` is ``m00 m10 m01 m11 m02 m12``; ``TranslationModel2D`` is
``tx ty``; ``RigidModel2D`` is ``theta tx ty``; ``SimilarityModel2D`` is ``scos ssin tx ty`` (the last
three read as 32-bit floats, as render-ws reads them).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from renderapi._java import java_float_text
from renderapi.errors import ConversionError, EstimationError

from . import _lazy_scipy
from .common import calc_first_order_properties
from .datastring import DataStringError, parse_double, parse_float, split_whitespace
from .transform import Transform

__all__ = ["AffineModel", "TranslationModel", "SimilarityModel", "RigidModel"]


def __getattr__(name: str) -> Any:
    """``svd`` and ``LinAlgError`` (scipy's, else numpy's), as render-python's module attributes; scipy is
    imported on first use (see :mod:`._lazy_scipy`)."""
    return _lazy_scipy.linalg_attribute(__name__, name)

def _read_fields(dataString: str, count: int, parse, className: str) -> list[float]:
    tokens = split_whitespace(dataString)
    if len(tokens) != count:
        raise DataStringError(f"Inappropriate parameters for {className}")
    return [parse(t) for t in tokens]


def apply_affine(M: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Map Nx2 ``points`` through the 3x3 homogeneous matrix ``M`` (projective division if needed)."""
    points = np.asarray(points)
    if points.ndim != 2 or points.shape[1] != 2:
        raise ConversionError(f"Points must be of shape (:, 2) -- got {points.shape}")
    x = points[:, 0].astype(np.float64, copy=False)
    y = points[:, 1].astype(np.float64, copy=False)
    out = np.empty((points.shape[0], 2), dtype=np.float64)
    np.multiply(x, M[0, 0], out=out[:, 0])
    out[:, 0] += M[0, 1] * y
    out[:, 0] += M[0, 2]
    np.multiply(x, M[1, 0], out=out[:, 1])
    out[:, 1] += M[1, 1] * y
    out[:, 1] += M[1, 2]
    if M[2, 0] != 0 or M[2, 1] != 0 or M[2, 2] != 1:
        w = M[2, 0] * x + M[2, 1] * y + M[2, 2]
        out /= w[:, np.newaxis]
    return out


class AffineModel(Transform):
    """2D affine transform ``x' = M00·x + M01·y + B0``, ``y' = M10·x + M11·y + B1``.

    mpicbg className ``mpicbg.trakem2.transform.AffineModel2D``. ``M`` is the 3x3 homogeneous matrix
    built from the scalar attributes by :meth:`load_M`. ``force_shear`` ('x' or 'y') chooses which
    shear :attr:`shear` and :attr:`scale` report.
    """

    className = "mpicbg.trakem2.transform.AffineModel2D"

    def __init__(self, M00=1.0, M01=0.0, M10=0.0, M11=1.0, B0=0.0, B1=0.0,
                 transformId=None, labels=None, json=None, force_shear="x"):
        self.force_shear = force_shear
        if json is not None:
            self.from_dict(json)
        else:
            self.M00 = M00
            self.M01 = M01
            self.M10 = M10
            self.M11 = M11
            self.B0 = B0
            self.B1 = B1
            self.className = "mpicbg.trakem2.transform.AffineModel2D"
            self.labels = labels
            self.load_M()
            self.transformId = transformId

    @property
    def dataString(self) -> str:
        """The dataString for this transform's ``className``.

        A model loaded from a Translation/Rigid/Similarity spec keeps that className and writes that
        model's format; otherwise the affine ``M00 M10 M01 M11 B0 B1`` with ten decimals.
        """
        if self.className != AffineModel.className and self.className == type(self).className:
            return self._model_dataString()
        return self._affine_dataString()

    def _affine_dataString(self) -> str:
        values = (self.M[0, 0], self.M[1, 0], self.M[0, 1], self.M[1, 1], self.M[0, 2], self.M[1, 2])
        return " ".join(f"{v:.10f}" for v in values)

    def _model_dataString(self) -> str:
        """dataString in the format of this class's own className (subclasses override)."""
        return self._affine_dataString()

    def _remember_dataString(self, dataString: str) -> None:
        """Keep the string just read, to write it back verbatim while ``M`` is unchanged."""
        self._source_dataString = (dataString, self.M.copy())

    def _unchanged_dataString(self) -> str | None:
        source = getattr(self, "_source_dataString", None)
        if source is not None and np.array_equal(source[1], self.M):
            return source[0]
        return None

    def _process_dataString(self, datastring: str) -> None:
        """Read ``m00 m10 m01 m11 m02 m12`` (exactly six Java doubles)."""
        self.M00, self.M10, self.M01, self.M11, self.B0, self.B1 = _read_fields(
            datastring, 6, parse_double, AffineModel.className)
        self.load_M()

    def load_M(self) -> None:
        """Rebuild ``M`` from M00, M01, M10, M11, B0, B1."""
        self.M = np.array([[self.M00, self.M01, self.B0],
                           [self.M10, self.M11, self.B1],
                           [0.0, 0.0, 1.0]], dtype=np.double)

    def _load_from_M(self) -> None:
        """Set M00 … B1 from ``M``."""
        self.M00, self.M01, self.B0 = (float(v) for v in self.M[0])
        self.M10, self.M11, self.B1 = (float(v) for v in self.M[1])

    @staticmethod
    def fit(A, B, return_all=False):
        """Least-squares affine fit of Nx2 ``A`` onto Nx2 ``B``.

        Returns the 6x1 column ``[M00, M01, M10, M11, B0, B1]`` (with ``return_all`` also the
        residuals, rank and singular values of ``numpy.linalg.lstsq``).
        """
        if not all([A.shape[0] == B.shape[0], A.shape[1] == B.shape[1] == 2]):
            raise EstimationError(f"shape mismatch! A shape: {A.shape}, B shape {B.shape}")
        N = A.shape[0]
        design = np.zeros((2 * N, 6))
        design[0::2, 0:2] = A
        design[0::2, 4] = 1
        design[1::2, 2:4] = A
        design[1::2, 5] = 1
        Y = np.asarray(B, dtype=np.double).reshape(2 * N, 1)
        Tvec, residuals, rank, s = np.linalg.lstsq(design, Y)
        if return_all:
            return Tvec, residuals, rank, s
        return Tvec

    def estimate(self, A, B, return_params=True, **kwargs):
        """Fit this model to ``A -> B``; returns ``M`` (3x3) if ``return_params``."""
        Tvec = self.fit(A, B, **kwargs)
        self.M00 = Tvec[0, 0]
        self.M01 = Tvec[1, 0]
        self.M10 = Tvec[2, 0]
        self.M11 = Tvec[3, 0]
        self.B0 = Tvec[4, 0]
        self.B1 = Tvec[5, 0]
        self.load_M()
        if return_params:
            return self.M

    def concatenate(self, model: AffineModel) -> AffineModel:
        """The AffineModel applying ``model`` first, then this model (``self.M @ model.M``)."""
        A = self.M.dot(model.M)
        return AffineModel(A[0, 0], A[0, 1], A[1, 0], A[1, 1], A[0, 2], A[1, 2])

    def invert(self) -> AffineModel:
        """The inverse transformation as a new AffineModel."""
        inv_M = np.linalg.inv(self.M)
        return AffineModel(inv_M[0, 0], inv_M[0, 1], inv_M[1, 0], inv_M[1, 1], inv_M[0, 2], inv_M[1, 2])

    @staticmethod
    def convert_to_point_vector(points):
        """Nx2 points -> (Nx3 homogeneous points, 2); ConversionError unless shape is (N, 2)."""
        if points.shape[1] != 2:
            raise ConversionError(f"Points must be of shape (:, 2) -- got {points.shape}")
        onevec = np.ones((points.shape[0], 1), np.double)
        return np.concatenate((points, onevec), axis=1), 2

    @staticmethod
    def convert_points_vector_to_array(points, Nd=2):
        """Nx3 homogeneous points -> Nx``Nd`` points divided by the homogeneous coordinate."""
        return points[:, 0:Nd] / points[:, 2:3]

    def tform(self, points: np.ndarray) -> np.ndarray:
        """Map Nx2 ``points`` through this transform."""
        return apply_affine(self.M, points)

    def inverse_tform(self, points: np.ndarray) -> np.ndarray:
        """Map Nx2 ``points`` through the inverse of this transform."""
        return apply_affine(np.linalg.inv(self.M), points)

    def calc_properties(self) -> tuple:
        """``(sx, sy, cx, cy, theta)`` of the linear part (see ``common.calc_first_order_properties``)."""
        return calc_first_order_properties(self.M[0:2, 0:2], force_shear=self.force_shear)

    @property
    def scale(self) -> tuple:
        """(sx, sy)"""
        sx, sy, cx, cy, theta = self.calc_properties()
        return (sx, sy)

    @property
    def shear(self) -> float:
        """Shear along ``force_shear``."""
        sx, sy, cx, cy, theta = self.calc_properties()
        return cx if self.force_shear == "x" else cy

    @property
    def translation(self) -> tuple:
        """(tx, ty)"""
        return tuple(self.M[:2, 2])

    @property
    def rotation(self) -> float:
        """Counter-clockwise rotation in radians."""
        sx, sy, cx, cy, theta = self.calc_properties()
        return theta

    def __str__(self) -> str:
        m = self.M
        return f"M=[[{m[0, 0]:f},{m[0, 1]:f}],[{m[1, 0]:f},{m[1, 1]:f}]] B=[{m[0, 2]:f},{m[1, 2]:f}]"


class TranslationModel(AffineModel):
    """Translation-only model (``mpicbg.trakem2.transform.TranslationModel2D``, dataString ``tx ty``).

    Built directly it serializes as an AffineModel2D (as render-python); loaded from a
    TranslationModel2D spec it writes ``tx ty`` back.
    """

    className = "mpicbg.trakem2.transform.TranslationModel2D"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

    def _process_dataString(self, dataString: str) -> None:
        """Read ``tx ty`` (two Java floats)."""
        self.B0, self.B1 = _read_fields(dataString, 2, parse_float, TranslationModel.className)
        self.M00, self.M10, self.M01, self.M11 = 1.0, 0.0, 0.0, 1.0
        self.load_M()
        self._remember_dataString(dataString)

    def _model_dataString(self) -> str:
        unchanged = self._unchanged_dataString()
        if unchanged is not None:
            return unchanged
        return f"{java_float_text(self.M[0, 2])} {java_float_text(self.M[1, 2])}"

    @staticmethod
    def fit(src, dst):
        """3x3 matrix translating the mean of ``src`` onto the mean of ``dst``."""
        T = np.eye(3)
        T[:2, 2] = dst.mean(axis=0) - src.mean(axis=0)
        return T

    def estimate(self, src, dst, return_params=True):
        """Fit the translation ``src -> dst``; returns ``M`` if ``return_params``."""
        self.M = self.fit(src, dst)
        self._load_from_M()
        if return_params:
            return self.M


class RigidModel(AffineModel):
    """Rotation + translation (``mpicbg.trakem2.transform.RigidModel2D``, dataString ``theta tx ty``).

    ``theta`` is in radians; M = [[cos, -sin, tx], [sin, cos, ty]] as in mpicbg.
    """

    className = "mpicbg.trakem2.transform.RigidModel2D"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

    def _process_dataString(self, dataString: str) -> None:
        """Read ``theta tx ty`` (three Java floats)."""
        theta, tx, ty = _read_fields(dataString, 3, parse_float, RigidModel.className)
        self.M00 = np.cos(theta)
        self.M01 = -np.sin(theta)
        self.M10 = np.sin(theta)
        self.M11 = np.cos(theta)
        self.B0 = tx
        self.B1 = ty
        self.load_M()
        self._remember_dataString(dataString)

    def _model_dataString(self) -> str:
        unchanged = self._unchanged_dataString()
        if unchanged is not None:
            return unchanged
        theta = np.arctan2(self.M[1, 0], self.M[0, 0])
        return " ".join(java_float_text(v) for v in (theta, self.M[0, 2], self.M[1, 2]))

    @staticmethod
    def fit(src, dst, rigid=True, **kwargs):
        """Umeyama (1991) least-squares rigid (or, with ``rigid=False``, similarity) fit; 3x3 matrix."""
        num, dim = src.shape
        src_mean = src.mean(axis=0)
        dst_mean = dst.mean(axis=0)
        src_cld = src - src_mean
        dst_cld = dst - dst_mean
        A = np.dot(dst_cld.T, src_cld) / num
        d = np.ones((dim,), dtype=np.double)
        if np.linalg.det(A) < 0:
            d[dim - 1] = -1
        T = np.eye(dim + 1, dtype=np.double)
        rank = np.linalg.matrix_rank(A)
        if rank == 0:
            raise EstimationError("zero rank matrix A unacceptable -- likely poorly conditioned")
        U, S, V = _lazy_scipy.svd(A)
        if rank == dim - 1:
            if np.linalg.det(U) * np.linalg.det(V) > 0:
                T[:dim, :dim] = np.dot(U, V)
            else:
                flip = d.copy()
                flip[dim - 1] = -1
                T[:dim, :dim] = np.dot(U, np.dot(np.diag(flip), V))
        else:
            # render-python multiplies by V.T here (same as V for orientation-preserving 2x2 data)
            T[:dim, :dim] = np.dot(U, np.dot(np.diag(d), V.T))
        fit_scale = 1.0 if rigid else 1.0 / src_cld.var(axis=0).sum() * np.dot(S, d)
        T[:dim, dim] = dst_mean - fit_scale * np.dot(T[:dim, :dim], src_mean.T)
        T[:dim, :dim] *= fit_scale
        return T

    def estimate(self, A, B, return_params=True, **kwargs):
        """Fit ``A -> B`` (see :meth:`fit`); returns ``M`` if ``return_params``."""
        self.M = self.fit(A, B, **kwargs)
        self._load_from_M()
        if return_params:
            return self.M


class SimilarityModel(RigidModel):
    """Rotation + isotropic scale + translation (``mpicbg.trakem2.transform.SimilarityModel2D``).

    dataString ``scos ssin tx ty``: M = [[scos, -ssin, tx], [ssin, scos, ty]] as in mpicbg.
    """

    className = "mpicbg.trakem2.transform.SimilarityModel2D"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

    def _process_dataString(self, dataString: str) -> None:
        """Read ``scos ssin tx ty`` (four Java floats)."""
        scos, ssin, tx, ty = _read_fields(dataString, 4, parse_float, SimilarityModel.className)
        self.M00 = scos
        self.M01 = -ssin
        self.M10 = ssin
        self.M11 = scos
        self.B0 = tx
        self.B1 = ty
        self.load_M()
        self._remember_dataString(dataString)

    def _model_dataString(self) -> str:
        unchanged = self._unchanged_dataString()
        if unchanged is not None:
            return unchanged
        values = (self.M[0, 0], self.M[1, 0], self.M[0, 2], self.M[1, 2])
        return " ".join(java_float_text(v) for v in values)

    @staticmethod
    def fit(src, dst, rigid=False, **kwargs):
        """Umeyama similarity fit (scale estimated unless ``rigid``); 3x3 matrix."""
        return RigidModel.fit(src, dst, rigid=rigid)
