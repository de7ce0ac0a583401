"""A fake ``docker`` executable first on PATH (tests/emulator/testing/fake_docker.py) and its call log."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

FAKE_DOCKER = Path(__file__).resolve().parent / "fake_docker.py"


class FakeDocker:
    def __init__(self, state: Path):
        self.state = state

    def calls(self) -> list[dict]:
        log = self.state / "calls.jsonl"
        return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []

    def argvs(self, *prefix: str) -> list[list[str]]:
        """argv of every call starting with ``prefix``."""
        return [call["argv"] for call in self.calls() if call["argv"][:len(prefix)] == list(prefix)]

    def projects(self) -> list[str]:
        return sorted(path.stem for path in (self.state / "projects").glob("*.json"))

    def override(self, project: str) -> dict:
        """The compose override file the backend passed to ``up`` for ``project``."""
        return json.loads((self.state / f"{project}.override.json").read_text())

    def images(self) -> dict:
        path = self.state / "images.json"
        return json.loads(path.read_text()) if path.exists() else {}


@pytest.fixture
def fake_docker(tmp_path_factory, monkeypatch) -> FakeDocker:
    """``docker`` on PATH is the fake; RENDER_* settings of the environment are cleared."""
    bin_dir = tmp_path_factory.mktemp("fake-docker-bin")
    state = tmp_path_factory.mktemp("fake-docker-state")
    (state / "projects").mkdir()
    executable = bin_dir / "docker"
    executable.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{FAKE_DOCKER}" "$@"\n')
    executable.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_DOCKER_STATE", str(state))
    for name in ("RENDER_TEST_BACKEND", "RENDER_TEST_URL", "RENDER_TEST_CLIENT_SCRIPTS",
                 "RENDER_TEST_DOCKER_COMPOSE", "RENDER_TEST_DOCKER_IMAGE", "RENDER_TEST_DOCKER_CLIENT_IMAGE",
                 "RENDER_TEST_DOCKER_TIMEOUT", "RENDER_TEST_DOCKER_MOUNTS", "RENDER_TEST_BACKEND_OPTIONAL",
                 "RENDER_SOURCE_DIR", "FAKE_DOCKER_IMAGES"):
        monkeypatch.delenv(name, raising=False)
    return FakeDocker(state)
