"""The user guide's parallel import against plain ``put_tilespecs`` of the same tiles.

``renderapi.client.import_tilespecs_parallel(stack, tilespecs, render=render)`` (the guide's code, default
pool size 20) runs one emulated ``ImportJsonClient`` process per group through ``run_ws_client.sh``;
``renderapi.resolvedtiles.put_tilespecs`` sends the same tiles over REST from this process. Both go to one
``render-emulator serve``, into fresh stacks, closed with COMPLETE. Best of ``--rounds`` runs each; the
machine may be shared, so compare the ratio of one run.

Run: ``python benchmarks/bench_guide_import.py [--sections N] [--rounds R]``.
Target: parallel import <= 1.5 x put_tilespecs for 100,000 tiles (issue #13).
"""

from __future__ import annotations

import argparse
import gc
import time

import requests
from bench_tiles_client import batches, build_section, served_emulator

import renderapi
from render_emulator.javaclient import CLIENT_SCRIPTS_DIR
from renderapi.resolvedtiles import put_tilespecs
from renderapi.tilespec import TileSpec


def timed_put(render: renderapi.render.Render, stack: str, sections: list[list[TileSpec]],
              sections_per_batch: int) -> float:
    started = time.perf_counter()
    renderapi.stack.create_stack(stack, render=render)
    for batch in batches(sections, sections_per_batch):
        put_tilespecs(stack, tilespecs=batch, render=render)
    renderapi.stack.set_stack_state(stack, "COMPLETE", render=render)
    return time.perf_counter() - started


def timed_parallel_import(render: renderapi.render.Render, stack: str, tilespecs: list[TileSpec]) -> float:
    started = time.perf_counter()
    renderapi.stack.create_stack(stack, render=render)
    renderapi.client.import_tilespecs_parallel(stack, tilespecs, render=render)
    return time.perf_counter() - started


def check_count(render: renderapi.render.Render, stack: str, expected: int) -> None:
    stats = renderapi.stack.get_full_stack_metadata(stack, render=render)["stats"]
    if stats["tileCount"] != expected:
        raise SystemExit(f"{stack} holds {stats['tileCount']} tiles, expected {expected}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sections", type=int, default=500, help="sections of 200 tiles (default 500)")
    parser.add_argument("--rounds", type=int, default=2, help="runs of each import (default 2)")
    parser.add_argument("--batch-sections", type=int, default=10,
                        help="sections per put_tilespecs request (default 10)")
    args = parser.parse_args(argv)

    sections = [build_section(section) for section in range(args.sections)]
    tilespecs = [ts for section in sections for ts in section]
    gc.freeze()   # the built TileSpecs live until the end

    put_times, parallel_times = [], []
    with served_emulator() as (host, port):
        session = requests.Session()
        render = renderapi.connect(host=host, port=port, owner="bench", project="guide_import",
                                   client_scripts=str(CLIENT_SCRIPTS_DIR), memGB="1G", session=session)
        for round_index in range(args.rounds):
            put_stack, parallel_stack = f"put_{round_index}", f"parallel_{round_index}"
            put_times.append(timed_put(render, put_stack, sections, args.batch_sections))
            check_count(render, put_stack, len(tilespecs))
            parallel_times.append(timed_parallel_import(render, parallel_stack, tilespecs))
            check_count(render, parallel_stack, len(tilespecs))
            for stack in (put_stack, parallel_stack):
                renderapi.stack.delete_stack(stack, render=render)
        session.close()

    best_put, best_parallel = min(put_times), min(parallel_times)
    print(f"tiles: {len(tilespecs)}")
    print(f"rounds: {args.rounds}")
    print(f"put_tilespecs + COMPLETE (best): {best_put:.2f} s  "
          f"(all: {', '.join(f'{t:.2f}' for t in put_times)})")
    print(f"import_tilespecs_parallel, pool 20 (best): {best_parallel:.2f} s  "
          f"(all: {', '.join(f'{t:.2f}' for t in parallel_times)})")
    print(f"ratio parallel / put (target <= 1.5): {best_parallel / best_put:.2f}")


if __name__ == "__main__":
    main()
