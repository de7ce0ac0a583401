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


def test_importing_transforms_leaves_scipy_for_first_use():
    """scipy (~0.3 s to import) loads when a fit or thin-plate spline first needs it and requests with
    renderapi.render, not with renderapi.transform: every emulated run_ws_client.sh process imports the
    transforms (issue #13)."""
    import subprocess
    import sys

    code = ("import sys, renderapi.transform as T\n"
            "assert 'scipy' not in sys.modules, 'scipy loaded on import'\n"
            "assert 'requests' not in sys.modules, 'requests loaded on import'\n"
            "assert T.thin_plate_spline.scipy.spatial.distance.cdist is not None\n"
            "assert T.affine_models.svd.__module__.startswith('scipy')\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_lazy_scipy_attributes_are_render_pythons():
    import numpy as np
    import scipy.linalg
    import scipy.spatial

    T = renderapi.transform
    assert T.affine_models.svd is scipy.linalg.svd and T.polynomial_models.svd is scipy.linalg.svd
    assert T.affine_models.LinAlgError is np.linalg.LinAlgError
    assert T.thin_plate_spline.scipy.spatial is scipy.spatial
    for module in (T.affine_models, T.polynomial_models, T.thin_plate_spline):
        assert not hasattr(module, "no_such_attribute")
