"""IndexedCollection reads stay consistent beside a concurrent writer (threaded server)."""

import sys
import threading
import time

import mongomock

from render_emulator.store import MemoryCollection


def test_reads_do_not_fail_while_a_writer_moves_documents_between_buckets():
    collection = MemoryCollection(mongomock.MongoClient()["db"]["c"], "id", ("z",))
    errors: list[BaseException] = []
    stop = time.perf_counter() + 0.5

    def writer():
        step = 0
        while time.perf_counter() < stop:
            collection.upsert([{"id": f"t{j}", "z": float((step + j) % 50)} for j in range(200)])
            step += 1

    def reader():
        try:
            while time.perf_counter() < stop:
                for z in range(50):
                    assert all(doc["z"] == z for doc in collection.find_eq("z", float(z)))
                collection.index_values("z")
                collection.find({"z": {"$gte": 10.0}})
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)   # switch threads often, so unsafe iteration would show
    try:
        threads = [threading.Thread(target=writer)] + [threading.Thread(target=reader) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert errors == []


def test_json_text_is_remembered_only_for_the_stored_document_object():
    collection = MemoryCollection(mongomock.MongoClient()["db"]["c"], "id", ("z",))
    collection.upsert([{"id": "a", "z": 1.0}])
    first = collection.get("a")
    assert collection.json_text(first) == '{"id":"a","z":1.0}'
    assert collection.json_text(first) is collection.json_text(first)       # reused
    collection.set_field(["a"], "z", 2.0)
    assert collection.json_text(collection.get("a")) == '{"id":"a","z":2.0}'
    assert collection.json_text(first) == '{"id":"a","z":1.0}'               # not stored: encoded afresh
    collection.upsert([{"id": "a", "z": 3.0, "x": [1]}])
    assert collection.json_text(collection.get("a")) == '{"id":"a","z":3.0,"x":[1]}'
    collection.delete(["a"])
    assert not collection.is_stored(first) and collection._doc_texts == {}
