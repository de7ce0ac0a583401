"""The HTTP side of render-ws's conventions: request bodies and query parameters read from Flask's request,
RESTEasy-like replies, and the store of the app serving the request. The Flask-free rules live in
:mod:`render_emulator.model` (Jackson) and :mod:`render_emulator.params` (JAX-RS conversions)."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, request

from render_emulator.context import DATA_ROOTS_KEY, STORE_KEY
from render_emulator.errors import BadRequest
from render_emulator.jsontext import JsonTextError, dumps, parse_json
from render_emulator.params import to_double, to_int
from render_emulator.services.data_roots import UNCONFINED, DataRoots
from render_emulator.store import RenderStore

JSON_MIMETYPE = "application/json"


def current_store() -> RenderStore:
    """The RenderStore of the app serving the current request."""
    return current_app.extensions[STORE_KEY]


def current_data_roots() -> DataRoots:
    """Where the app serving the current request may read client-named local files (``--data-root``)."""
    return current_app.extensions.get(DATA_ROOTS_KEY, UNCONFINED)


# ---------------------------------------------------------------------------- request bodies
def read_json_body(*, allow_empty: bool = True) -> Any:
    """The request body parsed as JSON; ``None`` when the body is empty.

    Unparsable JSON is a 400, as RESTEasy's Jackson provider answers it.
    """
    raw = request.get_data(cache=True)
    if not raw or not raw.strip():
        return None
    try:
        return parse_json(raw)
    except JsonTextError as exc:
        raise BadRequest(str(exc)) from None


# ---------------------------------------------------------------------------- query parameters
def query_double(name: str) -> float | None:
    value = request.args.get(name)
    if value is None:
        return None
    return to_double(value, name, "QueryParam")


def query_int(name: str) -> int | None:
    value = request.args.get(name)
    if value is None:
        return None
    return to_int(value, name, "QueryParam")


def query_bool(name: str, default: bool | None = False) -> bool | None:
    """JAX-RS Boolean: case-insensitive ``true`` is true, any other present value is false."""
    value = request.args.get(name)
    if value is None:
        return default
    return value.lower() == "true"


def query_str(name: str) -> str | None:
    return request.args.get(name)


def query_list(name: str) -> list[str]:
    return request.args.getlist(name)


def query_double_list(name: str) -> list[float]:
    return [to_double(v, name, "QueryParam") for v in request.args.getlist(name)]


# ---------------------------------------------------------------------------- responses
def json_response(data: Any, status: int = 200) -> Response:
    return Response(dumps(data), status=status, mimetype=JSON_MIMETYPE)


def text_response(text: str, status: int = 200) -> Response:
    return Response(text, status=status, mimetype="text/plain")


def entityless_response(status: int, headers: dict | None = None) -> Response:
    """A response without an entity, hence without ``Content-Type``: RESTEasy writes that header only for an
    entity (``Response.ok().build()`` MatchService.java:421, ``Response.created(…)`` MatchService.java:573,
    a void resource method's 204)."""
    response = Response(status=status, headers=headers)
    del response.headers["Content-Type"]
    return response


def created_response() -> Response:
    """201 Created, no entity, ``Location`` = the request URI (render-ws's create responses)."""
    response = entityless_response(201)
    response.headers["Location"] = request.url
    response.autocorrect_location_header = False
    return response


def ok_empty() -> Response:
    """200 without an entity (render-ws's DELETEs and most PUTs that return void)."""
    return entityless_response(200)


def no_content() -> Response:
    """204: the Java resource method returned ``null``."""
    return entityless_response(204)
