"""Polynomial leaf transforms: Polynomial2DTransform and the NonLinearCoordinateTransform family."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from renderapi.errors import ConversionError, EstimationError

from . import _lazy_scipy
from .affine_models import AffineModel
from .common import calc_first_order_properties
from .datastring import (
    DataStringError,
    DataStringIndexError,
    parse_double,
    parse_int,
    split_space,
    split_whitespace,
    token_at,
)
from .transform import Transform, logger

__all__ = ["Polynomial2DTransform", "NonLinearCoordinateTransform", "NonLinearTransform", "LensCorrection"]


def __getattr__(name: str) -> Any:
    """``svd`` and ``LinAlgError`` (scipy's, else numpy's), as render-python's module attributes; scipy is
    imported on first use (see :mod:`._lazy_scipy`)."""
    return _lazy_scipy.linalg_attribute(__name__, name)

#: points evaluated per block, so that the temporaries of one block stay in cache
CHUNK_POINTS = 1 << 15
#: the same for NonLinearCoordinateTransform, whose blocks hold a row per feature
NONLINEAR_CHUNK_POINTS = 1 << 12


def order_of(num_terms: int) -> int:
    """mpicbg ``PolynomialTransform2D.orderOf``: largest order whose term count is <= ``num_terms``."""
    return max(0, (math.isqrt(8 * num_terms + 1) - 3) // 2)


def num_terms(order: int) -> int:
    """Number of 2D polynomial terms up to ``order``: (order+1)(order+2)/2."""
    return (order + 1) * (order + 2) // 2


def _format_number(value) -> str:
    return str(value).replace("e-0", "e-").replace("e+0", "e+")


def format_numbers(values) -> str:
    """render-python's number text: ``str()`` with exponents written ``E-5`` / ``E+17``."""
    return " ".join(_format_number(v) for v in values).replace("e", "E")


def polynomial_terms(x: np.ndarray, y: np.ndarray, order: int):
    """Yield the terms 1, x, y, x², xy, y², x³, … (for each degree j: x^(j-i)·y^i, i = 0…j)."""
    previous = [np.ones_like(x)]
    yield previous[0]
    for _degree in range(1, order + 1):
        current = [term * x for term in previous]
        current.append(previous[-1] * y)
        yield from current
        previous = current


def _chunks(n: int, size: int = CHUNK_POINTS):
    for start in range(0, n, size):
        yield slice(start, min(n, start + size))


class Polynomial2DTransform(Transform):
    """2D polynomial transform (``mpicbg.trakem2.transform.PolynomialTransform2D``).

    ``params`` is a 2xK array (K = (order+1)(order+2)/2): row 0 the x' coefficients, row 1 the y'
    coefficients, for the terms 1, x, y, x², xy, y², x³, x²y, xy², y³, …

    Initialized from (first that applies) ``json``, ``dataString``, ``identity``, ``params``, or
    ``src``/``dst`` points to estimate from (extra ``kwargs`` go to :meth:`estimate`).
    """

    className = "mpicbg.trakem2.transform.PolynomialTransform2D"

    def __init__(self, dataString=None, src=None, dst=None, order=2, force_polynomial=True, params=None,
                 identity=False, labels=None, transformId=None, json=None, force_shear="x", **kwargs):
        self.force_shear = force_shear
        if json is not None:
            self.from_dict(json)
        else:
            self.className = "mpicbg.trakem2.transform.PolynomialTransform2D"
            if dataString is not None:
                self._process_dataString(dataString)
            elif identity:
                self.params = np.array([[0, 1, 0], [0, 0, 1]])
            elif params is not None:
                self.params = params
            elif src is not None and dst is not None:
                self.estimate(src, dst, order, return_params=False, **kwargs)
            if not force_polynomial and self.is_affine:
                raise NotImplementedError("Falling back to Affine model is not supported {}")
            self.transformId = transformId
            self.labels = labels

    @property
    def is_affine(self) -> bool:
        """Always False (falling back to an affine model is not implemented)."""
        return False

    @property
    def order(self) -> int:
        """Order of the polynomial, from the number of parameters."""
        no_coeffs = len(np.ravel(self.params))
        return int((abs(np.sqrt(4 * no_coeffs + 1)) - 3) / 2)

    def calc_properties(self) -> tuple:
        """``(sx, sy, cx, cy, theta)`` of the first-order terms (identity for order 0)."""
        if self.order == 0:
            return 1.0, 1.0, 0.0, 0.0, 0.0
        return calc_first_order_properties(self.params[:, 1:3], force_shear=self.force_shear)

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
        """(tx, ty): the constant terms."""
        return tuple(self.params[:, 0])

    @property
    def rotation(self) -> float:
        """Counter-clockwise rotation (radians) of the first-order terms."""
        sx, sy, cx, cy, theta = self.calc_properties()
        return theta

    @property
    def dataString(self) -> str:
        """All x' coefficients then all y' coefficients, render-python formatted (``1E-5``)."""
        return Polynomial2DTransform._dataStringfromParams(self.params)

    @staticmethod
    def fit(src, dst, order=2):
        """Total-least-squares polynomial fit of ``src -> dst``; returns the 2xK parameters."""
        if len(src) != len(dst):
            raise EstimationError(f"source has {len(src)} points, but dest has {len(dst)}!")
        no_coeff = (order + 1) * (order + 2)
        if no_coeff > len(src):
            raise EstimationError(f"order {order} is too large to fit {len(src)} points!")
        rows = src.shape[0]
        half = no_coeff // 2
        A = np.zeros([rows * 2, no_coeff + 1])
        for k, term in enumerate(polynomial_terms(src[:, 0].astype(float), src[:, 1].astype(float), order)):
            A[:rows, k] = term
            A[rows:, k + half] = term
        A[:rows, -1] = dst[:, 0]
        A[rows:, -1] = dst[:, 1]
        _, s, V = _lazy_scipy.svd(A)
        Vsm = V[np.argmin(s), :]
        return (-Vsm[:-1] / Vsm[-1]).reshape((2, half))

    def estimate(self, src, dst, order=2, test_coords=True, max_tries=100, return_params=True, **kwargs):
        """Fit ``src -> dst`` with :meth:`fit`.

        With ``test_coords`` the fit must reproduce ``dst`` within ``atol`` (default 1e-3) and ``rtol``
        (default 0) — otherwise EstimationError (the fit is deterministic, so retrying up to
        ``max_tries`` times, as render-python does, cannot change the outcome).
        """
        params = None
        error = None
        try:
            params = Polynomial2DTransform.fit(src, dst, order=order)
        except (np.linalg.LinAlgError, ValueError) as e:  # scipy.linalg raises the same class
            logger.debug(f"Encountered error {e}")
            error = e
        good = params is not None and (not test_coords or np.allclose(
            Polynomial2DTransform(params=params).tform(src), dst,
            atol=kwargs.get("atol", 1e-3), rtol=kwargs.get("rtol", 0)))
        if not good:
            raise EstimationError(f"Could not fit Polynomial in {max_tries} attempts!") from error
        self.params = params
        if return_params:
            return self.params

    @staticmethod
    def _dataStringfromParams(params=None) -> str:
        return format_numbers(np.ravel(params))

    def _process_dataString(self, datastring: str) -> None:
        """Read the coefficients as render-ws does.

        The order is the largest fully specified by half the coefficient count (mpicbg ``orderOf``);
        y' coefficients start at K = (order+1)(order+2)/2, surplus values are ignored. With fewer
        than two values there is no transform (``tform`` fails with an index error, as render-ws does).
        """
        coefficients = np.array([parse_double(t) for t in split_whitespace(datastring)], dtype=np.double)
        K = num_terms(order_of(len(coefficients) // 2))
        if len(coefficients) < 2 * K:
            self.params = np.zeros((2, 0))
        else:
            self.params = coefficients[:2 * K].reshape(2, K)

    @staticmethod
    def _format_raveled_params(raveled_params):
        """A flat list of 2K values -> the 2xK parameter array (x' row, then y' row)."""
        halfway = int(len(raveled_params) / 2)
        return np.array([[float(d) for d in raveled_params[:halfway]],
                         [float(d) for d in raveled_params[halfway:]]])

    def tform(self, points: np.ndarray) -> np.ndarray:
        """Map Nx2 ``points`` through the polynomial."""
        points = np.asarray(points)
        params = np.asarray(self.params, dtype=np.double)
        K = params.shape[1] if params.ndim == 2 else 0
        if K == 0:
            raise DataStringIndexError("polynomial transform has no coefficients (index 0 out of bounds)")
        order = order_of(K)
        dst = np.empty(points.shape, dtype=np.double)
        for block in _chunks(points.shape[0]):
            x = points[block, 0].astype(np.double)
            y = points[block, 1].astype(np.double)
            u = np.full_like(x, params[0, 0])
            v = np.full_like(x, params[1, 0])
            terms = polynomial_terms(x, y, order)
            next(terms)
            for k, term in enumerate(terms, start=1):
                u += params[0, k] * term
                v += params[1, k] * term
            dst[block, 0] = u
            dst[block, 1] = v
        return dst

    def coefficients(self, order=None) -> int:
        """Number of coefficients (both rows) of a polynomial of ``order`` (default: this one's)."""
        if order is None:
            order = self.order
        return (order + 1) * (order + 2)

    def asorder(self, order: int) -> Polynomial2DTransform:
        """The same transform with parameters padded (with zeros) to a higher ``order``."""
        if self.order > order:
            raise ConversionError(
                f"transformation {self.dataString} is order {self.order} -- "
                f"conversion to order {order} not supported")
        new_params = np.zeros([2, self.coefficients(order) // 2])
        new_params[:self.params.shape[0], :self.params.shape[1]] = self.params
        return Polynomial2DTransform(params=new_params)

    @staticmethod
    def fromAffine(aff: AffineModel) -> Polynomial2DTransform:
        """The order-1 polynomial equal to AffineModel ``aff``."""
        if not isinstance(aff, AffineModel):
            raise ConversionError("attempting to convert a nonaffine model!")
        return Polynomial2DTransform(order=1, params=np.array([
            [aff.M[0, 2], aff.M[0, 0], aff.M[0, 1]],
            [aff.M[1, 2], aff.M[1, 0], aff.M[1, 1]]]))


class NonLinearCoordinateTransform(Transform):
    """TrakEM2's lens-correction polynomial (``mpicbg.trakem2.transform.NonLinearCoordinateTransform``).

    dataString: ``dimension length beta(length x 2, row-major) normMean(length) normVar(length) width
    height``. Features for i = 1…dimension, j = i…0: x^j·y^(i-j), normalized ``(f - normMean)/normVar``;
    the last of the ``length`` features is the constant 100. ``x' = features · beta[:, 0]``,
    ``y' = features · beta[:, 1]``.
    """

    className = "mpicbg.trakem2.transform.NonLinearCoordinateTransform"

    def __init__(self, dataString=None, json=None, transformId=None, labels=None):
        if json is not None:
            self.from_dict(json)
        else:
            if dataString is not None:
                self._process_dataString(dataString)
            self.labels = labels
            self.transformId = transformId
            self.className = "mpicbg.trakem2.transform.NonLinearCoordinateTransform"

    def _process_dataString(self, dataString: str) -> None:
        """Read the dataString as render-ws does (split on single spaces, 4 + 4·length tokens)."""
        fields = split_space(dataString)
        dimension = parse_int(fields[0])
        length = parse_int(token_at(fields, 1, "length"))
        if length < 0:
            raise DataStringIndexError(f"negative length {length}")
        if len(fields) != 4 + 4 * length:
            raise DataStringError(f"Inappropriate parameters for {NonLinearCoordinateTransform.className}")
        data = np.array([parse_double(t) for t in fields[2:-2]], dtype=np.double)
        self.dimension = dimension
        self.length = length
        self.beta = data[:2 * length].reshape(length, 2)
        self.normMean = data[2 * length:3 * length]
        self.normVar = data[3 * length:4 * length]
        self.width = parse_int(fields[-2])
        self.height = parse_int(fields[-1])
        self._source_dataString = (dataString, self._parameters())

    def _parameters(self) -> tuple:
        """Everything the dataString encodes, to tell whether a loaded string still describes it."""
        return (self.dimension, self.length, np.array(self.beta, dtype=np.double),
                np.array(self.normMean, dtype=np.double), np.array(self.normVar, dtype=np.double),
                self.width, self.height)

    def _unchanged_dataString(self) -> str | None:
        source = getattr(self, "_source_dataString", None)
        if source is None:
            return None
        text, loaded = source
        current = self._parameters()
        same = all(np.array_equal(a, b) if isinstance(a, np.ndarray) else a == b
                   for a, b in zip(loaded, current, strict=True))
        return text if same else None

    def _feature_rows(self, x: np.ndarray, y: np.ndarray, normMean, normVar) -> np.ndarray:
        """``length`` x N normalized features (one contiguous row per feature)."""
        n_features = self.dimension * (self.dimension + 3) // 2 if self.dimension > 0 else 0
        if n_features > self.length or self.length == 0:
            raise DataStringIndexError(
                f"dimension {self.dimension} needs more than {self.length} features "
                f"(index {max(self.length, n_features) - 1} out of bounds for length {self.length})")
        rows = np.zeros((self.length, len(x)))
        k = 0
        previous = None
        for _degree in range(1, self.dimension + 1):
            current = [x, y] if previous is None else [term * x for term in previous] + [previous[-1] * y]
            for term in current:
                rows[k] = term
                k += 1
            previous = current
        with np.errstate(divide="ignore", invalid="ignore"):
            rows[:-1] -= np.asarray(normMean[:-1], dtype=np.float64)[:, np.newaxis]
            rows[:-1] /= np.asarray(normVar[:-1], dtype=np.float64)[:, np.newaxis]
        rows[-1] = 100.0
        return rows

    def kernelExpand(self, src, normMean=None, normVar=None) -> np.ndarray:
        """Nx``length`` normalized feature matrix of Nx2 points ``src``."""
        src = np.asarray(src, dtype=np.float64)
        normMean = self.normMean if normMean is None else normMean
        normVar = self.normVar if normVar is None else normVar
        return self._feature_rows(src[:, 0], src[:, 1], normMean, normVar).T

    def fit(self, A, B):
        """Least-squares ``beta`` for ``A -> B``; returns ``(beta, normMean, normVar)``."""
        if not all([A.shape[0] == B.shape[0], A.shape[1] == B.shape[1] == 2]):
            raise EstimationError(f"shape mismatch! A shape: {A.shape}, B shape {B.shape}")
        normMean = np.zeros(self.length).astype("float")
        normVar = np.ones(self.length).astype("float")
        src_exp = self.kernelExpand(A, normMean=normMean, normVar=normVar)
        normMean = src_exp.mean(0)
        normVar = src_exp.std(0)
        src_exp = self.kernelExpand(A, normMean=normMean, normVar=normVar)
        xcoeff = np.linalg.lstsq(src_exp, B[:, 0])[0]
        ycoeff = np.linalg.lstsq(src_exp, B[:, 1])[0]
        beta = np.zeros((self.length, 2))
        beta[:, 0] = xcoeff
        beta[:, 1] = ycoeff
        return beta, normMean, normVar

    def estimate(self, A, B, ndim=None, return_params=True, **kwargs):
        """Fit ``A -> B`` (same dimension and length); returns the dataString if ``return_params``."""
        self.beta, self.normMean, self.normVar = self.fit(A, B)
        if return_params:
            return self.dataString

    def tform(self, src: np.ndarray) -> np.ndarray:
        """Map Nx2 points; the result has ``src``'s dtype (as in render-python)."""
        src = np.asarray(src)
        dst = np.empty((2, src.shape[0]), dtype=np.float64)
        beta_t = np.ascontiguousarray(np.asarray(self.beta, dtype=np.float64).T)
        for block in _chunks(src.shape[0], NONLINEAR_CHUNK_POINTS):
            x = src[block, 0].astype(np.float64)
            y = src[block, 1].astype(np.float64)
            dst[:, block] = beta_t @ self._feature_rows(x, y, self.normMean, self.normVar)
        return dst.T.astype(src.dtype)

    @property
    def dataString(self) -> str:
        """``dimension length beta… normMean… normVar… width height `` (trailing space, as TrakEM2); a
        loaded string is written back verbatim while the parameters are unchanged."""
        unchanged = self._unchanged_dataString()
        if unchanged is not None:
            return unchanged
        return (f"{self.dimension} {self.length} {format_numbers(np.ravel(self.beta))} "
                f"{format_numbers(self.normMean)} {format_numbers(self.normVar)} {self.width} {self.height} ")


class NonLinearTransform(NonLinearCoordinateTransform):
    """render-python alias class (className ``mpicbg.trakem2.transform.nonLinearTransform``)."""

    className = "mpicbg.trakem2.transform.nonLinearTransform"


class LensCorrection(NonLinearCoordinateTransform):
    """render-python placeholder class (className ``lenscorrection.NonLinearTransform``), same math."""

    className = "lenscorrection.NonLinearTransform"
