"""Run every benchmark (``benchmarks/bench_*.py``), each in its own process, and print their figures.

Run: ``python benchmarks/run_all.py [NAME ...]`` (names like ``stacks`` select ``bench_stacks.py``).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

BENCHMARKS_DIR = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    selected = set(sys.argv[1:] if argv is None else argv)
    failures = 0
    for script in sorted(BENCHMARKS_DIR.glob("bench_*.py")):
        name = script.stem.removeprefix("bench_")
        if selected and name not in selected:
            continue
        print(f"== {name}", flush=True)
        started = time.perf_counter()
        # a process per benchmark: peak-memory figures and warm caches stay separate
        result = subprocess.run([sys.executable, str(script)], check=False)
        failures += result.returncode != 0
        print(f"   ({time.perf_counter() - started:.0f} s)", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
