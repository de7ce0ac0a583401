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


def test_finds_a_caller_started_as_bare_python_on_the_callers_path(tmp_path):
    # `python -m pytest` in an activated venv: argv[0] is the bare word "python", which must be looked up
    # on the caller's PATH (/proc/<ppid>/environ), not on the script's PATH (here without any python)
    if not Path(f"/proc/{os.getpid()}/environ").exists():
        pytest.skip("needs /proc")
    venv_bin = tmp_path / "venv-bin"
    venv_bin.mkdir()
    marker = tmp_path / "used"
    python = venv_bin / "python"
    python.write_text(f'#!/bin/sh\ntouch "{marker}"\nexec "{sys.executable}" "$@"\n')
    python.chmod(0o755)
    caller = (
        "import subprocess, sys; "
        f"r = subprocess.run([{str(SCRIPT)!r}, '1G', 'no.such.Class'], env={minimal_env()!r}, "
        "capture_output=True, text=True); sys.stdout.write(r.stderr); sys.exit(r.returncode)"
    )
    result = subprocess.run(["python", "-c", caller], executable=sys.executable, capture_output=True,
                            text=True, timeout=120, env=minimal_env(PATH=f"{venv_bin}:/usr/bin:/bin"))
    assert result.returncode == 1
    assert "no.such.Class is not emulated" in result.stdout
    assert marker.exists()


def test_editable_install_is_found_through_the_console_script_shebang(tmp_path):
    # an editable install leaves this script in the source tree (no <prefix>/bin beside it) and the caller
    # here is a shell: the interpreter comes from the render-emulator command's shebang
    marker = tmp_path / "used"
    python = tmp_path / "venv-python"
    python.write_text(f'#!/bin/sh\ntouch "{marker}"\nexec "{sys.executable}" "$@"\n')
    python.chmod(0o755)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    console_script = bin_dir / "render-emulator"
    console_script.write_text(f"#!{python}\nimport sys\n")
    console_script.chmod(0o755)
    result = subprocess.run(["/bin/sh", "-c", f'"{SCRIPT}" 1G no.such.Class'], capture_output=True, text=True,
                            env=minimal_env(PATH=f"{bin_dir}:/usr/bin:/bin"), timeout=60)
    assert result.returncode == 1, result.stderr
    assert "no.such.Class is not emulated" in result.stderr
    assert marker.exists()


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


def script_copy_with_prefix_python(root: Path, layout: str) -> tuple[Path, Path]:
    """A copy of the script under ``root/layout`` and a python wrapper at ``../../../../../../bin/python3``
    from its directory that leaves a marker when it runs; (script, marker)."""
    scripts = root / layout
    scripts.mkdir(parents=True)
    script = scripts / "run_ws_client.sh"
    script.write_bytes(SCRIPT.read_bytes())
    script.chmod(0o755)
    marker = root / "prefix-python-used"
    bin_dir = (scripts / "../../../../../../bin").resolve()
    bin_dir.mkdir(parents=True, exist_ok=True)
    wrapper = bin_dir / "python3"
    wrapper.write_text(f'#!/bin/sh\ntouch "{marker}"\nexec "{sys.executable}" "$@"\n')
    wrapper.chmod(0o755)
    return script, marker


def test_wheel_install_runs_its_prefix_python(tmp_path):
    script, marker = script_copy_with_prefix_python(
        tmp_path, "prefix/lib/python3.11/site-packages/render_emulator/javaclient/scripts")
    result = subprocess.run([str(script), "1G", "no.such.Class"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "no.such.Class is not emulated" in result.stderr
    assert marker.exists()
    assert "bin/python3 -m render_emulator.javaclient no.such.Class" in result.stdout


def test_source_checkout_tries_no_prefix_python(tmp_path):
    """Outside site-packages, ``../../../../../../bin`` is no installation's (often /bin): not started."""
    script, marker = script_copy_with_prefix_python(tmp_path, "a/b/src/render_emulator/javaclient/scripts")
    result = subprocess.run([str(script), "1G", "no.such.Class"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "no.such.Class is not emulated" in result.stderr
    assert not marker.exists()


def test_a_candidate_without_the_modules_hands_over_to_the_next(tmp_path):
    """No Python is started just to test a candidate: the first one runs the script's bootstrap, which finds
    none of the modules (``-I -S``: no PYTHONPATH, no site-packages) and runs the script again for the next
    candidate, here ``$VIRTUAL_ENV/bin/python``; the banner is printed once, by the interpreter that runs."""
    bad_marker, good_marker = tmp_path / "bad-used", tmp_path / "good-used"
    bad = tmp_path / "bad-python"
    bad.write_text(f'#!/bin/sh\ntouch "{bad_marker}"\nexec "{sys.executable}" -I -S "$@"\n')
    bad.chmod(0o755)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    console_script = bin_dir / "render-emulator"
    console_script.write_text(f"#!{bad}\nimport sys\n")
    console_script.chmod(0o755)
    venv_bin = tmp_path / "venv" / "bin"
    venv_bin.mkdir(parents=True)
    good = venv_bin / "python"
    good.write_text(f'#!/bin/sh\ntouch "{good_marker}"\nexec "{sys.executable}" "$@"\n')
    good.chmod(0o755)
    env = minimal_env(PATH=f"{bin_dir}:/usr/bin:/bin", VIRTUAL_ENV=str(tmp_path / "venv"),
                      PYTHONPATH=os.pathsep.join(sys.path[1:]))
    result = subprocess.run(["/bin/sh", "-c", f'"{SCRIPT}" 1G no.such.Class "a b"'], capture_output=True,
                            text=True, env=env, timeout=60)
    assert result.returncode == 1, result.stderr
    assert "no.such.Class is not emulated" in result.stderr
    assert bad_marker.exists() and good_marker.exists()
    assert result.stdout.count("no.such.Class") == 2   # the banner and the Running line, once each
    assert f"Running: {good} -m render_emulator.javaclient no.such.Class a b (memory 1G ignored)" \
        in result.stdout
