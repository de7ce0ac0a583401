"""The usual ResolvedTileSpecCollection body (and tile spec file, and dumped tile collection) read straight
into render-ws's JSON by msgspec (C).

``tile_json._usual_tile`` names the usual tile: TileSpec fields only (no channels, labels or
mipmapPathBuilder), values already of their bean types (TileSpec.java:54-74, LayoutData.java:15-43,
ImageAndMask.java:18-24), one full-scale mipmap level, a transform list of plain leaves. msgspec decodes
such a body into typed Structs, checking every type in C, and ``to_builtins`` gives exactly the dicts
``parse_resolved_tiles`` gives for it (field order, nulls left out, ``meshCellSize`` 64, bound slots for
deriveData), at about a third of the time of orjson plus the per-tile Python reader (measured at 100k
tiles). Everything else is refused here (``None``) and read the usual way, which alone decides errors
and their order: null or unknown fields, another type anywhere, shared transforms, non-finite or long
numbers (see ``jsontext.plain_numbers``), invalid text, lone surrogates, a byte-order mark, large bodies
(read piecewise so other requests run).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

import msgspec
from msgspec import UNSET, Meta, Struct, UnsetType

from render_emulator.jsontext import PIECEWISE_BYTES, plain_numbers
from render_emulator.model import tile_spec as model
from render_emulator.model.scalars import java_double, java_int32, java_string
from render_emulator.services.tile_json import DEFAULT_MESH_CELL_SIZE
from render_emulator.services.transform_specs import LEAF, LIST
from renderapi._java import INT_MAX, INT_MIN

if TYPE_CHECKING:
    from mongomock import ObjectId

_BOUNDS = ("minX", "minY", "maxX", "maxY")
# the Python type msgspec checks for each scalar reader of the model's field tables; msgspec's float
# accepts an integer number too, as Jackson's Double does (java_double: float(int)); the LoaderType
# enums have no entry: a bean sending one is not usual
_SCALAR_TYPES: dict[Any, Any] = {
    java_string: str,
    java_int32: Annotated[int, Meta(ge=INT_MIN, le=INT_MAX)],
    java_double: float,
}


def _bean_struct(bean) -> type[Struct]:
    """A Struct of ``bean``'s fields in declaration order whose builtins leave out fields not sent."""
    fields = [(name, _SCALAR_TYPES[convert] | None if convert in _SCALAR_TYPES else None, None)
              for name, convert in bean.readers()]
    return msgspec.defstruct(bean.java_type.rsplit(".", 1)[-1], fields, omit_defaults=True,
                             forbid_unknown_fields=True)


_LayoutData = _bean_struct(model.LAYOUT_DATA)
_ImageAndMask = _bean_struct(model.IMAGE_AND_MASK)


class _LeafSpec(Struct, kw_only=True, forbid_unknown_fields=True):
    type: Literal["leaf"] = LEAF
    className: str  # noqa: N815 (render-ws names)
    dataString: str  # noqa: N815


class _ListSpec(Struct, forbid_unknown_fields=True):
    type: Literal["list"]
    specList: list[_LeafSpec]  # noqa: N815


def _tile_struct(bound_slots: bool) -> type[Struct]:
    """The usual TileSpec, fields in TileSpec.java order; a field not sent is left out of its builtins
    (UNSET), but with ``bound_slots`` each bound not sent is answered as None in its place."""
    return msgspec.defstruct("TileSpec", _tile_fields(bound_slots), forbid_unknown_fields=True)


def _tile_fields(bound_slots: bool) -> list[tuple[str, Any, Any]]:
    fields: list[tuple[str, Any, Any]] = [
        ("tileId", str | UnsetType, UNSET),
        ("layout", _LayoutData | UnsetType, UNSET),
        ("groupId", str | UnsetType, UNSET),
    ]
    for name in model.DOUBLE_FIELDS:
        if bound_slots and name in _BOUNDS:
            fields.append((name, float | None, None))
        else:
            fields.append((name, float | UnsetType, UNSET))
    fields += [
        ("mipmapLevels", dict[Literal["0"], _ImageAndMask], msgspec.field(default_factory=dict)),
        ("transforms", _ListSpec, msgspec.field(default_factory=lambda: _ListSpec(LIST, []))),
        ("meshCellSize", float, DEFAULT_MESH_CELL_SIZE),
    ]
    return fields


def _collection_decoder(bound_slots: bool) -> msgspec.json.Decoder:
    no_shared_transforms = Annotated[dict[str, Any], Meta(max_length=0)]
    collection = msgspec.defstruct("ResolvedTileSpecCollection", [
        ("transformIdToSpecMap", no_shared_transforms | None, None),
        ("tileIdToSpecMap", dict[str, _tile_struct(bound_slots)] | None, None),
    ], forbid_unknown_fields=True)
    return msgspec.json.Decoder(collection)


_DECODERS = {bound_slots: _collection_decoder(bound_slots) for bound_slots in (False, True)}
# a tile spec file (ImportJsonClient's input): a JSON array of usual tiles, their bounds derived next
_TILE_ARRAY = msgspec.json.Decoder(list[_tile_struct(True)])


def read_usual_resolved_tiles(raw: bytes, bound_slots: bool = False) -> tuple[dict, list[dict]] | None:
    """``parse_resolved_tiles(parse_json(raw), bound_slots)`` for a usual body (see above); None for any
    other, which must be read the usual way."""
    if len(raw) > PIECEWISE_BYTES or not plain_numbers(raw):
        return None
    try:
        collection = _DECODERS[bound_slots].decode(raw)
    except (msgspec.ValidationError, msgspec.DecodeError, RecursionError):
        return None
    tiles = collection.tileIdToSpecMap
    return {}, [] if tiles is None else msgspec.to_builtins(list(tiles.values()))


def read_usual_tile_array(raw: bytes) -> list[dict] | None:
    """The tiles ``parse_tile_spec(value, bound_slots=True)`` gives for each value of a tile spec file that is
    a JSON array of usual tiles (no null member), as an emulated ImportJsonClient reads it; None for any
    other file, which must be read the usual way (it alone decides refusals). As for stored tiles, no number
    pre-check (msgspec refuses a number beyond the double range and rounds long digit runs as json plus
    java_double do) and no size limit (a client process reads one file and serves no other request)."""
    try:
        return msgspec.to_builtins(_TILE_ARRAY.decode(raw))
    except (msgspec.ValidationError, msgspec.DecodeError, RecursionError):
        return None


class _ObjectIdWrapper(Struct, forbid_unknown_fields=True):
    """Extended JSON's ``{"$oid": hex}``, as mongoexport writes every document's ``_id``."""

    oid: str = msgspec.field(name="$oid")


# a mongoexport --jsonArray file of usual stored tiles: the usual TileSpec after its ``_id``
_STORED_TILES = msgspec.json.Decoder(list[msgspec.defstruct(
    "StoredTileSpec", [("_id", _ObjectIdWrapper), *_tile_fields(False)], forbid_unknown_fields=True)])


def read_usual_stored_tiles(text: str) -> list[tuple[ObjectId, dict]] | None:
    """(``_id``, parse_tile_spec's tile) of each document of a tile collection file that is a JSON array of
    usual tiles, each with an ObjectId ``_id`` and a ``tileId`` (what ``render-emulator dump`` writes); None
    for any other file, which must be read the usual way (it alone decides refusals). msgspec reads numbers
    into Double fields exactly as json plus java_double do (checked for long digit runs and exponents), so
    no number pre-check is needed here. The ``_id`` values are bson ObjectIds (mongomock's, imported here
    only: the emulated clients read tile files with this module and never load the store's modules)."""
    from mongomock import ObjectId

    try:
        documents = msgspec.to_builtins(_STORED_TILES.decode(text.encode("utf-8")))
    except (msgspec.ValidationError, msgspec.DecodeError, RecursionError, UnicodeEncodeError):
        return None
    try:
        ids = [ObjectId(document.pop("_id")["$oid"]) for document in documents]
    except Exception:  # bson's InvalidId or TypeError (mongo_export._unwrap_object_ids reads them alike)
        return None
    if not all("tileId" in document for document in documents):
        return None
    return list(zip(ids, documents, strict=True))
