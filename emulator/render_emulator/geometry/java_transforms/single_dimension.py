"""render-app's MultiParameterSingleDimensionTransform family: an offset of one coordinate computed from
that coordinate alone (render-app src/main/java/org/janelia/alignment/transform/).

* ExponentialFunctionOffsetTransform: v -= a·exp(−b·v) + c   (ExponentialFunctionOffsetTransform.java:33)
* ExponentialRecoveryOffsetTransform: v -= a·(1 − exp(−b·v)) + c
  (ExponentialRecoveryOffsetTransform.java:35)
* SEMDistortionTransformA: v += a·exp(−v/b) + c·exp(−v/d)   (SEMDistortionTransformA.java:35)
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from render_emulator.geometry.java_transforms.errors import InitError, index_out_of_bounds
from renderapi._java import split
from renderapi.transform.leaf.datastring import parse_double, parse_int

# MultiParameterSingleDimensionTransform.java:83 splits on commas and spaces
_DELIMITERS = re.compile("[, ]+")


class SingleDimensionTransform:
    """One coordinate (``dimension``) of each point replaced by ``offset(coefficients, value)``."""

    def __init__(self, data: str, coefficient_count: int,
                 offset: Callable[[np.ndarray, np.ndarray], np.ndarray]):
        # MultiParameterSingleDimensionTransform.init (lines 44-60): n coefficients then the dimension
        fields = split(_DELIMITERS, data)
        if len(fields) != coefficient_count + 1:
            raise InitError(
                f"transform data must contain {coefficient_count + 1} comma separated values "
                f"({coefficient_count} coefficients followed by dimension), found {len(fields)} values "
                "instead")
        self.coefficients = np.array([parse_double(f) for f in fields[:coefficient_count]], dtype=np.float64)
        self.dimension = parse_int(fields[coefficient_count])
        self._offset = offset

    def tform(self, points: np.ndarray) -> np.ndarray:
        """World from local for (N, 2) points; 500 (index error) for a dimension other than 0 or 1."""
        points = np.array(points, dtype=np.float64, copy=True)
        if len(points) == 0:
            return points
        if not 0 <= self.dimension < points.shape[1]:
            raise index_out_of_bounds(self.dimension, points.shape[1])
        with np.errstate(all="ignore"):
            points[:, self.dimension] = self._offset(self.coefficients, points[:, self.dimension])
        return points


def _exponential_function_offset(c: np.ndarray, v: np.ndarray) -> np.ndarray:
    return v - (c[0] * np.exp(-c[1] * v) + c[2])


def _exponential_recovery_offset(c: np.ndarray, v: np.ndarray) -> np.ndarray:
    return v - (c[0] * (1 - np.exp(-c[1] * v)) + c[2])


def _sem_distortion_a(c: np.ndarray, v: np.ndarray) -> np.ndarray:
    return v + ((c[0] * np.exp(-v / c[1])) + (c[2] * np.exp(-v / c[3])))


def exponential_function_offset(data: str) -> SingleDimensionTransform:
    """org.janelia.alignment.transform.ExponentialFunctionOffsetTransform (``a,b,c,dimension``)."""
    return SingleDimensionTransform(data, 3, _exponential_function_offset)


def exponential_recovery_offset(data: str) -> SingleDimensionTransform:
    """org.janelia.alignment.transform.ExponentialRecoveryOffsetTransform (``a,b,c,dimension``)."""
    return SingleDimensionTransform(data, 3, _exponential_recovery_offset)


def sem_distortion_a(data: str) -> SingleDimensionTransform:
    """org.janelia.alignment.transform.SEMDistortionTransformA (``a,b,c,d,dimension``)."""
    return SingleDimensionTransform(data, 4, _sem_distortion_a)
