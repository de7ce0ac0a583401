"""Server-side TransformSpec handling: Jackson normalisation, ref resolution on upload and on reads,
flattening, class checks and the statuses of instantiation errors."""

import numpy as np
import pytest

from render_emulator.errors import BadRequest, RenderWsError, ServerError
from render_emulator.services import transform_specs as ts
from renderapi._java import JAVA_WHITESPACE
from renderapi._java import split as java_split

AFFINE = "mpicbg.trakem2.transform.AffineModel2D"


def leaf(data="1 0 0 1 0 0", **extra):
    return {"type": "leaf", **extra, "className": AFFINE, "dataString": data}


def ref(target):
    return {"type": "ref", "refId": target}


def lst(*specs, **extra):
    return {"type": "list", **extra, "specList": list(specs)}


# ---------------------------------------------------------------------------- Jackson normalisation
def test_parse_defaults_type_orders_fields_and_drops_unknown():
    parsed = ts.parse_transform_spec({"dataString": "1 0 0 1 0 0", "className": AFFINE, "junk": 1, "id": "a"})
    assert list(parsed) == ["type", "id", "className", "dataString"]
    interpolated = {"type": "interpolated", "lambda": 1, "a": leaf(), "b": leaf()}
    assert ts.parse_transform_spec(interpolated)["lambda"] == 1.0
    assert ts.parse_transform_list(None) == {"type": "list", "specList": []}


def test_parse_rejects_unknown_type_and_non_list_tile_transforms():
    with pytest.raises(BadRequest, match="Could not resolve type id 'nope'"):
        ts.parse_transform_spec({"type": "nope"})
    with pytest.raises(BadRequest, match="ListTransformSpec"):
        ts.parse_transform_list(leaf())


# ---------------------------------------------------------------------------- upload resolution
def test_upload_resolves_refs_from_the_request_only():
    shared = {"lens": leaf("2 0 0 2 0 0", id="lens")}
    resolved = ts.resolve_for_upload("t1", lst(ref("lens"), leaf()), shared)
    assert resolved["specList"][0] == shared["lens"]
    with pytest.raises(BadRequest) as missing:
        ts.resolve_for_upload("t1", lst(ref("b"), ref("a")), shared)
    assert missing.value.message == "tile t1 requires the following transform ids [a, b]"


def test_upload_rejects_ref_to_ref_naming_the_second_id():
    shared = {"first": {"type": "ref", "id": "first", "refId": "second"}, "second": leaf(id="second")}
    with pytest.raises(BadRequest) as refused:
        ts.resolve_for_upload("t1", lst(ref("first")), shared)
    assert refused.value.message == "tile t1 requires the following transform ids [second]"


def test_upload_rejects_refs_nested_in_shared_lists():
    shared = {"outer": lst(ref("inner"), id="outer"), "inner": leaf(id="inner")}
    with pytest.raises(BadRequest, match=r"requires the following transform ids \[inner\]"):
        ts.resolve_for_upload("t1", lst(ref("outer")), shared)


# ---------------------------------------------------------------------------- read resolution
def test_reads_follow_refs_nested_in_shared_lists():
    stored = {"outer": lst(ref("inner"), leaf("1 0 0 1 5 0"), id="outer"),
              "inner": leaf("2 0 0 2 0 0", id="inner")}
    tile = {"tileId": "t1", "transforms": lst(ref("outer"))}
    shared = ts.reachable_shared([tile], lambda ids: {i: stored[i] for i in ids if i in stored})
    assert set(shared) == {"outer", "inner"}
    flat = ts.flatten(ts.resolve_for_read(tile, shared))["specList"]
    assert [s["dataString"] for s in flat] == ["2 0 0 2 0 0", "1 0 0 1 5 0"]


def test_reads_do_not_follow_ref_to_ref():
    stored = {"a": {"type": "ref", "id": "a", "refId": "b"}, "b": leaf(id="b")}
    tile = {"tileId": "t1", "transforms": lst(ref("a"))}
    shared = ts.reachable_shared([tile], lambda ids: {i: stored[i] for i in ids if i in stored})
    with pytest.raises(ServerError) as refused:
        ts.resolve_for_read(tile, shared)
    assert refused.value.message == (
        "tile spec t1 is not fully resolved after applying the following transform specs: [a, b]")


def test_reads_give_up_after_ten_passes():
    stored = {f"t{i}": lst(ref(f"t{i + 1}"), id=f"t{i}") for i in range(12)}
    stored["t12"] = leaf(id="t12")
    tile = {"tileId": "x", "transforms": lst(ref("t0"))}
    with pytest.raises(ServerError, match="11 passes have been made to resolve transform references"):
        ts.reachable_shared([tile], lambda ids: {i: stored[i] for i in ids if i in stored})
    stored_short = {f"t{i}": lst(ref(f"t{i + 1}"), id=f"t{i}") for i in range(9)}
    stored_short["t9"] = leaf(id="t9")
    shared = ts.reachable_shared([tile], lambda ids: {i: stored_short[i] for i in ids if i in stored_short})
    assert len(shared) == 10


# ---------------------------------------------------------------------------- flattening
def test_flatten_merges_parent_labels_and_keeps_interpolated():
    nested = lst(lst(leaf("1 0 0 1 1 0"), metaData={"labels": ["lens"]}), leaf("1 0 0 1 2 0"),
                 {"type": "interpolated", "lambda": 0.5, "a": lst(leaf()), "b": lst(leaf(), leaf())})
    flat = ts.flatten(nested)["specList"]
    assert flat[0]["metaData"] == {"labels": ["lens"]}
    assert "metaData" not in flat[1]
    assert flat[2]["a"] == leaf() and flat[2]["b"]["type"] == "list"


# ---------------------------------------------------------------------------- instantiation
def test_leaf_checks_and_status_of_parse_errors():
    with pytest.raises(BadRequest, match="no className defined for leaf transform spec with id 'null'"):
        ts.check_leaf({"type": "leaf", "id": "null", "dataString": "1"})
    with pytest.raises(BadRequest, match="no dataString defined for leaf transform spec with id 'x'"):
        ts.check_leaf({"type": "leaf", "id": "x", "className": AFFINE})
    with pytest.raises(BadRequest, match="'mpicbg.trakem2.transform.nonLinearTransform' cannot be found"):
        ts.load_leaf({"className": "mpicbg.trakem2.transform.nonLinearTransform", "dataString": "1"})
    for class_name in ts.KNOWN_CLASSES:   # every class render-ws knows is parsed (400/500), none is 501
        with pytest.raises(RenderWsError) as failure:
            ts.load_leaf({"className": class_name, "dataString": "x"})
        assert failure.value.status in (400, 500), class_name
    with pytest.raises(BadRequest):
        ts.load_leaf({"className": "mpicbg.trakem2.transform.TranslationModel2D", "dataString": "1"})


def test_affine_parameters_follow_java_parsing():
    assert ts.affine_parameters(leaf("1 0 0 1 1e3 -.5 ")) == (1.0, 0.0, 0.0, 1.0, 1000.0, -0.5)
    assert ts.affine_parameters(leaf("1d 0 0 1f 0 NaN"))[:4] == (1.0, 0.0, 0.0, 1.0)
    with pytest.raises(BadRequest, match="Inappropriate parameters"):
        ts.affine_parameters(leaf("1 0 0 1 0"))


@pytest.mark.parametrize("data", [
    "1 0 0 1 0 0", "1.0 0.0 0.0 1.0 1638.4 819.2  ", "+1. -.5 5e-3 1E+2 0 -0", " 1 0 0 1 0 0",
    "1 0 0 1 0", "1 0 0 1 0 0 0", "1_0 0 0 1 0 0", "1.5e+-3 0 0 1 0 0", ". 0 0 1 0 0", "1e 0 0 1 0 0",
    "--1 0 0 1 0 0", "1\t0 0 1 0 0", "1d 0 0 1 0 0", "Infinity 0 0 1 0 0", "1 0 0 1 0 e5",
])
def test_affine_fast_path_answers_what_the_java_parsing_rules_answer(data):
    """The float() fast path of affine_parameters (plain numbers and spaces only) gives the values, or the
    400 message, of the Java rules it short-cuts (String.split on Java whitespace, Double.parseDouble)."""
    def by_java_rules():
        fields = java_split(JAVA_WHITESPACE, data)   # String.split drops trailing empty strings
        if len(fields) != 6:
            raise BadRequest(f"Inappropriate parameters for {AFFINE}")
        return tuple(ts.java_parse_double(f) for f in fields)

    try:
        expected = by_java_rules()
    except BadRequest as refusal:
        with pytest.raises(BadRequest) as failure:
            ts.affine_parameters(leaf(data))
        assert failure.value.message == refusal.message
    else:
        assert ts.affine_parameters(leaf(data)) == expected


def test_plain_list_parses_like_a_list_with_null_id_and_meta_data():
    members = [leaf(), {"className": AFFINE, "dataString": "1"}]
    plain = ts.parse_transform_spec({"type": "list", "specList": members})
    general = ts.parse_transform_spec({"type": "list", "id": None, "metaData": None, "specList": members})
    assert plain == general == {"type": "list", "specList": [leaf(), leaf("1")]}
    assert list(plain["specList"][1]) == ["type", "className", "dataString"]


def test_list_mapper_applies_in_order_and_interpolates():
    transforms = lst(leaf("1 0 0 1 10 0"), leaf("2 0 0 2 0 0"),
                     {"type": "interpolated", "lambda": 0.25, "a": leaf(), "b": leaf("1 0 0 1 4 8")})
    mapped = ts.list_mapper(transforms)(np.array([[1.0, 1.0]]))
    assert mapped.tolist() == [[23.0, 4.0]]


def test_errors_raised_only_when_a_transform_is_applied_are_500():
    one_coefficient = {"type": "leaf", "className": "mpicbg.trakem2.transform.PolynomialTransform2D",
                       "dataString": "1"}
    apply = ts.list_mapper(lst(one_coefficient))
    with pytest.raises(ServerError):
        apply(np.array([[1.0, 1.0]]))


def test_trakem2_lens_correction_class_maps_like_non_linear_coordinate_transform():
    data = "1 3 2 0 0 3 0.01 0.02 1 2 0 2 4 1 64 32"
    points = np.array([[3.0, 4.0]])
    lens = ts.list_mapper(lst({"type": "leaf", "className": "lenscorrection.NonLinearTransform",
                               "dataString": data}))(points)
    nlct_class = "mpicbg.trakem2.transform.NonLinearCoordinateTransform"
    nlct = ts.list_mapper(lst({"type": "leaf", "className": nlct_class, "dataString": data}))(points)
    assert lens.tolist() == nlct.tolist() and lens.tolist() != points.tolist()
