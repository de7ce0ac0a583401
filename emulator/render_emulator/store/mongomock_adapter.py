"""The one place that reaches into mongomock's private structures.

Why: mongomock's public write paths scan the whole collection or deep-copy every document (100k
tiles: ~8 s per batch), and it never forgets a dropped collection's name (10,000 stacks created and
deleted made each new stack ~7x slower). Its collection store is an ``_id``-keyed ordered dict
guarded by a reader/writer lock, so writing through it keeps a mirror exact at O(1) per document.

Tested with the mongomock versions pinned in pyproject.toml; tests/emulator/store/
test_mongomock_adapter.py fails loudly when an upgrade changes these internals.
"""

from __future__ import annotations

from typing import Any

import mongomock
from mongomock.filtering import filter_applies


def is_mongomock(collection_or_client: Any) -> bool:
    """True for a mongomock client, database or collection."""
    return isinstance(collection_or_client, (mongomock.MongoClient, mongomock.Database, mongomock.Collection))


def check_internals(collection: mongomock.Collection) -> None:
    """Raise RuntimeError when this mongomock lacks the internals the adapter writes through."""
    store = getattr(collection, "_store", None)
    database = collection.database
    missing = [name for name, present in (
        ("Collection._store", store is not None),
        ("_CollectionStore._documents", hasattr(store, "_documents")),
        ("_CollectionStore._rwlock.writer", hasattr(getattr(store, "_rwlock", None), "writer")),
        ("_CollectionStore.is_created", hasattr(store, "is_created")),
        ("Database._store._collections", hasattr(getattr(database, "_store", None), "_collections")),
        ("Database._collection_accesses", hasattr(database, "_collection_accesses")),
    ) if not present]
    if missing:
        raise RuntimeError(f"mongomock {mongomock.__version__} lacks {', '.join(missing)}: "
                           "render_emulator/store/mongomock_adapter.py needs updating")


def matches(query: dict, doc: dict) -> bool:
    """mongomock's evaluation of a MongoDB query on one document."""
    return filter_applies(query, doc)


def mirror_set(collection: mongomock.Collection, oid: Any, doc: dict) -> None:
    """Store ``doc`` under ``oid`` in the mongomock collection (insert or replace). The stored copy
    shares nested values with ``doc``; both are read-only (mongomock deep-copies what it returns)."""
    collection._store[oid] = dict(doc, _id=oid)


def mirror_set_many(collection: mongomock.Collection, items: list[tuple[Any, dict]]) -> None:
    """``mirror_set`` for many documents under one acquisition of the collection's write lock."""
    store = collection._store
    with store._rwlock.writer():
        documents = store._documents
        for oid, doc in items:
            documents[oid] = dict(doc, _id=oid)


def mirror_delete(collection: mongomock.Collection, oid: Any) -> None:
    """Remove the document stored under ``oid``, if any."""
    store = collection._store
    if oid in store:
        del store[oid]


def forget_collection(database: mongomock.Database, name: str) -> None:
    """Drop mongomock's memory of a dropped (no longer created) collection name."""
    collections = database._store._collections
    if name in collections and not collections[name].is_created:
        del collections[name]
    database._collection_accesses.pop(name, None)
