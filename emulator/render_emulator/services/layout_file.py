"""render-ws layout files (TileSpecLayout): one text line per tile in KARSH or SCHEFFER format."""

from __future__ import annotations

import os
import re
from typing import Any

from render_emulator.services.data_roots import UNCONFINED, DataRoots
from render_emulator.services.stack_lookup import require_metadata
from render_emulator.store import RenderStore, StackId
from renderapi._java import java_number_text

KARSH, SCHEFFER = "KARSH", "SCHEFFER"
FORMATS = (KARSH, SCHEFFER)
_WHITESPACE = re.compile(r"\s+")


def _java(value: Any) -> str:
    """String concatenation of a Java value: ``null``, Double.toString, Integer and String as they are."""
    if value is None:
        return "null"
    if isinstance(value, float):
        return java_number_text(value)
    return str(value)


def _affine_data(tile: dict, delimiter: str) -> str | None:
    """The last leaf's dataString in Karsh order (6 values) or, for longer data, its count + values."""
    specs = (tile.get("transforms") or {}).get("specList") or []
    if not specs or specs[-1].get("type", "leaf") != "leaf" or specs[-1].get("dataString") is None:
        return None
    data = _WHITESPACE.split(specs[-1]["dataString"])  # keeps leading/trailing empty strings, as split(-1)
    if len(data) == 6:
        return delimiter.join(data[i] for i in (0, 2, 4, 1, 3, 5))
    if len(data) > 6:
        return delimiter.join([str(len(data)), *data])
    return None


# java.net.URI's multi-argument constructors (used by File.toURI) keep these ASCII characters in a path and
# percent-encode every other ASCII character that is not a letter or digit; non-ASCII characters are kept
_URI_PATH_CHARS = frozenset("_-!.~'()*,;:$&+=/@")
_FILE_SCHEME = re.compile(r"file:/+")   # ImageAndMask.FILE_NAME_PATTERN (ImageAndMask.java:219)


def _uri_path(path: str) -> str:
    return "".join(c if not c.isascii() or c.isalnum() or c in _URI_PATH_CHARS else f"%{ord(c):02X}"
                   for c in path)


def _image_file_path(url: str, roots: DataRoots = UNCONFINED) -> str:
    """ImageAndMask.getImageFilePath (ImageAndMask.java:104-108): the URL as Utils.convertPathOrUriStringToUri
    makes it (Utils.java:392-411: a string without ':' is a path, made canonical on the server and written
    as a file: URI, with a trailing '/' for a directory), then the first ``file:/+`` replaced by '/'. A path
    outside ``roots`` is written as if nothing were there (no link target, no directory slash)."""
    if ":" not in url:
        canonical = roots.canonical_text(url)
        readable = roots.readable_path(canonical)
        if readable is not None and os.path.isdir(readable) and not canonical.endswith("/"):
            canonical += "/"
        url = "file:" + _uri_path(canonical)
    return _FILE_SCHEME.sub("/", url, count=1)


def _raw_path(tile: dict, roots: DataRoots = UNCONFINED) -> str | None:
    """TileSpecLayout.getRawPath (TileSpecLayout.java:211-219): the image file path of the first mipmap
    level (of the first channel when there are channels, TileSpec.java:531-539)."""
    channels = tile.get("channels")
    levels = (channels[0].get("mipmapLevels") if channels else tile.get("mipmapLevels")) or {}
    if not levels:
        return None
    url = levels[min(levels, key=int)].get("imageUrl")
    return None if url is None else _image_file_path(url, roots)


def _karsh_line(tile: dict, stack_uri: str, roots: DataRoots = UNCONFINED) -> str:
    layout = tile.get("layout")
    affine = _affine_data(tile, "\t")
    if layout is not None and affine is None:
        affine = f"1.0\t0.0\t{_java(layout.get('stageX'))}\t0.0\t1.0\t{_java(layout.get('stageY'))}"
    layout = layout or {}
    fields = (layout.get("sectionId"), tile.get("tileId"), affine, layout.get("imageCol"),
              layout.get("imageRow"), layout.get("camera"), _raw_path(tile, roots), layout.get("temca"),
              layout.get("rotation"), tile.get("z"),
              f"{stack_uri}/tile/{tile.get('tileId')}/render-parameters")
    return "\t".join(_java(v) for v in fields) + "\n"


def _tile_size(value: float | None) -> int:
    """TileSpec.getWidth()/getHeight(): the int value of the stored double, -1 when there is none
    (render-app TileSpec.java:429-446)."""
    return -1 if value is None else int(value)


def _scheffer_line(tile: dict, roots: DataRoots = UNCONFINED) -> str:
    return (f"TRANSFORM '{_java(_raw_path(tile, roots))}' {_java(_affine_data(tile, ' '))} "
            f"{_tile_size(tile.get('width'))} {_tile_size(tile.get('height'))}\n")


def _sort_value(value: Any) -> tuple:
    return (value is not None, value if value is not None else 0)


def layout_file(store: RenderStore, stack_id: StackId, stack_uri: str, min_z: float | None,
                max_z: float | None, layout_format: str | None = None, roots: DataRoots = UNCONFINED) -> str:
    """The layout text of the tiles with ``minZ <= z <= maxZ`` (``stack_uri`` ends with the stack name;
    paths are looked up only inside ``roots``)."""
    meta = require_metadata(store, stack_id)
    tiles = store.get_tile_specs_in_z_range(stack_id, min_z, max_z)
    if layout_format == SCHEFFER:
        bounds = (meta.get("stats") or {}).get("stackBounds")
        header = "BBOX "
        if bounds is not None:
            header += " ".join(_java(bounds.get(k)) for k in ("minX", "minY", "maxX", "maxY"))
        tiles.sort(key=lambda t: (_sort_value(t.get("z")), _sort_value(t.get("tileId"))))
        return header + "\n" + "".join(_scheffer_line(t, roots) for t in tiles)
    tiles.sort(key=lambda t: tuple(_sort_value(t.get(k)) for k in ("z", "minY", "minX")))
    return "".join(_karsh_line(t, stack_uri, roots) for t in tiles)
