"""IndexedCollection.replace_all / documents_with_ids (what a dataset load and dump use), cached and not."""

import mongomock
import pytest
from mongomock import ObjectId

from render_emulator.store import MemoryCollection, MongoCollection


@pytest.fixture(params=[MemoryCollection, MongoCollection], ids=["cached", "queries"])
def tiles(request):
    collection = mongomock.MongoClient()["render"]["o__p__s__tile"]
    return request.param(collection, "tileId", ("z",))


def test_replace_all_drops_what_was_there_and_keeps_the_given_ids(tiles):
    tiles.upsert([{"tileId": "old", "z": 1.0}])
    kept = ObjectId("5f0c3c2b9d1e8a0001a1b2c3")
    tiles.replace_all([(kept, {"tileId": "a", "z": 2.0}), (None, {"tileId": "b", "z": 2.0})])
    assert sorted(tiles.keys()) == ["a", "b"]
    assert [t["tileId"] for t in tiles.find_eq("z", 2.0)] == ["a", "b"]
    assert tiles.find_eq("z", 1.0) == []
    pairs = dict((doc["tileId"], oid) for oid, doc in tiles.documents_with_ids())
    assert pairs["a"] == kept and isinstance(pairs["b"], ObjectId)
    # the mongomock collection holds the same documents under the same _id
    assert {d["_id"]: d["tileId"] for d in tiles.collection.find({})} == {kept: "a", pairs["b"]: "b"}


def test_replace_all_with_nothing_leaves_an_existing_empty_collection(tiles):
    tiles.replace_all([])
    assert tiles.exists() and tiles.count() == 0
