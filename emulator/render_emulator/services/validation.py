"""render-ws ValidationService: parse posted JSON as a render model object, validate it and answer with
render-ws's text (``Successfully parsed … Parsed value is: ….`` or ``Failed to parse … Specific error
is: …``). Every failure, whatever its cause, is a 400 with the Throwable's message."""

from __future__ import annotations

import json
import os
import random
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlparse

import numpy as np

from render_emulator.errors import RenderWsError
from render_emulator.model.render_parameters import render_parameters_type
from render_emulator.model.types import ListOf, Scalar
from render_emulator.services.data_roots import UNCONFINED, DataRoots
from render_emulator.services.image_and_mask import validate_mipmaps
from render_emulator.services.tile_json import parse_tile_spec
from render_emulator.services.transform_specs import parse_transform_spec
from render_emulator.services.transform_validation import (
    JavaFailure,
    object_text,
    resolve_references,
    spec_node,
    validate_spec,
)
from renderapi._java import java_number_text

TILE_CLASS = "org.janelia.alignment.spec.TileSpec"
TRANSFORM_CLASS = "org.janelia.alignment.spec.TransformSpec"
RENDER_CONTEXT = "org.janelia.alignment.RenderParameters instance"
TILE_CONTEXT = f"{TILE_CLASS} instance"
TILE_ARRAY_CONTEXT = f"array of {TILE_CLASS} instances"
TRANSFORM_CONTEXT = f"{TRANSFORM_CLASS} instance"
TRANSFORM_ARRAY_CONTEXT = f"array of {TRANSFORM_CLASS} instances"

PARSE_JSON_FAILURE = "failed to parse json text"
DEFAULT_MESH_CELL_SIZE = 64.0
DEFAULT_SIZE = 256
DEFAULT_QUALITY = np.float32(0.85)
URL_FETCH_TIMEOUT_SECONDS = 30.0

_JACKSON = "com.fasterxml.jackson"
# Jackson exception classes by the start of their message (the message is what our parsers say)
_JACKSON_EXCEPTIONS = (
    ("Could not resolve type id", f"{_JACKSON}.databind.exc.InvalidTypeIdException"),
    ("Cannot deserialize Map key", f"{_JACKSON}.databind.exc.InvalidFormatException"),
    # the parser's InputCoercionException, wrapped with its path by BeanDeserializerBase.wrapAndThrow
    # (WRAP_EXCEPTIONS is on): every number validate-json reads is a field of a bean
    ("Numeric value", f"{_JACKSON}.databind.JsonMappingException"),
)
_INVALID_FORMAT = re.compile(r"Cannot deserialize value of type `[^`]+` from (?:String |number )")
# characters java.net.URI refuses anywhere in a URI, and '%' not starting an escape
_URI_ILLEGAL = re.compile(r"[\s\"<>\\^`{|}]|%(?![0-9A-Fa-f]{2})")


@dataclass(frozen=True)
class ValidationAnswer:
    """The text/plain answer of one validate-json request."""

    status: int
    text: str


def success(context: str, value: str) -> ValidationAnswer:
    return ValidationAnswer(
        200, f"Successfully parsed {context} from JSON text.  Parsed value is: {value}.\n")


def failure(context: str, message: str) -> ValidationAnswer:
    return ValidationAnswer(400, f"Failed to parse {context} from JSON text.  Specific error is: {message}\n")


# ============================================================================ Jackson reading
def _jackson_value(text: str) -> Any:
    """The first JSON value of ``text`` (trailing content ignored, as ObjectMapper.readValue does)."""
    stripped = text.lstrip()
    if not stripped:
        raise JavaFailure(f"{_JACKSON}.databind.exc.MismatchedInputException: No content to map due to "
                          "end-of-input")
    try:
        value, _ = json.JSONDecoder().raw_decode(stripped)
    except ValueError as exc:
        raise JavaFailure(f"{_JACKSON}.core.JsonParseException: {exc}") from None
    return value


def _jackson_text(exc: RenderWsError) -> str:
    """``IllegalArgumentException(jacksonException).getMessage()``: the cause's class and message."""
    for prefix, class_name in _JACKSON_EXCEPTIONS:
        if exc.message.startswith(prefix):
            return f"{class_name}: {exc.message}"
    if _INVALID_FORMAT.match(exc.message):
        return f"{_JACKSON}.databind.exc.InvalidFormatException: {exc.message}"
    return f"{_JACKSON}.databind.exc.MismatchedInputException: {exc.message}"


def _read(text: str, convert) -> Any:
    value = _jackson_value(text)
    try:
        return convert(value)
    except RenderWsError as exc:
        raise JavaFailure(_jackson_text(exc)) from None


def _tile(value: Any) -> dict | None:
    return None if value is None else parse_tile_spec(value)


_TILE_SPEC = Scalar(TILE_CLASS, _tile)
_tile_array = ListOf(_TILE_SPEC, f"{TILE_CLASS}[]").read
_transform_array = ListOf(Scalar(TRANSFORM_CLASS, parse_transform_spec), f"{TRANSFORM_CLASS}[]").read
_RENDER_PARAMETERS = render_parameters_type(_TILE_SPEC)


def _required(value: Any) -> Any:
    if value is None:
        raise JavaFailure(None)  # NullPointerException: the JSON text was `null`
    return value


# ============================================================================ tiles and transforms
def validate_tile_spec(tile: dict | None, roots: DataRoots = UNCONFINED) -> None:
    """TileSpec.validate: mipmaps (image and mask files, inside ``roots``), then the transforms as they are
    (refs cannot resolve here)."""
    tile = _required(tile)
    try:
        validate_mipmaps(tile, roots)
    except RenderWsError as exc:
        raise JavaFailure(exc.message) from None
    validate_spec(spec_node(tile.get("transforms")))


def _answer(context: str, run) -> ValidationAnswer:
    try:
        return success(context, run())
    except JavaFailure as exc:
        return failure(context, exc.text)


def validate_tile_json(text: str, roots: DataRoots = UNCONFINED) -> ValidationAnswer:
    def run() -> str:
        tile = _required(_read(text, _tile))
        validate_tile_spec(tile, roots)
        return "null" if tile.get("tileId") is None else tile["tileId"]
    return _answer(TILE_CONTEXT, run)


def validate_tile_array_json(text: str, roots: DataRoots = UNCONFINED) -> ValidationAnswer:
    def run() -> str:
        tiles = _required(_read(text, _tile_array))
        for tile in tiles:
            try:
                validate_mipmaps(_required(tile), roots)
            except RenderWsError as exc:
                raise JavaFailure(exc.message) from None
        return f"array of {len(tiles)} tile specifications"
    return _answer(TILE_ARRAY_CONTEXT, run)


def validate_transform_json(text: str) -> ValidationAnswer:
    def run() -> str:
        node = _required(spec_node(_read(text, parse_transform_spec)))
        validate_spec(node)
        return object_text(node, random.getrandbits(31))
    return _answer(TRANSFORM_CONTEXT, run)


def validate_transform_array_json(text: str) -> ValidationAnswer:
    def run() -> str:
        nodes = [spec_node(s) for s in _required(_read(text, _transform_array))]
        by_id = {n.spec_id: n for n in nodes if n is not None and n.spec_id is not None}
        for node in nodes:
            resolve_references(_required(node), by_id)
            validate_spec(node)
        return f"array of {len(nodes)} transform specifications"
    return _answer(TRANSFORM_ARRAY_CONTEXT, run)


# ============================================================================ RenderParameters
def _filter_spec_text(spec: dict | None) -> str:
    """FilterSpec.toString = toJson (JsonUtils.MAPPER: indented, "key" : value, null fields omitted)."""
    if spec is None:
        return "null"
    if not spec:
        return "{ }"
    return json.dumps(spec, indent=2, separators=(",", " : "), ensure_ascii=False)


_DEFAULTS = {
    "tileSpecUrl": None, "meshCellSize": DEFAULT_MESH_CELL_SIZE, "in": None, "out": None, "x": 0.0,
    "y": 0.0, "width": DEFAULT_SIZE, "height": DEFAULT_SIZE, "scale": 1.0, "areaOffset": False,
    "convertToGray": False, "quality": DEFAULT_QUALITY, "doFilter": False, "binaryMask": False,
    "excludeMask": False, "backgroundRGBColor": None, "mipmapPathBuilder": None, "tileSpecs": [],
    "filterSpecs": None,
}


def parse_render_parameters(value: Any) -> dict | None:
    """RenderParameters.parseJson: constructor defaults, then the JSON's known fields (any mismatch is
    ``failed to parse json text``)."""
    if value is None:
        return None
    try:
        return {**_DEFAULTS, **_RENDER_PARAMETERS.read_present(value)}
    except RenderWsError:
        raise JavaFailure(PARSE_JSON_FAILURE) from None


def _tile_spec_url(url: str) -> str:
    """``Utils.convertPathOrUriStringToUri(url).toURL()`` as text (paths become ``file:`` URLs)."""
    parsed = urlparse(url)
    if parsed.scheme == "":
        return "file:" + os.path.abspath(url)
    if parsed.scheme == "file":
        return "file:" + unquote(parsed.path)
    if parsed.scheme not in ("http", "https", "ftp", "jar"):
        raise JavaFailure(
            f"failed to convert URI '{url}' built from tile specification URL parameter '{url}'")
    return url


def _load_tile_specs(url: str, roots: DataRoots = UNCONFINED) -> list[dict | None]:
    """RenderParameters.parseTileSpecs for a ``tileSpecUrl``: read the URL, parse a TileSpec array. A local
    file outside ``roots`` fails as a missing one; http(s) URLs are fetched as render-ws fetches them."""
    location = _tile_spec_url(url)
    try:
        if location.startswith("file:"):
            readable = roots.readable_path(location[len("file:"):])
            if readable is None:
                raise FileNotFoundError(location)
            with open(readable, encoding="utf-8") as stream:
                text = stream.read()
        else:
            with urllib.request.urlopen(location, timeout=URL_FETCH_TIMEOUT_SECONDS) as stream:
                text = stream.read().decode("utf-8")
    except (OSError, urllib.error.URLError, ValueError, UnicodeDecodeError):
        raise JavaFailure(f"failed to load tile specification from {location}") from None
    try:
        return _required(_read(text, _tile_array))
    except JavaFailure:
        raise JavaFailure(f"failed to parse tile specification loaded from {location}") from None


def _reads_tile_specs_from_url(params: dict) -> bool:
    return params["tileSpecUrl"] is not None and not params["tileSpecs"]


def initialize_and_validate(params: dict, roots: DataRoots = UNCONFINED) -> None:
    """initializeDerivedValues (tile specs loaded from ``tileSpecUrl``) then validate: ``out`` must be a
    URI, every tile spec must validate (local files only inside ``roots``)."""
    if _reads_tile_specs_from_url(params):
        params["tileSpecs"] = _load_tile_specs(params["tileSpecUrl"], roots)
    out = params["out"]
    if out is not None and _URI_ILLEGAL.search(out):
        raise JavaFailure(f"failed to create uniform resource identifier for '{out}'")
    for tile in _required(params["tileSpecs"]):
        validate_tile_spec(tile, roots)


def _float_text(value: np.float32) -> str:
    """Java's ``Float.toString``."""
    return java_number_text(float(str(np.float32(value))))


def render_parameters_text(params: dict) -> str:
    """RenderParameters.toString: only the values that differ from the defaults."""
    parts = []
    if _reads_tile_specs_from_url(params):
        parts.append(f"tileSpecUrl='{params['tileSpecUrl']}'")
    elif params["tileSpecs"] is not None:
        parts.append(f"tileSpecs=[{len(params['tileSpecs'])} items]")
    if params["mipmapPathBuilder"] is not None:
        builder = json.dumps(params["mipmapPathBuilder"], indent=2, separators=(",", " : "))
        parts.append(f"mipmapPathBuilder={builder if params['mipmapPathBuilder'] else '{ }'}")
    if params["filterSpecs"] is not None:  # RenderParameters.java:781-783, a List's toString
        parts.append(f"filterSpecs=[{', '.join(_filter_spec_text(spec) for spec in params['filterSpecs'])}]")
    for name, default in (("x", 0.0), ("y", 0.0)):
        if params[name] != default:
            parts.append(f"{name}={java_number_text(params[name])}")
    for name in ("width", "height"):
        if params[name] != DEFAULT_SIZE:
            parts.append(f"{name}={params[name]}")
    if params["scale"] != 1.0:
        parts.append(f"scale={java_number_text(params['scale'])}")
    if params["meshCellSize"] != DEFAULT_MESH_CELL_SIZE:
        parts.append(f"res={java_number_text(params['meshCellSize'])}")
    if params["quality"] != DEFAULT_QUALITY:
        parts.append(f"quality={_float_text(params['quality'])}")
    for name, label in (("areaOffset", "areaOffset"), ("convertToGray", "convertToGray"),
                        ("doFilter", "filter"), ("binaryMask", "binaryMask"), ("excludeMask", "excludeMask")):
        if params[name]:
            parts.append(f"{label}=true")
    if params["backgroundRGBColor"] is not None:
        parts.append(f"backgroundRGBColor={params['backgroundRGBColor']}")
    for name in ("in", "out"):
        if params[name] is not None:
            parts.append(f"{name}='{params[name]}'")
    return "{" + ", ".join(parts) + "}"


def validate_render_parameters_json(text: str, roots: DataRoots = UNCONFINED) -> ValidationAnswer:
    def run() -> str:
        try:
            value = _jackson_value(text)
        except JavaFailure:
            raise JavaFailure(PARSE_JSON_FAILURE) from None
        params = _required(parse_render_parameters(value))
        initialize_and_validate(params, roots)
        return render_parameters_text(params)
    return _answer(RENDER_CONTEXT, run)
