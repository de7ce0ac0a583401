"""Image pyramids: a tile's (or channel's) images and masks keyed by mipmap level."""
from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator, Mapping, MutableMapping
from typing import Any

from .errors import RenderError
from .utils import NullHandler

logger = logging.getLogger(__name__)
logger.addHandler(NullHandler())

_URL_KEYS = ("imageUrl", "maskUrl")


class MipMapKeyError(RenderError, KeyError):
    """An item key other than ``imageUrl``/``maskUrl`` (a KeyError and a RenderError)."""


def _check_url_key(key: str) -> None:
    if key not in _URL_KEYS:
        raise MipMapKeyError(f"{key} is not a valid attribute of a mipmapLevel")


class MipMap:
    """An image and its mask at one mipmap level.

    Attributes
    ----------
    imageUrl : str or None
        uri of the image
    maskUrl : str or None
        uri of the mask
    """

    def __init__(self, imageUrl=None, maskUrl=None):
        self.imageUrl = imageUrl
        self.maskUrl = maskUrl

    def to_dict(self) -> dict[str, str]:
        """JSON-compatible dict holding the urls that are set."""
        d = {}
        if self.imageUrl is not None:
            d["imageUrl"] = self.imageUrl
        if self.maskUrl is not None:
            d["maskUrl"] = self.maskUrl
        return d

    def __iter__(self) -> Iterator[tuple[str, str]]:
        for key in _URL_KEYS:
            value = getattr(self, key)
            if value is not None:
                yield key, value

    def __getitem__(self, key: str):
        _check_url_key(key)
        return getattr(self, key)

    def __setitem__(self, key: str, value) -> None:
        _check_url_key(key)
        setattr(self, key, value)

    def __eq__(self, b) -> bool:
        if isinstance(b, Mapping):
            return self.imageUrl == b.get("imageUrl") and self.maskUrl == b.get("maskUrl")
        try:
            return self.imageUrl == b.imageUrl and self.maskUrl == b.maskUrl
        except AttributeError:
            return NotImplemented

    __hash__ = None

    def __repr__(self) -> str:
        return f"MipMap(imageUrl={self.imageUrl!r}, maskUrl={self.maskUrl!r})"


class MipMapLevel:
    """One level of an image pyramid (deprecated: use MipMap and ImagePyramid).

    Attributes
    ----------
    level : int
        level of 2x downsampling
    mipmap : MipMap
        image and mask of this level
    """

    def __init__(self, level, imageUrl=None, maskUrl=None):
        warnings.warn("use of mipmaplevels deprecated, use MipMap and ImagePyramid",
                      DeprecationWarning, stacklevel=2)
        self.level = level
        self.mipmap = MipMap(imageUrl, maskUrl)

    def to_dict(self) -> dict[str, str]:
        """JSON-compatible dict of this level's urls."""
        return self.mipmap.to_dict()

    def __getitem__(self, key: str):
        return self.mipmap[key]

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self.to_dict().items())

    def __eq__(self, b) -> bool:
        try:
            return self.mipmap == b.mipmap
        except AttributeError:
            return NotImplemented

    __hash__ = None


class TransformedDict(MutableMapping):
    """A mapping that passes every key through ``__keytransform__`` before use."""

    def __init__(self, *args, **kwargs):
        self.store = dict()
        self.update(dict(*args, **kwargs))

    def __getitem__(self, key):
        return self.store[self.__keytransform__(key)]

    def __setitem__(self, key, value) -> None:
        self.store[self.__keytransform__(key)] = value

    def __delitem__(self, key) -> None:
        del self.store[self.__keytransform__(key)]

    def __iter__(self):
        return iter(self.store)

    def __len__(self) -> int:
        return len(self.store)

    def __keytransform__(self, key):
        return key


def _level_key(key) -> str:
    """Normalize a mipmap level (``0``, ``"0"``, ``0.0``...) to render's string key."""
    try:
        level = int(key)
    except (TypeError, ValueError):
        raise RenderError(f"{key} is not a valid mipmap level") from None
    if level < 0:
        raise RenderError(f"{key} is not a valid mipmap level (less than 0)")
    return str(level)


class ImagePyramid(TransformedDict):
    """MipMaps keyed by level; ``ip[0]`` and ``ip["0"]`` address the same entry.

    Levels are stored as strings and iterated in string order ("10" sorts before "2"),
    as render-python does.
    """

    def __keytransform__(self, key) -> str:
        return _level_key(key)

    def to_dict(self) -> dict[str, dict[str, str]]:
        """JSON-compatible ``{"0": {"imageUrl": ..., "maskUrl": ...}, ...}``."""
        store = self.store  # keys are already normalized level strings
        return {level: store[level].to_dict() for level in sorted(store)}

    @classmethod
    def from_dict(cls, d: Mapping[Any, Mapping[str, str]]) -> ImagePyramid:
        """Build from render's ``mipmapLevels`` JSON object."""
        return cls({level: MipMap(v.get("imageUrl"), v.get("maskUrl")) for level, v in d.items()})

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self.store))

    @property
    def levels(self):
        """The levels (string keys) held by this pyramid."""
        return self.store.keys()

    def __repr__(self) -> str:
        return f"ImagePyramid({dict(self.items())!r})"
