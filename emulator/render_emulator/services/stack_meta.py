"""render-ws StackMetaDataService without tile reads: listings, stack versions, states, rename,
version sub-resources, hierarchicalData (HierarchicalDataService) and the sectionData snapshot.

Stack metadata documents are stored as render-ws answers them (field order of StackMetaData) plus
``_key``. Request bodies are converted as Jackson converts them (unknown fields ignored, type
mismatches 400) by the ``parse_*`` functions, which routes call before validating path names, as
RESTEasy deserializes a body before the resource method runs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import Any

from mongomock import ObjectId

from render_emulator.errors import BadRequest, ServerError
from render_emulator.model import omit_none, read
from render_emulator.model.dates import now_date
from render_emulator.model.stack import (
    HIERARCHICAL_STACK,
    MIPMAP_PATH_BUILDER,
    RECONSTRUCTION_CYCLE,
    RESOLUTION_VALUES,
    STACK_ID,
    STACK_META_DATA,
    STACK_VERSION,
)
from render_emulator.naming import validate_stack_id
from render_emulator.services.stack_lookup import (
    COMPLETE,
    LOADING,
    OFFLINE,
    READ_ONLY,
    find_metadata,
    public_metadata,
    require_data,
    require_metadata,
    require_not_read_only,
    stack_key,
    stack_text,
)
from render_emulator.services.stack_stats import derive_aggregates, section_sort_key
from render_emulator.services.tile_reads import resolved_flat_tiles
from render_emulator.store import RenderStore, StackId

NO_STACK_VERSION = "no stack version provided"


# ============================================================================ request bodies (Jackson)
def parse_stack_version(body: Any) -> dict | None:
    """A StackVersion body as stored (None for an absent body)."""
    return read(STACK_VERSION, body)


def parse_required_stack_version(body: Any) -> dict:
    """A StackVersion body; 400 ``no stack version provided`` when absent (POST stack)."""
    version = parse_stack_version(body)
    if version is None:
        raise BadRequest(NO_STACK_VERSION)
    return version


def parse_resolution_values(body: Any) -> list[float | None] | None:
    """A ``List<Double>`` body (entries may be null)."""
    return read(RESOLUTION_VALUES, body)


def parse_mipmap_path_builder(body: Any) -> dict | None:
    return read(MIPMAP_PATH_BUILDER, body)


def parse_cycle(body: Any) -> dict | None:
    return read(RECONSTRUCTION_CYCLE, body)


def parse_hierarchical_stack(body: Any) -> dict | None:
    return read(HIERARCHICAL_STACK, body)


def parse_stack_id(body: Any) -> dict | None:
    """A StackId body (rename target); names are not validated here (render-ws does not either)."""
    return read(STACK_ID, body)


# ============================================================================ metadata documents
def _metadata_doc(stack_id: StackId, fields: dict) -> dict:
    doc = STACK_META_DATA.ordered(fields)
    doc["_key"] = stack_key(stack_id)
    return doc


def _stack_id_of(meta: dict) -> StackId:
    return StackId(**meta["stackId"])


def _changed(meta: dict, changes: dict) -> dict:
    """A new metadata document with ``changes`` applied (None removes a field)."""
    return _metadata_doc(_stack_id_of(meta), {**meta, **changes})


def _save(store: RenderStore, doc: dict) -> None:
    store.stack_meta_collection().upsert([doc])


def _new_metadata(stack_id: StackId, version: dict, version_number: int) -> dict:
    return _metadata_doc(stack_id, {
        "stackId": stack_id.to_json(),
        "state": LOADING,
        "lastModifiedTimestamp": now_date(),
        "currentVersionNumber": version_number,
        "currentVersion": version,
    })


# ============================================================================ service information
def likely_unique_id() -> str:
    """A new MongoDB ObjectId as 24 lowercase hex characters."""
    return str(ObjectId())


# ============================================================================ listings
def _descending_missing_last(items: list[dict], key: Callable[[dict], Any]) -> list[dict]:
    present = [item for item in items if key(item) is not None]
    missing = [item for item in items if key(item) is None]
    return sorted(present, key=key, reverse=True) + missing


def sort_stack_metadata(docs: Iterable[dict]) -> list[dict]:
    """render-ws order: project ascending, then cycleNumber, cycleStepNumber and lastModifiedTimestamp
    descending (missing values last); stable sorts from the least significant key up."""
    def version_field(name: str) -> Callable[[dict], Any]:
        return lambda doc: (doc.get("currentVersion") or {}).get(name)

    ordered = list(docs)
    ordered = _descending_missing_last(ordered, lambda d: d.get("lastModifiedTimestamp"))
    ordered = _descending_missing_last(ordered, version_field("cycleStepNumber"))
    ordered = _descending_missing_last(ordered, version_field("cycleNumber"))
    return sorted(ordered, key=lambda d: d["stackId"].get("project", ""))


def _owner_metadata(store: RenderStore, owner: str, project: str | None = None) -> list[dict]:
    docs = store.stack_meta_collection().find_eq("stackId.owner", owner)
    if project is not None:
        docs = [d for d in docs if d["stackId"].get("project") == project]
    return sort_stack_metadata(docs)


def list_owners(store: RenderStore) -> list[str]:
    """Distinct owners of all stacks, ascending."""
    return sorted(store.stack_meta_collection().index_values("stackId.owner"))


def list_projects(store: RenderStore, owner: str) -> list[str]:
    """Distinct projects of ``owner``'s stacks, ascending (``[]`` for an unknown owner)."""
    docs = store.stack_meta_collection().find_eq("stackId.owner", owner)
    return sorted({d["stackId"]["project"] for d in docs})


def list_stack_metadata(store: RenderStore, owner: str, project: str | None = None) -> list[dict]:
    """StackMetaData of every stack of ``owner`` (optionally one project), in render-ws order."""
    return [public_metadata(d) for d in _owner_metadata(store, owner, project)]


def list_stack_ids(store: RenderStore, owner: str, project: str | None = None) -> list[dict]:
    """StackId JSON of every stack of ``owner`` (optionally one project), in the listing order."""
    return [dict(d["stackId"]) for d in _owner_metadata(store, owner, project)]


# ============================================================================ stack lifecycle
def get_stack_metadata(store: RenderStore, stack_id: StackId) -> dict:
    """StackMetaData JSON; 404 when the stack does not exist."""
    return public_metadata(require_metadata(store, stack_id))


def save_stack_version(store: RenderStore, stack_id: StackId, version: dict) -> None:
    """POST stack: create it (LOADING, version 0, empty tile and transform collections) or replace
    its metadata by the next version (LOADING, number + 1, stats and hierarchicalData dropped)."""
    with store.transaction():
        meta = find_metadata(store, stack_id)
        if meta is None:
            _save(store, _new_metadata(stack_id, version, 0))
            store.tile_collection(stack_id).create()
            store.transform_collection(stack_id).create()
        else:
            require_not_read_only(meta)
            _save(store, _new_metadata(stack_id, version, meta["currentVersionNumber"] + 1))


def drop_stack_data(store: RenderStore, stack_id: StackId) -> None:
    store.tile_collection(stack_id).drop()
    store.transform_collection(stack_id).drop()
    store.section_collection(stack_id).drop()


def delete_stack(store: RenderStore, stack_id: StackId) -> None:
    """DELETE stack: tiles, transforms, section snapshot and metadata; absent stack is fine."""
    with store.transaction():
        meta = find_metadata(store, stack_id)
        if meta is None:
            return
        require_not_read_only(meta)
        drop_stack_data(store, stack_id)
        store.stack_meta_collection().delete([stack_key(stack_id)])
        store.release_stack(stack_id)


def _validate_state_change(meta: dict, to_state: str) -> None:
    """StackMetaData.validateStateChange."""
    from_state = meta["state"]
    if from_state == to_state or from_state == COMPLETE:
        return
    if from_state in (LOADING, OFFLINE):
        allowed = to_state == COMPLETE
    else:  # READ_ONLY
        allowed = to_state in (COMPLETE, OFFLINE)
    if not allowed:
        raise BadRequest(
            f"The {meta['stackId']['stack']} stack's state is currently {from_state} and must first be "
            f"transitioned to {COMPLETE} before transitioning it to {to_state}."
        )


def _with_state(meta: dict, to_state: str) -> dict:
    """StackMetaData.setState: LOADING drops stats and bumps the version; the timestamp moves except
    between COMPLETE and READ_ONLY."""
    _validate_state_change(meta, to_state)
    from_state = meta["state"]
    if from_state == to_state:
        return meta
    changes: dict[str, Any] = {"state": to_state}
    touch = True
    if to_state == COMPLETE:
        if meta.get("stats") is None:
            raise BadRequest("stack can not be complete without stats")
        touch = from_state != READ_ONLY
    elif to_state == LOADING:
        changes["stats"] = None
        changes["currentVersionNumber"] = meta["currentVersionNumber"] + 1
    elif to_state == READ_ONLY:
        touch = from_state != COMPLETE
    if touch:
        changes["lastModifiedTimestamp"] = now_date()
    return _changed(meta, changes)


def _aggregation_failure(stack_id: StackId) -> ServerError:
    tile_collection = f"render.{stack_id.collection_name('tile')}"
    pipeline = (
        "[Document{{$project=Document{{z=$z, minX=$minX, minY=$minY, maxX=$maxX, maxY=$maxY, "
        "width=Document{{$subtract=[$maxX, $minX]}}, height=Document{{$subtract=[$maxY, $minY]}}}}}}, "
        "Document{{$group=Document{{_id=minAndMaxValues, stackMinX=Document{{$min=$minX}}, "
        "stackMinY=Document{{$min=$minY}}, stackMinZ=Document{{$min=$z}}, stackMaxX=Document{{$max=$maxX}}, "
        "stackMaxY=Document{{$max=$maxY}}, stackMaxZ=Document{{$max=$z}}, "
        "stackMinTileWidth=Document{{$min=$width}}, stackMaxTileWidth=Document{{$max=$width}}, "
        "stackMinTileHeight=Document{{$min=$height}}, stackMaxTileHeight=Document{{$max=$height}}}}}}]"
    )
    return ServerError(
        "Stack data aggregation returned no results because the stack has no tiles.  The aggregation "
        f"query was {tile_collection}.aggregate({pipeline}) ."
    )


def _section_key(section: dict) -> str:
    return json.dumps([section["sectionId"], section["z"]])


def _replace_section_snapshot(store: RenderStore, stack_id: StackId, sections: list[dict]) -> None:
    snapshot = store.section_collection(stack_id)
    snapshot.drop()
    snapshot.create()
    snapshot.upsert([dict(section, _key=_section_key(section)) for section in sections])


def _derive_and_complete(store: RenderStore, stack_id: StackId, meta: dict) -> None:
    """RenderDao.ensureIndexesAndDeriveStats: the section snapshot is rebuilt first (also when the
    stats aggregation then fails), then stats are stored and the state becomes COMPLETE."""
    tiles = store.tile_collection(stack_id)
    transforms = store.transform_collection(stack_id)
    # render-ws re-ensures the core indexes, which re-creates collections an OFFLINE stack dropped
    tiles.create()
    transforms.create()
    aggregates = derive_aggregates(tiles.all(), transforms.count())
    _replace_section_snapshot(store, stack_id, aggregates.sections)
    if aggregates.stats is None:
        raise _aggregation_failure(stack_id)
    if meta["state"] == OFFLINE:
        raise BadRequest("cannot set stats for OFFLINE stack")
    _save(store, _with_state(_changed(meta, {"stats": aggregates.stats}), COMPLETE))


def set_stack_state(store: RenderStore, stack_id: StackId, state: str) -> None:
    """PUT state/{state} with every transition rule and side effect of render-ws."""
    with store.transaction():
        meta = require_metadata(store, stack_id)
        _validate_state_change(meta, state)
        if state == COMPLETE and meta["state"] != READ_ONLY:
            _derive_and_complete(store, stack_id, meta)
        elif state == OFFLINE:
            _save(store, _with_state(meta, OFFLINE))
            drop_stack_data(store, stack_id)
        else:
            _save(store, _with_state(meta, state))


def rename_stack(store: RenderStore, from_id: StackId, target: dict | None) -> None:
    """PUT stackId: move metadata, tiles, transforms and the section snapshot to ``target``."""
    if target is None:
        raise BadRequest("toStackId value must be specified")
    for field in ("owner", "project", "stack"):
        if target.get(field) is None:
            # render-ws would rename into collections named after the string "null": refuse instead
            raise BadRequest(
                f"invalid {field} 'null' specified, names may only contain alphanumeric or underscore '_' "
                "characters and may not contain consecutive underscores '_'"
            )
    to_id = StackId(target["owner"], target["project"], target["stack"])
    with store.transaction():
        meta = require_metadata(store, from_id)
        if meta["state"] in (READ_ONLY, OFFLINE):
            raise BadRequest(f"{stack_text(from_id)} cannot be modified because it is {meta['state']}.")
        if find_metadata(store, to_id) is not None:
            raise BadRequest(f"{stack_text(to_id)} already exists")
        # render-ws deserialises the target without its name rules (StackMetaDataService.java:193-205); the
        # emulator applies them so that no stack becomes unreachable (README, Known differences)
        validate_stack_id(*to_id)
        for collection_of in (store.section_collection, store.transform_collection, store.tile_collection):
            _move_collection(collection_of(from_id), collection_of(to_id))
        store.stack_meta_collection().delete([stack_key(from_id)])
        store.release_stack(from_id)
        _save(store, _metadata_doc(to_id, {
            "stackId": to_id.to_json(),
            "state": meta["state"],
            "lastModifiedTimestamp": now_date(),
            "currentVersionNumber": meta["currentVersionNumber"],
            "currentVersion": meta.get("currentVersion"),
            "stats": meta.get("stats"),
        }))


def _move_collection(source, target) -> None:
    if not source.exists():
        return
    documents = list(source.all())
    target.drop()
    target.create()
    target.upsert(documents)
    source.drop()


# ============================================================================ version sub-resources
def _current_version(store: RenderStore, stack_id: StackId) -> dict | None:
    return require_metadata(store, stack_id).get("currentVersion")


def _update_version(store: RenderStore, stack_id: StackId, change: Callable[[dict], None]) -> None:
    """Apply ``change`` to a copy of currentVersion (no version bump, no state change, same timestamp)."""
    with store.transaction():
        meta = require_metadata(store, stack_id)
        require_not_read_only(meta)
        version = meta.get("currentVersion")
        if version is None:
            return
        updated = dict(version)
        change(updated)
        ordered = STACK_VERSION.ordered(updated)
        _save(store, _changed(meta, {"currentVersion": ordered}))


def get_resolution_values(store: RenderStore, stack_id: StackId) -> list[float | None]:
    """``[x, y, z]`` resolutions (nulls for unset values)."""
    version = _current_version(store, stack_id)
    if version is None:
        return []
    return [version.get(f"stackResolution{axis}") for axis in "XYZ"]


def set_resolution_values(store: RenderStore, stack_id: StackId, values: list[float | None] | None) -> None:
    """Set as many of X, Y, Z as given (a missing body fails with 500, as in render-ws)."""

    def change(version: dict) -> None:
        if values is None:
            raise ServerError(
                'Cannot invoke "java.util.List.size()" because "resolutionValues" is null'
            )
        for axis, value in zip("XYZ", values[:3], strict=False):
            version[f"stackResolution{axis}"] = value

    _update_version(store, stack_id, change)


def get_materialized_box_root_path(store: RenderStore, stack_id: StackId) -> str | None:
    return (_current_version(store, stack_id) or {}).get("materializedBoxRootPath")


def set_materialized_box_root_path(store: RenderStore, stack_id: StackId, path: str | None) -> None:
    """Trimmed; blank means unset."""
    trimmed = path.strip() if path is not None else None

    def change(version: dict) -> None:
        version["materializedBoxRootPath"] = trimmed or None

    _update_version(store, stack_id, change)


def get_mipmap_path_builder(store: RenderStore, stack_id: StackId) -> dict | None:
    return (_current_version(store, stack_id) or {}).get("mipmapPathBuilder")


def _complete_mipmap_path_builder(builder: dict) -> dict:
    """The MipmapPathBuilder constructor: required fields, rootPath ending in ``/``."""
    root_path = builder.get("rootPath")
    if root_path is None:
        raise BadRequest("rootPath must be specified for MipmapPathBuilder")
    if builder.get("numberOfLevels") is None:
        raise BadRequest("numberOfLevels must be specified for MipmapPathBuilder")
    if builder.get("extension") is None:
        raise BadRequest("extension must be specified for MipmapPathBuilder")
    return omit_none({
        "rootPath": root_path if root_path.endswith("/") else root_path + "/",
        "numberOfLevels": builder["numberOfLevels"],
        "extension": builder["extension"],
        "imageMipmapPatternString": builder.get("imageMipmapPatternString"),
    })


def set_mipmap_path_builder(store: RenderStore, stack_id: StackId, builder: dict | None) -> None:
    def change(version: dict) -> None:
        version["mipmapPathBuilder"] = None if builder is None else _complete_mipmap_path_builder(builder)

    _update_version(store, stack_id, change)


def get_default_channel(store: RenderStore, stack_id: StackId) -> str | None:
    return (_current_version(store, stack_id) or {}).get("defaultChannel")


def set_default_channel(store: RenderStore, stack_id: StackId, channel: str | None) -> None:
    def change(version: dict) -> None:
        version["defaultChannel"] = channel

    _update_version(store, stack_id, change)


def get_cycle(store: RenderStore, stack_id: StackId) -> dict:
    """ReconstructionCycle ``{"number", "stepNumber"}`` (``{}`` when unset)."""
    version = _current_version(store, stack_id) or {}
    return omit_none({"number": version.get("cycleNumber"), "stepNumber": version.get("cycleStepNumber")})


def set_cycle(store: RenderStore, stack_id: StackId, cycle: dict | None) -> None:
    cycle = cycle or {}

    def change(version: dict) -> None:
        version["cycleNumber"] = cycle.get("number")
        version["cycleStepNumber"] = cycle.get("stepNumber")

    _update_version(store, stack_id, change)


def get_hierarchical_data(store: RenderStore, stack_id: StackId) -> dict | None:
    return require_metadata(store, stack_id).get("hierarchicalData")


def set_hierarchical_data(store: RenderStore, stack_id: StackId, data: dict | None) -> None:
    """HierarchicalDataService PUT/DELETE: stored in StackMetaData.hierarchicalData."""
    with store.transaction():
        meta = require_metadata(store, stack_id)
        require_not_read_only(meta)
        _save(store, _changed(meta, {"hierarchicalData": data}))


# ============================================================================ sectionData snapshot
def get_section_data(
    store: RenderStore, stack_id: StackId, min_z: float | None = None, max_z: float | None = None
) -> list[dict]:
    """The SectionData snapshot of the last COMPLETE, filtered by inclusive ``minZ``/``maxZ``."""
    snapshot = store.section_collection(stack_id)
    if not snapshot.exists():
        require_data(store, stack_id)
        raise BadRequest(
            f"section data not aggregated for {stack_text(stack_id)}, set stack state to COMPLETE to "
            "generate the aggregate collection"
        )
    sections = []
    for doc in snapshot.all():
        z = doc.get("z")
        if doc.get("sectionId") is None or z is None:
            continue
        if (min_z is not None and z < min_z) or (max_z is not None and z > max_z):
            continue
        sections.append({k: v for k, v in doc.items() if not k.startswith("_")})
    sections.sort(key=section_sort_key)
    return sections


# ============================================================================ tile-dependent stack endpoints
def get_stack_bounds(store: RenderStore, stack_id: StackId) -> dict:
    """``stats.stackBounds``; 400 until a COMPLETE transition stored stats."""
    meta = require_metadata(store, stack_id)
    stats = meta.get("stats")
    if stats is None:
        condition = " have not been stored.  "
    elif stats.get("stackBounds") is None:
        condition = " have been stored without bounds.  "
    else:
        return stats["stackBounds"]
    raise BadRequest(
        f"Stats for {stack_text(stack_id)}{condition}If all data has been loaded for this stack, setting its "
        "state to COMPLETE will trigger derivation and storage of all the stack's stats."
    )


def get_tile_ids(store: RenderStore, stack_id: StackId, min_z: float | None = None,
                 max_z: float | None = None, match_pattern: str | None = None) -> list[str]:
    """tileIds (ascending) in the inclusive z range whose id contains a match of ``match_pattern``;
    no existence check (an unknown stack has no tiles). Without a pattern the query is ``tileId > ""``
    (RenderDao.java:1662-1665), so an empty id is left out."""
    tiles = store.tile_collection(stack_id)
    if min_z is None and max_z is None:
        ids = [i for i in tiles.keys() if isinstance(i, str)]
    else:
        ids = [t["tileId"] for t in store.get_tile_specs_in_z_range(stack_id, min_z, max_z)
               if isinstance(t.get("tileId"), str)]
    if match_pattern is None:
        ids = [i for i in ids if i != ""]
    if match_pattern is not None:
        try:
            pattern = re.compile(match_pattern)
        except re.error as exc:
            raise BadRequest(f"invalid matchPattern '{match_pattern}': {exc}") from None
        ids = [i for i in ids if pattern.search(i)]
    return sorted(ids)


def get_tile_specs_with_ids(store: RenderStore, stack_id: StackId, tile_ids: list[str] | None) -> list[dict]:
    """Resolved, flattened specs of the listed tiles that exist, by tileId."""
    if tile_ids is None:
        raise ServerError('Cannot invoke "java.util.List.size()" because "tileIdList" is null')
    return resolved_flat_tiles(store, stack_id, store.get_tile_specs_with_ids(stack_id, tile_ids))


def _require_loading_for_delete(meta: dict) -> None:
    if meta["state"] != LOADING:
        raise BadRequest(f"stack state is {meta['state']} but must be LOADING to delete data")


def delete_tiles_with_z(store: RenderStore, stack_id: StackId, z: float) -> None:
    """DELETE z/{z}: every tile whose z equals ``z`` (LOADING only, 400 otherwise)."""
    with store.transaction():
        _require_loading_for_delete(require_metadata(store, stack_id))
        store.remove_tiles_with_z(stack_id, z)


def delete_tiles_with_section_id(store: RenderStore, stack_id: StackId, section_id: str) -> None:
    """DELETE section/{sectionId}: every tile of the section (LOADING only, 400 otherwise)."""
    with store.transaction():
        _require_loading_for_delete(require_metadata(store, stack_id))
        store.remove_tiles_with_section_id(stack_id, section_id)


def _clone_failure(inserted: int, expected: int) -> ServerError:
    """RenderDao.cloneCollection's check after an unfiltered copy."""
    return ServerError(f"only inserted {inserted} out of {expected} documents")


def clone_stack(store: RenderStore, from_id: StackId, to_stack: str, to_project: str | None,
                z_values: list[float], skip_transforms: bool, version: dict | None) -> StackId:
    """PUT cloneTo/{toStack}: copy shared transforms (unless skipped) and the selected tiles verbatim
    into a new (or LOADING) stack whose metadata is rewritten as a brand-new LOADING stack.

    render-ws copies first and checks afterwards (leaving partial copies behind on failure); here every
    check runs before anything is written."""
    if version is None:
        raise BadRequest(NO_STACK_VERSION)
    to_id = StackId(from_id.owner, to_project if to_project is not None else from_id.project, to_stack)
    with store.transaction():
        require_metadata(store, from_id)
        validate_stack_id(*to_id)
        target_meta = find_metadata(store, to_id)
        if target_meta is not None and target_meta["state"] != LOADING:
            raise ServerError(
                f"Tiles cannot be cloned to stack {to_stack} because it is {target_meta['state']}."
            )
        source_tiles, target_tiles = store.tile_collection(from_id), store.tile_collection(to_id)
        source_transforms = store.transform_collection(from_id)
        target_transforms = store.transform_collection(to_id)
        transforms = [] if skip_transforms else list(source_transforms.all())
        if not skip_transforms:
            _check_clone_keys(target_transforms, transforms, "id", to_id.collection_name("transform"))
            if target_transforms.count() != 0:
                raise _clone_failure(target_transforms.count() + len(transforms), len(transforms))
        if z_values:
            tiles = [t for z in dict.fromkeys(z_values) for t in source_tiles.find_eq("z", z)]
        else:
            tiles = list(source_tiles.all())
        _check_clone_keys(target_tiles, tiles, "tileId", to_id.collection_name("tile"))
        if not z_values and target_tiles.count() != 0:
            raise _clone_failure(target_tiles.count() + len(tiles), len(tiles))
        target_tiles.create()
        target_transforms.create()
        target_transforms.upsert(transforms)
        target_tiles.upsert(tiles)
        _save(store, _new_metadata(to_id, version, 0))
    return to_id


def _check_clone_keys(target, documents: list[dict], key: str, collection: str) -> None:
    """The unique index ``A`` of the target collection refuses ids it already holds."""
    for doc in documents:
        if target.get(doc[key]) is not None:
            raise ServerError(
                f"E11000 duplicate key error collection: render.{collection} index: A dup key: "
                f"{{ {key}: \"{doc[key]}\" }}"
            )
