"""javaclient.http_session: the requests-free session RenderDataClient talks to render-ws with."""

from __future__ import annotations

import http.client
import http.server
import threading

import pytest

from render_emulator.javaclient.http_session import Session, with_query


@pytest.mark.parametrize(("url", "params", "expected"), [
    ("http://h/a", None, "http://h/a"),
    ("http://h/a", {"x": None}, "http://h/a"),                       # requests leaves None values out
    ("http://h/a", {"z": 1.0, "b": True, "s": "a b/c"}, "http://h/a?z=1.0&b=True&s=a+b%2Fc"),
    ("http://h/a", {"id": ["1", None, "2"]}, "http://h/a?id=1&id=2"),
    ("http://h/a?q=1", {"r": 2}, "http://h/a?q=1&r=2"),
])
def test_query_parameters_as_requests_encodes_them(url, params, expected):
    assert with_query(url, params) == expected


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    closes_after_answer = False

    def do_PUT(self):  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers["Content-Length"]))
        answer = b'{"got": ' + body + b', "path": "' + self.path.encode() + b'"}'
        self.send_response(201)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)
        if Handler.closes_after_answer:       # a keep-alive connection the server then drops
            self.close_connection = True

    def log_message(self, *args):
        pass


@pytest.fixture
def http_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("closes", [False, True])
def test_requests_on_one_session_survive_dropped_keep_alive_connections(http_server, monkeypatch, closes):
    monkeypatch.setattr(Handler, "closes_after_answer", closes)
    session = Session()
    for index in range(3):
        response = session.request("PUT", f"{http_server}/a%20b", data=f"[{index}]",
                                   params={"deriveData": "true"},
                                   headers={"Content-Type": "application/json"}, timeout=10)
        assert response.status_code == 201
        assert response.url == f"{http_server}/a%20b?deriveData=true"
        assert response.json() == {"got": [index], "path": "/a%20b?deriveData=true"}
        assert response.text.startswith('{"got": ')
    session.close()


@pytest.mark.parametrize("url", ["localhost:8080/render-ws/v1", "ftp://h/x", "http:///x"])
def test_urls_without_http_host_are_refused(url):
    with pytest.raises(http.client.InvalidURL):
        Session().request("GET", url)


def test_unreachable_server_is_an_os_error():
    with pytest.raises(OSError):
        Session().request("GET", "http://127.0.0.1:9/render-ws/v1", timeout=5)
