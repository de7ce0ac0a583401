"""renderapi.coordinate without a server: URLs, batches and array packing as render-python 2.4.2."""

from __future__ import annotations

import json

import numpy as np
import pytest

import renderapi
from renderapi import coordinate
from renderapi.errors import RenderError
from renderapi.render import Render

PREAMBLE = "http://h:8080/render-ws/v1/owner/o/project/p/stack/s"


class Answer:
    def __init__(self, body, status_code: int = 200):
        self.text = body if isinstance(body, str) else json.dumps(body)
        self.status_code, self.url = status_code, "recorded"

    def json(self):
        return json.loads(self.text)


class RecordingSession:
    def __init__(self, answer: Answer):
        self.answer, self.calls = answer, []

    def get(self, url, **kwargs):
        self.calls.append(("GET", url, kwargs))
        return self.answer

    def put(self, url, **kwargs):
        self.calls.append(("PUT", url, kwargs))
        return self.answer


def render_with(body, status_code=200):
    session = RecordingSession(Answer(body, status_code))
    return Render(host="http://h", port=8080, owner="o", project="p", session=session), session


def test_exported():
    assert renderapi.coordinate is coordinate and "coordinate" in renderapi.__all__


def test_single_points_print_z_as_integer_and_coordinates_with_six_decimals():
    render, session = render_with([{"tileId": "t", "local": [1.0, 2.0, 3.0]}])
    coordinate.world_to_local_coordinates("s", 3407.0, 1500, 1500.25, render=render)
    assert session.calls[0][1] == f"{PREAMBLE}/z/3407/world-to-local-coordinates/1500.000000,1500.250000"
    coordinate.local_to_world_coordinates("s", "t.1", 0, 0, render=render)
    assert session.calls[1][1] == f"{PREAMBLE}/tile/t.1/local-to-world-coordinates/0.000000,0.000000"


def test_batches_put_json_to_the_z_path():
    render, session = render_with([{"tileId": "t", "world": [5.0, 6.0, 3407.0]}])
    batch = [{"tileId": "t", "local": [1, 2]}]
    answer = coordinate.local_to_world_coordinates_batch("s", batch, 3407.0, render=render)
    assert answer[0]["world"][0] == 5.0
    method, url, kwargs = session.calls[0]
    assert (method, url) == ("PUT", f"{PREAMBLE}/z/3407.0/local-to-world-coordinates")
    assert json.loads(kwargs["data"]) == batch
    assert kwargs["headers"] == {"content-type": "application/json"}
    coordinate.world_to_local_coordinates_batch("s", batch, 3, render=render)
    assert session.calls[1][1] == f"{PREAMBLE}/z/3/world-to-local-coordinates"


def test_local_execution_is_not_implemented_as_in_render_python():
    render, _ = render_with([])
    with pytest.raises(NotImplementedError):
        coordinate.world_to_local_coordinates_batch("s", [], 1, execute_local=True, render=render)


def test_non_json_batch_answer_is_a_render_error():
    render, _ = render_with("not implemented", status_code=501)
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


def test_array_round_trip_goes_through_the_batches():
    render, session = render_with([{"tileId": "t", "world": [11.0, 12.0, 1.0]}])
    world = coordinate.local_to_world_coordinates_array("s", np.array([[1.0, 2.0]]), "t", 1, render=render)
    np.testing.assert_array_equal(world, [[11.0, 12.0]])
    assert json.loads(session.calls[0][2]["data"]) == [{"tileId": "t", "local": [1.0, 2.0]}]


def test_client_side_mapping_is_refused_loudly():
    # differs from render-python, which runs the java CoordinateClient here (no java wrappers in this client)
    render, session = render_with([])
    with pytest.raises(NotImplementedError, match="CoordinateClient"):
        coordinate.world_to_local_coordinates_array("s", np.zeros((1, 2)), "t", 1, doClientSide=True,
                                                    render=render)
    assert session.calls == []
