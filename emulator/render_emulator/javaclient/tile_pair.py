"""org.janelia.render.client.TilePairClient: find neighbouring tile pairs (same layer and nearby layers)
from the stack's tile bounds and write them as RenderableCanvasIdPairs JSON file(s)."""

from __future__ import annotations

import re

import numpy as np

from render_emulator.javaclient.data_client import ClientError, RenderDataClient, _segment
from render_emulator.javaclient.files import write_json
from render_emulator.javaclient.options import (
    CommandLine,
    Option,
    ParameterError,
    java_boolean,
    java_double,
    java_integer,
    web_service_options,
)
from render_emulator.javaclient.runner import EmulatedClient, log
from render_emulator.jsonio import java_number_text

CLASS_NAME = "org.janelia.render.client.TilePairClient"
BOX_NAMES = ("minX", "maxX", "minY", "maxY")
_SUFFIX = re.compile(r"(\.json\.gz|\.json\.zip|\.json|\.gz|\.zip)$")


def command_line() -> CommandLine:
    return CommandLine(CLASS_NAME, [
        *web_service_options(),
        Option("--stack", "Stack name", required=True),
        Option("--baseOwner", "Name of base/parent owner from which the render stack was derived "
               "(default assumes same owner as render stack)"),
        Option("--baseProject", "Name of base/parent project (default assumes same project as render stack)"),
        Option("--baseStack", "Name of base/parent stack (default assumes same stack as render stack)"),
        Option("--minZ", "Minimum Z value for all tiles", convert=java_double),
        Option("--maxZ", "Maximum Z value for all tiles", convert=java_double),
        Option("--z", "Explicit z values for layers to be processed"),
        Option("--xyNeighborFactor", "Multiply this by max(width, height) of each tile to determine radius "
               "for locating neighbor tiles", convert=java_double, default=0.9),
        Option("--explicitRadius", "Explicit radius in full scale pixels for locating neighbor tiles",
               convert=java_double),
        Option("--useRowColPositions", "Use layout imageRow and imageCol values instead of tile bounds",
               arity=0, default=False),
        Option("--zNeighborDistance", "Look for neighbor tiles with z values less than or equal to this "
               "distance from the current tile's z value", convert=java_integer, default=2),
        Option("--excludeCornerNeighbors", "Exclude neighbor tiles whose center x and y is outside "
               "the source tile's x and y range respectively", convert=java_boolean, default=True),
        Option("--excludeCompletelyObscuredTiles", "Exclude tiles that are completely obscured by "
               "reacquired tiles", convert=java_boolean, default=True),
        Option("--excludeSameLayerNeighbors", "Exclude neighbor tiles in the same layer (z) as the source "
               "tile",
               convert=java_boolean, default=False),
        Option("--excludeSameSectionNeighbors", "Exclude neighbor tiles with the same sectionId as the "
               "source tile", convert=java_boolean, default=False),
        Option("--excludePairsInMatchCollection", "Name of match collection whose existing pairs should be "
               "excluded from the generated list"),
        Option("--excludeSameLayerPairsWithPosition", "Exclude same layer pairs that have this relative "
               "position"),
        Option("--existingMatchOwner", "Owner of match collection whose existing pairs should be excluded "
               "(default is owner)"),
        Option("--minExistingMatchCount", "Only exclude existing pairs with more than this number of matches",
               convert=java_integer, default=0),
        Option("--onlyIncludeTilesFromStack", "Name of stack containing tile ids to include"),
        Option("--onlyIncludeTilesNearTileIdsJson", "Path of JSON file containing array of source tile ids"),
        Option("--toJson", "JSON file where tile pairs are to be stored (.json, .gz, or .zip)",
               required=True),
        Option("--maxPairsPerFile", "Maximum number of pairs to include in each file", convert=java_integer,
               default=100000),
        *(Option(f"--{name}", f"{name} of the box holding the tiles to pair", convert=java_double)
          for name in BOX_NAMES),
    ], check=check_values)


def check_values(values: dict) -> None:
    box = [values[name] for name in BOX_NAMES]
    if any(v is not None for v in box):
        if any(v is None for v in box):
            raise ParameterError("--minX, --maxX, --minY and --maxY must all be specified when one is")
        if values["minX"] > values["maxX"] or values["minY"] > values["maxY"]:
            raise ParameterError("box min values must not be greater than max values")


# ------------------------------------------------------------------------------------------ layers
class Layer:
    """The (filtered) tile bounds of one z, as arrays."""

    def __init__(self, z: float, bounds: list[dict]):
        self.z = z
        self.bounds = bounds
        self.box = np.array([[b["minX"], b["minY"], b["maxX"], b["maxY"]] for b in bounds],
                            dtype=np.float64).reshape(len(bounds), 4)

    def in_circle(self, x: float, y: float, radius: float) -> np.ndarray:
        """Indexes of tiles whose rectangle intersects the circle."""
        if not self.bounds:
            return np.zeros(0, dtype=np.intp)
        dx = np.maximum(np.maximum(self.box[:, 0] - x, 0.0), x - self.box[:, 2])
        dy = np.maximum(np.maximum(self.box[:, 1] - y, 0.0), y - self.box[:, 3])
        return np.nonzero(dx * dx + dy * dy <= radius * radius)[0]


def _subtract(rect: tuple, cover: tuple) -> list[tuple]:
    """``rect`` minus ``cover`` as up to four rectangles (minX, minY, maxX, maxY)."""
    x0, y0, x1, y1 = rect
    cx0, cy0, cx1, cy1 = cover
    if cx0 >= x1 or cx1 <= x0 or cy0 >= y1 or cy1 <= y0:
        return [rect]
    pieces = []
    if cy0 > y0:
        pieces.append((x0, y0, x1, cy0))
    if cy1 < y1:
        pieces.append((x0, cy1, x1, y1))
    mid0, mid1 = max(y0, cy0), min(y1, cy1)
    if cx0 > x0:
        pieces.append((x0, mid0, cx0, mid1))
    if cx1 < x1:
        pieces.append((cx1, mid0, x1, mid1))
    return pieces


def without_obscured(bounds: list[dict]) -> list[dict]:
    """Drop tiles fully covered by the union of intersecting tiles with a greater tileId."""
    kept = []
    for tile in bounds:
        remaining = [(tile["minX"], tile["minY"], tile["maxX"], tile["maxY"])]
        for other in bounds:
            if other["tileId"] <= tile["tileId"]:
                continue
            cover = (other["minX"], other["minY"], other["maxX"], other["maxY"])
            remaining = [piece for rect in remaining for piece in _subtract(rect, cover)]
            if not remaining:
                break
        if remaining:
            kept.append(tile)
        else:
            log(f"excluding completely obscured tile {tile['tileId']}")
    return kept


# ------------------------------------------------------------------------------------------ pairs
def _canvas(tile: dict) -> dict:
    return {"groupId": tile.get("sectionId"), "id": tile["tileId"]}


def _key(tile: dict) -> tuple:
    return (tile.get("sectionId") or "", tile["tileId"])


def make_pair(p: dict, q: dict, same_layer: bool) -> dict:
    if _key(q) < _key(p):
        p, q = q, p
    pc, qc = _canvas(p), _canvas(q)
    pair: dict = {"p": pc, "q": qc}
    if same_layer:
        dx, dy = q["minX"] - p["minX"], q["minY"] - p["minY"]
        if abs(dx) > abs(dy):
            positions = ("LEFT", "RIGHT") if dx > 0 else ("RIGHT", "LEFT")
        else:
            positions = ("TOP", "BOTTOM") if dy > 0 else ("BOTTOM", "TOP")
        pc["relativePosition"], qc["relativePosition"] = positions
    else:
        pair["absoluteDeltaZ"] = abs(float(p["z"]) - float(q["z"]))
    return pair


def pair_key(pair: dict) -> tuple:
    return (pair["p"].get("groupId") or "", pair["p"]["id"], pair["q"].get("groupId") or "", pair["q"]["id"])


def neighbor_pairs(source: Layer, neighbors: list[Layer], values: dict) -> list[dict]:
    pairs = []
    for p in source.bounds:
        width, height = p["maxX"] - p["minX"], p["maxY"] - p["minY"]
        radius = values["explicitRadius"] or max(width, height) * values["xyNeighborFactor"]
        cx, cy = (p["minX"] + p["maxX"]) / 2.0, (p["minY"] + p["maxY"]) / 2.0
        for layer in neighbors:
            same_layer = layer is source
            for index in layer.in_circle(cx, cy, radius):
                q = layer.bounds[index]
                if q["tileId"] == p["tileId"]:
                    continue
                if values["excludeSameSectionNeighbors"] and q.get("sectionId") == p.get("sectionId"):
                    continue
                if values["excludeCornerNeighbors"]:
                    qx, qy = (q["minX"] + q["maxX"]) / 2.0, (q["minY"] + q["maxY"]) / 2.0
                    if not (p["minX"] <= qx <= p["maxX"] or p["minY"] <= qy <= p["maxY"]):
                        continue
                pair = make_pair(p, q, same_layer)
                position = values["excludeSameLayerPairsWithPosition"]
                if same_layer and position is not None and pair["p"].get("relativePosition") == position:
                    continue
                pairs.append(pair)
    return pairs


def existing_pairs(client: RenderDataClient, values: dict) -> set[tuple] | None:
    """Pairs stored in --excludePairsInMatchCollection that should be excluded (None: no such collection)."""
    collection = values["excludePairsInMatchCollection"]
    owner = values["existingMatchOwner"] or values["owner"]
    names = {c.get("collectionId", {}).get("name")
             for c in client.get_json(f"{client.base_data_url}/owner/{_segment(owner)}/matchCollections")}
    if collection not in names:
        log(f"match collection {collection} does not exist for owner {owner}, no pairs excluded")
        return None
    params = {k: java_number_text(values[k]) for k in ("minZ", "maxZ") if values[k] is not None}
    sections = client.get_json(f"{client.stack_url(values['stack'])}/sectionData", params=params)
    found: set[tuple] = set()
    minimum = values["minExistingMatchCount"]
    for section_id in sorted({s["sectionId"] for s in sections}):
        url = f"{client.match_collection_url(collection, owner)}/pGroup/{_segment(section_id)}/matches"
        for match in client.get_json(url, params={"excludeMatchDetails": "true"}):
            if minimum > 0:
                count = match.get("matchCount")
                if count is None:
                    raise ClientError(f"matchCount is missing for pair {match.get('pId')} {match.get('qId')}")
                if count <= minimum:
                    continue
            found.add((match["pGroupId"], match["pId"], match["qGroupId"], match["qId"]))
    return found


# ------------------------------------------------------------------------------------------ output
def numbered_path(to_json: str, number: int) -> str:
    match = _SUFFIX.search(to_json)
    prefix, suffix = (to_json[:match.start()], match.group(1)) if match else (to_json, "")
    return f"{prefix}_p{number:03d}{suffix}"


def write_pairs(to_json: str, template: str, pairs: list[dict], max_per_file: int) -> list[str]:
    max_per_file = max(1, max_per_file)
    written: list[str] = []
    if len(pairs) > max_per_file:
        for start in range(0, len(pairs), max_per_file):
            path = numbered_path(to_json, len(written))
            write_json(path, {"renderParametersUrlTemplate": template,
                              "neighborPairs": pairs[start:start + max_per_file]})
            written.append(path)
    elif pairs:
        write_json(to_json, {"renderParametersUrlTemplate": template, "neighborPairs": pairs})
        written.append(to_json)
    return written


def run(values: dict) -> None:
    for name in ("z", "onlyIncludeTilesNearTileIdsJson"):
        if values[name] is not None:
            raise ClientError(f"render-emulator java client: TilePairClient --{name} is not emulated")
    if values["useRowColPositions"]:
        raise ClientError("render-emulator java client: TilePairClient --useRowColPositions is not emulated")
    client = RenderDataClient(values["baseDataUrl"], values["owner"], values["project"])
    stack = values["stack"]
    template = (f"{client.base_data_url}/owner/{values['baseOwner'] or values['owner']}"
                f"/project/{values['baseProject'] or values['project']}"
                f"/stack/{values['baseStack'] or stack}/tile/{{id}}/render-parameters")
    params = {k: java_number_text(values[k]) for k in ("minZ", "maxZ") if values[k] is not None}
    z_values = sorted(client.get_json(f"{client.stack_url(stack)}/zValues", params=params))
    if not z_values:
        raise ClientError(f"stack {stack} does not contain any layers with the specified z values")
    layers: dict[float, Layer] = {}

    def layer(z: float) -> Layer:
        if z not in layers:
            bounds = client.get_json(f"{client.z_url(stack, z)}/tileBounds")
            if values["minX"] is not None:
                bounds = [b for b in bounds if b["maxX"] >= values["minX"] and b["minX"] <= values["maxX"]
                          and b["maxY"] >= values["minY"] and b["minY"] <= values["maxY"]]
            include = values["onlyIncludeTilesFromStack"]
            if include is not None:
                allowed = {b["tileId"] for b in client.get_json(f"{client.z_url(include, z)}/tileBounds")}
                bounds = [b for b in bounds if b["tileId"] in allowed]
            if values["excludeCompletelyObscuredTiles"]:
                bounds = without_obscured(bounds)
            layers[z] = Layer(z, [{**b, "z": z} for b in bounds])
        return layers[z]

    found: dict[tuple, dict] = {}
    for index, z in enumerate(z_values):
        neighbors = [] if values["excludeSameLayerNeighbors"] else [layer(z)]
        neighbors += [layer(other) for other in z_values[index + 1:]
                      if other - z <= values["zNeighborDistance"]]
        for pair in neighbor_pairs(layer(z), neighbors, values):
            found.setdefault(pair_key(pair), pair)
    pairs = [found[key] for key in sorted(found)]
    if values["excludePairsInMatchCollection"] is not None:
        existing = existing_pairs(client, values)
        if existing is not None:
            pairs = [pair for pair in pairs if pair_key(pair) not in existing]
    written = write_pairs(values["toJson"], template, pairs, values["maxPairsPerFile"])
    log(f"wrote {len(pairs)} pairs to {len(written)} file(s)")


CLIENT = EmulatedClient(CLASS_NAME, command_line, run)
