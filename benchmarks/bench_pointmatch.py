"""Point-match figures: import of a 200,000-pair collection through ``renderapi.pointmatch`` and
per-group read times against the same reads on a 2,000-pair collection.

Target ratios (issue #13), all measured in the same run:
- ``import_matches`` of one 100,000-pair list vs stdlib ``json.dumps`` + ``json.loads`` of that list
  (best of 3 each, in a fresh process of its own): target <= 1.0 x;
- peak RSS of the 200,000-pair run (emulator and client in this process): target <= 1.2 GB;
- per-group reads on 200,000 vs 2,000 pairs: target <= 1.5 x.

Measured on the shared 2-core machine (load 5-10), before -> after the orjson/packed-storage work:
import ratio 2.37 x -> 0.48 x (import_matches 199.8 s vs dumps+loads 84.2 s -> 22.7 s vs 47.1 s);
peak RSS 2.92 GB -> 1.04 GB; 200,000-pair import 399 s -> 80 s; worst per-group HTTP read ratio
1.33 x -> 1.11 x.

Layout of a collection with G groups (ids ``0000``, ``0001``, ...): every group has 200 pairs whose
pGroupId is that group, 100 within the group (tile i with tile i+1) and 100 with the next group
(tile i with tile i of group g+1); every pair holds ``--points`` (default 50) point matches.

Run: ``python benchmarks/bench_pointmatch.py [--groups 1000] [--small-groups 10] [--samples 60]
[--ratio-pairs 100000] [--repeats 3]``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import resource
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


def ratio_pairs_list(pairs: int, points: int) -> list[dict]:
    """``pairs`` pairs laid out as the collections above (whole groups of 200)."""
    rng = np.random.default_rng(pairs)
    data: list[dict] = []
    for g in range(-(-pairs // PAIRS_PER_GROUP)):
        data.extend(group_pairs(g, rng, points))
    return data[:pairs]


def best_seconds(call: Callable[[], object], repeats: int, before: Callable[[], object] = lambda: None
                 ) -> float:
    """Fastest of ``repeats`` timed calls (``before`` runs untimed ahead of each)."""
    best = float("inf")
    for _ in range(repeats):
        before()
        started = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - started)
    return best


def import_ratio_figures(pairs: int, points: int, repeats: int) -> tuple[float, float]:
    """(best seconds of ``import_matches`` of one ``pairs``-pair list into a new collection, best seconds
    of stdlib ``json.loads(json.dumps(list))`` of the same list); runs in a process of its own."""
    data = ratio_pairs_list(pairs, points)
    round_trip = best_seconds(lambda: json.loads(json.dumps(data)), repeats)
    with EmulatorServer(port=0) as server:
        render = renderapi.render.Render(
            host=server.url.rsplit(":", 1)[0], port=server.port, owner=OWNER, project="p"
        )

        def fresh_collection() -> None:
            server.reset()

        def import_list() -> None:
            renderapi.pointmatch.import_matches("ratio", data, render=render)

        importing = best_seconds(import_list, repeats, fresh_collection)
        stored = renderapi.pointmatch.get_matchcollections(owner=OWNER, render=render)
        assert [c["pairCount"] for c in stored if c["collectionId"]["name"] == "ratio"] == [pairs], stored
        assert server.exceptions == [], server.exceptions
    return importing, round_trip


def peak_rss_gb() -> float:
    """Peak resident memory of this process so far (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0**2


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
    parser.add_argument("--ratio-pairs", type=int, default=100_000, help="pairs of the import-ratio list")
    parser.add_argument("--repeats", type=int, default=3, help="timings of the import ratio (best taken)")
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
        read_figures_seen = read_figures(*reads)
        for label, (large_ms, small_ms) in read_figures_seen.items():
            print(f"{label} at {large_pairs} pairs: {large_ms:.2f} ms")
            print(f"{label} at {small_pairs} pairs: {small_ms:.2f} ms")
            print(f"{label} ratio {large_pairs}/{small_pairs}: {large_ms / small_ms:.2f} x")
        assert server.exceptions == [], server.exceptions
    print(f"peak RSS of the {large_pairs}-pair run: {peak_rss_gb():.2f} GB (target <= 1.2 GB)")
    read_ratio = max(large_ms / small_ms for label, (large_ms, small_ms) in read_figures_seen.items()
                     if label.endswith("(HTTP)"))

    # a process of its own, so that its 100k-pair list does not count in the peak RSS above
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        importing, round_trip = pool.apply(
            import_ratio_figures, (args.ratio_pairs, args.points, args.repeats))
    print(f"import_matches of {args.ratio_pairs} pairs: {importing:.2f} s (best of {args.repeats})")
    print(f"json.dumps + json.loads of the same list: {round_trip:.2f} s (best of {args.repeats})")
    print(f"import ratio import_matches / (dumps + loads): {importing / round_trip:.2f} x (target <= 1.0 x)")
    print(f"worst per-group HTTP read ratio {large_pairs}/{small_pairs}: {read_ratio:.2f} x "
          "(target <= 1.5 x)")


if __name__ == "__main__":
    main()
