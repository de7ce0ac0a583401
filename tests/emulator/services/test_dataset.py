"""Loading and dumping render-ws's MongoDB collections (services/dataset.py) on an in-memory store."""

import json
import shutil

import pytest

from render_emulator.services.dataset import dump_dataset, load_dataset, unload_dataset
from render_emulator.services.render_data import get_z_values
from render_emulator.services.stack_meta import get_section_data, list_stack_ids
from render_emulator.services.stored_documents import classify
from render_emulator.store import RenderStore, StackId
from render_emulator.store.mongo_export import CollectionFile, DatasetError, read_directory

ELASTIC = StackId("flyTEM", "test", "elastic")


@pytest.fixture
def store():
    return RenderStore()


@pytest.fixture
def fixtures(data_dir):
    return data_dir / "render_ws_mongodb"


def _files(*entries):
    return [CollectionFile(db, name, f"{db}/{name}.json", text) for db, name, text in entries]


@pytest.mark.parametrize(
    "database, name, kind",
    [
        ("render", "admin__stack_meta_data", "stack_meta"),
        ("render", "flyTEM__test__elastic__tile", "tile"),
        ("render", "flyTEM__test__elastic__transform", "transform"),
        ("render", "flyTEM__test__elastic__section", "section"),
        ("match", "testOwner__testCollection", "match"),
    ],
)
def test_render_ws_collection_names_are_recognised(database, name, kind):
    assert classify(database, name).kind == kind


@pytest.mark.parametrize(
    "database, name",
    [
        ("render", "flyTEM__test__elastic__tiles"),
        ("render", "flyTEM__elastic__tile"),
        ("render", "a___b__c__tile"),
        ("match", "aaa_match_trial"),
        ("match", "a__b__c"),
    ],
)
def test_other_collection_names_are_not(database, name):
    assert classify(database, name) is None


def test_render_ws_fixtures_load_as_render_ws_imports_them(store, fixtures):
    loaded = load_dataset(store, read_directory(fixtures / "elastic"))
    assert loaded.collections["render"] == {
        "admin__stack_meta_data": 3,
        "flyTEM__test__elastic__tile": 14,
        "flyTEM__test__elastic__transform": 3,
    }
    # RenderDaoReadOnlyTest.java:93 (3 stacks of the owner), :176 (12 tiles at z 3903.0)
    assert len(list_stack_ids(store, "flyTEM")) == 3
    assert len(store.tile_collection(ELASTIC).find_eq("z", 3903.0)) == 12
    assert get_z_values(store, ELASTIC) == [3903.0, 3903.1]


def test_loading_replaces_collections_but_only_the_named_stacks_metadata(store, fixtures):
    load_dataset(store, read_directory(fixtures / "elastic"))
    other = '[{"stackId": {"owner": "other", "project": "p", "stack": "s"}, "state": "LOADING"}]'
    tiles = '[{"tileId": "only", "z": 1.0, "minX": 0.0, "minY": 0.0, "maxX": 1.0, "maxY": 1.0}]'
    load_dataset(
        store,
        _files(("render", "admin__stack_meta_data", other), ("render", "flyTEM__test__elastic__tile", tiles)),
    )
    assert store.tile_collection(ELASTIC).keys() == ["only"]
    assert len(list_stack_ids(store, "flyTEM")) == 3 and list_stack_ids(store, "other") != []


def test_metadata_is_read_as_stack_meta_data_from_json_reads_it(store):
    doc = (
        '{"stackId": {"owner": "o", "project": "p", "stack": "s"}, "currentVersionNumber": 1,'
        ' "lastModifiedTimestamp": {"$date": {"$numberLong": "1420238024555"}},'
        ' "currentVersion": {"projectIteration": 1, "stackResolutionX": 4},'
        ' "stats": {"tileCount": 3, "stackBounds": {"minX": 1, "maxX": 2}}}'
    )
    load_dataset(store, _files(("render", "admin__stack_meta_data", doc)))
    meta = store.stack_meta_collection().get("o__p__s")
    # no state: StackMetaData's constructor sets LOADING (StackMetaData.java:34); unknown fields are
    # ignored (JsonUtils.java:47); Double fields become doubles
    assert meta["state"] == "LOADING"
    assert meta["lastModifiedTimestamp"] == "2015-01-02T22:33:44.555Z"
    assert meta["currentVersion"] == {"stackResolutionX": 4.0}
    assert meta["stats"] == {"stackBounds": {"minX": 1.0, "maxX": 2.0}, "tileCount": 3}


def test_section_documents_keep_render_ws_layout(store):
    # the $group/$out of RenderDao.deriveSectionData (RenderDao.java:1196-1221): _id {sectionId, z}
    sections = (
        '[{"_id": {"sectionId": "2.0", "z": 2.0}, "tileCount": 1, "minX": 0.0, "maxX": 5.0,'
        ' "minY": 1.0, "maxY": 6.0},'
        ' {"_id": {"sectionId": "1.0", "z": 1.0}, "tileCount": {"$numberLong": "2"}}]'
    )
    load_dataset(store, _files(("render", "o__p__s__section", sections), ("render", "o__p__s__tile", "[]")))
    stack = StackId("o", "p", "s")
    assert get_section_data(store, stack) == [
        {"sectionId": "1.0", "z": 1.0, "tileCount": 2},
        {"sectionId": "2.0", "z": 2.0, "tileCount": 1, "minX": 0.0, "maxX": 5.0, "minY": 1.0, "maxY": 6.0},
    ]
    dumped = {c.collection: c.text() for c in dump_dataset(store)}
    assert json.loads(dumped["o__p__s__section"])[0] == {
        "_id": {"sectionId": "2.0", "z": 2.0},
        "tileCount": 1,
        "minX": 0.0,
        "maxX": 5.0,
        "minY": 1.0,
        "maxY": 6.0,
    }


@pytest.mark.parametrize(
    "collection, text, where",
    [
        ("o__p__s__tile", '[{"z": 1.0}]', "document 0, field 'tileId': is missing"),
        ("o__p__s__tile", '[{"tileId": "a"}, {"tileId": "b", "z": "high"}]', "document 1, field 'z': "),
        (
            "o__p__s__tile",
            '[{"tileId": "a"}, {"tileId": "a"}]',
            "document 1, field 'tileId': duplicate tileId",
        ),
        (
            "o__p__s__transform",
            '[{"className": "x", "dataString": "1"}]',
            "document 0, field 'id': is missing",
        ),
        (
            "o__p__s__section",
            '[{"_id": {"sectionId": "1", "z": 1}}]',
            "document 0, field '_id.z': 1 is not a double",
        ),
        ("admin__stack_meta_data", '[{"state": "COMPLETE"}]', "document 0, field 'stackId'"),
        (
            "admin__stack_meta_data",
            '[{"stackId": {"owner": "o", "project": "p", "stack": "s"}, "state": "DONE"}]',
            "document 0, field 'state'",
        ),
        ("o__p__s__tiles", "[]", "unknown collection name pattern"),
    ],
)
def test_refused_documents_name_file_index_and_field_and_keep_nothing(
    store, fixtures, collection, text, where
):
    load_dataset(store, read_directory(fixtures / "elastic"))
    before = [(c.collection, c.text()) for c in dump_dataset(store)]
    files = _files(
        ("render", "flyTEM__test__elastic__tile", '[{"tileId": "new"}]'), ("render", collection, text)
    )
    with pytest.raises(DatasetError) as refused:
        load_dataset(store, files)
    assert str(refused.value).startswith(f"render/{collection}.json")
    assert where in str(refused.value)
    assert [(c.collection, c.text()) for c in dump_dataset(store)] == before


def test_match_pairs_are_kept_as_stored_and_need_their_four_ids(store, fixtures):
    load_dataset(store, read_directory(fixtures / "match_collections"))
    assert store.match_collection("testOwner", "testCollectionB").count() == 5
    pair = '[{"pGroupId": "a", "pId": "1", "qGroupId": "b", "matches": {"p": [[]], "q": [[]], "w": []}}]'
    with pytest.raises(DatasetError, match=r"match/o__c.json, document 0, field 'qId': is missing"):
        load_dataset(store, _files(("match", "o__c", pair)))


def test_unload_removes_exactly_what_was_loaded(store, fixtures):
    load_dataset(store, read_directory(fixtures / "fly863_align"))
    loaded = load_dataset(store, read_directory(fixtures / "match_collections"))
    unload_dataset(store, loaded)
    assert store.collection_names("match") == []
    assert "flyTEM__fly863__align__tile" in store.collection_names("render")


def test_dump_then_load_reproduces_the_same_files(store, fixtures, tmp_path):
    for name in ("elastic", "fly863_align", "match_collections"):
        shutil.copytree(fixtures / name, tmp_path / "in", dirs_exist_ok=True)
    load_dataset(store, read_directory(tmp_path / "in"))
    first = [(c.database, c.collection, c.text()) for c in dump_dataset(store)]
    again = RenderStore()
    load_dataset(again, _files(*first))
    assert [(c.database, c.collection, c.text()) for c in dump_dataset(again)] == first


CANONICAL_TILE = (
    '{"_id": {"$oid": "5f0c3c2b9d1e8a0001a1b2c3"}, "tileId": "t1", "layout": {"sectionId": "1.0"},'
    ' "z": {"$numberDouble": "1.0"}, "minX": {"$numberDouble": "0.0"}, "minY": {"$numberDouble": "0.0"},'
    ' "maxX": {"$numberDouble": "10.0"}, "maxY": {"$numberDouble": "10.0"}, "width": {"$numberInt": "10"},'
    ' "height": {"$numberLong": "10"}, "mipmapLevels": {"0": {"imageUrl": "file:///$HOME/t1.png"}}}'
)
RELAXED_TILE = (
    '{"_id": {"$oid": "5f0c3c2b9d1e8a0001a1b2c4"}, "tileId": "t2", "layout": {"sectionId": "1.0"}, "z": 1.0,'
    ' "minX": 0.0, "minY": 0.0, "maxX": 10.0, "maxY": 10.0, "width": 10.0, "height": 10.0}'
)


@pytest.mark.parametrize(
    "text",
    [
        f"[{CANONICAL_TILE}, {RELAXED_TILE}]",  # mongoexport --jsonArray
        f"{CANONICAL_TILE}\n{RELAXED_TILE}\n",  # mongoexport (one document per line)
    ],
)
def test_canonical_and_relaxed_documents_load_alike(store, text):
    load_dataset(store, _files(("render", "o__p__s__tile", text)))
    tiles = store.tile_collection(StackId("o", "p", "s"))
    first = tiles.get("t1")
    # TileSpec's Double fields (TileSpec.java) are doubles whatever the stored BSON number type
    assert (first["z"], first["width"], first["height"]) == (1.0, 10.0, 10.0)
    assert type(first["width"]) is float
    assert first["mipmapLevels"]["0"]["imageUrl"] == "file:///$HOME/t1.png"
    dumped = dump_dataset(store)[0].text()
    assert dumped.startswith('[{"_id":{"$oid":"5f0c3c2b9d1e8a0001a1b2c3"},"tileId":"t1",')


MATCHES = '"matches": {"p": [[1.0], [1.0]], "q": [[1.0], [1.0]], "w": [%s]}'
IDS = '"pGroupId": "a", "pId": "1", "qGroupId": "b", "qId": "2"'
NAN = '{"$numberDouble": "NaN"}'


@pytest.mark.parametrize("text, field, reason", [
    (f'[{{{IDS}, "note": {{"$oid": "5f0c3c2b9d1e8a0001a1b2c3"}}, {MATCHES % "1.0"}}}]', "note",
     "holds a value render-ws cannot write as JSON"),
    (f"[{{{IDS}, {MATCHES % NAN}}}]", "matches", "Numeric value out of range of double"),
])
def test_values_render_ws_could_not_write_back_are_refused(store, text, field, reason):
    with pytest.raises(DatasetError, match=rf"match/o__c.json, document 0, field '{field}': {reason}"):
        load_dataset(store, _files(("match", "o__c", text)))
    assert store.collection_names("match") == []
