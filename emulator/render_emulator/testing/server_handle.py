"""What the ``render_server`` fixture yields: the render-ws in use, its backend, and the emulator's
exception bookkeeping; plus the one-request probe that tells a real render-ws from the emulator."""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field

import pytest

from render_emulator.identity import EMULATOR_HEADER
from render_emulator.testing.settings import API_PATH

HTTP_TIMEOUT_S = 30.0


class EmulatorBugError(AssertionError):
    """The emulator raised an unexpected exception while serving the test's requests."""


class RenderBackendError(RuntimeError):
    """An operation the selected render backend does not allow."""


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
