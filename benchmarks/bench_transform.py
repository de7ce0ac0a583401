"""Leaf-transform figures: ``tform`` (and ``inverse_tform`` where the class has one) of 1M points.

Classes: AffineModel, TranslationModel, RigidModel, SimilarityModel, Polynomial2DTransform (order 2
and 3), NonLinearCoordinateTransform (dimension 5) and ThinPlateSplineTransform (100 landmarks).
Every transform is built through API that render-python 2.4.2 shares with this project, so the same
worker code times either implementation. With ``--reference-python PATH`` (an interpreter that has
render-python installed, never this project) the worker also runs there in a subprocess and each
figure is printed for both, with the speedup (reference time / our time).

Run: ``python benchmarks/bench_transform.py [--points 1000000] [--repeat 3]
[--reference-python /tmp/rp-venv/bin/python]``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import time
from collections.abc import Callable

import numpy as np

SEED = 20240601
TILE = 4096.0


def _nonlinear_datastring(rng: np.random.Generator) -> str:
    """A dimension-5 lens-correction-like NonLinearCoordinateTransform dataString (21 features)."""
    dimension, length = 5, 21
    x = np.linspace(0, TILE, 30)
    grid = np.array(np.meshgrid(x, x)).reshape(2, -1).T
    features = []
    for i in range(1, dimension + 1):
        for j in range(i, -1, -1):
            features.append(grid[:, 0] ** j * grid[:, 1] ** (i - j))
    features = np.array(features).T
    mean = np.append(features.mean(axis=0), 0.0)
    var = np.append(features.std(axis=0), 1.0)
    beta = rng.normal(scale=5.0, size=(length, 2))
    beta[0, 0] += var[0]  # x' ≈ x
    beta[1, 1] += var[1]  # y' ≈ y
    beta[-1] = (mean[0] + beta[-1, 0] / 100, mean[1] + beta[-1, 1] / 100)
    values = [dimension, length, *beta.ravel(), *mean, *var, int(TILE), int(TILE)]
    return " ".join(repr(float(v)) if isinstance(v, float) else str(v) for v in values) + " "


def _polynomial_params(rng: np.random.Generator, order: int) -> np.ndarray:
    n_terms = (order + 1) * (order + 2) // 2
    degrees = np.concatenate([[j] * (j + 1) for j in range(order + 1)])
    params = rng.normal(size=(2, n_terms)) * (0.01 / TILE ** np.maximum(degrees - 1, 0))
    params[:, 0] = (15.0, -20.0)
    params[0, 1] += 1.0
    params[1, 2] += 1.0
    return params


def build_transforms(renderapi) -> dict:
    """The transforms to time, built with API common to renderapi and render-python 2.4.2."""
    rng = np.random.default_rng(SEED)
    T = renderapi.transform

    def leaf(cls, className: str, dataString: str):
        return cls(json={"type": "leaf", "className": className, "dataString": dataString})

    tps = T.ThinPlateSplineTransform()
    landmarks = rng.random((100, 2)) * TILE
    tps.estimate(landmarks, landmarks + rng.normal(scale=8.0, size=landmarks.shape))
    return {
        "affine": leaf(T.AffineModel, T.AffineModel.className, "0.98 0.02 -0.03 1.01 120.5 -33.25"),
        "translation": leaf(T.TranslationModel, T.TranslationModel.className, "120.5 -33.25"),
        "rigid": leaf(T.RigidModel, T.RigidModel.className, "0.05 120.5 -33.25"),
        "similarity": leaf(T.SimilarityModel, T.SimilarityModel.className, "0.97 0.05 120.5 -33.25"),
        "polynomial order 2": T.Polynomial2DTransform(params=_polynomial_params(rng, 2)),
        "polynomial order 3": T.Polynomial2DTransform(params=_polynomial_params(rng, 3)),
        "non-linear (dimension 5)": T.NonLinearCoordinateTransform(dataString=_nonlinear_datastring(rng)),
        "thin-plate spline (100 landmarks)": tps,
    }


def _best_time(func: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - started)
    return best


def time_transforms(n_points: int, repeat: int, inverse_points: int) -> dict[str, float]:
    """Seconds per operation, keyed ``"<name> tform"`` / ``"<name> inverse_tform"``."""
    import renderapi

    points = np.random.default_rng(SEED + 1).random((n_points, 2)) * TILE
    inverse_input = points[:inverse_points]
    timings: dict[str, float] = {}
    for name, tform in build_transforms(renderapi).items():
        timings[f"{name} tform"] = _best_time(lambda t=tform: t.tform(points), repeat)
        if hasattr(tform, "inverse_tform"):
            if isinstance(tform, renderapi.transform.ThinPlateSplineTransform):
                mapped = tform.tform(inverse_input)
                timings[f"{name} inverse_tform"] = _best_time(lambda t=tform, m=mapped: t.inverse_tform(m), 1)
            else:
                timings[f"{name} inverse_tform"] = _best_time(lambda t=tform: t.inverse_tform(points), repeat)
    return timings


def _points_label(n: int) -> str:
    return f"{n // 1_000_000}M" if n % 1_000_000 == 0 else f"{n // 1000}k" if n % 1000 == 0 else str(n)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs (TPS inverse: 1)")
    parser.add_argument("--tps-inverse-points", type=int, default=None,
                        help="points for the thin-plate spline inverse (default: --points)")
    parser.add_argument("--reference-python", default=None,
                        help="interpreter with render-python installed; time the same operations there")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    inverse_points = args.tps_inverse_points or args.points

    if args.worker:
        print(json.dumps(time_transforms(args.points, args.repeat, inverse_points)))
        return

    ours = time_transforms(args.points, args.repeat, inverse_points)
    reference = None
    if args.reference_python:
        worker = subprocess.run(
            [args.reference_python, __file__, "--worker", "--points", str(args.points), "--repeat",
             str(args.repeat), "--tps-inverse-points", str(inverse_points)],
            check=True, capture_output=True, text=True)
        reference = json.loads(worker.stdout.strip().splitlines()[-1])
        version_code = "import importlib.metadata as m; print(m.version('render-python'))"
        version = subprocess.run([args.reference_python, "-c", version_code],
                                 check=True, capture_output=True, text=True).stdout.strip()
    for key, seconds in ours.items():
        n = inverse_points if key.startswith("thin-plate") and key.endswith("inverse_tform") else args.points
        label = f"{key} {_points_label(n)} points"
        print(f"{label}: {seconds * 1000:.1f} ms")
        if reference is not None and key in reference:
            print(f"{label} (render-python {version}): {reference[key] * 1000:.1f} ms")
            print(f"{label} speedup vs render-python: {reference[key] / seconds:.2f} x")


if __name__ == "__main__":
    main()
