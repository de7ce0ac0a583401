"""renderapi.transform Polynomial2DTransform and NonLinearCoordinateTransform (+ its aliases)."""
import sys

import numpy as np
import pytest
import scipy.linalg

import renderapi
from renderapi.errors import ConversionError, EstimationError
from renderapi.transform import (
    AffineModel,
    LensCorrection,
    NonLinearCoordinateTransform,
    NonLinearTransform,
    Polynomial2DTransform,
    load_leaf_json,
)

POLY = "mpicbg.trakem2.transform.PolynomialTransform2D"
NLCT = "mpicbg.trakem2.transform.NonLinearCoordinateTransform"
SERVER_POLY_DS = ("67572.7356991 0.972637082773 -0.0266434803369 -3.08962731867E-06 3.52672451824E-06 "
                  "1.36924119761E-07 5446.85340052 0.0224047626583 0.961202608454 -3.36753624487E-07 "
                  "-8.97219078255E-07 -5.49854010072E-06")


def poly(dataString):
    return load_leaf_json({"type": "leaf", "className": POLY, "dataString": dataString})


def test_order_one_coefficients():
    # x' = 1 + 2x + 3y, y' = 4 + 5x + 6y
    p = poly("1 2 3 4 5 6")
    assert p.order == 1
    assert p.tform(np.array([[1.0, 1.0], [2.0, 3.0]])).tolist() == [[6.0, 15.0], [14.0, 32.0]]


def test_order_two_term_order_is_1_x_y_xx_xy_yy():
    # x' = x², y' = x·y + y²
    p = poly("0 0 0 1 0 0 0 0 0 0 1 1")
    assert p.order == 2
    assert p.tform(np.array([[2.0, 3.0]])).tolist() == [[4.0, 15.0]]


def test_order_three_terms():
    # terms 6..9 are x³, x²y, xy², y³
    x_coeffs = [0, 0, 0, 0, 0, 0, 1, 0, 0, 0]
    y_coeffs = [0, 0, 0, 0, 0, 0, 0, 1, 1, 1]
    p = Polynomial2DTransform(params=np.array([x_coeffs, y_coeffs], float))
    assert p.order == 3
    # (2, 3): x' = 8; y' = 4·3 + 2·9 + 27 = 57
    assert p.tform(np.array([[2.0, 3.0]])).tolist() == [[8.0, 57.0]]


def test_surplus_coefficients_are_ignored_and_y_starts_at_k():
    # 8 values: the order is 1 (K = 3); y' uses values 3..5; the last two are ignored (mpicbg orderOf)
    p = poly("1 2 3 4 5 6 7 8")
    assert p.params.tolist() == [[1, 2, 3], [4, 5, 6]]
    assert p.tform(np.array([[1.0, 1.0]])).tolist() == [[6.0, 15.0]]
    # 14 values: order 2 (K = 6), y' from value 6 on
    p14 = poly(" ".join(str(v) for v in range(14)).replace("0 ", "0.5 ", 1))
    assert p14.params[1].tolist() == [6, 7, 8, 9, 10, 11]


def test_too_few_coefficients_fail_when_applied():
    for dataString in ("7", "   "):
        p = poly(dataString)
        with pytest.raises(IndexError):
            p.tform(np.zeros((1, 2)))
    with pytest.raises(ValueError):
        poly("")
    with pytest.raises(ValueError):
        poly("1 2 x 4 5 6")


def test_datastring_format_and_round_trips():
    p = Polynomial2DTransform(dataString=SERVER_POLY_DS)
    assert p.dataString.split(" ")[3] == "-3.08962731867E-6"
    assert Polynomial2DTransform(identity=True).dataString == "0 1 0 0 0 1"
    assert Polynomial2DTransform(params=np.array([[0.0, 1e-05, 0.0], [0.0, 0.0, 1.0]])).dataString == \
        "0.0 1E-5 0.0 0.0 0.0 1.0"
    d = {"type": "leaf", "className": POLY, "dataString": SERVER_POLY_DS, "id": "p",
         "metaData": {"labels": ["x"]}}
    loaded = Polynomial2DTransform(json=d)
    out = loaded.to_dict()
    assert (out["id"], out["metaData"], out["className"]) == ("p", {"labels": ["x"]}, POLY)
    assert Polynomial2DTransform(json=out).to_dict() == out
    assert Polynomial2DTransform(dataString=p.dataString).to_dict() == \
        Polynomial2DTransform(params=p.params).to_dict() == p.to_dict()


@pytest.mark.parametrize("order", [1, 2, 3])
def test_estimate_recovers_known_polynomial(order):
    rng = np.random.default_rng(order)
    K = (order + 1) * (order + 2) // 2
    params = rng.normal(size=(2, K)) / 10.0 ** np.repeat(np.arange(order + 1), np.arange(1, order + 2))
    src = rng.random((60, 2)) * 10
    dst = Polynomial2DTransform(params=params).tform(src)
    fitted = Polynomial2DTransform(src=src, dst=dst, order=order)
    assert np.allclose(fitted.params, params)
    with pytest.raises(EstimationError):
        fitted.estimate(src, dst[:-2])
    with pytest.raises(EstimationError):
        fitted.estimate(src, dst, order=50)


def test_estimate_of_noisy_data_needs_test_coords_off():
    rng = np.random.default_rng(9)
    src = rng.random((40, 2)) * 100
    dst = src + rng.normal(scale=1.0, size=src.shape)
    with pytest.raises(EstimationError):
        Polynomial2DTransform(src=src, dst=dst, order=1)
    assert Polynomial2DTransform(src=src, dst=dst, order=1, test_coords=False).order == 1


def test_asorder_from_affine_and_properties():
    identity = Polynomial2DTransform(identity=True)
    padded = identity.asorder(2)
    assert padded.params.shape == (2, 6) and padded.order == 2
    pts = np.random.default_rng(5).random((10, 2))
    assert np.allclose(padded.tform(pts), pts)
    with pytest.raises(ConversionError):
        padded.asorder(1)
    am = AffineModel(M00=0.9, M10=-0.2, M01=0.3, M11=0.85, B0=245.3, B1=-234.1)
    p = Polynomial2DTransform.fromAffine(am)
    assert p.params.tolist() == [[245.3, 0.9, 0.3], [-234.1, -0.2, 0.85]]
    assert np.allclose(p.tform(pts), am.tform(pts))
    assert p.scale == pytest.approx(am.scale) and p.rotation == pytest.approx(am.rotation)
    assert p.shear == pytest.approx(am.shear) and p.translation == (245.3, -234.1)
    with pytest.raises(ConversionError):
        Polynomial2DTransform.fromAffine(p)
    assert Polynomial2DTransform(params=np.array([[0.0], [0.0]])).scale == (1.0, 1.0)
    order_one = Polynomial2DTransform(params=np.array([[0, 1.1, 0], [0, 0, 0.9]]))
    assert order_one.scale == pytest.approx((1.1, 0.9))
    assert p.coefficients() == 6 and p.coefficients(2) == 12
    assert not p.is_affine


def test_module_svd_falls_back_to_numpy(monkeypatch):
    """Without scipy the module's svd and LinAlgError are numpy's, and fits still run (scipy is looked up
    when first used, so hiding it from the import system is enough)."""
    module = renderapi.transform.polynomial_models
    assert module.svd is scipy.linalg.svd
    monkeypatch.setitem(sys.modules, "scipy.linalg", None)   # `import scipy.linalg` now raises ImportError
    assert module.svd is np.linalg.svd
    assert module.LinAlgError is np.linalg.LinAlgError
    pts = np.array([[0.0, 0.0], [10.0, 0.0], [0.0, 10.0], [10.0, 10.0], [5.0, 3.0], [2.0, 7.0]])
    fitted = Polynomial2DTransform(src=pts, dst=pts * 2.0 + 1.0, order=1)
    assert np.allclose(fitted.tform(pts), pts * 2.0 + 1.0)
    monkeypatch.undo()
    assert module.svd is scipy.linalg.svd


def nlct_string(d, L, beta, mean, var, width=64, height=32):
    values = [d, L, *np.ravel(beta), *mean, *var, width, height]
    return " ".join(str(v) for v in values)


def test_nonlinear_hand_computed_order_one():
    # features at (5, 10): (5 − 1)/2 = 2, (10 − 2)/4 = 2, then the constant 100
    ds = nlct_string(1, 3, [[2, 0], [0, 3], [0.01, 0.02]], [1, 2, 0], [2, 4, 1])
    t = load_leaf_json({"className": NLCT, "dataString": ds})
    assert isinstance(t, NonLinearCoordinateTransform)
    assert np.allclose(t.tform(np.array([[5.0, 10.0]])), [[2 * 2 + 100 * 0.01, 2 * 3 + 100 * 0.02]])
    assert (t.width, t.height) == (64, 32)
    assert t.dataString == ds   # written back as loaded
    t.width = 65
    assert t.dataString == "1 3 2.0 0.0 0.0 3.0 0.01 0.02 1.0 2.0 0.0 2.0 4.0 1.0 65 32 "


def test_nonlinear_hand_computed_order_two():
    # features x, y, x², xy, y², 100 (no normalization: mean 0, var 1)
    beta = [[1, 0], [0, 0], [0, 0], [0, 1], [0, 0], [0.5, 0]]
    t = NonLinearCoordinateTransform(dataString=nlct_string(2, 6, beta, [0] * 6, [1] * 6))
    # (3, 4): x' = 3 + 50, y' = 12
    assert t.tform(np.array([[3.0, 4.0]])).tolist() == [[53.0, 12.0]]
    # a longer feature vector than needed: the surplus feature is 0, normalized
    t7 = NonLinearCoordinateTransform(dataString=nlct_string(2, 7, beta[:5] + [[1, 1], [0.5, 0]],
                                                             [0] * 5 + [-2, 0], [1] * 5 + [4, 1]))
    assert t7.tform(np.array([[3.0, 4.0]])).tolist() == [[53.5, 12.5]]


def test_nonlinear_malformed():
    good = nlct_string(1, 3, [[2, 0], [0, 3], [0.01, 0.02]], [1, 2, 0], [2, 4, 1])
    with pytest.raises(IndexError):
        NonLinearCoordinateTransform(dataString="5")
    for bad in (" " + good, good.replace(" ", "  ", 3), good + " 7", good.replace("64", "64.0"),
                good.replace("0.01", "abc"), ""):
        with pytest.raises(ValueError):
            NonLinearCoordinateTransform(dataString=bad)
    # trailing spaces are fine
    assert NonLinearCoordinateTransform(dataString=good + "   ").length == 3
    # a length too small for the dimension fails when applied (render-ws: 500)
    short = NonLinearCoordinateTransform(dataString=nlct_string(2, 3, [[0, 0]] * 3, [0] * 3, [1] * 3))
    with pytest.raises(IndexError):
        short.tform(np.zeros((1, 2)))


def test_nonlinear_round_trip_and_aliases():
    ds = nlct_string(1, 3, [[2, 0], [0, 3], [0.01, 0.02]], [1, 2, 0], [2, 4, 1])
    for cls in (NonLinearCoordinateTransform, NonLinearTransform, LensCorrection):
        d = {"type": "leaf", "className": cls.className, "dataString": ds, "id": "n",
             "metaData": {"labels": ["lens"]}}
        t = load_leaf_json(d)
        assert type(t) is cls
        out = t.to_dict()
        assert (out["className"], out["id"], out["metaData"]) == (cls.className, "n", {"labels": ["lens"]})
        assert load_leaf_json(out).to_dict() == out
    built = NonLinearCoordinateTransform(dataString=ds)
    assert built.to_dict() == {"type": "leaf", "className": NLCT, "dataString": built.dataString}
    assert NonLinearTransform(dataString=ds).className == NLCT  # built directly, as render-python


def test_nonlinear_estimate_recovers_quadratic_map():
    t = NonLinearCoordinateTransform(dataString=nlct_string(2, 6, [[0, 0]] * 6, [0] * 6, [1] * 6))
    x = np.linspace(0, 100, 20)
    src = np.array(np.meshgrid(x, x)).reshape(2, -1).T
    dst = np.column_stack([src[:, 0] + 0.001 * src[:, 0] * src[:, 1], 3 + src[:, 1] - 0.002 * src[:, 0] ** 2])
    ds = t.estimate(src, dst)
    assert ds == t.dataString
    assert np.allclose(t.tform(src), dst, atol=1e-6)
    assert np.allclose(NonLinearCoordinateTransform(dataString=ds).tform(src), dst, atol=1e-6)
    with pytest.raises(EstimationError):
        t.estimate(src, dst[:-1])


def test_nonlinear_tform_keeps_input_dtype():
    t = NonLinearCoordinateTransform(dataString=nlct_string(1, 3, [[1, 0], [0, 1], [0, 0]], [0] * 3, [1] * 3))
    assert t.tform(np.array([[3, 4]])).dtype == np.int64
    assert t.tform(np.array([[3.0, 4.0]], dtype=np.float32)).dtype == np.float32
def test_non_linear_loaded_data_string_is_written_back_verbatim_until_changed():
    from renderapi.transform import NonLinearCoordinateTransform

    text = "1 3 2.0E0 0 0 3 1.0E-2 0.02 1 2 0 2 4 1 64 32"
    tf = NonLinearCoordinateTransform(dataString=text)
    assert tf.dataString == text
    assert NonLinearCoordinateTransform(json=tf.to_dict()).dataString == text
    tf.beta = tf.beta * 2
    assert tf.dataString != text and tf.dataString.startswith("1 3 4")
