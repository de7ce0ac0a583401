"""The dashboard pages under ``/render-ws/view/`` (package data ``render_emulator/view/``) and the
redirects a render-ws Jetty deployment answers: ``/`` -> ``/render-ws/view/`` and
``/render-ws/view/`` -> ``/render-ws/view/index.html``.
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

from flask import Blueprint, Response, redirect, request
from flask.blueprints import BlueprintSetupState

from render_emulator.errors import NotFound
from render_emulator.routes import CONTEXT_PREFIX

if TYPE_CHECKING:  # importlib.resources.abc is Python >= 3.11; only the annotations need it
    from importlib.resources.abc import Traversable

blueprint = Blueprint("view", __name__)

VIEW_PATH = CONTEXT_PREFIX + "/view/"
INDEX_PAGE = "index.html"
ROOT_REDIRECT_ENDPOINT = "view_root_redirect"

CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "js": "text/javascript; charset=utf-8",
    "css": "text/css; charset=utf-8",
    "svg": "image/svg+xml",
    "png": "image/png",
    "ico": "image/x-icon",
}


def view_files() -> Traversable:
    """The directory of dashboard files shipped with the package."""
    return resources.files("render_emulator").joinpath("view")


def find_view_file(relative_path: str) -> Traversable | None:
    """The shipped file at ``relative_path`` (``/``-separated), or None; never leaves the view directory."""
    parts = relative_path.split("/")
    if any(part in ("", ".", "..") or part.startswith(".") or "\\" in part for part in parts):
        return None
    node = view_files()
    for part in parts:
        node = node.joinpath(part)
    return node if node.is_file() else None


def content_type(file_name: str) -> str:
    extension = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    return CONTENT_TYPES.get(extension, "application/octet-stream")


def _redirect_to(path: str) -> Response:
    # Jetty's rewrite rules answer 302 with an absolute path on the same host
    response = redirect(request.script_root + path, code=302)
    response.autocorrect_location_header = False
    return response


def redirect_to_views() -> Response:
    return _redirect_to(VIEW_PATH)


@blueprint.get("/view/")
def view_index():
    return _redirect_to(VIEW_PATH + INDEX_PAGE)


@blueprint.get("/view/<path:file_path>")
def view_file(file_path: str):
    found = find_view_file(file_path)
    if found is None:
        raise NotFound(f"render-ws emulator: no dashboard file {request.path}")
    response = Response(found.read_bytes(), content_type=content_type(found.name))
    response.headers["Cache-Control"] = "no-cache"
    return response


@blueprint.record_once
def _register_root_redirect(state: BlueprintSetupState) -> None:
    """``/`` lies outside the ``/render-ws`` prefix the blueprints get, so it goes on the app itself."""
    state.app.add_url_rule("/", endpoint=ROOT_REDIRECT_ENDPOINT, view_func=redirect_to_views)
