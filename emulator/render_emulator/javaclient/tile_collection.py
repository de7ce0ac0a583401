"""Client-side ResolvedTileSpecCollection: local reference resolution, bounding-box derivation and tile
validation, reusing the emulator's own TileSpec/TransformSpec handling (services.tile_json,
services.transform_specs, services.bounding_box) so client and server derive identical boxes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from render_emulator.errors import RenderWsError
from render_emulator.javaclient.data_client import ClientError
from render_emulator.javaclient.files import json_value, read_bytes
from render_emulator.services.bounding_box import derive_bounding_box, derive_bounding_boxes, mesh_cell_size
from render_emulator.services.tile_json import (
    parse_resolved_tiles,
    parse_tile_spec,
    set_parsed_bounds,
    with_bounds,
)
from render_emulator.services.transform_specs import (
    LIST,
    parse_transform_spec,
    ref_ids,
    resolve_for_upload,
)
from render_emulator.services.usual_tiles import read_usual_tile_array

TEM_VALIDATOR = "org.janelia.alignment.spec.validator.TemTileSpecValidator"


def client_error(error: RenderWsError) -> ClientError:
    return ClientError(str(getattr(error, "message", None) or error))


def read_tile_file(path: str) -> list[dict]:
    """:func:`parse_tiles` of the tile spec file ``path``: a file of usual tiles read by msgspec
    (services.usual_tiles, ~3x faster), any other by the general reader, which alone decides refusals."""
    raw = read_bytes(path)
    tiles = read_usual_tile_array(raw)
    return parse_tiles(json_value(raw, path), path) if tiles is None else tiles


def parse_tiles(values: Any, source: str) -> list[dict]:
    """A JSON array of tile specs read as Jackson would (ClientError on a bad one), each with its bounds'
    places held (``None`` when not sent) for :meth:`TileCollection.derive_all_bounds`."""
    if not isinstance(values, list):
        raise ClientError(f"{source} does not hold a JSON array of tile specs")
    try:
        return [parse_tile_spec(value, bound_slots=True) for value in values if value is not None]
    except RenderWsError as error:
        raise client_error(error) from None


def parse_shared_transforms(values: Any, source: str) -> dict[str, dict]:
    """A JSON array of transform specs, by ``id``."""
    if not isinstance(values, list):
        raise ClientError(f"{source} does not hold a JSON array of transform specs")
    shared: dict[str, dict] = {}
    try:
        for value in values:
            spec = parse_transform_spec(value)
            if spec is None:
                continue
            if spec.get("id") is None:
                raise ClientError(f"{source}: shared transform spec without an id")
            shared[spec["id"]] = spec
    except RenderWsError as error:
        raise client_error(error) from None
    return shared


@dataclass
class TemTileSpecValidator:
    """TemTileSpecValidator with its ``minCoordinate:…,maxCoordinate:…,minSize:…,maxSize:…`` data."""

    min_coordinate: float = 0.0
    max_coordinate: float = 400000.0
    min_size: float = 500.0
    max_size: float = 5000.0

    @classmethod
    def from_data(cls, data: str | None) -> TemTileSpecValidator:
        validator = cls()
        names = {"minCoordinate": "min_coordinate", "maxCoordinate": "max_coordinate",
                 "minSize": "min_size", "maxSize": "max_size"}
        for item in (data or "").split(","):
            if not item.strip():
                continue
            key, _, value = item.partition(":")
            if key.strip() not in names:
                raise ClientError(f"invalid validator data '{item}'")
            try:
                setattr(validator, names[key.strip()], float(value))
            except ValueError:
                raise ClientError(f"invalid validator data '{item}'") from None
        return validator

    def problem(self, tile: dict) -> str | None:
        """Why ``tile`` (with bounds derived) is invalid, or None."""
        levels = tile.get("mipmapLevels") or {}
        level0 = levels.get("0") or {}
        if not level0.get("imageUrl") and not tile.get("channels"):
            return f"tile {tile.get('tileId')} has no level 0 image"
        if tile.get("z") is None:
            return f"z value is missing for tile {tile.get('tileId')}"
        for name in ("minX", "minY"):
            if tile.get(name) is None or tile[name] < self.min_coordinate:
                return f"{name} of tile {tile.get('tileId')} is less than {self.min_coordinate}"
        for name in ("maxX", "maxY"):
            if tile.get(name) is None or tile[name] > self.max_coordinate:
                return f"{name} of tile {tile.get('tileId')} is greater than {self.max_coordinate}"
        for size in (tile["maxX"] - tile["minX"], tile["maxY"] - tile["minY"]):
            if not self.min_size <= size <= self.max_size:
                return (f"size {size} of tile {tile.get('tileId')} is outside "
                        f"[{self.min_size}, {self.max_size}]")
        return None


def make_validator(validator_class: str | None, validator_data: str | None) -> TemTileSpecValidator | None:
    if validator_class is None:
        return None
    if validator_class != TEM_VALIDATOR:
        raise ClientError(f"validator class {validator_class} is not emulated (only {TEM_VALIDATOR})")
    return TemTileSpecValidator.from_data(validator_data)


@dataclass
class TileCollection:
    """Shared transforms by id and tile specs by tileId (insertion order kept)."""

    shared: dict[str, dict] = field(default_factory=dict)
    tiles: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def from_resolved_tiles_json(cls, value: Any) -> TileCollection:
        try:
            parsed = parse_resolved_tiles(value)
        except RenderWsError as error:
            raise client_error(error) from None
        shared, tiles = parsed or ({}, [])
        return cls(dict(shared), {tile["tileId"]: tile for tile in tiles})

    def resolved_transforms(self, tile: dict) -> dict:
        """The tile's transforms with refs resolved in one pass (ClientError when one is left)."""
        transforms = tile.get("transforms") or {"type": LIST, "specList": []}
        try:
            return resolve_for_upload(tile.get("tileId"), transforms, self.shared)
        except RenderWsError as error:
            raise client_error(error) from None

    def resolve_one(self, spec: dict) -> dict:
        """One transform spec with its refs resolved against the shared transforms."""
        wrapper = {"tileId": None, "transforms": {"type": LIST, "specList": [spec]}}
        resolved = self.resolved_transforms(wrapper)
        members = resolved.get("specList") or []
        return members[0] if len(members) == 1 else resolved

    def derive_bounds(self, tile: dict) -> dict:
        """``tile`` with minX/minY/maxX/maxY and meshCellSize (deriveBoundingBox, forced, sloppy)."""
        resolved = {**tile, "transforms": self.resolved_transforms(tile)}
        try:
            box = derive_bounding_box(resolved)
        except RenderWsError as error:
            raise client_error(error) from None
        out = with_bounds(tile, box)
        out["meshCellSize"] = mesh_cell_size(tile)
        return out

    def derive_all_bounds(self) -> None:
        """:meth:`derive_bounds` of every tile, the boxes derived together; the first tile (in order) that
        cannot be resolved or derived decides the error, as one tile at a time would. The tiles are this
        collection's own (:func:`parse_tiles`, which gives each its meshCellSize): their bounds are set in
        place, as the server's deriveData sets them (services/render_data.py); a tile whose transforms
        are one plain AffineModel2D leaf is not resolved (it holds no ref), one without refs not copied."""
        tiles = self.tiles
        try:
            boxes = derive_bounding_boxes(list(tiles.values()), self.resolved_transforms)
        except RenderWsError as error:
            raise client_error(error) from None
        # a tile is a copy when a bound has no place in it
        self.tiles = dict(zip(tiles, set_parsed_bounds(tiles.values(), boxes), strict=True))

    def remove_invalid(self, validator: TemTileSpecValidator | None, log) -> None:
        """removeInvalidTileSpecs: drop invalid tiles, then the shared transforms no tile references."""
        if validator is None:
            return
        kept = {}
        for tile_id, tile in self.tiles.items():
            problem = validator.problem(tile)
            if problem is None:
                kept[tile_id] = tile
            else:
                log(f"removing invalid tile spec: {problem}")
        self.tiles = kept
        referenced = self._referenced_ids()
        self.shared = {key: spec for key, spec in self.shared.items() if key in referenced}

    def _referenced_ids(self) -> set[str]:
        pending = {rid for tile in self.tiles.values() for rid in ref_ids(tile.get("transforms"))}
        found: set[str] = set()
        while pending:
            rid = pending.pop()
            found.add(rid)
            spec = self.shared.get(rid)
            if spec is not None:
                pending |= set(ref_ids(spec)) - found
        return found

    def to_json(self) -> dict:
        return {"transformIdToSpecMap": dict(self.shared), "tileIdToSpecMap": dict(self.tiles)}
