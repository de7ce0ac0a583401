"""TileSpec, ResolvedTileSpecCollection and TransformSpec declarations in the model, and that the
hand-tuned readers in services/tile_json.py and services/transform_specs.py follow them."""

import pytest

from render_emulator.errors import BadRequest
from render_emulator.model import read, tile_spec, transform_spec
from render_emulator.services.tile_json import parse_tile_spec
from render_emulator.services.transform_specs import parse_transform_spec


def test_tile_reader_writes_fields_in_tile_spec_declaration_order():
    """TileSpec.java:54-74 declares tileId, layout, groupId, z, minX … labels in this order."""
    body = {name: None for name in reversed(tile_spec.FIELD_ORDER)}
    body.update({"labels": ["b"], "tileId": "t", "z": 1, "layout": {"sectionId": "1.0"}, "groupId": "g",
                 "maxIntensity": 255, "minX": 0, "channels": []})
    tile = parse_tile_spec(body)
    assert list(tile) == [name for name in tile_spec.FIELD_ORDER if name in tile]


def test_layout_data_reads_integer_and_double_fields():
    """LayoutData.imageRow is an Integer, stageX a Double (LayoutData.java:24,30)."""
    layout = read(tile_spec.LAYOUT_DATA, {"imageRow": "3", "stageX": 2, "x": 1})
    assert layout == {"imageRow": 3, "stageX": 2.0}


def test_labels_are_a_java_hash_set():
    """Jackson reads Set<String> into a HashSet: "b" (hash 98) iterates before "c" (99) whatever the
    input order (TileSpec.java:74)."""
    assert read(tile_spec.LABELS, ["c", "b", "c", 1]) == ["1", "b", "c"]


def test_an_unknown_transform_type_lists_jacksons_type_ids():
    """TransformSpec.java:35-39 names four subtypes; Jackson lists their ids sorted."""
    with pytest.raises(BadRequest) as caught:
        parse_transform_spec({"type": "bogus"})
    assert caught.value.message == (
        "Could not resolve type id 'bogus' as a subtype of `org.janelia.alignment.spec.TransformSpec`: "
        "known type ids = [interpolated, leaf, list, ref]"
    )


def test_transform_meta_data_labels_come_from_the_model():
    spec = parse_transform_spec({"type": "leaf", "id": "i", "className": "C", "dataString": "d",
                                 "metaData": {"labels": ["y", "x"], "other": 1}})
    assert spec["metaData"] == read(transform_spec.TRANSFORM_SPEC_META_DATA, {"labels": ["y", "x"]})
    assert spec["metaData"] == {"labels": ["x", "y"]}


def test_layout_integers_are_read_within_long_range_only():
    """Known difference (README): LayoutData.imageRow is an Integer (LayoutData.java:24) that Jackson refuses
    beyond int's range; the emulator keeps it and refuses only beyond long's range."""
    assert read(tile_spec.LAYOUT_DATA, {"imageRow": 2**40}) == {"imageRow": 2**40}
    with pytest.raises(BadRequest):
        read(tile_spec.LAYOUT_DATA, {"imageRow": 2**63})
