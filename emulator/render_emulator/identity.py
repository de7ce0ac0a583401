"""How the emulator names itself: the distribution, its version and the ``X-Render-Emulator`` header.

Every response of an ``EmulatorServer`` (in-process or ``render-emulator serve``) carries the header, so
clients such as the pytest plugin's ``real_render`` marker can tell the emulator from a real render-ws.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

EMULATOR_HEADER = "X-Render-Emulator"
DISTRIBUTION = "render-emulator"


def package_version() -> str:
    """The installed distribution's version ("unknown" when run from a bare source tree)."""
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        return "unknown"


def emulator_header_value() -> str:
    """``render-emulator/<version>``."""
    return f"{DISTRIBUTION}/{package_version()}"


class EmulatorHeaderMiddleware:
    """WSGI middleware adding ``X-Render-Emulator: render-emulator/<version>`` to every response."""

    def __init__(self, wsgi_app, value: str):
        self.wsgi_app = wsgi_app
        self.value = value

    def __call__(self, environ, start_response):
        def start_with_header(status, headers, exc_info=None):
            return start_response(status, [*headers, (EMULATOR_HEADER, self.value)], exc_info)

        return self.wsgi_app(environ, start_with_header)
