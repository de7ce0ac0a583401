"""Running the ``docker`` command line: quick queries, and long builds/start-ups with a status line.

The docker backend drives the ``docker`` CLI (``docker compose``, ``docker build``, ``docker run``) rather
than the docker SDK: the SDK has no compose support, and a CLI can be replaced by a fake executable on
PATH, which is how the suite tests the whole orchestration on machines without a Docker daemon.
"""

from __future__ import annotations

import collections
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tqdm import tqdm

QUERY_TIMEOUT_S = 60.0
STATUS_REFRESH_S = 1.0  # status line refresh on a terminal
STATUS_REFRESH_NOT_A_TTY_S = 30.0  # CI logs get a line every 30 s instead
OUTPUT_LINES_KEPT = 200


@dataclass(frozen=True)
class CommandResult:
    returncode: int | None  # None: killed at the timeout
    output: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.output.splitlines()[-lines:])


def docker_executable() -> str | None:
    return shutil.which("docker")


def docker_daemon_problem(timeout: float = 20.0) -> str | None:
    """None when a Docker daemon answers ``docker info``; otherwise why not."""
    executable = docker_executable()
    if executable is None:
        return "the docker command is not installed"
    try:
        result = subprocess.run(
            [executable, "info", "--format", "{{.ServerVersion}}"],
            capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"docker info failed: {error}"
    if result.returncode != 0 or not result.stdout.strip():
        detail = (result.stderr.strip().splitlines() or ["no server version"])[-1]
        return f"no Docker daemon answers (docker info: {detail})"
    return None


class DockerCli:
    """``docker`` with a fixed environment."""

    def __init__(self, env: Mapping[str, str] | None = None):
        self.env = dict(os.environ if env is None else env)

    def run(self, args: Sequence[str], timeout: float = QUERY_TIMEOUT_S) -> CommandResult:
        """A short command; output is stdout then stderr."""
        try:
            result = subprocess.run(
                ["docker", *args], env=self.env, capture_output=True, text=True, timeout=timeout,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired as error:
            return CommandResult(None, f"{error.stdout or ''}{error.stderr or ''}")
        except OSError as error:
            return CommandResult(127, str(error))
        return CommandResult(result.returncode, result.stdout + result.stderr)

    def run_with_status(self, args: Sequence[str], timeout: float, description: str) -> CommandResult:
        """A long command (image build, compose start-up) with one status line on the terminal.

        The line shows the elapsed time and the command's latest output line; the command is killed
        once ``timeout`` seconds have passed. (A Popen poll loop of our own: neither the docker CLI nor
        the SDK offers a bounded wait that also reports build progress.)
        """
        try:
            process = subprocess.Popen(
                ["docker", *args], env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                text=True, stdin=subprocess.DEVNULL,
            )
        except OSError as error:
            return CommandResult(127, str(error))
        lines: collections.deque[str] = collections.deque(maxlen=OUTPUT_LINES_KEPT)
        reader = threading.Thread(target=_collect_lines, args=(process.stdout, lines), daemon=True)
        reader.start()
        terminal = sys.__stderr__
        is_tty = terminal is not None and terminal.isatty()
        refresh = STATUS_REFRESH_S if is_tty else STATUS_REFRESH_NOT_A_TTY_S
        deadline = time.monotonic() + timeout
        with tqdm(desc=description, bar_format="{desc}: {elapsed} {postfix}", file=terminal,
                  disable=terminal is None, mininterval=refresh, leave=True) as status:
            while process.poll() is None:
                if time.monotonic() > deadline:
                    process.kill()
                    process.wait()
                    reader.join(timeout=5)
                    return CommandResult(None, "\n".join(lines))
                if lines:
                    status.set_postfix_str(lines[-1][:100], refresh=False)
                status.update(0)
                time.sleep(min(refresh, 0.5))
            status.set_postfix_str("done" if process.returncode == 0 else f"exit {process.returncode}")
        reader.join(timeout=5)
        return CommandResult(process.returncode, "\n".join(lines))


def _collect_lines(stream, lines: collections.deque) -> None:
    for line in stream:
        lines.append(line.rstrip())
