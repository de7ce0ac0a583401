"""IndexedCollection: same answers from the mongomock cache as from queries, mirror kept exact."""

import mongomock
import pytest

from render_emulator.store import MemoryCollection, MongoCollection, get_path


@pytest.fixture(params=[MemoryCollection, MongoCollection], ids=["cached", "queries"])
def tiles(request):
    collection = mongomock.MongoClient()["render"]["o__p__s__tile"]
    return request.param(collection, "tileId", ("z", "layout.sectionId"))


def _tile(tile_id, z, section=None):
    doc = {"tileId": tile_id, "z": z}
    if section is not None:
        doc["layout"] = {"sectionId": section}
    return doc


def test_create_exists_drop(tiles):
    assert not tiles.exists()
    tiles.create()
    assert tiles.exists()
    assert tiles.count() == 0
    tiles.drop()
    assert not tiles.exists()


def test_upsert_replaces_by_key_and_updates_indexes(tiles):
    tiles.upsert([_tile("a", 1.0, "s1"), _tile("b", 1.0, "s1"), _tile("c", 2.0, "s2")])
    tiles.upsert([_tile("a", 2.0, "s2")])
    assert tiles.count() == 3
    assert sorted(d["tileId"] for d in tiles.find_eq("z", 1.0)) == ["b"]
    assert sorted(d["tileId"] for d in tiles.find_eq("z", 2)) == ["a", "c"]
    assert sorted(d["tileId"] for d in tiles.find_eq("layout.sectionId", "s2")) == ["a", "c"]
    assert tiles.get("a")["z"] == 2.0
    assert tiles.collection.count_documents({}) == 3
    assert tiles.collection.find_one({"tileId": "a"})["z"] == 2.0


def test_duplicate_keys_in_one_upsert_keep_the_last(tiles):
    tiles.upsert([_tile("a", 1.0), _tile("a", 5.0)])
    assert tiles.count() == 1
    assert tiles.get("a")["z"] == 5.0
    assert tiles.find_eq("z", 1.0) == []
    assert tiles.collection.count_documents({}) == 1


def test_delete_and_set_field(tiles):
    tiles.upsert([_tile("a", 1.0), _tile("b", 1.0)])
    assert tiles.delete(["a", "missing"]) == 1
    assert tiles.get("a") is None
    assert tiles.collection.count_documents({}) == 1
    tiles.set_field(["b"], "z", 7.0)
    assert [d["tileId"] for d in tiles.find_eq("z", 7.0)] == ["b"]
    assert tiles.find_eq("z", 1.0) == []
    assert tiles.collection.find_one({"tileId": "b"})["z"] == 7.0


def test_index_values_find_and_keys(tiles):
    tiles.upsert([_tile("a", 1.0, "s1"), _tile("b", 3.0), _tile("c", 3.0, "s1")])
    assert sorted(tiles.index_values("z")) == [1.0, 3.0]
    assert tiles.index_values("layout.sectionId") == ["s1"]
    assert sorted(d["tileId"] for d in tiles.find({"z": {"$gt": 2}})) == ["b", "c"]
    assert sorted(tiles.keys()) == ["a", "b", "c"]


def test_cached_collection_loads_existing_documents():
    collection = mongomock.MongoClient()["render"]["x"]
    collection.insert_one({"tileId": "a", "z": 4.0})
    tiles = MemoryCollection(collection, "tileId", ("z",))
    assert tiles.exists()
    assert tiles.find_eq("z", 4.0)[0]["tileId"] == "a"


def test_get_path():
    assert get_path({"a": {"b": 1}}, "a.b") == 1
    assert get_path({"a": 1}, "a.b", "d") == "d"


def test_in_record_order_follows_first_storage_as_mongodb_records_do(tiles):
    """render-ws's unsorted tile queries (RenderDao.java:1738) answer equal index keys in record order: a
    replace keeps the record (ReplaceOneModel upsert, RenderDao.java:570), a delete + insert makes a new
    one."""
    tiles.upsert([_tile("b", 1.0, "s"), _tile("q", 1.0, "s"), _tile("a", 1.0, "s")])
    tiles.upsert([_tile("q", 2.0, "s")])        # moves to another z, keeps its record
    tiles.set_field(["q"], "z", 1.0)            # and back (updateMany keeps records too)
    assert [d["tileId"] for d in tiles.in_record_order(tiles.find_eq("z", 1.0))] == ["b", "q", "a"]
    tiles.delete(["b"])
    tiles.upsert([_tile("b", 1.0, "s")])
    in_section = tiles.in_record_order(tiles.find_eq("layout.sectionId", "s"))
    assert [d["tileId"] for d in in_section] == ["q", "a", "b"]


def _state(collection):
    """Everything a MemoryCollection keeps: documents, index buckets (with their key order), record
    order, and the mirrored mongomock documents (without their generated ids)."""
    mirrored = sorted((d["tileId"], sorted((k, repr(v)) for k, v in d.items() if k != "_id"))
                      for d in collection.collection.find({}))
    return (list(collection._docs.items()), {f: {v: list(keys) for v, keys in index.items()}
                                              for f, index in collection._indexes.items()},
            collection._record_order, collection._next_record, sorted(collection._oids), mirrored)


@pytest.mark.parametrize("batches", [
    [[_tile("a", 1.0, "s1"), _tile("b", 1, "s1"), _tile("c", 2.0), {"tileId": "d", "layout": None},
      {"tileId": "e", "z": True, "layout": {"sectionId": ["x"]}}, {"tileId": "f", "z": float("nan")}]],
    [[_tile("a", 1.0, "s1")], [_tile("b", 1.0, "s1"), _tile("c", 2.0, "s2")]],   # new keys, second batch
    [[_tile("a", 1.0, "s1")], [_tile("b", 1.0), _tile("a", 3.0, "s3")]],         # a stored key: per document
    [[_tile("a", 1.0, "s1"), _tile("a", 2.0, "s2"), _tile("b", 2.0)]],           # a repeated key
])
def test_batches_of_new_keys_are_stored_as_document_by_document(monkeypatch, batches):
    """MemoryCollection stores a batch of new distinct keys field by field (``_insert_new``); what it keeps
    equals what the document-by-document path keeps."""
    def stored(bulk):
        collection = MemoryCollection(mongomock.MongoClient()["render"]["o__p__s__tile"], "tileId",
                                      ("z", "layout.sectionId"))
        with monkeypatch.context() as patch:
            if not bulk:
                patch.setattr(MemoryCollection, "_insert_new", lambda self, docs: False)
            for batch in batches:
                collection.upsert([dict(doc) for doc in batch])
        return _state(collection)

    assert repr(stored(bulk=True)) == repr(stored(bulk=False))
