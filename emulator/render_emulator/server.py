"""EmulatorServer: the emulator app served by a threaded WSGI server in a background thread."""

from __future__ import annotations

import errno
import ipaddress
import logging
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from werkzeug.serving import WSGIRequestHandler, make_server

from render_emulator.app import create_app
from render_emulator.context import EXCEPTIONS_KEY, STORE_KEY
from render_emulator.identity import EmulatorHeaderMiddleware, emulator_header_value
from render_emulator.request_guard import DEFAULT_MAX_REQUEST_MB, GuardSettings
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


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (the Host check applies to those bindings)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class _InFlightCounter:
    """WSGI middleware counting requests being answered, so a stop can let them finish."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app
        self.active = 0
        self.changed = threading.Condition()

    def _add(self, delta: int) -> None:
        with self.changed:
            self.active += delta
            self.changed.notify_all()

    def __call__(self, environ, start_response):
        self._add(1)
        try:
            body = self.wsgi_app(environ, start_response)
        except BaseException:
            self._add(-1)
            raise
        return _CountedBody(body, self)

    def wait_idle(self, timeout: float) -> bool:
        """Wait until no request is being answered (at most ``timeout`` s); True when idle."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while self.active > 0:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self.changed.wait(remaining)
        return True


class _CountedBody:
    """A response iterable that leaves the in-flight count when the server closes it."""

    def __init__(self, body, counter: _InFlightCounter):
        self.body = body
        self.counter = counter

    def __iter__(self):
        return iter(self.body)

    def close(self):
        try:
            if hasattr(self.body, "close"):
                self.body.close()
        finally:
            self.counter._add(-1)


class EmulatorServer:
    """A render-ws emulator listening on ``host:port`` (``port=0`` picks a free port).

    ``exceptions`` lists unexpected exceptions raised while handling requests (emulator bugs). Every
    response carries ``X-Render-Emulator: render-emulator/<version>``.
    ``load`` names dataset directories (mongoexport format, see :meth:`load`) loaded at construction.
    ``data_roots`` (``--data-root``) confines the image, mask and tileSpecUrl files the server reads for its
    clients to those directories (services/data_roots.py; DataRootError when one is not a directory).
    Usable as a context manager.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        store: RenderStore | None = None,
        mongo_url: str | None = None,
        log_requests: bool = False,
        allow_origins: tuple[str, ...] = (),
        allow_hosts: tuple[str, ...] = (),
        max_request_mb: int = DEFAULT_MAX_REQUEST_MB,
        load: Iterable[str | Path] = (),
        data_roots: Iterable[str | Path] = (),
    ):
        self.host = host
        self.requested_port = port
        guard = GuardSettings(allow_origins=allow_origins, allow_hosts=allow_hosts,
                              check_host=is_loopback(host), max_body_bytes=max_request_mb * 1024 * 1024)
        self.app = create_app(store=store, mongo_url=mongo_url, guard=guard, data_roots=data_roots)
        self.app.wsgi_app = EmulatorHeaderMiddleware(self.app.wsgi_app, emulator_header_value())
        self._in_flight = _InFlightCounter(self.app.wsgi_app)
        self.app.wsgi_app = self._in_flight
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

    def stop(self, drain_seconds: float = 0.0) -> bool:
        """Stop accepting connections, let requests in flight finish (up to ``drain_seconds``), close.
        Returns False when requests were still running at the deadline."""
        if self._server is None:
            return True
        self._server.shutdown()
        self._server.socket.close()   # refuse new connections at once, not only after the drain
        drained = self._in_flight.wait_idle(drain_seconds)
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None
        return drained

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
