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
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

from render_emulator.geometry.java_transforms.errors import InitError
from renderapi._java import java_number_text
from renderapi.transform.leaf.datastring import parse_double, parse_int, split_whitespace

_FACTORIES = "net.imglib2.interpolation.randomaccess."
_NLINEAR = _FACTORIES + "NLinearInterpolatorFactory"
DEFAULT_INTERPOLATOR = _NLINEAR   # AffineWarpField.getDefaultInterpolatorFactory (line 351)
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
        size = _java_int(rows * columns * 6)   # AffineWarpField.getSize multiplies Java ints (line 355-358)
        if fields[7] == "base64":
            values = _decode_base64(fields[_VALUES_START], size)
        elif len(fields) == size + _VALUES_START:
            values = np.array([parse_double(f) for f in fields[_VALUES_START:]], dtype=np.float64)
        else:
            raise InitError(f"expected warp field data to contain {_java_int(size + _VALUES_START)} fields "
                            f"but found {len(fields)} instead")
        if size == 0:
            raise InitError("warp field must have at least 1 row and 1 column")
        if rows <= 0 or columns <= 0:
            # a positive size from two negative counts: render-ws builds an imglib2 image of negative
            # dimensions, whose failure the emulator does not reproduce
            raise InitError(f"render-ws emulator: a warp field of {rows} rows and {columns} columns "
                            "cannot be built")
        self._set(self.offset, width, height, values.reshape(6, rows, columns), fields[6])

    @classmethod
    def of(cls, offset: tuple[float, float], width: float, height: float, grid: np.ndarray,
           interpolator: str = DEFAULT_INTERPOLATOR) -> AffineWarpFieldTransform:
        """A transform over a field ``grid`` (6, rows, columns) of ``width`` x ``height`` pixels."""
        transform = cls.__new__(cls)
        transform._set(np.array(offset, dtype=np.float64), width, height, grid, interpolator)
        return transform

    def _set(self, offset: np.ndarray, width: float, height: float, grid: np.ndarray,
             interpolator: str) -> None:
        self.offset = offset
        self.width, self.height = width, height
        self.grid = np.asarray(grid, dtype=np.float64)
        self.interpolator = interpolator
        self.cell = np.array([width / self.grid.shape[2], height / self.grid.shape[1]])

    def affine_at(self, field_xy: tuple[float, float]) -> np.ndarray:
        """The six interpolated coefficients at a location in field coordinates (no offset), as
        ConsensusWarpFieldBuilder.getAffineMatrixElements reads them."""
        grid_xy = np.asarray(field_xy, dtype=np.float64) / self.cell - 0.5
        return self._coefficients(grid_xy[0:1], grid_xy[1:2])[:, 0]

    def data_string(self) -> str:
        """AffineWarpFieldTransform.toDataString (serializeWarpField, lines 268-285)."""
        rows, columns = self.grid.shape[1:]
        head = " ".join([java_number_text(float(self.offset[0])), java_number_text(float(self.offset[1])),
                         java_number_text(float(self.width)), java_number_text(float(self.height)),
                         str(rows), str(columns), self.interpolator])
        values = self.grid.reshape(-1)
        if len(values) < 64:
            return head + " none" + "".join(" " + java_number_text(float(v)) for v in values)
        return f"{head} base64 {_encode_base64(values)}"

    def debug_json(self) -> str:
        """AffineWarpFieldTransform.toDebugJson with AffineWarpField.toDebugJson (lines 315-346)."""
        rows, columns = self.grid.shape[1:]
        lines = []
        for row in range(rows):
            for column in range(columns):
                m = self.grid[:, row, column]
                lines.append(
                    f'    {{ "index": {row * columns + column:6d}, "row": {row:3d}, "column": {column:3d}, '
                    f'"affine": "{java_fixed(m[0], 12, 16)} {java_fixed(m[1], 12, 16)} '
                    f'{java_fixed(m[2], 12, 16)} {java_fixed(m[3], 12, 16)} {java_fixed(m[4], 12, 20)} '
                    f'{java_fixed(m[5], 12, 20)}" }},\n')
            lines.append("\n")
        field = "  [\n" + "".join(lines)
        if len(field) > 4:
            field = field[:-3]
        field += "\n  ]"
        return ("{\n"
                f'  "locationOffsets": {{ "x": {java_number_text(float(self.offset[0]))}, '
                f'"y": {java_number_text(float(self.offset[1]))} }},\n'
                '  "warpField": \n' + field + "\n}")

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


def high_resolution_grid(grid: np.ndarray, divide_rows_by: int, divide_columns_by: int) -> np.ndarray:
    """AffineWarpField.getHighResolutionCopy (lines 269-306): every cell split into equal sub-cells."""
    return np.repeat(np.repeat(grid, divide_rows_by, axis=1), divide_columns_by, axis=2)


def java_fixed(value: float, decimals: int, width: int) -> str:
    """Java ``String.format("%W.Df")``: half-up rounding of the shortest decimal text, right-aligned."""
    value = float(value)
    if value != value or value in (float("inf"), float("-inf")):
        text = "NaN" if value != value else ("Infinity" if value > 0 else "-Infinity")
    else:
        rounded = Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        text = format(rounded, "f")
    return text.rjust(width)


def _encode_base64(values: np.ndarray) -> str:
    """DoubleArrayConverter.encodeBase64: zlib-deflated big-endian doubles, or '@' and the raw bytes when
    deflating does not make them smaller."""
    raw = np.asarray(values, dtype=">f8").tobytes()
    zipped = zlib.compress(raw)
    if len(zipped) >= len(raw):
        return "@" + base64.b64encode(raw).decode("ascii")
    return base64.b64encode(zipped).decode("ascii")


def _java_int(value: int) -> int:
    """``value`` wrapped to a 32-bit Java int."""
    return (value + 2**31) % 2**32 - 2**31


def _decode_base64(text: str, size: int) -> np.ndarray:
    """DoubleArrayConverter.decodeBase64 (lines 43-77): '@' and the raw big-endian doubles (a block shorter
    than ``size`` doubles fails), else a zlib stream inflated into a zeroed ``size * 8`` byte buffer (a short
    or truncated stream leaves zeros, surplus bytes are ignored). Every failure, a negative size or a byte
    count past the int range included, is render-ws's "failed to decode" 400."""
    failure = InitError("failed to decode warp field values")
    byte_count = size * 8
    if size < 0 or _java_int(byte_count) != byte_count:
        raise failure   # NegativeArraySizeException, or an int-overflowed buffer read past its end
    try:
        if text.startswith("@"):
            raw = base64.b64decode(text[1:])
            if len(raw) < byte_count:
                raise failure   # ArrayIndexOutOfBoundsException reading the doubles
        else:
            zipped = base64.b64decode(text)
            # (max_length 0 would mean "no limit" to zlib; Java inflates into an empty buffer)
            raw = zlib.decompressobj().decompress(zipped, byte_count) if byte_count > 0 else b""
            raw = raw + bytes(byte_count - len(raw))
    except (ValueError, zlib.error) as exc:
        raise failure from exc
    return np.frombuffer(raw[:byte_count], dtype=">f8").astype(np.float64)


def affine_warp_field(data: str) -> AffineWarpFieldTransform:
    """org.janelia.alignment.transform.AffineWarpFieldTransform."""
    return AffineWarpFieldTransform(data)
