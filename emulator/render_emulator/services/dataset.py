"""Load, unload and dump whole collections in render-ws's MongoDB layout (mongoimport / mongoexport datasets).

Every file is converted and checked (services/stored_documents.py) before the store is touched: a refused
dataset changes nothing. Per-stack and match collections are replaced (``mongoimport --drop``).
``admin__stack_meta_data`` is shared by all stacks, so a load replaces the metadata of the stacks its file
names and keeps the others (as render-ws's own upsert by stackId does, RenderDao.java:1000-1008).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from render_emulator.gc_pause import collector_paused
from render_emulator.services.stack_lookup import stack_key
from render_emulator.services.stored_documents import (
    SECTION,
    STACK_META,
    CollectionName,
    classify,
    convert_file,
    exported_document,
    store_collection,
)
from render_emulator.store import RenderStore, StackId
from render_emulator.store.match_pairs import KEY_FIELD
from render_emulator.store.mongo_export import (
    MATCH_DB,
    RENDER_DB,
    CollectionFile,
    DatasetError,
    ExportedCollection,
)


@dataclass
class LoadedDataset:
    """What a load wrote: the collections it replaced and the stacks whose metadata it wrote."""

    collections: dict[str, dict[str, int]] = field(default_factory=lambda: {RENDER_DB: {}, MATCH_DB: {}})
    stacks: list[StackId] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"collections": self.collections, "stacks": [s.to_json() for s in self.stacks]}

    @classmethod
    def from_json(cls, data: dict) -> LoadedDataset:
        collections = {
            db: dict((data.get("collections") or {}).get(db) or {}) for db in (RENDER_DB, MATCH_DB)
        }
        return cls(
            collections, [StackId(s["owner"], s["project"], s["stack"]) for s in data.get("stacks") or []]
        )


def load_dataset(store: RenderStore, files: list[CollectionFile]) -> LoadedDataset:
    """Convert and check every file, then replace the collections they name (nothing is written when any
    file is refused). Raises DatasetError."""
    with collector_paused():
        return _replace_collections(store, [convert_file(file) for file in _distinct_collections(files)])


def _distinct_collections(files: list[CollectionFile]) -> list[CollectionFile]:
    sources: dict[tuple[str, str], str] = {}
    for file in files:
        key = (file.database, file.collection)
        if key in sources:
            raise DatasetError(file.source, f"collection {file.collection!r} is also given by {sources[key]}")
        sources[key] = file.source
    return files


def _replace_collections(
    store: RenderStore, prepared: list[tuple[CollectionName, list[tuple[Any, dict]]]]
) -> LoadedDataset:
    loaded = LoadedDataset()
    with store.transaction():
        for target, documents in prepared:
            collection = store_collection(store, target)
            if target.kind == STACK_META:
                loaded.stacks = [StackId(**doc["stackId"]) for _, doc in documents]
                replaced = {doc[KEY_FIELD] for _, doc in documents}
                kept = [
                    (oid, doc)
                    for oid, doc in collection.documents_with_ids()
                    if doc[KEY_FIELD] not in replaced
                ]
                collection.replace_all(kept + documents)
            else:
                collection.replace_all(documents)
            loaded.collections[target.database][target.name] = len(documents)
    return loaded


def unload_dataset(store: RenderStore, loaded: LoadedDataset) -> None:
    """Remove what ``loaded`` wrote: its collections and the metadata of its stacks."""
    with store.transaction():
        for database, counts in loaded.collections.items():
            for name in counts:
                target = classify(database, name)  # only render-ws collections, never anything else
                if target is not None and target.kind != STACK_META:
                    store.drop_collection(database, name)
        if loaded.stacks:
            store.stack_meta_collection().delete([stack_key(s) for s in loaded.stacks])


def dump_dataset(store: RenderStore) -> list[ExportedCollection]:
    """Every render-ws collection of the store, documents in MongoDB's layout, ``_id`` kept."""
    exported = []
    with store.transaction():
        for database in (RENDER_DB, MATCH_DB):
            for name in store.collection_names(database):
                target = classify(database, name)
                if target is None:
                    continue
                pairs = store_collection(store, target).documents_with_ids()
                if target.kind == SECTION:  # the _id of a section document is its {sectionId, z}
                    pairs = [(None, doc) for _, doc in pairs]
                exported.append(
                    ExportedCollection(
                        database, name, [(oid, exported_document(target.kind, doc)) for oid, doc in pairs]
                    )
                )
    return exported
