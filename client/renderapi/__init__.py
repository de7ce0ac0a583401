"""renderapi: a client for Janelia's render-ws, API-compatible with render-python 2.4.2.

Submodules are imported on first attribute access (PEP 562), so that importing one light module (e.g. the
private ``renderapi._java``) does not load scipy and the whole client; ``import renderapi`` followed by
``renderapi.stack…`` works as with render-python."""

from __future__ import annotations

import importlib
from typing import Any

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

# submodules render-python makes reachable as attributes of the package (some without listing them in
# __all__), and the two names it lifts from renderapi.render
_SUBMODULES = frozenset((
    "channel", "client", "coordinate", "errors", "external", "image", "image_pyramid", "layout", "pointmatch",
    "render", "resolvedtiles", "stack", "tilespec", "transform", "utils",
))
_FROM_RENDER = frozenset(("Render", "connect"))


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    if name in _FROM_RENDER:
        return getattr(importlib.import_module(f"{__name__}.render"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _SUBMODULES | _FROM_RENDER)
