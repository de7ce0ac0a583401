"""org.janelia.render.client.ImportJsonClient: load tile spec files (and a shared transform file) into a
stack with ``PUT …/resolvedTiles``, bounding boxes derived client-side."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from render_emulator.javaclient.data_client import RenderDataClient
from render_emulator.javaclient.files import read_json
from render_emulator.javaclient.options import (
    CommandLine,
    MainParameter,
    Option,
    validator_options,
    web_service_options,
)
from render_emulator.javaclient.runner import EmulatedClient, log
from render_emulator.javaclient.tile_collection import (
    TemTileSpecValidator,
    TileCollection,
    make_validator,
    parse_shared_transforms,
    read_tile_file,
)
from renderapi._java import java_hash_set_order

CLASS_NAME = "org.janelia.render.client.ImportJsonClient"


def command_line() -> CommandLine:
    return CommandLine(CLASS_NAME, [
        *web_service_options(), *validator_options(),
        Option("--stack", "Name of stack for imported data", required=True),
        Option("--transformFile", "File containing shared JSON transform specs (.json, .gz, or .zip)"),
    ], MainParameter("list of tile spec files (.json, .gz, or .zip)", required=True))


def run(values: dict) -> None:
    client = RenderDataClient(values["baseDataUrl"], values["owner"], values["project"])
    stack = values["stack"]
    validator = make_validator(values["validatorClass"], values["validatorData"])
    client.ensure_loading(stack)
    transform_file = values["transformFile"]
    shared: dict = {}
    with collector_paused():
        if transform_file is not None:
            shared = parse_shared_transforms(read_json(transform_file), transform_file)
            log(f"loaded {len(shared)} shared transform specs from {transform_file}")
        for tile_file in values["main"]:
            import_tile_file(client, stack, tile_file, shared, validator)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while tile files are imported: JSON trees hold no cycles, and
    the full passes it makes over the ~10 dicts per tile as they are created took ~25% of a 5,000-tile
    import (issue #13)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def import_tile_file(client: RenderDataClient, stack: str, tile_file: str, shared: dict,
                     validator: TemTileSpecValidator | None) -> None:
    """importStackData of one tile spec file (ImportJsonClient.java:97-142)."""
    tiles = read_tile_file(tile_file)
    # new ResolvedTileSpecCollection(transforms, tiles) fills two new HashMap<>(size * 2)
    # (ImportJsonClient.java:108-110, ResolvedTileSpecCollection.java:80-81): the body is sent, and the
    # tiles are stored, in their iteration order
    by_id = {tile["tileId"]: tile for tile in tiles}
    tile_ids = java_hash_set_order((tile["tileId"] for tile in tiles), 2 * len(tiles))
    shared_ids = java_hash_set_order(shared, 2 * len(shared))
    collection = TileCollection({key: shared[key] for key in shared_ids},
                                {key: by_id[key] for key in tile_ids})
    collection.derive_all_bounds()
    collection.remove_invalid(validator, log)
    log(f"importing {len(collection.tiles)} tile specs from {tile_file}")
    if collection.tiles:
        client.save_resolved_tiles(stack, collection.to_json())


CLIENT = EmulatedClient(CLASS_NAME, command_line, run)
