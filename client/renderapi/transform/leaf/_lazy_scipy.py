"""scipy for the leaf transforms, imported on first use.

render-python imports ``scipy.linalg`` and ``scipy.spatial`` when ``renderapi.transform`` loads; that costs
about 0.3 s, paid by every short-lived process that only reads or writes transform JSON (each emulated
``run_ws_client.sh`` call, each worker of ``import_tilespecs_parallel``). The modules keep the same
attributes (``svd``, ``LinAlgError``, ``scipy``) through a module ``__getattr__`` that calls these helpers.
"""

from __future__ import annotations

import importlib
import logging
from types import ModuleType
from typing import Any

logger = logging.getLogger(__name__)


def linalg() -> ModuleType:
    """``scipy.linalg``, or ``numpy.linalg`` when scipy cannot be imported (as render-python falls back)."""
    try:
        return importlib.import_module("scipy.linalg")
    except ImportError as e:
        logger.info(e)
        logger.info("scipy-based linalg may or may not lead to better parameter fitting")
        return importlib.import_module("numpy.linalg")


def svd(*args: Any, **kwargs: Any) -> Any:
    """``linalg().svd``: the singular value decomposition render-python's fits use."""
    return linalg().svd(*args, **kwargs)


def spatial_scipy() -> ModuleType:
    """The ``scipy`` package with ``scipy.spatial`` (and its ``distance``) loaded."""
    importlib.import_module("scipy.spatial")
    return importlib.import_module("scipy")


def cdist(*args: Any, **kwargs: Any) -> Any:
    """``scipy.spatial.distance.cdist``."""
    return spatial_scipy().spatial.distance.cdist(*args, **kwargs)


def linalg_attribute(module_name: str, name: str) -> Any:
    """``svd`` / ``LinAlgError`` of :func:`linalg` for a module ``__getattr__``; AttributeError otherwise."""
    if name in ("svd", "LinAlgError"):
        return getattr(linalg(), name)
    raise AttributeError(f"module {module_name!r} has no attribute {name!r}")
