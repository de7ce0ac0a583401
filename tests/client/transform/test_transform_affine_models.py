"""renderapi.transform affine family: AffineModel, TranslationModel, RigidModel, SimilarityModel."""
import numpy as np
import pytest

from renderapi.errors import ConversionError, EstimationError
from renderapi.transform import AffineModel, RigidModel, SimilarityModel, TranslationModel, load_leaf_json

AFFINE = "mpicbg.trakem2.transform.AffineModel2D"
RIGID = "mpicbg.trakem2.transform.RigidModel2D"
SIMILARITY = "mpicbg.trakem2.transform.SimilarityModel2D"
TRANSLATION = "mpicbg.trakem2.transform.TranslationModel2D"


def spec(className, dataString, **extra):
    return {"type": "leaf", "className": className, "dataString": dataString, **extra}


def test_affine_datastring_is_column_order():
    am = AffineModel(json=spec(AFFINE, "1 2 3 4 5 6"))
    assert (am.M00, am.M10, am.M01, am.M11, am.B0, am.B1) == (1, 2, 3, 4, 5, 6)
    assert am.M.tolist() == [[1, 3, 5], [2, 4, 6], [0, 0, 1]]
    # x' = 1·x + 3·y + 5, y' = 2·x + 4·y + 6
    assert am.tform(np.array([[1.0, 1.0], [2.0, 0.0]])).tolist() == [[9.0, 12.0], [7.0, 10.0]]
    assert am.dataString == "1.0000000000 2.0000000000 3.0000000000 4.0000000000 5.0000000000 6.0000000000"


def test_affine_round_trip_with_id_and_labels():
    d = spec(AFFINE, "0.9 -0.2 0.3 0.85 245.3 -234.1", id="aff", metaData={"labels": ["a", "b"]})
    am = AffineModel(json=d)
    out = am.to_dict()
    assert out["id"] == "aff" and out["metaData"] == {"labels": ["a", "b"]} and out["className"] == AFFINE
    assert AffineModel(json=out).to_dict() == out
    assert load_leaf_json(out).to_dict() == out


def test_affine_constructor_defaults_to_identity():
    am = AffineModel()
    assert am.M.tolist() == np.eye(3).tolist()
    assert am.to_dict() == {"type": "leaf", "className": AFFINE, "dataString":
                            "1.0000000000 0.0000000000 0.0000000000 1.0000000000 0.0000000000 0.0000000000"}


def test_affine_inverse_and_round_trip():
    am = AffineModel(M00=2.0, M11=4.0, B0=1.0, B1=-1.0)
    assert am.inverse_tform(np.array([[3.0, 3.0]])).tolist() == [[1.0, 1.0]]
    pts = np.random.default_rng(1).random((50, 2)) * 1000
    assert np.allclose(am.inverse_tform(am.tform(pts)), pts)


def test_affine_fit_recovers_parameters():
    target = AffineModel(M00=0.9, M10=-0.2, M01=0.3, M11=0.85, B0=245.3, B1=-234.1)
    src = np.random.default_rng(2).random((20, 2))
    fitted = AffineModel()
    M = fitted.estimate(src, target.tform(src))
    assert np.allclose(M, target.M)
    assert fitted.fit(src, target.tform(src)).shape == (6, 1)
    assert np.allclose(fitted.fit(src, target.tform(src)).ravel(), [0.9, 0.3, -0.2, 0.85, 245.3, -234.1])
    with pytest.raises(EstimationError):
        fitted.estimate(src, target.tform(src)[:-2])


def test_concatenate_applies_argument_first_and_invert():
    scale = AffineModel(M00=2.0, M11=2.0)
    shift = AffineModel(B0=10.0)
    both = shift.concatenate(scale)  # scale first, then shift
    assert both.tform(np.array([[1.0, 1.0]])).tolist() == [[12.0, 2.0]]
    assert np.allclose(both.invert().concatenate(both).M, np.eye(3))


def test_properties_of_rotation_scale_and_shear():
    am = AffineModel(M00=0.0, M01=-2.0, M10=2.0, M11=0.0, B0=3.0, B1=4.0)  # scale 2, rotation 90°
    assert am.scale == pytest.approx((2.0, 2.0))
    assert am.rotation == pytest.approx(np.pi / 2)
    assert am.shear == pytest.approx(0.0)
    assert am.translation == (3.0, 4.0)
    sheared = AffineModel(M01=0.5)
    assert sheared.shear == pytest.approx(0.5)
    assert AffineModel(M10=0.5, force_shear="y").shear == pytest.approx(0.5)


def test_point_shape_is_checked():
    with pytest.raises(ConversionError):
        AffineModel.convert_to_point_vector(np.zeros((2, 4)))
    with pytest.raises(ConversionError):
        AffineModel().tform(np.zeros((4, 3)))


def test_str_eq_hash():
    a1 = AffineModel(M00=0.9, B0=245.3)
    a2 = AffineModel(M00=0.9, B0=245.3)
    assert str(a1) == "M=[[0.900000,0.000000],[0.000000,1.000000]] B=[245.300000,0.000000]"
    assert a1 == a2 and len({a1, a2}) == 1


def test_rigid_server_datastring_rotation_by_90_degrees():
    rigid = load_leaf_json(spec(RIGID, f"{np.pi / 2} 10 5"))
    assert isinstance(rigid, RigidModel)
    # M = [[cos, -sin], [sin, cos]]: (1, 0) -> (0, 1) + (10, 5)
    assert np.allclose(rigid.tform(np.array([[1.0, 0.0], [0.0, 1.0]])), [[10.0, 6.0], [9.0, 5.0]], atol=1e-6)
    assert rigid.M[1, 1] == pytest.approx(0.0, abs=1e-7)  # render-python puts sin θ = 1 here
    assert np.allclose(rigid.inverse_tform(np.array([[10.0, 6.0]])), [[1.0, 0.0]], atol=1e-6)


def test_rigid_reads_32_bit_floats_and_writes_the_string_back():
    rigid = load_leaf_json(spec(RIGID, "0.1 10.1 5", id="r"))
    assert rigid.M[0, 2] == np.float32(10.1)
    assert rigid.M[0, 0] == np.cos(float(np.float32(0.1)))
    assert rigid.to_dict() == spec(RIGID, "0.1 10.1 5", id="r")


def test_rigid_from_spec_writes_theta_tx_ty_after_change():
    rigid = load_leaf_json(spec(RIGID, "0 0 0"))
    theta = 0.25
    src = np.random.default_rng(3).random((10, 2))
    dst = src @ np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]]).T + [3, 4]
    rigid.estimate(src, dst)
    assert rigid.to_dict()["dataString"] == "0.25 3.0 4.0"
    reread = load_leaf_json(rigid.to_dict())
    assert np.allclose(reread.tform(src), dst, atol=1e-5)


def test_similarity_server_datastring():
    sim = load_leaf_json(spec(SIMILARITY, "0 2 10 5"))  # scos = 0, ssin = 2: scale 2, rotation 90°
    assert isinstance(sim, SimilarityModel)
    assert sim.M.tolist() == [[0.0, -2.0, 10.0], [2.0, 0.0, 5.0], [0.0, 0.0, 1.0]]
    assert sim.tform(np.array([[1.0, 0.0]])).tolist() == [[10.0, 7.0]]
    assert sim.scale == pytest.approx((2.0, 2.0)) and sim.rotation == pytest.approx(np.pi / 2)
    assert sim.dataString == "0 2 10 5"
    sim.M = sim.M @ np.diag([0.5, 0.5, 1.0])
    assert sim.dataString == "0.0 1.0 10.0 5.0"


def test_translation_server_datastring():
    tr = load_leaf_json(spec(TRANSLATION, "10 -2.5"))
    assert isinstance(tr, TranslationModel)
    assert tr.tform(np.array([[1.0, 1.0]])).tolist() == [[11.0, -1.5]]
    assert tr.dataString == "10 -2.5"
    assert load_leaf_json(tr.to_dict()).to_dict() == tr.to_dict()


@pytest.mark.parametrize("cls,className,dataString", [
    (AffineModel, AFFINE, "1 0 0 1 0"), (AffineModel, AFFINE, "1 0 0 1 0 0 0"),
    (TranslationModel, TRANSLATION, "1"), (RigidModel, RIGID, "1 2 3 4"),
    (SimilarityModel, SIMILARITY, "1 2 3"),
    (AffineModel, AFFINE, "1 0 0 1 0 x"), (RigidModel, RIGID, " 0 1 2"),
])
def test_malformed_datastrings_raise_value_error(cls, className, dataString):
    with pytest.raises(ValueError):
        cls(json=spec(className, dataString))


@pytest.mark.parametrize("cls,rigid,scale", [(TranslationModel, True, 1.0), (RigidModel, True, 1.0),
                                             (SimilarityModel, False, 1.7)])
def test_estimation_recovers_known_transforms(cls, rigid, scale):
    rng = np.random.default_rng(4)
    theta = 0.0 if cls is TranslationModel else 1.1
    M = np.array([[scale * np.cos(theta), -scale * np.sin(theta), 12.0],
                  [scale * np.sin(theta), scale * np.cos(theta), -7.0], [0, 0, 1]])
    src = rng.random((50, 2)) * 100
    dst = src @ M[:2, :2].T + M[:2, 2]
    model = cls()
    assert model.estimate(src, dst, return_params=False) is None
    assert np.allclose(model.estimate(src, dst), M)
    assert np.allclose(model.tform(src), dst)
    assert (model.M00, model.B1) == pytest.approx((M[0, 0], M[1, 2]))
    # built directly, the estimated model serializes as an AffineModel2D (render-python behaviour)
    assert model.to_dict()["className"] == AFFINE
    assert AffineModel(json=model.to_dict()).to_dict() == model.to_dict()


def test_similarity_recovers_clockwise_rotation():
    points_in = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float)
    points_out = np.array([[0, 0], [1, 0], [0, -1], [1, -1]], float)
    sm = SimilarityModel()
    sm.estimate(points_in, points_out)
    assert sm.scale == pytest.approx((1.0, 1.0)) and sm.rotation == pytest.approx(-np.pi / 2)
    assert np.allclose(sm.translation, 0) and sm.shear == pytest.approx(0.0, abs=1e-9)
    pts = np.array([[20, 30], [1, 2], [10, -5.0]])
    assert np.allclose(sm.inverse_tform(sm.tform(pts)), pts)


def test_degenerate_rigid_fit_raises():
    with pytest.raises(EstimationError):
        RigidModel().estimate(np.ones((5, 2)), np.ones((5, 2)))
