"""renderapi.transform.Transform: the generic leaf."""
import numpy as np
import pytest

from renderapi.transform import Transform

SPEC = {"type": "leaf", "className": "some.Class", "dataString": "1234_some_data", "id": "t1",
        "metaData": {"labels": ["lens", "other"]}}


def test_round_trip_with_id_and_labels():
    t = Transform(json=SPEC)
    assert (t.className, t.dataString, t.transformId, t.labels) == ("some.Class", "1234_some_data", "t1",
                                                                   ["lens", "other"])
    assert t.to_dict() == SPEC
    assert Transform(json=t.to_dict()).to_dict() == SPEC


def test_minimal_spec_omits_id_and_metadata():
    t = Transform(className="a.B", dataString="x")
    assert t.to_dict() == {"type": "leaf", "className": "a.B", "dataString": "x"}
    assert Transform(json={"className": "a.B", "dataString": "x", "metaData": {}}).labels is None


def test_eq_and_hash_follow_class_and_data():
    t1, t2 = Transform(json=SPEC), Transform(className="some.Class", dataString="1234_some_data")
    assert t1 == t2 and len({t1, t2}) == 1
    assert t1 != Transform(className="some.Class", dataString="other")
    assert str(t1) == "className:some.Class\ndataString:1234_some_data"


def test_tform_is_missing_like_render_python():
    t = Transform(json=SPEC)
    assert not hasattr(t, "tform")
    with pytest.raises(NotImplementedError):
        t.tform(np.zeros((1, 2)))
    with pytest.raises(AttributeError):
        t.tform(np.zeros((1, 2)))
