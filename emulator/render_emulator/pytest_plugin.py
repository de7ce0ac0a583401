"""pytest fixtures for code that talks to render-ws: an emulator, an existing server or Docker.

Registered through the ``pytest11`` entry point ``render_emulator``. Fixtures: ``render_server``
(session), ``render`` (per test, a fresh owner/project that is cleaned afterwards) and
``render_client_scripts``. Markers: ``emulator_only``, ``real_render``, ``requires_docker``.
Every setting is chosen with precedence command-line flag > environment variable > ini value.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import traceback
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from render_emulator.cli import EMULATOR_HEADER

BACKENDS = ("emulator", "url", "docker")
DEFAULT_BACKEND = "emulator"
API_PATH = "/render-ws/v1"
CLIENT_SCRIPT_NAME = "run_ws_client.sh"
PACKAGED_CLIENT_SCRIPTS = Path(__file__).resolve().parent / "javaclient" / "scripts"
REPO_COMPOSE_FILE = Path(__file__).resolve().parents[2] / "docker" / "compose.yml"
DOCKER_START_TIMEOUT_S = 600.0
HTTP_TIMEOUT_S = 30.0

# (option dest, flag, environment variable, ini name, help)
SETTINGS = (
    ("render_backend", "--render-backend", "RENDER_TEST_BACKEND", "render_backend",
     "render-ws backend for the render fixtures: emulator (in-process, default), url (an existing "
     "server, see --render-url) or docker (render-ws + MongoDB started from docker/compose.yml)"),
    ("render_url", "--render-url", "RENDER_TEST_URL", "render_url",
     "server for the url backend: http://host:port (a full .../render-ws/v1 URL is accepted too)"),
    ("render_client_scripts", "--render-client-scripts", "RENDER_TEST_CLIENT_SCRIPTS",
     "render_client_scripts",
     "directory holding run_ws_client.sh (default: the emulated client shipped with render_emulator)"),
    ("render_docker_compose", "--render-docker-compose", "RENDER_TEST_DOCKER_COMPOSE",
     "render_docker_compose",
     "compose file for the docker backend (default: the repository's docker/compose.yml)"),
)
MARKERS = (
    "emulator_only: the test needs the in-process render-ws emulator "
    "(skipped on the url and docker backends)",
    "real_render: the test needs a real render-ws (skipped on the emulator, and on url/docker servers "
    "that turn out to be the emulator)",
    "requires_docker: the test needs a Docker daemon that answers (skipped otherwise)",
)


class EmulatorBugError(AssertionError):
    """The emulator raised an unexpected exception while serving the test's requests."""


class RenderBackendError(RuntimeError):
    """An operation the selected render backend does not allow."""


# ---------------------------------------------------------------------------------------- settings
@dataclass(frozen=True)
class BackendSettings:
    """The resolved options of one pytest run."""

    backend: str = DEFAULT_BACKEND
    url: str | None = None
    client_scripts: str | None = None
    compose_file: str | None = None


def resolve_setting(config: pytest.Config, dest: str, env_var: str, ini_name: str) -> str | None:
    """Flag value, else environment variable, else ini value; None when none is set."""
    value = config.getoption(dest, default=None)
    if value:
        return str(value)
    value = os.environ.get(env_var, "").strip()
    if value:
        return value
    value = str(config.getini(ini_name) or "").strip()
    return value or None


def settings_from_config(config: pytest.Config) -> BackendSettings:
    values = {dest: resolve_setting(config, dest, env, ini) for dest, _flag, env, ini, _help in SETTINGS}
    backend = (values["render_backend"] or DEFAULT_BACKEND).lower()
    if backend not in BACKENDS:
        raise pytest.UsageError(
            f"unknown render backend {backend!r}: choose one of {', '.join(BACKENDS)} "
            "(--render-backend / RENDER_TEST_BACKEND / ini render_backend)"
        )
    if backend == "url":
        if not values["render_url"]:
            raise pytest.UsageError(
                "the url render backend needs a server: pass --render-url http://host:port "
                "(or set RENDER_TEST_URL / ini render_url)"
            )
        parse_render_url(values["render_url"])
    scripts = values["render_client_scripts"]
    if scripts and not (Path(scripts) / CLIENT_SCRIPT_NAME).is_file():
        raise pytest.UsageError(f"render client scripts directory {scripts!r} has no {CLIENT_SCRIPT_NAME}")
    return BackendSettings(
        backend=backend,
        url=values["render_url"],
        client_scripts=scripts,
        compose_file=values["render_docker_compose"],
    )


@dataclass(frozen=True)
class ServerAddress:
    """Where a render-ws answers, in renderapi's terms."""

    host: str  # with scheme, e.g. http://127.0.0.1
    port: int

    @property
    def base_url(self) -> str:
        return f"{self.host}:{self.port}{API_PATH}"


def parse_render_url(url: str) -> ServerAddress:
    """``http://host:port`` or ``http://host:port/render-ws[/v1]`` -> host (with scheme) and port."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise pytest.UsageError(f"render URL {url!r} must look like http://host:port")
    path = parts.path.rstrip("/")
    if path not in ("", "/render-ws", API_PATH):
        raise pytest.UsageError(
            f"render URL {url!r}: the path must be empty, /render-ws or {API_PATH} "
            "(renderapi cannot reach a server under another prefix)"
        )
    try:
        port = parts.port
    except ValueError as error:
        raise pytest.UsageError(f"render URL {url!r}: {error}") from None
    if port is None:
        port = 443 if parts.scheme == "https" else 80
    hostname = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return ServerAddress(host=f"{parts.scheme}://{hostname}", port=port)


def default_client_scripts() -> str | None:
    """The emulated Java client shipped with render_emulator, when it is installed."""
    if (PACKAGED_CLIENT_SCRIPTS / CLIENT_SCRIPT_NAME).is_file():
        return str(PACKAGED_CLIENT_SCRIPTS)
    return None


# ---------------------------------------------------------------------------------------- docker
def docker_daemon_problem(timeout: float = 20.0) -> str | None:
    """None when a Docker daemon answers ``docker info``; otherwise why not."""
    executable = shutil.which("docker")
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


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


class DockerRenderWs:
    """render-ws + MongoDB from a compose file, under a compose project of their own."""

    def __init__(self, compose_file: Path):
        self.compose_file = compose_file
        self.project = f"render_emulator_tests_{uuid.uuid4().hex[:8]}"
        self.port = free_port()
        self.env = {**os.environ, "RENDER_WS_PORT": str(self.port)}

    def _compose(self, *args: str, timeout: float | None = None) -> subprocess.CompletedProcess:
        command = ["docker", "compose", "-f", str(self.compose_file), "-p", self.project, *args]
        return subprocess.run(
            command, env=self.env, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL
        )

    def start(self) -> ServerAddress:
        address = ServerAddress(host="http://127.0.0.1", port=self.port)
        result = self._compose("up", "-d", "--build")
        if result.returncode != 0:
            self.stop()
            raise RenderBackendError(f"docker compose up failed:\n{result.stderr[-4000:]}")
        if not wait_for_server(address.base_url, DOCKER_START_TIMEOUT_S):
            logs = self._compose("logs", "--tail", "80", timeout=60).stdout
            self.stop()
            raise RenderBackendError(
                f"render-ws from {self.compose_file} did not answer at {address.base_url} within "
                f"{DOCKER_START_TIMEOUT_S:.0f} s; last logs:\n{logs[-4000:]}"
            )
        return address

    def stop(self) -> None:
        self._compose("down", "-v", "--remove-orphans", timeout=300)


# ---------------------------------------------------------------------------------------- server
def probe_server(base_url: str, timeout: float = HTTP_TIMEOUT_S):
    """One GET to the server (``versionInfo``); the requests Response, or None if nothing answers."""
    import requests

    try:
        return requests.get(f"{base_url}/versionInfo", timeout=timeout)
    except requests.RequestException:
        return None


def is_emulator_response(response) -> bool:
    """Whether an HTTP response came from this emulator rather than a real render-ws."""
    if EMULATOR_HEADER in response.headers:
        return True
    return response.headers.get("Server", "").startswith("Werkzeug/")


def wait_for_server(base_url: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        response = probe_server(base_url, timeout=5.0)
        if response is not None and response.status_code < 500:
            return True
        time.sleep(1.0)
    return False


@dataclass
class RenderServerHandle:
    """The render-ws the fixtures talk to (what ``render_server`` yields)."""

    backend: str
    host: str  # renderapi host, with scheme
    port: int
    client_scripts: str | None
    is_emulator: bool
    emulator: object | None = None  # the in-process EmulatorServer on the emulator backend
    _exceptions_seen: int = field(default=0, repr=False)

    @property
    def base_url(self) -> str:
        return f"{self.host}:{self.port}{API_PATH}"

    @property
    def url(self) -> str:
        """``http://host:port``."""
        return f"{self.host}:{self.port}"

    def reset(self) -> None:
        """Wipe every stack and match collection (emulator backend only).

        On the url and docker backends this raises RenderBackendError: the server may hold data that
        is not the test's. Exceptions the emulator recorded are kept, so the running test still fails
        on them.
        """
        if self.emulator is None:
            raise RenderBackendError(
                f"render_server.reset() wipes all data and is only available on the emulator backend "
                f"(this run uses the {self.backend} backend); mark the test emulator_only"
            )
        self.emulator.store.reset()

    # ------------------------------------------------------------------ datasets (mongoexport format)
    def _admin_url(self, action: str) -> str:
        if not self.is_emulator:
            pytest.skip(f"render_server.{action}() needs the render-ws emulator's admin API; the "
                        f"{self.backend} backend serves a real render-ws")
        return self.url

    def load(self, directory):
        """Load a dataset directory (``render/<collection>.json``, ``match/<collection>.json`` as
        mongoexport writes them) and return what was loaded (for :meth:`unload`). In process on the
        emulator backend, through the admin API on an emulator behind a URL; skips on a real render-ws."""
        if self.emulator is not None:
            return self.emulator.load(directory)
        from render_emulator import admin_client

        return admin_client.load(self._admin_url("load"), directory)

    def unload(self, loaded) -> None:
        """Remove exactly the collections and stack metadata a :meth:`load` wrote."""
        if self.emulator is not None:
            self.emulator.unload(loaded)
            return
        from render_emulator import admin_client

        admin_client.unload(self._admin_url("unload"), loaded)

    def dump(self, directory) -> list:
        """Write every collection into ``directory`` as ``mongoexport --jsonArray`` files."""
        if self.emulator is not None:
            return self.emulator.dump(directory)
        from render_emulator import admin_client

        return admin_client.dump(self._admin_url("dump"), directory)

    def take_new_exceptions(self) -> list[BaseException]:
        """Exceptions the emulator recorded since the previous call (always [] off the emulator)."""
        if self.emulator is None:
            return []
        recorded = self.emulator.exceptions
        new = list(recorded[self._exceptions_seen:])
        self._exceptions_seen = len(recorded)
        return new

    def raise_emulator_bugs(self, when: str) -> None:
        new = self.take_new_exceptions()
        if not new:
            return
        details = "\n".join("".join(traceback.format_exception(error)) for error in new)
        raise EmulatorBugError(
            f"render-ws emulator bug: {len(new)} unexpected exception(s) while handling requests "
            f"{when}:\n{details}"
        ) from new[0]


class ServerProvider:
    """Starts the selected backend on first use (once per session) and stops it at the end."""

    def __init__(self, settings: BackendSettings):
        self.settings = settings
        self.handle: RenderServerHandle | None = None
        self._unavailable: str | None = None
        self._docker: DockerRenderWs | None = None

    def client_scripts(self) -> str | None:
        return self.settings.client_scripts or default_client_scripts()

    def get(self) -> RenderServerHandle:
        if self.handle is None:
            if self._unavailable is not None:
                pytest.skip(self._unavailable)
            backend = self.settings.backend
            if backend == "emulator":
                self.handle = self._start_emulator()
            elif backend == "url":
                self.handle = self._connect_url()
            else:
                self.handle = self._start_docker()
        return self.handle

    def _start_emulator(self) -> RenderServerHandle:
        from render_emulator.server import EmulatorServer

        server = EmulatorServer(host="127.0.0.1", port=0).start()
        return RenderServerHandle(
            backend="emulator", host=f"http://{server.host}", port=server.port,
            client_scripts=self.client_scripts(), is_emulator=True, emulator=server,
        )

    def _connect_url(self) -> RenderServerHandle:
        address = parse_render_url(self.settings.url or "")
        response = probe_server(address.base_url)
        if response is None:
            raise RenderBackendError(f"no render-ws answers at {address.base_url} (url backend)")
        return RenderServerHandle(
            backend="url", host=address.host, port=address.port,
            client_scripts=self.client_scripts(), is_emulator=is_emulator_response(response),
        )

    def _start_docker(self) -> RenderServerHandle:
        problem = docker_daemon_problem()
        compose_file = Path(self.settings.compose_file) if self.settings.compose_file else REPO_COMPOSE_FILE
        if problem is None and not compose_file.is_file():
            problem = f"compose file {compose_file} not found (pass --render-docker-compose)"
        if problem is None and compose_file == REPO_COMPOSE_FILE and not os.environ.get("RENDER_SOURCE_DIR"):
            problem = (
                f"{compose_file} builds render-ws from a checkout of saalfeldlab/render: "
                "set RENDER_SOURCE_DIR"
            )
        if problem is not None:
            self._unavailable = f"docker render backend selected but unavailable: {problem}"
            pytest.skip(self._unavailable)
        self._docker = DockerRenderWs(compose_file)
        address = self._docker.start()
        response = probe_server(address.base_url)
        return RenderServerHandle(
            backend="docker", host=address.host, port=address.port,
            client_scripts=self.client_scripts(),
            is_emulator=response is not None and is_emulator_response(response),
        )

    def close(self) -> None:
        if self.handle is not None and self.handle.emulator is not None:
            self.handle.emulator.stop()
        if self._docker is not None:
            self._docker.stop()
            self._docker = None
        self.handle = None


PROVIDER_KEY = pytest.StashKey[ServerProvider]()


def server_provider(config: pytest.Config) -> ServerProvider:
    return config.stash[PROVIDER_KEY]


# ---------------------------------------------------------------------------------------- cleanup
def unique_name(prefix: str) -> str:
    """A render-ws-valid name that no other test uses (``prefix_<12 hex>``)."""
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


def _listing(session, url: str) -> list:
    response = session.get(url, timeout=HTTP_TIMEOUT_S)
    if response.status_code == 501:  # an emulator without this endpoint cannot hold such data
        return []
    response.raise_for_status()
    return response.json()


def cleanup_owner(base_url: str, owner: str, session=None) -> tuple[int, int]:
    """Delete every stack and match collection of ``owner`` over plain HTTP (works on real render-ws).

    READ_ONLY stacks are first set to COMPLETE (render-ws refuses to delete them). Returns the
    numbers of stacks and match collections deleted.
    """
    import requests

    own_session = session is None
    session = requests.Session() if own_session else session
    try:
        owner_url = f"{base_url}/owner/{quote(owner, safe='')}"
        stacks = _listing(session, f"{owner_url}/stacks")
        for metadata in stacks:
            stack_id = metadata["stackId"]
            stack_url = (
                f"{owner_url}/project/{quote(stack_id['project'], safe='')}"
                f"/stack/{quote(stack_id['stack'], safe='')}"
            )
            if metadata.get("state") == "READ_ONLY":
                session.put(f"{stack_url}/state/COMPLETE", timeout=HTTP_TIMEOUT_S).raise_for_status()
            session.delete(stack_url, timeout=HTTP_TIMEOUT_S).raise_for_status()
        collections = _listing(session, f"{owner_url}/matchCollections")
        for metadata in collections:
            name = quote(metadata["collectionId"]["name"], safe="")
            session.delete(f"{owner_url}/matchCollection/{name}", timeout=HTTP_TIMEOUT_S).raise_for_status()
        return len(stacks), len(collections)
    finally:
        if own_session:
            session.close()


# ---------------------------------------------------------------------------------------- hooks
def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("render", "render-ws backend (render_emulator fixtures)")
    for dest, flag, env_var, ini_name, help_text in SETTINGS:
        group.addoption(flag, dest=dest, default=None, help=f"{help_text} [env {env_var}, ini {ini_name}]")
        parser.addini(ini_name, help=help_text, default="")


def pytest_configure(config: pytest.Config) -> None:
    for marker in MARKERS:
        config.addinivalue_line("markers", marker)
    config.stash[PROVIDER_KEY] = ServerProvider(settings_from_config(config))


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
        compose_file = settings.compose_file or REPO_COMPOSE_FILE
        where = f"render-ws + MongoDB from {compose_file}, started on first use"
    scripts = settings.client_scripts or default_client_scripts() or "none"
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
