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
