"""The user guide's full-size import through renderapi: 500 sections x 10 rows x 20 columns = 100,000
tiles of 2048 px with 20% overlap, an AffineModel each, built with renderapi objects and ingested with
``renderapi.resolvedtiles.put_tilespecs`` (deriveData=True) into ``render-emulator serve`` (or, with
``--in-process``, an emulator thread of this process).

Run: ``python benchmarks/bench_tiles_client.py [--sections N] [--batch-sections K] [--in-process]``.
Targets: ingest of the 100,000 tiles in <= 10 s.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import subprocess
import sys
import time
from collections.abc import Iterator

import requests

import renderapi
from render_emulator.server import EmulatorServer
from renderapi.layout import Layout
from renderapi.resolvedtiles import ResolvedTiles, put_tilespecs
from renderapi.tilespec import TileSpec
from renderapi.transform import AffineModel
from renderapi.utils import renderdumps

ROWS = 10
COLS = 20
OVERLAP = 0.8  # 20% overlap
PIXEL_SIZE = 3.0  # nm
IMG_WIDTH = 2048  # pixels
IMG_HEIGHT = IMG_WIDTH


def build_section(section: int) -> list[TileSpec]:
    """One section of the guide's loop (renderapi objects, as a user would build them)."""
    tilespecs = []
    for r in range(ROWS):
        for c in range(COLS):
            layout = Layout(sectionId=f"{section:05d}", scopeId="myscope", cameraId="mycamera",
                            imageRow=0, imageCol=0, stageX=c * IMG_WIDTH * OVERLAP * PIXEL_SIZE,
                            stageY=r * IMG_HEIGHT * OVERLAP * PIXEL_SIZE, rotation=0.0, pixelsize=PIXEL_SIZE)
            at = AffineModel(B0=c * IMG_WIDTH * OVERLAP, B1=r * IMG_HEIGHT * OVERLAP)
            tileId = f"{section:d}_{r:d}_{c:d}"
            tilespecs.append(TileSpec(tileId=tileId, z=section, width=IMG_WIDTH, height=IMG_HEIGHT,
                                      imageUrl=f"/data/images/{tileId}.tif", maskUrl=None, layout=layout,
                                      tforms=[at]))
    return tilespecs


def batches(sections: list[list[TileSpec]], sections_per_batch: int) -> list[list[TileSpec]]:
    return [[ts for section in sections[i:i + sections_per_batch] for ts in section]
            for i in range(0, len(sections), sections_per_batch)]


@contextlib.contextmanager
def served_emulator() -> Iterator[tuple[str, int]]:
    """``render-emulator serve`` in its own process, as a user runs it; yields (host, port)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "render_emulator.cli", "serve", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, text=True,
    )
    try:
        base_url = process.stdout.readline().split("API at ", 1)[1].split()[0]
        host, port = base_url.removesuffix("/render-ws/v1").rsplit(":", 1)
        yield host, int(port)
    finally:
        process.terminate()
        process.wait(timeout=30)


@contextlib.contextmanager
def in_process_emulator() -> Iterator[tuple[str, int]]:
    with EmulatorServer(port=0) as server:
        yield f"http://{server.host}", server.port


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sections", type=int, default=500, help="number of sections (default 500)")
    parser.add_argument("--batch-sections", type=int, default=10,
                        help="sections per put_tilespecs request (default 10)")
    parser.add_argument("--no-gc-freeze", action="store_true",
                        help="let the garbage collector keep scanning the built tile specs (the in-process "
                             "emulator then pays for the client's objects too)")
    parser.add_argument("--in-process", action="store_true",
                        help="run the emulator in this process (sharing its interpreter) instead of as "
                             "render-emulator serve")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    sections = [build_section(section) for section in range(args.sections)]
    build_s = time.perf_counter() - started
    n_tiles = sum(len(s) for s in sections)
    requests_to_send = batches(sections, args.batch_sections)
    if not args.no_gc_freeze:
        # the script's 100,000 TileSpecs live until the end: keep the collector (shared with the
        # in-process emulator) from rescanning them on every collection
        gc.freeze()

    started = time.perf_counter()
    for batch in requests_to_send:
        renderdumps(ResolvedTiles(tilespecs=batch))
    serialize_s = time.perf_counter() - started

    emulator = in_process_emulator() if args.in_process else served_emulator()
    with emulator as (host, port):
        session = requests.Session()
        render = renderapi.render.Render(host=host, port=port, owner="bench", project="tiles",
                                         session=session)
        stack = "guide_full_size"
        renderapi.stack.create_stack(stack, render=render)

        started = time.perf_counter()
        for batch in requests_to_send:
            put_tilespecs(stack, tilespecs=batch, render=render)
        ingest_s = time.perf_counter() - started

        started = time.perf_counter()
        renderapi.stack.set_stack_state(stack, "COMPLETE", render=render)
        complete_s = time.perf_counter() - started

        stats = renderapi.stack.get_full_stack_metadata(stack, render=render)["stats"]
        if stats["tileCount"] != n_tiles:
            raise SystemExit(f"stack holds {stats['tileCount']} tiles, expected {n_tiles}")
        session.close()

    where = "in this process" if args.in_process else "render-emulator serve"
    print(f"emulator: {where}")
    print(f"tiles: {n_tiles} tiles")
    print(f"requests: {len(requests_to_send)} requests")
    print(f"build tilespecs: {build_s:.2f} s")
    print(f"client serialization (to_dict + renderdumps): {serialize_s:.2f} s")
    print(f"ingest put_tilespecs deriveData=true (target <= 10 s for 100000 tiles): {ingest_s:.2f} s")
    print(f"ingest rate: {n_tiles / ingest_s:.0f} tiles/s")
    print(f"ingest minus client serialization (HTTP + emulator): {ingest_s - serialize_s:.2f} s")
    print(f"set_stack_state COMPLETE: {complete_s:.2f} s")


if __name__ == "__main__":
    main()
