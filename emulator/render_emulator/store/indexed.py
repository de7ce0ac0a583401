"""A MongoDB collection keyed by one unique field, with exact-match indexes that stay fast on mongomock.

mongomock scans (and deep-copies) the whole collection on every ``find``, even by ``_id``, so a
100k-document collection costs ~100 ms per query. In *cached* mode (used for mongomock) this class
keeps an in-process copy of every document plus dict indexes for the declared fields, serves reads
from them and mirrors every write into the mongomock collection through its O(1) ``_id`` paths.
On a real MongoDB (``cached=False``) the same methods are plain queries backed by real indexes.

Documents returned by the read methods are the stored objects: treat them as read-only. Reads take
snapshots (single C-level copies) of the dicts they walk, so they are safe beside a concurrent writer.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import mongomock
from mongomock import ObjectId

from render_emulator.jsontext import dumps

_MISSING = object()


def get_path(doc: dict, dotted: str, default: Any = None) -> Any:
    """Value of a dotted field path (``layout.sectionId``) in ``doc``, or ``default``."""
    value: Any = doc
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            return default
        value = value[part]
    return value


def _index_value(value: Any) -> Any:
    # JSON numbers: 3407 and 3407.0 must land in the same bucket (MongoDB compares them as equal)
    if type(value) is float or type(value) is str:   # the usual z, sectionId and groupId: as they are
        return value
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return float(value)
    if isinstance(value, list):
        return tuple(value)
    return value


class IndexedCollection:
    """One collection keyed by ``key_field`` with equality indexes on ``index_fields``."""

    def __init__(self, collection, key_field: str, index_fields: Iterable[str] = (), cached: bool = True):
        self.collection = collection
        self.key_field = key_field
        self.index_fields = tuple(index_fields)
        self.cached = cached
        self._docs: dict[Any, dict] = {}
        self._oids: dict[Any, Any] = {}
        self._indexes: dict[str, dict[Any, dict[Any, None]]] = {f: {} for f in self.index_fields}
        # (dotted field, its path parts, its index): split once, not on every write
        self._index_paths = [(f, tuple(f.split(".")), self._indexes[f]) for f in self.index_fields]
        self._exists = False
        # key -> (document, its compact JSON text); valid while that very document object is stored
        self._texts: dict[Any, tuple[dict, str]] = {}
        # key -> when it was first stored: MongoDB's record order (a replace keeps its record, a delete and
        # re-insert makes a new one); documents with equal index keys come back in this order
        self._record_order: dict[Any, int] = {}
        self._next_record = 0
        if cached:
            self._load()

    # ------------------------------------------------------------------ lifecycle
    def _load(self) -> None:
        db = self.collection.database
        self._exists = self.collection.name in db.list_collection_names()
        for doc in self.collection.find({}):
            oid = doc.pop("_id")
            key = doc.get(self.key_field)
            self._docs[key] = doc
            self._oids[key] = oid
            self._new_record(key)
            self._add_to_indexes(key, doc)

    def exists(self) -> bool:
        """True once the collection was created (or written) and not dropped since."""
        if self.cached:
            return self._exists
        return self.collection.name in self.collection.database.list_collection_names()

    def create(self) -> None:
        """Create the (empty) collection and its indexes, as render-ws does when a stack is created."""
        if self.exists():
            return
        db = self.collection.database
        db.create_collection(self.collection.name)
        if not self.cached:
            self.collection.create_index(self.key_field, unique=True)
            for field in self.index_fields:
                self.collection.create_index(field)
        self._exists = True

    def drop(self) -> None:
        self.collection.drop()
        self._docs.clear()
        self._texts.clear()
        self._oids.clear()
        self._record_order.clear()
        for index in self._indexes.values():
            index.clear()
        self._exists = False

    # ------------------------------------------------------------------ reads
    def count(self) -> int:
        if self.cached:
            return len(self._docs)
        return self.collection.count_documents({})

    def get(self, key: Any) -> dict | None:
        if self.cached:
            return self._docs.get(key)
        return self.collection.find_one({self.key_field: key}, {"_id": False})

    def keys(self) -> list:
        if self.cached:
            return list(self._docs)
        return [d[self.key_field] for d in self.collection.find({}, {self.key_field: True, "_id": False})]

    def all(self) -> Iterator[dict]:
        if self.cached:
            return iter(list(self._docs.values()))
        return self.collection.find({}, {"_id": False})

    def json_text(self, doc: dict) -> str:
        """Compact JSON of ``doc``; remembered for stored documents (cached mode), so repeated reads of
        unchanged documents skip encoding. A replaced document never matches its old text (identity)."""
        key = doc.get(self.key_field)
        if not self.cached or self._docs.get(key) is not doc:
            return dumps(doc)
        entry = self._texts.get(key)
        if entry is not None and entry[0] is doc:
            return entry[1]
        text = dumps(doc)
        self._texts[key] = (doc, text)
        return text

    def is_stored(self, doc: dict) -> bool:
        """True when ``doc`` is the very document object this (cached) collection holds."""
        return self.cached and self._docs.get(doc.get(self.key_field)) is doc

    def find_eq(self, field: str, value: Any) -> list[dict]:
        """Documents whose ``field`` equals ``value`` (``field`` must be indexed in cached mode)."""
        if self.cached:
            if field == self.key_field:
                doc = self._docs.get(value)
                return [] if doc is None else [doc]
            # list() copies in one C call, so a concurrent writer cannot change the bucket mid-iteration;
            # a document replaced meanwhile is only answered if it still matches
            wanted = _index_value(value)
            keys = list(self._indexes[field].get(wanted, ()))
            docs = self._docs
            return [doc for k in keys if (doc := docs.get(k)) is not None
                    and _index_value(get_path(doc, field, _MISSING)) == wanted]
        return list(self.collection.find({field: value}, {"_id": False}))

    def in_record_order(self, docs: list[dict]) -> list[dict]:
        """``docs`` (stored documents) in the order they were first stored, as MongoDB returns documents
        with equal keys of the index it scans (cached mode; a real MongoDB's answer is returned as is)."""
        if not self.cached:
            return docs
        order = self._record_order
        return sorted(docs, key=lambda doc: order.get(doc.get(self.key_field), self._next_record))

    def index_values(self, field: str) -> list:
        """Distinct values of an indexed field (unsorted); documents lacking the field are skipped."""
        if self.cached:
            return [v for v, keys in list(self._indexes[field].items()) if keys and v is not None]
        return [v for v in self.collection.distinct(field) if v is not None]

    def find(self, query: dict) -> list[dict]:
        """General MongoDB query (scans the cache in cached mode)."""
        if self.cached:
            from mongomock.filtering import filter_applies

            return [d for d in list(self._docs.values()) if filter_applies(query, d)]
        return list(self.collection.find(query, {"_id": False}))

    # ------------------------------------------------------------------ writes
    def upsert(self, docs: Iterable[dict]) -> None:
        """Insert or fully replace documents by their key field."""
        docs = list(docs)
        if not docs:
            return
        if not self.cached:
            self._replace_by_query(docs)
            return
        self._exists = True
        fresh: dict[Any, dict] = {}
        for doc in docs:
            key = doc[self.key_field]
            old = self._docs.get(key)
            if old is not None and key not in fresh:
                self._remove_from_indexes(key, old)
                oid = self._oids[key]
                self._docs[key] = doc
                self._add_to_indexes(key, doc)
                self._mirror_set(oid, doc)
            else:
                if key in fresh:
                    self._remove_from_indexes(key, fresh[key])
                else:
                    self._new_record(key)
                fresh[key] = doc
                self._docs[key] = doc
                self._add_to_indexes(key, doc)
        mirrored = []
        for key, doc in fresh.items():
            oid = ObjectId()
            self._oids[key] = oid
            mirrored.append((oid, doc))
        self._mirror_set_many(mirrored)

    def delete(self, keys: Iterable[Any]) -> int:
        """Delete documents by key; returns how many existed."""
        keys = list(keys)
        if not keys:
            return 0
        if not self.cached:
            return self.collection.delete_many({self.key_field: {"$in": keys}}).deleted_count
        deleted = 0
        for key in keys:
            doc = self._docs.pop(key, None)
            self._texts.pop(key, None)
            self._record_order.pop(key, None)
            if doc is None:
                continue
            self._remove_from_indexes(key, doc)
            self._mirror_delete(self._oids.pop(key))
            deleted += 1
        return deleted

    def set_field(self, keys: Iterable[Any], field: str, value: Any) -> None:
        """Set a top-level field on the documents with the given keys."""
        keys = list(keys)
        if not self.cached:
            self.collection.update_many({self.key_field: {"$in": keys}}, {"$set": {field: value}})
            return
        for key in keys:
            old = self._docs.get(key)
            if old is None:
                continue
            new = dict(old)
            new[field] = value
            self._remove_from_indexes(key, old)
            self._docs[key] = new
            self._add_to_indexes(key, new)
            self._mirror_set(self._oids[key], new)

    def replace_all(self, documents: Iterable[tuple[Any, dict]]) -> None:
        """Drop the collection and store ``(object_id, document)`` pairs (a new ObjectId for None), as
        ``mongoimport --drop`` does; keys must be unique (the caller checks)."""
        self.drop()
        self.create()
        pairs = [(ObjectId() if oid is None else oid, doc) for oid, doc in documents]
        if not self.cached:
            if pairs:
                self.collection.insert_many([{"_id": oid, **doc} for oid, doc in pairs])
            return
        for oid, doc in pairs:
            key = doc[self.key_field]
            self._docs[key] = doc
            self._oids[key] = oid
            self._new_record(key)   # mongoimport inserts in file order
            self._add_to_indexes(key, doc)
        self._mirror_set_many(pairs)

    def documents_with_ids(self) -> list[tuple[Any, dict]]:
        """Every document with its MongoDB ``_id``, in storage order."""
        if self.cached:
            return [(self._oids.get(key), doc) for key, doc in list(self._docs.items())]
        return [(doc.pop("_id", None), doc) for doc in self.collection.find({})]

    # ------------------------------------------------------------------ internals
    def _new_record(self, key: Any) -> None:
        self._record_order[key] = self._next_record
        self._next_record += 1

    def _replace_by_query(self, docs: list[dict]) -> None:
        if isinstance(self.collection, mongomock.Collection):
            # mongomock does not accept current pymongo ReplaceOne operations in bulk_write
            for doc in docs:
                self.collection.replace_one({self.key_field: doc[self.key_field]}, doc, upsert=True)
            return
        from pymongo import ReplaceOne

        self.collection.bulk_write(
            [ReplaceOne({self.key_field: d[self.key_field]}, d, upsert=True) for d in docs], ordered=True
        )

    def _add_to_indexes(self, key: Any, doc: dict) -> None:
        for _, parts, index in self._index_paths:
            value: Any = doc
            for part in parts:   # get_path inlined: this runs for every field of every stored document
                if type(value) is not dict and not isinstance(value, dict):
                    value = _MISSING
                    break
                value = value.get(part, _MISSING)
                if value is _MISSING:
                    break
            if value is not _MISSING:
                index.setdefault(_index_value(value), {})[key] = None

    def _remove_from_indexes(self, key: Any, doc: dict) -> None:
        for field, index in self._indexes.items():
            value = get_path(doc, field, _MISSING)
            if value is _MISSING:
                continue
            bucket = index.get(_index_value(value))
            if bucket is not None:
                bucket.pop(key, None)
                if not bucket:
                    del index[_index_value(value)]

    def _mirror_set(self, oid: Any, doc: dict) -> None:
        # mongomock's public insert/replace/delete paths scan the whole collection or deep-copy every
        # document (100k tiles: ~8 s); its store is keyed by _id, so writing through it keeps the mirror
        # exact at O(1) per document. The mirror shares nested values with the cached document: both
        # are read-only (mongomock deep-copies whatever its own reads return).
        self.collection._store[oid] = dict(doc, _id=oid)

    def _mirror_set_many(self, items: list[tuple[Any, dict]]) -> None:
        """``_mirror_set`` for many documents under one acquisition of mongomock's store lock."""
        store = self.collection._store
        lock, documents = getattr(store, "_rwlock", None), getattr(store, "_documents", None)
        if lock is None or documents is None:
            for oid, doc in items:
                self._mirror_set(oid, doc)
            return
        with lock.writer():
            for oid, doc in items:
                documents[oid] = dict(doc, _id=oid)

    def _mirror_delete(self, oid: Any) -> None:
        store = self.collection._store
        if oid in store:
            del store[oid]
