"""The mongomock adapter: the installed mongomock still has the internals it writes through.

These fail loudly (rather than the store silently losing its mirror) when a mongomock upgrade changes
``Collection._store``, its ``_documents``/``_rwlock``, or the database's collection maps.
"""

import mongomock
import pytest

from render_emulator.store import MemoryCollection, mongomock_adapter


@pytest.fixture
def collection():
    return mongomock.MongoClient()["render"]["o__p__s__tile"]


def test_installed_mongomock_has_the_internals_the_adapter_needs(collection):
    mongomock_adapter.check_internals(collection)   # raises RuntimeError naming what is missing


def test_check_internals_names_a_missing_internal(collection, monkeypatch):
    monkeypatch.delattr(type(collection._store), "is_created")
    with pytest.raises(RuntimeError, match="_CollectionStore.is_created"):
        MemoryCollection(collection, "tileId")


def test_mirrored_writes_are_what_mongomock_public_reads_answer(collection):
    first, second = mongomock.ObjectId(), mongomock.ObjectId()
    mongomock_adapter.mirror_set_many(collection, [(first, {"tileId": "a", "z": 1.0}),
                                                   (second, {"tileId": "b", "z": 2.0})])
    mongomock_adapter.mirror_set(collection, first, {"tileId": "a", "z": 5.0})
    assert list(collection.find({}, {"_id": False})) == [{"tileId": "a", "z": 5.0}, {"tileId": "b", "z": 2.0}]
    assert collection.find_one({"_id": second})["tileId"] == "b"
    mongomock_adapter.mirror_delete(collection, second)
    mongomock_adapter.mirror_delete(collection, second)   # absent: no error
    assert collection.count_documents({}) == 1
    assert collection.database.list_collection_names() == ["o__p__s__tile"]


def test_forget_collection_drops_only_dropped_names(collection):
    database = collection.database
    database["kept"].insert_one({"x": 1})
    collection.insert_one({"x": 1})
    collection.drop()
    mongomock_adapter.forget_collection(database, "o__p__s__tile")
    mongomock_adapter.forget_collection(database, "kept")   # still created: kept
    assert "o__p__s__tile" not in database._store._collections
    assert "kept" in database._store._collections
    assert database.list_collection_names() == ["kept"]


def test_matches_evaluates_mongodb_queries():
    assert mongomock_adapter.matches({"z": {"$gt": 2}}, {"z": 3.0})
    assert not mongomock_adapter.matches({"consensusSetData": {"$exists": True}}, {"z": 3.0})
