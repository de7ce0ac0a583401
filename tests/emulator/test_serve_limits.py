"""``render-emulator serve`` at its limits: SIGTERM/SIGINT let a request in flight finish, then exit 0;
413 over ``--max-request-mb``; the loopback Host check; ``--allow-origin``."""

import json
import signal
import socket
import time
from urllib.parse import urlparse

import pytest
import requests


def send_slowly(url: str, path: str, body: bytes, split: int) -> socket.socket:
    """Open a connection and send the headers and ``body[:split]`` (the rest is sent later)."""
    parsed = urlparse(url)
    sock = socket.create_connection((parsed.hostname, parsed.port), timeout=20)
    head = (f"PUT {path} HTTP/1.1\r\nHost: {parsed.netloc}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode()
    sock.sendall(head + body[:split])
    return sock


def read_status(sock: socket.socket) -> int:
    data = b""
    while b"\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    return int(data.split(b" ", 2)[1])


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_signal_lets_the_request_in_flight_finish_then_exits_0(serve_emulator, signum):
    served = serve_emulator()
    assert requests.post(f"{served.base_url}/owner/o/project/p/stack/s", json={}).status_code == 201
    tile = {"tileId": "a", "z": 1.0, "minX": 0, "minY": 0, "maxX": 1, "maxY": 1, "width": 1, "height": 1,
            "mipmapLevels": {"0": {"imageUrl": "file:///a.png"}}}
    body = json.dumps({"tileIdToSpecMap": {"a": tile}}).encode()
    sock = send_slowly(served.url, "/render-ws/v1/owner/o/project/p/stack/s/resolvedTiles", body, 10)
    time.sleep(1.0)                       # the app is now reading the body
    served.process.send_signal(signum)
    time.sleep(0.5)
    with pytest.raises(requests.ConnectionError):   # no new connections once stopping
        requests.get(f"{served.base_url}/owners", timeout=5)
    sock.sendall(body[10:])
    assert read_status(sock) == 201
    sock.close()
    code, stdout, _stderr = served.stop(signum)
    assert code == 0
    assert "render-ws emulator stopped" in stdout


def test_a_body_over_max_request_mb_is_413(serve_emulator):
    served = serve_emulator("--max-request-mb", "1")
    response = requests.put(f"{served.base_url}/owner/o/project/p/stack/s/resolvedTiles",
                            data=b" " * (2 * 1024 * 1024), headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert "larger than this server's limit of 1048576 bytes" in response.text
    assert requests.get(f"{served.base_url}/owners").json() == []


def test_a_loopback_server_refuses_a_rebound_host_unless_allowed(serve_emulator):
    served = serve_emulator("--allow-host", "render.lab")
    assert requests.get(f"{served.base_url}/owners", headers={"Host": "attacker.example"}).status_code == 403
    assert requests.get(f"{served.base_url}/owners", headers={"Host": "render.lab"}).status_code == 200
    assert requests.get(f"{served.base_url}/owners").status_code == 200


def test_allow_origin_star_lets_a_foreign_page_create_stacks(serve_emulator):
    default, open_server = serve_emulator(), serve_emulator("--allow-origin", "*")
    page = {"Origin": "http://viewer.example:3000"}
    assert requests.post(f"{default.base_url}/owner/o/project/p/stack/s", json={},
                         headers=page).status_code == 403
    assert requests.post(f"{open_server.base_url}/owner/o/project/p/stack/s", json={},
                         headers=page).status_code == 201
