"""In-memory backend of the collection interface: mongomock, with reads served from a cache.

mongomock scans (and deep-copies) the whole collection on every ``find``, even by ``_id``, so a
100k-document collection costs ~100 ms per query. This backend keeps an in-process copy of every
document plus dict indexes for the declared fields, serves reads from them and mirrors every write
into the mongomock collection (through ``mongomock_adapter``), so mongomock always holds the data.

Reads take snapshots (single C-level copies) of the dicts they walk, so they are safe beside a
concurrent writer.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from typing import Any

from mongomock import ObjectId

from render_emulator.jsontext import dumps
from render_emulator.store import mongomock_adapter
from render_emulator.store.indexed import MISSING, IndexedCollection, get_path


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


# documents per C-level dict update of a bulk insert (~10 ms each)
_SLICE = 32768
# ObjectIds per shared random part (the 3-byte counter of the ObjectId layout)
_IDS_PER_PREFIX = 1 << 24


def new_object_ids(count: int) -> list:
    """``count`` new ObjectIds in the MongoDB layout (4-byte seconds, 5 random bytes, 3-byte counter): one
    random part per batch and a counter, ~5x faster than ``ObjectId()`` each (which takes a lock and packs
    its fields per id; 100k tiles spent ~0.3 s there). A fresh random part per batch keeps them apart from
    other batches' and from ``ObjectId()``'s as MongoDB's own generator does (5 random bytes)."""
    ids = []
    for start in range(0, count, _IDS_PER_PREFIX):
        prefix = (int(time.time()) & 0xFFFFFFFF).to_bytes(4, "big") + os.urandom(5)
        ids.extend(ObjectId(prefix + counter.to_bytes(3, "big"))
                   for counter in range(min(_IDS_PER_PREFIX, count - start)))
    return ids


class MemoryCollection(IndexedCollection):
    """Cached documents and dict indexes over a mirrored mongomock collection."""

    cached = True

    def __init__(self, collection, key_field: str, index_fields: Iterable[str] = ()):
        super().__init__(collection, key_field, index_fields)
        mongomock_adapter.check_internals(collection)
        self._docs: dict[Any, dict] = {}
        self._oids: dict[Any, Any] = {}
        self._indexes: dict[str, dict[Any, dict[Any, None]]] = {f: {} for f in self.index_fields}
        # (dotted field, its path parts, its index): split once, not on every write
        self._index_paths = [(f, tuple(f.split(".")), self._indexes[f]) for f in self.index_fields]
        self._exists = False
        # key -> (document, its compact JSON text); valid while that very document object is stored
        self._doc_texts: dict[Any, tuple[dict, str]] = {}
        # key -> when it was first stored: MongoDB's record order (a replace keeps its record, a delete and
        # re-insert makes a new one); documents with equal index keys come back in this order
        self._record_order: dict[Any, int] = {}
        self._next_record = 0
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
        return self._exists

    def create(self) -> None:
        if self._exists:
            return
        # no indexes on mongomock: a unique index makes its inserts quadratic (see the design notes)
        self.collection.database.create_collection(self.collection.name)
        self._exists = True

    def drop(self) -> None:
        self.collection.drop()
        self._docs.clear()
        self._doc_texts.clear()
        self._oids.clear()
        self._record_order.clear()
        for index in self._indexes.values():
            index.clear()
        self._exists = False

    # ------------------------------------------------------------------ reads
    def count(self) -> int:
        return len(self._docs)

    def get(self, key: Any) -> dict | None:
        return self._docs.get(key)

    def keys(self) -> list:
        return list(self._docs)

    def all(self) -> Iterator[dict]:
        return iter(list(self._docs.values()))

    def json_text(self, doc: dict) -> str:
        """Compact JSON of ``doc``, remembered for stored documents so repeated reads of unchanged
        documents skip encoding. A replaced document never matches its old text (identity)."""
        key = doc.get(self.key_field)
        if self._docs.get(key) is not doc:
            return dumps(doc)
        entry = self._doc_texts.get(key)
        if entry is not None and entry[0] is doc:
            return entry[1]
        text = dumps(doc)
        self._doc_texts[key] = (doc, text)
        return text

    def is_stored(self, doc: dict) -> bool:
        return self._docs.get(doc.get(self.key_field)) is doc

    def find_eq(self, field: str, value: Any) -> list[dict]:
        """Documents whose ``field`` equals ``value``; ``field`` must be the key or an indexed field."""
        if field == self.key_field:
            doc = self._docs.get(value)
            return [] if doc is None else [doc]
        # list() copies in one C call, so a concurrent writer cannot change the bucket mid-iteration;
        # a document replaced meanwhile is only answered if it still matches
        wanted = _index_value(value)
        keys = list(self._indexes[field].get(wanted, ()))
        docs = self._docs
        return [doc for k in keys if (doc := docs.get(k)) is not None
                and _index_value(get_path(doc, field, MISSING)) == wanted]

    def in_record_order(self, docs: list[dict]) -> list[dict]:
        order = self._record_order
        return sorted(docs, key=lambda doc: order.get(doc.get(self.key_field), self._next_record))

    def index_values(self, field: str) -> list:
        return [v for v, keys in list(self._indexes[field].items()) if keys and v is not None]

    def find(self, query: dict) -> list[dict]:
        """General MongoDB query (scans the cache)."""
        return [d for d in list(self._docs.values()) if mongomock_adapter.matches(query, d)]

    # ------------------------------------------------------------------ writes
    def upsert(self, docs: Iterable[dict]) -> None:
        docs = list(docs)
        if not docs:
            return
        self._exists = True
        if self._insert_new(docs):
            return
        fresh: dict[Any, dict] = {}
        for doc in docs:
            key = doc[self.key_field]
            old = self._docs.get(key)
            if old is not None and key not in fresh:
                self._remove_from_indexes(key, old)
                oid = self._oids[key]
                self._docs[key] = doc
                self._add_to_indexes(key, doc)
                mongomock_adapter.mirror_set(self.collection, oid, doc)
            else:
                if key in fresh:
                    self._remove_from_indexes(key, fresh[key])
                else:
                    self._new_record(key)
                fresh[key] = doc
                self._docs[key] = doc
                self._add_to_indexes(key, doc)
        mirrored = list(zip(new_object_ids(len(fresh)), fresh.values(), strict=True))
        self._oids.update(zip(fresh, (oid for oid, _ in mirrored), strict=True))
        mongomock_adapter.mirror_set_many(self.collection, mirrored)

    def _insert_new(self, docs: list[dict]) -> bool:
        """``upsert`` of documents with distinct keys none of which is stored (the usual bulk ingest), done
        field by field rather than document by document (100k tiles: ~0.15 s less); False, having changed
        nothing, for any other batch or when a subclass keeps per-document data in ``_add_to_indexes``."""
        if type(self)._add_to_indexes is not MemoryCollection._add_to_indexes:
            return False
        key_field = self.key_field
        keys = [doc[key_field] for doc in docs]
        stored = self._docs
        if len(set(keys)) != len(keys) or not stored.keys().isdisjoint(keys):
            return False
        first = self._next_record
        self._next_record += len(keys)
        # in slices: one C-level update of 600k entries held the interpreter ~0.8 s, other requests waiting
        for start in range(0, len(keys), _SLICE):
            part = keys[start:start + _SLICE]
            self._record_order.update(zip(part, range(first + start, first + start + len(part)), strict=True))
            stored.update(zip(part, docs[start:start + _SLICE], strict=True))
        for field, parts, index in self._index_paths:
            if len(parts) == 1:
                values = [doc.get(field, MISSING) for doc in docs]
            elif len(parts) == 2:   # get_path inlined (layout.sectionId)
                outer, inner = parts
                values = [sub.get(inner, MISSING) if isinstance(sub := doc.get(outer), dict) else MISSING
                          for doc in docs]
            else:
                values = [get_path(doc, field, MISSING) for doc in docs]
            bucket, bucket_value = None, MISSING
            for key, value in zip(keys, values, strict=True):
                if value is MISSING:
                    continue
                if type(value) is not float and type(value) is not str:
                    value = _index_value(value)
                if value != bucket_value or bucket is None:   # runs of equal values (z, sectionId) share
                    bucket = index.get(value)
                    if bucket is None:
                        bucket = index[value] = {}
                    bucket_value = value
                bucket[key] = None
        oids = new_object_ids(len(docs))
        for start in range(0, len(keys), _SLICE):
            self._oids.update(zip(keys[start:start + _SLICE], oids[start:start + _SLICE], strict=True))
        mongomock_adapter.mirror_set_many(self.collection, list(zip(oids, docs, strict=True)))
        return True

    def delete(self, keys: Iterable[Any]) -> int:
        deleted = 0
        for key in list(keys):
            doc = self._docs.pop(key, None)
            self._doc_texts.pop(key, None)
            self._record_order.pop(key, None)
            if doc is None:
                continue
            self._remove_from_indexes(key, doc)
            mongomock_adapter.mirror_delete(self.collection, self._oids.pop(key))
            deleted += 1
        return deleted

    def set_field(self, keys: Iterable[Any], field: str, value: Any) -> None:
        for key in list(keys):
            old = self._docs.get(key)
            if old is None:
                continue
            new = dict(old)
            new[field] = value
            self._remove_from_indexes(key, old)
            self._docs[key] = new
            self._add_to_indexes(key, new)
            mongomock_adapter.mirror_set(self.collection, self._oids[key], new)

    def replace_all(self, documents: Iterable[tuple[Any, dict]]) -> None:
        self.drop()
        self.create()
        pairs = [(ObjectId() if oid is None else oid, doc) for oid, doc in documents]
        for oid, doc in pairs:
            key = doc[self.key_field]
            self._docs[key] = doc
            self._oids[key] = oid
            self._new_record(key)   # mongoimport inserts in file order
            self._add_to_indexes(key, doc)
        mongomock_adapter.mirror_set_many(self.collection, pairs)

    def documents_with_ids(self) -> list[tuple[Any, dict]]:
        return [(self._oids.get(key), doc) for key, doc in list(self._docs.items())]

    # ------------------------------------------------------------------ internals
    def _new_record(self, key: Any) -> None:
        self._record_order[key] = self._next_record
        self._next_record += 1

    def _add_to_indexes(self, key: Any, doc: dict) -> None:
        """Index ``doc`` under ``key`` (subclasses extend this to keep per-document data)."""
        for _, parts, index in self._index_paths:
            value: Any = doc
            for part in parts:   # get_path inlined: this runs for every field of every stored document
                if type(value) is not dict and not isinstance(value, dict):
                    value = MISSING
                    break
                value = value.get(part, MISSING)
                if value is MISSING:
                    break
            if value is not MISSING:
                index.setdefault(_index_value(value), {})[key] = None

    def _remove_from_indexes(self, key: Any, doc: dict) -> None:
        for field, index in self._indexes.items():
            value = get_path(doc, field, MISSING)
            if value is MISSING:
                continue
            bucket = index.get(_index_value(value))
            if bucket is not None:
                bucket.pop(key, None)
                if not bucket:
                    del index[_index_value(value)]
