"""org.janelia.render.client.ValidateTilesClient: fetch each layer's resolved tiles, resolve every tile's
transform references and log how many tiles the validator (if any) rejects; with ``--removeInvalidTiles``
a layer holding invalid tiles is replaced by its valid ones."""

from __future__ import annotations

from render_emulator.javaclient.data_client import RenderDataClient
from render_emulator.javaclient.options import (
    CommandLine,
    MainParameter,
    Option,
    java_double,
    validator_options,
    web_service_options,
)
from render_emulator.javaclient.runner import EmulatedClient, log
from render_emulator.javaclient.tile_collection import TemTileSpecValidator, TileCollection, make_validator

CLASS_NAME = "org.janelia.render.client.ValidateTilesClient"


def command_line() -> CommandLine:
    return CommandLine(CLASS_NAME, [
        *web_service_options(), *validator_options(),
        Option("--stack", "Stack name", required=True),
        Option("--removeInvalidTiles", "Remove any invalid tiles from the stack", arity=0, default=False),
        Option("--completeStackAfterRemoval", "Complete the stack after removing invalid tiles", arity=0,
               default=False),
    ], MainParameter("Z values", convert=java_double, required=True))


def validate_layer(client: RenderDataClient, stack: str, z: float,
                   validator: TemTileSpecValidator | None) -> tuple[TileCollection, int]:
    """The layer's valid tiles and how many there were; a reference that does not resolve fails the run."""
    layer = TileCollection.from_resolved_tiles_json(client.resolved_tiles(stack, z))
    for tile in layer.tiles.values():
        layer.resolved_transforms(tile)
    total = len(layer.tiles)
    layer.remove_invalid(validator, log)
    return layer, total


def run(values: dict) -> None:
    client = RenderDataClient(values["baseDataUrl"], values["owner"], values["project"])
    stack = values["stack"]
    validator = make_validator(values["validatorClass"], values["validatorData"])
    removed_any = False
    for z in values["main"]:
        log(f"validateTilesForZ: entry, z={z}")
        layer, total = validate_layer(client, stack, z, validator)
        invalid = total - len(layer.tiles)
        log(f"validateTilesForZ: {invalid} out of {total} tiles for z {z} are invalid")
        if invalid and values["removeInvalidTiles"]:
            client.ensure_loading(stack)
            client.delete_layer(stack, z)
            if layer.tiles:
                client.save_resolved_tiles(stack, layer.to_json(), z)
            removed_any = True
    if removed_any and values["completeStackAfterRemoval"]:
        client.set_state(stack, "COMPLETE")


CLIENT = EmulatedClient(CLASS_NAME, command_line, run)
