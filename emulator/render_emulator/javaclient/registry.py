"""Which java main classes are emulated."""

from __future__ import annotations

from render_emulator.javaclient import (
    argb_renderer,
    coordinate,
    import_json,
    import_transform_changes,
    point_match,
    render_section,
    tile_pair,
    transform_section,
    validate_tiles,
)
from render_emulator.javaclient.runner import EmulatedClient

_MODULES = (import_json, import_transform_changes, coordinate, tile_pair, transform_section, validate_tiles,
            argb_renderer, render_section, point_match)
CLIENTS: dict[str, EmulatedClient] = {
    client.class_name: client
    for client in (*(module.CLIENT for module in _MODULES), argb_renderer.ALIAS_CLIENT)
}


def not_emulated_message(class_name: str) -> str:
    return f"render-emulator java client: {class_name} is not emulated"
