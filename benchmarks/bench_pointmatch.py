"""Point-match figures: import of a 200,000-pair collection through ``renderapi.pointmatch`` and
per-group read times against the same reads on a 2,000-pair collection.

Layout of a collection with G groups (ids ``0000``, ``0001``, ...): every group has 200 pairs whose
pGroupId is that group, 100 within the group (tile i with tile i+1) and 100 with the next group
(tile i with tile i of group g+1); every pair holds ``--points`` (default 50) point matches.

Run: ``python benchmarks/bench_pointmatch.py [--groups 1000] [--small-groups 10] [--samples 40]``.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from collections.abc import Callable

import numpy as np
import requests

import renderapi
from render_emulator.server import EmulatorServer

PAIRS_PER_GROUP = 200
CHUNK_PAIRS = 10_000
OWNER = "bench"


def group_id(g: int) -> str:
    return f"{g:04d}"


def tile_id(g: int, i: int) -> str:
    return f"{g:04d}_{i:03d}"


def point_matches(rng: np.random.Generator, points: int) -> dict:
    """A ``matches`` object: p and q (2 x points, pixel coordinates to 1/100 px) and unit weights."""
    p = np.round(rng.uniform(0.0, 2048.0, size=(2, points)), 2)
    q = np.round(p + rng.uniform(-5.0, 5.0, size=(2, points)), 2)
    return {"p": p.tolist(), "q": q.tolist(), "w": [1.0] * points}


def group_pairs(g: int, rng: np.random.Generator, points: int) -> list[dict]:
    """The 200 pairs of group ``g`` (100 within the group, 100 with group g+1)."""
    half = PAIRS_PER_GROUP // 2
    within = [
        {"pGroupId": group_id(g), "pId": tile_id(g, i), "qGroupId": group_id(g), "qId": tile_id(g, i + 1),
         "matches": point_matches(rng, points)}
        for i in range(half)
    ]
    across = [
        {"pGroupId": group_id(g), "pId": tile_id(g, i), "qGroupId": group_id(g + 1), "qId": tile_id(g + 1, i),
         "matches": point_matches(rng, points)}
        for i in range(half)
    ]
    return within + across


def import_collection(render: renderapi.render.Render, name: str, groups: int, points: int) -> float:
    """Seconds spent in ``import_matches`` (chunks of 10,000 pairs; building the data is not timed)."""
    rng = np.random.default_rng(groups)
    spent = 0.0
    chunk: list[dict] = []
    for g in range(groups):
        chunk.extend(group_pairs(g, rng, points))
        if len(chunk) >= CHUNK_PAIRS or g == groups - 1:
            started = time.perf_counter()
            renderapi.pointmatch.import_matches(name, chunk, render=render)
            spent += time.perf_counter() - started
            chunk = []
    return spent


def paired_medians_ms(calls: list[Callable[[int], object]], picks: list[list[int]]) -> list[float]:
    """Median milliseconds of each call over its picks, the calls interleaved round by round so that
    every one of them sees the same machine load (the machine is shared); one warm-up round first."""
    for call, values in zip(calls, picks, strict=True):
        call(values[0])
    durations: list[list[float]] = [[] for _ in calls]
    for round_values in zip(*picks, strict=True):
        for call, value, samples in zip(calls, round_values, durations, strict=True):
            started = time.perf_counter()
            call(value)
            samples.append(time.perf_counter() - started)
    return [statistics.median(samples) * 1000.0 for samples in durations]


class CollectionReads:
    """The timed per-group reads of one collection, through renderapi and as raw HTTP."""

    def __init__(self, render, base_url: str, name: str, groups: int, samples: int):
        self.render, self.name = render, name
        self.collection_url = f"{base_url}/owner/{OWNER}/matchCollection/{name}"
        self.session = requests.Session()
        rng = random.Random(7)
        self.picks = [rng.randrange(groups) for _ in range(samples + 1)]

    def client_call(self, label: str) -> Callable[[int], object]:
        name, render = self.name, self.render
        return {
            "pGroup matches": lambda g: renderapi.pointmatch.get_matches_with_group(
                name, group_id(g), render=render),
            "matchesWithinGroup": lambda g: renderapi.pointmatch.get_matches_within_group(
                name, group_id(g), render=render),
            "tile-to-tile": lambda g: renderapi.pointmatch.get_matches_from_tile_to_tile(
                name, group_id(g + 1), tile_id(g + 1, 7), group_id(g), tile_id(g, 7), render=render),
        }[label]

    def url(self, label: str, g: int) -> str:
        return self.collection_url + {
            "pGroup matches": f"/pGroup/{group_id(g)}/matches",
            "matchesWithinGroup": f"/group/{group_id(g)}/matchesWithinGroup",
            "tile-to-tile": f"/group/{group_id(g)}/id/{tile_id(g, 7)}/matchesWith/"
                            f"{group_id(g + 1)}/id/{tile_id(g + 1, 7)}",
        }[label]

    def http_call(self, label: str) -> Callable[[int], object]:
        return lambda g: self.session.get(self.url(label, g)).content

    def decode_call(self) -> Callable[[int], object]:
        """JSON decoding of a pGroup answer alone (most of what renderapi adds to the round trip)."""
        bodies = {g: self.session.get(self.url("pGroup matches", g)).text for g in set(self.picks)}
        return lambda g: json.loads(bodies[g])

    def check(self) -> None:
        """The reads answer what was stored."""
        g = self.picks[0]
        assert len(self.client_call("pGroup matches")(g)) == PAIRS_PER_GROUP
        assert len(self.client_call("matchesWithinGroup")(g)) == PAIRS_PER_GROUP // 2
        assert len(self.client_call("tile-to-tile")(g)) == 1


READS = ("pGroup matches", "matchesWithinGroup", "tile-to-tile")


def read_figures(large: CollectionReads, small: CollectionReads) -> dict[str, tuple[float, float]]:
    """label -> (median ms on the large collection, median ms on the small one)."""
    figures = {}
    picks = [large.picks, small.picks]
    for label in READS:
        calls = [large.client_call(label), small.client_call(label)]
        figures[f"{label} (renderapi)"] = tuple(paired_medians_ms(calls, picks))
        calls = [large.http_call(label), small.http_call(label)]
        figures[f"{label} (HTTP)"] = tuple(paired_medians_ms(calls, picks))
    calls = [large.decode_call(), small.decode_call()]
    figures["pGroup matches answer: JSON decode only"] = tuple(paired_medians_ms(calls, picks))
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=1000, help="groups of the large collection")
    parser.add_argument("--small-groups", type=int, default=10, help="groups of the small collection")
    parser.add_argument("--points", type=int, default=50, help="point matches per pair")
    parser.add_argument("--samples", type=int, default=60, help="timed calls per read")
    args = parser.parse_args(argv)

    with EmulatorServer(port=0) as server:
        render = renderapi.render.Render(
            host=server.url.rsplit(":", 1)[0], port=server.port, owner=OWNER, project="p"
        )
        small, large = "small", "large"
        small_pairs = args.small_groups * PAIRS_PER_GROUP
        large_pairs = args.groups * PAIRS_PER_GROUP
        seconds = import_collection(render, small, args.small_groups, args.points)
        print(f"import {small_pairs} pairs: {seconds:.2f} s")
        seconds = import_collection(render, large, args.groups, args.points)
        print(f"import {large_pairs} pairs: {seconds:.2f} s")
        print(f"import rate at {large_pairs} pairs: {large_pairs / seconds:.0f} pairs/s")

        reads = [CollectionReads(render, server.base_url, name, groups, args.samples)
                 for name, groups in ((large, args.groups), (small, args.small_groups))]
        for collection_reads in reads:
            collection_reads.check()
        for label, (large_ms, small_ms) in read_figures(*reads).items():
            print(f"{label} at {large_pairs} pairs: {large_ms:.2f} ms")
            print(f"{label} at {small_pairs} pairs: {small_ms:.2f} ms")
            print(f"{label} ratio {large_pairs}/{small_pairs}: {large_ms / small_ms:.2f} x")
        assert server.exceptions == [], server.exceptions


if __name__ == "__main__":
    main()
