"""The pytest hooks and fixtures of the render_emulator plugin (registered through
``render_emulator.pytest_plugin``, the ``pytest11`` entry point)."""

from __future__ import annotations

import os

import pytest

from render_emulator.javaclient import CLIENT_SCRIPT_NAME
from render_emulator.testing.backends import PACKAGED_CLIENT_SCRIPTS, ServerProvider, default_client_scripts
from render_emulator.testing.cleanup import cleanup_owner, unique_name
from render_emulator.testing.docker_backend import COMPOSE_FILE, DEFAULT_WS_IMAGE
from render_emulator.testing.docker_commands import docker_daemon_problem
from render_emulator.testing.server_handle import RenderServerHandle
from render_emulator.testing.settings import FLAG_SETTINGS, SETTINGS, parse_render_url, settings_from_config

MARKERS = (
    "emulator_only: the test needs the in-process render-ws emulator "
    "(skipped on the url and docker backends)",
    "real_render: the test needs a real render-ws (skipped on the emulator, and on url/docker servers "
    "that turn out to be the emulator)",
    "requires_docker: the test needs a Docker daemon that answers (skipped otherwise)",
)


PROVIDER_KEY = pytest.StashKey[ServerProvider]()


def server_provider(config: pytest.Config) -> ServerProvider:
    return config.stash[PROVIDER_KEY]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("render", "render-ws backend (render_emulator fixtures)")
    for dest, flag, env_var, ini_name, help_text in SETTINGS:
        action = "store_true" if dest in FLAG_SETTINGS else "store"
        group.addoption(flag, dest=dest, default=None, action=action,
                        help=f"{help_text} [env {env_var}, ini {ini_name}]")
        parser.addini(ini_name, help=help_text, default="")


def pytest_configure(config: pytest.Config) -> None:
    for marker in MARKERS:
        config.addinivalue_line("markers", marker)
    config.stash[PROVIDER_KEY] = ServerProvider(settings_from_config(config), config)


def pytest_unconfigure(config: pytest.Config) -> None:
    provider = config.stash.get(PROVIDER_KEY, None)
    if provider is not None:
        provider.close()


def pytest_report_header(config: pytest.Config) -> str:
    settings = server_provider(config).settings
    if settings.backend == "emulator":
        where = "in-process EmulatorServer on 127.0.0.1, free port, started on first use"
    elif settings.backend == "url":
        where = parse_render_url(settings.url or "").base_url
    else:
        compose_file = settings.compose_file or COMPOSE_FILE
        source = os.environ.get("RENDER_SOURCE_DIR")
        image = settings.docker_image or ("built from RENDER_SOURCE_DIR" if source else DEFAULT_WS_IMAGE)
        where = f"render-ws ({image}) + MongoDB from {compose_file}, started on first use"
    scripts = settings.client_scripts or (
        "render's Java clients in containers" if settings.backend == "docker" else default_client_scripts()
    ) or "none"
    return f"render backend: {settings.backend} ({where}); client scripts: {scripts}"


def pytest_runtest_setup(item: pytest.Item) -> None:
    provider = server_provider(item.config)
    backend = provider.settings.backend
    if item.get_closest_marker("requires_docker") is not None:
        problem = docker_daemon_problem()
        if problem is not None:
            pytest.skip(f"requires_docker: {problem}")
    if item.get_closest_marker("emulator_only") is not None and backend != "emulator":
        pytest.skip(f"emulator_only: this run uses the {backend} render backend")
    if item.get_closest_marker("real_render") is not None:
        if backend == "emulator":
            pytest.skip("real_render: this run uses the emulator render backend")
        if provider.get().is_emulator:
            pytest.skip(f"real_render: the {backend} backend's server is the render-ws emulator")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    try:
        return (yield)
    finally:
        handle = server_provider(item.config).handle
        if handle is not None:
            handle.raise_emulator_bugs("during the test")


# ---------------------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="session")
def render_server(pytestconfig: pytest.Config) -> RenderServerHandle:
    """The render-ws of this session (see the README: backends, options, markers)."""
    return server_provider(pytestconfig).get()


@pytest.fixture
def render_client_scripts(render_server: RenderServerHandle) -> str:
    """Directory holding run_ws_client.sh; skips when none is available."""
    if render_server.client_scripts is None:
        pytest.skip(
            f"no render client scripts: {PACKAGED_CLIENT_SCRIPTS / CLIENT_SCRIPT_NAME} is not installed "
            "and --render-client-scripts / RENDER_TEST_CLIENT_SCRIPTS is not set"
        )
    return render_server.client_scripts


@pytest.fixture
def render(render_server: RenderServerHandle):
    """A renderapi Render (RenderClient when client scripts exist) on a fresh owner and project.

    Every stack and match collection of the owner is deleted afterwards.
    """
    import requests

    from renderapi.render import Render, RenderClient

    owner, project = unique_name("test_owner"), unique_name("test_project")
    session = requests.Session()
    connection = dict(
        host=render_server.host, port=render_server.port, owner=owner, project=project,
        client_scripts=render_server.client_scripts, session=session,
    )
    if render_server.client_scripts is not None:
        client_script = os.path.join(render_server.client_scripts, CLIENT_SCRIPT_NAME)
        instance = RenderClient(client_script=client_script, memGB="1G", **connection)
    else:
        instance = Render(**connection)
    try:
        yield instance
    finally:
        session.close()
        try:
            cleanup_owner(render_server.base_url, owner)
        finally:
            render_server.raise_emulator_bugs("while cleaning up the test's owner")


@pytest.fixture
def render_dataset(render_server: RenderServerHandle):
    """Factory ``render_dataset(directory)``: loads a dataset (mongoexport files) for this test and
    returns what was loaded; exactly those collections and stacks' metadata are removed afterwards."""
    loaded = []

    def load(directory):
        dataset = render_server.load(directory)
        loaded.append(dataset)
        return dataset

    yield load
    for dataset in reversed(loaded):
        render_server.unload(dataset)
