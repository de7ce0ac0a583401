from render_emulator.store import RenderStore, StackId


def test_collection_names_mirror_render_ws():
    store = RenderStore()
    sid = StackId("o", "p", "s")
    store.tile_collection(sid).upsert([{"tileId": "t", "z": 1.0}])
    store.transform_collection(sid).upsert([{"id": "x"}])
    store.stack_meta_collection().upsert([{"_key": "o__p__s", "stackId": sid.to_json()}])
    names = set(store.render_db.list_collection_names())
    assert {"o__p__s__tile", "o__p__s__transform", "admin__stack_meta_data"} <= names


def test_two_stores_do_not_share_data_and_reset_clears():
    first, second = RenderStore(), RenderStore()
    sid = StackId("o", "p", "s")
    first.tile_collection(sid).upsert([{"tileId": "t", "z": 1.0}])
    assert second.tile_collection(sid).count() == 0
    first.reset()
    assert first.tile_collection(sid).count() == 0
    assert first.render_db.list_collection_names() == []


def test_deleted_stacks_and_collections_leave_no_collection_handles_behind():
    """mongomock keeps every collection name ever used; the store forgets dropped ones so that a server
    that created and deleted thousands of stacks creates the next one as fast as a new server."""
    from render_emulator import create_app
    from render_emulator.context import STORE_KEY

    app = create_app()
    client, store = app.test_client(), app.extensions[STORE_KEY]
    client.get("/render-ws/v1/owners")
    before = (set(store._collections), set(store.render_db._store._collections),
              set(store.match_db._store._collections))
    tile = {"tileId": "a", "z": 1.0, "minX": 0, "minY": 0, "maxX": 1, "maxY": 1, "width": 1, "height": 1}
    pair = {"pGroupId": "1", "pId": "a", "qGroupId": "1", "qId": "b",
            "matches": {"p": [[1.0], [1.0]], "q": [[1.0], [1.0]], "w": [1.0]}}
    for index in range(5):
        stack = f"/render-ws/v1/owner/o/project/p/stack/s{index}"
        assert client.post(stack, json={}).status_code == 201
        assert client.put(f"{stack}/resolvedTiles", json={"tileIdToSpecMap": {"a": tile}}).status_code == 201
        assert client.put(f"{stack}/state/COMPLETE").status_code == 201
        moved = {"owner": "o", "project": "p", "stack": "moved"}
        assert client.put(f"{stack}/stackId", json=moved).status_code == 200
        assert client.delete("/render-ws/v1/owner/o/project/p/stack/moved").status_code == 200
        collection = "/render-ws/v1/owner/o/matchCollection"
        assert client.put(f"{collection}/m/matches", json=[pair]).status_code == 201
        assert client.put(f"{collection}/m/collectionId", json={"owner": "o", "name": "n"}).status_code == 200
        assert client.delete(f"{collection}/n").status_code == 200
    assert (set(store._collections), set(store.render_db._store._collections),
            set(store.match_db._store._collections)) == before


def test_release_keeps_a_collection_written_again_after_its_drop():
    store = RenderStore()
    stack_id = StackId("o", "p", "s")
    tiles = store.tile_collection(stack_id)
    tiles.drop()
    tiles.create()
    tiles.upsert([{"tileId": "a", "z": 1.0}])
    store.release_stack(stack_id)
    assert store.tile_collection(stack_id).get("a") == {"tileId": "a", "z": 1.0}


def test_backend_is_chosen_once_by_the_store():
    import mongomock

    from render_emulator.store import MemoryCollection, MongoCollection
    from render_emulator.store.match_pairs import MatchPairCollection, MongoMatchPairCollection

    sid = StackId("o", "p", "s")
    memory = RenderStore()
    assert isinstance(memory.tile_collection(sid), MemoryCollection)
    assert isinstance(memory.match_collection("o", "m"), MatchPairCollection)
    queries = RenderStore(client=mongomock.MongoClient(), cached=False)
    assert type(queries.tile_collection(sid)) is MongoCollection
    assert isinstance(queries.match_collection("o", "m"), MongoMatchPairCollection)


def test_concurrent_first_uses_of_a_match_collection_share_one_handle():
    """match_collection builds its handle under the store lock, like the other collection accessors."""
    import threading

    store = RenderStore()
    pairs = [{"_key": str(i), "pGroupId": "1", "qGroupId": "1"} for i in range(2000)]
    store.match_db["o__m"].insert_many(pairs)
    handles, start = [], threading.Barrier(4)

    def use():
        start.wait()
        handles.append(store.match_collection("o", "m"))

    threads = [threading.Thread(target=use) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(handle) for handle in handles}) == 1
