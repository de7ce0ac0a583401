"""Shared stand-ins for renderapi's HTTP layer: a recorded ``requests.Session`` and its responses.

renderapi takes any object with ``get``/``put``/``post``/``delete`` as ``render.session``; these fakes let the
client tests check the URLs, query parameters and bodies render-python 2.4.2 would send without a server.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from renderapi.render import Render


class FakeResponse:
    """What renderapi reads from a ``requests.Response``: status_code, text, content, url and json().

    ``body`` becomes the JSON text unless ``text`` is given; ``json()`` parses ``text`` (a ValueError when it
    is no JSON, as with ``requests``)."""

    def __init__(self, status_code: int = 200, body: Any = None, *, text: str | None = None,
                 content: bytes = b"", url: str = "recorded"):
        self.status_code = status_code
        self.text = text if text is not None else ("" if body is None else json.dumps(body))
        self.content = content
        self.url = url

    def json(self) -> Any:
        return json.loads(self.text)


class RecordingSession:
    """Records every request as ``(method, url, kwargs)`` and answers it with a queued response.

    One response answers every request; several answer one request each, in order, and a request beyond them
    fails the test."""

    def __init__(self, *responses: FakeResponse):
        self.responses = list(responses) or [FakeResponse()]
        self.repeat = len(self.responses) == 1
        self.calls: list[tuple[str, str, dict]] = []

    @property
    def urls(self) -> list[str]:
        return [url for _method, url, _kwargs in self.calls]

    def _answer(self, method: str, url: str, kwargs: dict) -> FakeResponse:
        self.calls.append((method, url, kwargs))
        if self.repeat:
            return self.responses[0]
        if not self.responses:
            raise AssertionError(f"unexpected request {method} {url}: no response queued")
        return self.responses.pop(0)

    def get(self, url: str, **kwargs) -> FakeResponse:
        return self._answer("GET", url, kwargs)

    def put(self, url: str, **kwargs) -> FakeResponse:
        return self._answer("PUT", url, kwargs)

    def post(self, url: str, **kwargs) -> FakeResponse:
        return self._answer("POST", url, kwargs)

    def delete(self, url: str, **kwargs) -> FakeResponse:
        return self._answer("DELETE", url, kwargs)


@pytest.fixture
def fake_response() -> type[FakeResponse]:
    """Builds a response: ``fake_response(status_code=200, body=None, *, text=None, content=b"")``."""
    return FakeResponse


@pytest.fixture
def recording_session() -> type[RecordingSession]:
    """Builds a session: ``recording_session(*responses)``."""
    return RecordingSession


@pytest.fixture
def render_with() -> Callable[..., tuple[Render, RecordingSession]]:
    """``render_with(*responses, owner="o", ...) -> (render, session)``: a Render at http://h:8080 (owner o,
    project p) whose session records the requests and answers with ``responses``."""

    def make(*responses: FakeResponse, host: str = "http://h", port: int = 8080, owner: str = "o",
             project: str = "p") -> tuple[Render, RecordingSession]:
        session = RecordingSession(*responses)
        return Render(host=host, port=port, owner=owner, project=project, session=session), session

    return make
