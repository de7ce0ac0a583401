"""Fixtures shared by the emulator's browser tests: a headless Chromium and a DOM dump of a page."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable

import pytest

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


@pytest.fixture(scope="session")
def headless_browser() -> str:
    """Path of a headless-capable browser; skips the test when none is installed."""
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    pytest.skip(f"no headless browser installed (looked for {', '.join(BROWSERS)} on PATH)")


@pytest.fixture
def dump_dom(headless_browser: str) -> Callable[..., str]:
    """``dump_dom(url, profile_dir, window_width=None, budget_ms=5000, timeout=120)``: the page's DOM after
    ``budget_ms`` of virtual time, with a fresh profile and no background networking."""

    def dump(url: str, profile_dir, window_width: int | None = None, budget_ms: int = 5000,
             timeout: float = 120) -> str:
        size = [f"--window-size={window_width},900"] if window_width else []
        result = subprocess.run(
            [headless_browser, "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--no-first-run", f"--user-data-dir={profile_dir}", f"--virtual-time-budget={budget_ms}", *size,
             "--dump-dom", url],
            capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
        )
        assert result.returncode == 0, result.stderr[-2000:]
        return result.stdout

    return dump
