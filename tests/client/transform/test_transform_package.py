"""renderapi.transform import surface (render-python 2.4.2 names and submodule attributes)."""
import renderapi

NAMES = ["Transform", "AffineModel", "TranslationModel", "RigidModel", "SimilarityModel",
         "Polynomial2DTransform", "NonLinearCoordinateTransform", "NonLinearTransform", "LensCorrection",
         "ThinPlateSplineTransform", "TransformList", "ReferenceTransform", "InterpolatedTransform",
         "load_transform_json", "load_leaf_json", "estimate_dstpts", "estimate_transformsum"]


def test_names_and_submodules():
    T = renderapi.transform
    for name in NAMES:
        assert hasattr(T, name), name
    assert "transform" in renderapi.__all__
    assert T.leaf.__name__ == "renderapi.transform.leaf"
    assert T.affine_models.__name__ == "renderapi.transform.leaf.affine_models"
    assert T.polynomial_models.__name__ == "renderapi.transform.leaf.polynomial_models"
    assert T.thin_plate_spline.__name__ == "renderapi.transform.leaf.thin_plate_spline"
    assert T.common.__name__ == "renderapi.transform.leaf.common"
    assert T.utils.__name__ == "renderapi.transform.utils"
    assert T.transform.__name__ == "renderapi.transform.leaf.transform"
    assert T.polynomial_models.svd is not None
    assert T.leaf.load_leaf_json is T.load_leaf_json
