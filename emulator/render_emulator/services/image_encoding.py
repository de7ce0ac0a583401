"""Encoding a rendered canvas as render-ws's image formats (BufferedImageStreamingOutput, Utils.writeImage):
8-bit ARGB as PNG (RGBA), JPEG (RGB, or gray with convertToGray), TIFF (RGB) and raw big-endian ARGB ints;
16-bit gray as TIFF, PNG and raw big-endian shorts."""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
from PIL import Image

JPEG = "image/jpeg"
PNG = "image/png"
TIFF = "image/tiff"
OCTET_STREAM = "application/octet-stream"


@dataclass
class Canvas:
    """A rendered box: intensities in [0, 1] per colour channel and the ARGB alpha."""

    rgb: np.ndarray     # H x W x 3 float32
    alpha: np.ndarray   # H x W uint8 (0 where nothing was drawn)

    @classmethod
    def empty(cls, width: int, height: int) -> Canvas:
        return cls(np.zeros((height, width, 3), dtype=np.float32), np.zeros((height, width), dtype=np.uint8))

    def argb8(self) -> np.ndarray:
        """H x W x 4 uint8 in RGBA order."""
        rgb = np.rint(np.clip(self.rgb, 0.0, 1.0) * 255.0).astype(np.uint8)
        return np.dstack([rgb, self.alpha])

    def gray16(self) -> np.ndarray:
        """H x W uint16: the mean of the colour channels over 0..65535, 0 where nothing was drawn."""
        gray = np.clip(self.rgb.mean(axis=2), 0.0, 1.0) * 65535.0
        return np.where(self.alpha > 0, np.rint(gray), 0).astype(np.uint16)


@dataclass(frozen=True)
class EncodedImage:
    data: bytes
    mimetype: str


def _saved(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    return out.getvalue()


def _jpeg(canvas: Canvas, convert_to_gray: bool, quality: float) -> bytes:
    rgba = canvas.argb8()
    image = Image.fromarray(np.ascontiguousarray(rgba[..., :3]))
    if convert_to_gray:
        image = image.convert("L")
    return _saved(image, "JPEG", quality=max(1, min(95, round(quality * 100))))


def _gray16_image(canvas: Canvas) -> Image.Image:
    return Image.fromarray(canvas.gray16())


def _raw_argb(canvas: Canvas) -> bytes:
    rgba = canvas.argb8().astype(np.uint32)
    argb = (rgba[..., 3] << 24) | (rgba[..., 0] << 16) | (rgba[..., 1] << 8) | rgba[..., 2]
    return argb.astype(">u4").tobytes()


def encode(canvas: Canvas, fmt: str, convert_to_gray: bool = False, quality: float = 0.85) -> EncodedImage:
    """``fmt`` is the render-ws path suffix (``jpeg-image``, ``png-image``, ``tiff-image``, ``raw-image``,
    ``tiff16-image``, ``png16-image``, ``raw16-image``)."""
    if fmt == "jpeg-image":
        return EncodedImage(_jpeg(canvas, convert_to_gray, quality), JPEG)
    if fmt == "png-image":
        return EncodedImage(_saved(Image.fromarray(canvas.argb8()), "PNG"), PNG)
    if fmt == "tiff-image":
        rgb = Image.fromarray(np.ascontiguousarray(canvas.argb8()[..., :3]))
        return EncodedImage(_saved(rgb, "TIFF"), TIFF)
    if fmt == "raw-image":
        return EncodedImage(_raw_argb(canvas), OCTET_STREAM)
    if fmt == "tiff16-image":
        return EncodedImage(_saved(_gray16_image(canvas), "TIFF"), TIFF)
    if fmt == "png16-image":
        return EncodedImage(_saved(_gray16_image(canvas), "PNG"), PNG)
    if fmt == "raw16-image":
        return EncodedImage(canvas.gray16().astype(">u2").tobytes(), OCTET_STREAM)
    raise ValueError(f"unknown image format {fmt!r}")
