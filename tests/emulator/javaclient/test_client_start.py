"""Every ``run_ws_client.sh`` call is a new process: ``python -m render_emulator.javaclient`` and the client
module it dispatches to import neither Flask nor mongomock nor the store (issue #13, design.md
"javaclient/ … no Flask, no store")."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from render_emulator.javaclient.registry import CLIENTS, load_client

SERVER_SIDE = ("flask", "werkzeug", "mongomock", "pymongo", "render_emulator.store", "render_emulator.app",
               "render_emulator.server", "render_emulator.routes")


def modules_after(code: str) -> list[str]:
    """The modules a fresh interpreter holds after running ``code``."""
    script = f"import json, sys\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return json.loads(result.stdout.splitlines()[-1])


def server_side(modules: list[str]) -> list[str]:
    return [name for name in modules if name.split(".")[0] in SERVER_SIDE or name.startswith(SERVER_SIDE)]


def test_bare_start_loads_no_server_side_module_and_no_numpy():
    modules = modules_after("import runpy, sys\nsys.argv = ['javaclient']\ntry:\n"
                            "    runpy.run_module('render_emulator.javaclient', run_name='__main__')\n"
                            "except SystemExit:\n    pass")
    assert "render_emulator.javaclient.registry" in modules
    assert server_side(modules) == []
    assert "numpy" not in modules


@pytest.mark.parametrize("class_name", sorted(CLIENTS))
def test_dispatched_client_loads_no_server_side_module(class_name):
    modules = modules_after("import render_emulator.javaclient.__main__\n"
                            "from render_emulator.javaclient.registry import load_client\n"
                            f"assert load_client({class_name!r}) is not None")
    assert server_side(modules) == []


def test_the_check_sees_the_store():
    assert server_side(modules_after("import render_emulator.store")) != []


@pytest.mark.parametrize("class_name", sorted(CLIENTS))
def test_registry_entry_loads_its_client(class_name):
    assert load_client(class_name).class_name == class_name


def test_unknown_class_is_not_loaded():
    assert load_client("org.janelia.render.client.NoSuchClient") is None


def test_import_json_client_loads_neither_scipy_nor_requests():
    """The guide's import_tilespecs_parallel starts one ImportJsonClient per group: it imports what render's
    ImportJsonClient.java needs (JSON, transforms, bounding boxes, HTTP) and not scipy (~0.3 s) or requests
    (~0.07 s) (issue #13)."""
    modules = modules_after("import render_emulator.javaclient.__main__\n"
                            "from render_emulator.javaclient.registry import load_client\n"
                            "assert load_client('org.janelia.render.client.ImportJsonClient') is not None")
    assert [name for name in modules if name.split(".")[0] in ("scipy", "requests", "urllib3")] == []


@pytest.mark.parametrize(("setting", "expected"), [(None, "1"), ("4", "4")])
def test_openblas_runs_one_thread_unless_the_user_says_otherwise(setting, expected):
    import os

    env = {key: value for key, value in os.environ.items() if key != "OPENBLAS_NUM_THREADS"}
    if setting is not None:
        env["OPENBLAS_NUM_THREADS"] = setting
    code = ("import os\nfrom render_emulator.javaclient.__main__ import main\n"
            "assert main(['no.such.Class']) == 1\nprint(os.environ['OPENBLAS_NUM_THREADS'])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert result.stdout.split() == [expected]
