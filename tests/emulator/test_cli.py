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

import render_emulator
from render_emulator.app import create_app
from render_emulator.cli import EMULATOR_HEADER, build_parser, main, package_version
from render_emulator.routes import coverage
from render_emulator.routes._upstream import ENDPOINT_NOTES
from render_emulator.server import EmulatorServer


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
    lines = [line for line in capsys.readouterr().out.splitlines() if not line.startswith(" ")]
    rows = coverage(create_app())
    assert len(lines) == len(rows) + 1
    implemented = sum(1 for *_rest, done in rows if done)
    assert lines[-1] == f"{implemented} of {len(rows)} render-ws endpoints implemented"
    for line, (method, path, done) in zip(lines, rows, strict=False):
        assert line.split() == ["implemented" if done else "NOT", *([] if done else ["IMPLEMENTED"]),
                                method, f"/render-ws/{path}"]


def test_coverage_prints_each_endpoint_note_under_its_line(capsys):
    main(["coverage"])
    notes: dict[tuple[str, ...], list[str]] = {}
    for line in capsys.readouterr().out.splitlines()[:-1]:
        if line.lstrip().startswith("note: "):
            notes[next(reversed(notes))].append(line.strip().removeprefix("note: "))
        elif line.startswith(" "):
            notes[next(reversed(notes))][-1] += " " + line.strip()
        else:
            notes[tuple(line.split()[-2:])] = []
    assert ENDPOINT_NOTES
    printed = {endpoint: tuple(texts) for endpoint, texts in notes.items() if texts}
    expected = {(method, f"/render-ws/{path}"): texts for (method, path), texts in ENDPOINT_NOTES.items()}
    assert printed == expected


def test_coverage_missing_lists_only_unimplemented_endpoints(capsys):
    main(["coverage", "--missing"])
    lines = [line for line in capsys.readouterr().out.splitlines()[:-1] if not line.startswith(" ")]
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


def test_client_scripts_prints_the_emulated_script_directory(capsys):
    assert main(["client-scripts"]) == 0
    directory = Path(capsys.readouterr().out.strip())
    assert (directory / "run_ws_client.sh").is_file()
    assert directory == Path(render_emulator.__file__).resolve().parent / "javaclient" / "scripts"


def test_coverage_into_a_closed_pipe_ends_quietly():
    command = f'"{sys.executable}" -m render_emulator.cli coverage | head -n 1'
    result = subprocess.run(["/bin/sh", "-c", command], capture_output=True, text=True, timeout=120)
    assert result.stdout.count("\n") == 1
    assert result.stderr == ""


def test_mongo_url_without_pymongo_names_the_extra_and_exits_2():
    # None in sys.modules makes `import pymongo` fail; find_spec is made to agree
    script = (
        "import sys, importlib.util; sys.modules['pymongo'] = None; find = importlib.util.find_spec; "
        "importlib.util.find_spec = lambda name, *rest: None if name == 'pymongo' else find(name, *rest); "
        "from render_emulator.cli import main; "
        "sys.exit(main(['serve', '--port', '0', '--mongo-url', 'mongodb://127.0.0.1:1']))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "render-emulator: --mongo-url needs pymongo: pip install 'render-emulator[mongo]'"
    ]


@pytest.mark.parametrize("flags", [["--quiet"], ["--log-level", "warning"]])
def test_serve_quiet_and_log_level_warning_drop_the_access_log(serve_emulator, flags):
    served = serve_emulator(*flags)
    assert requests.get(f"{served.base_url}/no/such/resource", timeout=10).status_code == 404
    code, stdout, stderr = served.stop()
    assert code == 0 and "render-ws emulator stopped" in stdout
    assert "/no/such/resource" not in stderr


def test_serve_help_describes_every_option():
    parser = build_parser()
    serve_parser = parser._subparsers._group_actions[0].choices["serve"]
    options = [action for action in serve_parser._actions if action.option_strings]
    assert {opt for action in options for opt in action.option_strings} >= {
        "--host", "--port", "--mongo-url", "--log-level", "--quiet"}
    assert all(action.help for action in options)


def test_in_process_server_sends_the_emulator_header():
    with EmulatorServer() as server:
        response = requests.get(f"{server.base_url}/versionInfo", timeout=10)
    assert response.headers[EMULATOR_HEADER] == f"render-emulator/{package_version()}"
