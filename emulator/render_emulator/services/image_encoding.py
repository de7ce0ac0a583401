"""Encoding a rendered canvas as render-ws's image formats (BufferedImageStreamingOutput, Utils.writeImage):
8-bit ARGB as PNG and TIFF (RGBA), JPEG (the ARGB image drawn onto an opaque black RGB one) and raw
big-endian ARGB ints; with ``convertToGray`` the ARGB image is drawn onto black 8-bit gray instead (Java2D's
``(77 R + 150 G + 29 B + 128) >> 8``). The 16-bit variants (ShortRenderer) hold the raw, unmapped source
intensities as gray TIFF, PNG or raw big-endian shorts."""

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
    """A rendered box: per pixel the displayed red, green, blue in [0, 1], the raw source intensity (what
    the 16-bit formats hold) and the ARGB alpha."""

    layers: np.ndarray  # H x W x 4 float32: r, g, b, raw
    alpha: np.ndarray   # H x W uint8 (0 where nothing was drawn)

    @classmethod
    def empty(cls, width: int, height: int) -> Canvas:
        return cls(np.zeros((height, width, 4), dtype=np.float32), np.zeros((height, width), dtype=np.uint8))

    @property
    def rgb(self) -> np.ndarray:
        return self.layers[..., :3]

    @property
    def raw(self) -> np.ndarray:
        return self.layers[..., 3]

    def rgb8(self) -> np.ndarray:
        """H x W x 3 uint8: the displayed values rounded to 8 bits."""
        scaled = np.clip(self.rgb, 0.0, 1.0)
        scaled *= 255.0
        return np.rint(scaled, out=scaled).astype(np.uint8)

    def argb8(self) -> np.ndarray:
        """H x W x 4 uint8 in RGBA order."""
        rgba = np.empty(self.alpha.shape + (4,), dtype=np.uint8)
        rgba[..., :3] = self.rgb8()
        rgba[..., 3] = self.alpha
        return rgba

    def rgb8_over_black(self) -> np.ndarray:
        """H x W x 3 uint8: the ARGB image drawn over opaque black."""
        rgba = self.argb8().astype(np.uint32)
        return ((rgba[..., :3] * rgba[..., 3:] + 127) // 255).astype(np.uint8)

    def gray8(self) -> np.ndarray:
        """H x W uint8: the ARGB image drawn onto black 8-bit gray."""
        rgb = self.rgb8_over_black().astype(np.uint32)
        return ((77 * rgb[..., 0] + 150 * rgb[..., 1] + 29 * rgb[..., 2] + 128) >> 8).astype(np.uint8)

    def gray16(self) -> np.ndarray:
        """H x W uint16: the raw intensities (0 where nothing was drawn)."""
        return np.rint(np.clip(self.raw, 0.0, 65535.0)).astype(np.uint16)


@dataclass(frozen=True)
class EncodedImage:
    data: bytes
    mimetype: str


def _saved(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    return out.getvalue()


def _argb_image(canvas: Canvas, convert_to_gray: bool) -> Image.Image:
    return Image.fromarray(canvas.gray8() if convert_to_gray else canvas.argb8())


def _jpeg(canvas: Canvas, convert_to_gray: bool, quality: float) -> bytes:
    image = Image.fromarray(canvas.gray8() if convert_to_gray else canvas.rgb8_over_black())
    return _saved(image, "JPEG", quality=max(1, min(95, round(quality * 100))))


def _gray16_image(canvas: Canvas) -> Image.Image:
    return Image.fromarray(canvas.gray16())


def _raw_argb(canvas: Canvas) -> bytes:
    """Big-endian ARGB ints: per pixel the bytes alpha, red, green, blue."""
    argb = np.empty(canvas.alpha.shape + (4,), dtype=np.uint8)
    argb[..., 0] = canvas.alpha
    argb[..., 1:] = canvas.rgb8()
    return argb.tobytes()


def encode(canvas: Canvas, fmt: str, convert_to_gray: bool = False, quality: float = 0.85) -> EncodedImage:
    """``fmt`` is the render-ws path suffix (``jpeg-image``, ``png-image``, ``tiff-image``, ``raw-image``,
    ``tiff16-image``, ``png16-image``, ``raw16-image``)."""
    if fmt == "jpeg-image":
        return EncodedImage(_jpeg(canvas, convert_to_gray, quality), JPEG)
    if fmt == "png-image":
        return EncodedImage(_saved(_argb_image(canvas, convert_to_gray), "PNG"), PNG)
    if fmt == "tiff-image":
        return EncodedImage(_saved(_argb_image(canvas, convert_to_gray), "TIFF"), TIFF)
    if fmt == "raw-image":
        return EncodedImage(_raw_argb(canvas), OCTET_STREAM)
    if fmt == "tiff16-image":
        return EncodedImage(_saved(_gray16_image(canvas), "TIFF"), TIFF)
    if fmt == "png16-image":
        return EncodedImage(_saved(_gray16_image(canvas), "PNG"), PNG)
    if fmt == "raw16-image":
        return EncodedImage(canvas.gray16().astype(">u2").tobytes(), OCTET_STREAM)
    raise ValueError(f"unknown image format {fmt!r}")
