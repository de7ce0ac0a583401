"""DockerCli: long commands report a status line and are killed at their timeout; docker_daemon_problem."""

from __future__ import annotations

import time

from render_emulator.testing.docker_commands import DockerCli, docker_daemon_problem


def slow_docker(tmp_path, monkeypatch, body: str) -> None:
    executable = tmp_path / "docker"
    executable.write_text(f"#!/bin/sh\n{body}\n")
    executable.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}:/usr/bin:/bin")


def test_long_command_shows_a_status_line_and_returns_its_output(tmp_path, monkeypatch, capfd):
    slow_docker(tmp_path, monkeypatch, 'echo "#1 step one"; sleep 1.5; echo "#2 step two"; exit 3')
    result = DockerCli().run_with_status(["build", "."], timeout=60, description="building render-ws")
    assert result.returncode == 3 and not result.ok
    assert result.output.splitlines() == ["#1 step one", "#2 step two"]
    status = capfd.readouterr().err
    assert "building render-ws: 00:0" in status and "exit 3" in status


def test_long_command_is_killed_at_its_timeout(tmp_path, monkeypatch):
    slow_docker(tmp_path, monkeypatch, 'echo "#1 started"; exec sleep 60')
    started = time.monotonic()
    result = DockerCli().run_with_status(["build", "."], timeout=1.0, description="building")
    assert time.monotonic() - started < 20
    assert result.returncode is None and result.output == "#1 started"


def test_daemon_problem_names_the_reason(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert docker_daemon_problem() == "the docker command is not installed"
    slow_docker(tmp_path, monkeypatch, 'echo "Cannot connect to the Docker daemon" >&2; exit 1')
    problem = docker_daemon_problem()
    assert problem == "no Docker daemon answers (docker info: Cannot connect to the Docker daemon)"
