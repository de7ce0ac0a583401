"""renderapi.transform TransformList, ReferenceTransform, InterpolatedTransform, load_transform_json."""
import json

import numpy as np
import pytest

from renderapi.errors import RenderError
from renderapi.transform import (
    AffineModel,
    InterpolatedTransform,
    Polynomial2DTransform,
    ReferenceTransform,
    Transform,
    TransformList,
    load_transform_json,
)

AFF = {"type": "leaf", "className": "mpicbg.trakem2.transform.AffineModel2D",
       "dataString": "1.0000000000 0.0000000000 0.0000000000 1.0000000000 10.0000000000 0.0000000000",
       "id": "aff", "metaData": {"labels": ["lens"]}}
POLY = {"type": "leaf", "className": "mpicbg.trakem2.transform.PolynomialTransform2D",
        "dataString": "0.0 1.0 0.0 0.0 0.0 1.0"}
NESTED = {"type": "list", "id": "outer", "specList": [
    AFF, {"type": "list", "specList": [POLY, {"type": "ref", "refId": "shared"}]},
    {"type": "interpolated", "a": AFF, "b": {"type": "list", "specList": [POLY]}, "lambda": 0.25}]}


def test_nested_round_trip():
    tl = load_transform_json(NESTED)
    assert isinstance(tl, TransformList) and tl.transformId == "outer"
    assert [type(t) for t in tl.tforms] == [AffineModel, TransformList, InterpolatedTransform]
    assert tl.to_dict() == NESTED
    assert TransformList(json=tl.to_dict()).to_dict() == NESTED
    assert json.loads(tl.to_json()) == NESTED


def test_transform_list_arguments():
    assert TransformList().to_dict() == {"type": "list", "specList": []}
    assert TransformList([AffineModel()], transformId="x").to_dict()["id"] == "x"
    with pytest.raises(RenderError):
        TransformList(tforms=AffineModel())
    assert TransformList(json=None).tforms == []


def test_reference_transform():
    ref = ReferenceTransform(refId="shared")
    assert ref.to_dict() == dict(ref) == {"type": "ref", "refId": "shared"}
    assert ReferenceTransform(json=ref.to_dict()).refId == "shared"
    assert str(ref) == repr(ref) == "ReferenceTransform(shared)"


def test_interpolated_transform():
    it = InterpolatedTransform(a=AffineModel(B0=1.0), b=Polynomial2DTransform(params=np.eye(2, 3, 1)),
                               lambda_=0.5)
    d = it.to_dict()
    assert list(d) == ["type", "a", "b", "lambda"] and d["lambda"] == 0.5
    assert dict(InterpolatedTransform(json=d)) == d == dict(it)


def test_load_transform_json_errors_and_defaults():
    assert isinstance(load_transform_json({"className": "a.B", "dataString": "x"}), Transform)
    assert isinstance(load_transform_json({"type": "list", "specList": []}), TransformList)
    assert isinstance(load_transform_json({"refId": "r"}, default_type="ref"), ReferenceTransform)
    with pytest.raises(RenderError):
        load_transform_json({"type": "not_a_type", "dataString": "junk"})
    with pytest.raises(RenderError):
        load_transform_json({"type": "leaf", "className": "a.B"})
    with pytest.raises(RenderError):
        load_transform_json({"type": "interpolated", "a": AFF, "lambda": 0.5})
