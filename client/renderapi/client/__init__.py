"""renderapi.client: running the render-ws java client (``run_ws_client.sh``) from Python.

Re-exports the names of :mod:`.client` (imports and renders), :mod:`.client_calls` (one wrapper per
java class), :mod:`.utils` (:func:`renderclientaccess`) and :mod:`.params` (argument objects), plus
``WithPool`` and ``ClientScriptError``, as render-python does.
"""

from .client import *  # noqa: F403
from .client import WithPool
from .client import __all__ as _client_all
from .client_calls import *  # noqa: F403
from .client_calls import __all__ as _client_calls_all
from .params import *  # noqa: F403
from .params import __all__ as _params_all
from .utils import *  # noqa: F403
from .utils import __all__ as _utils_all

__all__ = [*_client_all, *_client_calls_all, *_utils_all, *_params_all, "WithPool"]
