"""The render_emulator pytest plugin: options, fixtures, markers, clean-up, emulator-bug detection."""

from __future__ import annotations

import pytest
import requests

# imported before pytester snapshots sys.modules: the inner runs import renderapi (and numpy, which
# cannot be loaded twice in one process); pytester would otherwise unload it after each inner run
import renderapi  # noqa: F401
from render_emulator.naming import VALID_NAME
from render_emulator.pytest_plugin import (
    RenderBackendError,
    RenderServerHandle,
    ServerAddress,
    cleanup_owner,
    docker_daemon_problem,
    is_emulator_response,
    parse_render_url,
    unique_name,
)
from render_emulator.server import EmulatorServer

INNER_ARGS = ("-p", "no:cacheprovider")


@pytest.fixture(scope="module")
def live_emulator():
    """A separate emulator for url-backend runs and for driving cleanup_owner directly."""
    with EmulatorServer() as server:
        yield server


@pytest.fixture(autouse=True)
def _no_backend_environment(monkeypatch):
    for name in ("RENDER_TEST_BACKEND", "RENDER_TEST_URL", "RENDER_TEST_CLIENT_SCRIPTS",
                 "RENDER_TEST_DOCKER_COMPOSE", "RENDER_TEST_BACKEND_OPTIONAL"):
        monkeypatch.delenv(name, raising=False)


def run_inner(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest(*INNER_ARGS, *args)


# ------------------------------------------------------------------------------------ unit level
@pytest.mark.parametrize(
    "url, host, port",
    [
        ("http://127.0.0.1:8080", "http://127.0.0.1", 8080),
        ("http://render.example.org:8081/render-ws/v1/", "http://render.example.org", 8081),
        ("http://localhost:9000/render-ws", "http://localhost", 9000),
        ("https://render.example.org", "https://render.example.org", 443),
        ("http://render.example.org", "http://render.example.org", 80),
    ],
)
def test_parse_render_url_accepts_base_and_api_urls(url, host, port):
    address = parse_render_url(url)
    assert address == ServerAddress(host=host, port=port)
    assert address.base_url == f"{host}:{port}/render-ws/v1"


@pytest.mark.parametrize("url", ["127.0.0.1:8080", "ftp://host:21", "http://host:8080/other/v1", "http://:80"])
def test_parse_render_url_rejects_what_renderapi_cannot_reach(url):
    with pytest.raises(pytest.UsageError):
        parse_render_url(url)


def test_unique_names_are_valid_render_names_and_differ():
    names = {unique_name("test_owner") for _ in range(50)}
    assert len(names) == 50
    assert all(VALID_NAME.fullmatch(name) for name in names)


def test_emulator_responses_are_recognised_by_header():
    class Reply:
        def __init__(self, headers):
            self.headers = headers

    assert is_emulator_response(Reply({"X-Render-Emulator": "render-emulator/0.1.0"}))
    assert is_emulator_response(Reply({"Server": "Werkzeug/3.1.8 Python/3.11.7"}))
    assert not is_emulator_response(Reply({"Server": "Jetty(9.4.6.v20170531)"}))


def test_reset_is_refused_off_the_emulator():
    handle = RenderServerHandle(backend="url", host="http://h", port=1, client_scripts=None,
                                is_emulator=False)
    with pytest.raises(RenderBackendError, match="only available on the emulator backend"):
        handle.reset()


def test_reset_on_the_emulator_wipes_data_but_keeps_pending_bug_reports(live_emulator):
    handle = RenderServerHandle(
        backend="emulator", host="http://127.0.0.1", port=live_emulator.port, client_scripts=None,
        is_emulator=True, emulator=live_emulator,
    )
    handle.take_new_exceptions()
    live_emulator.store.stack_meta_collection().upsert(
        [{"_key": "o__p__s", "stackId": {"owner": "o", "project": "p", "stack": "s"}, "state": "LOADING"}]
    )
    live_emulator.exceptions.append(RuntimeError("boom"))
    handle.reset()
    assert live_emulator.store.stack_meta_collection().count() == 0
    assert [str(e) for e in handle.take_new_exceptions()] == ["boom"]
    assert handle.take_new_exceptions() == []


def _create_stack(base_url, owner, project, stack, state=None):
    stack_url = f"{base_url}/owner/{owner}/project/{project}/stack/{stack}"
    requests.post(stack_url, json={"stackResolutionX": 1.0}).raise_for_status()
    if state is None:
        return
    tile = {
        "tileId": f"{stack}_tile", "z": 1.0, "width": 10.0, "height": 10.0,
        "mipmapLevels": {"0": {"imageUrl": "file:///tmp/tile.png"}},
        "transforms": {"type": "list", "specList": []},
    }
    tiles = {"tileIdToSpecMap": {tile["tileId"]: tile}}
    requests.put(f"{stack_url}/resolvedTiles", json=tiles, params={"deriveData": "true"}).raise_for_status()
    requests.put(f"{stack_url}/state/COMPLETE").raise_for_status()
    if state != "COMPLETE":
        requests.put(f"{stack_url}/state/{state}").raise_for_status()


def _create_match_collection(base_url, owner, name):
    pair = {"pGroupId": "1.0", "pId": "a", "qGroupId": "1.0", "qId": "b",
            "matches": {"p": [[1.0], [2.0]], "q": [[1.0], [2.0]], "w": [1.0]}}
    requests.put(f"{base_url}/owner/{owner}/matchCollection/{name}/matches", json=[pair]).raise_for_status()


def test_cleanup_owner_deletes_all_stacks_and_match_collections_of_that_owner_only(live_emulator):
    base_url = live_emulator.base_url
    exceptions_before = len(live_emulator.exceptions)
    owner, other = unique_name("owner"), unique_name("other")
    _create_stack(base_url, owner, "p1", "loading")
    _create_stack(base_url, owner, "p2", "frozen", state="READ_ONLY")
    _create_stack(base_url, other, "p1", "kept")
    _create_match_collection(base_url, owner, "matches")
    _create_match_collection(base_url, other, "matches")

    assert cleanup_owner(base_url, owner) == (2, 1)

    assert requests.get(f"{base_url}/owner/{owner}/stacks").json() == []
    assert requests.get(f"{base_url}/owner/{owner}/matchCollections").json() == []
    assert len(requests.get(f"{base_url}/owner/{other}/stacks").json()) == 1
    assert len(requests.get(f"{base_url}/owner/{other}/matchCollections").json()) == 1
    assert live_emulator.exceptions[exceptions_before:] == []


# ------------------------------------------------------------------------------------ pytester runs
FIXTURE_ATTRIBUTES_TEST = """
import os, requests
from renderapi.render import Render

def test_attributes(render_server):
    assert render_server.backend == "emulator"
    assert render_server.host == "http://127.0.0.1"
    assert isinstance(render_server.port, int) and render_server.port > 0
    assert render_server.base_url == f"http://127.0.0.1:{render_server.port}/render-ws/v1"
    assert render_server.client_scripts is None or os.path.isfile(
        os.path.join(render_server.client_scripts, "run_ws_client.sh"))
    assert requests.get(render_server.base_url + "/owners").status_code == 200

def test_render_is_bound_to_the_server(render, render_server):
    assert isinstance(render, Render)
    assert render.DEFAULT_HOST == render_server.host
    assert render.DEFAULT_PORT == render_server.port
    assert isinstance(render.session, requests.Session)
"""


def test_render_server_and_render_fixture_attributes(pytester):
    pytester.makepyfile(FIXTURE_ATTRIBUTES_TEST)
    run_inner(pytester).assert_outcomes(passed=2)


CLEAN_NAMESPACE_TEST = """
import pytest, requests
from render_emulator.naming import VALID_NAME

SEEN = []

def _stacks(render_server, owner):
    return requests.get(f"{render_server.base_url}/owner/{owner}/stacks").json()

def _collections(render_server, owner):
    return requests.get(f"{render_server.base_url}/owner/{owner}/matchCollections").json()

@pytest.mark.parametrize("round", [1, 2])
def test_fills_its_namespace(render, render_server, round):
    owner, project = render.DEFAULT_OWNER, render.DEFAULT_PROJECT
    assert VALID_NAME.fullmatch(owner) and VALID_NAME.fullmatch(project)
    assert owner not in [o for o, _ in SEEN] and project not in [p for _, p in SEEN]
    assert _stacks(render_server, owner) == [] and _collections(render_server, owner) == []
    SEEN.append((owner, project))
    base = f"{render_server.base_url}/owner/{owner}/project/{project}/stack/s{round}"
    requests.post(base, json={}).raise_for_status()
    pair = {"pGroupId": "1.0", "pId": "a", "qGroupId": "2.0", "qId": "b",
            "matches": {"p": [[0.0], [0.0]], "q": [[0.0], [0.0]], "w": [1.0]}}
    requests.put(f"{render_server.base_url}/owner/{owner}/matchCollection/m{round}/matches",
                 json=[pair]).raise_for_status()
    assert len(_stacks(render_server, owner)) == 1

def test_previous_namespaces_were_removed(render_server):
    assert len(SEEN) == 2
    for owner, _project in SEEN:
        assert _stacks(render_server, owner) == []
        assert _collections(render_server, owner) == []
"""


def test_each_test_gets_a_fresh_namespace_that_is_cleaned_afterwards(pytester):
    pytester.makepyfile(CLEAN_NAMESPACE_TEST)
    run_inner(pytester).assert_outcomes(passed=3)


MARKERS_TEST = """
import pytest

@pytest.mark.emulator_only
def test_emulator_only(render_server):
    pass

@pytest.mark.real_render
def test_real_render(render_server):
    pass

@pytest.mark.requires_docker
def test_requires_docker():
    pass

def test_unmarked(render_server):
    pass
"""


def test_markers_on_the_emulator_backend(pytester):
    pytester.makepyfile(MARKERS_TEST)
    result = run_inner(pytester, "-rs")
    docker_answers = docker_daemon_problem() is None
    result.assert_outcomes(passed=3 if docker_answers else 2, skipped=1 if docker_answers else 2)
    result.stdout.fnmatch_lines(["*real_render: this run uses the emulator render backend*"])
    if not docker_answers:
        result.stdout.fnmatch_lines(["*requires_docker: *"])


def test_markers_on_a_url_backend_that_is_the_emulator(pytester, live_emulator):
    pytester.makepyfile(MARKERS_TEST)
    result = run_inner(pytester, "-rs", "--render-backend", "url", "--render-url", live_emulator.url)
    docker_answers = docker_daemon_problem() is None
    result.assert_outcomes(passed=2 if docker_answers else 1, skipped=2 if docker_answers else 3)
    result.stdout.fnmatch_lines([
        "*emulator_only: this run uses the url render backend*",
        "*real_render: the url backend's server is the render-ws emulator*",
    ])


URL_BACKEND_TEST = """
import pytest
from render_emulator.pytest_plugin import RenderBackendError

def test_url_backend(render_server, render):
    assert render_server.backend == "url"
    assert render_server.emulator is None
    assert render_server.is_emulator
    assert (render.DEFAULT_HOST, render.DEFAULT_PORT) == (render_server.host, render_server.port)
    with pytest.raises(RenderBackendError):
        render_server.reset()
"""


def test_url_backend_accepts_a_full_api_url(pytester, live_emulator):
    pytester.makepyfile(URL_BACKEND_TEST)
    run_inner(pytester, "--render-backend", "url", "--render-url", live_emulator.base_url).assert_outcomes(
        passed=1
    )


def test_an_unreachable_url_backend_fails_the_run_unless_optional(pytester):
    pytester.makepyfile(MARKERS_TEST)
    url = f"http://127.0.0.1:{_closed_port()}"
    result = run_inner(pytester, "-rs", "--render-backend", "url", "--render-url", url)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    pytest.LineMatcher(result.outlines + result.errlines).fnmatch_lines(
        [f"*the url render backend is unavailable: no render-ws answers at {url}/render-ws/v1*"]
    )
    result = run_inner(pytester, "-rs", "--render-backend", "url", "--render-url", url,
                       "--render-backend-optional")
    assert result.ret == pytest.ExitCode.OK
    docker_answers = docker_daemon_problem() is None
    result.assert_outcomes(skipped=3 if docker_answers else 4, passed=1 if docker_answers else 0)
    result.stdout.fnmatch_lines(["*the url render backend is unavailable: no render-ws answers*"])


def _closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_option_precedence_is_flag_then_environment_then_ini(pytester, monkeypatch):
    pytester.makeini("[pytest]\nrender_backend = url\nrender_url = http://127.0.0.1:1\n")
    pytester.makepyfile("def test_nothing():\n    pass\n")

    run_inner(pytester).stdout.fnmatch_lines(["render backend: url (http://127.0.0.1:1/render-ws/v1)*"])

    monkeypatch.setenv("RENDER_TEST_BACKEND", "emulator")
    run_inner(pytester).stdout.fnmatch_lines(["render backend: emulator (in-process*"])

    monkeypatch.setenv("RENDER_TEST_URL", "http://127.0.0.1:2/render-ws/v1")
    result = run_inner(pytester, "--render-backend", "url", "--render-url", "http://127.0.0.1:3")
    result.stdout.fnmatch_lines(["render backend: url (http://127.0.0.1:3/render-ws/v1)*"])
    result = run_inner(pytester, "--render-backend", "url")
    result.stdout.fnmatch_lines(["render backend: url (http://127.0.0.1:2/render-ws/v1)*"])


def test_bad_options_are_usage_errors(pytester):
    pytester.makepyfile("def test_nothing():\n    pass\n")
    result = run_inner(pytester, "--render-backend", "nonsense")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*unknown render backend 'nonsense'*"])
    result = run_inner(pytester, "--render-backend", "url")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*the url render backend needs a server*"])
    result = run_inner(pytester, "--render-client-scripts", str(pytester.path))
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*has no run_ws_client.sh*"])


def test_client_scripts_option_is_used_by_the_fixtures(pytester):
    scripts = pytester.mkdir("scripts")
    (scripts / "run_ws_client.sh").write_text("#!/bin/sh\n")
    pytester.makepyfile(
        f"""
        def test_scripts(render_server, render_client_scripts):
            assert render_server.client_scripts == {str(scripts)!r}
            assert render_client_scripts == {str(scripts)!r}
        """
    )
    run_inner(pytester, "--render-client-scripts", str(scripts)).assert_outcomes(passed=1)


EMULATOR_BUG_TEST = """
import requests

def test_hits_an_emulator_bug(render_server):
    app = render_server.emulator.app
    endpoint, _args = app.url_map.bind("localhost").match("/render-ws/v1/likelyUniqueId")
    original = app.view_functions[endpoint]

    def broken(**kwargs):
        raise ZeroDivisionError("emulator arithmetic went wrong")

    app.view_functions[endpoint] = broken
    try:
        assert requests.get(render_server.base_url + "/likelyUniqueId").status_code == 500
    finally:
        app.view_functions[endpoint] = original

def test_next_test_is_not_blamed(render_server):
    pass
"""


def test_unexpected_emulator_exceptions_fail_the_test_that_caused_them(pytester):
    pytester.makepyfile(EMULATOR_BUG_TEST)
    result = run_inner(pytester)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines([
        "*EmulatorBugError: render-ws emulator bug: 1 unexpected exception(s)*during the test*",
        "*ZeroDivisionError: emulator arithmetic went wrong*",
    ])


def test_report_header_names_backend_and_url(pytester, live_emulator):
    pytester.makepyfile("def test_nothing():\n    pass\n")
    run_inner(pytester).stdout.fnmatch_lines(["render backend: emulator (*"])
    result = run_inner(pytester, "--render-backend", "url", "--render-url", live_emulator.url)
    result.stdout.fnmatch_lines([f"render backend: url ({live_emulator.base_url})*"])
