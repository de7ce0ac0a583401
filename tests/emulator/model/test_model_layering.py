"""The model sits below services, routes and the store (issue #12 item 1): it imports only the standard
library, numpy, render_emulator.errors, its own modules and renderapi's Java semantics."""

from __future__ import annotations

import ast
from pathlib import Path

import render_emulator.model

MODEL_DIR = Path(render_emulator.model.__file__).resolve().parent
ALLOWED_EMULATOR_MODULES = ("render_emulator.errors", "render_emulator.model")
FORBIDDEN_PACKAGES = {"flask", "werkzeug", "mongomock", "pymongo"}


def _imports(source: Path) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
    return modules


def test_model_imports_neither_services_routes_store_nor_web_frameworks():
    offenders = {}
    for path in sorted(MODEL_DIR.glob("*.py")):
        bad = sorted(
            name for name in _imports(path)
            if name.split(".")[0] in FORBIDDEN_PACKAGES
            or (name.startswith("render_emulator") and not name.startswith(ALLOWED_EMULATOR_MODULES))
        )
        if bad:
            offenders[path.name] = bad
    assert offenders == {}


def test_the_check_sees_a_store_import(tmp_path):
    module = tmp_path / "bean.py"
    module.write_text("from render_emulator.store import RenderStore\n")
    assert _imports(module) == {"render_emulator.store"}
