"""One channel of a multichannel tile (render's ``ChannelSpec``)."""
from __future__ import annotations

from typing import Any

from .image_pyramid import ImagePyramid


class Channel:
    """A named channel with its own display range and image pyramid.

    Attributes
    ----------
    name : str
        channel name
    maxIntensity, minIntensity : int or float or None
        default display range
    ip : ImagePyramid
        mipmap levels of this channel
    """

    def __init__(self, name=None, maxIntensity=None, minIntensity=None,
                 ip=None, json=None):
        if json is not None:
            self.from_dict(json)
        else:
            self.name = name
            self.maxIntensity = maxIntensity
            self.minIntensity = minIntensity
            self.ip = ip

    def to_dict(self) -> dict[str, Any]:
        """JSON-compatible dict: name, min/maxIntensity when set, mipmapLevels."""
        d: dict[str, Any] = {"name": self.name}
        if self.minIntensity is not None:
            d["minIntensity"] = self.minIntensity
        if self.maxIntensity is not None:
            d["maxIntensity"] = self.maxIntensity
        d["mipmapLevels"] = {} if self.ip is None else self.ip.to_dict()
        return d

    def from_dict(self, d: dict[str, Any]) -> None:
        """Load from render's channel JSON (``name``, ``minIntensity``, ``maxIntensity`` and
        ``mipmapLevels`` are required; render-ws always writes them)."""
        self.name = d["name"]
        self.minIntensity = d["minIntensity"]
        self.maxIntensity = d["maxIntensity"]
        self.ip = ImagePyramid.from_dict(d["mipmapLevels"])

    def __repr__(self) -> str:
        return f"Channel({self.to_dict()!r})"
