"""/render-ws/swagger.json and Swagger UI (render-ws's view/index.html:182 links ../swagger.json, :47 looks
for ../../swagger-ui/), and a bounded schemathesis run over every described operation."""

import json

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from render_emulator import create_app
from render_emulator.context import EXCEPTIONS_KEY, STORE_KEY
from render_emulator.routes import coverage, normalize_rule
from render_emulator.routes._upstream import UPSTREAM_ENDPOINTS

EXAMPLES_PER_OPERATION = 3   # 164 operations: about a minute on an idle 2-core machine


def test_swagger_json_describes_every_render_ws_operation_with_its_summary(client):
    description = client.get("/render-ws/swagger.json").get_json()
    assert (description["swagger"], description["basePath"], description["info"]["title"]) == (
        "2.0", "/render-ws", "Render Web Service APIs")     # SwaggerBootstrapServlet.java (BeanConfig)
    operations = {(method.upper(), path) for path, item in description["paths"].items() for method in item}
    assert len(operations) == len(UPSTREAM_ENDPOINTS) == 164
    stack = description["paths"]["/v1/owner/{owner}/project/{project}/stack/{stack}"]
    # StackMetaDataService.java:153-157 and :276-281
    assert stack["get"]["summary"] == "Metadata for the specified stack"
    assert stack["post"]["summary"] == "Saves new version of stack metadata"
    assert stack["get"]["tags"] == ["Stack Data APIs"]
    assert [p["name"] for p in stack["get"]["parameters"]] == ["owner", "project", "stack"]
    put_tiles = description["paths"]["/v1/owner/{owner}/project/{project}/stack/{stack}/resolvedTiles"]
    assert {"name": "deriveData", "in": "query", "required": False,
            "type": "boolean"} in put_tiles["put"]["parameters"]          # RenderDataService.java
    marked = {(method.upper(), normalize_rule(path)) for path, item in description["paths"].items()
              for method, op in item.items() if op.get("x-render-emulator-implemented") is False}
    assert marked == {(method, normalize_rule("/" + path))
                      for method, path, done in coverage(client.application) if not done}


def test_swagger_ui_is_served_from_the_packaged_bundle(client):
    assert client.get("/render-ws/swagger-ui").status_code == 302
    page = client.get("/render-ws/swagger-ui/")
    assert page.status_code == 200 and b"swagger-ui" in page.data
    assert client.get("/render-ws/swagger-ui/swagger-ui-bundle.js").status_code == 200
    assert b'url: "../swagger.json"' in client.get("/render-ws/swagger-ui/swagger-initializer.js").data


# ---------------------------------------------------------------------------------------------- fuzzing
FUZZ_APP = create_app()
SCHEMA = schemathesis.openapi.from_wsgi("/render-ws/swagger.json", FUZZ_APP)


def _store_snapshot() -> dict:
    store = FUZZ_APP.extensions[STORE_KEY]
    return {(db.name, name): sorted(map(repr, db[name].find({}, {"_id": False})))
            for db in (store.render_db, store.match_db) for name in db.list_collection_names()}


@pytest.mark.filterwarnings("ignore")
@SCHEMA.parametrize()
@settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_fuzzed_requests_get_render_ws_style_answers(case):
    """No Python exception behind a 500, strict JSON in every JSON answer, no trace of a refused write."""
    before = _store_snapshot() if case.method.upper() in ("POST", "PUT", "DELETE") else None
    response = case.call()
    assert FUZZ_APP.extensions[EXCEPTIONS_KEY] == [], response.text[:300]
    if "json" in response.headers.get("Content-Type", ""):
        def refuse(token):
            raise AssertionError(f"non-JSON token {token}")
        json.loads(response.text, parse_constant=refuse)
    if before is not None and response.status_code >= 400:
        assert _store_snapshot() == before, f"{case.method} {case.formatted_path} {response.status_code}"
