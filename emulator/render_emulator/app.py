"""Flask application factory for the render-ws emulator."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable

from flask import Flask, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.exceptions import NotFound as WerkzeugNotFound

from render_emulator.context import DATA_ROOTS_KEY, EXCEPTIONS_KEY, STORE_KEY
from render_emulator.errors import RenderWsError
from render_emulator.gc_pause import BulkWriteGcPause
from render_emulator.request_guard import GuardSettings, RequestGuard
from render_emulator.routes import API_PREFIX, register_routes
from render_emulator.routes._admin import ADMIN_PREFIX
from render_emulator.routes._admin import blueprint as admin_blueprint
from render_emulator.routes._http import text_response
from render_emulator.services.data_roots import DataRoots
from render_emulator.store import RenderStore

logger = logging.getLogger(__name__)


class _TrailingSlashMiddleware:
    """RESTEasy matches every API path with or without a trailing slash: strip it before routing."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith(API_PREFIX + "/") and len(path) > len(API_PREFIX) + 1:
            stripped = path.rstrip("/")
            if stripped != path:
                environ["PATH_INFO"] = stripped
        return self.wsgi_app(environ, start_response)


def create_app(store: RenderStore | None = None, mongo_url: str | None = None,
               guard: GuardSettings | None = None, data_roots: Iterable[str | os.PathLike[str]] | None = None,
               **config) -> Flask:
    """Build an emulator app that owns ``store`` (a fresh in-memory store when none is given);
    ``guard`` sets the CORS, Origin, Host and body-size checks (request_guard.py); ``data_roots``, when
    given, confines the local files the app reads for its clients to those directories
    (services/data_roots.py; DataRootError when one is not a directory)."""
    app = Flask("render_emulator")
    app.config.update(config)
    app.json.sort_keys = False
    app.url_map.strict_slashes = False
    app.extensions[STORE_KEY] = store if store is not None else RenderStore(mongo_url=mongo_url)
    app.extensions[EXCEPTIONS_KEY] = []
    app.extensions[DATA_ROOTS_KEY] = DataRoots.of(data_roots)

    register_routes(app)
    app.register_blueprint(admin_blueprint, url_prefix=ADMIN_PREFIX)  # the emulator's own admin API

    @app.errorhandler(RenderWsError)
    def _render_ws_error(error: RenderWsError):
        return text_response(error.message, error.status)

    @app.errorhandler(WerkzeugNotFound)
    def _unknown_path(error):
        return text_response(
            f"RESTEASY003210: Could not find resource for full path: {request.url}", 404
        )

    @app.errorhandler(MethodNotAllowed)
    def _wrong_method(error: MethodNotAllowed):
        response = text_response(
            f"RESTEASY003650: No resource method found for {request.method}, return 405 with Allow header",
            405,
        )
        if error.valid_methods:
            response.headers["Allow"] = ", ".join(sorted(error.valid_methods))
        return response

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        return text_response(error.description or error.name, error.code or 500)

    @app.errorhandler(RecursionError)
    def _too_deep(error: RecursionError):
        # a body nested deeper than Python's parsers follow (jsontext.parse_json catches most): 400, and
        # nothing was written because bodies are converted before the first write
        return text_response(
            "Unexpected end-of-input: JSON nesting is deeper than the render-ws emulator can read", 400
        )

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        # an emulator bug, not a render-ws answer: record it so tests can fail on it, answer 500
        # with the message only (never a traceback), as render-ws does for unexpected exceptions
        app.extensions[EXCEPTIONS_KEY].append(error)
        logger.exception("unexpected error while handling %s %s", request.method, request.path)
        return text_response(f"{type(error).__name__}: {error}", 500)

    app.wsgi_app = _TrailingSlashMiddleware(app.wsgi_app)
    guard = guard if guard is not None else GuardSettings()
    app.config["MAX_CONTENT_LENGTH"] = guard.max_body_bytes   # chunked bodies, which carry no length
    app.wsgi_app = RequestGuard(BulkWriteGcPause(app.wsgi_app), guard)
    return app
