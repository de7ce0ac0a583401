"""Extended JSON v2 (relaxed and canonical) as mongoexport writes it and mongoimport reads it."""

import math

import pytest
from mongomock import ObjectId

from render_emulator.store.extended_json import DECODER, ExtendedJsonError, encode_relaxed


def test_canonical_wrappers_decode_to_plain_values():
    doc = DECODER.decode(
        '{"_id": {"$oid": "5f0c3c2b9d1e8a0001a1b2c3"}, "z": {"$numberDouble": "3903.0"},'
        ' "n": {"$numberInt": "7"}, "big": {"$numberLong": "9007199254740993"},'
        ' "nan": {"$numberDouble": "NaN"}, "inf": {"$numberDouble": "-Infinity"}}'
    )
    assert doc["_id"] == ObjectId("5f0c3c2b9d1e8a0001a1b2c3")
    assert doc["z"] == 3903.0 and type(doc["z"]) is float
    assert doc["n"] == 7 and doc["big"] == 9007199254740993
    assert math.isnan(doc["nan"]) and doc["inf"] == -math.inf


@pytest.mark.parametrize(
    "date",
    [
        '{"$date": "2015-01-02T22:33:44.555Z"}',  # relaxed
        '{"$date": {"$numberLong": "1420238024555"}}',  # canonical
        '{"$date": "2015-01-02T23:33:44.555+01:00"}',
    ],
)
def test_dates_become_render_ws_date_text(date):
    # render-ws writes a java.util.Date as yyyy-MM-dd'T'HH:mm:ss.SSS'Z' in GMT (JsonUtils.java:27-32)
    assert DECODER.decode(f'{{"t": {date}}}')["t"] == "2015-01-02T22:33:44.555Z"


def test_plain_objects_with_dollar_free_keys_are_untouched():
    assert DECODER.decode('{"a": {"b": 1}, "c": [1.0, 2]}') == {"a": {"b": 1}, "c": [1.0, 2]}


@pytest.mark.parametrize(
    "text",
    [
        '{"x": {"$binary": {"base64": "", "subType": "00"}}}',
        '{"x": {"$numberInt": 3}}',
        '{"x": {"$oid": "nothex"}}',
    ],
)
def test_unsupported_or_malformed_wrappers_are_refused(text):
    with pytest.raises(ExtendedJsonError):
        DECODER.decode(text)


def test_relaxed_encoding_puts_id_first_and_wraps_only_non_finite_doubles():
    oid = ObjectId("5f0c3c2b9d1e8a0001a1b2c3")
    assert (
        encode_relaxed({"z": 1.0, "n": 2}, oid) == '{"_id":{"$oid":"5f0c3c2b9d1e8a0001a1b2c3"},"z":1.0,"n":2}'
    )
    assert encode_relaxed({"v": [math.inf, 0.5]}) == '{"v":[{"$numberDouble":"Infinity"},0.5]}'
    assert DECODER.decode(encode_relaxed({"v": [math.inf, 0.5]}, oid)) == {"_id": oid, "v": [math.inf, 0.5]}
