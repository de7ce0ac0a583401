"""Flask blueprints, one per render-ws *Service, plus 501 answers for render-ws paths not built yet.

Every module in this package that defines ``blueprint`` is registered under ``/render-ws``; blueprint
rules are written as render-ws's ``@Path`` templates (``/v1/owner/<owner>/...``).
"""

from __future__ import annotations

import importlib
import pkgutil
import re

from flask import Blueprint, Flask, request

from render_emulator.errors import NotImplementedPath

API_PREFIX = "/render-ws/v1"
CONTEXT_PREFIX = "/render-ws"

NOT_IMPLEMENTED = "not_implemented_"
_FLASK_VAR = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")
_JAXRS_VAR = re.compile(r"\{([^{}:]+)(?::[^{}]*)?\}")


def normalize_rule(rule: str) -> str:
    """A path template with every variable replaced by ``{}`` (Flask or JAX-RS syntax)."""
    return _JAXRS_VAR.sub("{}", _FLASK_VAR.sub("{}", rule)).rstrip("/")


def jaxrs_to_flask(template: str) -> str:
    return _JAXRS_VAR.sub(lambda m: f"<{m.group(1).strip()}>", template)


def blueprint_modules() -> list[str]:
    return [m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")]


def register_routes(app: Flask) -> None:
    for name in blueprint_modules():
        module = importlib.import_module(f"{__name__}.{name}")
        blueprint = getattr(module, "blueprint", None)
        if isinstance(blueprint, Blueprint):
            app.register_blueprint(blueprint, url_prefix=CONTEXT_PREFIX)
    _register_not_implemented(app)


def implemented_endpoints(app: Flask) -> set[tuple[str, str]]:
    """(METHOD, normalised path) of every route the app serves, paths relative to ``/render-ws``."""
    served = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(CONTEXT_PREFIX + "/") or rule.endpoint.startswith(NOT_IMPLEMENTED):
            continue
        path = normalize_rule(rule.rule[len(CONTEXT_PREFIX):])
        for method in rule.methods or ():
            if method not in ("HEAD", "OPTIONS"):
                served.add((method, path))
    return served


def coverage(app: Flask) -> list[tuple[str, str, bool]]:
    """Every render-ws endpoint with whether the emulator implements it."""
    from render_emulator.routes._upstream import UPSTREAM_ENDPOINTS

    served = implemented_endpoints(app)
    return [
        (method, template, (method, normalize_rule("/" + template.lstrip("/"))) in served)
        for method, template in UPSTREAM_ENDPOINTS
    ]


def _register_not_implemented(app: Flask) -> None:
    from render_emulator.routes._upstream import UPSTREAM_ENDPOINTS

    served = implemented_endpoints(app)
    missing: dict[str, set[str]] = {}
    for method, template in UPSTREAM_ENDPOINTS:
        path = "/" + template.lstrip("/")
        if (method, normalize_rule(path)) not in served:
            missing.setdefault(jaxrs_to_flask(path), set()).add(method)

    def not_implemented(**_kwargs):
        raise NotImplementedPath(request.method, request.path)

    for index, (rule, methods) in enumerate(sorted(missing.items())):
        app.add_url_rule(
            CONTEXT_PREFIX + rule,
            endpoint=f"{NOT_IMPLEMENTED}{index}",
            view_func=not_implemented,
            methods=sorted(methods),
        )
