"""Applying and summarizing lists of transforms."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from renderapi.errors import RenderError

from .leaf import AffineModel, Polynomial2DTransform
from .transform import ReferenceTransform, TransformList

__all__ = ["estimate_dstpts", "estimate_transformsum"]


def estimate_dstpts(transformlist, src=None, reference_tforms=None) -> np.ndarray:
    """Map Nx2 ``src`` through ``transformlist`` in order.

    Nested python lists and TransformLists are applied recursively; a ReferenceTransform is replaced
    by the first of ``reference_tforms`` whose ``transformId`` equals its ``refId`` (RenderError when
    ``reference_tforms`` is None or holds no such transform).
    """
    dstpts = src
    for tform in transformlist:
        if isinstance(tform, list):
            dstpts = estimate_dstpts(tform, dstpts, reference_tforms)
        elif isinstance(tform, TransformList):
            dstpts = estimate_dstpts(tform.tforms, dstpts, reference_tforms)
        elif isinstance(tform, ReferenceTransform):
            if reference_tforms is None:
                raise RenderError(
                    "you supplied a set of tranforms that includes a reference transform, but didn't "
                    "supply a set of reference transforms to enable dereferencing")
            tform_deref = next((tf for tf in reference_tforms if tf.transformId == tform.refId), None)
            if tform_deref is None:
                raise RenderError(
                    f"the list of transforms you provided references transorm {tform.refId} but that "
                    "transform could not be found in the list of reference transforms")
            dstpts = estimate_dstpts([tform_deref], dstpts, reference_tforms)
        else:
            dstpts = tform.tform(dstpts)
    return dstpts


def _top_level_transforms(tforms):
    """render-python's flatten: yields the non-iterable elements; nested lists are skipped (QUIRK)."""
    for tform in tforms:
        if isinstance(tform, str):
            yield from _top_level_transforms(tform)
        elif not isinstance(tform, Iterable):
            yield tform


def estimate_transformsum(transformlist, src=None, order=2):
    """One transform approximating ``transformlist`` on the points ``src``.

    An AffineModel fitted to the mapped points when every top-level element is an AffineModel2D (as
    in render-python, elements of nested lists are not inspected), else a Polynomial2DTransform of
    ``order`` (EstimationError when it cannot reproduce the mapping within 1e-3).
    """
    dstpts = estimate_dstpts(transformlist, src)
    if all(getattr(tform, "className", None) == AffineModel.className
           for tform in _top_level_transforms(transformlist)):
        am = AffineModel()
        am.estimate(A=src, B=dstpts, return_params=False)
        return am
    return Polynomial2DTransform(src=src, dst=dstpts, order=order)
