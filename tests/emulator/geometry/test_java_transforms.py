"""geometry.java_transforms: the Java transform classes render-python has no class for, checked against
render's own tests and hand-derived values from the Java formulas (cited per test)."""

import numpy as np
import pytest

from render_emulator.geometry import java_transforms as jt
from render_emulator.geometry.java_transforms.errors import ApplyError, InitError

RENDER = "org.janelia.alignment.transform."
MLS2 = "mpicbg.trakem2.transform.MovingLeastSquaresTransform2"
MLS = "mpicbg.trakem2.transform.MovingLeastSquaresTransform"


def apply(class_name, data, points):
    return jt.load(class_name, data).tform(np.array(points, dtype=np.float64))


# ---------------------------------------------------------------------------- single-dimension family
def test_exponential_function_offset_matches_render_test():
    """render-app src/test/.../transform/ExponentialFunctionOffsetTransformTest.java:44-56"""
    out = apply(RENDER + "ExponentialFunctionOffsetTransform", "3.26097,0.0060185,0.30164,0",
                [[0, 1111], [200, 1111], [600, 1111]])
    np.testing.assert_allclose(out[:, 0], [0 - 3.5, 200 - 1.2, 600 - 0.3], atol=0.1)
    np.testing.assert_allclose(out[:, 1], 1111, atol=1e-4)


def test_exponential_recovery_offset_matches_render_test():
    """render-app src/test/.../transform/ExponentialRecoveryOffsetTransformTest.java:45-57"""
    out = apply(RENDER + "ExponentialRecoveryOffsetTransform", "9.47533 0.0053344 -14.99262 0",
                [[0, 1111], [200, 1111], [600, 1111]])
    np.testing.assert_allclose(out[:, 0], [0 + 14.9, 200 + 8.8, 600 + 5.9], atol=0.1)
    np.testing.assert_allclose(out[:, 1], 1111, atol=1e-4)


def test_sem_distortion_a_formula():
    """SEMDistortionTransformA.java:35: v += a·exp(−v/b) + c·exp(−v/d) on the chosen dimension (1 = y)."""
    out = apply(RENDER + "SEMDistortionTransformA", "19.4,64.8,24.4,972.0,1", [[5, 0], [5, 100]])
    assert out[0].tolist() == [5.0, 19.4 + 24.4]
    assert out[1, 1] == pytest.approx(100 + 19.4 * np.exp(-100 / 64.8) + 24.4 * np.exp(-100 / 972.0))


def test_single_dimension_errors():
    """MultiParameterSingleDimensionTransform.java:47-52 (wrong value count: IllegalArgumentException,
    400); a dimension past the location array fails when applied (ArrayIndexOutOfBounds, 500)."""
    with pytest.raises(InitError, match=r"^transform data must contain 4 comma separated values \(3 "
                                        r"coefficients followed by dimension\), found 3 values instead$"):
        jt.load(RENDER + "ExponentialFunctionOffsetTransform", "1,2,3")
    with pytest.raises(InitError, match='For input string: "x"'):
        jt.load(RENDER + "SEMDistortionTransformA", "1,2,3,x,0")
    with pytest.raises(InitError, match='For input string: "0.5"'):
        jt.load(RENDER + "SEMDistortionTransformA", "1,2,3,4,0.5")
    with pytest.raises(ApplyError, match="^Index 2 out of bounds for length 2$"):
        apply(RENDER + "ExponentialFunctionOffsetTransform", "1,2,3,2", [[1, 1]])


# ---------------------------------------------------------------------------- moving least squares
# control points of a pure 2x scaling with a shift: every model family reproduces it exactly where it can
CONTROLS = [(0, 0), (100, 0), (0, 100), (100, 100)]


def mls_data(model, alpha=1.0, target=lambda x, y: (2 * x + 5, 2 * y - 3), weight=1.0):
    values = " ".join(f"{x} {y} {target(x, y)[0]} {target(x, y)[1]} {weight}" for x, y in CONTROLS)
    return f"{model} 2 {alpha} {values}"


@pytest.mark.parametrize("class_name", [MLS, MLS2])
def test_mls_reproduces_a_global_similarity(class_name):
    """Schaefer's MLS with a model that fits all control points exactly maps every point by that model
    (AffineModel2D.fit / SimilarityModel2D.fit closed forms, mpicbg models/*.java)."""
    points = [[10, 20], [55.5, 70.25], [-30, 140]]
    expected = [[2 * x + 5, 2 * y - 3] for x, y in points]
    for model in ("affine", "similarity"):
        np.testing.assert_allclose(apply(class_name, mls_data(model), points), expected, atol=1e-6)


def test_mls_translation_and_rigid_hand_derived():
    """TranslationModel2D.fit: t = q̄ − p̄ with weights w/|p−x|^(2α); at the centre of a symmetric
    layout every weight is equal, so the shift is the mean shift; RigidModel2D.fit: a pure rotation by
    90° about the centroid is reproduced exactly."""
    out = apply(MLS2, mls_data("translation", target=lambda x, y: (x + 7, y + (11 if x else 0))), [[50, 50]])
    np.testing.assert_allclose(out, [[57, 55.5]], atol=1e-5)
    rotate = mls_data("rigid", target=lambda x, y: (100 - y, x))
    np.testing.assert_allclose(apply(MLS2, rotate, [[25, 75]]), [[25, 25]], atol=1e-5)


def test_mls_control_point_maps_to_its_target_and_too_few_points_leave_points_alone():
    """MovingLeastSquaresTransform2.applyInPlace: a location on p (squared distance 0) takes q; a model
    fit that throws NotEnoughDataPointsException is caught and the location is left unchanged."""
    data = "affine 2 2.0 1 2 30 40 1.0 5 6 70 80 1.0"     # 2 matches < AffineModel2D's 3
    np.testing.assert_array_equal(apply(MLS2, data, [[5, 6], [1, 2], [9, 9]]), [[70, 80], [30, 40], [9, 9]])


def test_mls2_rounds_points_and_weights_to_float():
    """MLS2 keeps p, q, w as float[] (mpicbg models/MovingLeastSquaresTransform2.java): a q of
    0.1 is stored as float32(0.1); MovingLeastSquaresTransform keeps doubles."""
    data = "affine 2 1.0 0 0 0.1 0.1 1.0 10 0 10 0 1.0 0 10 0 10 1.0"
    assert apply(MLS2, data, [[0, 0]])[0, 0] == float(np.float32(0.1))
    assert apply(MLS, data, [[0, 0]])[0, 0] == 0.1


@pytest.mark.parametrize("data", [
    "affine 2 1.0", "affine 2 1.0 1 2 3 4", "shear 2 1.0 1 2 3 4 5", "rigid 3 1.0 1 2 3 4 5 6 7",
    "affine 4 1.0 1 2 3 4 5 6 7 8 9",
])
def test_mls_bad_data_strings_are_number_format_errors(data):
    """trakem2 MovingLeastSquaresTransform2.init: too few fields, a count not divisible by 2n+1, an
    unknown model or dimension all throw NumberFormatException('Inappropriate parameters for …')."""
    with pytest.raises(InitError, match=f"^Inappropriate parameters for {MLS2}$"):
        jt.load(MLS2, data)


def test_mls_three_dimensional_model_fails_on_two_dimensional_points():
    """'affine 3' fits mpicbg's AffineModel3D, whose applyInPlace reads l[2] (AffineModel3D.java:110)."""
    values = " ".join(f"{x} {y} {z} {x} {y} {z} 1" for x, y, z in
                      [(0, 0, 0), (1, 0, 0), (0, 1, 0), (0, 0, 1), (1, 1, 1)])
    transform = jt.load(MLS2, f"affine 3 1.0 {values}")
    with pytest.raises(ApplyError, match="^Index 2 out of bounds for length 2$"):
        transform.tform(np.array([[0.5, 0.5]]))


def test_mls_many_points_are_fast():
    """A 100-control-point MLS over 200,000 points (a 2k x 2k tile's mesh many times over) stays quick."""
    rng = np.random.default_rng(1)
    p = rng.uniform(0, 2000, (100, 2))
    values = " ".join(f"{x} {y} {x + 3} {y - 2} 1" for x, y in p)
    transform = jt.load(MLS2, f"affine 2 2.0 {values}")
    out = transform.tform(rng.uniform(0, 2000, (200_000, 2)))
    assert out.shape == (200_000, 2) and np.isfinite(out).all()


# ---------------------------------------------------------------------------- AffineModel3D and refusals
def test_affine_model_3d_parses_twelve_numbers_and_fails_on_2d_points():
    """mpicbg AffineModel3D.applyInPlace reads l[2] (AffineModel3D.java:110): 500 once applied."""
    transform = jt.load("mpicbg.trakem2.transform.AffineModel3D", "1 0 0 5 0 1 0 6 0 0 1 7")
    with pytest.raises(ApplyError, match="^Index 2 out of bounds for length 2$"):
        transform.tform(np.array([[1.0, 2.0]]))
    with pytest.raises(InitError, match="^Inappropriate parameters for "
                                        "mpicbg.trakem2.transform.AffineModel3D$"):
        jt.load("mpicbg.trakem2.transform.AffineModel3D", "1 0 0 5")


def test_classes_render_ws_cannot_instantiate():
    """LeafTransformSpec.java:136-141 (newInstance fails) and the trakem2 list classes' init."""
    with pytest.raises(InitError, match="^failed to create instance of transform class "
                                        "'org.janelia.alignment.transform.CurveFitterTransform'$"):
        jt.load(RENDER + "CurveFitterTransform", "1")
    with pytest.raises(InitError, match="^There is no parameter based initialisation for "
                                        "mpicbg.trakem2.transform.CoordinateTransformList$"):
        jt.load("mpicbg.trakem2.transform.CoordinateTransformList", "")
