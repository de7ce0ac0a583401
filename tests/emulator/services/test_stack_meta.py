"""StackMetaDataService logic without HTTP: versions, states and their side effects, rename,
version sub-resources, listings and the sectionData snapshot."""

import itertools
import re

import pytest

from render_emulator.errors import BadRequest, NotFound, ServerError
from render_emulator.services import stack_meta as sm
from render_emulator.services.stack_lookup import find_metadata
from render_emulator.store import RenderStore, StackId

SID = StackId("o", "p", "s")


@pytest.fixture
def store():
    return RenderStore()


@pytest.fixture
def clock(monkeypatch):
    """Deterministic, strictly increasing timestamps."""
    ticks = itertools.count(1)
    monkeypatch.setattr(sm, "now_date", lambda: f"2024-01-01T00:00:{next(ticks):02d}.000Z")


def tile(tile_id, z, section_id="s", min_x=0.0, max_x=100.0):
    return {"tileId": tile_id, "z": z, "minX": min_x, "minY": 0.0, "maxX": max_x, "maxY": 50.0,
            "layout": {"sectionId": section_id}}


def create(store, sid=SID, **version):
    sm.save_stack_version(store, sid, sm.parse_required_stack_version(version))


def add_tiles(store, sid=SID, tiles=None):
    store.tile_collection(sid).upsert(tiles or [tile("t1", 1.0, "1.0"), tile("t2", 2.0, "2.0")])


def data_collections(store, sid=SID):
    return store.tile_collection(sid), store.transform_collection(sid), store.section_collection(sid)


def meta(store, sid=SID):
    return sm.get_stack_metadata(store, sid)


def make_state(store, state, sid=SID):
    """Bring a fresh stack with tiles into ``state`` by allowed transitions."""
    create(store, sid)
    add_tiles(store, sid)
    if state == "LOADING":
        return
    sm.set_stack_state(store, sid, "COMPLETE")
    if state in ("READ_ONLY", "OFFLINE"):
        sm.set_stack_state(store, sid, state)


# ---------------------------------------------------------------------------- StackVersion parsing
def test_stack_version_converts_like_jackson_and_keeps_field_order():
    version = sm.parse_stack_version({
        "defaultChannel": "DAPI", "stackResolutionX": 1, "cycleNumber": 2.0, "unknown": [1],
        "createTimestamp": "2024-05-01T12:30:00.00Z", "versionNotes": 7, "alignmentQuality": "0.5",
        "mipmapPathBuilder": {"rootPath": "/m", "numberOfLevels": 3, "extension": "tif", "x": 1},
        "stackResolutionZ": None,
    })
    assert version == {
        "createTimestamp": "2024-05-01T12:30:00.000Z",
        "versionNotes": "7",
        "cycleNumber": 2,
        "stackResolutionX": 1.0,
        "mipmapPathBuilder": {"rootPath": "/m", "numberOfLevels": 3, "extension": "tif"},
        "alignmentQuality": 0.5,
        "defaultChannel": "DAPI",
    }
    assert list(version) == [
        "createTimestamp", "versionNotes", "cycleNumber", "stackResolutionX", "mipmapPathBuilder",
        "alignmentQuality", "defaultChannel",
    ]
    assert isinstance(version["stackResolutionX"], float) and isinstance(version["cycleNumber"], int)


def test_stack_version_accepts_epoch_millis():
    assert sm.parse_stack_version({"createTimestamp": 0})["createTimestamp"] == "1970-01-01T00:00:00.000Z"


@pytest.mark.parametrize("body", [
    [1, 2],
    "text",
    {"stackResolutionX": "abc"},
    {"cycleNumber": {"a": 1}},
    {"cycleNumber": 2**40},
    {"createTimestamp": "not a date"},
    {"mipmapPathBuilder": "x"},
    {"versionNotes": ["a"]},
    {"stackResolutionY": True},
])
def test_stack_version_type_mismatch_is_400(body):
    with pytest.raises(BadRequest):
        sm.parse_stack_version(body)


def test_missing_stack_version_is_400():
    with pytest.raises(BadRequest, match="^no stack version provided$"):
        sm.parse_required_stack_version(None)
    assert sm.parse_required_stack_version({}) == {}


# ---------------------------------------------------------------------------- POST stack
def test_create_stack_loading_version_zero_with_empty_collections(store, clock):
    create(store, stackResolutionX=4.0)
    assert meta(store) == {
        "stackId": {"owner": "o", "project": "p", "stack": "s"},
        "state": "LOADING",
        "lastModifiedTimestamp": "2024-01-01T00:00:01.000Z",
        "currentVersionNumber": 0,
        "currentVersion": {"stackResolutionX": 4.0},
    }
    assert store.tile_collection(SID).exists() and store.transform_collection(SID).exists()
    assert not store.section_collection(SID).exists()
    assert find_metadata(store, SID)["_key"] == "o__p__s"


@pytest.mark.parametrize("state", ["LOADING", "COMPLETE", "OFFLINE"])
def test_post_to_existing_stack_saves_next_loading_version(store, clock, state):
    make_state(store, state)
    sm.set_hierarchical_data(store, SID, {"tier": 1})
    before = meta(store)
    create(store, versionNotes="v2")
    after = meta(store)
    assert after["state"] == "LOADING"
    assert after["currentVersionNumber"] == before["currentVersionNumber"] + 1
    assert after["currentVersion"] == {"versionNotes": "v2"}
    assert "stats" not in after and "hierarchicalData" not in after
    assert after["lastModifiedTimestamp"] > before["lastModifiedTimestamp"]


def test_post_keeps_tiles_and_does_not_recreate_offline_collections(store):
    make_state(store, "COMPLETE")
    create(store)
    assert store.tile_collection(SID).count() == 2
    sm.set_stack_state(store, SID, "COMPLETE")
    sm.set_stack_state(store, SID, "OFFLINE")
    create(store)
    assert meta(store)["state"] == "LOADING"
    assert not store.tile_collection(SID).exists()
    assert not store.transform_collection(SID).exists()


def test_post_to_read_only_is_500_and_changes_nothing(store):
    make_state(store, "READ_ONLY")
    before = meta(store)
    with pytest.raises(ServerError, match=r"^Data for stack s cannot be modified because it is READ_ONLY\.$"):
        create(store)
    assert meta(store) == before


# ---------------------------------------------------------------------------- DELETE stack
def test_delete_absent_stack_is_fine(store):
    sm.delete_stack(store, SID)
    assert find_metadata(store, SID) is None


@pytest.mark.parametrize("state", ["LOADING", "COMPLETE", "OFFLINE"])
def test_delete_removes_metadata_tiles_transforms_and_snapshot(store, state):
    make_state(store, state)
    store.transform_collection(SID).upsert([{"id": "x", "type": "leaf"}])
    sm.delete_stack(store, SID)
    assert find_metadata(store, SID) is None
    for collection in data_collections(store):
        assert not collection.exists()


def test_delete_read_only_is_500_and_keeps_everything(store):
    make_state(store, "READ_ONLY")
    with pytest.raises(ServerError, match="READ_ONLY"):
        sm.delete_stack(store, SID)
    assert meta(store)["state"] == "READ_ONLY"
    assert store.tile_collection(SID).count() == 2
    assert store.section_collection(SID).count() == 2


# ---------------------------------------------------------------------------- state transitions
ALLOWED = {
    ("LOADING", "LOADING"), ("LOADING", "COMPLETE"),
    ("COMPLETE", "LOADING"), ("COMPLETE", "COMPLETE"), ("COMPLETE", "READ_ONLY"), ("COMPLETE", "OFFLINE"),
    ("READ_ONLY", "COMPLETE"), ("READ_ONLY", "READ_ONLY"), ("READ_ONLY", "OFFLINE"),
    ("OFFLINE", "OFFLINE"),
}
STATES = ("LOADING", "COMPLETE", "READ_ONLY", "OFFLINE")


@pytest.mark.parametrize("from_state,to_state", [
    (f, t) for f in STATES for t in STATES if (f, t) not in ALLOWED and (f, t) != ("OFFLINE", "COMPLETE")
])
def test_refused_transitions_are_400_and_change_nothing(store, from_state, to_state):
    make_state(store, from_state)
    before = meta(store)
    message = (
        f"The s stack's state is currently {from_state} and must first be transitioned to COMPLETE "
        f"before transitioning it to {to_state}."
    )
    with pytest.raises(BadRequest, match=f"^{re.escape(message)}$"):
        sm.set_stack_state(store, SID, to_state)
    assert meta(store) == before


@pytest.mark.parametrize("from_state,to_state", sorted(ALLOWED))
def test_allowed_transitions_reach_the_state(store, from_state, to_state):
    make_state(store, from_state)
    sm.set_stack_state(store, SID, to_state)
    assert meta(store)["state"] == to_state


def test_loading_to_complete_derives_stats_snapshot_and_touches_timestamp(store, clock):
    create(store)
    add_tiles(store)
    store.transform_collection(SID).upsert([{"id": "a"}, {"id": "b"}])
    sm.set_stack_state(store, SID, "COMPLETE")
    result = meta(store)
    assert result["lastModifiedTimestamp"] == "2024-01-01T00:00:02.000Z"
    assert result["currentVersionNumber"] == 0
    stats = result["stats"]
    assert stats["stackBounds"] == {
        "minX": 0.0, "minY": 0.0, "minZ": 1.0, "maxX": 100.0, "maxY": 50.0, "maxZ": 2.0
    }
    assert (stats["sectionCount"], stats["tileCount"], stats["transformCount"]) == (2, 2, 2)
    assert [s["sectionId"] for s in sm.get_section_data(store, SID)] == ["1.0", "2.0"]
    assert list(result) == [
        "stackId", "state", "lastModifiedTimestamp", "currentVersionNumber", "currentVersion", "stats"
    ]


def test_complete_to_complete_rederives_but_keeps_timestamp(store, clock):
    make_state(store, "COMPLETE")
    before = meta(store)
    add_tiles(store, tiles=[tile("t3", 3.0, "3.0")])
    sm.set_stack_state(store, SID, "COMPLETE")
    after = meta(store)
    assert after["lastModifiedTimestamp"] == before["lastModifiedTimestamp"]
    assert after["stats"]["tileCount"] == 3
    assert len(sm.get_section_data(store, SID)) == 3


def test_complete_to_loading_clears_stats_bumps_version_keeps_tiles_and_snapshot(store, clock):
    make_state(store, "COMPLETE")
    before = meta(store)
    sm.set_stack_state(store, SID, "LOADING")
    after = meta(store)
    assert "stats" not in after
    assert after["currentVersionNumber"] == before["currentVersionNumber"] + 1
    assert after["lastModifiedTimestamp"] > before["lastModifiedTimestamp"]
    assert store.tile_collection(SID).count() == 2
    assert len(sm.get_section_data(store, SID)) == 2   # stale snapshot keeps answering


def test_loading_to_loading_is_a_no_op(store, clock):
    create(store)
    before = meta(store)
    sm.set_stack_state(store, SID, "LOADING")
    assert meta(store) == before


def test_read_only_round_trip_keeps_timestamp_and_stats(store, clock):
    make_state(store, "COMPLETE")
    before = meta(store)
    sm.set_stack_state(store, SID, "READ_ONLY")
    assert meta(store)["lastModifiedTimestamp"] == before["lastModifiedTimestamp"]
    sm.set_stack_state(store, SID, "COMPLETE")
    after = meta(store)
    assert after == before


def test_offline_drops_data_keeps_stats_and_touches_timestamp(store, clock):
    make_state(store, "COMPLETE")
    store.transform_collection(SID).upsert([{"id": "a"}])
    before = meta(store)
    sm.set_stack_state(store, SID, "OFFLINE")
    after = meta(store)
    assert after["stats"] == before["stats"]
    assert after["lastModifiedTimestamp"] > before["lastModifiedTimestamp"]
    for collection in data_collections(store):
        assert not collection.exists()
    sm.set_stack_state(store, SID, "OFFLINE")   # allowed again: drops nothing new
    assert meta(store)["state"] == "OFFLINE"


def test_complete_on_stack_without_tiles_is_500_with_render_ws_message(store):
    create(store)
    before = meta(store)
    with pytest.raises(ServerError) as failure:
        sm.set_stack_state(store, SID, "COMPLETE")
    assert failure.value.message.startswith(
        "Stack data aggregation returned no results because the stack has no tiles.  The aggregation query "
        "was render.o__p__s__tile.aggregate("
    )
    assert meta(store) == before


def test_offline_to_complete_fails_with_500_and_recreates_empty_collections(store):
    make_state(store, "OFFLINE")
    before = meta(store)
    with pytest.raises(ServerError, match="no tiles"):
        sm.set_stack_state(store, SID, "COMPLETE")
    assert meta(store) == before
    assert store.tile_collection(SID).exists() and store.tile_collection(SID).count() == 0
    assert sm.get_section_data(store, SID) == []


def test_offline_to_complete_with_restored_tiles_is_400(store):
    make_state(store, "OFFLINE")
    add_tiles(store)
    with pytest.raises(BadRequest, match="^cannot set stats for OFFLINE stack$"):
        sm.set_stack_state(store, SID, "COMPLETE")
    assert meta(store)["state"] == "OFFLINE"


def test_state_change_of_missing_stack_is_404(store):
    with pytest.raises(NotFound, match="^stack with owner 'o', project 'p', and name 's' does not exist$"):
        sm.set_stack_state(store, SID, "COMPLETE")


# ---------------------------------------------------------------------------- rename
def test_rename_moves_everything_and_copies_metadata_without_hierarchical_data(store, clock):
    make_state(store, "COMPLETE")
    store.transform_collection(SID).upsert([{"id": "a"}])
    sm.set_hierarchical_data(store, SID, {"tier": 2})
    before = meta(store)
    target = StackId("o2", "p2", "s2")
    sm.rename_stack(store, SID, {"owner": "o2", "project": "p2", "stack": "s2"})
    assert find_metadata(store, SID) is None
    after = meta(store, target)
    assert after["stackId"] == {"owner": "o2", "project": "p2", "stack": "s2"}
    for field in ("state", "currentVersionNumber", "currentVersion", "stats"):
        assert after[field] == before[field]
    assert "hierarchicalData" not in after
    assert after["lastModifiedTimestamp"] > before["lastModifiedTimestamp"]
    assert sorted(store.tile_collection(target).keys()) == ["t1", "t2"]
    assert store.transform_collection(target).keys() == ["a"]
    assert len(sm.get_section_data(store, target)) == 2
    for collection in data_collections(store):
        assert not collection.exists()
    assert sm.list_owners(store) == ["o2"]


@pytest.mark.parametrize("name", ["bad-name", "..", "$a", "a\u0000b", "a.", ".a", "", "a/b", "a__b"])
def test_rename_refuses_a_target_name_render_ws_would_not_create(store, name):
    """render-ws deserialises the target StackId without its name rules (StackMetaDataService.java:193-205)
    and MongoDB then renames into unreachable or invalid collections; the emulator answers the name
    rule's 400 (naming.py, as StackId's constructor checks) and leaves the source stack as it was."""
    create(store)
    with pytest.raises(BadRequest, match="^invalid stack '.*' specified, names may only contain"):
        sm.rename_stack(store, SID, {"owner": "o", "project": "p", "stack": name})
    assert meta(store, SID)["state"] == "LOADING"


def test_rename_errors(store):
    with pytest.raises(BadRequest, match="^toStackId value must be specified$"):
        sm.rename_stack(store, SID, None)
    with pytest.raises(NotFound, match="does not exist"):
        sm.rename_stack(store, SID, {"owner": "o", "project": "p", "stack": "t"})
    create(store)
    create(store, StackId("o", "p", "t"))
    with pytest.raises(BadRequest, match="^stack with owner 'o', project 'p', and name 't' already exists$"):
        sm.rename_stack(store, SID, {"owner": "o", "project": "p", "stack": "t"})
    with pytest.raises(BadRequest, match="must be less than 111 characters"):
        sm.rename_stack(store, SID, {"owner": "o", "project": "p", "stack": "x" * 100})
    with pytest.raises(BadRequest, match="invalid stack 'null'"):
        sm.rename_stack(store, SID, {"owner": "o", "project": "p"})
    assert meta(store)["stackId"]["stack"] == "s"


@pytest.mark.parametrize("state", ["READ_ONLY", "OFFLINE"])
def test_rename_of_read_only_or_offline_is_400(store, state):
    make_state(store, state)
    message = f"stack with owner 'o', project 'p', and name 's' cannot be modified because it is {state}."
    with pytest.raises(BadRequest, match=f"^{re.escape(message)}$"):
        sm.rename_stack(store, SID, {"owner": "o", "project": "p", "stack": "t"})
    assert meta(store)["state"] == state


# ---------------------------------------------------------------------------- version sub-resources
def test_resolution_values(store, clock):
    create(store, stackResolutionZ=35)
    assert sm.get_resolution_values(store, SID) == [None, None, 35.0]
    before = meta(store)
    sm.set_resolution_values(store, SID, [4.0, 4.5])
    assert sm.get_resolution_values(store, SID) == [4.0, 4.5, 35.0]
    after = meta(store)
    assert after["lastModifiedTimestamp"] == before["lastModifiedTimestamp"]
    assert after["currentVersionNumber"] == 0 and after["state"] == "LOADING"
    assert list(after["currentVersion"]) == ["stackResolutionX", "stackResolutionY", "stackResolutionZ"]
    sm.set_resolution_values(store, SID, [])
    assert sm.get_resolution_values(store, SID) == [4.0, 4.5, 35.0]
    sm.set_resolution_values(store, SID, [None, None, None])
    assert sm.get_resolution_values(store, SID) == [None, None, None]
    assert meta(store)["currentVersion"] == {}
    with pytest.raises(ServerError):
        sm.set_resolution_values(store, SID, None)


def test_parse_resolution_values():
    assert sm.parse_resolution_values([1, None, "2.5"]) == [1.0, None, 2.5]
    assert sm.parse_resolution_values(None) is None
    with pytest.raises(BadRequest):
        sm.parse_resolution_values({"x": 1})
    with pytest.raises(BadRequest):
        sm.parse_resolution_values(["x"])


def test_materialized_box_root_path_trimmed_blank_is_unset(store):
    create(store)
    assert sm.get_materialized_box_root_path(store, SID) is None
    sm.set_materialized_box_root_path(store, SID, "  /boxes \n")
    assert sm.get_materialized_box_root_path(store, SID) == "/boxes"
    sm.set_materialized_box_root_path(store, SID, "   ")
    assert sm.get_materialized_box_root_path(store, SID) is None


def test_mipmap_path_builder_completed_and_validated(store):
    create(store)
    assert sm.get_mipmap_path_builder(store, SID) is None
    builder = sm.parse_mipmap_path_builder({"rootPath": "/m", "numberOfLevels": 6, "extension": "tif"})
    sm.set_mipmap_path_builder(store, SID, builder)
    expected = {"rootPath": "/m/", "numberOfLevels": 6, "extension": "tif"}
    assert sm.get_mipmap_path_builder(store, SID) == expected
    for missing in ("rootPath", "numberOfLevels", "extension"):
        incomplete = {k: v for k, v in builder.items() if k != missing}
        with pytest.raises(BadRequest, match=f"^{missing} must be specified for MipmapPathBuilder$"):
            sm.set_mipmap_path_builder(store, SID, incomplete)
    assert sm.get_mipmap_path_builder(store, SID)["rootPath"] == "/m/"
    sm.set_mipmap_path_builder(store, SID, None)
    assert sm.get_mipmap_path_builder(store, SID) is None


def test_post_keeps_mipmap_path_builder_as_sent(store):
    create(store, mipmapPathBuilder={"rootPath": "/m", "numberOfLevels": 2})
    assert sm.get_mipmap_path_builder(store, SID) == {"rootPath": "/m", "numberOfLevels": 2}


def test_default_channel_and_cycle(store):
    create(store, cycleNumber=1)
    assert sm.get_default_channel(store, SID) is None
    sm.set_default_channel(store, SID, "DAPI")
    assert sm.get_default_channel(store, SID) == "DAPI"
    assert sm.get_cycle(store, SID) == {"number": 1}
    sm.set_cycle(store, SID, sm.parse_cycle({"number": 3, "stepNumber": 4}))
    assert sm.get_cycle(store, SID) == {"number": 3, "stepNumber": 4}
    assert meta(store)["currentVersion"] == {"cycleNumber": 3, "cycleStepNumber": 4, "defaultChannel": "DAPI"}
    sm.set_cycle(store, SID, None)
    assert sm.get_cycle(store, SID) == {}


def test_hierarchical_data_parsed_and_stored_in_metadata(store):
    create(store)
    assert sm.get_hierarchical_data(store, SID) is None
    data = sm.parse_hierarchical_stack({
        "alignmentQuality": 1, "roughTilesStackId": {"owner": "o", "project": "p", "stack": "r", "x": 0},
        "tier": 1, "scale": 0.5, "fullScaleBounds": {"minX": 0, "maxX": 10},
        "matchCollectionId": {"owner": "o", "name": "m"}, "splitGroupIds": ["a", "b", "a"],
        "savedMatchPairCount": 12, "unknown": True,
    })
    assert list(data) == [
        "roughTilesStackId", "tier", "scale", "fullScaleBounds", "matchCollectionId", "savedMatchPairCount",
        "splitGroupIds", "alignmentQuality",
    ]
    assert data["fullScaleBounds"] == {"minX": 0.0, "maxX": 10.0}
    assert data["splitGroupIds"] == ["a", "b"]
    assert data["alignmentQuality"] == 1.0
    sm.set_hierarchical_data(store, SID, data)
    assert sm.get_hierarchical_data(store, SID) == data
    assert list(meta(store))[-1] == "hierarchicalData"
    sm.set_hierarchical_data(store, SID, None)
    assert "hierarchicalData" not in meta(store)
    with pytest.raises(BadRequest):
        sm.parse_hierarchical_stack({"tier": "x"})


@pytest.mark.parametrize("write", [
    lambda store: sm.set_resolution_values(store, SID, [1.0]),
    lambda store: sm.set_materialized_box_root_path(store, SID, "/x"),
    lambda store: sm.set_mipmap_path_builder(
        store, SID, {"rootPath": "/", "numberOfLevels": 1, "extension": "p"}
    ),
    lambda store: sm.set_default_channel(store, SID, "c"),
    lambda store: sm.set_cycle(store, SID, {"number": 1}),
    lambda store: sm.set_hierarchical_data(store, SID, {"tier": 1}),
])
def test_sub_resource_writes_refused_on_read_only_and_404_when_missing(store, write):
    with pytest.raises(NotFound):
        write(store)
    make_state(store, "READ_ONLY")
    before = meta(store)
    with pytest.raises(ServerError, match="READ_ONLY"):
        write(store)
    assert meta(store) == before


def test_sub_resource_writes_allowed_on_offline(store):
    make_state(store, "OFFLINE")
    sm.set_default_channel(store, SID, "c")
    assert sm.get_default_channel(store, SID) == "c"


@pytest.mark.parametrize("read", [
    sm.get_resolution_values, sm.get_materialized_box_root_path, sm.get_mipmap_path_builder,
    sm.get_default_channel, sm.get_cycle, sm.get_hierarchical_data, sm.get_stack_metadata,
])
def test_sub_resource_reads_404_for_missing_stack(store, read):
    with pytest.raises(NotFound, match="does not exist"):
        read(store, SID)


# ---------------------------------------------------------------------------- listings
def test_listings_sorted_as_render_ws(store, clock):
    create(store, StackId("b", "p2", "x"))
    create(store, StackId("a", "p2", "late"))
    create(store, StackId("a", "p1", "cycle1"), cycleNumber=1, cycleStepNumber=1)
    create(store, StackId("a", "p1", "cycle2"), cycleNumber=2)
    create(store, StackId("a", "p1", "cycle1b"), cycleNumber=1, cycleStepNumber=5)
    create(store, StackId("a", "p1", "nocycle"))
    create(store, StackId("a", "p1", "nocycle_newer"))
    assert sm.list_owners(store) == ["a", "b"]
    assert sm.list_projects(store, "a") == ["p1", "p2"]
    assert sm.list_projects(store, "nobody") == []
    names = [m["stackId"]["stack"] for m in sm.list_stack_metadata(store, "a")]
    assert names == ["cycle2", "cycle1b", "cycle1", "nocycle_newer", "nocycle", "late"]
    assert [i["stack"] for i in sm.list_stack_ids(store, "a")] == names
    assert sm.list_stack_ids(store, "a", "p2") == [{"owner": "a", "project": "p2", "stack": "late"}]
    assert [m["stackId"]["stack"] for m in sm.list_stack_metadata(store, "a", "p1")] == names[:5]
    assert sm.list_stack_metadata(store, "nobody") == []
    assert all("_key" not in m for m in sm.list_stack_metadata(store, "a"))


def test_likely_unique_id_is_new_24_hex_each_call():
    first, second = sm.likely_unique_id(), sm.likely_unique_id()
    assert re.fullmatch(r"[0-9a-f]{24}", first)
    assert first != second


# ---------------------------------------------------------------------------- sectionData snapshot
def test_section_data_filters_inclusive_and_rules_for_missing_snapshot(store):
    with pytest.raises(NotFound, match="does not exist"):
        sm.get_section_data(store, SID)
    create(store)
    add_tiles(store, tiles=[tile("a", 1.0, "1.0"), tile("b", 2.0, "2.0"), tile("c", 3.0, "3.0")])
    with pytest.raises(BadRequest) as failure:
        sm.get_section_data(store, SID)
    assert failure.value.message == (
        "section data not aggregated for stack with owner 'o', project 'p', and name 's', set stack state "
        "to COMPLETE to generate the aggregate collection"
    )
    sm.set_stack_state(store, SID, "COMPLETE")
    assert [s["z"] for s in sm.get_section_data(store, SID, 2.0, 3.0)] == [2.0, 3.0]
    assert [s["z"] for s in sm.get_section_data(store, SID, min_z=2.5)] == [3.0]
    assert [s["z"] for s in sm.get_section_data(store, SID, max_z=1.0)] == [1.0]
    assert all("_key" not in s for s in sm.get_section_data(store, SID))
    sm.set_stack_state(store, SID, "OFFLINE")
    with pytest.raises(NotFound):
        sm.get_section_data(store, SID)
