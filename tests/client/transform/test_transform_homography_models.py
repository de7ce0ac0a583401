"""renderapi.transform.HomographyModel (mpicbg HomographyModel2D, not in render-python)."""
import numpy as np
import pytest

from renderapi.transform import HomographyModel, load_leaf_json

HOMOGRAPHY = "mpicbg.trakem2.transform.HomographyModel2D"


def test_projective_mapping_row_order():
    # m00..m22 in row order; w = 0.001·x + 1
    h = load_leaf_json({"className": HOMOGRAPHY, "dataString": "2 0 10 0 1 -5 0.001 0 1"})
    assert isinstance(h, HomographyModel)
    # (1000, 10): x' = (2000 + 10)/2 = 1005, y' = (10 − 5)/2 = 2.5
    assert h.tform(np.array([[1000.0, 10.0], [0.0, 0.0]])).tolist() == [[1005.0, 2.5], [10.0, -5.0]]
    assert np.allclose(h.inverse_tform(np.array([[1005.0, 2.5]])), [[1000.0, 10.0]])


def test_round_trip_and_formatting():
    d = {"type": "leaf", "className": HOMOGRAPHY, "dataString": "1 0 0 0 1 0 0 0 1", "id": "h"}
    h = load_leaf_json(d)
    assert h.to_dict() == d
    h.M = h.M * 2
    assert h.dataString == "2.0 0.0 0.0 0.0 2.0 0.0 0.0 0.0 2.0 "
    assert load_leaf_json(h.to_dict()).to_dict() == h.to_dict()
    assert HomographyModel().tform(np.array([[3.0, 4.0]])).tolist() == [[3.0, 4.0]]


@pytest.mark.parametrize("dataString", ["1 0 0 0 1 0 0 0", "1 0 0 0 1 0 0 0 1 0", "1 0 0 0 1 0 0 0 z"])
def test_malformed(dataString):
    with pytest.raises(ValueError):
        load_leaf_json({"className": HOMOGRAPHY, "dataString": dataString})
