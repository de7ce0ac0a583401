"""Foundation figures: emulator start-up, the ``render`` fixture's clean-up, stack create+delete rate.

Run: ``python benchmarks/bench_stacks.py [--rounds N]``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import uuid

import requests

import renderapi
from render_emulator.pytest_plugin import cleanup_owner
from render_emulator.server import EmulatorServer


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000.0


def in_process_start_up(repeats: int) -> list[float]:
    """Seconds from EmulatorServer() to its first answered request."""
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        server = EmulatorServer(port=0).start()
        requests.get(f"{server.base_url}/owners", timeout=10).raise_for_status()
        samples.append(time.perf_counter() - started)
        server.stop()
    return samples


def cli_start_up() -> float:
    """Seconds from launching ``render-emulator serve`` to its first answered request."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "render_emulator.cli", "serve", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, text=True,
    )
    try:
        banner = process.stdout.readline()
        base_url = banner.split("API at ", 1)[1].split()[0]
        requests.get(f"{base_url}/owners", timeout=10).raise_for_status()
        return time.perf_counter() - started
    finally:
        process.terminate()
        process.wait(timeout=15)


def fixture_clean_up(server: EmulatorServer, rounds: int, stacks_per_test: int) -> list[float]:
    """Seconds the ``render`` fixture spends removing a test's owner holding ``stacks_per_test`` stacks."""
    samples = []
    for _ in range(rounds):
        owner = f"bench_{uuid.uuid4().hex[:12]}"
        render = renderapi.render.Render(host=server.url.rsplit(":", 1)[0], port=server.port, owner=owner,
                                         project="p")
        for index in range(stacks_per_test):
            renderapi.stack.create_stack(f"s{index}", render=render)
        started = time.perf_counter()
        cleanup_owner(server.base_url, owner)
        samples.append(time.perf_counter() - started)
    return samples


def create_delete_rate(server: EmulatorServer, rounds: int) -> float:
    """Stack create + delete round trips per second through renderapi (one shared session)."""
    render = renderapi.render.Render(host=server.url.rsplit(":", 1)[0], port=server.port, owner="bench",
                                     project="p")
    started = time.perf_counter()
    for index in range(rounds):
        renderapi.stack.create_stack(f"s{index}", render=render)
        renderapi.stack.delete_stack(f"s{index}", render=render)
    return rounds / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=300, help="create+delete round trips (default 300)")
    args = parser.parse_args(argv)

    print(f"emulator start-up, in process (median of 5): {median_ms(in_process_start_up(5)):.1f} ms")
    print(f"emulator start-up, render-emulator serve to first answer: {cli_start_up() * 1000.0:.0f} ms")
    with EmulatorServer(port=0) as server:
        for stacks in (0, 3):
            cleanup = fixture_clean_up(server, 20, stacks)
            label = f"render fixture clean-up, owner with {stacks} stacks (median of 20)"
            print(f"{label}: {median_ms(cleanup):.2f} ms")
        print(f"stack create+delete round trips: {create_delete_rate(server, args.rounds):.0f} per s")


if __name__ == "__main__":
    main()
