"""org.janelia.alignment.Renderer (ArgbRenderer, BoundingBoxRenderer): RenderParameters drawn onto a canvas
and encoded, from given (resolved, flattened) tile specs without any store access, so that render-ws's image
services and the emulated Java clients (ArgbRenderer, RenderSectionClient, PointMatchClient) share it.

Rendering model: output ``int(width * scale) x int(height * scale)``, a transparent canvas, tiles drawn in
the given (tileId) order through their whole transform list (``tile_warp``), sampled bilinearly (nearest
with ``skipInterpolation``) from the mipmap level the scale asks for, masked unless ``excludeMask`` (the
mask is the tile's alpha, drawn source-over), intensities mapped from ``[minIntensity, maxIntensity]`` to
the output range. When there are more tiles than
``maxTileSpecsToRender`` only green tile outlines are drawn.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from render_emulator.errors import BadRequest, ServerError
from render_emulator.model import expect_array, expect_object
from render_emulator.model.scalars import java_double, primitive_int
from render_emulator.services.data_roots import UNCONFINED, DataRoots
from render_emulator.services.image_and_mask import validate_image_and_mask
from render_emulator.services.image_encoding import Canvas, EncodedImage, encode
from render_emulator.services.image_sources import (
    ChannelSource,
    ImageCache,
    SourceCache,
    best_mipmap_level,
    channel_sources,
    read_image,
)
from render_emulator.services.tile_json import parse_tile_spec
from render_emulator.services.tile_sampling import sample_window
from render_emulator.services.tile_warp import Box, Footprint, tile_footprint
from render_emulator.services.transform_specs import flatten, ref_ids, unresolved_text
from renderapi._java import int_cast

OUTLINE_GREEN = (0, 255, 0, 255)
# the emulator refuses larger canvases (render-ws would run out of heap or overflow Java's int arrays)
MAX_OUTPUT_PIXELS = 2**27


# ============================================================================ drawing
def _normalized(values: np.ndarray, source: ChannelSource) -> np.ndarray:
    span = source.max_intensity - source.min_intensity
    if span == 0:
        return (values > source.min_intensity).astype(np.float32)
    return np.clip((values - source.min_intensity) / span, 0.0, 1.0).astype(np.float32)


def _as_gray(values: np.ndarray) -> np.ndarray:
    return values if values.ndim == 2 else values.mean(axis=2)


def _tile_size(tile: dict, image: np.ndarray, level: int) -> tuple[float, float]:
    """The level-0 tile size: the spec's width/height, else the image's (scaled up from its level)."""
    width, height = tile.get("width"), tile.get("height")
    factor = 2 ** level
    if width is None or width < 0:
        width = image.shape[1] * factor
    if height is None or height < 0:
        height = image.shape[0] * factor
    return float(np.float32(width)), float(np.float32(height))


def _draw_tile(canvas: Canvas, tile: dict, params: dict, box: Box, level: int, cache: SourceCache) -> None:
    sources = channel_sources(tile, params, level, cache.roots)
    if not sources:
        return
    first = read_image(sources[0].image_url, "imageUrl", cache)
    width, height = _tile_size(tile, first, sources[0].level)
    footprint: Footprint | None = tile_footprint(tile, box, width, height)
    if footprint is None:
        return
    order = 0 if params.get("skipInterpolation") else 1
    rgb: np.ndarray | None = None   # h x w (gray) or h x w x 3: displayed values in [0, 1]
    raw: np.ndarray | None = None   # h x w: raw source intensities
    for source in sources:
        image = first if source is sources[0] else read_image(source.image_url, "imageUrl", cache)
        sampled = sample_window(image, footprint, source.level, order)
        shown, intensity = _normalized(sampled, source), _as_gray(sampled)
        if len(sources) == 1 and source.weight == 1.0:
            rgb, raw = shown, intensity
            break
        if rgb is None:
            rgb, raw = np.zeros(footprint.mask.shape + (3,), dtype=np.float32), np.zeros_like(intensity)
        rgb += source.weight * (shown if shown.ndim == 3 else shown[..., np.newaxis])
        raw += source.weight * intensity
    covered, alpha = footprint.mask, None
    mask_url = sources[0].mask_url
    if mask_url is not None and not params.get("excludeMask"):
        binary = bool(params.get("binaryMask"))
        mask = read_image(mask_url, "maskUrl", cache)
        if mask.ndim == 3:
            mask = mask.mean(axis=2)
        sampled = sample_window(mask, footprint, sources[0].level, 0 if binary else order)
        covered = covered & (sampled >= 255 if binary else sampled > 0)
        alpha = np.clip(np.rint(sampled), 0, 255).astype(np.uint8)
    _composite(footprint.window(canvas.layers), footprint.window(canvas.alpha), covered, rgb, raw, alpha)


def _composite(layers: np.ndarray, canvas_alpha: np.ndarray, covered: np.ndarray, rgb: np.ndarray,
               raw: np.ndarray, alpha: np.ndarray | None) -> None:
    """Draw ``rgb`` (h x w gray or h x w x 3) and ``raw`` (h x w) with ``alpha`` (h x w; None for opaque)
    over the ``covered`` pixels of a canvas window (Graphics2D.drawImage's source-over rule)."""
    colour = rgb if rgb.ndim == 3 else rgb[..., np.newaxis]
    if alpha is None or (alpha[covered] == 255).all():
        np.copyto(layers[..., :3], colour, where=covered[..., np.newaxis])
        np.copyto(layers[..., 3], raw, where=covered)
        canvas_alpha[covered] = 255
        return
    values = np.empty((int(covered.sum()), 4), dtype=np.float32)
    values[:, :3] = colour[covered]
    values[:, 3] = raw[covered]
    source = alpha[covered].astype(np.float32) / 255.0
    below = canvas_alpha[covered].astype(np.float32) / 255.0 * (1.0 - source)
    total = source + below
    safe = np.where(total > 0, total, 1.0)
    layers[covered] = ((values * source[:, np.newaxis] + layers[covered] * below[:, np.newaxis])
                       / safe[:, np.newaxis])
    canvas_alpha[covered] = np.rint(total * 255.0).astype(np.uint8)


def _draw_outlines(canvas: Canvas, tiles: list[dict], box: Box) -> None:
    """BoundingBoxRenderer: each tile's bounding box as a green outline."""
    image = Image.new("RGBA", (box.width, box.height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    for tile in tiles:
        bounds = [tile.get(k) for k in ("minX", "minY", "maxX", "maxY")]
        if any(b is None for b in bounds):
            continue
        x0, y0 = (bounds[0] - box.x) * box.scale, (bounds[1] - box.y) * box.scale
        x1, y1 = (bounds[2] - box.x) * box.scale, (bounds[3] - box.y) * box.scale
        draw.rectangle([x0, y0, x1, y1], outline=OUTLINE_GREEN)
    pixels = np.asarray(image)
    canvas.rgb[...] = pixels[..., :3] / 255.0
    canvas.alpha[...] = pixels[..., 3]
    canvas.raw[...] = canvas.gray8() * 257.0   # the outlines as a 16-bit gray image shows them


def output_box(params: dict) -> Box:
    """The output raster of RenderParameters: ``int(width * scale) x int(height * scale)`` (400 if empty)."""
    scale = float(params.get("scale", 1.0))
    width, height = (int_cast(params.get("width", 0) * scale), int_cast(params.get("height", 0) * scale))
    if width <= 0 or height <= 0:
        raise BadRequest(f"Width ({width}) and height ({height}) cannot be <= 0")
    if width * height > MAX_OUTPUT_PIXELS:
        raise ServerError(f"render-ws emulator: a {width} x {height} image is too large to render "
                          f"(more than {MAX_OUTPUT_PIXELS} pixels)")
    return Box(float(params.get("x", 0.0)), float(params.get("y", 0.0)), scale, width, height)


def validate_sources(tiles: list[dict], roots: DataRoots = UNCONFINED) -> None:
    """RenderParameters.validate before real rendering: every mipmap level of every channel of every tile
    needs an imageUrl, and local image and mask files must exist (inside ``roots``) and be readable (400
    otherwise)."""
    for tile in tiles:
        channels = tile.get("channels") or [{"mipmapLevels": tile.get("mipmapLevels") or {}}]
        for channel in channels:
            levels = channel.get("mipmapLevels") or {}
            if not levels:
                raise BadRequest(f"tile '{tile.get('tileId')}' does not contain any mipmapLevel elements")
            for level in sorted(levels, key=int):
                validate_image_and_mask(levels[level], roots)


def render_canvas(params: dict, bounding_boxes_only: bool = False,
                  images: ImageCache | None = None,
                  roots: DataRoots = UNCONFINED) -> Canvas:
    """Render RenderParameters (resolved, flattened tile specs) to a canvas (source images through the
    app's ``images`` cache when given, read only inside ``roots``)."""
    box = output_box(params)
    canvas = Canvas.empty(box.width, box.height)
    tiles = params.get("tileSpecs") or []
    if bounding_boxes_only:
        _draw_outlines(canvas, tiles, box)
        return canvas
    validate_sources(tiles, roots)
    if params.get("fillWithNoise"):
        noise = np.random.default_rng().random((box.height, box.width), dtype=np.float32)
        canvas.rgb[...] = noise[..., np.newaxis]
        canvas.raw[...] = noise * 255.0
        canvas.alpha[...] = 255
    level = best_mipmap_level(box.scale)
    cache = SourceCache(shared=images, roots=roots)
    for tile in tiles:
        _draw_tile(canvas, tile, params, box, level, cache)
    background = params.get("backgroundRGBColor")
    if background is not None:
        canvas = _over_background(canvas, int(background))
    return canvas


def _over_background(canvas: Canvas, rgb: int) -> Canvas:
    """The canvas drawn over an opaque ``backgroundRGBColor`` (0xRRGGBB)."""
    color = np.array([(rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF], dtype=np.float32) / 255.0
    gray = (77 * color[0] + 150 * color[1] + 29 * color[2]) / 256 * 255.0
    opaque = Canvas(np.broadcast_to(np.append(color, gray), canvas.layers.shape).copy(),
                    np.full_like(canvas.alpha, 255))
    everywhere = np.ones(canvas.alpha.shape, dtype=bool)
    _composite(opaque.layers, opaque.alpha, everywhere, canvas.rgb, canvas.raw, canvas.alpha)
    return opaque


def render_encoded(params: dict, fmt: str, max_tile_specs_to_render: int | None = None,
                   bounding_boxes_only: bool = False, images: ImageCache | None = None,
                   roots: DataRoots = UNCONFINED) -> EncodedImage:
    """RenderServiceUtil.renderImageStream: outlines only when there are more tiles than the limit."""
    too_many = (max_tile_specs_to_render is not None
                and len(params.get("tileSpecs") or []) > max_tile_specs_to_render)
    canvas = render_canvas(params, bounding_boxes_only or too_many, images, roots)
    return encode(canvas, fmt, bool(params.get("convertToGray")), float(params.get("quality", 0.85)))


# ============================================================================ RenderParameters bodies
RENDER_PARAMETERS_TYPE = "org.janelia.alignment.RenderParameters"
TILE_LIST_TYPE = "java.util.List<org.janelia.alignment.spec.TileSpec>"
_PARAMETER_DEFAULTS = {"x": 0.0, "y": 0.0, "width": 256, "height": 256, "scale": 1.0, "quality": 0.85}


def parse_render_parameters(body: object) -> dict:
    """A RenderParameters request body: numbers as Java reads them, tile specs parsed, references
    refused (a posted body is rendered as it is, without database access)."""
    if body is None:
        raise BadRequest("no render parameters provided")
    value = expect_object(body, RENDER_PARAMETERS_TYPE)
    params = {**_PARAMETER_DEFAULTS, **{k: v for k, v in value.items() if v is not None}}
    for name in ("x", "y", "scale", "quality", "minIntensity", "maxIntensity"):
        if name in params:
            params[name] = java_double(params[name])
    for name in ("width", "height"):   # ints (RenderParameters.java:90-93)
        params[name] = primitive_int(params[name])
    tiles = []
    for tile in expect_array(params.get("tileSpecs") or [], TILE_LIST_TYPE):
        parsed = parse_tile_spec(tile)
        unresolved = ref_ids(parsed["transforms"])
        if unresolved:
            raise BadRequest(unresolved_text(parsed.get("tileId"), unresolved))
        tiles.append({**parsed, "transforms": flatten(parsed["transforms"])})
    params["tileSpecs"] = tiles
    return params
