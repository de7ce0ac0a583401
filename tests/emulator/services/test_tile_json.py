"""TileSpec / ResolvedTileSpecCollection JSON as render-ws's Jackson reads and writes it."""

import pytest

from render_emulator.errors import BadRequest
from render_emulator.services.tile_json import (
    has_bounds,
    parse_resolved_tiles,
    parse_tile_spec,
    tile_bounds,
    with_bounds,
)


def test_tile_spec_normalisation():
    tile = parse_tile_spec({
        "transforms": {"type": "list", "specList": [{"className": "c", "dataString": "d"}]},
        "labels": ["x"], "z": 3, "tileId": "t", "width": 2048, "height": "10", "unknown": 1,
        "layout": {"sectionId": 3407, "imageRow": 1.7, "stageX": 4, "camera": 0},
        "mipmapLevels": {"10": {"imageUrl": "b"}, "2": {"imageUrl": "a", "junk": 1}},
        "channels": [{"name": "DAPI", "mipmapLevels": {}}],
    })
    assert list(tile) == ["tileId", "layout", "z", "width", "height", "mipmapLevels", "channels",
                          "transforms", "meshCellSize", "labels"]
    assert tile["z"] == 3.0 and isinstance(tile["z"], float) and tile["height"] == 10.0
    assert tile["layout"] == {"sectionId": "3407", "camera": "0", "imageRow": 1, "stageX": 4.0}
    assert list(tile["mipmapLevels"]) == ["2", "10"] and tile["mipmapLevels"]["2"] == {"imageUrl": "a"}
    assert tile["channels"] == [
        {"name": "DAPI", "minIntensity": 0.0, "maxIntensity": 255.0, "mipmapLevels": {}}]
    assert tile["transforms"]["specList"] == [{"type": "leaf", "className": "c", "dataString": "d"}]
    assert tile["meshCellSize"] == 64.0


def test_tile_spec_type_errors():
    with pytest.raises(BadRequest):
        parse_tile_spec([])
    with pytest.raises(BadRequest):
        parse_tile_spec({"tileId": "t", "z": "abc"})
    with pytest.raises(BadRequest, match="java.lang.Integer"):
        parse_tile_spec({"tileId": "t", "mipmapLevels": {"zero": {}}})


def test_bounds_helpers_keep_field_order():
    tile = parse_tile_spec({"tileId": "t", "z": 1, "width": 5, "height": 5, "layout": {"sectionId": "s"}})
    assert not has_bounds(tile)
    bounded = with_bounds(tile, (1.0, 2.0, 3.0, 4.0))
    assert list(bounded)[:7] == ["tileId", "layout", "z", "minX", "minY", "maxX", "maxY"]
    assert has_bounds(bounded)
    # TileBounds passes null minZ/maxZ to Bounds (TileBounds.java:29; NON_NULL drops them,
    # JsonUtils.java:42); Jackson writes the superclass's Bounds fields first
    assert list(tile_bounds(bounded).items()) == [
        ("minX", 1.0), ("minY", 2.0), ("maxX", 3.0), ("maxY", 4.0), ("tileId", "t"), ("sectionId", "s"),
        ("z", 1.0)]
    assert tile_bounds({"tileId": "t"}) == {"tileId": "t"}


@pytest.mark.parametrize("fields, expected", [
    (["tileId", "maxX", "layout", "z", "width", "minX", "transforms"],
     ["tileId", "layout", "z", "minX", "minY", "maxX", "maxY", "width", "transforms"]),
    (["maxY", "tileId", "mipmapLevels", "minY", "meshCellSize"],
     ["tileId", "minX", "minY", "maxX", "maxY", "mipmapLevels", "meshCellSize"]),
    (["tileId", "z", "transforms", "maxX"], ["tileId", "z", "transforms", "minX", "minY", "maxX", "maxY"]),
    ([], ["minX", "minY", "maxX", "maxY"]),
])
def test_with_bounds_replaces_old_bounds_in_tile_spec_field_order(fields, expected):
    """Derived bounds replace any sent ones and sit between z and width/height/intensities/mipmapLevels,
    the TileSpec field order (TileSpec.java:54-68); with none of those after them they come last."""
    tile = {name: -1.0 for name in fields}
    bounded = with_bounds(tile, (1.0, 2.0, 3.0, 4.0))
    assert list(bounded) == expected
    assert [bounded[name] for name in ("minX", "minY", "maxX", "maxY")] == [1.0, 2.0, 3.0, 4.0]
    assert all(bounded[name] == -1.0 for name in fields if name not in ("minX", "minY", "maxX", "maxY"))


def test_resolved_tiles_body():
    assert parse_resolved_tiles(None) is None
    shared, tiles = parse_resolved_tiles({
        "transformIdToSpecMap": {"k": {"type": "ref", "refId": "x"}},
        "tileIdToSpecMap": {"b": {"tileId": "b"}, "a": {"tileId": "a"}},
    })
    assert shared == {"k": {"type": "ref", "refId": "x"}}
    assert [t["tileId"] for t in tiles] == ["b", "a"]
    assert parse_resolved_tiles({}) == ({}, [])
    with pytest.raises(BadRequest):
        parse_resolved_tiles({"tileIdToSpecMap": []})


def test_beans_with_few_sent_fields_keep_field_order_and_first_error():
    """LayoutData / ImageAndMask come back in their field order whatever order they were sent in; with two
    unconvertible fields the 400 names the first in field order, as the full field walk does."""
    tile = parse_tile_spec({"layout": {"stageY": 2, "imageCol": "4", "sectionId": 7, "junk": 1},
                            "mipmapLevels": {"0": {"maskUrl": "m", "imageUrl": "i"}}})
    assert list(tile["layout"].items()) == [("sectionId", "7"), ("imageCol", 4), ("stageY", 2.0)]
    assert list(tile["mipmapLevels"]["0"]) == ["imageUrl", "maskUrl"]
    with pytest.raises(BadRequest, match='from String "b"'):
        parse_tile_spec({"layout": {"stageX": "a", "imageRow": "b"}})


# ------------------------------------------------------------------------ the one-pass path of usual tiles
def _outcome(parse, value, bound_slots):
    try:
        return "parsed", parse(value, bound_slots)
    except BadRequest as error:
        return "refused", str(error)


def _same(a, b):
    """Equal JSON values with the same types and key order (3407 is not 3407.0)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return repr(a) == repr(b)   # nan equals nan here
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(map(_same, a, b))
    return a == b


def _tile_variants(rng):
    """Usual tiles and tiles one small step away from usual (types, order, nulls, extra fields)."""
    odd_values = [None, 3, 3.5, "7", True, [], {}, 2**70, 2**53, 2**53 + 1, -(2**53) - 1, 2**31,
                  float("nan"), float("inf"), "x"]
    while True:
        layout = {"sectionId": "12.0", "camera": "c", "imageRow": 3, "imageCol": 4, "stageX": 10.5}
        keys = list(layout)
        if rng.random() < 0.2:
            rng.shuffle(keys)
        layout = {k: layout[k] for k in keys[:rng.randint(0, len(keys))]}
        tile = {"tileId": "t1", "layout": layout, "groupId": "g", "z": 1.0, "minX": 0.0, "maxY": 5.0,
                "width": 2048.0, "height": 2048.0, "minIntensity": 0.0, "maxIntensity": 255.0,
                "mipmapLevels": {"0": {"imageUrl": "file:///a.png", "maskUrl": "file:///m.png"}},
                "transforms": {"type": "list", "specList": [
                    {"className": "mpicbg.trakem2.transform.AffineModel2D", "dataString": "1 0 0 1 0 0"},
                    {"type": "leaf", "className": "c", "dataString": "d"}]},
                "meshCellSize": 32.0}
        tile = {k: v for k, v in tile.items() if rng.random() < 0.85}
        for _ in range(rng.choice((0, 0, 1, 2))):   # one or two odd values anywhere, or an odd field
            where = rng.choice(["tile", "layout", "level", "levels", "transforms", "leaf", "extra"])
            odd = rng.choice(odd_values)
            if where == "tile" and tile:
                tile[rng.choice(list(tile))] = odd
            elif where == "layout" and isinstance(tile.get("layout"), dict) and tile["layout"]:
                tile["layout"][rng.choice(list(tile["layout"]))] = odd
            elif where == "level" and isinstance(tile.get("mipmapLevels"), dict):
                tile["mipmapLevels"]["0"] = {"imageUrl": odd} if rng.random() < 0.5 else odd
            elif where == "levels":
                tile["mipmapLevels"] = {rng.choice(["1", "00", "x", "0"]): {"imageUrl": "u"}}
            elif where == "transforms":
                tile["transforms"] = rng.choice([odd, {"type": "list", "specList": odd},
                                                 {"type": "list", "id": "i", "specList": []},
                                                 {"specList": []}, {"type": "leaf"}])
            elif where == "leaf" and isinstance(tile.get("transforms"), dict):
                tile["transforms"] = {"type": "list", "specList": [rng.choice([
                    odd, {"className": odd, "dataString": "d"}, {"type": "ref", "refId": "r"},
                    {"type": odd, "className": "c", "dataString": "d"},
                    {"className": "c", "dataString": "d", "id": "x"}])]}
            else:
                tile[rng.choice(["labels", "channels", "mipmapPathBuilder", "unknown"])] = rng.choice(
                    [odd, ["a", "b"], [{"name": "n"}], {"rootPath": "/r"}])
        yield tile


@pytest.mark.parametrize("bound_slots", [False, True])
def test_usual_tiles_parse_as_the_general_path_parses_them(monkeypatch, bound_slots):
    import copy
    import random

    from render_emulator.services import tile_json

    rng = random.Random(7)
    variants = _tile_variants(rng)
    usual = 0
    for _ in range(4000):
        value = next(variants)
        fast = _outcome(tile_json.parse_tile_spec, copy.deepcopy(value), bound_slots)
        usual += tile_json._usual_tile(copy.deepcopy(value), bound_slots) is not None
        with monkeypatch.context() as patch:   # the general path alone
            patch.setattr(tile_json, "_usual_tile", lambda value, bound_slots: None)
            slow = _outcome(tile_json.parse_tile_spec, copy.deepcopy(value), bound_slots)
        assert _same(fast, slow), value
    assert 1000 < usual < 3900   # both paths were exercised


def test_render_python_tiles_take_the_usual_path_with_their_integral_doubles():
    """render-python's TileSpec.to_dict writes z, width, height and intensities as ints; Jackson reads an
    int token into a Double field (TileSpec.java:57-67 declares them Double), and so does the one-pass
    path."""
    from render_emulator.services import tile_json
    from renderapi.tilespec import Layout, TileSpec
    from renderapi.transform import AffineModel

    sent = TileSpec(tileId="1_0_0", z=1, width=2048, height=2048, imageUrl="/data/1_0_0.tif",
                    layout=Layout(sectionId="00001", imageRow=0, imageCol=0, stageX=0, stageY=0.0),
                    tforms=[AffineModel(B0=1638, B1=0)]).to_dict()
    assert type(sent["z"]) is int and type(sent["width"]) is int
    usual = tile_json._usual_tile(sent, False)
    assert usual is not None
    assert (usual["z"], usual["width"], usual["height"]) == (1.0, 2048.0, 2048.0)
    assert type(usual["z"]) is float and type(usual["layout"]["stageX"]) is float
