"""renderapi.client.client without a server: what the high-level import helpers hand to the java-client
wrappers (files, groups, stack states), with the wrappers replaced by recorders."""

from __future__ import annotations

import inspect
import json
import os

import pytest

from renderapi.client import client
from renderapi.client._json_groups import JsonGroups
from renderapi.external.processpools.stdlib_pool import WithDummyMapPool, WithThreadPool
from renderapi.render import RenderClient
from renderapi.tilespec import TileSpec
from renderapi.transform import AffineModel, TransformList
from renderapi.utils import renderdumps


@pytest.fixture
def render(tmp_path):
    script = tmp_path / "run_ws_client.sh"
    script.write_text("#!/bin/sh\nexit 0\n")
    script.chmod(0o755)
    return RenderClient(client_script=str(script), memGB="3G", host="http://h", port=8080, owner="o",
                        project="p")


@pytest.fixture
def recorded(monkeypatch):
    """Calls of importJsonClient (with the json files' contents read during the call) and stack states."""
    calls = {"import": [], "states": [], "java": []}

    def import_json_client(stack, tileFiles=None, transformFile=None, **kwargs):
        files = tileFiles if isinstance(tileFiles, list) else [tileFiles]
        contents = [json.load(open(f)) for f in files]
        transforms = json.load(open(transformFile)) if transformFile else None
        calls["import"].append({"stack": stack, "files": files, "tiles": contents, "transforms": transforms,
                                "transformFile": transformFile, "memGB": kwargs.get("memGB"),
                                "client_script": kwargs.get("client_script")})

    monkeypatch.setattr(client, "importJsonClient", import_json_client)
    monkeypatch.setattr(client, "set_stack_state",
                        lambda stack, state, *args, **kwargs: calls["states"].append((stack, state)))
    monkeypatch.setattr(client, "call_run_ws_client",
                        lambda class_name, add_args, **kwargs: calls["java"].append((class_name, add_args)))
    return calls


def tiles(n: int) -> list[TileSpec]:
    return [TileSpec(tileId=f"t{i}", z=1.0, width=10, height=10, imageUrl=f"file:///t{i}.png",
                     tforms=[AffineModel(B0=i)]) for i in range(n)]


def test_import_tilespecs_writes_temp_files_and_removes_them(render, recorded):
    shared = [TransformList([AffineModel(B0=1.0)], transformId="lens")]
    client.import_tilespecs("s", tiles(2), sharedTransforms=shared, render=render)
    (call,) = recorded["import"]
    assert [t["tileId"] for t in call["tiles"][0]] == ["t0", "t1"]
    assert call["transforms"][0]["id"] == "lens"
    assert (call["memGB"], call["client_script"]) == ("3G", render.client_script)
    assert not os.path.exists(call["files"][0]) and not os.path.exists(call["transformFile"])
    assert recorded["states"] == []  # import_tilespecs leaves the stack state alone


def test_import_tilespecs_with_rest_uses_put_tilespecs(render, recorded, monkeypatch):
    seen = []
    monkeypatch.setattr(client, "put_tilespecs", lambda stack, **kwargs: seen.append((stack, kwargs)))
    client.import_tilespecs("s", tiles(1), use_rest=True, deriveData=False, render=render)
    assert seen[0][0] == "s" and seen[0][1]["deriveData"] is False
    assert recorded["import"] == []


@pytest.mark.parametrize(("count", "poolsize", "max_per_group", "groups"), [
    (5, 2, None, [["t0", "t2", "t4"], ["t1", "t3"]]),
    (2, 4, None, [["t0"], ["t1"]]),
    (5, 1, 2, [["t0", "t3"], ["t1", "t4"], ["t2"]]),
])
def test_import_tilespecs_parallel_groups_round_robin(render, recorded, count, poolsize, max_per_group,
                                                      groups):
    client.import_tilespecs_parallel("s", tiles(count), poolsize=poolsize, mpPool=WithDummyMapPool,
                                     max_tilespecs_per_group=max_per_group, render=render)
    assert [[t["tileId"] for t in call["tiles"][0]] for call in recorded["import"]] == groups
    assert recorded["states"] == [("s", "LOADING"), ("s", "COMPLETE")]


@pytest.mark.parametrize("name", ["import_tilespecs_parallel", "import_jsonfiles_parallel",
                                  "import_jsonfiles_and_transforms_parallel_by_z"])
def test_client_run_pools_default_to_threads(name):
    """The pool's workers only write a file and wait for run_ws_client.sh: render-python's WithThreadPool
    (its stdlib_pool.py) instead of its default WithMultiprocessingPool, which forks this process per
    worker."""
    assert inspect.signature(getattr(client, name)).parameters["mpPool"].default is WithThreadPool


def test_import_tilespecs_parallel_default_pool_imports_every_group_in_this_process(render, recorded,
                                                                                  monkeypatch):
    pids = []
    recording = client.importJsonClient

    def import_json_client(stack, tileFiles=None, transformFile=None, **kwargs):
        pids.append(os.getpid())
        recording(stack, tileFiles, transformFile, **kwargs)

    monkeypatch.setattr(client, "importJsonClient", import_json_client)
    client.import_tilespecs_parallel("s", tiles(5), poolsize=3, render=render)
    assert sorted(t["tileId"] for call in recorded["import"] for t in call["tiles"][0]) == \
        [f"t{i}" for i in range(5)]
    assert pids == [os.getpid()] * 3
    assert recorded["states"] == [("s", "LOADING"), ("s", "COMPLETE")]


def test_import_tilespecs_parallel_hands_the_render_client_on(recorded, monkeypatch, tmp_path):
    """render-python passes ``render=render`` to each group's import_tilespecs (client/client.py:299-303), so
    a RenderClient made with validate_client=False and no script file reaches PUT resolvedTiles."""
    unchecked = RenderClient(client_script=str(tmp_path / "run_ws_client.sh"), validate_client=False,
                             host="http://h", port=8080, owner="o", project="p")
    seen = []
    monkeypatch.setattr(client, "put_tilespecs", lambda stack, **kwargs: seen.append(kwargs["tilespecs"]))
    client.import_tilespecs_parallel("s", tiles(3), use_rest=True, poolsize=2, mpPool=WithDummyMapPool,
                                     render=unchecked)
    assert [[t.tileId for t in group] for group in seen] == [["t0", "t2"], ["t1"]]
    assert recorded["states"] == [("s", "LOADING"), ("s", "COMPLETE")]


def test_import_tilespecs_parallel_writes_what_import_tilespecs_writes(render, monkeypatch, tmp_path):
    """Each group's file holds the renderdumps text of its TileSpecs (render-python's renderdump_temp), the
    shared transforms' file likewise, whatever the pool; the files are removed afterwards."""
    texts = []

    def import_json_client(stack, tileFiles=None, transformFile=None, **kwargs):
        texts.append((open(tileFiles[0]).read(), open(transformFile).read(), tileFiles[0], transformFile))

    monkeypatch.setattr(client, "importJsonClient", import_json_client)
    monkeypatch.setattr(client, "set_stack_state", lambda *args, **kwargs: None)
    specs, shared = tiles(5), [TransformList([AffineModel(B0=1.0)], transformId="lens")]
    client.import_tilespecs_parallel("s", specs, sharedTransforms=shared, poolsize=2,
                                     mpPool=WithThreadPool, render=render)
    assert sorted(text for text, *_ in texts) == sorted([renderdumps(specs[0::2]), renderdumps(specs[1::2])])
    assert {shared_text for _, shared_text, *_ in texts} == {renderdumps(shared)}
    assert not any(os.path.exists(path) for *_, tile_file, transform_file in texts
                   for path in (tile_file, transform_file))


def test_json_groups_encode_on_demand_and_keep_errors():
    encoded = []

    class Recorded:
        def __init__(self, name):
            self.name = name

        def to_dict(self):
            encoded.append(self.name)
            if self.name == "bad":
                raise IndexError("broken to_dict")
            return {"name": self.name}

    groups = JsonGroups([[Recorded("a")], [Recorded("b")], [Recorded("bad")]])
    assert len(groups) == 3 and encoded == []
    assert groups[1] == '[{"name": "b"}]' and encoded == ["b"]
    assert groups[0:2] == ['[{"name": "a"}]', '[{"name": "b"}]']
    with pytest.raises(IndexError, match="broken to_dict"):   # not taken for the end of the groups
        list(groups)


def test_import_jsonfiles_sets_states_around_one_run(render, recorded):
    paths = []
    for name in ("a", "b"):
        path = os.path.join(os.path.dirname(render.client_script), f"{name}.json")
        with open(path, "w") as f:
            json.dump([], f)
        paths.append(path)
    client.import_jsonfiles("s", paths, close_stack=False, render=render)
    assert [call["files"] for call in recorded["import"]] == [paths]
    assert recorded["states"] == [("s", "LOADING")]


def test_import_jsonfiles_validate_client_argv(render, recorded):
    client.import_jsonfiles_validate_client("s", ["a.json"], transformFile="t.json", render=render)
    (class_name, args), = recorded["java"]
    assert class_name == "org.janelia.render.client.ImportJsonClient"
    assert args[8:] == ["--validatorClass", "org.janelia.alignment.spec.validator.TemTileSpecValidator",
                        "--validatorData",
                        "minCoordinate:-500,maxCoordinate:100000,minSize:500,maxSize:10000",
                        "--transformFile", "t.json", "a.json"]
    with pytest.raises(NotImplementedError):
        client.import_jsonfiles_validate_client("s", ["a.json"], validator=object(), render=render)


def test_placeholders_raise(render):
    with pytest.raises(NotImplementedError):
        client.local_to_world_array("s", [], "t", render=render)
    with pytest.raises(NotImplementedError):
        client.world_to_local_array("s", [], render=render)
