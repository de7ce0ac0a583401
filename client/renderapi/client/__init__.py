"""renderapi.client: running the render-ws java client (``run_ws_client.sh``) from Python.

So far this holds the :func:`renderclientaccess` decorator only; render-python's wrappers of the
java client classes (``import_jsonfiles``, ``tilePairClient``, ...) are not implemented yet.
"""

from .utils import *  # noqa: F403
from .utils import __all__ as _utils_all

__all__ = list(_utils_all)
