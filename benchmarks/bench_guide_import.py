"""The user guide's parallel import against plain ``put_tilespecs`` of the same tiles.

``renderapi.client.import_tilespecs_parallel(stack, tilespecs, render=render)`` (the guide's code, default
pool size 20) runs one emulated ``ImportJsonClient`` process per group through ``run_ws_client.sh``;
``renderapi.resolvedtiles.put_tilespecs`` sends the same tiles over REST from this process. Both go to one
``render-emulator serve``, into fresh stacks, closed with COMPLETE. Best of ``--rounds`` runs each; the
machine may be shared, so compare the ratio of one run. The CPU seconds each path costs (this process with
its pool's threads, the client processes it waited for, and the server process, read from /proc on Linux)
are printed too: on a busy machine the parallel path cannot use its second core and the wall ratio follows
them.

Run: ``python benchmarks/bench_guide_import.py [--sections N] [--rounds R]``.
Target: parallel import <= 1.5 x put_tilespecs for 100,000 tiles (issue #13).
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import subprocess
import time
from pathlib import Path

import requests
from bench_tiles_client import batches, build_section, served_emulator

import renderapi
from render_emulator.javaclient import CLIENT_SCRIPTS_DIR
from renderapi.resolvedtiles import put_tilespecs
from renderapi.tilespec import TileSpec


def process_cpu_seconds(pid: int | None) -> float:
    """User + system CPU seconds of a running process (Linux /proc); 0.0 when it cannot be read."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def only_child_pid() -> int | None:
    """The pid of this process's one child (the served emulator), None when /proc does not tell."""
    try:
        pids = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").read_text().split()
    except OSError:
        return None
    return int(pids[0]) if len(pids) == 1 else None


def cpu_seconds(server_pid: int | None) -> float:
    """CPU seconds so far of this process, the children it waited for and the server process."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
            + process_cpu_seconds(server_pid))


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
    # the clients' log lines go nowhere (subprocess options pass through), so run_all's output stays readable
    renderapi.client.import_tilespecs_parallel(stack, tilespecs, render=render, stdout=subprocess.DEVNULL,
                                               stderr=subprocess.DEVNULL)
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

    put_times, parallel_times, put_cpu, parallel_cpu = [], [], [], []
    with served_emulator() as (host, port):
        server_pid = only_child_pid()
        session = requests.Session()
        render = renderapi.connect(host=host, port=port, owner="bench", project="guide_import",
                                   client_scripts=str(CLIENT_SCRIPTS_DIR), memGB="1G", session=session)
        for round_index in range(args.rounds):
            put_stack, parallel_stack = f"put_{round_index}", f"parallel_{round_index}"
            started_cpu = cpu_seconds(server_pid)
            put_times.append(timed_put(render, put_stack, sections, args.batch_sections))
            put_cpu.append(cpu_seconds(server_pid) - started_cpu)
            check_count(render, put_stack, len(tilespecs))
            started_cpu = cpu_seconds(server_pid)
            parallel_times.append(timed_parallel_import(render, parallel_stack, tilespecs))
            parallel_cpu.append(cpu_seconds(server_pid) - started_cpu)
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
    if server_pid is not None:
        print(f"CPU seconds (client, pool, client processes, server; best): put {min(put_cpu):.2f}, "
              f"parallel {min(parallel_cpu):.2f}, ratio {min(parallel_cpu) / min(put_cpu):.2f}")


if __name__ == "__main__":
    main()
