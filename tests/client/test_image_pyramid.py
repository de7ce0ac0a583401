"""renderapi.image_pyramid: MipMap, MipMapLevel (deprecated), TransformedDict, ImagePyramid."""
import json

import pytest

from renderapi import image_pyramid
from renderapi.errors import RenderError
from renderapi.image_pyramid import ImagePyramid, MipMap, MipMapLevel, TransformedDict
from renderapi.utils import renderdumps

IMAGE = "not_a_file.jpg"
ALT_IMAGE = "not_a_file2.jpg"
MASK = "not_a_mask.png"
ALT_MASK = "not_a_mask2.png"


def test_basic_pyramid():
    ip = ImagePyramid()
    ip[0] = MipMap(imageUrl=IMAGE, maskUrl=MASK)
    assert ip[0].imageUrl == IMAGE
    assert ip[0].maskUrl == MASK
    assert len(ip.levels) == 1
    with pytest.raises(RenderError):
        ip["not_a_level"]
    with pytest.raises(RenderError):
        ip[-1]
    assert ip.to_dict()["0"]["imageUrl"] == IMAGE

    ip[1] = MipMap(imageUrl=IMAGE, maskUrl=MASK)
    assert ip[1].imageUrl == IMAGE
    ip[1]["imageUrl"] = ALT_IMAGE
    ip[1]["maskUrl"] = ALT_MASK
    assert (ip[1].imageUrl, ip[1].maskUrl) == (ALT_IMAGE, ALT_MASK)
    with pytest.raises(KeyError):
        ip[1]["notvalid"] = "test"

    assert len(ip) == 2
    ip.pop(1)
    assert len(ip) == 1
    with pytest.raises(KeyError):
        ip[1]


def test_level_keys_are_normalized_to_strings():
    ip = ImagePyramid({0: MipMap(IMAGE)})
    assert ip["0"] is ip[0]
    ip["3"] = MipMap(ALT_IMAGE)
    assert ip[3].imageUrl == ALT_IMAGE
    assert set(ip.levels) == {"0", "3"}
    assert set(ip.store) == {"0", "3"}
    del ip["3"]
    assert 3 not in ip and "3" not in ip and 0 in ip


def test_negative_level_message():
    with pytest.raises(RenderError, match="less than 0"):
        ImagePyramid({-2: MipMap(IMAGE)})


def test_iteration_uses_string_order():
    ip = ImagePyramid({level: MipMap(f"l{level}") for level in (2, 10, 0, 1)})
    assert list(ip) == ["0", "1", "10", "2"]
    assert list(ip.to_dict()) == ["0", "1", "10", "2"]
    assert list(ip.levels) == ["2", "10", "0", "1"]


def test_pyramid_deserialize_and_equality():
    d = {"0": {"imageUrl": IMAGE, "maskUrl": MASK}}
    ip = ImagePyramid.from_dict(d)
    assert ip[0].imageUrl == IMAGE and ip[0].maskUrl == MASK
    assert ip == ImagePyramid({0: MipMap(imageUrl=IMAGE, maskUrl=MASK)})
    assert ip[0] == d["0"]
    mm3 = MipMap(imageUrl=IMAGE)
    assert ip != ImagePyramid({0: mm3})
    assert mm3["imageUrl"] == IMAGE
    assert mm3["maskUrl"] is None
    with pytest.raises(KeyError):
        mm3["not_a_key"]


def test_mipmap_key_error_is_also_a_render_error():
    with pytest.raises(RenderError):
        MipMap(IMAGE)["not_a_key"]
    with pytest.raises(RenderError):
        MipMap(IMAGE)["not_a_key"] = 1


def test_mipmap_serialization_leaves_out_unset_urls():
    assert MipMap().to_dict() == {}
    assert MipMap(imageUrl=IMAGE).to_dict() == {"imageUrl": IMAGE}
    assert MipMap(maskUrl=MASK).to_dict() == {"maskUrl": MASK}
    assert dict(MipMap(IMAGE, MASK)) == {"imageUrl": IMAGE, "maskUrl": MASK}
    assert json.loads(renderdumps(MipMap(IMAGE, MASK))) == {"imageUrl": IMAGE, "maskUrl": MASK}


def test_mipmap_equality_against_dicts_and_mipmaps():
    assert MipMap(IMAGE, MASK) == {"imageUrl": IMAGE, "maskUrl": MASK}
    assert MipMap(IMAGE) == {"imageUrl": IMAGE}
    assert MipMap(IMAGE) != {"imageUrl": IMAGE, "maskUrl": MASK}
    assert MipMap(IMAGE, MASK) == MipMap(IMAGE, MASK)
    assert MipMap(IMAGE, MASK) != MipMap(IMAGE, ALT_MASK)
    assert MipMap(IMAGE) != 5


def test_pyramid_to_dict_and_renderdumps():
    ip = ImagePyramid({1: MipMap(ALT_IMAGE), 0: MipMap(IMAGE, MASK)})
    expected = {"0": {"imageUrl": IMAGE, "maskUrl": MASK}, "1": {"imageUrl": ALT_IMAGE}}
    assert ip.to_dict() == expected
    assert json.loads(renderdumps(ip)) == expected


def test_mipmaplevel_deprecated():
    with pytest.warns(DeprecationWarning):
        mml = MipMapLevel(0, imageUrl=IMAGE, maskUrl=MASK)
    assert mml.level == 0
    assert mml["imageUrl"] == IMAGE
    assert mml["maskUrl"] == MASK
    with pytest.raises(KeyError):
        mml["not_a_key"]
    assert mml == mml
    with pytest.warns(DeprecationWarning):
        mml2 = MipMapLevel(0, imageUrl=IMAGE)
    assert mml != mml2
    assert len([k for k, v in mml]) == 2
    assert mml.to_dict() == {"imageUrl": IMAGE, "maskUrl": MASK}
    assert isinstance(mml.mipmap, MipMap)


def test_transformed_mapping():
    d = TransformedDict()
    d[1] = "a"
    d[2] = "b"
    assert [k for k in d] == [1, 2]
    assert TransformedDict({"x": 1}, y=2) == {"x": 1, "y": 2}
    del d[1]
    assert len(d) == 1


def test_module_exports():
    for name in ("MipMap", "MipMapLevel", "TransformedDict", "ImagePyramid"):
        assert hasattr(image_pyramid, name)
