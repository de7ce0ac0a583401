"""Transforms (render's TransformSpec JSON and the mpicbg math), as render-python's renderapi.transform.

Besides the classes and functions, the submodules are attributes as in render-python: ``leaf``,
``affine_models``, ``polynomial_models``, ``thin_plate_spline``, ``common`` (from ``leaf``), ``utils``
(this package's) and ``transform`` (``leaf.transform``, where render-python's star imports leave it).
"""

from . import leaf, utils
from .leaf import (
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
    affine_models,
    common,
    load_leaf_json,
    polynomial_models,
    thin_plate_spline,
)
from .transform import InterpolatedTransform, ReferenceTransform, TransformList, load_transform_json
from .utils import estimate_dstpts, estimate_transformsum

# render-python's star imports leave leaf.transform (the generic Transform module) under this name
transform = leaf.transform

__all__ = [
    "Transform", "AffineModel", "TranslationModel", "RigidModel", "SimilarityModel", "HomographyModel",
    "Polynomial2DTransform", "NonLinearCoordinateTransform", "NonLinearTransform", "LensCorrection",
    "ThinPlateSplineTransform", "TransformList", "ReferenceTransform", "InterpolatedTransform",
    "load_transform_json", "load_leaf_json", "estimate_dstpts", "estimate_transformsum",
    "leaf", "affine_models", "polynomial_models", "thin_plate_spline", "common", "utils", "transform",
]
