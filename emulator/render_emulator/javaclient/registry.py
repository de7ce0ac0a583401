"""Which java main classes are emulated, and the module that emulates each.

A client module is imported only when its class runs: every ``run_ws_client.sh`` call is a new process,
and importing all of them (SIFT, image rendering, …) would slow down each start."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from render_emulator.javaclient.runner import EmulatedClient

_CLIENT_PACKAGE = "render_emulator.javaclient"
# main class -> (module in javaclient, attribute holding its EmulatedClient)
CLIENTS: dict[str, tuple[str, str]] = {
    "org.janelia.render.client.ImportJsonClient": ("import_json", "CLIENT"),
    "org.janelia.render.client.ImportTransformChangesClient": ("import_transform_changes", "CLIENT"),
    "org.janelia.render.client.CoordinateClient": ("coordinate", "CLIENT"),
    "org.janelia.render.client.TilePairClient": ("tile_pair", "CLIENT"),
    "org.janelia.render.client.TransformSectionClient": ("transform_section", "CLIENT"),
    "org.janelia.render.client.ValidateTilesClient": ("validate_tiles", "CLIENT"),
    "org.janelia.alignment.ArgbRenderer": ("argb_renderer", "CLIENT"),
    "org.janelia.alignment.Render": ("argb_renderer", "ALIAS_CLIENT"),
    "org.janelia.render.client.RenderSectionClient": ("render_section", "CLIENT"),
    "org.janelia.render.client.PointMatchClient": ("point_match", "CLIENT"),
}


def load_client(class_name: str) -> EmulatedClient | None:
    """The emulated client of ``class_name`` (its module imported now), None when it is not emulated."""
    entry = CLIENTS.get(class_name)
    if entry is None:
        return None
    module_name, attribute = entry
    return getattr(importlib.import_module(f"{_CLIENT_PACKAGE}.{module_name}"), attribute)


def not_emulated_message(class_name: str) -> str:
    return f"render-emulator java client: {class_name} is not emulated"
