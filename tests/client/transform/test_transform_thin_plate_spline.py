"""renderapi.transform.ThinPlateSplineTransform."""
import base64
import math

import numpy as np
import pytest

from renderapi.errors import EstimationError, RenderError
from renderapi.transform import ThinPlateSplineTransform, load_leaf_json
from renderapi.utils import encodeBase64

TPS = "mpicbg.trakem2.transform.ThinPlateSplineTransform"


def plain_block(values):
    return "@" + base64.b64encode(np.asarray(values, dtype=">f8").tobytes()).decode()


def tps_string(landmarks_and_weights, affine=None, nLm=None, encode=encodeBase64):
    n = nLm if nLm is not None else len(landmarks_and_weights) // 4
    affine_block = "null" if affine is None else encode(affine)
    return f"ThinPlateSplineR2LogR 2 {n} {affine_block} {encode(landmarks_and_weights)}"


def load(dataString):
    return load_leaf_json({"type": "leaf", "className": TPS, "dataString": dataString})


@pytest.mark.parametrize("encode", [encodeBase64, plain_block])
def test_single_landmark_without_affine(encode):
    # one landmark at the origin with weight (1, 2): p' = p + U(|p|)·(1, 2), U(r) = r²·ln r
    t = load(tps_string([0, 0, 1, 2], encode=encode))
    u = 4 * math.log(2)
    assert np.allclose(t.tform(np.array([[2.0, 0.0], [0.0, 0.0]])), [[2 + u, 2 * u], [0.0, 0.0]])


def test_landmarks_interleaved_then_x_weights_then_y_weights():
    # landmarks (0, 0) and (10, 0); x weights (1, 0), y weights (0, 1)
    t = load(tps_string([0, 0, 10, 0, 1, 0, 0, 1]))
    assert t.srcPts.tolist() == [[0, 10], [0, 0]] and t.dMtxDat.tolist() == [[1, 0], [0, 1]]
    # (2, 0): distances 2 and 8
    assert np.allclose(t.tform(np.array([[2.0, 0.0]])), [[2 + 4 * math.log(2), 64 * math.log(8)]])


def test_affine_part_is_added_to_the_identity():
    # A = [[0.1, 0], [0, 0.2]], b = (1, -1): p' = p + A·p + b + U·w
    t = load(tps_string([0, 0, 1, 2], affine=[0.1, 0, 0, 0.2, 1, -1]))
    u = 4 * math.log(2)
    assert np.allclose(t.tform(np.array([[2.0, 0.0]])), [[2 + 0.2 + 1 + u, -1 + 2 * u]])
    u5 = 25 * math.log(5)
    assert np.allclose(t.tform(np.array([[0.0, 5.0]])), [[1 + u5, 5 + 1 - 1 + 2 * u5]])


def test_datastring_round_trip_with_and_without_affine():
    for affine in (None, [0.1, 0.0, 0.0, 0.2, 1.0, -1.0]):
        ds = tps_string([0, 0, 10, 0, 1, 0, 0, 1], affine=affine)
        t = load(ds)
        assert t.dataString == ds
        d = {"type": "leaf", "className": TPS, "dataString": ds, "id": "tps", "metaData": {"labels": ["m"]}}
        assert load_leaf_json(d).to_dict() == d
    plain = tps_string([0, 0, 1, 2], encode=plain_block)
    assert load(plain).dataString == tps_string([0, 0, 1, 2])


def test_estimate_interpolates_and_inverts():
    rng = np.random.default_rng(7)
    src = rng.random((30, 2)) * 1000
    dst = src + rng.normal(scale=5, size=src.shape)
    for computeAffine in (True, False):
        t = ThinPlateSplineTransform()
        t.estimate(src, dst, computeAffine=computeAffine)
        assert np.allclose(t.tform(src), dst, atol=1e-9)
        assert (t.aMtx is None) is (not computeAffine)
        reloaded = ThinPlateSplineTransform(dataString=t.dataString)
        assert np.allclose(reloaded.tform(src), dst, atol=1e-9)
        pts = rng.random((100, 2)) * 1000
        assert np.abs(t.inverse_tform(t.tform(pts)) - pts).max() < 1e-3
    with pytest.raises(EstimationError):
        t.inverse_tform(t.tform(pts), max_iters=1)
    with pytest.raises(EstimationError):
        t.estimate(src, dst[:-1])


def test_default_instance_is_identity():
    pts = np.array([[1.0, 2.0]])
    assert ThinPlateSplineTransform().tform(pts) is pts


def test_mesh_refine_and_scale_coordinates():
    rng = np.random.default_rng(8)
    src = rng.random((60, 2)) * 1000
    t = ThinPlateSplineTransform()
    t.estimate(src, src + 10 * np.sin(src / 200))
    smaller = t.adaptive_mesh_estimate(starting_grid=5, tol=1.0)
    assert np.linalg.norm(smaller.tform(src) - t.tform(src), axis=1).max() <= 1.0
    assert ThinPlateSplineTransform.src_array(0, 0, 10, 20, 3, 2).tolist() == \
        [[0, 0], [0, 20], [5, 0], [5, 20], [10, 0], [10, 20]]
    half = t.scale_coordinates(0.5, ngrid=15)
    grid = ThinPlateSplineTransform.src_array(200, 200, 800, 800, 5, 5)
    assert np.allclose(half.tform(grid * 0.5), t.tform(grid) * 0.5, atol=0.5)
    with pytest.raises(EstimationError):
        t.adaptive_mesh_estimate(starting_grid=3, tol=1e-9, max_iter=0)


def test_malformed_strings():
    good = tps_string([0, 0, 10, 0, 1, 0, 0, 1])
    fields = good.split(" ")
    # render-ws answers 500 (index errors) for strings that stop early or '@' blocks that are too short
    for short in ("ThinPlateSplineR2LogR 2 3 null", "ThinPlateSplineR2LogR 2", "",
                  f"ThinPlateSplineR2LogR 2 3 null {plain_block([0, 0, 1, 2])}"):
        with pytest.raises(IndexError):
            load(short)
    # NumberFormatException (400): non-integer counts, undecodable blocks
    for bad in (good.replace(" 2 2 ", " 2.0 2 "), f"ThinPlateSplineR2LogR 2 2 null {fields[4][:-4]}xyz!",
                f"ThinPlateSplineR2LogR 2 2 {encodeBase64(np.zeros(3))[:-2]} {fields[4]}"):
        with pytest.raises(ValueError):
            load(bad)
    # block sizes that disagree with ndims/nLm are rejected (as render-python does)
    for header in ("ThinPlateSplineR2LogR 3 2 null ", "ThinPlateSplineR2LogR 2 1 null "):
        wrong = header + fields[4]
        with pytest.raises(RenderError):
            load(wrong)
