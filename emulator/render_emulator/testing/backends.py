"""Starting the selected backend once per session: the in-process emulator, an existing server behind a
URL, or render-ws under docker compose; stopping it at the end."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from render_emulator.javaclient import CLIENT_SCRIPT_NAME, CLIENT_SCRIPTS_DIR
from render_emulator.testing.docker_backend import (
    COMPOSE_FILE,
    DockerBackendError,
    DockerOptions,
    DockerRenderWs,
)
from render_emulator.testing.docker_commands import docker_daemon_problem
from render_emulator.testing.server_handle import (
    RenderBackendError,
    RenderServerHandle,
    is_emulator_response,
    probe_server,
)
from render_emulator.testing.settings import BackendSettings, ServerAddress, parse_render_url

PACKAGED_CLIENT_SCRIPTS = CLIENT_SCRIPTS_DIR


def default_client_scripts() -> str | None:
    """The emulated Java client shipped with render_emulator, when it is installed."""
    if (PACKAGED_CLIENT_SCRIPTS / CLIENT_SCRIPT_NAME).is_file():
        return str(PACKAGED_CLIENT_SCRIPTS)
    return None


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


class ServerProvider:
    """Starts the selected backend on first use (once per session) and stops it at the end.

    A backend that cannot be reached or started ends the run (pytest exit code 4, one message with the
    reason), or, with ``--render-backend-optional``, skips every test that needs it.
    """

    def __init__(self, settings: BackendSettings, config: pytest.Config | None = None):
        self.settings = settings
        self.config = config
        self.handle: RenderServerHandle | None = None
        self._unavailable: str | None = None
        self._docker: DockerRenderWs | None = None

    def client_scripts(self) -> str | None:
        return self.settings.client_scripts or default_client_scripts()

    def get(self) -> RenderServerHandle:
        if self.handle is None:
            if self._unavailable is None:
                try:
                    self.handle = self._start()
                except (RenderBackendError, DockerBackendError) as error:
                    self._unavailable = f"the {self.settings.backend} render backend is unavailable: {error}"
            if self._unavailable is not None:
                self._report_unavailable()
        return self.handle

    def _report_unavailable(self) -> None:
        if self.settings.optional:
            pytest.skip(self._unavailable)
        pytest.exit(
            f"{self._unavailable}\n(--render-backend-optional skips the tests that need it instead)",
            returncode=pytest.ExitCode.USAGE_ERROR,
        )

    def _start(self) -> RenderServerHandle:
        backend = self.settings.backend
        if backend == "emulator":
            return self._start_emulator()
        if backend == "url":
            return self._connect_url()
        return self._start_docker()

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
            raise RenderBackendError(f"no render-ws answers at {address.base_url}")
        return RenderServerHandle(
            backend="url", host=address.host, port=address.port,
            client_scripts=self.client_scripts(), is_emulator=is_emulator_response(response),
        )

    def docker_options(self) -> DockerOptions:
        compose_file = Path(self.settings.compose_file) if self.settings.compose_file else COMPOSE_FILE
        mounts = list(self.settings.docker_mounts)
        if self.config is not None:
            mounts.append(str(self.config.rootpath))
            # pytest's own TempPathFactory (config._tmp_path_factory, set by its tmpdir plugin): the
            # tmp_path directories of every test live under its basetemp
            tmp_path_factory = getattr(self.config, "_tmp_path_factory", None)
            if tmp_path_factory is not None:
                mounts.append(str(tmp_path_factory.getbasetemp()))
        return DockerOptions(
            compose_file=compose_file,
            ws_image=self.settings.docker_image,
            client_image=self.settings.docker_client_image,
            source_dir=os.environ.get("RENDER_SOURCE_DIR", "").strip() or None,
            start_timeout=self.settings.docker_timeout,
            mounts=tuple(mounts),
        )

    def _start_docker(self) -> RenderServerHandle:
        options = self.docker_options()
        problem = docker_daemon_problem()
        if problem is None and not options.compose_file.is_file():
            problem = f"compose file {options.compose_file} not found"
        if problem is not None:
            raise RenderBackendError(problem)
        self._docker = DockerRenderWs(options, port=free_port())
        self._docker.start()
        address = ServerAddress(host="http://127.0.0.1", port=self._docker.port)
        response = probe_server(address.base_url)
        if response is None:
            raise RenderBackendError(f"render-ws reported healthy but {address.base_url} does not answer")
        return RenderServerHandle(
            backend="docker", host=address.host, port=address.port,
            client_scripts=self.settings.client_scripts or str(self._docker.client_scripts),
            is_emulator=is_emulator_response(response),
        )

    def close(self) -> None:
        if self.handle is not None and self.handle.emulator is not None:
            self.handle.emulator.stop()
        if self._docker is not None:
            self._docker.stop()
            self._docker = None
        self.handle = None
