"""``render-emulator`` command line: ``serve`` the emulator, print endpoint ``coverage`` and the emulated
``client-scripts`` directory."""

from __future__ import annotations

import argparse
import importlib.util
import logging
import os
import signal
import sys
import textwrap
import threading

from render_emulator.identity import DISTRIBUTION, EMULATOR_HEADER, package_version
from render_emulator.request_guard import DEFAULT_MAX_REQUEST_MB

__all__ = ["EMULATOR_HEADER", "build_parser", "main", "package_version"]

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
MONGO_EXTRA_HINT = f"pip install '{DISTRIBUTION}[mongo]'"
SHUTDOWN_DRAIN_SECONDS = 30.0


def configure_logging(level: str) -> None:
    """One line per record on stderr; INFO shows the access log (one line per request)."""
    logging.basicConfig(level=getattr(logging, level), format="%(name)s: %(message)s", stream=sys.stderr)
    logging.getLogger("werkzeug").setLevel(getattr(logging, level))  # werkzeug would default it to INFO


def serve(host: str, port: int, mongo_url: str | None, log_level: str = "INFO",
          load: list[str] | None = None, **guard_options) -> int:
    """Serve until SIGINT or SIGTERM, then stop accepting and let requests in flight finish (at most
    SHUTDOWN_DRAIN_SECONDS). Returns the exit code.
    ``guard_options``: allow_origins, allow_hosts, max_request_mb, data_roots (EmulatorServer)."""
    if mongo_url and importlib.util.find_spec("pymongo") is None:
        print(f"render-emulator: --mongo-url needs pymongo: {MONGO_EXTRA_HINT}", file=sys.stderr)
        return 2
    configure_logging(log_level)
    from render_emulator.server import EmulatorServer
    from render_emulator.services.data_roots import DataRootError
    from render_emulator.store.mongo_export import DatasetError

    try:
        server = EmulatorServer(host=host, port=port, mongo_url=mongo_url, log_requests=True, **guard_options)
    except DataRootError as error:
        print(f"render-emulator: {error}", file=sys.stderr)
        return 2
    for directory in load or ():
        try:
            loaded = server.load(directory)
        except DatasetError as error:
            print(f"render-emulator: cannot load {error}", file=sys.stderr)
            return 1
        counts = [n for database in loaded.collections.values() for n in database.values()]
        print(f"loaded {directory}: {sum(counts)} documents in {len(counts)} collections", file=sys.stderr)
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
    from render_emulator.routes._upstream import ENDPOINT_NOTES

    rows = coverage(create_app())
    implemented = sum(1 for _method, _path, done in rows if done)
    method_width = max((len(method) for method, _path, _done in rows), default=6)
    for method, path, done in rows:
        if missing_only and done:
            continue
        status = "implemented" if done else "NOT IMPLEMENTED"
        print(f"{status:<16} {method:<{method_width}} /render-ws/{path}")
        # known differences go on indented lines under the endpoint, so the endpoint lines keep their shape
        for note in ENDPOINT_NOTES.get((method, path), ()):
            print(textwrap.fill(note, width=110, initial_indent=" " * 17 + "note: ",
                                subsequent_indent=" " * 23, break_long_words=False, break_on_hyphens=False))
    print(f"{implemented} of {len(rows)} render-ws endpoints implemented")
    return 0


def print_client_scripts() -> int:
    from render_emulator.javaclient import CLIENT_SCRIPTS_DIR

    print(CLIENT_SCRIPTS_DIR)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="render-emulator", description="An emulator of Janelia's render web service (render-ws)."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {package_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve_parser = commands.add_parser(
        "serve", help="serve the emulator (Ctrl-C stops it)",
        description="Serve the render-ws API under /render-ws/v1 and the dashboard under /render-ws/view/ "
        "until Ctrl-C (SIGINT) or SIGTERM. Every response carries "
        "X-Render-Emulator: render-emulator/<version>.",
    )
    serve_parser.add_argument(
        "--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1; 0.0.0.0 for all)"
    )
    serve_parser.add_argument(
        "--port", type=int, default=8080, help="port (default 8080; 0 picks a free one, named in the banner)"
    )
    serve_parser.add_argument(
        "--mongo-url", default=None,
        help=f"keep data in this MongoDB (mongodb://host:port) instead of in memory; "
        f"needs {MONGO_EXTRA_HINT}",
    )
    verbosity = serve_parser.add_mutually_exclusive_group()
    verbosity.add_argument(
        "--log-level", type=str.upper, choices=LOG_LEVELS, default="INFO",
        help="log records at this level and above go to stderr "
        "(default INFO: one access-log line per request)",
    )
    verbosity.add_argument(
        "--quiet", action="store_const", dest="log_level", const="WARNING",
        help="no access log: only warnings and errors (same as --log-level WARNING)",
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
    serve_parser.add_argument(
        "--load", action="append", default=[], metavar="DIR",
        help="load a dataset directory (render/*.json, match/*.json as mongoexport writes them); repeatable",
    )
    serve_parser.add_argument(
        "--data-root", action="append", default=[], metavar="DIR",
        help="read the local image, mask and tileSpecUrl files that requests name only inside DIR "
        "(repeatable; symlinks and '..' resolved first; a file outside is answered as a missing one). "
        "Default: any path the server can read, as render-ws",
    )
    for name, help_text in (("load", "load dataset directories into a running emulator"),
                            ("dump", "write every collection of a running emulator into a directory")):
        dataset_parser = commands.add_parser(name, help=help_text)
        dataset_parser.add_argument("--url", default="http://127.0.0.1:8080",
                                    help="the emulator (default http://127.0.0.1:8080)")
        dataset_parser.add_argument("directories" if name == "load" else "directory", metavar="DIR",
                                    nargs="+" if name == "load" else None)

    coverage_parser = commands.add_parser(
        "coverage", help="list render-ws endpoints with whether the emulator implements them and their "
        "known differences from render-ws"
    )
    coverage_parser.add_argument("--missing", action="store_true", help="list only the missing endpoints")

    commands.add_parser(
        "client-scripts",
        help="print the directory holding the emulated run_ws_client.sh (for RENDER_CLIENT_SCRIPTS)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "serve":
            return serve(args.host, args.port, args.mongo_url, args.log_level, args.load,
                         allow_origins=tuple(args.allow_origin), allow_hosts=tuple(args.allow_host),
                         max_request_mb=args.max_request_mb, data_roots=tuple(args.data_root))
        if args.command == "client-scripts":
            return print_client_scripts()
        if args.command in ("load", "dump"):
            from render_emulator import admin_client

            if args.command == "load":
                return admin_client.load_command(args.url, args.directories)
            return admin_client.dump_command(args.url, args.directory)
        return print_coverage(args.missing)
    except BrokenPipeError:
        # the reader went away (`render-emulator coverage | head`): stop quietly; stdout is pointed at
        # /dev/null so that the interpreter's final flush does not raise again
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
