"""scripts/run_ws_client.sh: usage and exit codes, interpreter discovery and render's unquoted argument
re-expansion, run as renderapi runs it (argv list, no shell)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import render_emulator
from render_emulator.pytest_plugin import PACKAGED_CLIENT_SCRIPTS

SCRIPT = PACKAGED_CLIENT_SCRIPTS / "run_ws_client.sh"
PAIRS = "org.janelia.render.client.TilePairClient"


def run(*args, env=None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(SCRIPT), *map(str, args)], capture_output=True, text=True, timeout=120,
                          env=env, **kwargs)


def test_script_is_shipped_executable():
    assert SCRIPT.is_file()
    assert SCRIPT.stat().st_mode & stat.S_IXUSR


@pytest.mark.parametrize("args", [[], ["1G"]])
def test_fewer_than_two_arguments_print_usage_and_exit_1(args):
    result = run(*args)
    assert result.returncode == 1
    assert "USAGE:" in result.stdout and "<memory> <main-class>" in result.stdout


def test_not_emulated_class_exits_1_with_its_message():
    result = run("1G", "org.janelia.render.client.SIFTPointMatchClient", "--x")
    assert result.returncode == 1
    assert "render-emulator java client: org.janelia.render.client.SIFTPointMatchClient is not emulated" \
        in result.stderr
    assert "org.janelia.render.client.SIFTPointMatchClient" in result.stdout  # echoed class name


def test_parse_failure_exit_code_passes_through():
    result = run("1G", PAIRS, "--bogus")
    assert result.returncode == 1
    assert "ERROR: failed to parse command line arguments" in result.stderr


def minimal_env(**extra) -> dict:
    keep = {k: v for k, v in os.environ.items() if k in ("HOME", "LANG", "TMPDIR", "SYSTEMROOT")}
    return {"PATH": "/usr/bin:/bin", **keep, **extra}


def test_finds_the_calling_interpreter_without_path_or_virtualenv():
    # PATH holds no python with render_emulator: the interpreter running this test is found through
    # the caller's command line (/proc/<ppid>/cmdline)
    if not Path(f"/proc/{os.getpid()}/cmdline").exists():
        pytest.skip("needs /proc")
    result = run("1G", "no.such.Class", env=minimal_env())
    assert result.returncode == 1
    assert "no.such.Class is not emulated" in result.stderr


def test_render_emulator_python_wins(tmp_path):
    marker = tmp_path / "used"
    wrapper = tmp_path / "mypython"
    wrapper.write_text(f"#!/bin/sh\ntouch {marker}\nexec {sys.executable} \"$@\"\n")
    wrapper.chmod(0o755)
    result = run("1G", "no.such.Class", env=minimal_env(RENDER_EMULATOR_PYTHON=str(wrapper)))
    assert result.returncode == 1 and marker.exists()
    assert f"Running: {wrapper} -m render_emulator.javaclient no.such.Class" in result.stdout


def test_no_usable_interpreter_is_an_error(tmp_path):
    env = minimal_env(RENDER_EMULATOR_PYTHON="")
    # run through a shell of our own so that the parent process is not a python
    result = subprocess.run(["/bin/sh", "-c", f'"{SCRIPT}" 1G no.such.Class'], capture_output=True, text=True,
                            env={**env, "PATH": f"{tmp_path}:/usr/bin:/bin"}, timeout=60)
    assert result.returncode == 1
    assert "no Python interpreter with render_emulator installed was found" in result.stderr


def test_arguments_are_split_at_spaces_like_renders_script(tmp_path):
    # render's script re-expands "$*" unquoted: "a b" arrives as two arguments (here: two main parameters)
    result = run("1G", "org.janelia.render.client.ImportJsonClient", "--baseDataUrl", "http://127.0.0.1:9/x",
                 "--owner", "o", "--project", "p", "--stack", "s", "one two")
    assert result.returncode == 1
    assert "with --baseDataUrl http://127.0.0.1:9/x --owner o --project p --stack s one two" in result.stderr


def test_package_location_matches_plugin_default():
    package_dir = Path(render_emulator.__file__).resolve().parent
    assert PACKAGED_CLIENT_SCRIPTS == package_dir / "javaclient" / "scripts"
