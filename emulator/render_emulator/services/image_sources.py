"""Tile image sources for rendering: which file a tile's image and mask come from at a render scale
(mipmap level choice, MipmapPathBuilder), and reading them from disk with Pillow.

Only ``file:`` URLs and plain paths can be read (render-ws reads any URL ImageJ can open); other schemes
answer 400. With ``--data-root`` (DataRoots) a file outside every root is answered as a missing one.
"""

from __future__ import annotations

import math
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from urllib.parse import unquote, urlparse

import numpy as np
from PIL import Image, UnidentifiedImageError

from render_emulator.errors import BadRequest
from render_emulator.services.data_roots import UNCONFINED, DataRoots
from render_emulator.services.image_and_mask import checked_file
from render_emulator.services.transform_specs import java_parse_double
from renderapi._java import java_number_text


@dataclass(frozen=True)
class ChannelSource:
    """What one channel of one tile renders from at the chosen mipmap level."""

    image_url: str
    mask_url: str | None
    level: int
    min_intensity: float
    max_intensity: float
    weight: float = 1.0


# what decoded images an app keeps between requests by default (as decoded: 1 byte per 8-bit gray pixel)
DEFAULT_IMAGE_CACHE_BYTES = 256 * 2**20


class ImageCache:
    """Decoded source images kept between requests, as render-ws keeps them in its SharedImageProcessorCache
    (render-ws/…/service/util/SharedImageProcessorCache.java:16), least recently used out first beyond
    ``max_bytes``. Unlike render-ws an entry is used only while its file keeps its size and modification
    time, so a rewritten file is read again. Safe under a threaded server."""

    def __init__(self, max_bytes: int = DEFAULT_IMAGE_CACHE_BYTES) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, tuple[tuple[int, int], np.ndarray]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, path: str, stamp: tuple[int, int]) -> np.ndarray | None:
        with self._lock:
            entry = self._entries.get(path)
            if entry is None or entry[0] != stamp:
                return None
            self._entries.move_to_end(path)
            return entry[1]

    def put(self, path: str, stamp: tuple[int, int], pixels: np.ndarray) -> None:
        if pixels.nbytes > self.max_bytes:
            return
        pixels.flags.writeable = False   # shared between requests: nobody may draw into it
        with self._lock:
            old = self._entries.pop(path, None)
            if old is not None:
                self._bytes -= old[1].nbytes
            self._entries[path] = (stamp, pixels)
            self._bytes += pixels.nbytes
            while self._bytes > self.max_bytes:
                _, (_, dropped) = self._entries.popitem(last=False)
                self._bytes -= dropped.nbytes

    def clear(self) -> None:
        """DELETE imageProcessorCache/allEntries: forget every image."""
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)


@dataclass
class SourceCache:
    """Images read during one render request (a URL shared by several tiles is read once), backed by the
    app's ``shared`` ImageCache when there is one; files are read only inside ``roots``."""

    images: dict[str, np.ndarray] = field(default_factory=dict)
    shared: ImageCache | None = None
    roots: DataRoots = UNCONFINED


def best_mipmap_level(scale: float) -> int:
    """Utils.bestMipmapLevel: ``floor(log2(int(1 / scale)))``, 0 at scales >= 1/2."""
    if not scale > 0 or not math.isfinite(1.0 / scale):
        return 0
    inverse = int(1.0 / scale)
    return inverse.bit_length() - 1 if inverse > 1 else 0


def local_path(url: str) -> str:
    """The local file a ``file:`` URL or a plain path names; 400 for any other scheme."""
    parsed = urlparse(url)
    if parsed.scheme == "file":
        return os.path.abspath(unquote(parsed.path))
    if parsed.scheme == "" or (len(parsed.scheme) == 1 and os.name == "nt"):
        return os.path.abspath(url)
    raise BadRequest(
        f"render-ws emulator: cannot read '{url}' (only file: URLs and local paths are supported)")


def _checked_path(url: str, context: str, roots: DataRoots = UNCONFINED) -> str:
    """ImageAndMask.validate's file checks: the file must exist (inside ``roots``), be readable and not be
    empty. Returns the path to open; messages name the path as the URL gives it."""
    return checked_file(local_path(url), context, roots)


def read_image(url: str, context: str, cache: SourceCache) -> np.ndarray:
    """The image at ``url`` as float32, H x W (gray) or H x W x 3 (colour; alpha dropped)."""
    found = cache.images.get(url)
    if found is not None:
        return found
    path = _checked_path(url, context, cache.roots)
    status = os.stat(path)
    stamp = (status.st_mtime_ns, status.st_size)
    decoded = cache.shared.get(path, stamp) if cache.shared is not None else None
    if decoded is None:
        try:
            with Image.open(path) as image:
                image.load()
                decoded = _decoded(image)
        except (UnidentifiedImageError, OSError) as exc:
            raise BadRequest(f"failed to load {context} '{url}': {exc}") from None
        if cache.shared is not None:
            cache.shared.put(path, stamp, decoded)
    pixels = decoded.astype(np.float32)
    cache.images[url] = pixels
    return pixels


def _decoded(image: Image.Image) -> np.ndarray:
    """The image's samples as Pillow decodes them (gray when all three colour channels agree)."""
    if image.mode in ("RGB", "RGBA", "P", "CMYK", "YCbCr", "LA", "PA"):
        rgb = np.asarray(image.convert("RGB"))
        if np.array_equal(rgb[..., 0], rgb[..., 1]) and np.array_equal(rgb[..., 0], rgb[..., 2]):
            return np.ascontiguousarray(rgb[..., 0])
        return rgb
    if image.mode == "1":
        return np.asarray(image.convert("L"))
    return np.asarray(image)


def _floor_entry(levels: dict, level: int) -> tuple[int, dict] | None:
    """TileSpec.getFloorMipmapEntry: the entry with the greatest level <= ``level`` (else the lowest)."""
    if not levels:
        return None
    keys = sorted(int(k) for k in levels)
    below = [k for k in keys if k <= level]
    chosen = below[-1] if below else keys[0]
    return chosen, levels[str(chosen)] if str(chosen) in levels else levels[chosen]


def _derived_entry(builder: dict | None, entry: dict, have: int, want: int,
                   roots: DataRoots = UNCONFINED) -> tuple[int, dict]:
    """MipmapPathBuilder: ``{rootPath}/{level}{imagePath}.{extension}`` for the wanted level when that
    file exists inside ``roots`` (the mask follows the same rule), else the tile's own entry."""
    if not builder or want <= have or not builder.get("rootPath"):
        return have, entry
    top = min(want, int(builder.get("numberOfLevels") or 0))
    extension = builder.get("extension") or "tif"
    for level in range(top, have, -1):
        derived = {}
        for key in ("imageUrl", "maskUrl"):
            url = entry.get(key)
            if url is None:
                continue
            try:
                source = local_path(url)
            except BadRequest:
                return have, entry
            derived[key] = os.path.join(builder["rootPath"], str(level)) + source + "." + extension
        if derived.get("imageUrl") and all(_is_file(p, roots) for p in derived.values()):
            return level, derived
    return have, entry


def _is_file(path: str, roots: DataRoots) -> bool:
    readable = roots.readable_path(path)
    return readable is not None and os.path.isfile(readable)


def parse_channel_weights(channels: str | None) -> list[tuple[str, float]] | None:
    """ChannelNamesAndWeights.fromSpec: ``name`` or ``name1__w1__name2__w2...`` (a trailing name without
    weight is ignored); 400 when a weight is no number or the weights add up to more than 1."""
    if channels is None:
        return None
    parts = channels.split("__")
    while len(parts) > 1 and parts[-1] == "":
        parts.pop()  # Java's split drops trailing empty strings
    if len(parts) == 1:
        return [(parts[0], 1.0)]
    weights: dict[str, float] = {}
    total = 0.0
    for i in range(1, len(parts), 2):
        name, weight = parts[i - 1], java_parse_double(parts[i])
        if total + weight > 1.0:
            current = ", ".join(f"{k}={java_number_text(v)}" for k, v in weights.items())
            raise BadRequest(
                f"Channel {name} weight {java_number_text(weight)} is too large.  The sum of all weights "
                f"must be less than or equal to 1.0.  Current weights are: {{{current}}}")
        weights[name] = weight
        total += weight
    return list(weights.items())


def _intensity(holder: dict, key: str, default: float, override: float | None) -> float:
    if override is not None:
        return float(override)
    value = holder.get(key)
    return default if value is None else float(value)


def channel_sources(tile: dict, params: dict, level: int,
                    roots: DataRoots = UNCONFINED) -> list[ChannelSource]:
    """The channels of ``tile`` to draw under ``params`` (RenderParameters), each at its mipmap level;
    empty when the tile has none of the requested channels (it is then skipped, as render-ws does)."""
    wanted = parse_channel_weights(params.get("channels"))
    channels = tile.get("channels") or []
    if channels:
        if wanted is None:
            picked = [(channels[0], 1.0)]
        else:
            by_name = {c.get("name"): c for c in channels}
            picked = [(by_name[name], weight) for name, weight in wanted if name in by_name]
    else:
        if wanted is not None and not any(name in ("", None) for name, _ in wanted):
            return []
        picked = [(tile, 1.0)]
    out = []
    for holder, weight in picked:
        entry = _floor_entry(holder.get("mipmapLevels") or {}, level)
        if entry is None:
            raise BadRequest(f"tile '{tile.get('tileId')}' does not contain any mipmapLevel elements")
        builder = params.get("mipmapPathBuilder")
        have, image_and_mask = _derived_entry(builder, entry[1], entry[0], level, roots)
        image_url = image_and_mask.get("imageUrl")
        if image_url is None:
            raise BadRequest("no imageUrl specified")
        out.append(ChannelSource(
            image_url=image_url, mask_url=image_and_mask.get("maskUrl"), level=have,
            min_intensity=_intensity(holder, "minIntensity", 0.0, params.get("minIntensity")),
            max_intensity=_intensity(holder, "maxIntensity", 255.0, params.get("maxIntensity")),
            weight=weight,
        ))
    return out
