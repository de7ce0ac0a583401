"""A long-lived server: stack creation before and after 10,000 stack create+delete round trips, and
``GET /owners`` latency while a 100k-pair PUT matches and a 50k-tile PUT resolvedTiles are parsed.

Run: ``python benchmarks/bench_long_lived.py [--cycles N] [--pairs N] [--tiles N]``.
Floors (issue #9): creation after the cycles within 1.5x of the first figure; GET /owners p99 < 1 s.
"""

from __future__ import annotations

import argparse
import json
import statistics
import threading
import time

import requests

from render_emulator.server import EmulatorServer


def create_ms(session: requests.Session, base: str, names: list[str]) -> float:
    """Median milliseconds of one stack POST (each stack deleted again right after, untimed)."""
    samples = []
    for name in names:
        started = time.perf_counter()
        session.post(f"{base}/owner/bench/project/p/stack/{name}", json={}).raise_for_status()
        samples.append(time.perf_counter() - started)
        session.delete(f"{base}/owner/bench/project/p/stack/{name}").raise_for_status()
    return statistics.median(samples) * 1000.0


def stack_churn(cycles: int) -> None:
    with EmulatorServer(port=0) as server, requests.Session() as session:
        first = create_ms(session, server.base_url, [f"first{i}" for i in range(300)])
        started = time.perf_counter()
        for i in range(cycles):
            session.post(f"{server.base_url}/owner/bench/project/p/stack/c{i}", json={}).raise_for_status()
            session.delete(f"{server.base_url}/owner/bench/project/p/stack/c{i}").raise_for_status()
        churn_s = time.perf_counter() - started
        after = create_ms(session, server.base_url, [f"after{i}" for i in range(300)])
    # the machine's load drifts during the churn: a new server measured now shows the drift
    with EmulatorServer(port=0) as fresh, requests.Session() as session:
        fresh_now = create_ms(session, fresh.base_url, [f"fresh{i}" for i in range(300)])
    print(f"stack creation: {first:.2f} ms at start, {after:.2f} ms after {cycles} create+delete "
          f"({churn_s:.0f} s); ratio {after / first:.2f} (floor 1.5); a new server now: {fresh_now:.2f} ms, "
          f"ratio {after / fresh_now:.2f}")


def pairs_body(count: int) -> bytes:
    pair = {"pGroupId": "1.0", "qGroupId": "2.0", "matches": {"p": [[1.0, 2.0], [3.0, 4.0]],
                                                             "q": [[1.5, 2.5], [3.5, 4.5]], "w": [1.0, 1.0]}}
    return json.dumps([dict(pair, pId=f"p{i}", qId=f"q{i}") for i in range(count)]).encode()


def tiles_body(count: int) -> bytes:
    tiles = {f"t{i}": {"tileId": f"t{i}", "z": float(i % 50), "minX": 0.0, "minY": 0.0, "maxX": 100.0,
                       "maxY": 100.0, "width": 100.0, "height": 100.0,
                       "mipmapLevels": {"0": {"imageUrl": f"file:///data/t{i}.png"}},
                       "transforms": {"type": "list", "specList": [
                           {"className": "mpicbg.trakem2.transform.AffineModel2D",
                            "dataString": f"1 0 0 1 {i} 0"}]}} for i in range(count)}
    return json.dumps({"tileIdToSpecMap": tiles}).encode()


def owners_latency_during(server: EmulatorServer, method: str, url: str,
                          body: bytes) -> tuple[float, float, float]:
    """(p50, p99) seconds of GET /owners polled while the big request runs, and its duration."""
    samples: list[float] = []
    done = threading.Event()

    def big_request():
        headers = {"Content-Type": "application/json"}
        requests.request(method, url, data=body, headers=headers).raise_for_status()
        done.set()

    worker = threading.Thread(target=big_request)
    started = time.perf_counter()
    worker.start()
    with requests.Session() as session:
        while not done.is_set():
            sent = time.perf_counter()
            session.get(f"{server.base_url}/owners", timeout=60).raise_for_status()
            samples.append(time.perf_counter() - sent)
            time.sleep(0.02)
    worker.join()
    samples.sort()
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    return statistics.median(samples), p99, time.perf_counter() - started


def starvation(pairs: int, tiles: int) -> None:
    with EmulatorServer(port=0) as server:
        requests.post(f"{server.base_url}/owner/bench/project/p/stack/big", json={}).raise_for_status()
        for label, method, url, body in (
            (f"{pairs} pairs PUT matches", "PUT", f"{server.base_url}/owner/bench/matchCollection/m/matches",
             pairs_body(pairs)),
            (f"{tiles} tiles PUT resolvedTiles", "PUT",
             f"{server.base_url}/owner/bench/project/p/stack/big/resolvedTiles", tiles_body(tiles)),
        ):
            p50, p99, took = owners_latency_during(server, method, url, body)
            print(f"GET /owners during {label} ({len(body) / 1e6:.0f} MB, {took:.1f} s): "
                  f"p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms (floor 1000 ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=10_000)
    parser.add_argument("--pairs", type=int, default=100_000)
    parser.add_argument("--tiles", type=int, default=50_000)
    args = parser.parse_args()
    stack_churn(args.cycles)
    starvation(args.pairs, args.tiles)


if __name__ == "__main__":
    main()
