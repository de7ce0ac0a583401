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


# ---------------------------------------------------------------------------- AffineWarpFieldTransform
WARP = RENDER + "AffineWarpFieldTransform"
NLINEAR = "net.imglib2.interpolation.randomaccess.NLinearInterpolatorFactory"


def test_warp_field_offsets_match_render_test():
    """AffineWarpFieldTransformTest.testOffsetWarpField (lines 62-80)."""
    values = ("1.0 1.0 1.0 1.0   0.0 0.0 0.0 0.0   0.0 0.0 0.0 0.0   1.0 1.0 1.0 1.0   11.0 0.0 0.0 0.0   "
              "22.0 0.0 0.0 0.0")
    transform = jt.load(WARP, f"50000.0 60000.0 100.0 100.0 2 2 {NLINEAR} none {values}")
    np.testing.assert_allclose(transform.tform(np.array([[50075.0, 60075.0]])), [[50075, 60075]], atol=0.001)
    np.testing.assert_allclose(transform.tform(np.array([[5500.0, 6600.0]])), [[5511, 6622]], atol=0.001)


def test_warp_fields_align_the_two_rough_tiles_of_render_test():
    """AffineWarpFieldTransformTest.testApplyWithOffset (lines 82-104): both warped points agree to 0.5."""
    head = f"36801.0 38528.0 11193.0 10962.0 3 3 {NLINEAR} none "
    t2213 = jt.load(WARP, head + (
        "0.9955773305800001 0.991077036436 0.993045280237 0.995354187201 1.000440714444 0.993790147206 "
        "0.996826382514 0.995984897583 0.993719307666 0.01409965501 0.016043896631 0.014746860293 "
        "-0.002873982878 -0.00116022483 0.013510382867 -0.001192439754 5.859217E-6 0.003145943468 "
        "-0.011013582015 -0.012338129925 -0.011908982997 9.48924979E-4 0.001618271534 -0.010230964811 "
        "-0.003459918858 -0.001934553341 -0.003394926989 1.005886392262 0.997166313186 0.999118607908 "
        "0.997128656592 0.99959916781 0.9938648030169999 0.995198137272 0.99522146313 0.996689024213 "
        "595.9319718807892 840.5108973976676 756.6997755585908 134.61896849736513 -90.68584564211778 "
        "653.6872400376087 276.2241293772531 252.27854943129933 442.0244489518518 -712.0535594469839 "
        "-444.47068907479843 -472.35482359516755 232.63408066138072 54.873101921861235 -171.56798092255485 "
        "266.64185113671556 213.42933412336424 9.520116822772252"))
    t2214 = jt.load(WARP, head + (
        "1.005916360785 0.999726895974 1.0032903825 0.999011164133 0.995630647938 0.999171576137 "
        "0.993627298016 0.992966230905 0.995784242226 -0.033505270333 -0.025013174227 -0.023106681427 "
        "0.010199359671 0.007466438547 -0.018462225246 0.004145377744 0.002953109544 -0.004881533511 "
        "0.02749785704 0.022379883781 0.020515981125000003 -0.004649267250000001 -0.007437328707999999 "
        "0.023141381705999997 0.001742504742 0.001594180262 0.003233441931 0.987061846555 0.9888275814660001 "
        "0.987195727255 0.9940432578330001 0.99379727775 0.987054589311 0.9988320354900001 0.990503841195 "
        "0.988658379966 -1285.8920960785908 -818.2145529960326 -876.2297317394696 243.17938852629595 "
        "517.9499065289638 -800.95992288657 161.5480024563949 209.21105711330165 30.77146844597155 "
        "1683.4249266760016 1254.852962180652 1233.1454154581006 -149.63373950312962 -24.064125550125027 "
        "1046.9034649959576 -117.76655505561939 323.5501992759964 755.2238918685835"))
    warp2213 = t2213.tform(np.array([[46214.0, 39961.0]]))
    warp2214 = t2214.tform(np.array([[46068.0, 40484.0]]))
    np.testing.assert_allclose(warp2213, warp2214, atol=0.5)


def test_warp_field_data_errors():
    """AffineWarpFieldTransform.init (lines 99-155) and buildInterpolatorFactoryInstance (line 301)."""
    with pytest.raises(InitError, match="^warp field data must contain at least 8 fields$"):
        jt.load(WARP, "0 0 1 1 1 1")
    with pytest.raises(InitError, match="^expected warp field data to contain 14 fields but found 9"):
        jt.load(WARP, f"0 0 1 1 1 1 {NLINEAR} none 1")
    with pytest.raises(InitError, match="^class 'no.Such' cannot be found$"):
        jt.load(WARP, "0 0 1 1 1 1 no.Such none 1 0 0 1 0 0")


@pytest.mark.parametrize(("class_name", "data"), [
    ("mpicbg.trakem2.transform.AffineModel3D", "1 0 0 5 0 1 0 6 0 0 1 7"),
    (MLS2, "affine 2 2.0 1 2 30 40 1.0 5 6 70 80 1.0 9 1 3 3 1.0"),
    (RENDER + "SEMDistortionTransformA", "1,2,3,4,0"),
    (WARP, f"0 0 1 1 1 1 {NLINEAR} none 1 0 0 1 0 0"),
])
def test_no_points_map_to_no_points(class_name, data):
    """An empty point list (a tile without mesh vertices) maps to an empty list for every class."""
    assert jt.load(class_name, data).tform(np.empty((0, 2))).shape == (0, 2)
