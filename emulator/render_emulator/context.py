"""Keys under which an app keeps its RenderStore and its unexpected exceptions (``app.extensions``)."""

STORE_KEY = "render_store"
EXCEPTIONS_KEY = "render_exceptions"

