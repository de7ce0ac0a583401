"""renderapi: a client for Janelia's render-ws, API-compatible with render-python 2.4.2."""

# submodules that render-python makes reachable as attributes of the package without listing them
# in __all__
from . import channel as channel
from . import client, coordinate, errors, image, pointmatch, render, resolvedtiles, stack, tilespec
from . import external as external
from . import image_pyramid as image_pyramid
from . import layout as layout
from . import transform as transform
from . import utils as utils
from .render import Render, connect

__version__ = "2.4.2"

__all__ = [
    "render",
    "client",
    "tilespec",
    "errors",
    "stack",
    "image",
    "pointmatch",
    "coordinate",
    "transform",
    "resolvedtiles",
    "connect",
    "Render",
]
