"""Keys under which an app keeps its RenderStore, its unexpected exceptions and its data roots
(``app.extensions``)."""

STORE_KEY = "render_store"
EXCEPTIONS_KEY = "render_exceptions"
DATA_ROOTS_KEY = "render_data_roots"   # services.data_roots.DataRoots: where client-named files may be read

