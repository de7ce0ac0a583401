"""renderapi._fast_json: request bodies carry the JSON values renderdumps (render-python) sends."""

import json

import numpy as np
import pytest

from renderapi._fast_json import dumps_request_body
from renderapi.utils import renderdumps


def matches_list():
    return [{"pGroupId": "é", "pId": "1", "qGroupId": "a", "qId": "2",
             "matches": {"p": [[1e-05, 1e16], [0.1, -0.0]], "q": [[3, 4], [5.5, 6.25]], "w": [1.0, 0.5]}}]


def test_values_equal_renderdumps_values():
    data = matches_list()
    assert json.loads(dumps_request_body(data)) == json.loads(renderdumps(data))


@pytest.mark.parametrize("value", [float("nan"), float("inf"), np.float64(0.1), np.int64(3), 2**70, None])
def test_values_orjson_would_change_or_cannot_write_go_through_renderdumps(value):
    data = matches_list()
    data[0]["matches"]["w"][0] = value
    assert dumps_request_body(data) == renderdumps(data)


def test_numpy_arrays_fail_as_in_render_python():
    data = matches_list()
    data[0]["matches"]["w"] = np.ones(2)
    with pytest.raises(AttributeError):
        renderdumps(data)
    with pytest.raises(AttributeError):
        dumps_request_body(data)
