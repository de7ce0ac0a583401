"""``render-emulator`` command line: ``serve`` the emulator, print endpoint ``coverage``."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from importlib.metadata import PackageNotFoundError, version

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


def serve(host: str, port: int, mongo_url: str | None, load: list[str] | None = None) -> int:
    """Serve until SIGINT or SIGTERM; one log line per request. Returns the exit code."""
    from render_emulator.server import EmulatorServer
    from render_emulator.store.mongo_export import DatasetError

    server = EmulatorServer(host=host, port=port, mongo_url=mongo_url, log_requests=True)
    for directory in load or ():
        try:
            loaded = server.load(directory)
        except DatasetError as error:
            print(f"render-emulator: cannot load {error}", file=sys.stderr)
            return 1
        counts = [n for database in loaded.collections.values() for n in database.values()]
        print(f"loaded {directory}: {sum(counts)} documents in {len(counts)} collections", file=sys.stderr)
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
        server.stop()
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
        "--load", action="append", default=[], metavar="DIR",
        help="load a dataset directory (render/*.json, match/*.json as mongoexport writes them); repeatable",
    )
    for name, help_text in (("load", "load dataset directories into a running emulator"),
                            ("dump", "write every collection of a running emulator into a directory")):
        dataset_parser = commands.add_parser(name, help=help_text)
        dataset_parser.add_argument("--url", default="http://127.0.0.1:8080",
                                    help="the emulator (default http://127.0.0.1:8080)")
        dataset_parser.add_argument("directories" if name == "load" else "directory", metavar="DIR",
                                    nargs="+" if name == "load" else None)

    coverage_parser = commands.add_parser(
        "coverage", help="list render-ws endpoints with whether the emulator implements them"
    )
    coverage_parser.add_argument("--missing", action="store_true", help="list only the missing endpoints")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        return serve(args.host, args.port, args.mongo_url, args.load)
    if args.command in ("load", "dump"):
        from render_emulator import admin_client

        if args.command == "load":
            return admin_client.load_command(args.url, args.directories)
        return admin_client.dump_command(args.url, args.directory)
    return print_coverage(args.missing)


if __name__ == "__main__":
    sys.exit(main())
