"""The checks render runs on a tile's image sources before it renders them (no image is read):
TileSpec.validateMipmaps (ChannelSpec.java:160-167) and ImageAndMask.validate (ImageAndMask.java:159-216).
They need no store, so the render services, validation-info and the emulated clients share them."""

from __future__ import annotations

import os
from collections.abc import Callable
from urllib.parse import unquote, urlparse

from render_emulator.errors import BadRequest
from render_emulator.services.data_roots import UNCONFINED, DataRoots


def _file_path(url: str, roots: DataRoots = UNCONFINED) -> str | None:
    """The local file a ``file:`` or scheme-less URL names (None for other schemes); a string without ':' is
    a path made canonical, as Utils.convertPathOrUriStringToUri does (Utils.java:395-400), unless it lies
    outside ``roots`` (then it is shown as if nothing were there)."""
    if ":" not in url:
        return roots.canonical_text(url)
    parsed = urlparse(url)
    if parsed.scheme == "file":
        return os.path.abspath(unquote(parsed.path))
    if parsed.scheme == "":
        return os.path.abspath(url)
    return None


def checked_file(path: str, context: str, roots: DataRoots = UNCONFINED,
                 exists: Callable[[str], bool] = os.path.isfile) -> str:
    """ImageAndMask.validate's checks of one local file (ImageAndMask.java:199-214): it must exist (inside
    ``roots``: a file outside them counts as missing), be readable and not be empty (400 otherwise; the
    message names ``path`` as given). Returns the path to open."""
    readable = roots.readable_path(path)
    if readable is None or not exists(readable):
        raise BadRequest(f"cannot find {context} file '{path}'")
    if not os.access(readable, os.R_OK):
        raise BadRequest(f"no read access for {context} file '{path}'")
    if os.path.getsize(readable) == 0:
        raise BadRequest(f"{context} file '{path}' is empty")
    return readable


def validate_image_and_mask(entry: dict, roots: DataRoots = UNCONFINED) -> None:
    """ImageAndMask.validate (ImageAndMask.java:159-216): an imageUrl is required; local image and mask files
    must exist (inside ``roots``: a file outside them counts as missing), be readable and not be empty."""
    if entry.get("imageUrl") is None:
        raise BadRequest("no imageUrl specified")
    for context in ("imageUrl", "maskUrl"):
        url = entry.get(context)
        path = None if url is None else _file_path(url, roots)
        if path is None:
            continue
        checked_file(path, context, roots, os.path.exists)


def validate_mipmaps(tile: dict, roots: DataRoots = UNCONFINED) -> None:
    """TileSpec.validateMipmaps: every channel (or the legacy single channel) needs at least one mipmap
    level, and each level's ImageAndMask must validate (400 with the reason; files only inside ``roots``)."""
    tile_id = tile.get("tileId")
    channels = tile.get("channels") or [{"mipmapLevels": tile.get("mipmapLevels") or {}}]
    for channel in channels:
        levels = channel.get("mipmapLevels") or {}
        if not levels:
            name = channel.get("name")
            context = "tile '" if name is None else f"channel '{name}' of tile '"
            raise BadRequest(f"{context}{'null' if tile_id is None else tile_id}' does not contain any "
                             "mipmapLevel elements")
        for level in sorted(levels, key=int):
            validate_image_and_mask(levels[level], roots)
