"""render-ws's MongoDB documents as the emulator keeps them: collection names, and each document
converted as render-ws reads it back from MongoDB (``TileSpec.fromJson(document.toJson())``
RenderDao.java:218, ``TransformSpec.fromJson`` RenderDao.java:652, ``StackMetaData.fromJson``
RenderDao.java:989, section documents field by field RenderDao.java:846-868, match documents written out
as stored MatchDao.java:764), so loaded data answers as render-ws would answer the same MongoDB contents;
and back into MongoDB's layout for dumps.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mongomock import ObjectId

from render_emulator.errors import RenderWsError
from render_emulator.model import expect_array, expect_object, read
from render_emulator.model.dates import parse_date
from render_emulator.model.matches import CANVAS_MATCHES_LIST
from render_emulator.model.scalars import java_double, java_int, java_string
from render_emulator.naming import FIELD_SEPARATOR, VALID_NAME
from render_emulator.services.stack_lookup import LOADING, STATES, stack_key
from render_emulator.services.stack_meta import parse_hierarchical_stack, parse_stack_version
from render_emulator.services.tile_json import parse_tile_spec
from render_emulator.services.transform_specs import parse_transform_spec
from render_emulator.services.usual_tiles import read_usual_stored_tiles
from render_emulator.store import IndexedCollection, RenderStore, StackId
from render_emulator.store.match_pairs import KEY_FIELD, pair_key
from render_emulator.store.mongo_export import (
    MATCH_DB,
    RENDER_DB,
    CollectionFile,
    DatasetError,
    parse_documents,
)
from render_emulator.store.render_store import STACK_META_COLLECTION

TILE, TRANSFORM, SECTION, STACK_META, MATCH = "tile", "transform", "section", "stack_meta", "match"
STACK_SUFFIXES = (TILE, TRANSFORM, SECTION)
MONGO_ID = "_id"
_META_FIELDS = (
    "stackId",
    "state",
    "lastModifiedTimestamp",
    "currentVersionNumber",
    "currentVersion",
    "stats",
    "hierarchicalData",
)
_SECTION_BOUNDS = ("minX", "maxX", "minY", "maxY")


@dataclass(frozen=True)
class CollectionName:
    """What a collection holds, from its name: a stack's tiles/transforms/sections, stack metadata or
    one match collection."""

    database: str
    name: str
    kind: str
    stack_id: StackId | None = None
    match_owner: str | None = None
    match_name: str | None = None


def classify(database: str, name: str) -> CollectionName | None:
    """The collection named ``name`` in ``database`` as render-ws names them; None for other names."""
    parts = name.split(FIELD_SEPARATOR)
    if not all(VALID_NAME.fullmatch(part) for part in parts):
        return None
    if database == RENDER_DB:
        if name == STACK_META_COLLECTION:
            return CollectionName(database, name, STACK_META)
        if len(parts) == 4 and parts[3] in STACK_SUFFIXES:
            return CollectionName(database, name, parts[3], stack_id=StackId(*parts[:3]))
    elif database == MATCH_DB and len(parts) == 2:
        return CollectionName(database, name, MATCH, match_owner=parts[0], match_name=parts[1])
    return None


def store_collection(store: RenderStore, target: CollectionName) -> IndexedCollection:
    if target.kind == STACK_META:
        return store.stack_meta_collection()
    if target.kind == MATCH:
        return store.match_collection(target.match_owner, target.match_name)
    accessor = {
        TILE: store.tile_collection,
        TRANSFORM: store.transform_collection,
        SECTION: store.section_collection,
    }[target.kind]
    return accessor(target.stack_id)


# ============================================================================ document conversion
class _Refused(Exception):
    """A document field render-ws could not read (converted into a DatasetError with file and index)."""

    def __init__(self, field_name: str | None, reason: str):
        super().__init__(reason)
        self.field_name, self.reason = field_name, reason


def _culprit(document: dict, parse: Callable[[dict], Any]) -> str | None:
    """The first top-level field that fails ``parse`` on its own (to name it in the message)."""
    for name, value in document.items():
        try:
            parse({name: value})
        except RenderWsError:
            return name
    return None


def _parse_whole(document: dict, parse: Callable[[dict], Any]) -> Any:
    try:
        return parse(document)
    except RenderWsError as exc:
        raise _Refused(_culprit(document, parse), exc.message) from None


def _required_string(document: dict, name: str, reason: str) -> str:
    value = document.get(name)
    if not isinstance(value, str):
        raise _Refused(
            name, f"must be a string ({reason})" if value is not None else f"is missing ({reason})"
        )
    return value


def _tile(document: dict) -> dict:
    # render-ws reads every stored tile with TileSpec.fromJson (RenderDao.java:218), so a stored value
    # Jackson refuses (an unknown imageLoaderType, an Integer beyond int's range) fails each read of that
    # tile; the emulator refuses such a document when it is loaded instead
    body = {k: v for k, v in document.items() if k != MONGO_ID}
    _required_string(body, "tileId", "render-ws keys tiles by tileId, RenderDao.java:2189")
    return _parse_whole(body, parse_tile_spec)


def _transform(document: dict) -> dict:
    body = {k: v for k, v in document.items() if k != MONGO_ID}
    _required_string(body, "id", "render-ws keys shared transforms by id, RenderDao.java:2182")
    return _parse_whole(body, parse_transform_spec)


def _bean_field(name: str, value: Any, convert: Callable[[Any], Any]) -> Any:
    try:
        return convert(value)
    except RenderWsError as exc:
        raise _Refused(name, exc.message) from None


def _stack_id(value: Any) -> dict:
    if not isinstance(value, dict):
        raise _Refused("stackId", "is missing or not an object (StackMetaData.stackId)")
    for part in ("owner", "project", "stack"):
        text = value.get(part)
        if not isinstance(text, str) or not VALID_NAME.fullmatch(text):
            raise _Refused(f"stackId.{part}", f"{text!r} is not a valid render-ws name")
    return {"owner": value["owner"], "project": value["project"], "stack": value["stack"]}


def _state(value: Any) -> str:
    if value is None:
        return LOADING  # StackMetaData's no-arg constructor (StackMetaData.java:34)
    if value not in STATES:
        raise _Refused("state", f"{value!r} is not one of {', '.join(STATES)} (StackMetaData.StackState)")
    return value


def _long(value: Any) -> int | None:
    return java_int(value)


def _bounds(value: Any) -> dict | None:
    if value is None:
        return None
    expect_object(value, "org.janelia.alignment.spec.Bounds")
    out = {name: java_double(value.get(name)) for name in ("minX", "minY", "minZ", "maxX", "maxY", "maxZ")}
    return {k: v for k, v in out.items() if v is not None}


def _stats(value: Any) -> dict | None:
    """StackStats as Jackson reads it (StackStats.java:17-26, field order kept)."""
    if value is None:
        return None
    expect_object(value, "org.janelia.alignment.spec.stack.StackStats")
    fields: tuple[tuple[str, Callable[[Any], Any]], ...] = (
        ("stackBounds", _bounds),
        ("sectionCount", _long),
        ("nonIntegralSectionCount", _long),
        ("tileCount", _long),
        ("transformCount", _long),
        ("minTileWidth", _long),
        ("maxTileWidth", _long),
        ("minTileHeight", _long),
        ("maxTileHeight", _long),
        (
            "channelNames",
            lambda v: (
                None
                if v is None
                else [java_string(item) for item in expect_array(v, "java.util.Set<java.lang.String>")]
            ),
        ),
    )
    out = {}
    for name, convert in fields:
        converted = _bean_field(f"stats.{name}", value.get(name), convert)
        if converted is not None:
            out[name] = converted
    return out


def _stack_metadata(document: dict) -> dict:
    """A stored StackMetaData as the emulator keeps it (render-ws field order plus ``_key``)."""
    converters: dict[str, Callable[[Any], Any]] = {
        "stackId": _stack_id,
        "state": _state,
        "lastModifiedTimestamp": lambda v: parse_date(v, "lastModifiedTimestamp"),
        "currentVersionNumber": java_int,
        "currentVersion": parse_stack_version,
        "stats": _stats,
        "hierarchicalData": parse_hierarchical_stack,
    }
    doc = {}
    for name in _META_FIELDS:
        value = _bean_field(name, document.get(name), converters[name])
        if value is not None:
            doc[name] = value
    doc[KEY_FIELD] = stack_key(StackId(**doc["stackId"]))
    return doc


def _double_value(document: dict, name: str, label: str) -> float | None:
    value = document.get(name)
    if value is not None and type(value) is not float:
        raise _Refused(
            label, f"{value!r} is not a double (render-ws reads it as a Double, RenderDao.java:850-866)"
        )
    return value


def _section(document: dict, index: int) -> dict:
    """A section document ``{_id: {sectionId, z}, tileCount, minX, maxX, minY, maxY}`` (RenderDao.java:1196)
    as the emulator keeps it (SectionData fields plus ``_key``)."""
    key = document.get(MONGO_ID)
    if not isinstance(key, dict):
        raise _Refused(MONGO_ID, "must be an object {sectionId, z} (RenderDao.java:857)")
    section_id = key.get("sectionId")
    if section_id is not None and not isinstance(section_id, str):
        raise _Refused("_id.sectionId", f"{section_id!r} is not a string (RenderDao.java:858)")
    z = _double_value(key, "z", "_id.z")
    count = document.get("tileCount")
    if count is not None and (isinstance(count, bool) or not isinstance(count, (int, float))):
        raise _Refused("tileCount", f"{count!r} is not a number (RenderDao.java:863)")
    doc: dict[str, Any] = {
        "sectionId": section_id,
        "z": z,
        "tileCount": None if count is None else int(count),
    }
    for name in _SECTION_BOUNDS:
        doc[name] = _double_value(document, name, name)
    doc = {k: v for k, v in doc.items() if v is not None}
    # sections without sectionId or z are kept (render-ws skips them when reading, RenderDao.java:868)
    complete = section_id is not None and z is not None
    doc[KEY_FIELD] = json.dumps([section_id, z] if complete else ["incomplete", index])
    return doc


def _match_pair(document: dict) -> dict:
    """A CanvasMatches document, kept as stored (render-ws writes it out verbatim) plus ``_key``."""
    body = {k: v for k, v in document.items() if k != MONGO_ID}
    ids = [
        _required_string(body, name, "MatchDao's unique index A, MatchDao.java:1004")
        for name in ("pGroupId", "pId", "qGroupId", "qId")
    ]
    _parse_whole(body, lambda doc: read(CANVAS_MATCHES_LIST, [doc]))
    body[KEY_FIELD] = pair_key(*ids)
    return body


def _key_of(kind: str) -> str:
    return {TILE: "tileId", TRANSFORM: "id"}.get(kind, KEY_FIELD)


def _duplicate_text(kind: str, doc: dict) -> tuple[str, str]:
    if kind == TILE:
        return "tileId", f"duplicate tileId {doc['tileId']!r} (unique index A, RenderDao.java:2189)"
    if kind == TRANSFORM:
        return "id", f"duplicate id {doc['id']!r} (unique index A, RenderDao.java:2182)"
    if kind == STACK_META:
        return (
            "stackId",
            f"duplicate stackId {doc['_key']!r} (render-ws keeps one per stack, RenderDao.java:1004)",
        )
    if kind == MATCH:
        return "pGroupId", ("duplicate pair pGroupId/pId/qGroupId/qId (unique index A, MatchDao.java:1004)")
    return "_id", "duplicate _id"


def _plain_json_only(file: CollectionFile, documents: list[dict]) -> bool:
    """True when the file's only Extended JSON wrappers were top-level ``_id`` ObjectIds."""
    wrappers = file.text.count('"$')
    return wrappers == sum(1 for document in documents if isinstance(document.get(MONGO_ID), ObjectId))


def _check_writable(doc: dict, allow_nan: bool) -> None:
    """Refuse a value kept verbatim that render-ws could not write back as JSON (an ObjectId inside a
    document; a NaN in a match document, which MatchDao writes as stored, MatchDao.java:764)."""
    try:
        json.dumps(doc, allow_nan=allow_nan)
    except (TypeError, ValueError):
        for name, value in doc.items():
            try:
                json.dumps(value, allow_nan=allow_nan)
            except (TypeError, ValueError) as exc:
                raise _Refused(name, f"holds a value render-ws cannot write as JSON ({exc})") from None


def convert_file(file: CollectionFile) -> tuple[CollectionName, list[tuple[Any, dict]]]:
    target = classify(file.database, file.collection)
    if target is None:
        expected = (
            "admin__stack_meta_data or {owner}__{project}__{stack}__tile|transform|section"
            if file.database == RENDER_DB
            else "{owner}__{collection}"
        )
        raise DatasetError(
            file.source,
            f"unknown collection name pattern {file.collection!r} (render-ws names "
            f"{file.database} collections {expected})",
        )
    if target.kind == TILE:
        usual = read_usual_stored_tiles(file.text.removeprefix("\ufeff"))
        if usual is not None and len({doc["tileId"] for _, doc in usual}) == len(usual):
            return target, usual   # every other file (and every refusal) is read document by document
    documents = parse_documents(file)
    converted: list[tuple[Any, dict]] = []
    seen: dict[Any, int] = {}
    key_field = _key_of(target.kind)
    check_values = not _plain_json_only(file, documents)
    for index, document in enumerate(documents):
        try:
            if target.kind == TILE:
                doc = _tile(document)
            elif target.kind == TRANSFORM:
                doc = _transform(document)
            elif target.kind == SECTION:
                doc = _section(document, index)
            elif target.kind == STACK_META:
                doc = _stack_metadata(document)
            else:
                doc = _match_pair(document)
            if check_values:
                _check_writable(doc, allow_nan=target.kind != MATCH)
        except _Refused as exc:
            raise DatasetError(file.source, exc.reason, index, exc.field_name) from None
        except Exception as exc:  # a shape no converter foresaw: refuse the file, never crash the load
            reason = f"unreadable document ({type(exc).__name__}: {exc})"
            raise DatasetError(file.source, reason, index) from None
        key = doc[key_field]
        if key in seen:
            name, reason = _duplicate_text(target.kind, doc)
            raise DatasetError(file.source, f"{reason}; first in document {seen[key]}", index, name)
        seen[key] = index
        object_id = None if target.kind == SECTION else document.get(MONGO_ID)
        converted.append((object_id, doc))
    return target, converted


def exported_document(kind: str, doc: dict) -> dict:
    """A stored document as it sits in render-ws's MongoDB (store keys removed, sections keyed by _id)."""
    if kind == SECTION:
        out: dict[str, Any] = {MONGO_ID: {k: doc[k] for k in ("sectionId", "z") if k in doc}}
        out.update((k, doc[k]) for k in ("tileCount", *_SECTION_BOUNDS) if k in doc)
        return out
    if kind in (STACK_META, MATCH):
        return {k: v for k, v in doc.items() if k != KEY_FIELD}
    return doc
