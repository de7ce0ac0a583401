"""org.janelia.render.client.CoordinateClient: map world points to tile-local points (and back) on the
client, with tile look-ups through ``tileIdsForCoordinates`` and ``tile-specs-with-ids``.

The point math reuses the emulator's TileMapping (mpicbg CoordinateTransformMesh inversion), so the
client answers what render-ws's own coordinate service answers.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from render_emulator.errors import RenderWsError
from render_emulator.javaclient.data_client import ClientError, RenderDataClient
from render_emulator.javaclient.files import read_json, write_json
from render_emulator.javaclient.options import (
    CommandLine,
    Option,
    ParameterError,
    java_double,
    java_integer,
    web_service_options,
)
from render_emulator.javaclient.runner import EmulatedClient, log
from render_emulator.services.tile_mapping import TileMapping
from renderapi._java import java_number_text

CLASS_NAME = "org.janelia.render.client.CoordinateClient"
POINTS_PER_BATCH = 25_000
TILE_IDS_PER_REQUEST = 50_000


def command_line() -> CommandLine:
    return CommandLine(CLASS_NAME, [
        *web_service_options(),
        Option("--stack", "Stack name", required=True),
        Option("--z", "Z value for all source coordinates", convert=java_double),
        Option("--fromJson", "JSON file containing coordinates to be mapped (.json, .gz, or .zip)"),
        Option("--toJson", "JSON file where mapped coordinates are to be stored (.json, .gz, or .zip)"),
        Option("--localToWorld", "Convert from local to world coordinates (default is to convert from world "
               "to local)", arity=0, default=False),
        Option("--numberOfThreads", "Number of threads to use for conversion", convert=java_integer,
               default=1),
        Option("--toOwner", "Name of target stack owner (for round trip mapping)"),
        Option("--toProject", "Name of target stack project (for round trip mapping)"),
        Option("--toStack", "Name of target stack (for round trip mapping)"),
        Option("--fromSwcDirectory", "directory containing source .swc files"),
        Option("--toSwcDirectory", "directory to write target .swc files with mapped coordinates"),
    ], check=check_values)


def _values_text(values: list) -> str:
    return "[" + ", ".join(java_number_text(float(v)) for v in values) + "]"


def tile_specs(client: RenderDataClient, stack: str, tile_ids: list[str]) -> dict[str, TileMapping]:
    """Resolved tile specs of ``tile_ids`` (PUT tile-specs-with-ids), as mappings by tileId."""
    mappings: dict[str, TileMapping] = {}
    for start in range(0, len(tile_ids), TILE_IDS_PER_REQUEST):
        chunk = tile_ids[start:start + TILE_IDS_PER_REQUEST]
        for spec in client.put_json(f"{client.stack_url(stack)}/tile-specs-with-ids", chunk):
            mappings[spec["tileId"]] = TileMapping.of(spec, spec)
    return mappings


def _local_entry(mapping: TileMapping, local: np.ndarray) -> dict:
    return {"tileId": mapping.tile_id, "local": mapping.with_z(local)}


def world_to_local(client: RenderDataClient, stack: str, z: float, points: list[dict]) -> list[list[dict]]:
    answers: list[list[dict]] = []
    for start in range(0, len(points), POINTS_PER_BATCH):
        batch = points[start:start + POINTS_PER_BATCH]
        candidates = client.put_json(f"{client.z_url(stack, z)}/tileIdsForCoordinates", batch)
        ids = sorted({c["tileId"] for found in candidates for c in found if c.get("tileId") is not None})
        mappings = tile_specs(client, stack, ids)
        # invert every point through each of its candidate tiles, one numpy call per tile
        per_tile: dict[str, list[int]] = {}
        for index, found in enumerate(candidates):
            for candidate in found:
                if candidate.get("tileId") in mappings:
                    per_tile.setdefault(candidate["tileId"], []).append(index)
        inverted: dict[tuple[int, str], np.ndarray] = {}
        for tile_id, indexes in per_tile.items():
            world = np.array([batch[i]["world"][:2] for i in indexes], dtype=np.float64)
            try:
                local, ok = mappings[tile_id].to_local(world)
            except RenderWsError:
                continue
            for row, index in enumerate(indexes):
                if ok[row]:
                    inverted[(index, tile_id)] = local[row]
        for index, found in enumerate(candidates):
            answers.append(_point_answer(stack, z, batch[index], found, mappings, inverted, index))
    return answers


def _point_answer(stack: str, z: float, point: dict, found: list[dict], mappings: dict,
                  inverted: dict, index: int) -> list[dict]:
    usable = [c for c in found if c.get("tileId") in mappings]
    world = list(point.get("world") or [])[:2]
    if not usable:
        return [{"error": f"no tile specifications found in layer {java_number_text(float(z))} of stack "
                          f"{stack} for {_values_text(world)}"}]
    entries = [_local_entry(mappings[c["tileId"]], inverted[(index, c["tileId"])])
               for c in usable if (index, c["tileId"]) in inverted]
    if not entries:
        ids = ", ".join(c["tileId"] for c in usable)
        return [{**usable[0], "error": f"world coordinate ({java_number_text(float(world[0]))}, "
                                       f"{java_number_text(float(world[1]))}) found in tile id(s) [{ids}] "
                                       "cannot be inverted"}]
    last = entries[-1]
    entries[-1] = {"tileId": last["tileId"], "visible": True, "local": last["local"]}
    return entries


def local_to_world(client: RenderDataClient, stack: str, point_lists: list[list[dict]]) -> list[dict]:
    chosen = []
    for entries in point_lists:
        if not entries:
            raise ClientError("empty local coordinate list in input")
        visible = [e for e in entries if e.get("visible")]
        chosen.append(visible[0] if visible else entries[0])
    ids = sorted({c["tileId"] for c in chosen if c.get("tileId") is not None})
    mappings = tile_specs(client, stack, ids)
    out: list[dict | None] = [None] * len(chosen)
    per_tile: dict[str, list[int]] = {}
    for index, entry in enumerate(chosen):
        if entry.get("tileId") not in mappings:
            out[index] = {**entry, "error": f"no tile spec found for tile id {entry.get('tileId')}"}
        else:
            per_tile.setdefault(entry["tileId"], []).append(index)
    for tile_id, indexes in per_tile.items():
        mapping = mappings[tile_id]
        local = np.array([chosen[i]["local"][:2] for i in indexes], dtype=np.float64)
        try:
            world = mapping.to_world(local)
        except RenderWsError as error:
            for index in indexes:
                out[index] = {**chosen[index], "error": str(error.message)}
            continue
        for row, index in enumerate(indexes):
            out[index] = {"tileId": tile_id, "world": mapping.with_z(world[row])}
    return out  # type: ignore[return-value]


def check_values(values: dict) -> None:
    """CoordinateClient.Parameters validation (parse errors: exit 1 with usage)."""
    if values["localToWorld"] and values["fromJson"] is None:
        raise ParameterError("--localToWorld requires --fromJson")
    if values["fromJson"] is not None and values["toJson"] is None:
        raise ParameterError("--fromJson requires --toJson")


def run(values: dict) -> None:
    if values["fromSwcDirectory"] or values["toSwcDirectory"] or values["toStack"]:
        raise ClientError("render-emulator java client: CoordinateClient round-trip and SWC modes are "
                          "not emulated")
    if values["fromJson"] is None:
        raise ClientError("render-emulator java client: CoordinateClient needs --fromJson and --toJson")
    if values["z"] is None:
        raise ClientError("--z must be specified when mapping JSON coordinates")
    from_json, to_json = values["fromJson"], values["toJson"]
    if not os.access(from_json, os.R_OK):
        raise ClientError(f"{from_json} is not readable")
    target_dir = os.path.dirname(os.path.abspath(to_json))
    if not os.access(target_dir, os.W_OK):
        raise ClientError(f"{to_json} cannot be written")
    client = RenderDataClient(values["baseDataUrl"], values["owner"], values["project"])
    data: Any = read_json(from_json)
    if not isinstance(data, list):
        raise ClientError(f"{from_json} does not hold a JSON array")
    if values["localToWorld"]:
        result: list = local_to_world(client, values["stack"], data)
    else:
        result = world_to_local(client, values["stack"], values["z"], data)
    log(f"mapped {len(result)} coordinates")
    write_json(to_json, result)


CLIENT = EmulatedClient(CLASS_NAME, command_line, run)
