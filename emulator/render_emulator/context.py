"""Access to the per-app RenderStore from request handlers."""

from flask import current_app

from render_emulator.store import RenderStore

STORE_KEY = "render_store"
EXCEPTIONS_KEY = "render_exceptions"


def current_store() -> RenderStore:
    return current_app.extensions[STORE_KEY]
