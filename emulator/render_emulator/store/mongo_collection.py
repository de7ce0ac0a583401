"""MongoDB backend of the collection interface: plain queries backed by real indexes (pymongo)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from mongomock import ObjectId  # bson.ObjectId when pymongo is installed

from render_emulator.jsontext import dumps
from render_emulator.store import mongomock_adapter
from render_emulator.store.indexed import IndexedCollection


class MongoCollection(IndexedCollection):
    """Every method is one MongoDB query; ``create`` declares the key (unique) and field indexes."""

    cached = False

    def exists(self) -> bool:
        return self.collection.name in self.collection.database.list_collection_names()

    def create(self) -> None:
        if self.exists():
            return
        self.collection.database.create_collection(self.collection.name)
        self.collection.create_index(self.key_field, unique=True)
        for field in self.index_fields:
            self.collection.create_index(field)

    def drop(self) -> None:
        self.collection.drop()

    # ------------------------------------------------------------------ reads
    def count(self) -> int:
        return self.collection.count_documents({})

    def get(self, key: Any) -> dict | None:
        return self.collection.find_one({self.key_field: key}, {"_id": False})

    def keys(self) -> list:
        return [d[self.key_field] for d in self.collection.find({}, {self.key_field: True, "_id": False})]

    def all(self) -> Iterator[dict]:
        return self.collection.find({}, {"_id": False})

    def json_text(self, doc: dict) -> str:
        return dumps(doc)

    def is_stored(self, doc: dict) -> bool:
        return False   # every read returns fresh copies

    def find_eq(self, field: str, value: Any) -> list[dict]:
        return list(self.collection.find({field: value}, {"_id": False}))

    def in_record_order(self, docs: list[dict]) -> list[dict]:
        return docs    # a real MongoDB already answers in the order of the index it scans

    def index_values(self, field: str) -> list:
        return [v for v in self.collection.distinct(field) if v is not None]

    def find(self, query: dict) -> list[dict]:
        return list(self.collection.find(query, {"_id": False}))

    # ------------------------------------------------------------------ writes
    def upsert(self, docs: Iterable[dict]) -> None:
        docs = list(docs)
        if not docs:
            return
        if mongomock_adapter.is_mongomock(self.collection):
            # mongomock does not accept current pymongo ReplaceOne operations in bulk_write
            for doc in docs:
                self.collection.replace_one({self.key_field: doc[self.key_field]}, doc, upsert=True)
            return
        from pymongo import ReplaceOne

        self.collection.bulk_write(
            [ReplaceOne({self.key_field: d[self.key_field]}, d, upsert=True) for d in docs], ordered=True
        )

    def delete(self, keys: Iterable[Any]) -> int:
        keys = list(keys)
        if not keys:
            return 0
        return self.collection.delete_many({self.key_field: {"$in": keys}}).deleted_count

    def set_field(self, keys: Iterable[Any], field: str, value: Any) -> None:
        self.collection.update_many({self.key_field: {"$in": list(keys)}}, {"$set": {field: value}})

    def replace_all(self, documents: Iterable[tuple[Any, dict]]) -> None:
        self.drop()
        self.create()
        pairs = [(ObjectId() if oid is None else oid, doc) for oid, doc in documents]
        if pairs:
            self.collection.insert_many([{"_id": oid, **doc} for oid, doc in pairs])

    def documents_with_ids(self) -> list[tuple[Any, dict]]:
        return [(doc.pop("_id", None), doc) for doc in self.collection.find({})]
