"""renderapi.tilespec.TileSpec (JSON round trips, constructor, bbox) and the tile-spec REST calls
(URLs and answers checked against a recording session)."""
import copy
import json
import logging

import numpy as np
import pytest

import renderapi
from renderapi.channel import Channel
from renderapi.errors import RenderError
from renderapi.image_pyramid import ImagePyramid, MipMap, MipMapLevel
from renderapi.layout import Layout
from renderapi.tilespec import TileSpec
from renderapi.transform import (
    AffineModel,
    InterpolatedTransform,
    ReferenceTransform,
    TransformList,
    TranslationModel,
)
from renderapi.utils import renderdumps

# what TileSpec.to_dict writes; render's bounding box, meshCellSize and frameId are never sent back
SERIALIZED_KEYS = ("tileId", "z", "width", "height", "minIntensity", "maxIntensity", "layout",
                   "mipmapLevels", "transforms", "channels", "labels", "groupId")
# Layout attribute -> render JSON key
LAYOUT_KEYS = {"sectionId": "sectionId", "scopeId": "temca", "cameraId": "camera", "imageRow": "imageRow",
               "imageCol": "imageCol", "stageX": "stageX", "stageY": "stageY", "rotation": "rotation",
               "pixelsize": "pixelsize", "distanceZ": "distanceZ"}
HOST, PORT, OWNER, PROJECT = "http://renderhost", 8080, "own", "proj"
STACK_URL = f"{HOST}:{PORT}/render-ws/v1/owner/{OWNER}/project/{PROJECT}/stack/st"


def load(data_dir, name):
    with open(data_dir / name) as fp:
        return json.load(fp)


def restricted(d):
    """``d`` limited to the keys TileSpec.to_dict writes, in to_dict's order."""
    return {k: d[k] for k in SERIALIZED_KEYS if k in d}


def with_typed_leaves(spec):
    """A transform spec with ``"type": "leaf"`` made explicit (renderapi always writes it)."""
    spec = copy.deepcopy(spec)
    if "specList" in spec:
        spec["specList"] = [with_typed_leaves(s) for s in spec["specList"]]
    elif "a" in spec:
        spec["a"], spec["b"] = with_typed_leaves(spec["a"]), with_typed_leaves(spec["b"])
    elif "refId" not in spec:
        spec = {"type": "leaf", **spec}
    return spec


# ------------------------------------------------------------------------------- JSON round trips
@pytest.mark.parametrize("name", ["tilespec_plain.json", "tilespec_references.json",
                                  "tilespec_extras.json", "tilespec_interpolated.json"])
def test_json_round_trip_keeps_everything_renderapi_writes(data_dir, name):
    loaded = load(data_dir, name)
    for d in loaded if isinstance(loaded, list) else [loaded]:
        expected = restricted(d)
        expected["transforms"] = with_typed_leaves(d["transforms"])
        assert TileSpec(json=d).to_dict() == expected


def test_renderdumps_of_tilespec_list_matches_restricted_json(data_dir):
    ts_json = load(data_dir, "tilespec_plain.json")
    tilespecs = [TileSpec(json=d) for d in ts_json]
    assert json.loads(renderdumps(tilespecs)) == [restricted(d) for d in ts_json]


def test_to_dict_key_order_and_omitted_fields(data_dir):
    d = TileSpec(json=load(data_dir, "tilespec_extras.json")).to_dict()
    assert list(d) == ["tileId", "z", "width", "height", "minIntensity", "maxIntensity", "layout",
                       "mipmapLevels", "transforms", "channels", "labels", "groupId"]
    plain = TileSpec(json=load(data_dir, "tilespec_plain.json")[0]).to_dict()
    for absent in ("minX", "minY", "maxX", "maxY", "meshCellSize", "channels", "labels", "groupId"):
        assert absent not in plain


def test_from_dict_reads_typed_objects(data_dir):
    ts = TileSpec(json=load(data_dir, "tilespec_plain.json")[0])
    assert (ts.tileId, ts.z, ts.width, ts.height) == ("tile.7.0.0", 7.0, 1024.0, 768.0)
    assert (ts.minint, ts.maxint) == (0.0, 4095.0)
    assert ts.bbox == (510.0, -20.0, 1535.0, 749.0)
    assert isinstance(ts.layout, Layout) and ts.layout.scopeId == "scope2" and ts.layout.cameraId == "cam1"
    assert isinstance(ts.ip, ImagePyramid)
    assert ts.ip[0] == MipMap("file:///data/s7/tile_0_0.png", "file:///data/masks/cam1.png")
    assert ts.ip["1"].maskUrl is None
    assert [type(t).__name__ for t in ts.tforms] == ["Polynomial2DTransform", "AffineModel"]
    assert ts.channels is None and ts.labels == [] and ts.groupId is None


def test_from_dict_multichannel_labels_group(data_dir):
    ts = TileSpec(json=load(data_dir, "tilespec_extras.json"))
    assert [type(c) for c in ts.channels] == [Channel, Channel]
    assert [c.name for c in ts.channels] == ["DAPI", "GFP"]
    assert ts.channels[1].ip[0].maskUrl == "file:///data/gfp/mask.png"
    assert ts.labels == ["multichannel", "edge"]
    assert ts.groupId == "plate_A"
    assert ts.tforms == []
    assert len(ts.ip) == 0


def test_from_dict_references_and_interpolated(data_dir):
    ts = TileSpec(json=load(data_dir, "tilespec_references.json")[0])
    assert isinstance(ts.tforms[0], ReferenceTransform) and ts.tforms[0].refId == "lens_cam0"
    assert isinstance(ts.tforms[1], AffineModel)
    interp = TileSpec(json=load(data_dir, "tilespec_interpolated.json"))
    (tf,) = interp.tforms
    assert isinstance(tf, InterpolatedTransform)
    assert isinstance(tf.a, TransformList) and isinstance(tf.b, AffineModel)
    assert tf.lambda_ == 0.25


def test_from_dict_without_layout_keeps_default_pixelsize():
    ts = TileSpec(json={"tileId": "t", "z": 1.0, "width": 10, "height": 20,
                        "transforms": {"type": "list", "specList": []}})
    assert ts.layout.pixelsize == 0.1
    assert ts.to_dict() == {"tileId": "t", "z": 1.0, "width": 10, "height": 20,
                            "layout": {"pixelsize": 0.1}, "mipmapLevels": {},
                            "transforms": {"type": "list", "specList": []}}
    assert ts.minint is None and ts.maxint is None
    assert ts.bbox == (None, None, None, None)


@pytest.mark.parametrize("missing", ["tileId", "z", "width", "height", "transforms"])
def test_from_dict_required_keys(missing):
    d = {"tileId": "t", "z": 1.0, "width": 10, "height": 20,
         "transforms": {"type": "list", "specList": []}}
    del d[missing]
    with pytest.raises(KeyError):
        TileSpec(json=d)


def test_json_argument_ignores_every_other_argument(data_dir):
    d = load(data_dir, "tilespec_plain.json")[2]
    ts = TileSpec(tileId="other", z=99, imageUrl="x.png", json=d)
    assert ts.tileId == d["tileId"] and ts.z == d["z"]
    assert ts.ip[0].imageUrl == d["mipmapLevels"]["0"]["imageUrl"]


def test_from_dict_does_not_modify_input(data_dir):
    d = load(data_dir, "tilespec_references.json")[1]
    before = copy.deepcopy(d)
    TileSpec(json=d).to_dict()
    assert d == before


# ------------------------------------------------------------------------------- constructor
def test_constructor_reproduces_render_json(data_dir):
    """As render-python's test_load_tilespecs_args: the same JSON from constructor arguments."""
    for d in load(data_dir, "tilespec_plain.json"):
        expected = restricted(d)
        with pytest.warns(DeprecationWarning):
            levels = [MipMapLevel(level, v.get("imageUrl"), v.get("maskUrl"))
                      for level, v in d["mipmapLevels"].items()]
        layout = Layout(force_pixelsize=False,
                        **{attr: d["layout"].get(key) for attr, key in LAYOUT_KEYS.items()})
        ts = TileSpec(tileId=d["tileId"], z=d["z"], width=d["width"], height=d["height"],
                      mipMapLevels=levels, layout=layout, minint=d["minIntensity"],
                      maxint=d["maxIntensity"], tforms=TransformList(json=d["transforms"]).tforms)
        assert ts.to_dict() == expected


def test_constructor_defaults():
    ts = TileSpec()
    assert ts.to_dict() == {"minIntensity": 0, "maxIntensity": 65535, "layout": {"pixelsize": 0.1},
                            "mipmapLevels": {}, "transforms": {"type": "list", "specList": []}}
    assert ts.tforms == [] and ts.labels == [] and ts.inputfilters == []
    assert ts.channels is None and ts.groupId is None
    assert isinstance(ts.ip, ImagePyramid)


def test_constructor_keeps_the_given_lists():
    tforms, labels = [AffineModel()], ["a"]
    ts = TileSpec(tileId="t", tforms=tforms, labels=labels)
    assert ts.tforms is tforms and ts.labels is labels
    empty = []
    assert TileSpec(tforms=empty).tforms is empty


def test_layout_keywords_go_to_layout():
    ts = TileSpec(tileId="t", sectionId="12", scopeId="scope", cameraId="cam", imageRow=1,
                  imageCol=2, stageX=3.0, stageY=4.0, rotation=0.0, pixelsize=3.0, distanceZ=35.0)
    assert ts.layout.to_dict() == {"sectionId": "12", "temca": "scope", "camera": "cam", "imageRow": 1,
                                   "imageCol": 2, "stageX": 3.0, "stageY": 4.0, "rotation": 0.0,
                                   "pixelsize": 3.0, "distanceZ": 35.0}
    assert TileSpec(force_pixelsize=False).to_dict()["layout"] == {}
    given = Layout(sectionId="1")
    assert TileSpec(layout=given, sectionId="ignored").layout is given


def test_image_url_sets_level_zero_over_the_pyramid():
    ip = ImagePyramid({0: MipMap("old.png"), 1: MipMap("l1.png")})
    ts = TileSpec(tileId="t", imageUrl="new.png", maskUrl="mask.png", imagePyramid=ip)
    assert ts.ip is ip
    assert ts.to_dict()["mipmapLevels"] == {"0": {"imageUrl": "new.png", "maskUrl": "mask.png"},
                                            "1": {"imageUrl": "l1.png"}}
    assert (ts.imageUrl, ts.maskUrl) == ("new.png", "mask.png")
    assert TileSpec(maskUrl="only_mask.png").to_dict()["mipmapLevels"] == {}


def test_image_pyramid_wins_over_deprecated_levels():
    with pytest.warns(DeprecationWarning):
        levels = [MipMapLevel(0, "from_levels.png")]
    ts = TileSpec(mipMapLevels=levels, imagePyramid=ImagePyramid({2: MipMap("l2.png")}))
    assert ts.to_dict()["mipmapLevels"] == {"2": {"imageUrl": "l2.png"}}


def test_nested_python_list_becomes_list_spec():
    a, b = AffineModel(B0=1.0), AffineModel(B1=2.0)
    ts = TileSpec(tileId="t", tforms=[[a, [b]], TransformList([a], transformId="tl")])
    specs = ts.to_dict()["transforms"]["specList"]
    inner = {"type": "list", "specList": [b.to_dict()]}
    assert specs[0] == {"type": "list", "specList": [a.to_dict(), inner]}
    assert specs[1] == {"type": "list", "specList": [a.to_dict()], "id": "tl"}


def test_channels_labels_group_serialization():
    ch = Channel("DAPI", 255, 0, ImagePyramid({0: MipMap("d.tif")}))
    ts = TileSpec(tileId="t", z=1, channels=[ch], labels=["x"], groupId="g")
    d = ts.to_dict()
    assert d["channels"] == [{"name": "DAPI", "minIntensity": 0, "maxIntensity": 255,
                              "mipmapLevels": {"0": {"imageUrl": "d.tif"}}}]
    assert (d["labels"], d["groupId"]) == (["x"], "g")
    assert "labels" not in TileSpec(tileId="t", labels=[]).to_dict()


def test_none_values_are_dropped():
    d = TileSpec(tileId="t", minint=None, maxint=None).to_dict()
    assert "minIntensity" not in d and "maxIntensity" not in d and "z" not in d


def test_reachable_names():
    for name in ("TileSpec", "Layout", "MipMap", "MipMapLevel", "ImagePyramid", "Channel",
                 "TransformList", "estimate_dstpts", "get_tile_spec", "get_tile_spec_raw",
                 "get_tile_spec_renderparameters", "get_tile_specs_from_box",
                 "get_tile_specs_from_minmax_box", "get_tile_specs_from_z", "get_tile_specs_from_stack"):
        assert hasattr(renderapi.tilespec, name), name
    assert "tilespec" in renderapi.__all__


# ------------------------------------------------------------------------------- bounding boxes
def test_bbox_logs_when_undefined(caplog):
    ts = TileSpec(tileId="nobox")
    with caplog.at_level(logging.ERROR, logger="renderapi.tilespec"):
        assert ts.bbox == (None, None, None, None)
    assert "nobox" in caplog.text


def test_bbox_transformed_outline_and_subdivision():
    ts = TileSpec(tileId="t", width=100, height=50, tforms=[AffineModel(B0=10.0, B1=-5.0)])
    raw = ts.bbox_transformed(tf_limit=0)
    np.testing.assert_array_equal(raw, [[0, 0], [0, 50], [100, 50], [100, 0], [0, 0]])
    moved = ts.bbox_transformed()
    np.testing.assert_allclose(moved, raw + [10.0, -5.0])
    refined = ts.bbox_transformed(ndiv_inner=1, tf_limit=0)
    assert refined.shape == (9, 2)
    np.testing.assert_array_equal(refined[1], [0, 25])
    np.testing.assert_array_equal(refined[3], [50, 50])
    assert ts.bbox_transformed(ndiv_inner=2).shape == (17, 2)


def test_bbox_transformed_tf_limit_applies_a_prefix():
    ts = TileSpec(tileId="t", width=10, height=10,
                  tforms=[AffineModel(B0=1.0), AffineModel(M00=2.0, M11=2.0)])
    np.testing.assert_allclose(ts.bbox_transformed(tf_limit=1)[2], [11, 10])
    np.testing.assert_allclose(ts.bbox_transformed()[2], [22, 20])


def test_bbox_transformed_with_references():
    shared = TranslationModel(json={"type": "leaf", "id": "shift",
                                    "className": "mpicbg.trakem2.transform.TranslationModel2D",
                                    "dataString": "5.0 7.0"})
    ts = TileSpec(tileId="t", width=10, height=10, tforms=[ReferenceTransform(refId="shift")])
    np.testing.assert_allclose(ts.bbox_transformed(reference_tforms=[shared])[2], [15, 17])
    with pytest.raises(RenderError):
        ts.bbox_transformed()
    with pytest.raises(RenderError):
        ts.bbox_transformed(reference_tforms=[AffineModel(transformId="other")])


# ------------------------------------------------------------------------------- REST calls
@pytest.fixture
def stack_render(render_with):
    """``stack_render(*responses) -> (render, session)``: render_with for OWNER/PROJECT at HOST:PORT."""
    return lambda *responses: render_with(*responses, host=HOST, port=PORT, owner=OWNER, project=PROJECT)


@pytest.fixture
def plain_tiles(data_dir):
    return load(data_dir, "tilespec_plain.json")


def test_get_tile_spec_raw(plain_tiles, stack_render, fake_response):
    render, session = stack_render(fake_response(body=plain_tiles[0]))
    ts = renderapi.tilespec.get_tile_spec_raw("st", "tile.7.0.0", render=render)
    assert session.urls == [f"{STACK_URL}/tile/tile.7.0.0/"]
    assert ts.to_dict() == restricted(plain_tiles[0])


def test_get_tile_spec_renderparameters_and_get_tile_spec(plain_tiles, stack_render, fake_response):
    rp = {"x": 510.0, "y": -20.0, "width": 1025, "height": 769, "scale": 1.0, "tileSpecs": [plain_tiles[1]]}
    render, session = stack_render(fake_response(body=rp), fake_response(body=rp))
    assert renderapi.tilespec.get_tile_spec_renderparameters("st", "tile.7.0.1", render=render) == rp
    ts = renderapi.tilespec.get_tile_spec("st", "tile.7.0.1", render=render)
    assert session.urls == [f"{STACK_URL}/tile/tile.7.0.1/render-parameters"] * 2
    assert ts.tileId == "tile.7.0.1" and ts.bbox == (plain_tiles[1]["minX"], plain_tiles[1]["minY"],
                                                     plain_tiles[1]["maxX"], plain_tiles[1]["maxY"])


def test_get_tile_spec_answers_none_on_errors(stack_render, fake_response):
    render, session = stack_render(fake_response(404, text="error text"),
                                   fake_response(body={"tileSpecs": []}))
    assert renderapi.tilespec.get_tile_spec("st", "missing", render=render) is None
    assert renderapi.tilespec.get_tile_spec("st", "empty", render=render) is None
    with pytest.raises(RenderError):
        renderapi.tilespec.get_tile_spec_renderparameters(
            "st", "missing", render=stack_render(fake_response(404, text="error text"))[0])


def test_get_tile_specs_from_box_url_formatting(plain_tiles, stack_render, fake_response):
    render, session = stack_render(fake_response(body={"tileSpecs": plain_tiles}))
    tilespecs = renderapi.tilespec.get_tile_specs_from_box(
        "st", 7.9, 10.7, -3.2, 500.5, 400, scale=0.125, render=render)
    assert session.urls == [f"{STACK_URL}/z/7/box/10,-3,500,400,0.12/render-parameters"]
    assert [ts.tileId for ts in tilespecs] == [d["tileId"] for d in plain_tiles]


def test_get_tile_specs_from_minmax_box_delegates(plain_tiles, stack_render, fake_response):
    render, session = stack_render(fake_response(body={"tileSpecs": plain_tiles[:1]}))
    tilespecs = renderapi.tilespec.get_tile_specs_from_minmax_box(
        "st", 7, 100, 600, 50, 250, render=render)
    assert session.urls == [f"{STACK_URL}/z/7/box/100,50,500,200,1.00/render-parameters"]
    assert len(tilespecs) == 1


def test_get_tile_specs_from_z_and_stack(plain_tiles, stack_render, fake_response):
    render, session = stack_render(fake_response(body=plain_tiles), fake_response(body=[]))
    assert [ts.tileId for ts in renderapi.tilespec.get_tile_specs_from_z("st", 7, render=render)] == [
        d["tileId"] for d in plain_tiles]
    assert renderapi.tilespec.get_tile_specs_from_z("st", 8.5, render=render) is None
    assert session.urls == [f"{STACK_URL}/z/7.000000/tile-specs", f"{STACK_URL}/z/8.500000/tile-specs"]

    render, session = stack_render(fake_response(body=[7.0, 8.0]), fake_response(body=plain_tiles[:2]),
                                   fake_response(body=plain_tiles[2:]))
    tilespecs = renderapi.tilespec.get_tile_specs_from_stack("st", render=render)
    assert [ts.tileId for ts in tilespecs] == [d["tileId"] for d in plain_tiles]
    assert session.urls == [f"{STACK_URL}/zValues/", f"{STACK_URL}/z/7.000000/tile-specs",
                            f"{STACK_URL}/z/8.000000/tile-specs"]


def test_errors_raise_render_error(stack_render, fake_response):
    with pytest.raises(RenderError):
        renderapi.tilespec.get_tile_spec_raw("st", "x",
                                             render=stack_render(fake_response(404, text="error text"))[0])
    with pytest.raises(RenderError):
        renderapi.tilespec.get_tile_specs_from_z(
            "st", 1, render=stack_render(fake_response(400, text="error text"))[0])
