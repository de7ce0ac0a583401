"""Transform classes render-ws can instantiate that render-python has no class for, computed emulator-side.

One registry for services/transform_specs.py (and through it coordinates, bounding boxes, images and
validation): :data:`COMPUTED` maps a className to a factory taking the dataString (the Java ``init``) and
returning an object whose ``tform`` maps (N, 2) local points to world; :data:`REFUSED` maps classes that
exist on render-ws's class path but that LeafTransformSpec can never instantiate
(render-app/src/main/java/org/janelia/alignment/spec/LeafTransformSpec.java:132-151: ``newInstance``
fails before the dataString is looked at) and :data:`INIT_REFUSED` those whose ``init`` always throws, to
render-ws's 400 message. Errors: :class:`errors.InitError` (ValueError, 400) and :class:`errors.ApplyError`
(IndexError, 500).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from render_emulator.geometry.java_transforms.class_names import (
    AFFINE3D_CLASS,
    MLS2_CLASS,
    MLS_CLASS,
    WARP_FIELD_CLASS,
)

__all__ = ["COMPUTED", "REFUSED", "INIT_REFUSED", "load", "InitError", "ApplyError"]


def _lazy(module: str, function: str) -> Callable[[str], Any]:
    """``module.function``, its module imported on the first call: the transform modules load numpy (and
    renderapi.transform), which a process deriving only affine boxes (an emulated ImportJsonClient) never
    needs (issue #13)."""
    def factory(data: str) -> Any:
        return getattr(importlib.import_module(f"{__name__}.{module}"), function)(data)

    factory.__name__ = factory.__qualname__ = function
    return factory


def __getattr__(name: str) -> Any:
    """``InitError`` and ``ApplyError`` from :mod:`.errors`, imported when first asked for (PEP 562)."""
    if name in ("InitError", "ApplyError"):
        return getattr(importlib.import_module(f"{__name__}.errors"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_RENDER = "org.janelia.alignment.transform."
_TRAKEM2 = "mpicbg.trakem2.transform."

COMPUTED: dict[str, Callable[[str], Any]] = {
    MLS_CLASS: _lazy("moving_least_squares", "moving_least_squares"),
    MLS2_CLASS: _lazy("moving_least_squares", "moving_least_squares2"),
    AFFINE3D_CLASS: _lazy("affine3d", "affine_model_3d"),
    WARP_FIELD_CLASS: _lazy("warp_field", "affine_warp_field"),
    _RENDER + "ExponentialFunctionOffsetTransform": _lazy("single_dimension", "exponential_function_offset"),
    _RENDER + "ExponentialRecoveryOffsetTransform": _lazy("single_dimension", "exponential_recovery_offset"),
    _RENDER + "SEMDistortionTransformA": _lazy("single_dimension", "sem_distortion_a"),
}


def _cannot_create(class_name: str) -> str:
    # Class.newInstance fails: an interface, an abstract class or no public no-argument constructor
    return f"failed to create instance of transform class '{class_name}'"


def _no_init(class_name: str) -> str:
    # the trakem2 list classes' init always throws NumberFormatException
    return f"There is no parameter based initialisation for {class_name}"


REFUSED: dict[str, str] = {
    **{name: _cannot_create(name) for name in (
        _TRAKEM2 + "CoordinateTransform",             # interfaces
        _TRAKEM2 + "InvertibleCoordinateTransform",
        _TRAKEM2 + "TransformMesh",                   # constructors take a transform and a size
        _TRAKEM2 + "TransformMeshMapping",
        _TRAKEM2 + "TransformMeshMappingWithMasks",
        _RENDER + "MultiParameterSingleDimensionTransform",   # abstract
        # implements mpicbg.models.CoordinateTransform and has no no-argument constructor
        # (render-app .../transform/CurveFitterTransform.java:16)
        _RENDER + "CurveFitterTransform",
    )},
}
INIT_REFUSED: dict[str, str] = {name: _no_init(name) for name in (
    _TRAKEM2 + "CoordinateTransformList",
    _TRAKEM2 + "InvertibleCoordinateTransformList",
)}


def load(class_name: str, data: str) -> Any:
    """The transform of a computed class parsed from ``data`` (InitError on a bad dataString)."""
    refused = REFUSED.get(class_name) or INIT_REFUSED.get(class_name)
    if refused is not None:
        from render_emulator.geometry.java_transforms.errors import InitError

        raise InitError(refused)
    return COMPUTED[class_name](data)
