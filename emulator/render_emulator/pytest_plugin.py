"""pytest fixtures for code that talks to render-ws: an emulator, an existing server or Docker.

Registered through the ``pytest11`` entry point ``render_emulator``; the code lives in
``render_emulator.testing`` (settings, backends, docker, cleanup, hooks and fixtures). Fixtures:
``render_server`` (session), ``render`` (per test, a fresh owner/project that is cleaned afterwards),
``render_client_scripts`` and ``render_dataset``. Markers: ``emulator_only``, ``real_render``,
``requires_docker``. Every setting is chosen with precedence command-line flag > environment variable >
ini value.
"""

from render_emulator.testing.backends import PACKAGED_CLIENT_SCRIPTS, ServerProvider, default_client_scripts
from render_emulator.testing.cleanup import cleanup_owner, unique_name
from render_emulator.testing.docker_commands import docker_daemon_problem
from render_emulator.testing.plugin import (
    pytest_addoption,
    pytest_configure,
    pytest_report_header,
    pytest_runtest_call,
    pytest_runtest_setup,
    pytest_unconfigure,
    render,
    render_client_scripts,
    render_dataset,
    render_server,
)
from render_emulator.testing.server_handle import (
    EmulatorBugError,
    RenderBackendError,
    RenderServerHandle,
    is_emulator_response,
    probe_server,
)
from render_emulator.testing.settings import BackendSettings, ServerAddress, parse_render_url

__all__ = [
    "PACKAGED_CLIENT_SCRIPTS", "BackendSettings", "EmulatorBugError", "RenderBackendError",
    "RenderServerHandle", "ServerAddress", "ServerProvider", "cleanup_owner", "default_client_scripts",
    "docker_daemon_problem", "is_emulator_response", "parse_render_url", "probe_server",
    "pytest_addoption", "pytest_configure", "pytest_report_header", "pytest_runtest_call",
    "pytest_runtest_setup", "pytest_unconfigure", "render", "render_client_scripts", "render_dataset",
    "render_server", "unique_name",
]
