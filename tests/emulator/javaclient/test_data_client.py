"""javaclient.data_client.encoded_body: the request bodies the emulated clients send read back as the values
json.dumps would have sent."""

from __future__ import annotations

import json

import numpy as np
import pytest

from render_emulator.javaclient.data_client import encoded_body

BODIES = [
    {"tileIdToSpecMap": {"t": {"z": 1.0, "minX": -3.0, "width": 2048, "labels": ["a"]}}},
    [1e16, 1e-05, 0.1, -0.0, 2 ** 63 - 1],
    {"nan": float("nan")},        # orjson would write null
    {"inf": float("inf")},
    {"x": np.float64(2.5)},       # a float subclass: orjson refuses it
    {"big": 2 ** 70},             # beyond 64 bits: orjson refuses it
    {"text": "caf\u00e9"},        # json escapes it to ASCII
    {"none": None},
]


@pytest.mark.parametrize("body", BODIES, ids=range(len(BODIES)))
def test_body_reads_back_as_jsons(body):
    encoded = encoded_body(body)
    text = encoded.decode("ascii") if isinstance(encoded, bytes) else encoded
    assert text.isascii()
    assert repr(json.loads(text)) == repr(json.loads(json.dumps(body)))


def test_plain_collections_take_the_fast_encoder():
    assert isinstance(encoded_body(BODIES[0]), bytes)
    assert isinstance(encoded_body({"nan": float("nan")}), str)
