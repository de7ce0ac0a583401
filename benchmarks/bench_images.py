"""Image rendering figures (RenderImageService in the emulator, in-process through the Flask test client):

* a 1024 x 1024 PNG of a box covered by 4 overlapping 2048 px tiles at scale 0.5 — affine tiles (exact
  inverse) and polynomial tiles (triangle-mesh inverse);
* the same box as JPEG;
* a layer overview (``z/{z}/png-image`` at the default scale 0.01, and at 0.1).

Tile images are random 8-bit PNGs written to a temporary directory. Each figure is the median of
``--repeat`` runs (after one warm-up).

Run: ``python benchmarks/bench_images.py [--repeat 5] [--tile-size 2048]``.
"""

from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image

from render_emulator import create_app

STACK = "/render-ws/v1/owner/bench/project/images/stack/{}"
AFFINE = "mpicbg.trakem2.transform.AffineModel2D"
POLYNOMIAL = "mpicbg.trakem2.transform.PolynomialTransform2D"


def _write_tiles(directory: Path, count: int, size: int) -> list[str]:
    rng = np.random.default_rng(7)
    urls = []
    for index in range(count):
        path = directory / f"tile_{index}.png"
        Image.fromarray(rng.integers(0, 256, (size, size), dtype=np.uint8)).save(path)
        urls.append(path.as_uri())
    return urls


def _leaf(kind: str, tx: float, ty: float) -> dict:
    if kind == "affine":
        return {"className": AFFINE, "dataString": f"0.999 0.01 -0.01 0.999 {tx} {ty}"}
    # order 2, gently curved: x' = tx + x + 1e-6 x y, y' = ty + y + 1e-6 x^2
    return {"className": POLYNOMIAL, "dataString": f"{tx} 1 0 0 1e-6 0 {ty} 0 1 1e-6 0 0"}


def _load_stack(client, stack: str, kind: str, urls: list[str], size: int) -> None:
    path = STACK.format(stack)
    assert client.post(path, json={}).status_code == 201
    step = size * 3 // 4   # neighbours overlap by a quarter tile
    tiles = {}
    for index, url in enumerate(urls):
        row, col = divmod(index, 2)
        tiles[f"t{index}"] = {
            "tileId": f"t{index}", "z": 1.0, "width": size, "height": size, "minIntensity": 0.0,
            "maxIntensity": 255.0, "mipmapLevels": {"0": {"imageUrl": url}},
            "transforms": {"type": "list", "specList": [_leaf(kind, col * step, row * step)]},
        }
    response = client.put(f"{path}/resolvedTiles?deriveData=true",
                          json={"transformIdToSpecMap": {}, "tileIdToSpecMap": tiles})
    assert response.status_code == 201, response.get_data(as_text=True)


def _median_seconds(action: Callable[[], None], repeat: int) -> float:
    action()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _getter(client, url: str, shape: tuple[int, ...]) -> Callable[[], None]:
    def get() -> None:
        response = client.get(url)
        assert response.status_code == 200, response.get_data(as_text=True)
        assert response.data
        if shape:
            assert np.asarray(Image.open(io.BytesIO(response.data))).shape == shape

    return get


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--tile-size", type=int, default=2048)
    args = parser.parse_args(argv)
    size = args.tile_size
    client = create_app().test_client()
    with tempfile.TemporaryDirectory() as directory:
        urls = _write_tiles(Path(directory), 4, size)
        for kind in ("affine", "polynomial"):
            _load_stack(client, kind, kind, urls, size)
        # the box where all four tiles overlap, 2 * size/2 world pixels wide, rendered at 0.5
        x0 = size // 4
        box = f"z/1/box/{x0},{x0},{size},{size},0.5"
        out = size // 2
        for kind, fmt, channels in (("affine", "png", 4), ("polynomial", "png", 4), ("affine", "jpeg", 3)):
            url = f"{STACK.format(kind)}/{box}/{fmt}-image"
            seconds = _median_seconds(_getter(client, url, (out, out, channels)), args.repeat)
            print(f"box {out}x{out} {fmt}, 4 {kind} {size} px tiles at scale 0.5: {seconds * 1000:.0f} ms")
        for scale in (None, 0.1):
            query = "" if scale is None else f"?scale={scale}"
            label = "default scale 0.01" if scale is None else f"scale {scale}"
            seconds = _median_seconds(_getter(client, f"{STACK.format('affine')}/z/1/png-image{query}", ()),
                                      args.repeat)
            print(f"layer overview png ({label}), 4 affine tiles: {seconds * 1000:.0f} ms")


if __name__ == "__main__":
    main()
