"""javaclient.files.read_json: the values json reads from a file, whichever parser read them."""

from __future__ import annotations

import gzip
import json

import pytest

from render_emulator.javaclient.data_client import ClientError
from render_emulator.javaclient.files import read_json

TEXTS = [
    '[{"tileId": "t", "z": 1.0, "width": 2048, "minIntensity": 0, "note": "\\u00e9 caf\\u00e9"}]',
    '{"big": 123456789012345678901234567890, "neg": -98765432109876543210}',   # beyond 64 bits: exact ints
    '{"small": 1e-05, "huge": 1e308, "exp": 2.5E+3, "int": 9223372036854775807}',
    '[1.5, {"a": [true, false, null]}]\r\n',
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("suffix", [".json", ".gz"])
def test_values_and_types_are_jsons(tmp_path, text, suffix):
    path = tmp_path / f"f{suffix}"
    data = text.encode("utf-8")
    path.write_bytes(gzip.compress(data) if suffix == ".gz" else data)
    value = read_json(str(path))
    assert value == json.loads(text)
    assert json.dumps(value) == json.dumps(json.loads(text))   # ints stay ints, floats floats


@pytest.mark.parametrize("text", ['{"a": NaN}', '\ufeff[1]', '[1, 2', '{"s": "\\ud800"}'])
def test_what_orjson_refuses_is_read_or_refused_as_json_does(tmp_path, text):
    path = tmp_path / "f.json"
    path.write_text(text, encoding="utf-8")
    try:
        expected = json.loads(text)
    except ValueError as error:
        with pytest.raises(ClientError, match="failed to read") as caught:
            read_json(str(path))
        assert str(error) in str(caught.value)
    else:
        assert repr(read_json(str(path))) == repr(expected)
