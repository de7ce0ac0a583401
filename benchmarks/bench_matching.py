"""Feature matching figures: the emulated PointMatchClient matching one pair of 2048 x 2048 tiles at
renderScale 0.25 (render-parameters fetched over HTTP from an EmulatorServer, both canvases rendered, SIFT
features extracted, matched, RANSAC-filtered and the inliers PUT back), the target being <= 1 s.

The tiles are crops of one smooth random texture overlapping by 512 columns. Figures are medians of
``--repeat`` runs after one warm-up (which pays the one-off OpenCV import); the CPU time and load average are
printed too, since wall time on a shared machine depends on its load.

Run: ``python benchmarks/bench_matching.py [--repeat 5] [--tile-size 2048] [--scale 0.25]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image
from scipy import ndimage

import renderapi
from render_emulator.javaclient.__main__ import main as run_java_client
from render_emulator.server import EmulatorServer
from renderapi.tilespec import Layout, TileSpec
from renderapi.transform import AffineModel

TARGET_S = 1.0


def _tiles(directory: Path, size: int, overlap: int) -> list[TileSpec]:
    rng = np.random.default_rng(3)
    extent = (2 * size - overlap, size)
    fine, coarse = (ndimage.gaussian_filter(rng.random((extent[1], extent[0]), dtype=np.float32), s)
                    for s in (6.0, 16.0))
    image = fine + 2 * coarse
    image = np.rint((image - image.min()) / (image.max() - image.min()) * 255).astype(np.uint8)
    specs = []
    for index, x in enumerate((0, size - overlap)):
        path = directory / f"tile_{index}.png"
        Image.fromarray(image[:, x:x + size]).save(path)
        specs.append(TileSpec(tileId=f"tile_{index}", z=1.0, width=size, height=size, minint=0, maxint=255,
                              imageUrl=path.as_uri(), layout=Layout(sectionId="1.0"),
                              tforms=[AffineModel(B0=float(x), B1=0.0)]))
    return specs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--tile-size", type=int, default=2048)
    parser.add_argument("--scale", type=float, default=0.25)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, EmulatorServer(port=0) as server:
        render = renderapi.connect(host=f"http://{server.host}", port=server.port, owner="bench",
                                   project="matching", web_only=True)
        renderapi.stack.create_stack("pair", render=render)
        renderapi.resolvedtiles.put_tilespecs("pair", tilespecs=_tiles(Path(folder), args.tile_size,
                                                                      args.tile_size // 4), render=render)
        url = f"{server.base_url}/owner/bench/project/matching/stack/pair/tile/{{}}/render-parameters"
        argv = ["org.janelia.render.client.PointMatchClient", "--baseDataUrl", server.base_url,
                "--owner", "bench", "--collection", "bench_matches", "--renderScale", str(args.scale),
                "--matchMaxEpsilonFullScale", "10", "--matchModelType", "RIGID",
                # render's PointMatchClient applies no MatchDerivationParameters defaults
                # (PointMatchClient.java:244-255): these are MatchDerivationParameters.setDefaults' values
                "--matchRod", "0.92", "--matchIterations", "1000", "--matchMinInlierRatio", "0.0",
                "--matchMinNumInliers", "4", "--matchMaxTrust", "3.0",
                url.format("tile_0"), url.format("tile_1")]
        times, cpu_times = [], []
        for run in range(args.repeat + 1):
            started, cpu_started = time.perf_counter(), time.process_time()
            assert run_java_client(argv) == 0
            if run:
                times.append(time.perf_counter() - started)
                cpu_times.append(time.process_time() - cpu_started)
        (pair,) = renderapi.pointmatch.get_matches_within_group("bench_matches", "1.0", render=render)
        median = statistics.median(times)
        print(f"   PointMatchClient, one pair of {args.tile_size}^2 tiles at renderScale {args.scale}: "
              f"{median:.3f} s median of {args.repeat} (target <= {TARGET_S:.1f} s, "
              f"ratio {median / TARGET_S:.2f}); {len(pair['matches']['w'])} inliers")
        # CPU seconds of this process (client and in-process server threads): less sensitive to other load
        print(f"   the same, CPU time: {statistics.median(cpu_times):.3f} s median; load average "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
