"""The pytest plugin's settings: backend choice and options, each with the precedence command-line
flag > environment variable > ini value, and the parsing of ``--render-url``."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from render_emulator.javaclient import CLIENT_SCRIPT_NAME

BACKENDS = ("emulator", "url", "docker")
DEFAULT_BACKEND = "emulator"
API_PATH = "/render-ws/v1"
DOCKER_START_TIMEOUT_S = 600.0


SETTINGS = (
    ("render_backend", "--render-backend", "RENDER_TEST_BACKEND", "render_backend",
     "render-ws backend for the render fixtures: emulator (in-process, default), url (an existing "
     "server, see --render-url) or docker (render-ws + MongoDB under docker compose, render's Java "
     "clients in containers)"),
    ("render_url", "--render-url", "RENDER_TEST_URL", "render_url",
     "server for the url backend: http://host:port (a full .../render-ws/v1 URL is accepted too)"),
    ("render_client_scripts", "--render-client-scripts", "RENDER_TEST_CLIENT_SCRIPTS",
     "render_client_scripts",
     "directory holding run_ws_client.sh (default: the emulated client shipped with render_emulator)"),
    ("render_docker_compose", "--render-docker-compose", "RENDER_TEST_DOCKER_COMPOSE",
     "render_docker_compose",
     "compose file for the docker backend (default: the one shipped in render_emulator/testing/)"),
    ("render_docker_image", "--render-docker-image", "RENDER_TEST_DOCKER_IMAGE", "render_docker_image",
     "prebuilt render-ws image for the docker backend (render's Dockerfile, target render-ws); "
     "default: built from RENDER_SOURCE_DIR, else janelia-render:latest-ws"),
    ("render_docker_client_image", "--render-docker-client-image", "RENDER_TEST_DOCKER_CLIENT_IMAGE",
     "render_docker_client_image",
     "prebuilt image holding render-ws-java-client's standalone jar in /root/render-lib (render's "
     "Dockerfile, target archive); default: built from RENDER_SOURCE_DIR, "
     "else janelia-render:latest-archive"),
    ("render_docker_timeout", "--render-docker-timeout", "RENDER_TEST_DOCKER_TIMEOUT",
     "render_docker_timeout",
     "seconds the docker backend waits for render-ws to become healthy "
     f"(default {DOCKER_START_TIMEOUT_S:.0f})"),
    ("render_docker_mounts", "--render-docker-mounts", "RENDER_TEST_DOCKER_MOUNTS", "render_docker_mounts",
     f"more host directories ({os.pathsep}-separated) mounted at identical paths into render-ws and the "
     "Java client containers (pytest's basetemp and rootdir always are)"),
    ("render_backend_optional", "--render-backend-optional", "RENDER_TEST_BACKEND_OPTIONAL",
     "render_backend_optional",
     "skip the tests that need the render backend when it is unavailable, instead of failing the run "
     "(a flag; environment/ini value 1, true or yes)"),
)
FLAG_SETTINGS = ("render_backend_optional",)
TRUE_WORDS = ("1", "true", "yes", "on")


@dataclass(frozen=True)
class BackendSettings:
    """The resolved options of one pytest run."""

    backend: str = DEFAULT_BACKEND
    url: str | None = None
    client_scripts: str | None = None
    compose_file: str | None = None
    docker_image: str | None = None
    docker_client_image: str | None = None
    docker_timeout: float = DOCKER_START_TIMEOUT_S
    docker_mounts: tuple[str, ...] = ()
    optional: bool = False


def resolve_setting(config: pytest.Config, dest: str, env_var: str, ini_name: str) -> str | None:
    """Flag value, else environment variable, else ini value; None when none is set."""
    value = config.getoption(dest, default=None)
    if value is True:
        return "1"
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
    timeout = values["render_docker_timeout"] or str(DOCKER_START_TIMEOUT_S)
    try:
        docker_timeout = float(timeout)
    except ValueError:
        docker_timeout = -1.0
    if not docker_timeout > 0:
        raise pytest.UsageError(f"render docker timeout {timeout!r} is not a positive number of seconds")
    mounts = values["render_docker_mounts"] or ""
    return BackendSettings(
        backend=backend,
        url=values["render_url"],
        client_scripts=scripts,
        compose_file=values["render_docker_compose"],
        docker_image=values["render_docker_image"],
        docker_client_image=values["render_docker_client_image"],
        docker_timeout=docker_timeout,
        docker_mounts=tuple(part for part in mounts.split(os.pathsep) if part),
        optional=(values["render_backend_optional"] or "").lower() in TRUE_WORDS,
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
