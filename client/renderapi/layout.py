"""Acquisition layout of a tile (render's ``LayoutData``)."""
from __future__ import annotations

import logging
from typing import Any

from .utils import NullHandler

logger = logging.getLogger(__name__)
logger.addHandler(NullHandler())

DEFAULT_PIXELSIZE = 0.100

# python attribute -> render JSON key, in render-python's serialization order
_JSON_KEYS = (
    ("sectionId", "sectionId"),
    ("scopeId", "temca"),
    ("cameraId", "camera"),
    ("imageRow", "imageRow"),
    ("imageCol", "imageCol"),
    ("stageX", "stageX"),
    ("stageY", "stageY"),
    ("rotation", "rotation"),
    ("pixelsize", "pixelsize"),
    ("distanceZ", "distanceZ"),
)


class Layout:
    """Acquisition settings of a tile.

    Attributes
    ----------
    sectionId : str
        section the tile was taken from
    scopeId : str
        microscope (JSON key ``temca``)
    cameraId : str
        camera (JSON key ``camera``)
    imageRow, imageCol : int
        position of the tile in the acquisition grid
    stageX, stageY : float
        stage coordinates
    rotation : float
        camera angle
    pixelsize : float
        pixel size; ``0.1`` when not given and ``force_pixelsize`` is set
    distanceZ : float
        distance from the prior layer
    """

    def __init__(self, sectionId=None, scopeId=None, cameraId=None,
                 imageRow=None, imageCol=None, stageX=None, stageY=None,
                 rotation=None, pixelsize=None,
                 force_pixelsize=True, distanceZ=None, **kwargs):
        self.sectionId = sectionId
        self.scopeId = scopeId
        self.cameraId = cameraId
        self.imageRow = imageRow
        self.imageCol = imageCol
        self.stageX = stageX
        self.stageY = stageY
        self.rotation = rotation
        if force_pixelsize and pixelsize is None:
            pixelsize = DEFAULT_PIXELSIZE
        self.pixelsize = pixelsize
        self.distanceZ = distanceZ

    def to_dict(self) -> dict[str, Any]:
        """JSON-compatible dict of the non-None fields, with render's key names."""
        return {key: value for attr, key in _JSON_KEYS if (value := getattr(self, attr)) is not None}

    def from_dict(self, d: dict[str, Any] | None) -> None:
        """Set every field from ``d`` (missing keys become None); ``None`` changes nothing."""
        if d is None:
            return
        for attr, key in _JSON_KEYS:
            setattr(self, attr, d.get(key))

    def __repr__(self) -> str:
        return f"Layout({self.to_dict()!r})"
