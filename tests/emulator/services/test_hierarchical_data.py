"""HierarchicalDataService logic: tier data removal, tier layers without matches, clustered tile bounds."""

import pytest

from render_emulator.errors import BadRequest, NotFound, ServerError
from render_emulator.services import hierarchical_data, match, render_data, stack_meta
from render_emulator.services.match_body import parse_matches_body
from render_emulator.services.stack_lookup import find_metadata
from render_emulator.services.tile_json import parse_tile_spec
from render_emulator.store import RenderStore, StackId

OWNER, TIER = "o", "tier_1"
AFFINE = "mpicbg.trakem2.transform.AffineModel2D"


def tile(tile_id, z, x=0.0, section=None):
    spec = {"tileId": tile_id, "z": z, "width": 10, "height": 10,
            "transforms": {"type": "list", "specList": [
                {"className": AFFINE, "dataString": f"1 0 0 1 {x} 0"}]}}
    if section is not None:
        spec["layout"] = {"sectionId": section}
    return parse_tile_spec(spec)


def add_stack(store, project, name, tiles=(), hierarchical=None):
    stack_id = StackId(OWNER, project, name)
    stack_meta.save_stack_version(store, stack_id, {})
    if tiles:
        render_data.save_resolved_tiles(store, stack_id, None, ({}, list(tiles)), True)
    if hierarchical is not None:
        stack_meta.set_hierarchical_data(store, stack_id, hierarchical)
    return stack_id


def hierarchical(collection, aligned, pairs=None):
    data = {"alignedStackId": {"owner": OWNER, "project": TIER, "stack": aligned},
            "matchCollectionId": {"owner": OWNER, "name": collection}}
    return data if pairs is None else {**data, "savedMatchPairCount": pairs}


def save_pairs(store, collection, *pairs):
    body = [{"pGroupId": pg, "pId": p, "qGroupId": qg, "qId": q,
             "matches": {"p": [[0.0], [0.0]], "q": [[0.0], [0.0]], "w": [1.0]}} for pg, p, qg, q in pairs]
    match.save_matches(store, match.make_collection_id(OWNER, collection), parse_matches_body(body))


@pytest.fixture
def store():
    return RenderStore()


# ---------------------------------------------------------------------------- tierData
def test_delete_tier_data_removes_split_and_align_stacks_and_collections(store):
    add_stack(store, TIER, "split_0", [tile("a", 1.0)], hierarchical("c0", "split_0_align"))
    add_stack(store, TIER, "split_0_align", [tile("a", 1.0)])
    add_stack(store, TIER, "split_1", [tile("b", 1.0)], hierarchical("c1", "missing_align"))
    keep = add_stack(store, TIER, "plain", [tile("c", 1.0)])
    other_project = add_stack(store, "other", "split_0", [tile("a", 1.0)], hierarchical("c9", "x"))
    save_pairs(store, "c0", ("1.0", "a", "1.0", "b"))
    text = hierarchical_data.delete_tier_data(store, OWNER, TIER)
    assert text == "removed 3 stacks and 1 match collections for project 'tier_1' owned by 'o'"
    assert [m["stackId"]["stack"] for m in stack_meta.list_stack_metadata(store, OWNER, TIER)] == ["plain"]
    assert not store.tile_collection(StackId(OWNER, TIER, "split_0_align")).exists()
    assert store.tile_collection(keep).exists() and find_metadata(store, other_project) is not None
    assert match.list_collections(store, OWNER) == []
    assert hierarchical_data.delete_tier_data(store, OWNER, TIER) == (
        "removed 0 stacks and 0 match collections for project 'tier_1' owned by 'o'")


def test_delete_tier_data_refuses_read_only_split_stack_and_changes_nothing(store):
    add_stack(store, TIER, "split_0", [tile("a", 1.0)], hierarchical("c0", "align"))
    locked = add_stack(store, TIER, "split_1", [tile("b", 1.0)], hierarchical("c1", "align"))
    save_pairs(store, "c0", ("1.0", "a", "1.0", "b"))
    stack_meta.set_stack_state(store, locked, "COMPLETE")
    stack_meta.set_stack_state(store, locked, "READ_ONLY")
    with pytest.raises(ServerError) as caught:
        hierarchical_data.delete_tier_data(store, OWNER, TIER)
    assert caught.value.message == "Data for stack split_1 cannot be modified because it is READ_ONLY."
    assert len(stack_meta.list_stack_metadata(store, OWNER, TIER)) == 2
    assert len(match.list_collections(store, OWNER)) == 1


# ---------------------------------------------------------------------------- missingTierMatchLayers
def test_layers_with_missing_matches(store):
    split = add_stack(store, TIER, "split_0", [tile("a", 1.0), tile("b", 2.0), tile("c", 3.0)],
                      hierarchical("c0", "align", 5))
    save_pairs(store, "c0", ("1.0", "a", "2", "b"))
    assert hierarchical_data.get_layers_with_missing_matches(store, split) == [3.0]
    save_pairs(store, "c0", ("3.000", "c", "3.000", "c2"))
    assert hierarchical_data.get_layers_with_missing_matches(store, split) == []


def test_layers_with_missing_matches_errors(store):
    missing = StackId(OWNER, TIER, "nope")
    with pytest.raises(NotFound) as caught:
        hierarchical_data.get_layers_with_missing_matches(store, missing)
    assert caught.value.message == "stack with owner 'o', project 'tier_1', and name 'nope' does not exist"
    plain = add_stack(store, TIER, "plain", [tile("a", 1.0)])
    with pytest.raises(BadRequest) as caught:
        hierarchical_data.get_layers_with_missing_matches(store, plain)
    assert caught.value.message == (
        "stack with owner 'o', project 'tier_1', and name 'plain' does not have hierarchical data")
    split = add_stack(store, TIER, "split", [tile("a", 1.0)], hierarchical("c0", "align"))
    with pytest.raises(NotFound):
        hierarchical_data.get_layers_with_missing_matches(store, split)   # no such match collection
    save_pairs(store, "c0", ("section_a", "a", "section_a", "b"))
    with pytest.raises(BadRequest) as caught:
        hierarchical_data.get_layers_with_missing_matches(store, split)
    assert caught.value.message == 'For input string: "section_a"'


def test_stacks_with_missing_matches_only_considers_stacks_with_saved_pairs(store):
    add_stack(store, TIER, "s0", [tile("a", 1.0), tile("b", 2.0)], hierarchical("c0", "x", 3))
    add_stack(store, TIER, "s1", [tile("a", 1.0)], hierarchical("c1", "x", 3))
    add_stack(store, TIER, "s2", [tile("a", 1.0)], hierarchical("never_saved", "x", 0))
    add_stack(store, TIER, "s3", [tile("a", 1.0)], hierarchical("not_derived", "x"))
    save_pairs(store, "c0", ("1.0", "a", "1.0", "b"))
    save_pairs(store, "c1", ("1.0", "a", "1.0", "b"))
    assert hierarchical_data.get_stacks_with_missing_matches(store, OWNER, TIER) == [
        {"stackId": {"owner": OWNER, "project": TIER, "stack": "s0"}, "zValues": [2.0]}]
    assert hierarchical_data.get_stacks_with_missing_matches(store, OWNER, "none") == []


# ---------------------------------------------------------------------------- clustered tile bounds
def test_connected_clusters_follow_java_hash_order():
    def pair(p, q):
        return {"pGroupId": "g", "pId": p, "qGroupId": "g", "qId": q}

    pairs = [pair("a", "b"), pair("c", "d"), pair("d", "e"), pair("x", "y")]
    # CanvasId("g", "a").hashCode() = ((31 + 97) * 31 + 103) * 31 = 126201 → bucket 8 of 16; "x" lands in
    # bucket 2, so {x, y} is found before {a, b}; both precede the larger {c, d, e} (stable sort by size).
    # Tile ids of a cluster come out of a HashSet(3) (table of 4): "d" (100) → 0, "e" → 1, "c" → 3.
    assert hierarchical_data.connected_clusters(pairs) == [["x", "y"], ["a", "b"], ["d", "e", "c"]]
    assert hierarchical_data.connected_clusters([]) == []


def test_clustered_tile_bounds(store):
    layer = [tile("a", 1.0, 0, "1.0"), tile("b", 1.0, 5, "1.0"), tile("c", 1.0, 20, "1.1"),
             tile("d", 1.0, 40, "1.1"), tile("lonely", 1.0, 60, "1.0"), tile("nosection", 1.0, 80)]
    stack_id = add_stack(store, "p", "s", layer + [tile("z2", 2.0, 0, "2.0")])
    save_pairs(store, "c", ("1.0", "a", "1.0", "b"), ("1.0", "b", "1.1", "c"), ("1.1", "c", "1.1", "d"),
               ("1.0", "a", "2.0", "z2"), ("1.0", "a", "1.0", "nosection"))
    collection_id = match.make_collection_id(OWNER, "c")
    clusters = hierarchical_data.get_clustered_tile_bounds(store, stack_id, 1.0, collection_id)
    assert [[b["tileId"] for b in cluster] for cluster in clusters] == [["a", "b", "c", "d"]]
    assert clusters[0][0] == {"minX": 0.0, "minY": 0.0, "maxX": 10.0, "maxY": 10.0,
                              "tileId": "a", "sectionId": "1.0", "z": 1.0}
    save_pairs(store, "c", ("1.0", "lonely", "1.0", "lonely2"))
    assert len(hierarchical_data.get_clustered_tile_bounds(store, stack_id, 1.0, collection_id)) == 1
    save_pairs(store, "c", ("2.0", "z2", "2.0", "z3"))
    assert hierarchical_data.get_clustered_tile_bounds(store, stack_id, 3.0, collection_id) == []


def test_clustered_tile_bounds_errors(store):
    stack_id = add_stack(store, "p", "s", [tile("a", 1.0, 0, "1.0")])
    collection_id = match.make_collection_id(OWNER, "c")
    with pytest.raises(NotFound):   # the collection is read once the layer has sections
        hierarchical_data.get_clustered_tile_bounds(store, stack_id, 1.0, collection_id)
    with pytest.raises(NotFound):
        hierarchical_data.get_clustered_tile_bounds(store, StackId(OWNER, "p", "nope"), 1.0, collection_id)
