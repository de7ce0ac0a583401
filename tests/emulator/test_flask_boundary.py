"""Flask (and werkzeug) are imported only by routes/, app.py and server.py (design.md, "Thin routes,
Flask-free services"): services, the store, model/jsontext/params and the java clients stay usable
without a web framework."""

from __future__ import annotations

import ast
from pathlib import Path

import render_emulator

PACKAGE_DIR = Path(render_emulator.__file__).resolve().parent
WEB_MODULES = ("app.py", "server.py")
WEB_PACKAGES = ("flask", "werkzeug")


def imported_packages(source: Path) -> set[str]:
    """Top-level names of every module ``source`` imports (at any depth of the file)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def framework_free_modules() -> list[Path]:
    """Every module of render_emulator but routes/*, app.py and server.py."""
    return [path for path in sorted(PACKAGE_DIR.rglob("*.py"))
            if path.relative_to(PACKAGE_DIR).parts[0] != "routes"
            and str(path.relative_to(PACKAGE_DIR)) not in WEB_MODULES]


def test_only_routes_app_and_server_import_flask():
    offenders = {str(path.relative_to(PACKAGE_DIR)): sorted(imported_packages(path) & set(WEB_PACKAGES))
                 for path in framework_free_modules()}
    assert {name: found for name, found in offenders.items() if found} == {}


def test_the_check_sees_an_import_of_flask(tmp_path):
    module = tmp_path / "module.py"
    module.write_text("def handler():\n    from werkzeug.exceptions import NotFound\n    return NotFound\n")
    assert imported_packages(module) & set(WEB_PACKAGES) == {"werkzeug"}
    assert any(path.name == "jsontext.py" for path in framework_free_modules())
    assert not any(path.name == "_http.py" for path in framework_free_modules())
