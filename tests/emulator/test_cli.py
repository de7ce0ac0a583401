"""The render-emulator command line: serve (start, log, stop on signals), coverage, --version."""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from render_emulator.app import create_app
from render_emulator.cli import EMULATOR_HEADER, main, package_version
from render_emulator.routes import coverage


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_serve_answers_logs_requests_and_stops_cleanly_on_signals(serve_emulator, signum):
    served = serve_emulator()
    assert served.base_url.startswith("http://127.0.0.1:")
    assert f"dashboard at {served.url}/render-ws/view/index.html" in served.banner

    response = requests.get(f"{served.base_url}/no/such/resource", timeout=10)
    assert response.status_code == 404
    assert response.headers[EMULATOR_HEADER] == f"render-emulator/{package_version()}"

    code, stdout, stderr = served.stop(signum)
    assert code == 0, stderr
    assert "render-ws emulator stopped" in stdout
    request_lines = [line for line in stderr.splitlines() if "/render-ws/v1/no/such/resource" in line]
    assert len(request_lines) == 1 and '"GET ' in request_lines[0] and " 404 " in request_lines[0]
    assert "Traceback" not in stderr


def test_serve_reports_a_port_in_use_and_exits_1():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "render_emulator.cli", "serve", "--port", str(port)],
            capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
        )
    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr


def test_coverage_lists_every_upstream_endpoint_with_its_status(capsys):
    assert main(["coverage"]) == 0
    lines = capsys.readouterr().out.splitlines()
    rows = coverage(create_app())
    assert len(lines) == len(rows) + 1
    implemented = sum(1 for *_rest, done in rows if done)
    assert lines[-1] == f"{implemented} of {len(rows)} render-ws endpoints implemented"
    for line, (method, path, done) in zip(lines, rows, strict=False):
        assert line.split() == ["implemented" if done else "NOT", *([] if done else ["IMPLEMENTED"]),
                                method, f"/render-ws/{path}"]


def test_coverage_missing_lists_only_unimplemented_endpoints(capsys):
    main(["coverage", "--missing"])
    lines = capsys.readouterr().out.splitlines()[:-1]
    missing = [row for row in coverage(create_app()) if not row[2]]
    assert len(lines) == len(missing)
    assert all(line.startswith("NOT IMPLEMENTED") for line in lines)


def test_version_and_usage(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"render-emulator {package_version()}"
    with pytest.raises(SystemExit) as exit_info:
        main([])
    assert exit_info.value.code == 2


def test_console_script_is_installed():
    executable = shutil.which("render-emulator") or shutil.which(
        "render-emulator", path=str(Path(sys.executable).parent)
    )
    assert executable is not None, "pip install -e . installs the render-emulator command"
    result = subprocess.run([executable, "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("render-emulator ")
