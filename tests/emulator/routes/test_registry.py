"""The route registry: unknown paths 404, known-but-unbuilt render-ws paths 501, coverage table."""

from render_emulator import create_app
from render_emulator.routes import coverage, jaxrs_to_flask, normalize_rule
from render_emulator.routes._upstream import UPSTREAM_ENDPOINTS


def test_normalize_rule_treats_flask_and_jaxrs_variables_alike():
    assert normalize_rule("/v1/owner/<owner>/z/<z>/box/<x>,<y>/png/") == normalize_rule(
        "/v1/owner/{owner}/z/{z}/box/{x},{y}/png"
    )
    assert jaxrs_to_flask("v1/{width}_{height}/{x}_{y}") == "v1/<width>_<height>/<x>_<y>"


def test_unknown_path_is_404_text_plain():
    client = create_app().test_client()
    response = client.get("/render-ws/v1/no/such/resource")
    assert response.status_code == 404
    assert response.mimetype == "text/plain"
    assert "Could not find resource for full path" in response.get_data(as_text=True)


def test_every_unbuilt_upstream_path_answers_501_with_method_and_path():
    app = create_app()
    client = app.test_client()
    unbuilt = [(method, template) for method, template, done in coverage(app) if not done]
    for method, template in unbuilt:
        path = "/render-ws/" + template.replace("{", "").replace("}", "")
        response = client.open(path, method=method)
        assert response.status_code == 501, (method, path, response.status_code)
        assert response.get_data(as_text=True) == (
            f"render-ws emulator: {method} {path} is not implemented"
        )


def test_upstream_inventory_has_no_duplicates_and_covers_render_python_calls():
    assert len(set(UPSTREAM_ENDPOINTS)) == len(UPSTREAM_ENDPOINTS)
    templates = {(m, t) for m, t in UPSTREAM_ENDPOINTS}
    assert ("GET", "v1/owners") in templates
    assert ("PUT", "v1/owner/{owner}/project/{project}/stack/{stack}/state/{state}") in templates
    assert ("PUT", "v1/owner/{owner}/matchCollection/{matchCollection}/matches") in templates


def test_implemented_paths_are_reported_as_implemented():
    app = create_app()
    served = {(m, normalize_rule("/" + t)) for m, t, done in coverage(app) if done}
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("not_implemented_") or not rule.rule.startswith("/render-ws/v1"):
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            key = (method, normalize_rule(rule.rule[len("/render-ws"):]))
            if key in {(m, normalize_rule("/" + t)) for m, t in UPSTREAM_ENDPOINTS}:
                assert key in served
