"""EmulatorServer: the emulator app served by a threaded WSGI server in a background thread."""

from __future__ import annotations

import errno
import logging
import threading
from collections.abc import Iterable
from pathlib import Path

from werkzeug.serving import WSGIRequestHandler, make_server

from render_emulator.app import create_app
from render_emulator.context import EXCEPTIONS_KEY, STORE_KEY
from render_emulator.services.dataset import LoadedDataset, dump_dataset, load_dataset, unload_dataset
from render_emulator.store import RenderStore
from render_emulator.store.mongo_export import read_directory, write_directory

logger = logging.getLogger(__name__)


class _KeepAliveRequestHandler(WSGIRequestHandler):
    """HTTP/1.1 keep-alive: a client session reuses its connection (and its server thread) across
    requests instead of paying a TCP connect and a thread start per request."""

    protocol_version = "HTTP/1.1"


class _QuietRequestHandler(_KeepAliveRequestHandler):
    def log_request(self, code="-", size="-"):
        logger.debug('"%s" %s %s', self.requestline, code, size)


class _PlainLogRequestHandler(_KeepAliveRequestHandler):
    """One plain access-log line per request (werkzeug's own adds terminal colour codes)."""

    def log_request(self, code="-", size="-"):
        self.log("info", '"%s" %s %s', self.requestline, getattr(code, "value", code), size)


class EmulatorServer:
    """A render-ws emulator listening on ``host:port`` (``port=0`` picks a free port).

    ``exceptions`` lists unexpected exceptions raised while handling requests (emulator bugs).
    ``load`` names dataset directories (mongoexport format, see :meth:`load`) loaded at construction.
    Usable as a context manager.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        store: RenderStore | None = None,
        mongo_url: str | None = None,
        log_requests: bool = False,
        load: Iterable[str | Path] = (),
    ):
        self.host = host
        self.requested_port = port
        self.app = create_app(store=store, mongo_url=mongo_url)
        self.log_requests = log_requests
        self._server = None
        self._thread: threading.Thread | None = None
        for directory in load:
            self.load(directory)

    @property
    def store(self) -> RenderStore:
        return self.app.extensions[STORE_KEY]

    @property
    def exceptions(self) -> list[BaseException]:
        return self.app.extensions[EXCEPTIONS_KEY]

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("server is not running")
        return self._server.server_port

    @property
    def url(self) -> str:
        """``http://host:port`` (what renderapi calls the host, with the port)."""
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """The API base, ``http://host:port/render-ws/v1``."""
        return f"{self.url}/render-ws/v1"

    def start(self) -> EmulatorServer:
        if self._server is not None:
            return self
        self._server = self._make_server()
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="render-emulator", daemon=True
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in the calling thread until ``stop()`` or KeyboardInterrupt."""
        self._server = self._make_server()
        try:
            self._server.serve_forever()
        finally:
            self._server.server_close()
            self._server = None

    def _make_server(self):
        handler = _PlainLogRequestHandler if self.log_requests else _QuietRequestHandler
        try:
            server = make_server(
                self.host, self.requested_port, self.app, threaded=True, request_handler=handler
            )
        except SystemExit:
            # werkzeug reports a busy port itself and calls sys.exit(1); callers expect OSError
            raise OSError(errno.EADDRINUSE, f"address {self.host}:{self.requested_port} is in use") from None
        server.daemon_threads = True
        return server

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def reset(self) -> None:
        """Forget all data and recorded exceptions."""
        self.store.reset()
        self.exceptions.clear()

    def load(self, directory: str | Path) -> LoadedDataset:
        """Load a dataset directory (``render/<collection>.json``, ``match/<collection>.json`` as
        mongoexport writes them), replacing the collections it names; raises DatasetError and keeps
        nothing when any file is refused."""
        return load_dataset(self.store, read_directory(directory))

    def unload(self, loaded: LoadedDataset) -> None:
        """Remove exactly what a :meth:`load` wrote (its collections and its stacks' metadata)."""
        unload_dataset(self.store, loaded)

    def dump(self, directory: str | Path) -> list[Path]:
        """Write every collection as ``mongoexport --jsonArray`` would; returns the files written."""
        return write_directory(directory, dump_dataset(self.store))

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()
