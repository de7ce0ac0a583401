"""The backend-agnostic contract suite also passes on the ``url`` backend (``render-emulator serve``).

This is the path a downstream project takes with a real render-ws; here the server is the emulator
started as a separate process, so nothing in-process can leak into the results.
"""

from __future__ import annotations

import subprocess
import sys


def test_contract_tests_pass_against_a_served_emulator(serve_emulator, repo_root):
    served = serve_emulator()
    result = subprocess.run(
        [
            sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--no-header",
            "--render-backend", "url", "--render-url", served.url,
            str(repo_root / "tests" / "contract"),
        ],
        cwd=repo_root, capture_output=True, text=True, timeout=540, stdin=subprocess.DEVNULL,
    )
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    assert result.returncode == 0, f"{summary}\n{result.stdout[-6000:]}\n{result.stderr[-2000:]}"
    assert " passed" in summary and " failed" not in summary
    code, _stdout, stderr = served.stop()
    assert code == 0 and "Traceback" not in stderr
