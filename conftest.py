"""Repository-only test glue. The render fixtures come from the installed plugin
(``render_emulator.pytest_plugin``, pytest11 entry point) and are not registered here."""

import re
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

REPO_ROOT = Path(__file__).resolve().parent
TEST_DATA_DIR = REPO_ROOT / "tests" / "data"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository checkout (holds benchmarks/, docker/, tests/)."""
    return REPO_ROOT


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """``tests/data``: JSON fixtures and images shared by the test suites."""
    return TEST_DATA_DIR


class ServedEmulator:
    """A ``render-emulator serve`` subprocess and the API URL it printed."""

    def __init__(self, process: subprocess.Popen, banner: str, stderr_file):
        self.process = process
        self.banner = banner
        self.stderr_file = stderr_file
        match = re.search(r"API at (http://\S+)/render-ws/v1", banner)
        if match is None:
            raise AssertionError(f"render-emulator serve printed no API URL: {banner!r}")
        self.url = match.group(1)
        self.base_url = f"{self.url}/render-ws/v1"

    def stop(self, signum: int = signal.SIGINT, timeout: float = 15.0) -> tuple[int, str, str]:
        """Send ``signum``; return (exit code, rest of stdout, stderr)."""
        self.process.send_signal(signum)
        stdout, _ = self.process.communicate(timeout=timeout)
        self.stderr_file.seek(0)
        return self.process.returncode, stdout, self.stderr_file.read()


@pytest.fixture
def serve_emulator():
    """Start ``render-emulator serve --port 0 [args]`` subprocesses; they are killed after the test."""
    started: list[ServedEmulator] = []

    def start(*args: str) -> ServedEmulator:
        # the access log goes to a file: a pipe nobody reads fills up and blocks the server
        stderr_file = tempfile.TemporaryFile(mode="w+")
        process = subprocess.Popen(
            [sys.executable, "-m", "render_emulator.cli", "serve", "--port", "0", *args],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=stderr_file, text=True,
        )
        served = ServedEmulator(process, process.stdout.readline(), stderr_file)
        started.append(served)
        return served

    yield start
    for served in started:
        if served.process.poll() is None:
            served.process.kill()
            served.process.communicate(timeout=15)
        served.stderr_file.close()
