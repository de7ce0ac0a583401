"""renderapi.render: Render / RenderClient objects, connect() and its environment, renderaccess."""

from __future__ import annotations

import inspect

import pytest
import requests

import renderapi
from renderapi.errors import ClientScriptError
from renderapi.render import (
    Render,
    RenderClient,
    connect,
    format_baseurl,
    format_preamble,
    renderaccess,
)

RENDER_ENV = ("RENDER_HOST", "RENDER_PORT", "RENDER_OWNER", "RENDER_PROJECT", "RENDER_CLIENT_SCRIPTS",
              "RENDER_CLIENT_SCRIPT", "RENDER_CLIENT_HEAP")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in RENDER_ENV:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def client_scripts(tmp_path):
    script = tmp_path / "run_ws_client.sh"
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    return tmp_path


def test_render_keeps_defaults_and_makes_a_session():
    r = Render(host="http://h", port=8080, owner="o", project="p", client_scripts="/cs")
    assert (r.DEFAULT_HOST, r.DEFAULT_PORT, r.DEFAULT_OWNER, r.DEFAULT_PROJECT, r.DEFAULT_CLIENT_SCRIPTS) == (
        "http://h", 8080, "o", "p", "/cs")
    assert isinstance(r.session, requests.Session)
    assert Render(create_session=False).session is None


def test_make_kwargs_fills_only_missing_values():
    r = Render(host="http://h", port=8080, owner="o", project="p")
    kwargs = r.make_kwargs(owner="other", stack="s")
    assert kwargs == {"host": "http://h", "port": 8080, "owner": "other", "project": "p",
                      "client_scripts": None, "session": r.session, "stack": "s"}
    assert r.DEFAULT_KWARGS == r.make_kwargs()


def test_render_client_needs_an_existing_script(client_scripts, tmp_path):
    with pytest.raises(ClientScriptError):
        RenderClient(host="http://h", port=1)
    with pytest.raises(ClientScriptError):
        RenderClient(client_script=str(tmp_path / "missing" / "run_ws_client.sh"))
    rc = RenderClient(host="http://h", port=1, client_scripts=str(client_scripts))
    assert rc.client_script == str(client_scripts / "run_ws_client.sh")
    assert rc.memGB == "1G"
    assert set(rc.DEFAULT_KWARGS) == {"host", "port", "owner", "project", "client_scripts", "session",
                                      "client_script", "memGB"}


def test_connect_reads_the_render_environment(monkeypatch, client_scripts):
    monkeypatch.setenv("RENDER_HOST", "renderhost")
    monkeypatch.setenv("RENDER_PORT", "8080")
    monkeypatch.setenv("RENDER_OWNER", "me")
    monkeypatch.setenv("RENDER_PROJECT", "proj")
    monkeypatch.setenv("RENDER_CLIENT_SCRIPTS", str(client_scripts))
    monkeypatch.setenv("RENDER_CLIENT_HEAP", "3G")
    r = connect()
    assert isinstance(r, RenderClient)
    assert r.DEFAULT_HOST == "http://renderhost" and r.DEFAULT_PORT == 8080
    assert (r.DEFAULT_OWNER, r.DEFAULT_PROJECT, r.memGB) == ("me", "proj", "3G")


def test_connect_falls_back_to_render_without_client_scripts(tmp_path):
    r = connect(host="https://h", port=80, owner="o", project="p", client_scripts=str(tmp_path))
    assert type(r) is Render and r.DEFAULT_HOST == "https://h"


def test_connect_round_trips_default_kwargs(client_scripts):
    r = connect(host="h", port=1, owner="o", project="p", client_scripts=str(client_scripts))
    again = connect(**r.DEFAULT_KWARGS)
    assert again.DEFAULT_KWARGS.keys() == r.DEFAULT_KWARGS.keys()
    assert again.DEFAULT_HOST == r.DEFAULT_HOST and again.client_script == r.client_script


def test_connect_prompts_for_missing_values(monkeypatch):
    answers = iter(["h", "8081", "proj", "own"])
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    r = connect(web_only=True, client_script="/nowhere/run_ws_client.sh")
    settings = (r.DEFAULT_HOST, r.DEFAULT_PORT, r.DEFAULT_PROJECT, r.DEFAULT_OWNER)
    assert settings == ("http://h", "8081", "proj", "own")


def test_connect_refuses_an_empty_owner(monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "")
    with pytest.raises(ValueError):
        connect(host="h", port=1, project="p", web_only=True, client_script="/x/run_ws_client.sh")


def test_url_helpers():
    assert format_baseurl("http://h", 8080) == "http://h:8080/render-ws/v1"
    assert format_baseurl("http://h", None) == "http://h/render-ws/v1"
    assert format_preamble("http://h", 1, "o", "p", "s") == "http://h:1/render-ws/v1/owner/o/project/p/stack/s"


def test_renderaccess_fills_arguments_from_render_and_keeps_signature():
    @renderaccess
    def probe(stack, extra=None, host=None, port=None, owner=None, project=None, session=None, render=None,
              **kwargs):
        return stack, extra, host, port, owner, project, session

    assert list(inspect.signature(probe).parameters)[:2] == ["stack", "extra"]
    r = Render(host="http://h", port=2, owner="o", project="p")
    assert probe("s", "x", render=r) == ("s", "x", "http://h", 2, "o", "p", r.session)
    assert probe("s", owner="explicit", render=r)[4] == "explicit"
    assert isinstance(probe("s", host="http://x")[-1], requests.Session)
    with pytest.raises(ValueError):
        probe("s", render="not a render")


def test_render_run_calls_with_itself():
    r = Render(host="http://h", port=2, owner="o", project="p")
    assert r.run(lambda *args, **kwargs: (args, kwargs["render"]), 1, 2) == ((1, 2), r)


def test_package_surface():
    assert renderapi.connect is connect and renderapi.Render is Render
    for name in ("render", "errors", "stack", "utils", "layout", "channel", "image_pyramid", "external"):
        assert hasattr(renderapi, name)
