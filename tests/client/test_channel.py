"""renderapi.channel.Channel serialization."""
import json

import pytest

import renderapi
from renderapi.channel import Channel
from renderapi.image_pyramid import ImagePyramid, MipMap
from renderapi.utils import renderdumps

DAPI = {
    "name": "DAPI",
    "maxIntensity": 255,
    "minIntensity": 0,
    "mipmapLevels": {"0": {"imageUrl": "file:///not/a/path", "maskUrl": "file:///not/a/mask"}},
}


def make_dapi():
    ip = ImagePyramid({0: MipMap("file:///not/a/path", "file:///not/a/mask")})
    return Channel(name="DAPI", maxIntensity=255, minIntensity=0, ip=ip)


def test_channel_serializes_like_render():
    assert json.loads(renderdumps(make_dapi())) == json.loads(renderdumps(DAPI))


def test_to_dict_key_order():
    assert list(make_dapi().to_dict()) == ["name", "minIntensity", "maxIntensity", "mipmapLevels"]


def test_intensities_left_out_when_none():
    channel = Channel(name="GFP", ip=ImagePyramid({0: MipMap("a.tif")}))
    assert channel.to_dict() == {"name": "GFP", "mipmapLevels": {"0": {"imageUrl": "a.tif"}}}
    assert Channel(name="GFP", minIntensity=0).to_dict()["minIntensity"] == 0


def test_from_json_round_trip():
    channel = Channel(json=DAPI)
    assert channel.name == "DAPI"
    assert (channel.minIntensity, channel.maxIntensity) == (0, 255)
    assert isinstance(channel.ip, ImagePyramid)
    assert channel.ip[0].maskUrl == "file:///not/a/mask"
    assert channel.to_dict() == DAPI


@pytest.mark.parametrize("missing", ["name", "minIntensity", "maxIntensity", "mipmapLevels"])
def test_from_json_requires_every_render_key(missing):
    d = dict(DAPI)
    del d[missing]
    with pytest.raises(KeyError):
        Channel(json=d)


def test_channel_without_pyramid_serializes_empty_levels():
    assert Channel(name="empty").to_dict() == {"name": "empty", "mipmapLevels": {}}


def test_reachable_from_package():
    assert renderapi.channel.Channel is Channel
    assert renderapi.tilespec.Channel is Channel
