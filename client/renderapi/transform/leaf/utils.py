"""Loading a leaf transform spec into the matching renderapi class."""

from __future__ import annotations

from typing import Any

from renderapi.errors import RenderError

from .affine_models import AffineModel, RigidModel, SimilarityModel, TranslationModel
from .homography_models import HomographyModel
from .polynomial_models import (
    LensCorrection,
    NonLinearCoordinateTransform,
    NonLinearTransform,
    Polynomial2DTransform,
)
from .thin_plate_spline import ThinPlateSplineTransform
from .transform import Transform, logger

__all__ = ["load_leaf_json"]

LEAF_CLASSES = {
    cls.className: cls
    for cls in (AffineModel, Polynomial2DTransform, TranslationModel, RigidModel, SimilarityModel,
                HomographyModel, NonLinearTransform, LensCorrection, ThinPlateSplineTransform,
                NonLinearCoordinateTransform)
}


def load_leaf_json(d: dict[str, Any]) -> Transform:
    """Load a leaf spec ``{"type": "leaf", "className": …, "dataString": …}`` into its class.

    Known classNames (the affine family, HomographyModel2D, PolynomialTransform2D,
    NonLinearCoordinateTransform and render-python's two aliases of it, ThinPlateSplineTransform)
    get their class, whose ``tform(points)`` maps an (N, 2) array as render-ws does; any other
    className gives a generic :class:`Transform` that only round-trips its spec (its ``tform``
    raises an error that is both AttributeError and NotImplementedError).

    Errors, matching render-ws's answers when it instantiates the same spec:

    * ``RenderError`` — ``type`` is present and not ``leaf``; ``KeyError`` — no ``className`` /
      ``dataString``;
    * ``ValueError`` (render-ws: 400, NumberFormatException) — a token Java cannot parse as a number,
      a wrong token count (affine family, homography, NonLinearCoordinateTransform), an undecodable
      base64 block;
    * ``IndexError`` (render-ws: 500) — a NonLinearCoordinateTransform or ThinPlateSplineTransform
      string too short for the fields it declares (an uncompressed '@' block too short included),
      raised on loading; a PolynomialTransform2D with fewer than two coefficients or a
      NonLinearCoordinateTransform whose length is too small for its dimension, raised by ``tform``
      (render-ws fails when it applies them).

    The ValueError and IndexError raised here are also RenderErrors.
    """
    tform_type = d.get("type", "leaf")
    if tform_type != "leaf":
        raise RenderError(f"Unexpected or unknown Transform Type {tform_type}")
    tform_class = d["className"]
    leaf_class = LEAF_CLASSES.get(tform_class)
    if leaf_class is None:
        logger.info(f"Leaf transform class {tform_class} not defined in transform module, using generic")
        return Transform(json=d)
    return leaf_class(json=d)
