"""org.janelia.render.client.TilePairClient: find neighbouring tile pairs (same layer and nearby layers)
from the stack's tile bounds and write them as RenderableCanvasIdPairs JSON file(s)."""

from __future__ import annotations

import re

from render_emulator.errors import RenderWsError
from render_emulator.javaclient.data_client import ClientError, RenderDataClient
from render_emulator.javaclient.existing_pairs import existing_match_helper
from render_emulator.javaclient.files import read_json, write_json
from render_emulator.javaclient.options import (
    CommandLine,
    Option,
    choice,
    java_boolean,
    java_double,
    java_integer,
    web_service_options,
)
from render_emulator.javaclient.runner import EmulatedClient, log
from render_emulator.javaclient.tile_bounds_rtree import POSITIONS, TileBoundsRTree, pair_key
from render_emulator.naming import validate_stack_id
from renderapi._java import java_number_text

CLASS_NAME = "org.janelia.render.client.TilePairClient"
BOX_NAMES = ("minX", "maxX", "minY", "maxY")
_SUFFIX = re.compile(r"^(.*)\.(json|gz|zip)$")  # TilePairClient.java:297
ROW_COL_TILE_SIZE = 10  # TilePairClient.java:510


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
        Option("--excludeSameLayerPairsWithPosition", "Exclude same layer pairs that have one tile with the "
               "specified position", convert=choice(*POSITIONS)),
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
    ])


def validate_box(values: dict) -> None:
    """LayerBoundsParameters.validate (LayerBoundsParameters.java:40-59), run before the client starts."""
    box = {name: values[name] for name in BOX_NAMES}
    if all(v is None for v in box.values()):
        return
    text = {name: "null" if v is None else java_number_text(v) for name, v in box.items()}
    if any(v is None for v in box.values()):
        raise ClientError(f"java.lang.IllegalArgumentException: since one or more of minX ({text['minX']}), "
                          f"maxX ({text['maxX']}), minY ({text['minY']}), maxY ({text['maxY']}) is "
                          "specified, all must be specified")
    for axis in ("X", "Y"):
        if box[f"min{axis}"] > box[f"max{axis}"]:
            raise ClientError(f"java.lang.IllegalArgumentException: min{axis} ({text[f'min{axis}']}) is "
                              f"greater than max{axis} ({text[f'max{axis}']})")


def stack_id_from_name(name: str, default_owner: str, default_project: str) -> tuple[str, str, str]:
    """StackId.fromNameString (StackId.java:135-154): ``stack``, ``project::stack`` or
    ``owner::project::stack``, validated as the StackId constructor does (StackId.java:34-49)."""
    names = name.split("::")
    while len(names) > 1 and names[-1] == "":
        names.pop()  # Java's String.split drops trailing empty strings
    if names == [""] and name:
        names = []
    owner, project, stack = default_owner, default_project, None
    if len(names) == 1:
        stack = names[0]
    elif len(names) == 2:
        project, stack = names
    elif len(names) == 3:
        owner, project, stack = names
    if stack is None:
        raise ClientError("java.lang.NullPointerException (no stack name in --onlyIncludeTilesFromStack)")
    try:
        validate_stack_id(owner, project, stack)
    except RenderWsError as error:
        raise ClientError(f"java.lang.IllegalArgumentException: {error.message}") from None
    return owner, project, stack


# ------------------------------------------------------------------------------------------ trees
class TreeBuilder:
    """TilePairClient.buildRTree (TilePairClient.java:495-590): one layer's tiles after the
    --onlyIncludeTilesFromStack, box and obscured-tile filters (or the row/col grid)."""

    def __init__(self, client: RenderDataClient, values: dict):
        self.client = client
        self.values = values
        self.include: tuple[RenderDataClient, str] | None = None
        if values["onlyIncludeTilesFromStack"] is not None:
            owner, project, stack = stack_id_from_name(values["onlyIncludeTilesFromStack"], values["owner"],
                                                       values["project"])
            self.include = (client.for_project(owner, project), stack)

    def build(self, z: float) -> TileBoundsRTree:
        values = self.values
        if values["zNeighborDistance"] == 0 and values["useRowColPositions"]:
            return TileBoundsRTree(z, self._row_col_bounds(z))
        bounds = self.client.get_json(f"{self.client.z_url(values['stack'], z)}/tileBounds")
        tiles = [{**b, "z": z} for b in bounds]
        total = len(tiles)
        if self.include is not None:
            include_client, include_stack = self.include
            include_url = f"{include_client.z_url(include_stack, z)}/tileBounds"
            allowed = {b["tileId"] for b in include_client.get_json(include_url)}
            tiles = [tile for tile in tiles if tile["tileId"] in allowed]
            if total > len(tiles):
                log(f"buildRTree: removed {total - len(tiles)} tiles not found in {include_stack}")
        tree = TileBoundsRTree(z, tiles)
        if values["minX"] is not None:
            tiles = tree.find_tiles_in_box(values["minX"], values["minY"], values["maxX"], values["maxY"])
            tree = TileBoundsRTree(z, tiles)
        if values["excludeCompletelyObscuredTiles"]:
            visible = tree.find_visible_tiles()
            if len(visible) < len(tiles):
                log(f"buildRTree: removed {len(tiles) - len(visible)} completely obscured tiles")
            tree = TileBoundsRTree(z, visible)
        log(f"buildRTree: added bounds for {len(tree.tiles)} out of {total} tiles for z "
            f"{java_number_text(z)}")
        return tree

    def _row_col_bounds(self, z: float) -> list[dict]:
        """Layout imageRow/imageCol as 10 x 10 squares (TilePairClient.java:502-528)."""
        resolved = self.client.resolved_tiles(self.values["stack"], z)
        tiles = []
        for tile_id, spec in (resolved.get("tileIdToSpecMap") or {}).items():
            layout = spec.get("layout")
            if layout is None:
                raise ClientError(f"tile '{tile_id}' is missing layout data")
            row, col = layout.get("imageRow"), layout.get("imageCol")
            if row is None or col is None:
                raise ClientError(f"tile '{tile_id}' is missing layout imageRow and/or imageCol data")
            min_x, min_y = float(col * ROW_COL_TILE_SIZE), float(row * ROW_COL_TILE_SIZE)
            tiles.append({"tileId": spec["tileId"], "sectionId": layout.get("sectionId"), "z": spec["z"],
                          "minX": min_x, "minY": min_y, "maxX": min_x + ROW_COL_TILE_SIZE,
                          "maxY": min_y + ROW_COL_TILE_SIZE})
        return tiles


# ------------------------------------------------------------------------------------------ output
class PairFiles:
    """Sorted pairs saved in files of at most --maxPairsPerFile, flushed after each layer as
    TilePairClient.deriveAndSaveSortedNeighborPairs does (TilePairClient.java:462-490)."""

    def __init__(self, to_json: str, template: str, max_per_file: int):
        self.to_json = to_json
        self.template = template
        self.max_per_file = max_per_file
        self.pending: dict[tuple, dict] = {}  # the TreeSet: sorted by key when saved
        self.written: list[str] = []
        self.saved_count = 0

    def add_layer(self, pairs: dict[tuple, dict]) -> None:
        for key, pair in pairs.items():
            self.pending.setdefault(key, pair)
        if len(self.pending) > self.max_per_file:
            ordered = [self.pending[key] for key in sorted(self.pending)]
            start = 0
            while start + self.max_per_file <= len(ordered):
                path = numbered_path(self.to_json, len(self.written))
                self._save(ordered[start:start + self.max_per_file], path)
                start += self.max_per_file
            self.pending = {pair_key(pair): pair for pair in ordered[start:]}

    def finish(self) -> None:
        if self.pending:
            path = self.to_json if not self.written else numbered_path(self.to_json, len(self.written))
            self._save([self.pending[key] for key in sorted(self.pending)], path)
        log(f"deriveAndSaveSortedNeighborPairs: exit, saved {self.saved_count} total pairs")

    def _save(self, pairs: list[dict], path: str) -> None:
        write_json(path, {"renderParametersUrlTemplate": self.template, "neighborPairs": pairs})
        self.written.append(path)
        self.saved_count += len(pairs)


def numbered_path(to_json: str, number: int) -> str:
    """TilePairClient.getOutputFileName (TilePairClient.java:295-307, 592-594)."""
    match = _SUFFIX.match(to_json)
    prefix, suffix = (match.group(1), "." + match.group(2)) if match else (to_json, "")
    if match and prefix.endswith(".json"):
        prefix, suffix = prefix[:-len(".json")], ".json" + suffix
    return f"{prefix}_p{number:03d}{suffix}"


def render_parameters_url_template(values: dict) -> str:
    """TilePairClient.getRenderParametersUrlTemplate (TilePairClient.java:312-321): the literal
    ``{baseDataUrl}`` token, then the base stack's path."""
    return (f"{{baseDataUrl}}/owner/{values['baseOwner'] or values['owner']}"
            f"/project/{values['baseProject'] or values['project']}"
            f"/stack/{values['baseStack'] or values['stack']}/tile/{{id}}/render-parameters")


def source_tile_ids(values: dict) -> set[str] | None:
    path = values["onlyIncludeTilesNearTileIdsJson"]
    if path is None:
        return None
    tile_ids = read_json(path)
    if not isinstance(tile_ids, list) or not all(isinstance(t, str) for t in tile_ids):
        raise ClientError(f"{path} does not hold a JSON array of tile ids")
    log(f"loadTileIds: loaded {len(set(tile_ids))} tile ids from {path}")
    return set(tile_ids)


def run(values: dict) -> None:
    validate_box(values)
    if values["z"] is not None:
        raise ClientError("render-emulator java client: TilePairClient --z is not emulated")
    if values["maxPairsPerFile"] < 1:
        log(f"resetting maxPairsPerFile from {values['maxPairsPerFile']} to 1")
        values["maxPairsPerFile"] = 1
    client = RenderDataClient(values["baseDataUrl"], values["owner"], values["project"])
    builder = TreeBuilder(client, values)
    sources_wanted = source_tile_ids(values)
    stack, distance = values["stack"], values["zNeighborDistance"]
    params = {k: java_number_text(values[k]) for k in ("minZ", "maxZ") if values[k] is not None}
    z_values = sorted(float(z) for z in client.get_json(f"{client.stack_url(stack)}/zValues", params=params))
    if not z_values:
        raise ClientError(f"stack {stack} does not contain any layers with the specified z values")
    helper = existing_match_helper(client, values, z_values[0], z_values[-1])
    files = PairFiles(values["toJson"], render_parameters_url_template(values), values["maxPairsPerFile"])
    trees: dict[float, TileBoundsRTree] = {}
    for z in z_values[:max(distance, 0)]:
        trees[z] = builder.build(z)
        if helper is not None:
            helper.add_existing_pairs(z)
    if distance == 0 and helper is not None:
        helper.add_existing_pairs(z_values[0])
    for index, z in enumerate(z_values):
        if distance == 0 or z not in trees:
            trees[z] = builder.build(z)
        neighbor_trees = []
        ideal_max_neighbor_z = min(z_values[-1], z + distance)
        for neighbor_z in z_values[index + 1:]:
            if neighbor_z > ideal_max_neighbor_z:
                break
            if neighbor_z not in trees:
                if index > 0:
                    trees.pop(z_values[index - 1], None)
                trees[neighbor_z] = builder.build(neighbor_z)
                if helper is not None:
                    helper.add_existing_pairs(neighbor_z)
            neighbor_trees.append(trees[neighbor_z])
        tree = trees[z]
        sources = tree.tiles
        if sources_wanted is not None:
            sources = [tile for tile in sources if tile["tileId"] in sources_wanted]
        pairs = tree.circle_neighbors(sources, neighbor_trees, values)
        excluded = values["excludeSameLayerPairsWithPosition"]
        if excluded is not None:
            # TilePairClient.java:443-447: a pair goes when p OR q has the position
            pairs = {key: pair for key, pair in pairs.items() if excluded not in
                     (pair["p"].get("relativePosition"), pair["q"].get("relativePosition"))}
        if helper is not None:
            helper.remove_existing_pairs(z, pairs)
            if distance == 0 and index + 1 < len(z_values):
                helper.add_existing_pairs(z_values[index + 1])
        files.add_layer(pairs)
    files.finish()


CLIENT = EmulatedClient(CLASS_NAME, command_line, run)
