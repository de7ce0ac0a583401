"""org.janelia.alignment.transform.AffineWarpFieldTransform: a grid of affines interpolated over space.

dataString (AffineWarpFieldTransform.java:99-155): ``offsetX offsetY width height rows columns
interpolatorFactoryClass encoding values…`` with the 6·rows·columns values ordered as imglib2 stores an
ArrayImg of size (columns, rows, 6), i.e. all m00 first, then m10, m01, m11, m02, m12
(AffineWarpField.java:182-188); ``encoding`` is ``none`` (plain numbers) or ``base64`` (big-endian doubles,
zlib-deflated unless prefixed by '@', DoubleArrayConverter.java). A point is mapped by the affine found by
interpolating the coefficient grid at ``(location − offset) / cellSize − 0.5`` with the border extended
(AffineWarpField.getAccessor, lines 230-253). Interpolators: imglib2's NLinear, NearestNeighbor and Floor
factories (hand-written with numpy: three one-line index rules are simpler than a dependency).
"""

from __future__ import annotations

import base64
import zlib

import numpy as np

from render_emulator.geometry.java_transforms.errors import InitError
from renderapi.transform.leaf.datastring import parse_double, parse_int, split_whitespace

WARP_FIELD_CLASS = "org.janelia.alignment.transform.AffineWarpFieldTransform"
_FACTORIES = "net.imglib2.interpolation.randomaccess."
_NLINEAR = _FACTORIES + "NLinearInterpolatorFactory"
_NEAREST = _FACTORIES + "NearestNeighborInterpolatorFactory"
_FLOOR = _FACTORIES + "FloorInterpolatorFactory"
_VALUES_START = 8


class AffineWarpFieldTransform:
    """A parsed warp field: ``grid[k, row, column]`` holds coefficient k of each cell's affine."""

    def __init__(self, data: str):
        fields = split_whitespace(data)
        if len(fields) <= _VALUES_START:
            raise InitError(f"warp field data must contain at least {_VALUES_START} fields")
        self.offset = np.array([parse_double(fields[0]), parse_double(fields[1])])
        width, height = parse_double(fields[2]), parse_double(fields[3])
        rows, columns = parse_int(fields[4]), parse_int(fields[5])
        if fields[6] not in (_NLINEAR, _NEAREST, _FLOOR):
            raise InitError(f"class '{fields[6]}' cannot be found")
        self.interpolator = fields[6]
        size = rows * columns * 6
        if fields[7] == "base64":
            values = _decode_base64(fields[_VALUES_START], size)
        elif len(fields) == size + _VALUES_START:
            values = np.array([parse_double(f) for f in fields[_VALUES_START:]], dtype=np.float64)
        else:
            raise InitError(f"expected warp field data to contain {size + _VALUES_START} fields but found "
                            f"{len(fields)} instead")
        if size <= 0:
            raise InitError("warp field must have at least 1 row and 1 column")
        self.grid = values.reshape(6, rows, columns)
        self.cell = np.array([width / columns, height / rows])

    def tform(self, points: np.ndarray) -> np.ndarray:
        """World from local through the interpolated affine at each point."""
        points = np.asarray(points, dtype=np.float64)
        grid_xy = (points - self.offset) / self.cell - 0.5
        m00, m10, m01, m11, m02, m12 = self._coefficients(grid_xy[:, 0], grid_xy[:, 1])
        x, y = points[:, 0], points[:, 1]
        return np.column_stack((x * m00 + y * m01 + m02, x * m10 + y * m11 + m12))

    def _coefficients(self, gx: np.ndarray, gy: np.ndarray) -> np.ndarray:
        rows, columns = self.grid.shape[1:]
        if self.interpolator == _NLINEAR:
            x0, y0 = np.floor(gx), np.floor(gy)
            fx, fy = gx - x0, gy - y0
            c0 = np.clip(x0, 0, columns - 1).astype(np.intp)
            c1 = np.clip(x0 + 1, 0, columns - 1).astype(np.intp)
            r0 = np.clip(y0, 0, rows - 1).astype(np.intp)
            r1 = np.clip(y0 + 1, 0, rows - 1).astype(np.intp)
            g = self.grid
            return ((1 - fy) * ((1 - fx) * g[:, r0, c0] + fx * g[:, r0, c1])
                    + fy * ((1 - fx) * g[:, r1, c0] + fx * g[:, r1, c1]))
        if self.interpolator == _NEAREST:
            gx, gy = np.floor(gx + 0.5), np.floor(gy + 0.5)
        else:
            gx, gy = np.floor(gx), np.floor(gy)
        c = np.clip(gx, 0, columns - 1).astype(np.intp)
        r = np.clip(gy, 0, rows - 1).astype(np.intp)
        return self.grid[:, r, c]


def _decode_base64(text: str, size: int) -> np.ndarray:
    try:
        if text.startswith("@"):
            raw = base64.b64decode(text[1:])
        else:
            raw = zlib.decompress(base64.b64decode(text))
        if len(raw) < size * 8:
            raw = raw + bytes(size * 8 - len(raw))   # Java's inflate fills a zeroed buffer
        return np.frombuffer(raw[:size * 8], dtype=">f8").astype(np.float64)
    except (ValueError, zlib.error) as exc:
        raise InitError("failed to decode warp field values") from exc


def affine_warp_field(data: str) -> AffineWarpFieldTransform:
    """org.janelia.alignment.transform.AffineWarpFieldTransform."""
    return AffineWarpFieldTransform(data)
