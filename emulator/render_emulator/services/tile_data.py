"""render-ws TileDataService: one tile — raw spec, delete, validation, its render-parameters (transformed,
raw source or mask, with neighbours)."""

from __future__ import annotations

from dataclasses import dataclass, field

from render_emulator.errors import BadRequest, NotFound, ServerError
from render_emulator.services.bounding_box import derive_bounding_box
from render_emulator.services.data_roots import UNCONFINED, DataRoots
from render_emulator.services.image_and_mask import validate_mipmaps
from render_emulator.services.render_data import get_box_render_parameters
from render_emulator.services.render_parameters import RenderQuery, render_parameters
from render_emulator.services.stack_lookup import LOADING, require_metadata
from render_emulator.services.tile_json import with_bounds
from render_emulator.services.tile_reads import resolved_flat_tiles
from render_emulator.services.transform_specs import LIST, list_mapper
from render_emulator.store import RenderStore, StackId
from renderapi._java import int_cast

LENS_LABEL = "lens"


@dataclass(frozen=True)
class TileRenderQuery:
    """The tile-only render-parameters options (offsets, full-scale size, transform selection)."""

    x: int | None = None
    y: int | None = None
    width: int | None = None
    height: int | None = None
    normalize_for_matching: bool = False
    exclude_all_transforms: bool | None = None
    exclude_transforms_after_last: list[str] = field(default_factory=list)
    exclude_first_transform_and_all_after: list[str] = field(default_factory=list)


def tile_missing(stack_id: StackId, tile_id: str) -> NotFound:
    return NotFound(
        f"tile spec with id '{tile_id}' does not exist in the render.{stack_id.collection_name('tile')} "
        "collection"
    )


def get_tile(store: RenderStore, stack_id: StackId, tile_id: str) -> dict:
    """The tile as stored (refs intact); a missing stack reads as a missing tile."""
    tile = store.tile_collection(stack_id).get(tile_id)
    if tile is None:
        raise tile_missing(stack_id, tile_id)
    return tile


def delete_tile(store: RenderStore, stack_id: StackId, tile_id: str) -> None:
    """DELETE tile/{tileId}: 200 also for an absent tile; LOADING only (400)."""
    with store.transaction():
        meta = require_metadata(store, stack_id)
        if meta["state"] != LOADING:
            raise BadRequest(f"stack state is {meta['state']} but must be LOADING to delete data")
        store.tile_collection(stack_id).delete([tile_id])


def _labels(spec: dict) -> list[str]:
    return (spec.get("metaData") or {}).get("labels") or []


def _keep_through_last(specs: list[dict], labels: set[str]) -> list[dict]:
    last = max((i for i, s in enumerate(specs) if labels.intersection(_labels(s))), default=None)
    return specs if last is None else specs[:last + 1]


def _keep_before_first(specs: list[dict], labels: set[str]) -> list[dict]:
    first = next((i for i, s in enumerate(specs) if labels.intersection(_labels(s))), None)
    return specs if first is None else specs[:first]


def _selected_transforms(specs: list[dict], tile_query: TileRenderQuery) -> list[dict] | None:
    """The transform list after render-ws's label or legacy normalisation; None = unchanged."""
    label_mode = (tile_query.exclude_all_transforms is not None or tile_query.exclude_transforms_after_last
                  or tile_query.exclude_first_transform_and_all_after)
    if label_mode:
        if tile_query.exclude_all_transforms:
            return []
        if tile_query.exclude_transforms_after_last:
            specs = _keep_through_last(specs, set(tile_query.exclude_transforms_after_last))
        if tile_query.exclude_first_transform_and_all_after:
            specs = _keep_before_first(specs, set(tile_query.exclude_first_transform_and_all_after))
        return specs
    if tile_query.normalize_for_matching:
        if any(LENS_LABEL in _labels(s) for s in specs):
            return _keep_through_last(specs, {LENS_LABEL})
        specs = specs[:-1]
        return specs[:2]
    return None


def get_tile_render_parameters(store: RenderStore, stack_id: StackId, tile_id: str, query: RenderQuery,
                               tile_query: TileRenderQuery) -> dict:
    """RenderParameters rendering one tile (TileDataService.getRenderParameters)."""
    meta = require_metadata(store, stack_id)
    tile = resolved_flat_tiles(store, stack_id, [get_tile(store, stack_id, tile_id)])[0]
    selected = _selected_transforms(tile["transforms"]["specList"], tile_query)
    if selected is not None:
        tile = {**tile, "transforms": {"type": LIST, "specList": selected}}
        tile = with_bounds(tile, derive_bounding_box(tile))
    if tile_query.normalize_for_matching:
        x0, y0 = 0.0, 0.0
    else:
        x0, y0 = tile.get("minX", 0.0), tile.get("minY", 0.0)
    x0 += tile_query.x or 0
    y0 += tile_query.y or 0
    width = tile_query.width if tile_query.width is not None else int(tile["maxX"] - tile["minX"])
    height = tile_query.height if tile_query.height is not None else int(tile["maxY"] - tile["minY"])
    return render_parameters(x0, y0, width, height, 1.0, [tile], query, meta.get("currentVersion"))


def first_mipmap_levels(tile: dict) -> dict:
    """TileSpec.getFirstMipmapEntry's source: the first channel's levels, else the tile's own."""
    channels = tile.get("channels")
    if channels:
        return channels[0].get("mipmapLevels") or {}
    return tile.get("mipmapLevels") or {}


def _java_int_size(value: float | None) -> int:
    """TileSpec.getWidth/getHeight: the int value, -1 when unset."""
    return -1 if value is None else int(value)


def _first_mipmap(tile: dict) -> tuple[str, dict]:
    levels = first_mipmap_levels(tile)
    if not levels:
        # render-ws dereferences the missing first entry (NullPointerException, 500)
        raise ServerError('Cannot invoke "java.util.Map$Entry.getValue()" because "firstEntry" is null')
    key = min(levels, key=int)
    return key, levels[key]


def get_raw_tile_render_parameters(store: RenderStore, stack_id: StackId, tile_id: str, scale: float,
                                   query: RenderQuery, mask: bool) -> dict:
    """source|mask/scale/{scale}/render-parameters: one transform-less tile spec whose single channel holds
    the first mipmap's image (or its mask as the image), over the box (0, 0, width, height)."""
    tile = get_tile(store, stack_id, tile_id)
    level, entry = _first_mipmap(tile)
    url = entry.get("maskUrl" if mask else "imageUrl")
    channel = {"minIntensity": 0.0, "maxIntensity": 255.0,
               "mipmapLevels": {level: {} if url is None else {"imageUrl": url}}}
    simple = {"mipmapLevels": {}, "channels": [channel], "transforms": {"type": LIST, "specList": []},
              "meshCellSize": 64.0}
    width, height = _java_int_size(tile.get("width")), _java_int_size(tile.get("height"))
    params = render_parameters(0.0, 0.0, width, height, scale, [simple], query)
    # one tile without transforms: render-ws skips interpolation to keep the last row and column
    params["skipInterpolation"] = True
    return params


def get_tile_with_neighbors_render_parameters(store: RenderStore, stack_id: StackId, tile_id: str,
                                              width_factor: float | None, height_factor: float | None,
                                              query: RenderQuery) -> dict:
    """withNeighbors/render-parameters: the box render-parameters around the tile, grown on each side by
    ``widthFactor``/``heightFactor`` (default 0.3) of the tile's width/height."""
    tile = get_tile(store, stack_id, tile_id)
    width, height = _java_int_size(tile.get("width")), _java_int_size(tile.get("height"))
    grow_x = width * (0.3 if width_factor is None else width_factor)
    grow_y = height * (0.3 if height_factor is None else height_factor)
    return get_box_render_parameters(
        store, stack_id, tile["z"], tile["minX"] - grow_x, tile["minY"] - grow_y,
        width + int_cast(2 * grow_x), height + int_cast(2 * grow_y), 1.0, query)   # TileDataService:280


def validate_tile(store: RenderStore, stack_id: StackId, tile_id: str, roots: DataRoots = UNCONFINED) -> None:
    """validation-info: TileSpec.validate on the tile with references resolved (400 with the reason)."""
    tile = resolved_flat_tiles(store, stack_id, [get_tile(store, stack_id, tile_id)])[0]
    validate_mipmaps(tile, roots)
    list_mapper(tile["transforms"])
