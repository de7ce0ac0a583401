"""``render-emulator`` command line: ``serve`` the emulator, print endpoint ``coverage``."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from importlib.metadata import PackageNotFoundError, version

from render_emulator.request_guard import DEFAULT_MAX_REQUEST_MB

EMULATOR_HEADER = "X-Render-Emulator"
DISTRIBUTION = "render-emulator"


def package_version() -> str:
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        return "unknown"


class EmulatorHeaderMiddleware:
    """Adds ``X-Render-Emulator: render-emulator/<version>`` to every response.

    Lets clients (the pytest plugin's ``real_render`` marker) tell the emulator from a real render-ws.
    """

    def __init__(self, wsgi_app, value: str):
        self.wsgi_app = wsgi_app
        self.value = value

    def __call__(self, environ, start_response):
        def start_with_header(status, headers, exc_info=None):
            return start_response(status, [*headers, (EMULATOR_HEADER, self.value)], exc_info)

        return self.wsgi_app(environ, start_with_header)


SHUTDOWN_DRAIN_SECONDS = 30.0


def serve(host: str, port: int, mongo_url: str | None, **guard_options) -> int:
    """Serve until SIGINT or SIGTERM, then stop accepting and let requests in flight finish (at most
    SHUTDOWN_DRAIN_SECONDS); one log line per request. Returns the exit code.
    ``guard_options``: allow_origins, allow_hosts, max_request_mb (EmulatorServer)."""
    from render_emulator.server import EmulatorServer

    server = EmulatorServer(host=host, port=port, mongo_url=mongo_url, log_requests=True, **guard_options)
    server.app.wsgi_app = EmulatorHeaderMiddleware(server.app.wsgi_app, f"{DISTRIBUTION}/{package_version()}")
    try:
        server.start()
    except OSError as error:
        print(f"render-emulator: cannot listen on {host}:{port}: {error}", file=sys.stderr)
        return 1
    stop_requested = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda _signum, _frame: stop_requested.set())
    store = f"MongoDB at {mongo_url}" if mongo_url else "in-memory store"
    print(
        f"render-ws emulator: API at {server.base_url} ({store}); dashboard at "
        f"{server.url}/render-ws/view/index.html; press Ctrl-C to stop",
        flush=True,
    )
    try:
        stop_requested.wait()
    finally:
        drained = server.stop(drain_seconds=SHUTDOWN_DRAIN_SECONDS)
    if not drained:
        print(f"render-ws emulator: requests still running after {SHUTDOWN_DRAIN_SECONDS:.0f} s were cut off",
              file=sys.stderr, flush=True)
    print("render-ws emulator stopped", flush=True)
    return 0


def print_coverage(missing_only: bool) -> int:
    from render_emulator.app import create_app
    from render_emulator.routes import coverage

    rows = coverage(create_app())
    implemented = sum(1 for _method, _path, done in rows if done)
    method_width = max((len(method) for method, _path, _done in rows), default=6)
    for method, path, done in rows:
        if missing_only and done:
            continue
        status = "implemented" if done else "NOT IMPLEMENTED"
        print(f"{status:<16} {method:<{method_width}} /render-ws/{path}")
    print(f"{implemented} of {len(rows)} render-ws endpoints implemented")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="render-emulator", description="An emulator of Janelia's render web service (render-ws)."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {package_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve_parser = commands.add_parser("serve", help="serve the emulator (Ctrl-C stops it)")
    serve_parser.add_argument(
        "--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)"
    )
    serve_parser.add_argument(
        "--port", type=int, default=8080, help="port (default 8080; 0 picks a free one)"
    )
    serve_parser.add_argument(
        "--mongo-url", default=None, help="keep data in this MongoDB (mongodb://...) instead of in memory"
    )
    serve_parser.add_argument(
        "--allow-origin", action="append", default=[], metavar="ORIGIN",
        help="accept POST/PUT/DELETE from web pages at ORIGIN (repeatable; '*' for any, as render-ws)",
    )
    serve_parser.add_argument(
        "--allow-host", action="append", default=[], metavar="NAME",
        help="accept this Host name when bound to a loopback address (repeatable; '*' for any)",
    )
    serve_parser.add_argument(
        "--max-request-mb", type=int, default=DEFAULT_MAX_REQUEST_MB, metavar="MB",
        help=f"largest request body accepted, in MB (default {DEFAULT_MAX_REQUEST_MB}; larger ones get 413)",
    )

    coverage_parser = commands.add_parser(
        "coverage", help="list render-ws endpoints with whether the emulator implements them"
    )
    coverage_parser.add_argument("--missing", action="store_true", help="list only the missing endpoints")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        return serve(args.host, args.port, args.mongo_url, allow_origins=tuple(args.allow_origin),
                     allow_hosts=tuple(args.allow_host), max_request_mb=args.max_request_mb)
    return print_coverage(args.missing)


if __name__ == "__main__":
    sys.exit(main())
