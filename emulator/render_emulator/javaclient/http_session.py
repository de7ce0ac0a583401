"""The HTTP session of :class:`~render_emulator.javaclient.data_client.RenderDataClient`, on ``http.client``.

Hand-written instead of ``requests`` because every ``run_ws_client.sh`` call is a new process and importing
requests (urllib3, charset_normalizer, idna, ...) costs ~0.07 s of each one (issue #13). It does what
render's ``RenderDataClient`` needs from Apache HttpClient: one kept-alive connection per host, query
parameters, bodies, the status and text of the answer; like HttpClient's default client it ignores proxy
environment variables.
"""

from __future__ import annotations

import http.client
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

# a kept-alive connection the server has closed fails on first use: such requests are sent once more
_STALE_CONNECTION = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)


@dataclass(frozen=True)
class Response:
    """An answer: ``status_code``, the ``url`` requested, the body ``content`` and its ``charset``."""

    status_code: int
    url: str
    content: bytes
    charset: str | None = None

    @property
    def text(self) -> str:
        return self.content.decode(self.charset or "utf-8", errors="replace")

    def json(self) -> Any:
        """The body read as JSON (its UTF-8/16/32 encoding detected); ValueError when it is not JSON."""
        return json.loads(self.content)


def with_query(url: str, params: dict | None) -> str:
    """``url`` with ``params`` appended as requests appends them (None values left out, lists repeated)."""
    pairs = []
    for key, value in (params or {}).items():
        values = value if isinstance(value, list | tuple) else [value]
        pairs.extend((key, item) for item in values if item is not None)
    if not pairs:
        return url
    return f"{url}{'&' if urlsplit(url).query else '?'}{urlencode(pairs)}"


@dataclass
class Session:
    """Kept-alive ``http.client`` connections by (scheme, host, port)."""

    _connections: dict[tuple[str, str, int | None], http.client.HTTPConnection] = field(default_factory=dict)

    def request(self, method: str, url: str, data: str | bytes | None = None, params: dict | None = None,
                headers: dict | None = None, timeout: float | None = None) -> Response:
        """Send one request; OSError or ``http.client.HTTPException`` when it cannot be sent or answered."""
        full_url = with_query(url, params)
        parts = urlsplit(full_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise http.client.InvalidURL(f"invalid URL {full_url!r}: http(s)://host[:port]/path expected")
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        body = data.encode("utf-8") if isinstance(data, str) else data
        key = (parts.scheme, parts.hostname, parts.port)
        reused = key in self._connections
        try:
            return self._send(key, method, full_url, target, body, headers or {}, timeout)
        except _STALE_CONNECTION:
            self._drop(key)
            if not reused:
                raise
            return self._send(key, method, full_url, target, body, headers or {}, timeout)
        except (OSError, http.client.HTTPException):
            self._drop(key)
            raise

    def _send(self, key: tuple[str, str, int | None], method: str, url: str, target: str,
              body: bytes | None, headers: dict, timeout: float | None) -> Response:
        connection = self._connections.get(key)
        if connection is None:
            scheme, host, port = key
            kind = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
            connection = self._connections[key] = kind(host, port, timeout=timeout)
        connection.request(method, target, body=body, headers=headers)
        answer = connection.getresponse()
        content = answer.read()
        if answer.will_close:
            self._drop(key)
        return Response(answer.status, url, content, answer.headers.get_content_charset())

    def _drop(self, key: tuple[str, str, int | None]) -> None:
        connection = self._connections.pop(key, None)
        if connection is not None:
            connection.close()

    def close(self) -> None:
        for key in list(self._connections):
            self._drop(key)
