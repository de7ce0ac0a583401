"""renderapi.transform.estimate_dstpts and estimate_transformsum."""
import numpy as np
import pytest

from renderapi.errors import EstimationError, RenderError
from renderapi.transform import (
    AffineModel,
    Polynomial2DTransform,
    ReferenceTransform,
    TransformList,
    estimate_dstpts,
    estimate_transformsum,
)


def affines():
    am1 = AffineModel(M00=0.9, M10=-0.2, M01=0.3, M11=0.85, B0=245.3, B1=-234.1)
    am2 = AffineModel(M00=0.9, M10=-0.2, M01=0.3, M11=0.85, B0=-100, B1=3)
    am3 = AffineModel(M00=1.9, M10=-0.2, M01=0.3, M11=1.85, B0=-25.3, B1=60.1)
    return am1, am2, am3


def test_estimate_dstpts_applies_in_order_and_recurses():
    shift = AffineModel(B0=10.0)
    double = AffineModel(M00=2.0, M11=2.0)
    src = np.array([[1.0, 1.0]])
    # shift first, then double: (1, 1) -> (11, 1) -> (22, 2)
    assert estimate_dstpts([shift, double], src).tolist() == [[22.0, 2.0]]
    assert estimate_dstpts([TransformList([shift]), [double]], src).tolist() == [[22.0, 2.0]]


def test_estimate_dstpts_dereferences():
    shared = AffineModel(B0=10.0, transformId="shared")
    src = np.array([[1.0, 1.0]])
    tforms = [ReferenceTransform(refId="shared"), AffineModel(M00=2.0)]
    assert estimate_dstpts(tforms, src, [AffineModel(transformId="other"), shared]).tolist() == [[22.0, 1.0]]
    with pytest.raises(RenderError):
        estimate_dstpts(tforms, src)
    with pytest.raises(RenderError):
        estimate_dstpts(tforms, src, [AffineModel(transformId="other")])


def test_transformsum_of_affines_is_their_concatenation():
    am1, am2, am3 = affines()
    src = np.random.default_rng(0).random((50, 2))
    total = estimate_transformsum([am1, [[am2, am3]]], src=src)
    assert isinstance(total, AffineModel)
    assert np.allclose(total.M, am3.concatenate(am2).concatenate(am1).M)


def test_transformsum_with_polynomial_gives_polynomial():
    am1, am2, _ = affines()
    src = np.random.default_rng(1).random((50, 2))
    total = estimate_transformsum([Polynomial2DTransform(identity=True), am1, am2], src=src, order=1)
    assert isinstance(total, Polynomial2DTransform) and total.order == 1
    new = np.random.default_rng(2).random((20, 2))
    assert np.allclose(total.tform(new), am2.concatenate(am1).tform(new))
    bent = Polynomial2DTransform(params=np.array([[0, 1, 0, 1e-3, 0, 0], [0, 0, 1, 0, 0, 2e-3]]))
    with pytest.raises(EstimationError):
        estimate_transformsum([bent, am1], src=src * 1000, order=1)
    assert estimate_transformsum([bent, am1], src=src * 1000, order=2).order == 2
