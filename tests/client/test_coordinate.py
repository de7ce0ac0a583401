"""renderapi.coordinate without a server: URLs, batches and array packing as render-python 2.4.2."""

from __future__ import annotations

import json

import numpy as np
import pytest

import renderapi
from renderapi import coordinate
from renderapi.errors import RenderError

PREAMBLE = "http://h:8080/render-ws/v1/owner/o/project/p/stack/s"


def test_exported():
    assert renderapi.coordinate is coordinate and "coordinate" in renderapi.__all__


def test_single_points_print_z_as_integer_and_coordinates_with_six_decimals(render_with, fake_response):
    render, session = render_with(fake_response(body=[{"tileId": "t", "local": [1.0, 2.0, 3.0]}]))
    coordinate.world_to_local_coordinates("s", 3407.0, 1500, 1500.25, render=render)
    assert session.calls[0][1] == f"{PREAMBLE}/z/3407/world-to-local-coordinates/1500.000000,1500.250000"
    coordinate.local_to_world_coordinates("s", "t.1", 0, 0, render=render)
    assert session.calls[1][1] == f"{PREAMBLE}/tile/t.1/local-to-world-coordinates/0.000000,0.000000"


def test_batches_put_json_to_the_z_path(render_with, fake_response):
    render, session = render_with(fake_response(body=[{"tileId": "t", "world": [5.0, 6.0, 3407.0]}]))
    batch = [{"tileId": "t", "local": [1, 2]}]
    answer = coordinate.local_to_world_coordinates_batch("s", batch, 3407.0, render=render)
    assert answer[0]["world"][0] == 5.0
    method, url, kwargs = session.calls[0]
    assert (method, url) == ("PUT", f"{PREAMBLE}/z/3407.0/local-to-world-coordinates")
    assert json.loads(kwargs["data"]) == batch
    assert kwargs["headers"] == {"content-type": "application/json"}
    coordinate.world_to_local_coordinates_batch("s", batch, 3, render=render)
    assert session.calls[1][1] == f"{PREAMBLE}/z/3/world-to-local-coordinates"


def test_local_execution_is_not_implemented_as_in_render_python(render_with, fake_response):
    render, _ = render_with(fake_response(body=[]))
    with pytest.raises(NotImplementedError):
        coordinate.world_to_local_coordinates_batch("s", [], 1, execute_local=True, render=render)


def test_non_json_batch_answer_is_a_render_error(render_with, fake_response):
    render, _ = render_with(fake_response(501, text="not implemented"))
    with pytest.raises(RenderError, match="not implemented"):
        coordinate.local_to_world_coordinates_batch("s", [], 1, render=render)


def test_packaging_helpers():
    points = np.array([[1.0, 2.0], [3.0, 4.0]])
    assert coordinate.package_point_match_data_into_json(points, "t", "world") == [
        {"tileId": "t", "world": [1.0, 2.0]}, {"tileId": "t", "world": [3.0, 4.0]}]
    answer = [[{"tileId": "u", "local": [0, 0]}, {"tileId": "t", "local": [7.0, 8.0, 1.0]}]]
    np.testing.assert_array_equal(coordinate.unpackage_world_to_local_point_match_from_json(answer, "t"),
                                  [[7.0, 8.0]])
    np.testing.assert_array_equal(
        coordinate.unpackage_local_to_world_point_match_from_json([{"world": [1, 2, 3]}]), [[1.0, 2.0]])


def test_array_round_trip_goes_through_the_batches(render_with, fake_response):
    render, session = render_with(fake_response(body=[{"tileId": "t", "world": [11.0, 12.0, 1.0]}]))
    world = coordinate.local_to_world_coordinates_array("s", np.array([[1.0, 2.0]]), "t", 1, render=render)
    np.testing.assert_array_equal(world, [[11.0, 12.0]])
    assert json.loads(session.calls[0][2]["data"]) == [{"tileId": "t", "local": [1.0, 2.0]}]


ECHO_CLIENT = """#!{python}
import json, sys
args = sys.argv[1:]
with open(args[args.index("--fromJson") + 1]) as f:
    data = json.load(f)
with open({log!r}, "w") as f:
    json.dump({{"argv": args, "input": data}}, f)
local_to_world = "--localToWorld" in args
if local_to_world:
    answer = [{{"tileId": p[0]["tileId"], "world": [p[0]["local"][0] + 10, p[0]["local"][1] + 20, 1.0]}}
              for p in data]
else:
    answer = [[{{"tileId": p["tileId"], "visible": True,
                 "local": [p["world"][0] - 10, p["world"][1] - 20, 1.0]}}] for p in data]
with open(args[args.index("--toJson") + 1], "w") as f:
    json.dump(answer, f)
"""


@pytest.fixture
def echo_client(tmp_path, render_with, fake_response):
    """A CoordinateClient stand-in (translation by (10, 20)) recording its argv and input."""
    import sys

    log = tmp_path / "call.json"
    script = tmp_path / "run_ws_client.sh"
    script.write_text(ECHO_CLIENT.format(python=sys.executable, log=str(log)))
    script.chmod(0o755)
    render, session = render_with(fake_response(body=[]))
    client = renderapi.render.RenderClient(client_script=str(script), memGB="2G", **{
        k: render.DEFAULT_KWARGS[k] for k in ("host", "port", "owner", "project")})
    return client, log, session


def test_client_side_mapping_runs_the_coordinate_client(echo_client, tmp_path):
    render, log, session = echo_client
    local = coordinate.world_to_local_coordinates_array("s", np.array([[15.0, 25.0]]), "t", 1,
                                                        doClientSide=True, number_of_threads=3, render=render)
    np.testing.assert_array_equal(local, [[5.0, 5.0]])
    call = json.loads(log.read_text())
    assert call["argv"][:2] == ["1G", "org.janelia.render.client.CoordinateClient"]
    assert call["argv"][2:12] == ["--baseDataUrl", "http://h:8080/render-ws/v1", "--owner", "o", "--project",
                                  "p", "--stack", "s", "--z", "1"]
    assert call["argv"][-2:] == ["--numberOfThreads", "3"]
    assert call["input"] == [{"tileId": "t", "world": [15.0, 25.0]}]

    world = coordinate.local_to_world_coordinates_array("s", np.array([[1.0, 2.0]]), "t", 1,
                                                        doClientSide=True, render=render)
    np.testing.assert_array_equal(world, [[11.0, 22.0]])
    call = json.loads(log.read_text())
    assert "--localToWorld" in call["argv"]
    assert call["input"] == [[{"tileId": "t", "local": [1.0, 2.0]}]]
    assert session.calls == []  # nothing went to the server directly
    assert not list(tmp_path.glob("render_coordinates_*"))


def test_clientside_functions_keep_files_on_request(echo_client, tmp_path, monkeypatch):
    render, _, _ = echo_client
    monkeypatch.setattr(coordinate.tempfile, "tempdir", str(tmp_path))
    answer = coordinate.map_coordinates_clientside("s", [{"tileId": "t", "world": [10.0, 20.0]}], 1,
                                                   "http://h", 8080, "o", "p", render.client_script,
                                                   store_injson=True, store_outjson=True)
    assert answer == [[{"tileId": "t", "visible": True, "local": [0.0, 0.0, 1.0]}]]
    assert len(list(tmp_path.glob("render_coordinates_in_*.json"))) == 1
    assert len(list(tmp_path.glob("render_coordinates_out_*"))) == 1
    got = coordinate.world_to_local_coordinates_clientside("s", [{"tileId": "t", "world": [10.0, 20.0]}], 1,
                                                           render=render)
    assert got == answer


def test_single_points_format_with_percent_operators_as_render_python(render_with, fake_response):
    """render-python builds the path with ``"%d" % z`` and ``"%f,%f" % (x, y)``: a string z or x is a
    TypeError there (``int("3")`` would accept it), and a bool z prints as 1."""
    render, session = render_with(fake_response(body=[]))
    with pytest.raises(TypeError):
        coordinate.world_to_local_coordinates("s", "3", 1, 2, render=render)
    with pytest.raises(TypeError):
        coordinate.world_to_local_coordinates("s", 3, "1", 2, render=render)
    with pytest.raises(TypeError):
        coordinate.local_to_world_coordinates("s", "t", 1, "2", render=render)
    assert session.calls == []
    coordinate.world_to_local_coordinates("s", np.float32(2.9), np.int64(1), True, render=render)
    assert session.calls[0][1] == f"{PREAMBLE}/z/2/world-to-local-coordinates/1.000000,1.000000"


def test_packaging_needs_an_array_as_in_render_python():
    """package_point_match_data_into_json indexes ``dataarray.shape[0]`` and ``dataarray[i, 0]``."""
    with pytest.raises(AttributeError):
        coordinate.package_point_match_data_into_json([[1.0, 2.0]], "t")
    with pytest.raises(IndexError):
        coordinate.unpackage_local_to_world_point_match_from_json([{"world": [1.0]}])
    with pytest.raises(IndexError):
        coordinate.unpackage_world_to_local_point_match_from_json([[{"tileId": "t", "local": [1.0]}]], "t")
