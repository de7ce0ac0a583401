"""render-ws's Swagger 2.0 description (``/render-ws/swagger.json``), built from the route registry and
the operation facts extracted from render-ws's annotations (``operations.json``, written by
tools/extract_swagger_operations.py).

render-ws's SwaggerBootstrapServlet.java sets version ``v1``, scheme ``http``, base path ``/render-ws``, title
``Render Web Service APIs``, an empty contact and an empty host (so Swagger UI calls the same host).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import lru_cache
from importlib.resources import files
from typing import Any

_PATH_PARAM = re.compile(r"\{(\w+)(?::[^}]*)?\}")


@lru_cache(maxsize=1)
def _facts() -> dict:
    return json.loads(files(__package__).joinpath("operations.json").read_text(encoding="utf-8"))


def _parameter(param: dict, types: dict) -> dict:
    swagger_type, swagger_format = types.get(param["java"], ("string", None))
    entry: dict[str, Any] = {"name": param["name"], "in": param["in"], "required": param["in"] == "path",
                             "type": swagger_type}
    if swagger_format:
        entry["format"] = swagger_format
    if param["java"].startswith(("List<", "Set<")):
        item_type, item_format = types.get(param["java"][4:-1], ("string", None))
        entry.update(type="array", items=dict({"type": item_type}, **({"format": item_format} if item_format
                                                                       else {})), collectionFormat="multi")
    if "default" in param:
        entry["default"] = param["default"]
    return entry


def _body(java_type: str) -> dict:
    schema: dict[str, Any] = {"type": "array"} if java_type.startswith(("List<", "Set<")) else {}
    return {"in": "body", "name": "body", "required": False, "schema": schema,
            "description": f"{java_type} (JSON)"}


def swagger_description(is_implemented: Callable[[str, str], bool]) -> dict:
    """The description of every render-ws operation; those for which ``is_implemented(METHOD, path)`` is
    false are marked ``x-render-emulator-implemented: false`` (they answer 501)."""
    facts = _facts()
    paths: dict[str, dict] = {}
    tags: list[str] = []
    for operation in facts["operations"]:
        path = "/" + _PATH_PARAM.sub(r"{\1}", operation["path"])
        entry: dict[str, Any] = {"tags": operation["tags"], "summary": operation["summary"]}
        if operation["notes"]:
            entry["description"] = operation["notes"]
        entry["operationId"] = f"{operation['method'].lower()}{re.sub(r'[^A-Za-z0-9]', '_', path)}"
        if operation["consumes"]:
            entry["consumes"] = operation["consumes"]
        if operation["produces"]:
            entry["produces"] = operation["produces"]
        parameters = [_parameter(p, facts["swaggerTypes"]) for p in operation["parameters"]]
        # a few resource methods leave a path variable undeclared (e.g. {owner} of PUT
        # local-to-world-coordinates); describe it as a string so the description stays valid Swagger
        declared = {p["name"] for p in parameters if p["in"] == "path"}
        parameters += [{"name": name, "in": "path", "required": True, "type": "string"}
                       for name in _PATH_PARAM.findall(path) if name not in declared]
        if operation["body"]:
            parameters.append(_body(operation["body"]))
        if parameters:
            entry["parameters"] = parameters
        entry["responses"] = {"default": {"description": "successful operation"}}
        if not is_implemented(operation["method"], operation["path"]):
            entry["x-render-emulator-implemented"] = False
        paths.setdefault(path, {})[operation["method"].lower()] = entry
        tags += [t for t in operation["tags"] if t not in tags]
    return {
        "swagger": "2.0",
        "info": {"version": "v1", "title": "Render Web Service APIs", "contact": {"name": ""}},
        "basePath": "/render-ws",
        "tags": [{"name": tag} for tag in tags],
        "schemes": ["http"],
        "paths": paths,
    }
