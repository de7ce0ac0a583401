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
from renderapi._java import java_number_text

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


def _text(value: float | None) -> str:
    return "null" if value is None else java_number_text(value)


def validate_box(box: dict) -> None:
    """LayerBoundsParameters.validate (LayerBoundsParameters.java): all four edges or none, min <= max."""
    if all(box[name] is None for name in BOX_OPTIONS):
        return
    if any(box[name] is None for name in BOX_OPTIONS):
        edges = ", ".join(f"{name} ({_text(box[name])})" for name in BOX_OPTIONS)
        raise ClientError(f"since one or more of {edges} is specified, all must "
                          "be specified")
    for low, high in (("minX", "maxX"), ("minY", "maxY")):
        if box[low] > box[high]:
            raise ClientError(f"{low} ({_text(box[low])}) is greater than {high} ({_text(box[high])})")


def _intersects_box(tile: dict, box: dict) -> bool:
    """removeTilesOutsideBox keeps the tiles a TileBoundsRTree box search finds (TransformSectionClient.java:
    311-331, TileBoundsRTree.java:94-102): bounds intersecting the closed box."""
    return (tile["minX"] <= box["maxX"] and tile["maxX"] >= box["minX"]
            and tile["minY"] <= box["maxY"] and tile["maxY"] >= box["minY"])


def layer_bounds(source: RenderDataClient, stack: str, z_values: list[float]) -> dict[float, tuple]:
    """z -> (minX, minY) of the union of the layer's sectionData bounds (TransformSectionClient.java:222-240,
    read before the derived stack is set up)."""
    wanted = set(z_values)
    bounds: dict[float, tuple] = {}
    for section in source.get_json(f"{source.stack_url(stack)}/sectionData"):
        z = section["z"]
        if z in wanted:
            old = bounds.get(z)
            corner = (section["minX"], section["minY"])
            bounds[z] = corner if old is None else (min(old[0], corner[0]), min(old[1], corner[1]))
    return bounds


def layer_transform(values: dict, z: float, bounds: dict[float, tuple]) -> tuple[str, str, str]:
    """(id, className, dataString) of the transform for one layer: the stack transform, or with
    ``--layerMinimumXAndYBound`` a translation of the layer's section bounds to that value, id
    ``{transformId}_{z}`` (TransformSectionClient.java:263-279; AffineModel2D.toDataString's Java doubles)."""
    bound = values["layerMinimumXAndYBound"]
    if bound is None:
        return values["transformId"], values["transformClass"], values["transformData"].replace(",", " ")
    if z not in bounds:
        raise ClientError(f"java.lang.NullPointerException: no section bounds for z {java_number_text(z)}")
    min_x, min_y = bounds[z]
    data = [1.0, 0.0, 0.0, 1.0, float(bound - min_x), float(bound - min_y)]
    return (f"{values['transformId']}_{java_number_text(z)}", AFFINE_CLASS,
            " ".join(java_number_text(v) for v in data))


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
    validate_box(box)
    source = RenderDataClient(values["baseDataUrl"], values["owner"], values["project"])
    target_project = values["targetProject"] or values["project"]
    target = source.for_project(values["owner"], target_project)
    target_stack = values["targetStack"] or values["stack"]
    validator = make_validator(values["validatorClass"], values["validatorData"])
    bounds = {} if values["layerMinimumXAndYBound"] is None else layer_bounds(source, values["stack"],
                                                                             values["main"])
    source.setup_derived_stack(source.stack_metadata(values["stack"]), target, target_stack)
    for z in values["main"]:
        layer = TileCollection.from_resolved_tiles_json(source.resolved_tiles(values["stack"], z))
        if box["minX"] is not None:
            layer.tiles = {tile_id: tile for tile_id, tile in layer.tiles.items()
                           if _intersects_box(tile, box)}
        spec_id, class_name, data = layer_transform(values, z, bounds)
        spec = {"type": LEAF, "id": spec_id, "className": class_name, "dataString": data}
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
