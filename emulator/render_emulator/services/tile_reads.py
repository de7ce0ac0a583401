"""What the tile-reading services share beyond the store's queries (store/tile_queries.py): shared
transforms resolved for reads, response texts reusing the store's tile texts, and the DAO's messages.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from render_emulator.errors import BadRequest
from render_emulator.jsontext import dumps
from render_emulator.services.stack_lookup import stack_text
from render_emulator.services.transform_specs import flatten, reachable_shared, resolve_for_read
from render_emulator.store import RenderStore, StackId
from renderapi._java import java_number_text


def shared_transforms_for(store: RenderStore, stack_id: StackId, tiles: Iterable[dict]) -> dict[str, dict]:
    """Every stored shared transform the tiles reference, transitively."""
    collection = store.transform_collection(stack_id)

    def fetch(ids: list[str]) -> dict[str, dict]:
        return {i: spec for i in ids if (spec := collection.get(i)) is not None}

    return reachable_shared(tiles, fetch)


def resolved_flat_tiles(store: RenderStore, stack_id: StackId, tiles: list[dict]) -> list[dict]:
    """Copies of ``tiles`` with references resolved and transform lists flattened (tile-specs,
    render-parameters), in the given order."""
    shared = shared_transforms_for(store, stack_id, tiles)
    out = []
    for tile in tiles:
        transforms = tile.get("transforms")
        flat = flatten(resolve_for_read(tile, shared))
        out.append(tile if flat is transforms else {**tile, "transforms": flat})
    return out


def encode_with_tile_texts(store: RenderStore, stack_id: StackId, value: Any) -> str:
    """Compact JSON of ``value`` (as ``json_response`` writes it) in which stored tile documents found at
    most two containers deep (tile lists, ``tileIdToSpecMap``, RenderParameters ``tileSpecs``) are taken
    from the tile collection's remembered texts instead of being encoded again."""
    tiles = store.tile_collection(stack_id)
    parts: list[str] = []

    def encode(item: Any, depth: int) -> None:
        if isinstance(item, dict) and "tileId" in item and tiles.is_stored(item):
            parts.append(tiles.json_text(item))
        elif depth < 2 and isinstance(item, dict):
            parts.append("{")
            for index, (key, member) in enumerate(item.items()):
                parts.append(("," if index else "") + json.dumps(key) + ":")
                encode(member, depth + 1)
            parts.append("}")
        elif depth < 2 and isinstance(item, list):
            parts.append("[")
            for index, member in enumerate(item):
                if index:
                    parts.append(",")
                encode(member, depth + 1)
            parts.append("]")
        else:
            parts.append(dumps(item))

    encode(value, 0)
    return "".join(parts)


def no_tiles_at_z(stack_id: StackId, z: float) -> BadRequest:
    """RenderDao.getLayerBounds' refusal for an empty layer."""
    return BadRequest(f"stack {stack_id.stack} does not contain any tiles with a z value of "
                      f"{java_number_text(z)}")


def no_tiles_found(stack_id: StackId, suffix: str = "") -> str:
    return f"no tile specifications found in {stack_text(stack_id)}{suffix}"
