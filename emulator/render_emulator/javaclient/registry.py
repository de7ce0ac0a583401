"""Which java main classes are emulated."""

from __future__ import annotations

from render_emulator.javaclient import (
    coordinate,
    import_json,
    import_transform_changes,
    tile_pair,
    transform_section,
    validate_tiles,
)
from render_emulator.javaclient.runner import EmulatedClient

CLIENTS: dict[str, EmulatedClient] = {
    module.CLIENT.class_name: module.CLIENT
    for module in (import_json, import_transform_changes, coordinate, tile_pair, transform_section,
                   validate_tiles)
}


def not_emulated_message(class_name: str) -> str:
    return f"render-emulator java client: {class_name} is not emulated"
