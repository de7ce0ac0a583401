"""The API description render-ws serves beside its REST API: ``/render-ws/swagger.json`` (Swagger 2.0,
as swagger-jaxrs builds it from the services' annotations) and Swagger UI at ``/render-ws/swagger-ui/``,
the two links of render-ws's view/index.html:182 and :47. Swagger UI comes from the ``swagger-ui-bundle``
package (no download at run time)."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, redirect, request, send_from_directory
from swagger_ui_bundle import swagger_ui_path

from render_emulator.routes import implemented_endpoints, normalize_rule
from render_emulator.routes._http import json_response
from render_emulator.swagger import swagger_description

blueprint = Blueprint("api_description", __name__)

# the bundle's initializer opens the petstore example; this one opens the emulator's description
_INITIALIZER = """window.onload = function() {
  window.ui = SwaggerUIBundle({url: "../swagger.json", dom_id: "#swagger-ui", deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: "StandaloneLayout"});
};
"""


@blueprint.get("/swagger.json")
def swagger_json():
    served = implemented_endpoints(current_app)
    return json_response(swagger_description(
        lambda method, path: (method, normalize_rule("/" + path)) in served))


@blueprint.get("/swagger-ui")
def swagger_ui_index():
    if not request.path.endswith("/"):
        return redirect(request.path + "/", code=302)
    return send_from_directory(swagger_ui_path, "index.html")


@blueprint.get("/swagger-ui/<path:name>")
def swagger_ui_file(name: str):
    if name == "swagger-initializer.js":
        return Response(_INITIALIZER, mimetype="application/javascript")
    return send_from_directory(swagger_ui_path, name)
