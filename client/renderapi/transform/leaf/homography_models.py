"""Projective 2D transform (``mpicbg.trakem2.transform.HomographyModel2D``), which render-python lacks."""

from __future__ import annotations

import numpy as np

from renderapi._java import java_number_text

from .affine_models import apply_affine
from .datastring import DataStringError, parse_double, split_whitespace
from .transform import Transform

__all__ = ["HomographyModel"]


class HomographyModel(Transform):
    """Homography ``x' = (m00·x + m01·y + m02) / (m20·x + m21·y + m22)``, ``y'`` likewise.

    dataString: the nine matrix entries in row order (``m00 m01 m02 m10 … m22``), as mpicbg reads
    and writes them.

    Parameters
    ----------
    M : array-like, optional
        3x3 matrix (identity by default)
    transformId, labels, json
        as for :class:`Transform`
    """

    className = "mpicbg.trakem2.transform.HomographyModel2D"

    def __init__(self, M=None, transformId=None, labels=None, json=None):
        if json is not None:
            self.from_dict(json)
        else:
            self.className = HomographyModel.className
            self.M = np.identity(3) if M is None else np.array(M, dtype=np.double).reshape(3, 3)
            self.transformId = transformId
            self.labels = labels

    @property
    def dataString(self) -> str:
        """The string read (while ``M`` is unchanged), else the nine entries of ``M`` in row order,
        Java-formatted, with mpicbg's trailing space."""
        source = getattr(self, "_source_dataString", None)
        if source is not None and np.array_equal(source[1], self.M):
            return source[0]
        return "".join(java_number_text(float(v)) + " " for v in self.M.ravel())

    def _process_dataString(self, datastring: str) -> None:
        tokens = split_whitespace(datastring)
        if len(tokens) != 9:
            raise DataStringError(f"Inappropriate parameters for {HomographyModel.className}")
        self.M = np.array([parse_double(t) for t in tokens], dtype=np.double).reshape(3, 3)
        self._source_dataString = (datastring, self.M.copy())

    def tform(self, points: np.ndarray) -> np.ndarray:
        """Map Nx2 ``points`` through the homography."""
        return apply_affine(self.M, points)

    def inverse_tform(self, points: np.ndarray) -> np.ndarray:
        """Map Nx2 ``points`` through the inverse homography."""
        return apply_affine(np.linalg.inv(self.M), points)

    def __str__(self) -> str:
        return "H=" + np.array2string(self.M, separator=",", precision=6, floatmode="fixed").replace("\n", "")
