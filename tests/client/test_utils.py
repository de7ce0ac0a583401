"""renderapi.utils: JSON encoding, argument fitting, base64 blocks, HTTP helpers' error handling."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest

from renderapi.errors import RenderError
from renderapi.utils import (
    decodeBase64,
    defaultifNone,
    encodeBase64,
    fitargspec,
    get_json,
    jbool,
    renderdump,
    renderdump_temp,
    renderdumps,
    rest_delete,
)


class WithToDict:
    def to_dict(self):
        return {"a": 1}


class Plain:
    def __init__(self):
        self.x = 2


def test_renderdumps_encodes_render_objects():
    assert renderdumps({"a": 1}) == '{"a": 1}'
    assert json.loads(renderdumps([WithToDict(), np.int64(3), Plain(), np.float32(0.5)])) == [
        {"a": 1}, 3, {"x": 2}, 0.5]


def test_renderdumps_of_a_numpy_array_fails_as_render_python():
    with pytest.raises(AttributeError):
        renderdumps(np.zeros(3))


def test_renderdump_and_temp_file(tmp_path):
    with open(tmp_path / "out.json", "w") as fp:
        renderdump({"k": WithToDict()}, fp)
    assert json.loads((tmp_path / "out.json").read_text()) == {"k": {"a": 1}}
    path = renderdump_temp([1, 2])
    try:
        assert path.endswith(".json") and json.load(open(path)) == [1, 2]
    finally:
        os.remove(path)


def test_jbool_and_default():
    assert (jbool(True), jbool(False), jbool(1), jbool([])) == ("true", "false", "true", "false")
    assert defaultifNone(None, 3) == 3 and defaultifNone(0, 3) == 0


def test_fitargspec_moves_defaulted_positionals_into_kwargs():
    def f(a, b, c=1, d=2):
        pass

    assert fitargspec(f, (1, 2, 3), {"d": 4}) == ((1, 2), {"c": 3, "d": 4})

    def no_defaults(a, b):
        pass

    assert fitargspec(no_defaults, (1, 2), {}) == ((1, 2), {})


def test_base64_blocks_round_trip_and_plain_variant():
    values = np.array([3.14159, -1.0, 1e300, 0.0])
    assert np.array_equal(decodeBase64(encodeBase64(values)), values)
    assert np.allclose(decodeBase64("@QAkh+fAbhm6/8AAAAAAAAA=="), [3.14159, -1.0])


def test_get_json_raises_render_error_for_errors_and_bad_bodies(recording_session, fake_response):
    session = recording_session(fake_response(200, text="[1.0]"))
    assert get_json(session, "http://x") == [1.0]
    assert [(method, url, set(kwargs)) for method, url, kwargs in session.calls] == [
        ("GET", "http://x", {"params", "stream"})]  # requests.Session.get's own keywords only
    with pytest.raises(RenderError, match="404"):
        get_json(recording_session(fake_response(404, text="stack missing")), "http://x")
    with pytest.raises(RenderError, match="not json"):
        get_json(recording_session(fake_response(200, text="not json")), "http://x")


class DeleteOnlyUrlSession:
    """A session whose delete takes the URL alone, as render-python's own mocks are written."""

    def __init__(self, response):
        self.response, self.urls = response, []

    def delete(self, url):
        self.urls.append(url)
        return self.response


def test_rest_delete_sends_the_url_alone_and_checks_the_status(fake_response):
    session = DeleteOnlyUrlSession(fake_response(200))
    assert rest_delete(session, "http://x/stack", params={"ignored": 1}).status_code == 200
    assert session.urls == ["http://x/stack"]
    with pytest.raises(RenderError, match="404"):
        rest_delete(DeleteOnlyUrlSession(fake_response(404)), "http://x/stack")
