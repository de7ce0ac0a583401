"""The docker backend's orchestration, run against the fake ``docker`` of conftest.py (no daemon here):
compose files and environment, health wait, bind mounts, labels, teardown, the reaper of crashed runs,
image builds from a render checkout, render's Java clients in containers, and unavailable backends."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys

import pytest

# imported before pytester snapshots sys.modules (numpy cannot be loaded twice in one process)
import renderapi  # noqa: F401
from render_emulator.testing.docker_backend import COMPOSE_FILE, IN_NETWORK_URL, OWNER_LABEL, PROJECT_LABEL

INNER_ARGS = ("-p", "no:cacheprovider", "-rs")

JAVA_CLIENT_TEST = """
import os
import renderapi
from renderapi.tilespec import TileSpec

def test_import_through_renders_client(render_server, render, render_client_scripts, tmp_path):
    assert render_server.backend == "docker"
    assert isinstance(render, renderapi.render.RenderClient)
    assert os.path.dirname(render.client_script) == render_client_scripts
    image = tmp_path / "tile.png"
    image.write_bytes(b"")
    tile = TileSpec(tileId="t1", z=1.0, width=10, height=10, imageUrl=image.as_uri())
    renderapi.stack.create_stack("s", render=render)
    renderapi.client.import_tilespecs("s", [tile], render=render)
    assert renderapi.tilespec.get_tile_spec_raw("s", "t1", render=render).tileId == "t1"
"""


def run_inner(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest(*INNER_ARGS, *args)


def assert_output_has(result: pytest.RunResult, patterns: list[str]) -> None:
    """``pytest.exit`` messages reach the terminal reporter (stdout) or stderr, depending on when."""
    pytest.LineMatcher(result.outlines + result.errlines).fnmatch_lines(patterns)


def test_prebuilt_images_run_the_java_client_in_the_compose_network_and_everything_is_removed(
    pytester, fake_docker
):
    pytester.makepyfile(JAVA_CLIENT_TEST)
    result = run_inner(pytester, "--render-backend", "docker", "--render-docker-image", "lab/render-ws:1",
                       "--render-docker-client-image", "lab/render-archive:1")
    result.assert_outcomes(passed=1)

    [up] = fake_docker.argvs("compose", "-f", str(COMPOSE_FILE))[:1]
    project = up[up.index("-p") + 1]
    assert project.startswith("render_emulator_tests_")
    assert up[up.index("-p") + 2:] == ["up", "-d", "--wait", "--wait-timeout", "600"]
    up_call = next(call for call in fake_docker.calls() if call["argv"] == up)
    assert up_call["env"]["RENDER_WS_IMAGE"] == "lab/render-ws:1"
    port = int(up_call["env"]["RENDER_WS_PORT"])

    services = fake_docker.override(project)["services"]
    labels = {PROJECT_LABEL: project, OWNER_LABEL: f"{socket.gethostname()}:{os.getpid()}"}
    assert services["mongodb"]["labels"] == services["render-ws"]["labels"] == labels
    mounted = {volume["source"] for volume in services["render-ws"]["volumes"]}
    assert all(volume["source"] == volume["target"] for volume in services["render-ws"]["volumes"])
    basetemp = pytester.path.parent / "basetemp"
    assert mounted == {str(pytester.path), str(basetemp)}  # rootdir and basetemp, at identical paths

    [run] = fake_docker.argvs("run")
    assert run[run.index("--network") + 1] == f"{project}_default"
    assert run[run.index("--label") + 1] == f"{PROJECT_LABEL}={project}"
    assert "lab/render-archive:1" in run
    class_at = run.index("org.janelia.render.client.ImportJsonClient")
    assert run[class_at - 1] == "1G"  # the fixture's memGB
    client_args = run[class_at + 1:]
    base_url = client_args[client_args.index("--baseDataUrl") + 1]
    assert base_url == f"{IN_NETWORK_URL}/render-ws/v1"
    assert f"127.0.0.1:{port}" not in " ".join(run)
    mounts = [run[i + 1] for i, arg in enumerate(run) if arg == "--volume"]
    assert all(source == target for source, target in (m.split(":") for m in mounts))
    assert str(pytester.path) in [m.split(":")[0] for m in mounts] or any(
        str(pytester.path).startswith(m.split(":")[0] + "/") for m in mounts)

    downs = fake_docker.argvs("compose", "-f", str(COMPOSE_FILE))[1:]
    assert [argv[argv.index("-p") + 2:] for argv in downs] == [["down", "-v", "--remove-orphans"]]
    assert fake_docker.projects() == []  # the served stand-in for render-ws was stopped
    assert fake_docker.argvs("image", "rm") == []  # named images are never removed



FIXTURE_USERS_TEST = """
import pytest

def test_uses_the_server(render_server):
    assert render_server.backend == "docker"

@pytest.mark.requires_docker
def test_needs_docker():
    pass
"""


def call_index(fake_docker, argv: list[str]) -> int:
    return [call["argv"] for call in fake_docker.calls()].index(argv)


def test_images_are_built_from_a_render_checkout_and_removed_afterwards(pytester, fake_docker, tmp_path,
                                                                       monkeypatch):
    checkout = tmp_path / "render"
    checkout.mkdir()
    (checkout / "Dockerfile").write_text("FROM scratch\n")
    monkeypatch.setenv("RENDER_SOURCE_DIR", str(checkout))
    pytester.makepyfile(FIXTURE_USERS_TEST)
    run_inner(pytester, "--render-backend", "docker").assert_outcomes(passed=2)

    builds = fake_docker.argvs("build")
    assert len(builds) == 2
    project = builds[0][builds[0].index("--label") + 1].split("=", 1)[1]
    for build, target in zip(builds, ["render-ws", "archive"], strict=True):
        assert build == ["build", "--progress", "plain", "--target", target, "--tag",
                         f"render-emulator-tests/{project}:{target}", "--label", f"{PROJECT_LABEL}={project}",
                         str(checkout)]
    up = next(call for call in fake_docker.calls() if "up" in call["argv"])
    assert up["env"]["RENDER_WS_IMAGE"] == f"render-emulator-tests/{project}:render-ws"
    assert fake_docker.argvs("image", "rm") == [
        ["image", "rm", "-f", f"render-emulator-tests/{project}:render-ws",
         f"render-emulator-tests/{project}:archive"]
    ]
    assert fake_docker.images() == {}


def test_render_ws_image_must_be_named_built_or_present(pytester, fake_docker):
    pytester.makepyfile(FIXTURE_USERS_TEST)
    result = run_inner(pytester, "--render-backend", "docker")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert_output_has(result, [
        "*the docker render backend is unavailable: no render-ws image: name one with --render-docker-image, "
        "or set RENDER_SOURCE_DIR*"
    ])
    assert not [argv for argv in fake_docker.argvs("compose") if "up" in argv]


def test_render_default_image_tags_are_used_when_present(pytester, fake_docker, monkeypatch):
    monkeypatch.setenv("FAKE_DOCKER_IMAGES", "janelia-render:latest-ws janelia-render:latest-archive")
    pytester.makepyfile(FIXTURE_USERS_TEST)
    run_inner(pytester, "--render-backend", "docker").assert_outcomes(passed=2)
    up = next(call for call in fake_docker.calls() if "up" in call["argv"])
    assert up["env"]["RENDER_WS_IMAGE"] == "janelia-render:latest-ws"


def test_an_unhealthy_render_ws_fails_the_run_with_its_logs_and_is_removed(pytester, fake_docker):
    (fake_docker.state / "unhealthy").touch()
    pytester.makepyfile(FIXTURE_USERS_TEST)
    result = run_inner(pytester, "--render-backend", "docker", "--render-docker-image", "lab/ws:1",
                       "--render-docker-client-image", "lab/archive:1", "--render-docker-timeout", "42")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert_output_has(result, [
        "*render-ws did not become healthy within 42 s (docker compose up exit 1)*",
        "*is unhealthy*",
    ])
    compose_verbs = [argv[argv.index("-p") + 2] for argv in fake_docker.argvs("compose")]
    assert compose_verbs == ["up", "logs", "down"]


def test_no_daemon_fails_the_run_unless_the_backend_is_optional(pytester, fake_docker):
    (fake_docker.state / "no-daemon").touch()
    pytester.makepyfile(FIXTURE_USERS_TEST)
    result = run_inner(pytester, "--render-backend", "docker")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert_output_has(result, [
        "*the docker render backend is unavailable: no Docker daemon answers (docker info: Cannot connect*",
        "*--render-backend-optional skips the tests that need it instead*",
    ])
    result = run_inner(pytester, "--render-backend", "docker", "--render-backend-optional")
    assert result.ret == pytest.ExitCode.OK
    result.assert_outcomes(skipped=2)
    result.stdout.fnmatch_lines([
        "*the docker render backend is unavailable: no Docker daemon answers*",
        "*requires_docker: no Docker daemon answers*",
    ])


def test_projects_of_crashed_runs_are_reaped_at_the_next_start(pytester, fake_docker):
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    host = socket.gethostname()
    projects = {
        "render_emulator_tests_crashed": f"{host}:{ended.pid}",
        "render_emulator_tests_running": f"{host}:{os.getpid()}",
        "render_emulator_tests_elsewhere": f"another-host:{ended.pid}",
    }
    for project, owner in projects.items():
        (fake_docker.state / "projects" / f"{project}.json").write_text(json.dumps(
            {"pid": ended.pid, "port": 1, "labels": {PROJECT_LABEL: project, OWNER_LABEL: owner}}))
    pytester.makepyfile(FIXTURE_USERS_TEST)
    run_inner(pytester, "--render-backend", "docker", "--render-docker-image", "lab/ws:1",
              "--render-docker-client-image", "lab/archive:1").assert_outcomes(passed=2)

    reaped = fake_docker.argvs("compose", "-p")
    assert reaped == [["compose", "-p", "render_emulator_tests_crashed", "down", "-v", "--remove-orphans"]]
    assert call_index(fake_docker, reaped[0]) < min(
        i for i, call in enumerate(fake_docker.calls()) if "up" in call["argv"])
    assert fake_docker.projects() == ["render_emulator_tests_elsewhere", "render_emulator_tests_running"]


CLIENT_EXIT_CODES_TEST = """
import os, subprocess

def test_exit_codes_pass_through(render_client_scripts):
    script = os.path.join(render_client_scripts, "run_ws_client.sh")
    usage = subprocess.run([script, "1G"], capture_output=True, text=True)
    assert usage.returncode == 1 and "USAGE:" in usage.stdout
    failed = subprocess.run([script, "1G", "org.janelia.render.client.ImportJsonClient", "--bogus"],
                            capture_output=True, text=True)
    assert failed.returncode == 1, failed.stdout
    assert "ERROR: failed to parse command line arguments" in failed.stderr
"""


def test_client_script_passes_usage_errors_and_exit_codes_through(pytester, fake_docker):
    pytester.makepyfile(CLIENT_EXIT_CODES_TEST)
    run_inner(pytester, "--render-backend", "docker", "--render-docker-image", "lab/ws:1",
              "--render-docker-client-image", "lab/archive:1").assert_outcomes(passed=1)
    assert len(fake_docker.argvs("run")) == 1  # the usage error never starts a container


def test_contract_java_client_tests_pass_on_the_docker_backend(fake_docker, repo_root):
    # some of tests/contract/test_java_client.py (the whole contract suite, 206 tests, also passes this
    # way but takes minutes: each client call starts a container, here three Python processes)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--no-header",
         "--render-backend", "docker", "--render-docker-image", "lab/ws:1",
         "--render-docker-client-image", "lab/archive:1",
         str(repo_root / "tests" / "contract" / "test_java_client.py"),
         "-k", "test_guide_import_tilespecs_then_complete or test_tile_pair_client"],
        cwd=repo_root, capture_output=True, text=True, timeout=540, stdin=subprocess.DEVNULL,
    )
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    assert result.returncode == 0, f"{result.stdout[-4000:]}\n{result.stderr[-2000:]}"
    assert " passed" in summary and "failed" not in summary and "skipped" not in summary, summary
    runs = fake_docker.argvs("run")
    assert {argv[argv.index("lab/archive:1") + 4] for argv in runs} >= {
        "org.janelia.render.client.ImportJsonClient", "org.janelia.render.client.TilePairClient"}
    assert fake_docker.projects() == []
