"""Loading a mongoexport dataset versus PUT resolvedTiles of the same tiles, in the same run.

The tiles are the guide's (bench_tiles_emulator.py: 500 sections x 10 x 20 = 100,000 tiles). They are
PUT into a stack (timed, deriveData=true as the guide uploads them), the server is dumped to a dataset
directory, reset, and the dataset is loaded back, in process (``EmulatorServer.load``) and through the
admin API (``render-emulator load --url``). Target (issue #8): loading <= 1.5x the PUT time.

Run: ``python benchmarks/bench_load.py [--sections 500]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_tiles_emulator import COLUMNS, ROWS, StackClient  # noqa: E402

from render_emulator import admin_client  # noqa: E402
from render_emulator.server import EmulatorServer  # noqa: E402

TARGET_RATIO = 1.5


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sections", type=int, default=500, help="sections (500 = 100k tiles)")
    args = parser.parse_args(argv)
    tiles = args.sections * ROWS * COLUMNS
    with EmulatorServer(port=0) as server, tempfile.TemporaryDirectory() as scratch:
        session = requests.Session()
        stack = StackClient(session, server.base_url, "big")
        stack.create()
        put_seconds = stack.ingest(args.sections)
        before = session.get(f"{stack.url}/z/{args.sections // 2}/resolvedTiles").content

        started = time.perf_counter()
        server.dump(scratch)
        dump_seconds = time.perf_counter() - started
        size_mb = sum(p.stat().st_size for p in Path(scratch).rglob("*.json")) / 1e6

        server.reset()
        started = time.perf_counter()
        server.load(scratch)
        load_seconds = time.perf_counter() - started
        same = session.get(f"{stack.url}/z/{args.sections // 2}/resolvedTiles").content == before

        server.reset()
        started = time.perf_counter()
        admin_client.load(server.url, scratch, session=session)
        admin_seconds = time.perf_counter() - started
        same = same and session.get(f"{stack.url}/z/{args.sections // 2}/resolvedTiles").content == before
        if server.exceptions or not same:
            raise RuntimeError(f"loaded data differs or emulator errors: {server.exceptions!r}")

    print(f"tiles: {tiles} tiles ({size_mb:.0f} MB of mongoexport files)")
    print(f"PUT resolvedTiles deriveData=true: {put_seconds:.2f} s")
    print(f"dump (EmulatorServer.dump): {dump_seconds:.2f} s")
    print(f"load in process (EmulatorServer.load): {load_seconds:.2f} s")
    print(f"load through the admin API (render-emulator load --url): {admin_seconds:.2f} s")
    ratio = max(load_seconds, admin_seconds) / put_seconds
    print(f"load / PUT resolvedTiles ratio (slower of the two loads): {ratio:.2f} x "
          f"(target <= {TARGET_RATIO} x)")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
