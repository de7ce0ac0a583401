"""TileCoordinates (TileCoordinates.java:25-29: String tileId, Boolean visible, double[] local/world,
String error) and RenderParameters (RenderParameters.java:69-147) as the model reads them."""

import numpy as np
import pytest

from render_emulator.errors import BadRequest
from render_emulator.model import read
from render_emulator.model.coordinates import TILE_COORDINATES, TILE_COORDINATES_LIST
from render_emulator.model.render_parameters import render_parameters_type
from render_emulator.model.types import Scalar


def test_tile_coordinates_read_double_arrays_with_null_as_zero():
    body = {"world": [1, None, "2.5"], "visible": "true", "tileId": 7, "other": 1}
    assert read(TILE_COORDINATES, body) == {"tileId": "7", "visible": True, "world": [1.0, 0.0, 2.5]}


def test_tile_coordinates_list_keeps_null_elements_and_refuses_a_bad_visible():
    assert read(TILE_COORDINATES_LIST, [None, {"local": []}]) == [None, {"local": []}]
    with pytest.raises(BadRequest) as caught:
        read(TILE_COORDINATES_LIST, [{"visible": 1}])
    assert caught.value.message == "Cannot deserialize value of type `java.lang.Boolean` from 1"


def test_render_parameters_primitives_read_null_as_their_default_value():
    """width is an int, quality a float, binaryMask a boolean (RenderParameters.java:90,111,120)."""
    bean = render_parameters_type(Scalar("org.janelia.alignment.spec.TileSpec", lambda value: value))
    params = bean.read_present({"width": None, "quality": 0.1, "binaryMask": 1, "tileSpecs": [{"a": 1}]})
    assert params == {"width": 0, "quality": np.float32(0.1), "binaryMask": True, "tileSpecs": [{"a": 1}]}
    assert type(params["quality"]) is np.float32


def test_render_parameters_filter_specs_are_beans_with_string_maps():
    bean = render_parameters_type(Scalar("T", lambda value: value))
    params = bean.read_present({"filterSpecs": [{"className": "C", "parameters": {"k": 1}}, None]})
    assert params == {"filterSpecs": [{"className": "C", "parameters": {"k": "1"}}, None]}
    with pytest.raises(BadRequest):
        bean.read_present({"filterSpecs": {}})


@pytest.mark.parametrize("field", ["width", "height", "numberOfThreads", "backgroundRGBColor"])
def test_render_parameters_int_fields_hold_int_range(field):
    """width/height/numberOfThreads are ints, backgroundRGBColor an Integer (RenderParameters.java:90-93,
    114,135): Jackson's parser refuses a number beyond int's range (ParserBase.reportOverflowInt)."""
    bean = render_parameters_type(Scalar("org.janelia.alignment.spec.TileSpec", lambda value: value))
    assert bean.read_present({field: 2**31 - 1}) == {field: 2**31 - 1}
    for value in (2**31, -(2**31) - 1):
        with pytest.raises(BadRequest) as caught:
            bean.read_present({field: value})
        assert caught.value.message == (
            f"Numeric value ({value}) out of range of int (-2147483648 - 2147483647)"
        )


def test_render_parameters_int_text_overflow_is_worded_per_primitive_or_boxed():
    """Numeric text beyond int's range: StdDeserializer._parseIntPrimitive words it for `int` width
    (RenderParameters.java:90) with "(%d -%d)", IntegerDeserializer for the Integer backgroundRGBColor
    (RenderParameters.java:135) with "(%d - %d)" (Jackson 2.11 databind)."""
    bean = render_parameters_type(Scalar("org.janelia.alignment.spec.TileSpec", lambda value: value))
    with pytest.raises(BadRequest) as caught:
        bean.read_present({"width": "2147483648"})
    assert caught.value.message == (
        'Cannot deserialize value of type `int` from String "2147483648": Overflow: numeric value '
        "(2147483648) out of range of int (-2147483648 -2147483647)"
    )
    with pytest.raises(BadRequest) as caught:
        bean.read_present({"backgroundRGBColor": "-2147483649"})
    assert caught.value.message == (
        'Cannot deserialize value of type `java.lang.Integer` from String "-2147483649": Overflow: numeric '
        "value (-2147483649) out of range of Integer (-2147483648 - 2147483647)"
    )
