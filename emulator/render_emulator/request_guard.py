"""What a local server needs before a request reaches the API: CORS, Origin and Host checks, a body limit.

* CORS as render-ws answers it: its web.xml (render-ws/src/main/webapp/WEB-INF/web.xml:33-73) installs
  Jetty's CrossOriginFilter for every path with allowedMethods GET,POST,PUT,OPTIONS,HEAD, the filter's
  default allowedOrigins ``*``, allowedHeaders ``X-Requested-With,Content-Type,Accept,Origin``,
  preflightMaxAge 1800 and allowCredentials true, and chainPreflight false (a preflight is answered by
  the filter alone).
* Unlike render-ws, a state-changing request (POST, PUT, DELETE, PATCH) that carries an ``Origin`` other
  than the server's own is refused with 403 unless that origin was allowed (``--allow-origin``): any web
  page its user visits could otherwise drive a local emulator. Clients that send no Origin (renderapi,
  curl, the Java clients) and the dashboard (same origin) are not affected.
* Bound to a loopback address, the server answers only requests whose Host names a loopback address or
  an allowed host (``--allow-host``), so a DNS-rebound page cannot reach it either.
* A body larger than ``max_body_bytes`` is answered 413 before it is read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

CORS_METHODS = "GET,POST,PUT,OPTIONS,HEAD"
CORS_HEADERS = "X-Requested-With,Content-Type,Accept,Origin"
CORS_MAX_AGE = "1800"
STATE_CHANGING = frozenset({"POST", "PUT", "DELETE", "PATCH"})
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
DEFAULT_MAX_REQUEST_MB = 2048


@dataclass
class GuardSettings:
    """``allow_origins``: origins (``scheme://host[:port]``) allowed to change state, ``*`` for all;
    ``allow_hosts``: extra Host names accepted when ``check_host`` (loopback binding) is on."""

    allow_origins: Iterable[str] = ()
    allow_hosts: Iterable[str] = ()
    check_host: bool = False
    max_body_bytes: int = DEFAULT_MAX_REQUEST_MB * 1024 * 1024
    origins: frozenset = field(init=False)
    hosts: frozenset = field(init=False)

    def __post_init__(self):
        self.origins = frozenset(origin.rstrip("/") for origin in self.allow_origins)
        self.hosts = frozenset(host.lower() for host in self.allow_hosts)


def host_name(host_header: str) -> str:
    """The host part of a Host header (``[::1]:8080`` -> ``::1``, ``Example:80`` -> ``example``)."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host[1:]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _plain(start_response, status: str, text: str, extra: list | None = None) -> list[bytes]:
    body = text.encode("utf-8")
    start_response(status, [("Content-Type", "text/plain; charset=utf-8"),
                            ("Content-Length", str(len(body))), *(extra or [])])
    return [body]


class RequestGuard:
    """WSGI middleware applying :class:`GuardSettings` in front of the Flask app."""

    def __init__(self, wsgi_app, settings: GuardSettings):
        self.wsgi_app = wsgi_app
        self.settings = settings

    def _host_allowed(self, host: str) -> bool:
        return host in LOOPBACK_HOSTS or host in self.settings.hosts or "*" in self.settings.hosts

    def _origin_allowed(self, origin: str, environ: dict) -> bool:
        if "*" in self.settings.origins or origin in self.settings.origins:
            return True
        own = f"{environ.get('wsgi.url_scheme', 'http')}://{environ.get('HTTP_HOST', '')}".lower()
        return origin.lower() == own

    def __call__(self, environ, start_response):
        settings = self.settings
        method = environ.get("REQUEST_METHOD", "GET").upper()
        host = host_name(environ.get("HTTP_HOST", ""))
        if settings.check_host and host and not self._host_allowed(host):
            return _plain(start_response, "403 Forbidden",
                          f"render-ws emulator: refused Host '{host}': this server is bound to a loopback "
                          f"address and answers only loopback host names (start it with --allow-host {host} "
                          "to accept this one)")
        origin = environ.get("HTTP_ORIGIN")
        if origin is not None and method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in environ:
            return self._preflight(environ, origin, start_response)
        if origin is not None and method in STATE_CHANGING and not self._origin_allowed(origin, environ):
            return _plain(start_response, "403 Forbidden",
                          f"render-ws emulator: refused a {method} from the web page at origin '{origin}': "
                          "state-changing requests from other origins are refused by default (start the "
                          "server with --allow-origin ORIGIN, or --allow-origin '*' to accept them as "
                          "render-ws does)")
        length = environ.get("CONTENT_LENGTH")
        if length and length.isdigit() and int(length) > settings.max_body_bytes:
            return _plain(start_response, "413 Request Entity Too Large",
                          f"render-ws emulator: the request body of {int(length)} bytes is larger than this "
                          f"server's limit of {settings.max_body_bytes} bytes (start it with "
                          "--max-request-mb to raise the limit)",
                          [("Connection", "close")])
        if origin is None:
            return self.wsgi_app(environ, start_response)

        def start_with_cors(status, headers, exc_info=None):
            return start_response(status, [*headers, *_cors_headers(origin)], exc_info)

        return self.wsgi_app(environ, start_with_cors)

    def _preflight(self, environ, origin: str, start_response) -> list[bytes]:
        """Jetty CrossOriginFilter.handlePreflightResponse: headers only when the method is allowed."""
        requested = environ.get("HTTP_ACCESS_CONTROL_REQUEST_METHOD", "").strip()
        headers = [("Content-Length", "0")]
        if requested in CORS_METHODS.split(","):
            headers += [*_cors_headers(origin), ("Access-Control-Max-Age", CORS_MAX_AGE),
                        ("Access-Control-Allow-Methods", CORS_METHODS),
                        ("Access-Control-Allow-Headers", CORS_HEADERS)]
        start_response("200 OK", headers)
        return [b""]


def _cors_headers(origin: str) -> list[tuple[str, str]]:
    """CrossOriginFilter.handleSimpleResponse with allowCredentials true: the origin echoed."""
    return [("Access-Control-Allow-Origin", origin), ("Access-Control-Allow-Credentials", "true")]
