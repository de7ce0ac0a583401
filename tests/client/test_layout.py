"""renderapi.layout.Layout: defaults, render's JSON key names, from_dict rules."""
import renderapi
from renderapi.layout import Layout


def test_default_pixelsize_is_forced():
    assert Layout().pixelsize == 0.1
    assert Layout().to_dict() == {"pixelsize": 0.1}
    assert Layout(pixelsize=3.0).pixelsize == 3.0


def test_force_pixelsize_false_keeps_none():
    layout = Layout(force_pixelsize=False)
    assert layout.pixelsize is None
    assert layout.to_dict() == {}


def test_to_dict_maps_scope_and_camera_and_keeps_order():
    layout = Layout(sectionId="12.0", scopeId="temca2", cameraId="cam3", imageRow=4, imageCol=7,
                    stageX=10.5, stageY=-3.0, rotation=180.0, pixelsize=4.0, distanceZ=35.0)
    d = layout.to_dict()
    assert d == {"sectionId": "12.0", "temca": "temca2", "camera": "cam3", "imageRow": 4,
                 "imageCol": 7, "stageX": 10.5, "stageY": -3.0, "rotation": 180.0,
                 "pixelsize": 4.0, "distanceZ": 35.0}
    assert list(d) == ["sectionId", "temca", "camera", "imageRow", "imageCol", "stageX",
                       "stageY", "rotation", "pixelsize", "distanceZ"]


def test_to_dict_drops_none_but_keeps_zero_values():
    d = Layout(sectionId="1", imageRow=0, stageX=0.0).to_dict()
    assert d == {"sectionId": "1", "imageRow": 0, "stageX": 0.0, "pixelsize": 0.1}


def test_unknown_keyword_arguments_are_ignored():
    layout = Layout(sectionId="1", temca="ignored", somethingElse=5)
    assert layout.scopeId is None
    assert not hasattr(layout, "temca")


def test_from_dict_reads_render_keys_and_resets_missing_fields():
    layout = Layout(sectionId="old", rotation=90.0)
    layout.from_dict({"sectionId": "3407.0", "temca": "7", "camera": "0", "imageRow": 104})
    assert (layout.sectionId, layout.scopeId, layout.cameraId, layout.imageRow) == ("3407.0", "7", "0", 104)
    assert layout.rotation is None
    assert layout.pixelsize is None
    assert layout.to_dict() == {"sectionId": "3407.0", "temca": "7", "camera": "0", "imageRow": 104}


def test_from_dict_none_changes_nothing():
    layout = Layout(sectionId="s", cameraId="c")
    layout.from_dict(None)
    assert layout.to_dict() == {"sectionId": "s", "camera": "c", "pixelsize": 0.1}


def test_round_trip_through_json():
    original = {"sectionId": "5", "temca": "t", "camera": "c", "imageRow": 1, "imageCol": 2,
                "stageX": 1.0, "stageY": 2.0, "rotation": 0.0, "pixelsize": 3.0, "distanceZ": 4.0}
    layout = Layout()
    layout.from_dict(original)
    assert layout.to_dict() == original


def test_reachable_from_package_and_tilespec_module():
    assert renderapi.layout.Layout is Layout
    assert renderapi.tilespec.Layout is Layout
