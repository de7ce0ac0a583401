"""renderapi.client.client_calls without a server: the argv each java-client wrapper builds, subprocess
modes and ClientScriptError, run against a recording stand-in for run_ws_client.sh."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import renderapi
from renderapi.client import client_calls
from renderapi.client.params import SiftPointMatchOptions
from renderapi.errors import ClientScriptError
from renderapi.render import RenderClient

BASE = ["--baseDataUrl", "http://h:8080/render-ws/v1", "--owner", "o", "--project", "p"]
FAKE_SCRIPT = """#!{python}
import json, os, sys
args = sys.argv[1:]
with open(os.environ["FAKE_CLIENT_LOG"], "a") as log:
    log.write(json.dumps(args) + "\\n")
output = os.environ.get("FAKE_CLIENT_OUTPUT")
if output is not None and "--toJson" in args:
    with open(args[args.index("--toJson") + 1], "w") as out:
        out.write(output)
print("stdout of the fake client")
sys.exit(int(os.environ.get("FAKE_CLIENT_EXIT", "0")))
"""


class FakeClient:
    """A run_ws_client.sh stand-in that records its argv (one JSON list per run)."""

    def __init__(self, directory, monkeypatch):
        self.script = directory / "run_ws_client.sh"
        self.script.write_text(FAKE_SCRIPT.format(python=sys.executable))
        self.script.chmod(0o755)
        self.log = directory / "calls.log"
        self.monkeypatch = monkeypatch
        monkeypatch.setenv("FAKE_CLIENT_LOG", str(self.log))

    def answer(self, output=None, exit_code=0):
        if output is not None:
            self.monkeypatch.setenv("FAKE_CLIENT_OUTPUT", json.dumps(output))
        self.monkeypatch.setenv("FAKE_CLIENT_EXIT", str(exit_code))

    @property
    def calls(self) -> list[list[str]]:
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text().splitlines()]

    def render(self, memGB="2G") -> RenderClient:
        return RenderClient(client_script=str(self.script), memGB=memGB, host="http://h", port=8080,
                            owner="o", project="p")


@pytest.fixture
def fake(tmp_path, monkeypatch):
    return FakeClient(tmp_path, monkeypatch)


def test_call_run_ws_client_builds_argv_from_the_render_client(fake):
    client_calls.call_run_ws_client("some.Class", add_args=["--x", 1, True], renderclient=fake.render())
    assert fake.calls == [["2G", "some.Class", "--x", "1", "True"]]


def test_call_run_ws_client_defaults_memory_to_1G(fake):
    client_calls.call_run_ws_client("some.Class", client_script=str(fake.script))
    assert fake.calls == [["1G", "some.Class"]]


def test_failure_raises_client_script_error_under_check_call(fake):
    fake.answer(exit_code=1)
    with pytest.raises(ClientScriptError, match="client_script call .* failed"):
        client_calls.call_run_ws_client("some.Class", client_script=str(fake.script))


def test_subprocess_modes(fake):
    fake.answer(exit_code=3)
    assert client_calls.call_run_ws_client("C", client_script=str(fake.script), subprocess_mode="call") == 3
    fake.answer(exit_code=0)
    out = client_calls.call_run_ws_client("C", client_script=str(fake.script), subprocess_mode="check_output")
    assert out == b"stdout of the fake client\n"
    # unknown keywords are not passed to subprocess; Popen keywords are
    assert client_calls.run_subprocess_mode(["true"], subprocess_mode="call", unrelated=1) == 0
    with pytest.raises(subprocess.CalledProcessError):
        client_calls.run_subprocess_mode(["false"], subprocess_mode="bogus")


def test_import_json_client_argv(fake):
    client_calls.importJsonClient("s", tileFiles=["a.json", "b.json"], transformFile="t.json",
                                  render=fake.render())
    client_calls.importJsonClient("s", tileFiles="c.json", render=fake.render())
    assert fake.calls == [
        ["2G", "org.janelia.render.client.ImportJsonClient", *BASE, "--stack", "s",
         "--transformFile", "t.json", "a.json", "b.json"],
        ["2G", "org.janelia.render.client.ImportJsonClient", *BASE, "--stack", "s", "c.json"],
    ]


def test_tile_pair_client_argv_and_returned_json(fake, tmp_path):
    pairs = {"renderParametersUrlTemplate": "u/{id}", "neighborPairs": [{"p": {"id": "a"}, "q": {"id": "b"}}]}
    fake.answer(output=pairs)
    got = client_calls.tilePairClient("s", 1, 2, outjson=str(tmp_path / "out.json"), zNeighborDistance=0,
                                      excludeCornerNeighbors=False, useRowColPositions=True,
                                      maxPairsPerFile=5,
                                      minx=0, maxx=10, miny=1, maxy=11, render=fake.render())
    assert got == pairs
    assert fake.calls[0][2:] == [*BASE, "--stack", "s", "--minZ", "1", "--maxZ", "2",
                                 "--zNeighborDistance", "0",
                                 "--excludeCornerNeighbors", "False", "--useRowColPositions",
                                 "--maxPairsPerFile", "5", "--toJson", str(tmp_path / "out.json"),
                                 "--minX", "0", "--maxX", "10", "--minY", "1", "--maxY", "11"]
    assert (tmp_path / "out.json").exists()  # kept: outjson given and delete_json False


def test_tile_pair_client_collects_split_files(fake, tmp_path):
    fake.answer(exit_code=0)
    outjson = tmp_path / "pairs.json"
    outjson.write_text("")
    for index, pair_id in enumerate("ab"):
        (tmp_path / f"pairs_p{index:03d}.json").write_text(json.dumps(
            {"renderParametersUrlTemplate": "u", "neighborPairs": [{"p": {"id": pair_id}}]}))
    data, files = client_calls.tilePairClient("s", 1, 1, outjson=str(outjson), return_jsonfiles=True,
                                              delete_json=True, render=fake.render())
    assert [p["p"]["id"] for p in data["neighborPairs"]] == ["a", "b"]
    assert [os.path.basename(f) for f in files] == ["pairs_p000.json", "pairs_p001.json"]
    assert not any(tmp_path.glob("pairs*"))


def test_tile_pair_client_without_pairs_fails_the_template_check(fake):
    with pytest.raises(ValueError):
        client_calls.tilePairClient("s", 1, 1, render=fake.render())


def test_import_transform_changes_client(fake, monkeypatch):
    states = []
    monkeypatch.setattr(client_calls, "set_stack_state",
                        lambda stack, state, *a, **k: states.append((stack, state)))
    with pytest.raises(ClientScriptError, match="changeMode None is not valid"):
        client_calls.importTransformChangesClient("s", "t", "f.json", render=fake.render())
    assert fake.calls == []
    client_calls.importTransformChangesClient("s", "t", "f.json", targetProject="p2", changeMode="APPEND",
                                              render=fake.render())
    assert fake.calls[0][2:] == [*BASE, "--stack", "s", "--targetStack", "t", "--transformFile", "f.json",
                                 "--targetProject", "p2", "--changeMode", "APPEND"]
    assert states == [("s", "COMPLETE")]  # the source stack, as render-python does


def test_coordinate_client(fake, tmp_path):
    fake.answer(output=[{"tileId": "t", "world": [1.0, 2.0, 3.0]}])
    got = client_calls.coordinateClient("s", 3.0, fromJson="in.json", toJson=str(tmp_path / "o.json"),
                                        localToWorld=True, numberOfThreads=4, render=fake.render())
    assert got == [{"tileId": "t", "world": [1.0, 2.0, 3.0]}]
    assert fake.calls[0][2:] == [*BASE, "--stack", "s", "--z", "3.0", "--fromJson", "in.json", "--toJson",
                                 str(tmp_path / "o.json"), "--localToWorld", "--numberOfThreads", "4"]


def test_render_section_client(fake):
    client_calls.renderSectionClient("s", "/out", [1, 2], scale=0.5, format="png", channel="DAPI",
                                     bounds={"minX": 0.5, "maxX": 10.7, "minY": 1, "maxY": 20},
                                     render=fake.render())
    assert fake.calls[0][2:] == [*BASE, "--stack", "s", "--rootDirectory", "/out", "--scale", "0.5",
                                 "--format", "png", "--channels", "DAPI", "--bounds", "0,10,1,20", "1", "2"]
    with pytest.raises(ClientScriptError, match="maxX"):
        client_calls.renderSectionClient("s", "/out", [1], render=fake.render(),
                                         bounds={"minX": 5, "maxX": 1, "minY": 0, "maxY": 1})
    with pytest.raises(ClientScriptError, match="Missing"):
        client_calls.renderSectionClient("s", "/out", [1], bounds={"minX": 5}, render=fake.render())


def test_transform_section_client(fake):
    client_calls.transformSectionClient("s", "id1", "mpicbg.trakem2.transform.AffineModel2D", "1,0,0,1,5,6",
                                        [1.0, 2.0], targetStack="t", replaceLast=True, render=fake.render())
    assert fake.calls[0][2:] == [*BASE, "--stack", "s", "--replaceLast", "--targetStack", "t",
                                 "--transformId", "id1", "--transformClass",
                                 "mpicbg.trakem2.transform.AffineModel2D", "--transformData", "1,0,0,1,5,6",
                                 "1.0", "2.0"]


def test_canvas_url_template(fake):
    template = client_calls.get_canvas_url_template("s", filter=True, excludeTransformsAfterLast="lens",
                                                    excludeAllTransforms=True, channels="DAPI",
                                                    render=fake.render())
    assert template == ("http://h:8080/render-ws/v1/owner/o/project/p/stack/s/tile/{}/render-parameters"
                        "?filter=true&normalizeForMatching=true&renderWithoutMask=false"
                        "&excludeTransformsAfterLast=lens&excludeAllTransforms=true&channels=DAPI")


def test_point_match_client_argv(fake):
    options = SiftPointMatchOptions(renderScale=0.25, matchRod=0.92, SIFTsteps=3)
    client_calls.pointMatchClient("s", "coll", [("a", "b")], stack2="s2", sift_options=options,
                                  render=fake.render())
    url = "http://h:8080/render-ws/v1/owner/o/project/p/stack/{}/tile/{}/render-parameters" \
          "?filter=false&normalizeForMatching=true&renderWithoutMask=false"
    assert fake.calls[0][1:] == ["org.janelia.render.client.PointMatchClient", "--baseDataUrl",
                                 "http://h:8080/render-ws/v1", "--owner", "o", "--collection", "coll",
                                 "--SIFTsteps", "3", "--matchRod", "0.92", "--renderScale", "0.25",
                                 url.format("s", "a"), url.format("s2", "b")]


def test_renderer_clients_argv(fake):
    client_calls.renderClient(tile_spec_url="ts.json", out_fn="o.png", x=1, y=2, width=3, height=4, res=32,
                              render=fake.render())
    client_calls.rendererClient(parameters_url="p.json", out_fn="o.png", scale=0.5, render=fake.render())
    assert fake.calls == [
        ["2G", "org.janelia.alignment.Render", "--tile_spec_url", "ts.json", "--height", "4", "--width", "3",
         "--out", "o.png", "--x", "1", "--y", "2", "--res", "32"],
        ["2G", "org.janelia.alignment.Render", "--out", "o.png", "--scale", "0.5",
         "--parameters_url", "p.json"],
    ]


def test_missing_client_script_is_refused_before_running(tmp_path):
    with pytest.raises(ClientScriptError):
        client_calls.importJsonClient("s", ["a.json"], client_script=str(tmp_path / "none.sh"),
                                      host="http://h", port=8080, owner="o", project="p")


def test_namespace_matches_render_python():
    for name in ("call_run_ws_client", "importJsonClient", "tilePairClient", "import_tilespecs",
                 "import_tilespecs_parallel", "renderclientaccess", "SiftPointMatchOptions", "WithPool",
                 "ClientScriptError", "get_canvas_url_template", "render_tilespec"):
        assert hasattr(renderapi.client, name), name
