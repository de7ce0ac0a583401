"""Fixtures for the emulated java client tests: an EmulatorServer, a per-test owner/project, a runner of
``python -m render_emulator.javaclient`` in-process and a recorder of the HTTP calls it makes."""

from __future__ import annotations

import uuid

import pytest
import requests

import renderapi
from render_emulator.javaclient import http_session
from render_emulator.javaclient.__main__ import main
from render_emulator.server import EmulatorServer


@pytest.fixture(scope="module")
def server():
    emulator = EmulatorServer(port=0).start()
    try:
        yield emulator
    finally:
        emulator.stop()
    assert emulator.exceptions == []


@pytest.fixture
def render(server):
    """A renderapi Render on a fresh owner/project of the module's emulator."""
    return renderapi.render.Render(host=f"http://{server.host}", port=server.port,
                                   owner=f"o_{uuid.uuid4().hex[:8]}", project="p")


@pytest.fixture
def stack_args(render):
    """``--baseDataUrl … --owner … --project …`` of the test's render."""
    kw = render.DEFAULT_KWARGS
    return ["--baseDataUrl", f"{kw['host']}:{kw['port']}/render-ws/v1", "--owner", kw["owner"],
            "--project", kw["project"]]


class HttpLog:
    """(method, path after /render-ws/v1, status) of every request the client made."""

    def __init__(self):
        self.calls: list[tuple[str, str, int]] = []

    def paths(self, method: str | None = None) -> list[str]:
        return [path for m, path, _ in self.calls if method is None or m == method]


@pytest.fixture
def http_log(monkeypatch):
    log = HttpLog()

    def recorder(original):
        def recording(self, method, url, *args, **kwargs):
            response = original(self, method, url, *args, **kwargs)
            path = response.url.split("/render-ws/v1", 1)[-1]
            log.calls.append((method, path, response.status_code))
            return response
        return recording

    # RenderDataClient's session, and requests for the clients that load render parameters with it
    for session_class in (http_session.Session, requests.Session):
        monkeypatch.setattr(session_class, "request", recorder(session_class.request))
    return log


@pytest.fixture
def run_client():
    """``run_client(class_name, *args)`` -> exit code of the emulated client (run in-process)."""
    def run(class_name: str, *args) -> int:
        return main([class_name, *[str(a) for a in args]])
    return run
