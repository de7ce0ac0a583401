"""render_emulator: an in-process emulator of Janelia's render web service (render-ws).

``create_app``, ``EmulatorServer`` and ``RenderStore`` are imported on first use, so that the emulated java
clients (``python -m render_emulator.javaclient``) start without loading Flask or the store."""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["create_app", "EmulatorServer", "RenderStore"]

_HOMES = {
    "create_app": "render_emulator.app",
    "EmulatorServer": "render_emulator.server",
    "RenderStore": "render_emulator.store",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'render_emulator' has no attribute {name!r}")
    return getattr(importlib.import_module(_HOMES[name]), name)
