"""org.janelia.render.client.TransformSectionClient: add one transform (as a shared, referenced leaf) to
every tile of the given layers and save them to a (derived) target stack."""

from __future__ import annotations

from render_emulator.javaclient.data_client import ClientError, RenderDataClient
from render_emulator.javaclient.import_transform_changes import pre_concatenate_last
from render_emulator.javaclient.options import (
    CommandLine,
    MainParameter,
    Option,
    choice,
    java_double,
    java_integer,
    validator_options,
    web_service_options,
)
from render_emulator.javaclient.runner import EmulatedClient, log
from render_emulator.javaclient.tile_collection import TileCollection, make_validator
from render_emulator.services.transform_specs import AFFINE_CLASS, LEAF, LIST, REF

CLASS_NAME = "org.janelia.render.client.TransformSectionClient"
APPLICATION_METHODS = (
    "APPEND", "INSERT_AS_FIRST", "INSERT_BEFORE_LAST", "REPLACE_LAST", "PRE_CONCATENATE_LAST",
)
BOX_OPTIONS = ("minX", "maxX", "minY", "maxY")


def command_line() -> CommandLine:
    return CommandLine(CLASS_NAME, [
        *web_service_options(), *validator_options(),
        Option("--stack", "Stack name", required=True),
        Option("--targetProject", "Name of target project that will contain transformed tiles "
               "(default is to reuse source project)"),
        Option("--targetStack", "Name of target stack that will contain transformed tiles "
               "(default is to reuse source stack)"),
        Option("--transformId", "Identifier for tranformation", required=True),
        Option("--transformClass", "Name of transformation implementation (java) class", required=True),
        Option("--transformData", "Data with which transformation implementation should be initialized "
               "(expects values to be separated by ',' instead of ' ')", required=True),
        Option("--transformApplicationMethod", "Identifies how the transform should be applied to each tile",
               convert=choice(*APPLICATION_METHODS), default="APPEND"),
        Option("--layerMinimumXAndYBound", "Translate each layer so that its min x and y equal this value "
               "(transform arguments are ignored)", convert=java_integer),
        Option("--fromTileId", "Translate the layer of this tile so that its min corner matches the "
               "toTileId tile"),
        Option("--toTileId", "See --fromTileId"),
        *(Option(f"--{name}", f"{name} of the box holding the tiles to transform", convert=java_double)
          for name in BOX_OPTIONS),
        Option("--completeTargetStack", "Complete the target stack after transforming all layers", arity=0,
               default=False),
    ], MainParameter("Z values of layers to transform", convert=java_double, required=True))


def _in_box(tile: dict, box: dict) -> bool:
    return ((box["minX"] is None or tile.get("minX", 0.0) >= box["minX"])
            and (box["maxX"] is None or tile.get("maxX", 0.0) <= box["maxX"])
            and (box["minY"] is None or tile.get("minY", 0.0) >= box["minY"])
            and (box["maxY"] is None or tile.get("maxY", 0.0) <= box["maxY"]))


def layer_transform(values: dict, layer: TileCollection) -> tuple[str, str]:
    """(className, dataString) of the transform for one layer."""
    bound = values["layerMinimumXAndYBound"]
    if bound is None:
        return values["transformClass"], values["transformData"].replace(",", " ")
    if not layer.tiles:
        return AFFINE_CLASS, "1 0 0 1 0 0"
    min_x = min(tile["minX"] for tile in layer.tiles.values())
    min_y = min(tile["minY"] for tile in layer.tiles.values())
    return AFFINE_CLASS, f"1 0 0 1 {repr(float(bound - min_x))} {repr(float(bound - min_y))}"


def apply_to_tile(specs: list[dict], spec: dict, method: str, resolve) -> list[dict]:
    ref = {"type": REF, "refId": spec["id"]}
    if method == "APPEND":
        return specs + [ref]
    if method == "INSERT_AS_FIRST":
        return [ref] + specs
    if method == "INSERT_BEFORE_LAST":
        return specs[:-1] + [ref] + specs[-1:]
    if method == "REPLACE_LAST":
        return specs[:-1] + [ref]
    return pre_concatenate_last(specs, spec, resolve)


def run(values: dict) -> None:
    if values["fromTileId"] is not None or values["toTileId"] is not None:
        raise ClientError("render-emulator java client: --fromTileId/--toTileId are not emulated")
    box = {name: values[name] for name in BOX_OPTIONS}
    source = RenderDataClient(values["baseDataUrl"], values["owner"], values["project"])
    target_project = values["targetProject"] or values["project"]
    target = source.for_project(values["owner"], target_project)
    target_stack = values["targetStack"] or values["stack"]
    validator = make_validator(values["validatorClass"], values["validatorData"])
    source.setup_derived_stack(source.stack_metadata(values["stack"]), target, target_stack)
    for z in values["main"]:
        layer = TileCollection.from_resolved_tiles_json(source.resolved_tiles(values["stack"], z))
        layer.tiles = {tile_id: tile for tile_id, tile in layer.tiles.items() if _in_box(tile, box)}
        class_name, data = layer_transform(values, layer)
        spec = {"type": LEAF, "id": values["transformId"], "className": class_name, "dataString": data}
        method = values["transformApplicationMethod"]
        if method != "PRE_CONCATENATE_LAST":
            layer.shared[spec["id"]] = spec
        for tile_id, tile in list(layer.tiles.items()):
            specs = list((tile.get("transforms") or {}).get("specList") or [])
            new_specs = apply_to_tile(specs, spec, method, layer.resolve_one)
            changed = {**tile, "transforms": {"type": LIST, "specList": new_specs}}
            layer.tiles[tile_id] = layer.derive_bounds(changed)
        layer.remove_invalid(validator, log)
        log(f"z {z}: transformed {len(layer.tiles)} tiles")
        if layer.tiles:
            target.save_resolved_tiles(target_stack, layer.to_json(), z)
    if values["completeTargetStack"]:
        target.set_state(target_stack, "COMPLETE")


CLIENT = EmulatedClient(CLASS_NAME, command_line, run)
