"""CORS as render-ws's web.xml configures Jetty's CrossOriginFilter (render-ws/src/main/webapp/WEB-INF/
web.xml:33-73), plus the emulator's own Origin, Host and body-size checks (request_guard.py)."""

import pytest

from render_emulator import create_app
from render_emulator.request_guard import GuardSettings, host_name

STACK = "/render-ws/v1/owner/o/project/p/stack/s"
EVIL = "http://evil.example"


def client_with(**settings):
    return create_app(guard=GuardSettings(**settings)).test_client()


def test_reads_from_any_origin_get_render_ws_cors_headers():
    client = client_with()
    response = client.get("/render-ws/v1/owners", headers={"Origin": EVIL})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == EVIL
    assert response.headers["Access-Control-Allow-Credentials"] == "true"


def test_a_request_without_origin_gets_no_cors_headers():
    assert "Access-Control-Allow-Origin" not in client_with().get("/render-ws/v1/owners").headers


@pytest.mark.parametrize("method, allowed", [("PUT", True), ("GET", True), ("DELETE", False)])
def test_preflight_is_answered_by_the_filter_with_its_method_list(method, allowed):
    response = client_with().options(STACK, headers={"Origin": EVIL, "Access-Control-Request-Method": method})
    assert response.status_code == 200
    assert response.get_data() == b""
    if allowed:
        assert response.headers["Access-Control-Allow-Methods"] == "GET,POST,PUT,OPTIONS,HEAD"
        assert response.headers["Access-Control-Allow-Headers"] == ("X-Requested-With,Content-Type,Accept,"
                                                                    "Origin")
        assert response.headers["Access-Control-Max-Age"] == "1800"
        assert response.headers["Access-Control-Allow-Origin"] == EVIL
    else:
        assert "Access-Control-Allow-Methods" not in response.headers


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_a_foreign_page_cannot_change_state_by_default(method):
    app = create_app()
    client = app.test_client()
    response = getattr(client, method)(STACK, json={}, headers={"Origin": EVIL})
    assert response.status_code == 403
    assert response.mimetype == "text/plain"
    assert f"from the web page at origin '{EVIL}'" in response.get_data(as_text=True)
    assert "--allow-origin" in response.get_data(as_text=True)
    assert client.get("/render-ws/v1/owners").get_json() == []


def test_renderapi_style_clients_and_the_same_origin_dashboard_can_write():
    client = client_with()
    assert client.post(STACK, json={}).status_code == 201                                   # no Origin
    assert client.post(STACK + "2", json={}, headers={"Origin": "http://localhost"}).status_code == 201
    assert client.get("/render-ws/v1/owner/o/stacks").status_code == 200


@pytest.mark.parametrize("allowed", [(EVIL,), ("*",), (EVIL + "/",)])
def test_allow_origin_restores_render_ws_openness(allowed):
    client = client_with(allow_origins=allowed)
    response = client.post(STACK, json={}, headers={"Origin": EVIL})
    assert response.status_code == 201
    assert response.headers["Access-Control-Allow-Origin"] == EVIL


def test_other_origins_stay_refused_when_one_is_allowed():
    client = client_with(allow_origins=("http://viewer.example:8000",))
    assert client.put(STACK + "/state/COMPLETE", headers={"Origin": EVIL}).status_code == 403


@pytest.mark.parametrize("host, status", [
    ("localhost:8080", 200), ("127.0.0.1:8080", 200), ("[::1]:8080", 200), ("rebound.example:8080", 403),
])
def test_a_loopback_server_answers_only_loopback_host_names(host, status):
    response = client_with(check_host=True).get("/render-ws/v1/owners", headers={"Host": host})
    assert response.status_code == status
    if status == 403:
        assert "refused Host 'rebound.example'" in response.get_data(as_text=True)


def test_allow_host_widens_the_host_check():
    client = client_with(check_host=True, allow_hosts=("Render.Lab",))
    assert client.get("/render-ws/v1/owners", headers={"Host": "render.lab:8080"}).status_code == 200


def test_a_body_over_the_limit_is_413_before_it_is_read():
    app = create_app(guard=GuardSettings(max_body_bytes=1024))
    client = app.test_client()
    response = client.post(STACK, data=b"{" + b" " * 2048 + b"}", content_type="application/json")
    assert response.status_code == 413
    message = response.get_data(as_text=True)
    assert "body of 2050 bytes is larger than this server's limit of 1024 bytes" in message
    assert "--max-request-mb" in message
    assert client.get("/render-ws/v1/owners").get_json() == []


@pytest.mark.parametrize("header, name", [("Example.org:80", "example.org"), ("[::1]:1", "::1"),
                                          ("::1", "::1")])
def test_host_name(header, name):
    assert host_name(header) == name
