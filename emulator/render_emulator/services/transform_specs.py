"""render-ws TransformSpec handling on the server side: Jackson normalisation, reference resolution,
flattening, the transform classes render-ws can instantiate and the statuses instantiation errors get.

The transform math itself lives once, in ``renderapi.transform`` (``load_leaf_json``, render-python's
classes) and ``render_emulator.geometry.java_transforms`` (the Java classes render-python has none for);
this module only decides what render-ws would do with a spec before and around that math.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

import orjson

from render_emulator.errors import BadRequest, RenderWsError, ServerError
from render_emulator.geometry import java_transforms
from render_emulator.model import expect_array, expect_object, messages, omit_none
from render_emulator.model import transform_spec as model
from render_emulator.model.scalars import java_string
from renderapi._java import (
    JAVA_WHITESPACE,
    NumberFormatError,
    java_hash_set_order,
    java_hash_set_text,
    parse_double,
    split,
)

LEAF, LIST, REF, INTERPOLATED = model.LEAF, model.LIST, model.REF, model.INTERPOLATED
LIST_TRANSFORM_SPEC_TYPE = model.LIST_TRANSFORM_SPEC_TYPE
AFFINE_CLASS = "mpicbg.trakem2.transform.AffineModel2D"
# ResolvedTileSpecCollection / RenderDao stop resolving nested shared transforms after this many passes
MAX_RESOLUTION_PASSES = 10

# the classes renderapi.transform maps (render-python's classes and ours)
MAPPABLE_CLASSES = frozenset({
    "mpicbg.trakem2.transform.AffineModel2D",
    "mpicbg.trakem2.transform.TranslationModel2D",
    "mpicbg.trakem2.transform.RigidModel2D",
    "mpicbg.trakem2.transform.SimilarityModel2D",
    "mpicbg.trakem2.transform.HomographyModel2D",
    "mpicbg.trakem2.transform.PolynomialTransform2D",
    "mpicbg.trakem2.transform.NonLinearCoordinateTransform",
    "mpicbg.trakem2.transform.ThinPlateSplineTransform",
    "lenscorrection.NonLinearTransform",
})
# render-app's deprecated lens-correction subclass of NonLinearCoordinateTransform
# (render-app/src/main/java/lenscorrection/NonLinearTransformDeleteMe.java:28), mapped by its parent's math
LENS_CORRECTION_ALIASES = {
    "lenscorrection.NonLinearTransformDeleteMe": "mpicbg.trakem2.transform.NonLinearCoordinateTransform",
}
# on render-ws's class path but not computed here yet: 501
NOT_COMPUTED_CLASSES: frozenset[str] = frozenset()
# Classes render-ws's class path holds under the names render-ws instantiates (trakem2-transform and
# trakem2_tps wrappers, render-app's org.janelia.alignment.transform and lenscorrection): computed by
# renderapi.transform or geometry.java_transforms, or refused with render-ws's own 400 message.
# TrakEM2's lens-correction class keeps its place: render's example data and render-python's
# LensCorrection use this name.
KNOWN_CLASSES = frozenset(
    MAPPABLE_CLASSES | set(LENS_CORRECTION_ALIASES) | set(java_transforms.COMPUTED)
    | set(java_transforms.REFUSED) | set(java_transforms.INIT_REFUSED) | set(NOT_COMPUTED_CLASSES)
)

_PLAIN_LEAF_KEYS = frozenset(("type", "className", "dataString"))
_PLAIN_LIST_KEYS = frozenset(("type", "specList"))
_PLAIN_NUMBER = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
# six plain decimal numbers (the usual affine dataString): Python's float parses them as Java does
_PLAIN_AFFINE = re.compile(rf"{_PLAIN_NUMBER}(?:[ \t\n\x0b\f\r]+{_PLAIN_NUMBER}){{5}}[ \t\n\x0b\f\r]*")
# Characters of a dataString made of plain decimal numbers separated by spaces. Over them Python's float
# grammar is exactly _PLAIN_NUMBER (no "_", "inf" or "nan" can be spelt), so float() alone checks each
# field; a regex fullmatch of _PLAIN_AFFINE took ~6 us per tile (backtracking), float() ~1 us.
_PLAIN_AFFINE_CHARS = frozenset("0123456789.+-eE ")


class UnsupportedTransform(RenderWsError):
    """A transform class render-ws knows but the emulator cannot compute (501)."""

    status = 501

    def __init__(self, class_name: str):
        super().__init__(f"render-ws emulator: transform class '{class_name}' is not supported")


# ============================================================================ Jackson normalisation
def parse_transform_spec(value: Any) -> dict | None:
    """A TransformSpec as Jackson reads and writes it: ``type`` first (absent = leaf), known fields only."""
    if value is None:
        return None
    expect_object(value, model.TRANSFORM_SPEC_TYPE)
    if len(value) <= 3 and _is_plain_leaf(value):
        return {"type": LEAF, "className": value["className"], "dataString": value["dataString"]}
    if value.keys() <= _PLAIN_LIST_KEYS and value.get("type") == LIST and type(value.get("specList")) is list:
        # a list with neither id nor metaData: what the general path below answers, without omit_none
        return {"type": LIST, "specList": [parse_transform_spec(s) for s in value["specList"]]}
    kind = value.get("type")
    if kind is None:
        kind = LEAF
    head = {"type": kind, "id": java_string(value.get("id")),
            "metaData": model.TRANSFORM_SPEC_META_DATA.read(value.get("metaData"))}
    if kind == LEAF:
        body = {"className": java_string(value.get("className")),
                "dataString": java_string(value.get("dataString"))}
    elif kind == LIST:
        specs = value.get("specList")
        body = {"specList": [] if specs is None else [
            parse_transform_spec(s) for s in expect_array(specs, model.TRANSFORM_SPEC_LIST_TYPE)]}
    elif kind == REF:
        body = {"refId": java_string(value.get("refId"))}
    elif kind == INTERPOLATED:
        body = {"a": parse_transform_spec(value.get("a")), "b": parse_transform_spec(value.get("b")),
                "lambda": model.INTERPOLATED_LAMBDA.read(value.get("lambda")) or 0.0}
    else:
        raise BadRequest(messages.unknown_type_id(kind, model.TRANSFORM_SPEC_TYPE, model.TYPE_IDS))
    return omit_none({**head, **body})


def _is_plain_leaf(value: dict) -> bool:
    """A leaf with only string className and dataString (and maybe ``type``): the common fast case."""
    return (value.keys() <= _PLAIN_LEAF_KEYS and value.get("type", LEAF) == LEAF
            and type(value.get("className")) is str and type(value.get("dataString")) is str)


def parse_transform_list(value: Any) -> dict:
    """A tile's ``transforms``: always a ListTransformSpec (an empty list when absent)."""
    if value is None:
        return {"type": LIST, "specList": []}
    spec = parse_transform_spec(value)
    if spec["type"] != LIST:
        raise BadRequest(
            messages.cannot_deserialize(LIST_TRANSFORM_SPEC_TYPE, f"`{spec['type']}` transform spec")
        )
    return spec


# ============================================================================ references
def ref_ids(spec: dict | None) -> list[str]:
    """refIds inside ``spec`` (through lists and interpolated specs, not through shared transforms)."""
    found: list[str] = []
    _collect_refs(spec, found)
    return found


def _collect_refs(spec: dict | None, found: list[str]) -> None:
    if spec is None:
        return
    kind = spec.get("type", LEAF)
    if kind == REF:
        found.append(spec.get("refId"))
    elif kind == LIST:
        for member in spec.get("specList") or ():
            _collect_refs(member, found)
    elif kind == INTERPOLATED:
        _collect_refs(spec.get("a"), found)
        _collect_refs(spec.get("b"), found)


def substitute_refs(spec: dict, shared: dict[str, dict]) -> dict:
    """``spec`` with every ref whose target is in ``shared`` replaced by that target (one level: the
    replacement is not searched again). Specs without refs are returned unchanged (not copied)."""
    kind = spec.get("type", LEAF)
    if kind == REF:
        target = shared.get(spec.get("refId"))
        return spec if target is None else target
    if kind == LIST:
        members = spec.get("specList") or []
        replaced = [substitute_refs(m, shared) for m in members]
        if all(a is b for a, b in zip(replaced, members, strict=False)):
            return spec
        return {**spec, "specList": replaced}
    if kind == INTERPOLATED:
        a, b = spec.get("a"), spec.get("b")
        new_a = None if a is None else substitute_refs(a, shared)
        new_b = None if b is None else substitute_refs(b, shared)
        if new_a is a and new_b is b:
            return spec
        return omit_none({**spec, "a": new_a, "b": new_b})
    return spec


def unresolved_text(tile_id: str, ids: Iterable[str]) -> str:
    """ResolvedTileSpecCollection's message for a tile whose refs cannot be resolved."""
    # TransformSpec.getUnresolvedIds collects them in a new HashSet (TransformSpec.java:146-149)
    return f"tile {tile_id} requires the following transform ids {java_hash_set_text(ids)}"


def resolve_for_upload(tile_id: str, transforms: dict, shared: dict[str, dict]) -> dict:
    """PUT resolvedTiles: one resolution pass against the request's own shared transforms; refs left
    (ref→ref targets, refs nested in shared lists, unknown ids) → 400 naming them."""
    if transforms.get("type") == LIST:   # a list of leaves holds no ref: no walk
        specs = transforms.get("specList") or ()
        if len(specs) == 1 and type(specs) is list:   # the usual tile, without a generator (~0.6 us each)
            member = specs[0]
            if type(member) is dict and member.get("type") == LEAF:
                return transforms
        elif all(type(member) is dict and member.get("type") == LEAF for member in specs):
            return transforms
    if not ref_ids(transforms):
        return transforms
    resolved = substitute_refs(transforms, shared)
    missing = ref_ids(resolved)
    if missing:
        raise BadRequest(unresolved_text(tile_id, missing))
    return resolved


def reachable_shared(
    tiles: Iterable[dict], fetch: Callable[[list[str]], dict[str, dict]]
) -> dict[str, dict]:
    """Every shared transform reachable from the tiles' refs (transitively through shared transforms),
    loaded with ``fetch(ids) -> {id: spec}`` (unknown ids are absent from its answer)."""
    found: dict[str, dict] = {}
    pending = {rid for tile in tiles for rid in ref_ids(tile.get("transforms"))}
    for _ in range(MAX_RESOLUTION_PASSES):
        if not pending:
            return found
        loaded = fetch(sorted(pending))
        found.update(loaded)
        pending = {rid for spec in loaded.values() for rid in ref_ids(spec)} - set(found) - pending
    if pending:
        raise ServerError(
            f"{MAX_RESOLUTION_PASSES + 1} passes have been made to resolve transform references, exiting in "
            "case the data is overly nested or there is a recursion error"
        )
    return found


def resolve_for_read(tile: dict, shared: dict[str, dict]) -> dict:
    """The tile's ``transforms`` with refs resolved as render-ws's read paths do: a ref is replaced by its
    shared transform, and refs inside a shared list are resolved the same way; a shared ``ref`` (ref→ref)
    is not followed, leaving the tile unresolved (500)."""
    transforms = tile.get("transforms") or {"type": LIST, "specList": []}
    if not ref_ids(transforms):
        return transforms
    resolved = _resolve_deep(transforms, shared, 0)
    if ref_ids(resolved):
        raise ServerError(
            f"tile spec {tile.get('tileId')} is not fully resolved after applying the following transform "
            f"specs: {java_hash_set_text(shared)}"   # resolvedIdToSpecMap.keySet(), RenderDao.java:240,261
        )
    return resolved


def _resolve_deep(spec: dict, shared: dict[str, dict], depth: int) -> dict:
    kind = spec.get("type", LEAF)
    if kind == REF:
        target = shared.get(spec.get("refId"))
        if target is None or target.get("type", LEAF) == REF or depth >= MAX_RESOLUTION_PASSES:
            return spec
        return _resolve_deep(target, shared, depth + 1)
    if kind == LIST:
        return {**spec, "specList": [_resolve_deep(m, shared, depth) for m in spec.get("specList") or []]}
    if kind == INTERPOLATED:
        return omit_none({**spec,
                          "a": None if spec.get("a") is None else _resolve_deep(spec["a"], shared, depth),
                          "b": None if spec.get("b") is None else _resolve_deep(spec["b"], shared, depth)})
    return spec


# ============================================================================ flattening
def flatten(transforms: dict) -> dict:
    """ListTransformSpec.flatten on a resolved list: one list of non-list specs, parent labels merged
    into each child's ``metaData.labels``; interpolated specs keep ``a``/``b`` flattened."""
    members = transforms.get("specList") or []
    if transforms.get("type", LEAF) == LIST and "metaData" not in transforms and all(
            m.get("type", LEAF) == LEAF for m in members):
        return transforms if "id" not in transforms else {"type": LIST, "specList": members}
    out: list[dict] = []
    _flatten_into(transforms, [], out)
    return {"type": LIST, "specList": out}


def _with_labels(spec: dict, labels: list[str]) -> dict:
    if not labels:
        return spec
    own = (spec.get("metaData") or {}).get("labels")
    # TransformSpecMetaData.merge (TransformSpecMetaData.java:45-52): addAll into the child's HashSet, or a
    # new LinkedHashSet of the parent's labels when the child has none
    merged = list(labels) if own is None else java_hash_set_order([*own, *labels])
    return {**spec, "metaData": {**(spec.get("metaData") or {}), "labels": merged}}


def _flatten_into(spec: dict, labels: list[str], out: list[dict]) -> None:
    kind = spec.get("type", LEAF)
    if kind == LIST:
        own = list((spec.get("metaData") or {}).get("labels") or [])
        inherited = labels + [label for label in own if label not in labels]
        for member in spec.get("specList") or ():
            _flatten_into(member, inherited, out)
    elif kind == INTERPOLATED:
        out.append(_with_labels(omit_none({
            **spec,
            "a": _flatten_single(spec.get("a")),
            "b": _flatten_single(spec.get("b")),
        }), labels))
    else:
        out.append(_with_labels(spec, labels))


def _flatten_single(spec: dict | None) -> dict | None:
    if spec is None:
        return None
    flat = flatten(spec)["specList"]
    return flat[0] if len(flat) == 1 else {"type": LIST, "specList": flat}


# ============================================================================ instantiation
def check_leaf(spec: dict) -> None:
    """LeafTransformSpec.newInstance checks (400): className present and known, dataString present."""
    class_name = spec.get("className")
    spec_id = "null" if spec.get("id") is None else spec["id"]
    if class_name is None:
        raise BadRequest(f"no className defined for leaf transform spec with id '{spec_id}'")
    if class_name not in KNOWN_CLASSES:
        raise BadRequest(f"transform class '{class_name}' cannot be found")
    if class_name in java_transforms.REFUSED:
        raise BadRequest(java_transforms.REFUSED[class_name])
    if spec.get("dataString") is None:
        raise BadRequest(f"no dataString defined for leaf transform spec with id '{spec_id}'")


def java_parse_double(text: str) -> float:
    """``Double.parseDouble``; NumberFormatException (400) as render-ws reports it."""
    try:
        return parse_double(text)
    except NumberFormatError as exc:
        raise BadRequest(str(exc)) from None


def plain_affine_parameters(data: str) -> tuple[float, ...] | None:
    """The six doubles of an AffineModel2D dataString made of six plain decimal numbers separated by spaces
    (the usual text), as Double.parseDouble reads them; None for any other text."""
    if type(data) is str and data[:1] != " " and _PLAIN_AFFINE_CHARS.issuperset(data):
        fields = data.split()
        if len(fields) == 6:
            try:
                return tuple(map(float, fields))
            except ValueError:
                return None  # not six plain numbers: affine_parameters answers render-ws's message
    return None


def plain_affine_leaf_text(transforms: dict) -> str | None:
    """The dataString of a normalised transform list that is exactly one AffineModel2D leaf with only type,
    className and dataString (no ids, labels, refs), when it is a str; None for every other list. Its
    text is checked and its numbers read, together with those of other tiles, by
    :func:`read_plain_affine_texts` (or on its own by :func:`plain_affine_leaf_parameters`)."""
    if len(transforms) != 2 or transforms.get("type") != LIST:
        return None
    specs = transforms.get("specList")
    if type(specs) is not list or len(specs) != 1:
        return None
    leaf = specs[0]
    if type(leaf) is not dict or len(leaf) != 3 or leaf.get("type") != LEAF \
            or leaf.get("className") != AFFINE_CLASS:
        return None
    data = leaf.get("dataString")
    return data if type(data) is str else None


# a run of 19 digits (see jsontext: orjson may read such integers otherwise than float() reads the text)
_DIGIT_FOLDING = bytes.maketrans(b"123456789", b"000000000")
_LONG_DIGIT_RUN = b"0" * 19
# the bytes a plain dataString may hold (besides the "],[" read_plain_affine_texts puts between texts)
_PLAIN_AFFINE_BYTES = b"0123456789.+-eE "
_TEXT_SEPARATOR = b"],["


def read_plain_affine_texts(texts: list[str]) -> list[list[float]] | None:
    """The six doubles of each text (dataStrings from :func:`plain_affine_leaf_text`) as Double.parseDouble
    (and float()) read them, when every text is six plain decimal numbers separated by single spaces; None
    otherwise (the caller then reads each text on its own).

    The texts are checked and read together, with C-speed calls only (100k tiles: ~0.25 s less than float()
    per token, ~0.1 s less than checking each text): joined as one JSON array of arrays (a space becomes
    ``,``: a double, leading or trailing space is then a JSON error), the bytes outside digits, ``.+-eE``
    and the separators refused, and each array must hold six numbers, which orjson reads. Refused as
    well: a token JSON reads otherwise than float() (``+1``, ``.5``, ``1.``, ``01``... are JSON errors;
    ``-0`` is JSON's integer 0, Java's -0.0) and a 19-digit run."""
    count = len(texts)
    if not count:
        return []
    try:
        raw = "],[".join(texts).encode("ascii")
    except UnicodeEncodeError:
        return None
    # only the separators are left when every other byte is a plain one: no text holds "," "[" or "]"
    if raw.translate(None, _PLAIN_AFFINE_BYTES) != _TEXT_SEPARATOR * (count - 1) \
            or _LONG_DIGIT_RUN in raw.translate(_DIGIT_FOLDING):
        return None
    body = b"[[" + raw.replace(b" ", b",") + b"]]"
    try:
        rows = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    if len(rows) != count or min(map(len, rows)) != 6 or max(map(len, rows)) != 6:
        return None
    if raw.count(b".") == 6 * count:
        # a JSON number holds at most one ".": with one per token, every token is a fraction, which orjson
        # reads as the float float() reads (the usual text: no int to look for or convert)
        return rows
    if b"-0," in body or b"-0]" in body:
        return None
    # ints (``8192``, at most 18 digits) become the double float() reads from their text; plain lists (no
    # numpy: a process deriving only these boxes never loads it)
    return [list(map(float, row)) for row in rows]


def plain_affine_leaf_parameters(transforms: dict) -> tuple[float, ...] | None:
    """The parameters of a transform list that is exactly one plain AffineModel2D leaf (no ids, labels,
    refs), as the tile parser normalises the usual ``{"type": "list", "specList": [{className,
    dataString}]}``, when its dataString is plain (:func:`plain_affine_parameters`); None for every other
    list. Such a list needs no resolution or flattening, and its leaf passes check_leaf (AffineModel2D
    is known and not refused)."""
    text = plain_affine_leaf_text(transforms)
    return None if text is None else plain_affine_parameters(text)


def affine_parameters(spec: dict) -> tuple[float, ...]:
    """The six doubles ``m00 m10 m01 m11 m02 m12`` of an AffineModel2D leaf (trakem2 ``init``)."""
    check_leaf(spec)
    data = spec["dataString"]
    plain = plain_affine_parameters(data)
    if plain is not None:
        return plain
    if _PLAIN_AFFINE.fullmatch(data):
        return tuple(map(float, data.split()))
    fields = split(JAVA_WHITESPACE, data)
    if len(fields) != 6:
        raise BadRequest(f"Inappropriate parameters for {AFFINE_CLASS}")
    return tuple(java_parse_double(f) for f in fields)


def load_leaf(spec: dict):
    """An object whose ``tform(points)`` maps (N, 2) arrays as render-ws does; 400/500/501 on failure."""
    check_leaf(spec)
    class_name = spec["className"]
    data = spec["dataString"]
    try:
        if class_name in MAPPABLE_CLASSES or class_name in LENS_CORRECTION_ALIASES:
            from renderapi.transform import load_leaf_json

            mapped_name = LENS_CORRECTION_ALIASES.get(class_name, class_name)
            return load_leaf_json({"type": LEAF, "className": mapped_name, "dataString": data})
        if class_name in java_transforms.COMPUTED or class_name in java_transforms.INIT_REFUSED:
            return java_transforms.load(class_name, data)
    except ValueError as exc:
        raise BadRequest(str(exc)) from None
    except IndexError as exc:
        raise ServerError(str(exc) or f"{type(exc).__name__} while parsing {class_name} dataString") from None
    raise UnsupportedTransform(class_name)


def mapper(spec: dict) -> Callable:
    """A function mapping (N, 2) float arrays through one resolved, flattened (non-list) spec."""
    kind = spec.get("type", LEAF)
    if kind == INTERPOLATED:
        lam = float(spec.get("lambda") or 0.0)
        map_a = list_mapper(_as_list(spec.get("a")))
        map_b = list_mapper(_as_list(spec.get("b")))

        def interpolate(points):
            pa = map_a(points)
            return pa + lam * (map_b(points) - pa)

        return interpolate
    if kind != LEAF:
        raise ServerError(f"transform spec of type '{kind}' is not fully resolved")
    leaf = load_leaf(spec)

    def apply_leaf(points):
        # some malformed dataStrings (too few polynomial or non-linear coefficients) only fail when the
        # transform is applied; render-ws answers those with 500
        try:
            return leaf.tform(points)
        except (IndexError, ValueError) as exc:
            raise ServerError(
                str(exc) or f"{type(exc).__name__} while applying {spec['className']}"
            ) from None

    return apply_leaf


def _as_list(spec: dict | None) -> dict:
    if spec is None:
        raise ServerError("interpolated transform spec is missing a or b")
    return spec if spec.get("type") == LIST else {"type": LIST, "specList": [spec]}


def list_mapper(transforms: dict) -> Callable:
    """A function applying every spec of a resolved list in order (instantiating them all first, so the
    first bad spec decides the error, as CoordinateTransformList construction does)."""
    steps = [mapper(s) for s in flatten(transforms)["specList"]]

    def apply(points):
        for step in steps:
            points = step(points)
        return points

    return apply
