"""HTTP helpers, the JSON encoder and small utilities shared by every renderapi module."""

from __future__ import annotations

import base64
import inspect
import json
import logging
import tempfile
import zlib
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Any

import numpy

from .errors import RenderError

if TYPE_CHECKING:
    import requests

# render-python makes requests parse JSON with ujson when it is installed
try:
    import ujson as requests_json
except ImportError:
    import json as requests_json


def requests_with_render_json() -> ModuleType:
    """``requests``, set to parse JSON with :data:`requests_json` as render-python sets it on import.

    Imported on first use (by :mod:`renderapi.render`, which every HTTP call goes through): this module is
    also loaded by ``renderapi.transform``, e.g. in each emulated java-client process, which makes no
    request through renderapi and would pay ~0.07 s for requests.
    """
    import requests

    requests.models.complexjson = requests_json
    return requests


def __getattr__(name: str) -> Any:
    if name == "requests":   # a module attribute in render-python
        return requests_with_render_json()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

_BIG_ENDIAN_DOUBLE = numpy.dtype(">f8")


class NullHandler(logging.Handler):
    """A logging handler that drops every record."""

    def emit(self, record: logging.LogRecord) -> None:
        pass


logger = logging.getLogger(__name__)
logger.addHandler(NullHandler())


class RenderEncoder(json.JSONEncoder):
    """JSON encoder for renderapi objects.

    numpy scalars become Python numbers, objects with a ``to_dict`` method are serialized through it,
    mapping-like objects through ``dict(obj)``; anything else falls back to ``obj.__dict__``
    (so objects without one, such as numpy arrays, raise AttributeError as in render-python).
    """

    def default(self, obj: Any) -> Any:
        if isinstance(obj, numpy.integer):
            return int(obj)
        if isinstance(obj, numpy.floating):
            return float(obj)
        if isinstance(obj, numpy.bool_):
            return bool(obj)
        to_dict = getattr(obj, "to_dict", None)
        if callable(to_dict):
            return to_dict()
        try:
            return dict(obj)
        except TypeError:
            logger.debug("%s object is not a recognized dictionary", type(obj))
        try:
            return super().default(obj)
        except TypeError as e:
            logger.info(e)
            logger.warning("cannot json serialize %s.  Defaulting to __dict__", type(obj))
            return obj.__dict__


def _json_headers(d: Any) -> dict[str, str]:
    headers = {"content-type": "application/json"}
    if d is None:
        headers["Accept"] = "application/json"
    return headers


def post_json(
    session: requests.Session, request_url: str, d: Any, params: dict | None = None
) -> requests.Response:
    """POST ``d`` as JSON; RenderError unless the server answers 200, 201 or 204."""
    payload = None if d is None else renderdumps(d)
    r = session.post(request_url, data=payload, params=params, headers=_json_headers(d))
    if r.status_code not in (200, 201, 204):
        raise RenderError(
            f"cannot post {d} to {request_url} with params {params} returned status_code "
            f"{r.status_code} with message {r.text}"
        )
    return r


def put_json(
    session: requests.Session, request_url: str, d: Any, params: dict | None = None
) -> requests.Response:
    """PUT ``d`` as JSON; RenderError unless the server answers 200, 201 or 204."""
    payload = None if d is None else renderdumps(d)
    return put_encoded_json(session, request_url, d, payload, params)


def put_encoded_json(
    session: requests.Session, request_url: str, d: Any, payload: str | bytes | None,
    params: dict | None = None,
) -> requests.Response:
    """:func:`put_json` with ``d`` already encoded as ``payload``."""
    r = session.put(request_url, data=payload, params=params, headers=_json_headers(d))
    if r.status_code not in (200, 201, 204):
        raise RenderError(f"put {d} to {r.url} returned status code {r.status_code} with message {r.text}")
    return r


def rest_delete(session: requests.Session, request_url: str, params: dict | None = None) -> requests.Response:
    """DELETE ``request_url``; RenderError unless the server answers 200, 202 or 204. ``params`` is
    accepted and ignored, as in render-python (the request goes out with the URL alone)."""
    r = session.delete(request_url)
    if r.status_code not in (200, 202, 204):
        raise RenderError(f"delete of {r.url} returned {r.status_code} with message {r.text}")
    return r


def get_json(
    session: requests.Session,
    request_url: str,
    params: dict | None = None,
    stream: bool = False,
    **kwargs: Any,
) -> Any:
    """GET and decode a JSON answer; RenderError unless the status is 200 and the body is JSON."""
    r = session.get(request_url, params=params, stream=stream)
    if r.status_code != 200:
        raise RenderError(f"request to {r.url} returned error code {r.status_code} with message {r.text}")
    try:
        return r.json()
    except Exception as e:
        logger.error(e)
        logger.error(r.text)
        raise RenderError(r.text) from e


def renderdumps(obj: Any, *args: Any, **kwargs: Any) -> str:
    """``json.dumps`` with RenderEncoder (unless another ``cls`` is given)."""
    cls = kwargs.pop("cls", RenderEncoder)
    return json.dumps(obj, *args, cls=cls, **kwargs)


def renderdump(obj: Any, *args: Any, **kwargs: Any) -> None:
    """``json.dump`` with RenderEncoder; the file object is the first of ``args``."""
    cls = kwargs.pop("cls", RenderEncoder)
    return json.dump(obj, *args, cls=cls, **kwargs)


def renderdump_temp(obj: Any, *args: Any, **kwargs: Any) -> str:
    """Write ``obj`` as JSON to a new ``.json`` temporary file and return its path (caller deletes it)."""
    with tempfile.NamedTemporaryFile(suffix=".json", mode="w", delete=False) as tf:
        renderdump(obj, tf, *args, **kwargs)
    return tf.name


def jbool(val: Any) -> str:
    """Java boolean string of ``val``'s truth value: ``'true'`` or ``'false'``."""
    if not isinstance(val, bool):
        logger.warning("Evaluating javastring of non-boolean %s %s", type(val), val)
    return "true" if val else "false"


def stripLogger(logger_tostrip: logging.Logger) -> None:
    """Remove every handler from ``logger_tostrip``."""
    for handler in list(logger_tostrip.handlers):
        logger_tostrip.removeHandler(handler)


def defaultifNone(val: Any, default: Any = None) -> Any:
    """``val`` unless it is None, else ``default``."""
    return val if val is not None else default


def fitargspec(f: Callable, oldargs: tuple, oldkwargs: dict) -> tuple[tuple, dict]:
    """Split a call to ``f`` so that only parameters without defaults stay positional.

    Positional values for parameters that have defaults are moved into the keyword arguments under
    their parameter names. If ``f``'s signature cannot be matched (no defaults, too many positional
    values), the arguments are returned unchanged.
    """
    try:
        spec = inspect.getfullargspec(f)
        if spec.defaults is None:
            raise ValueError(f"{f} has no parameters with defaults")
        n_required = len(spec.args) - len(spec.defaults)
        if len(oldargs) > len(spec.args):
            raise ValueError(f"{len(oldargs)} positional arguments for {len(spec.args)} parameters")
        new_kwargs = dict(oldkwargs)
        new_kwargs.update(zip(spec.args[n_required:], oldargs[n_required:], strict=False))
        return tuple(oldargs[:n_required]), new_kwargs
    except Exception as e:
        logger.error("Cannot fit argspec for %s", f)
        logger.error(e)
        return oldargs, oldkwargs


def encodeBase64(src: numpy.ndarray) -> str:
    """Encode doubles as base64 of zlib-compressed big-endian IEEE 754 bytes (mpicbg/TrakEM2 format)."""
    data = numpy.asarray(src, dtype=_BIG_ENDIAN_DOUBLE).tobytes()
    return base64.b64encode(zlib.compress(data)).decode("utf-8")


def decodeBase64(src: str) -> numpy.ndarray:
    """Decode :func:`encodeBase64` output; a leading ``'@'`` marks uncompressed data."""
    if src[0] == "@":
        data = base64.b64decode(src[1:])
    else:
        data = zlib.decompress(base64.b64decode(src))
    return numpy.frombuffer(data, dtype=_BIG_ENDIAN_DOUBLE).astype(numpy.float64)
