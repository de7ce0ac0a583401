"""The docker backend: a real render-ws + MongoDB under a compose project of their own, and render's
Java clients run in containers on that project's network.

Start-up: reap projects left behind by crashed runs, get the images (named, or built from a checkout of
saalfeldlab/render), ``docker compose up -d --wait`` (compose waits for the healthchecks of
``compose.yml``), write the client-scripts directory. Stop: ``down -v --remove-orphans``, remove the
images this project built.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import sys
import tempfile
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from render_emulator.javaclient import CLIENT_SCRIPT_NAME
from render_emulator.testing.docker_commands import DockerCli

COMPOSE_FILE = Path(__file__).resolve().parent / "compose.yml"
PROJECT_PREFIX = "render_emulator_tests_"
PROJECT_LABEL = "org.render-emulator.tests.project"
OWNER_LABEL = "org.render-emulator.tests.owner"  # <hostname>:<pid> of the pytest process
IMAGE_REPOSITORY = "render-emulator-tests"
RENDER_WS_SERVICE = "render-ws"
# where render-ws answers inside the compose network (service name, container port)
IN_NETWORK_URL = f"http://{RENDER_WS_SERVICE}:8080"
# tags render's Dockerfile suggests for its render-ws and archive targets (reference/render/Dockerfile:14-20)
DEFAULT_WS_IMAGE = "janelia-render:latest-ws"
DEFAULT_CLIENT_IMAGE = "janelia-render:latest-archive"
# the archive target keeps render's jars in /root/render-lib (Dockerfile, stage 2); the client jar is
# render-ws-java-client's shaded "-standalone" jar (render-ws-java-client/pom.xml:33)
CLIENT_JAR_GLOB = "/root/render-lib/render-ws-java-client-*-standalone.jar"
BUILD_TIMEOUT_S = 3600.0
STOP_TIMEOUT_S = 300.0
CLIENT_CONFIG_NAME = "docker-client.json"


class DockerBackendError(RuntimeError):
    """The docker backend could not start (the message says why)."""


@dataclass(frozen=True)
class DockerOptions:
    """What the docker backend was asked to run."""

    compose_file: Path = COMPOSE_FILE
    ws_image: str | None = None  # a prebuilt render-ws image
    client_image: str | None = None  # a prebuilt image holding render's client jar (archive target)
    source_dir: str | None = None  # a saalfeldlab/render checkout to build images from
    start_timeout: float = 600.0
    mounts: tuple[str, ...] = ()  # host directories mounted at identical paths


def owner_token() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def owner_is_gone(token: str) -> bool:
    """Whether the pytest process named by an owner label has ended (only known for this host)."""
    host, _, pid_text = token.rpartition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def built_image_tag(project: str, target: str) -> str:
    return f"{IMAGE_REPOSITORY}/{project}:{target}"


def reap_stale_projects(docker: DockerCli) -> list[str]:
    """``down -v`` every test project whose pytest process on this host has ended; their names."""
    listing = docker.run([
        "ps", "-a", "--filter", f"label={PROJECT_LABEL}",
        "--format", f'{{{{.Label "{PROJECT_LABEL}"}}}}\t{{{{.Label "{OWNER_LABEL}"}}}}',
    ])
    if not listing.ok:
        return []
    stale = sorted({
        project for project, _, owner in (line.partition("\t") for line in listing.output.splitlines())
        if project.startswith(PROJECT_PREFIX) and owner_is_gone(owner)
    })
    for project in stale:
        docker.run(["compose", "-p", project, "down", "-v", "--remove-orphans"], timeout=STOP_TIMEOUT_S)
        docker.run(["image", "rm", "-f", built_image_tag(project, "render-ws"),
                    built_image_tag(project, "archive")])
    return stale


def mount_entries(directories: Sequence[str]) -> list[dict]:
    """Compose bind mounts of existing directories at identical paths (nested ones dropped)."""
    kept: list[str] = []
    for directory in sorted({str(Path(d).resolve()) for d in directories if d and Path(d).is_dir()}):
        if not any(directory == k or directory.startswith(k.rstrip("/") + "/") for k in kept):
            kept.append(directory)
    return [{"type": "bind", "source": d, "target": d} for d in kept]


class DockerRenderWs:
    """render-ws + MongoDB from a compose file, under a compose project of their own."""

    def __init__(self, options: DockerOptions, port: int):
        self.options = options
        self.project = f"{PROJECT_PREFIX}{uuid.uuid4().hex[:8]}"
        self.port = port
        self.work_dir = Path(tempfile.mkdtemp(prefix=f"{self.project}_"))
        self.ws_image = options.ws_image
        self.client_image = options.client_image
        self.built_images: list[str] = []
        self.started = False
        self.docker = DockerCli({**os.environ, "RENDER_WS_PORT": str(port)})

    @property
    def network(self) -> str:
        return f"{self.project}_default"

    @property
    def labels(self) -> dict[str, str]:
        return {PROJECT_LABEL: self.project, OWNER_LABEL: owner_token()}

    @property
    def client_scripts(self) -> Path:
        return self.work_dir / "client-scripts"

    def _compose_args(self, *args: str) -> list[str]:
        return ["compose", "-f", str(self.options.compose_file), "-f", str(self.override_file),
                "-p", self.project, *args]

    @property
    def override_file(self) -> Path:
        return self.work_dir / "compose.override.json"

    # ------------------------------------------------------------------------------------ start
    def start(self) -> None:
        """Bring render-ws up and wait for its healthcheck; DockerBackendError (after clean-up) if not."""
        reap_stale_projects(self.docker)
        try:
            self.ws_image = self._image("render-ws", self.options.ws_image, DEFAULT_WS_IMAGE)
            self.client_image = self._image("archive", self.options.client_image, DEFAULT_CLIENT_IMAGE)
            self._write_override()
            self.docker.env["RENDER_WS_IMAGE"] = self.ws_image
            self.started = True
            timeout = self.options.start_timeout
            result = self.docker.run_with_status(
                self._compose_args("up", "-d", "--wait", "--wait-timeout", str(int(timeout))),
                timeout=timeout + 120, description=f"docker backend: starting render-ws ({self.ws_image})",
            )
            if not result.ok:
                logs = self.docker.run(self._compose_args("logs", "--no-color", "--tail", "60")).tail(60)
                why = "timed out" if result.returncode is None else f"exit {result.returncode}"
                raise DockerBackendError(
                    f"render-ws did not become healthy within {timeout:.0f} s (docker compose up {why}):\n"
                    f"{result.tail()}\n--- docker compose logs ---\n{logs}"
                )
            self._write_client_scripts()
        except BaseException:
            self.stop()
            raise

    def _image(self, target: str, named: str | None, default: str) -> str:
        """The image for a Dockerfile target: the named one, else built from the source checkout, else
        render's default tag when it exists locally."""
        if named:
            return named
        if self.options.source_dir:
            return self._build(target)
        if self.docker.run(["image", "inspect", default]).ok:
            return default
        option = "--render-docker-image" if target == "render-ws" else "--render-docker-client-image"
        raise DockerBackendError(
            f"no {target} image: name one with {option}, or set RENDER_SOURCE_DIR to a checkout of "
            f"saalfeldlab/render to build it (image {default} is not present)"
        )

    def _build(self, target: str) -> str:
        source_dir = Path(self.options.source_dir or "")
        if not (source_dir / "Dockerfile").is_file():
            raise DockerBackendError(
                f"RENDER_SOURCE_DIR {source_dir} holds no Dockerfile (expected a saalfeldlab/render checkout)"
            )
        tag = built_image_tag(self.project, target)
        self.built_images.append(tag)
        result = self.docker.run_with_status(
            ["build", "--progress", "plain", "--target", target, "--tag", tag,
             "--label", f"{PROJECT_LABEL}={self.project}", str(source_dir)],
            timeout=BUILD_TIMEOUT_S, description=f"docker backend: building {target} from {source_dir}",
        )
        if not result.ok:
            why = f"timed out after {BUILD_TIMEOUT_S:.0f} s" if result.returncode is None else "failed"
            raise DockerBackendError(f"docker build of {target} from {source_dir} {why}:\n{result.tail()}")
        return tag

    def _write_override(self) -> None:
        # JSON is YAML: compose reads this file as an override of the compose file's services
        mounts = mount_entries(self.options.mounts)
        override = {"services": {
            "mongodb": {"labels": self.labels},
            RENDER_WS_SERVICE: {
                "labels": self.labels,
                "volumes": mounts,
                # pytest's tmp_path directories are private (0700) to the host user: render-ws's jetty
                # user could not read the images tile specs point to there
                "user": "root",
            },
        }}
        self.override_file.write_text(json.dumps(override, indent=2))

    def _write_client_scripts(self) -> None:
        """``run_ws_client.sh`` that runs render's client jar in a container on the project network."""
        self.client_scripts.mkdir(parents=True, exist_ok=True)
        config = {
            "image": self.client_image,
            "network": self.network,
            "jar_glob": CLIENT_JAR_GLOB,
            "url_rewrites": {f"http://{host}:{self.port}": IN_NETWORK_URL
                             for host in ("127.0.0.1", "localhost")},
            "mounts": list(self.options.mounts),
            "labels": self.labels,
        }
        config_file = self.client_scripts / CLIENT_CONFIG_NAME
        config_file.write_text(json.dumps(config, indent=2))
        script = self.client_scripts / CLIENT_SCRIPT_NAME
        script.write_text(
            "#!/bin/sh\n"
            "# render's run_ws_client.sh on the render_emulator docker backend: runs render-ws-java-client\n"
            f"# from {self.client_image} in a container on network {self.network}\n"
            f'exec "{sys.executable}" -m render_emulator.testing.docker_client "{config_file}" "$@"\n'
        )
        script.chmod(0o755)

    # ------------------------------------------------------------------------------------ stop
    def stop(self) -> None:
        """Remove the project's containers, volumes and network, and the images it built."""
        if self.started:
            self.docker.run(self._compose_args("down", "-v", "--remove-orphans"), timeout=STOP_TIMEOUT_S)
            self.started = False
        if self.built_images:
            self.docker.run(["image", "rm", "-f", *self.built_images])
            self.built_images = []
        shutil.rmtree(self.work_dir, ignore_errors=True)
