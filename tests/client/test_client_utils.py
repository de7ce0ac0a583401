"""renderapi.client.renderclientaccess: java-client connection defaults, as render-python 2.4.2."""

from __future__ import annotations

import inspect

import pytest

import renderapi
from renderapi.client import renderclientaccess
from renderapi.errors import ClientScriptError
from renderapi.render import Render, RenderClient


@renderclientaccess
def report(value, owner=None, host=None, port=None, project=None, client_scripts=None,
           client_script=None, memGB=None, **kwargs):
    return {"value": value, "owner": owner, "host": host, "port": port, "project": project,
            "client_scripts": client_scripts, "client_script": client_script, "memGB": memGB}


@pytest.fixture
def scripts_dir(tmp_path):
    (tmp_path / "run_ws_client.sh").write_text("#!/bin/sh\n")
    return tmp_path


def connection(scripts_dir):
    return {"host": "http://h", "port": 8080, "owner": "o", "project": "p",
            "client_scripts": str(scripts_dir)}


def test_reachable_from_the_package_with_the_signature_kept():
    assert renderapi.client.renderclientaccess is renderclientaccess
    assert list(inspect.signature(report).parameters)[:3] == ["value", "owner", "host"]


@pytest.mark.parametrize("make_render", [Render, RenderClient,
                                         lambda **kw: renderapi.connect(force_http=False, **kw)])
def test_a_render_object_fills_in_the_client_script_from_its_directory(scripts_dir, make_render):
    got = report(7, render=make_render(**connection(scripts_dir)))
    assert got["value"] == 7
    assert (got["owner"], got["host"], got["port"], got["project"]) == ("o", "http://h", 8080, "p")
    assert got["client_script"] == str(scripts_dir / "run_ws_client.sh")
    assert got["memGB"] == "1G"


def test_explicit_arguments_win_over_the_render_object(scripts_dir):
    got = report(1, owner="other", memGB="4G", render=Render(**connection(scripts_dir)))
    assert (got["owner"], got["memGB"], got["project"]) == ("other", "4G", "p")


def test_a_plain_render_without_a_script_file_fails_early(tmp_path):
    with pytest.raises(ClientScriptError):
        report(1, render=Render(**connection(tmp_path)))


def test_other_render_types_are_a_value_error():
    with pytest.raises(ValueError):
        report(1, render=object())


def test_without_render_the_named_script_must_exist(scripts_dir, tmp_path):
    script = str(scripts_dir / "run_ws_client.sh")
    assert report(2, client_script=script)["client_script"] == script
    assert report(2, client_scripts=str(scripts_dir))["client_scripts"] == str(scripts_dir)
    with pytest.raises(ClientScriptError, match="not a file"):
        report(2, client_script=str(tmp_path / "nothing.sh"))
    with pytest.raises(ClientScriptError, match="invalid client_scripts directory"):
        report(2, client_scripts=str(tmp_path / "no_such_dir"))
    with pytest.raises(ClientScriptError, match="No client script information"):
        report(2)
