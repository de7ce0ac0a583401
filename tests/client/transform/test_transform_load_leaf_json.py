"""renderapi.transform.load_leaf_json: class dispatch and the error contract the emulator relies on."""
import numpy as np
import pytest

from renderapi.errors import RenderError
from renderapi.transform import (
    AffineModel,
    HomographyModel,
    LensCorrection,
    NonLinearCoordinateTransform,
    NonLinearTransform,
    Polynomial2DTransform,
    RigidModel,
    SimilarityModel,
    ThinPlateSplineTransform,
    Transform,
    TranslationModel,
    load_leaf_json,
)
from renderapi.utils import encodeBase64

P = "mpicbg.trakem2.transform."
TPS_DS = f"ThinPlateSplineR2LogR 2 1 null {encodeBase64(np.array([0.0, 0.0, 1.0, 2.0]))}"
NLCT_DS = "1 3 2 0 0 3 0.01 0.02 1 2 0 2 4 1 64 32"

CASES = [
    (P + "AffineModel2D", "1 0 0 1 10 20", AffineModel, [[11.0, 21.0]]),
    (P + "TranslationModel2D", "10 20", TranslationModel, [[11.0, 21.0]]),
    (P + "RigidModel2D", "0 10 20", RigidModel, [[11.0, 21.0]]),
    (P + "SimilarityModel2D", "2 0 10 20", SimilarityModel, [[12.0, 22.0]]),
    (P + "HomographyModel2D", "1 0 10 0 1 20 0 0 1", HomographyModel, [[11.0, 21.0]]),
    (P + "PolynomialTransform2D", "10 1 0 20 0 1", Polynomial2DTransform, [[11.0, 21.0]]),
    (P + "NonLinearCoordinateTransform", NLCT_DS, NonLinearCoordinateTransform, [[1.0, 1.0]]),
    (P + "nonLinearTransform", NLCT_DS, NonLinearTransform, [[1.0, 1.0]]),
    ("lenscorrection.NonLinearTransform", NLCT_DS, LensCorrection, [[1.0, 1.0]]),
    (P + "ThinPlateSplineTransform", TPS_DS, ThinPlateSplineTransform, [[1.0, 1.0]]),
]


@pytest.mark.parametrize("className,dataString,cls,expected", CASES)
def test_dispatch_and_tform_contract(className, dataString, cls, expected):
    t = load_leaf_json({"type": "leaf", "className": className, "dataString": dataString})
    assert type(t) is cls
    out = t.tform(np.array([[1.0, 1.0]]))
    assert isinstance(out, np.ndarray) and out.shape == (1, 2)
    if not isinstance(t, (NonLinearCoordinateTransform, ThinPlateSplineTransform)):
        assert np.allclose(out, expected)
    assert load_leaf_json(t.to_dict()).to_dict() == t.to_dict()


def test_unknown_class_is_generic_and_type_is_checked():
    t = load_leaf_json({"className": "org.janelia.alignment.transform.SEMDistortionTransformA",
                        "dataString": "19.4 64.8 24.4 972.0 0"})
    assert type(t) is Transform
    with pytest.raises(NotImplementedError):
        t.tform(np.zeros((1, 2)))
    with pytest.raises(RenderError):
        load_leaf_json({"type": "list", "className": "x", "dataString": "y"})
    with pytest.raises(KeyError):
        load_leaf_json({"type": "leaf", "className": P + "AffineModel2D"})


@pytest.mark.parametrize("className,dataString", [
    ("AffineModel2D", "1 0 0 1 0"), ("AffineModel2D", "1 0 0 1 0 0 9"), ("AffineModel2D", "a b c d e f"),
    ("TranslationModel2D", "1 2 3"), ("RigidModel2D", "0.1 2"), ("SimilarityModel2D", "1 0 x 0"),
    ("HomographyModel2D", "1 0 0 0 1 0"), ("PolynomialTransform2D", "1 0 0 0 1 q"),
    ("NonLinearCoordinateTransform", "1 3 2 0"), ("NonLinearCoordinateTransform", "x 3"),
    ("ThinPlateSplineTransform", "ThinPlateSplineR2LogR two 1 null AAAA"),
    ("ThinPlateSplineTransform", "ThinPlateSplineR2LogR 2 1 null !!notbase64"),
])
def test_value_error_where_render_ws_answers_400(className, dataString):
    with pytest.raises(ValueError):
        load_leaf_json({"className": P + className, "dataString": dataString})


@pytest.mark.parametrize("className,dataString", [
    ("NonLinearCoordinateTransform", "5"),
    ("ThinPlateSplineTransform", "ThinPlateSplineR2LogR 2 1"),
    ("ThinPlateSplineTransform", "ThinPlateSplineR2LogR 2 1 null"),
    ("ThinPlateSplineTransform", "ThinPlateSplineR2LogR 2 5 null @AAAAAAAAAAA="),
])
def test_index_error_where_render_ws_answers_500(className, dataString):
    with pytest.raises(IndexError):
        load_leaf_json({"className": P + className, "dataString": dataString})


@pytest.mark.parametrize("className,dataString", [
    ("PolynomialTransform2D", "5"),
    ("NonLinearCoordinateTransform", "3 2 1 1 1 1 0 0 1 1 8 8"),
])
def test_index_error_when_applied(className, dataString):
    t = load_leaf_json({"className": P + className, "dataString": dataString})
    with pytest.raises(IndexError):
        t.tform(np.zeros((2, 2)))


def test_million_points_vectorised_shape():
    pts = np.random.default_rng(0).random((1_000_000, 2)) * 2048
    for className, dataString, _cls, _expected in CASES:
        out = load_leaf_json({"className": className, "dataString": dataString}).tform(pts[:1000])
        assert out.shape == (1000, 2)
    assert load_leaf_json({"className": CASES[0][0], "dataString": CASES[0][1]}).tform(pts).shape == pts.shape


@pytest.mark.parametrize("className,dataString,cls,expected", CASES)
def test_block_evaluation_matches_small_batches(className, dataString, cls, expected):
    t = load_leaf_json({"className": className, "dataString": dataString})
    pts = np.random.default_rng(1).random((70_001, 2)) * 100
    whole = t.tform(pts)
    pieces = np.vstack([t.tform(pts[i:i + 9_999]) for i in range(0, len(pts), 9_999)])
    assert np.allclose(whole, pieces, rtol=1e-12, atol=1e-9)
