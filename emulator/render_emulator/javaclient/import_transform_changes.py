"""org.janelia.render.client.ImportTransformChangesClient: apply per-tile transform changes from a file to
a source stack's tiles and save the changed tiles to a (derived) target stack."""

from __future__ import annotations

from render_emulator.errors import RenderWsError
from render_emulator.javaclient.data_client import ClientError, RenderDataClient
from render_emulator.javaclient.files import read_json
from render_emulator.javaclient.options import (
    CommandLine,
    Option,
    choice,
    validator_options,
    web_service_options,
)
from render_emulator.javaclient.runner import EmulatedClient, log
from render_emulator.javaclient.tile_collection import TileCollection, client_error, make_validator
from render_emulator.services.transform_specs import (
    AFFINE_CLASS,
    LEAF,
    LIST,
    affine_parameters,
    parse_transform_spec,
)

CLASS_NAME = "org.janelia.render.client.ImportTransformChangesClient"
CHANGE_MODES = ("APPEND", "REPLACE_LAST", "CONCATENATE_TO_LAST", "REPLACE_ALL")


def command_line() -> CommandLine:
    return CommandLine(CLASS_NAME, [
        *web_service_options(), *validator_options(),
        Option("--stack", "Name of source stack", required=True),
        Option("--targetOwner", "Name of target stack owner (default is same as source stack owner)"),
        Option("--targetProject", "Name of target stack project (default is same as source stack project)"),
        Option("--targetStack", "Name of target stack", required=True),
        Option("--transformFile", "File containing list of transform changes (.json, .gz, or .zip)",
               required=True),
        Option("--changeMode", "Specifies how the transforms should be applied to existing data",
               convert=choice(*CHANGE_MODES), default="REPLACE_LAST"),
    ])


def load_changes(path: str) -> dict[str, dict]:
    """``[{"tileId", "transform"}, …]`` → transform spec by tileId (ClientError when empty or repeated)."""
    values = read_json(path)
    if not isinstance(values, list) or not values:
        raise ClientError(f"no tile transform changes found in {path}")
    changes: dict[str, dict] = {}
    for value in values:
        if not isinstance(value, dict) or value.get("tileId") is None:
            raise ClientError(f"invalid tile transform change {value} in {path}")
        tile_id = value["tileId"]
        if tile_id in changes:
            raise ClientError(f"multiple transform changes specified for tile {tile_id} in {path}")
        try:
            spec = parse_transform_spec(value.get("transform"))
        except RenderWsError as error:
            raise client_error(error) from None
        if spec is None:
            raise ClientError(f"transform missing for tile {tile_id} in {path}")
        changes[tile_id] = spec
    return changes


def _affine_matrix(parameters: tuple[float, ...]):
    import numpy as np

    m00, m10, m01, m11, m02, m12 = parameters
    return np.array([[m00, m01, m02], [m10, m11, m12], [0.0, 0.0, 1.0]])


def _affine_spec(matrix, template: dict) -> dict:
    data = " ".join(repr(float(v)) for v in (matrix[0, 0], matrix[1, 0], matrix[0, 1], matrix[1, 1],
                                             matrix[0, 2], matrix[1, 2]))
    return {**template, "className": AFFINE_CLASS, "dataString": data}


def pre_concatenate_last(specs: list[dict], change: dict, resolve) -> list[dict]:
    """Concatenate the affine ``change`` after the last (affine) transform of ``specs``."""
    if not specs:
        raise ClientError("cannot concatenate to the last transform of a tile without transforms")
    last = resolve(specs[-1])
    change = resolve(change)
    for spec in (last, change):
        if spec.get("type", LEAF) != LEAF or spec.get("className") != AFFINE_CLASS:
            raise ClientError("CONCATENATE_TO_LAST needs affine transforms "
                              f"({AFFINE_CLASS}) for the last and the new transform")
    try:
        merged = _affine_matrix(affine_parameters(change)) @ _affine_matrix(affine_parameters(last))
    except RenderWsError as error:
        raise client_error(error) from None
    return specs[:-1] + [_affine_spec(merged, {k: v for k, v in last.items() if k not in ("id",)})]


def apply_change(specs: list[dict], change: dict, mode: str, resolve) -> list[dict]:
    """The tile's transform list after applying ``change`` with ``mode``."""
    if mode == "APPEND":
        return specs + [change]
    if mode == "REPLACE_LAST":
        return specs[:-1] + [change]
    if mode == "REPLACE_ALL":
        return [change]
    return pre_concatenate_last(specs, change, resolve)


def run(values: dict) -> None:
    source = RenderDataClient(values["baseDataUrl"], values["owner"], values["project"])
    target = source.for_project(values["targetOwner"] or values["owner"],
                                values["targetProject"] or values["project"])
    validator = make_validator(values["validatorClass"], values["validatorData"])
    changes = load_changes(values["transformFile"])
    source_metadata = source.stack_metadata(values["stack"])
    source.setup_derived_stack(source_metadata, target, values["targetStack"])

    layers: dict[float, TileCollection] = {}
    for tile_id in changes:
        if any(tile_id in layer.tiles for layer in layers.values()):
            continue
        z = source.tile(values["stack"], tile_id).get("z")
        if z is None or z in layers:
            if z is None:
                raise ClientError(f"tile {tile_id} has no z value")
            continue
        layers[z] = TileCollection.from_resolved_tiles_json(source.resolved_tiles(values["stack"], z))
    for z, layer in layers.items():
        layer.tiles = {tile_id: tile for tile_id, tile in layer.tiles.items() if tile_id in changes}
        for tile_id, tile in list(layer.tiles.items()):
            specs = list((tile.get("transforms") or {}).get("specList") or [])
            new_specs = apply_change(specs, changes[tile_id], values["changeMode"],
                                     layer.resolve_one)
            changed = {**tile, "transforms": {"type": LIST, "specList": new_specs}}
            layer.tiles[tile_id] = layer.derive_bounds(changed)
        layer.remove_invalid(validator, log)
        log(f"z {z}: {len(layer.tiles)} tiles changed")
    for z, layer in layers.items():
        target.save_resolved_tiles(values["targetStack"], layer.to_json(), z)


CLIENT = EmulatedClient(CLASS_NAME, command_line, run)
