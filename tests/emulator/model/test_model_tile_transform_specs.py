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


INT_OVERFLOW = "Numeric value ({}) out of range of int (-2147483648 - 2147483647)"


@pytest.mark.parametrize(("bean", "field"), [
    (tile_spec.LAYOUT_DATA, "imageRow"),          # LayoutData.java:24
    (tile_spec.LAYOUT_DATA, "imageCol"),          # LayoutData.java:27
    (tile_spec.IMAGE_AND_MASK, "imageSliceNumber"),   # ImageAndMask.java:20
    (tile_spec.IMAGE_AND_MASK, "maskSliceNumber"),    # ImageAndMask.java:24
])
def test_tile_integer_fields_hold_int_range(bean, field):
    """These fields are Integers (LayoutData.java:24-27, ImageAndMask.java:20,24): Jackson 2.11's parser
    refuses numbers beyond int's range (ParserBase.reportOverflowInt), its IntegerDeserializer numeric
    text beyond it ("Overflow: numeric value … out of range of Integer"); ACCEPT_FLOAT_AS_INT (on by
    default) truncates 3.5 to 3."""
    assert read(bean, {field: 2**31 - 1}) == {field: 2**31 - 1}
    assert read(bean, {field: -(2**31)}) == {field: -(2**31)}
    assert read(bean, {field: 3.5}) == {field: 3}
    for value in (2**31, -(2**31) - 1):
        with pytest.raises(BadRequest) as caught:
            read(bean, {field: value})
        assert caught.value.message == INT_OVERFLOW.format(value)
    with pytest.raises(BadRequest) as caught:
        read(bean, {field: "2147483648"})
    assert caught.value.message == (
        'Cannot deserialize value of type `java.lang.Integer` from String "2147483648": Overflow: numeric '
        "value (2147483648) out of range of Integer (-2147483648 - 2147483647)"
    )


def test_tile_reader_checks_integer_fields_as_the_model_does():
    """The hand-tuned tile reader uses the model's Integer reader for imageRow (LayoutData.java:24) and
    the slice numbers (ImageAndMask.java:20,24)."""
    with pytest.raises(BadRequest) as caught:
        parse_tile_spec({"layout": {"imageRow": 2**31}})
    assert caught.value.message == INT_OVERFLOW.format(2**31)
    with pytest.raises(BadRequest) as caught:
        parse_tile_spec({"mipmapLevels": {"0": {"imageUrl": "a", "maskSliceNumber": -(2**31) - 1}}})
    assert caught.value.message == INT_OVERFLOW.format(-(2**31) - 1)


def test_loader_types_are_loader_type_enum_constants():
    """imageLoaderType/maskLoaderType are ImageLoader.LoaderType enums (ImageAndMask.java:19,23; constants
    at ImageLoader.java:13-15); Jackson's EnumDeserializer refuses other names (case-sensitive), listing
    the constants in its CompactStringObjectMap's table order."""
    level = {"imageUrl": "a", "imageLoaderType": "H5_SLICE", "maskUrl": "m", "maskLoaderType": "DYNAMIC_MASK"}
    assert read(tile_spec.IMAGE_AND_MASK, level) == level
    for name in ("maskLoaderType", "imageLoaderType"):
        with pytest.raises(BadRequest) as caught:
            parse_tile_spec({"mipmapLevels": {"0": {**level, name: "imagej_default"}}})
        assert caught.value.message == (
            "Cannot deserialize value of type `org.janelia.alignment.loader.ImageLoader$LoaderType` from "
            'String "imagej_default": not one of the values accepted for Enum class: [H5_SLICE, '
            "IMAGEJ_DEFAULT, IMAGEJ_COMPOSITE, N5_SLICE, DYNAMIC_MASK, IMAGEJ_TIFF_STACK]"
        )


def test_loader_types_are_also_read_by_index():
    """Jackson's EnumDeserializer reads a JSON integer, or a text of digits, as the index of a constant in
    declaration order (ImageLoader.java:13-15: 2 is H5_SLICE) and refuses an index beyond the last one."""
    assert read(tile_spec.IMAGE_AND_MASK, {"imageLoaderType": 2, "maskLoaderType": "5"}) == {
        "imageLoaderType": "H5_SLICE", "maskLoaderType": "DYNAMIC_MASK"}
    with pytest.raises(BadRequest) as caught:
        read(tile_spec.IMAGE_AND_MASK, {"imageLoaderType": 6})
    assert caught.value.message == (
        "Cannot deserialize value of type `org.janelia.alignment.loader.ImageLoader$LoaderType` from "
        "number 6: index value outside legal index range [0..5]"
    )
    with pytest.raises(BadRequest) as caught:
        read(tile_spec.IMAGE_AND_MASK, {"imageLoaderType": "6"})
    assert caught.value.message.endswith(
        'from String "6": not one of the values accepted for Enum class: [H5_SLICE, IMAGEJ_DEFAULT, '
        "IMAGEJ_COMPOSITE, N5_SLICE, DYNAMIC_MASK, IMAGEJ_TIFF_STACK]"
    )
