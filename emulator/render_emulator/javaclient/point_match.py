"""org.janelia.render.client.PointMatchClient (render-ws-java-client/.../PointMatchClient.java): render each
distinct canvas URL's render parameters at ``--renderScale``, extract SIFT features, match every URL pair,
filter the candidates for ``--matchModelType`` and store the inliers (full-scale canvas coordinates) through
``PUT owner/{owner}/matchCollection/{collection}/matches`` or into ``--matchStorageFile``.

Canvases are rendered locally through the emulator's image code from the render parameters the URL answers;
features come from OpenCV's SIFT (services/matching/sift.py says how mpicbg's parameters are mapped).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from urllib.parse import unquote, urlparse

import numpy as np
import requests

from render_emulator.errors import RenderWsError
from render_emulator.javaclient.data_client import TIMEOUT_S, ClientError, RenderDataClient
from render_emulator.javaclient.files import without_nulls
from render_emulator.javaclient.options import (
    CommandLine,
    MainParameter,
    Option,
    choice,
    java_boolean,
    java_double,
    java_integer,
)
from render_emulator.javaclient.runner import EmulatedClient, log
from render_emulator.services.image_encoding import encode
from render_emulator.services.matching.canvas_matcher import (
    clip_render_parameters,
    derive_match_result,
    inlier_canvas_matches,
)
from render_emulator.services.matching.match_filter import FILTER_TYPES, FilterOptions
from render_emulator.services.matching.models import MODEL_TYPES
from render_emulator.services.matching.sift import Features, SiftParameters, extract_features
from render_emulator.services.renderer import parse_render_parameters, render_canvas
from renderapi._java import java_number_text

CLASS_NAME = "org.janelia.render.client.PointMatchClient"
POSITIONS = ("TOP", "BOTTOM", "LEFT", "RIGHT")
OPPOSITE = {"TOP": "BOTTOM", "BOTTOM": "TOP", "LEFT": "RIGHT", "RIGHT": "LEFT"}
DEBUG_FORMATS = {"JPG": "jpeg-image", "PNG": "png-image", "TIF": "tiff-image"}


def java_float(text: str) -> float:
    """A JCommander Float value (Java float precision)."""
    return float(np.float32(java_double(text)))


def match_derivation_options() -> list[Option]:
    """MatchDerivationParameters (render-app/.../match/parameters/MatchDerivationParameters.java). Its
    setDefaults is not applied: PointMatchClient never calls it (see :func:`filter_options`)."""
    return [
        Option("--matchRod", "Ratio of distances for matches", convert=java_float),
        Option("--matchModelType", "Type of model for match filtering", convert=choice(*MODEL_TYPES)),
        Option("--matchRegularizerModelType", "Type of regularizer model for interpolated match filtering "
               "(omit for standard filtering)", convert=choice(*MODEL_TYPES)),
        Option("--matchInterpolatedModelLambda", "Lambda for interpolated match filtering (omit for standard "
               "filtering)", convert=java_double),
        Option("--matchIterations", "Match filter iterations", convert=java_integer),
        Option("--matchMaxEpsilon",
               "Minimal allowed transfer error for match filtering in render scale pixels",
               convert=java_float),
        Option("--matchMaxEpsilonFullScale",
               "Minimal allowed transfer error for match filtering in full scale pixels.  "
               "If specified, will override --matchMaxEpsilon value.", convert=java_float),
        Option("--matchMinInlierRatio", "Minimal ratio of inliers to candidates for match filtering",
               convert=java_float),
        Option("--matchMinNumInliers", "Minimal absolute number of inliers for match filtering",
               convert=java_integer),
        Option("--matchMaxNumInliers", "Maximum number of inliers for match filtering", convert=java_integer),
        Option("--matchMaxTrust", "Reject match candidates with a cost larger than maxTrust * median cost",
               convert=java_double),
        Option("--matchFilter", "Identifies if and how matches should be filtered",
               convert=choice(*FILTER_TYPES), default="SINGLE_SET"),
        Option("--matchFullScaleCoverageRadius", "Full scale radius to use for coverage analysis",
               convert=java_double),
        Option("--matchMinCoveragePercentage",
               "Minimum covered pixel percentage for storage.  Omit parameter to ignore coverage.",
               convert=java_double),
    ]


def feature_extraction_options() -> list[Option]:
    """FeatureExtractionParameters (defaults applied in :func:`sift_parameters`)."""
    return [
        Option("--SIFTfdSize", "SIFT feature descriptor size: how many samples per row and column",
               convert=java_integer),
        Option("--SIFTminScale", "SIFT minimum scale: minSize * minScale < size < maxSize * maxScale",
               convert=java_double),
        Option("--SIFTmaxScale", "SIFT maximum scale: minSize * minScale < size < maxSize * maxScale",
               convert=java_double),
        Option("--SIFTsteps", "SIFT steps per scale octave", convert=java_integer),
    ]


def command_line() -> CommandLine:
    return CommandLine(CLASS_NAME, [
        Option("--baseDataUrl", "Base web service URL for data (e.g. http://host[:port]/render-ws/v1)",
               required=True),
        Option("--owner", "Match collection owner", required=True),
        Option("--collection", "Match collection name", required=True),
        *match_derivation_options(),
        *feature_extraction_options(),
        Option("--clipWidth",
               "Number of full scale pixels to include in rendered clips of LEFT/RIGHT oriented "
               "montage tiles",
               convert=java_integer),
        Option("--clipHeight",
               "Number of full scale pixels to include in rendered clips of TOP/BOTTOM oriented "
               "montage tiles",
               convert=java_integer),
        Option("--firstCanvasPosition",
               "When clipping, identifies the relative position of the first canvas to the second canvas",
               convert=choice(*POSITIONS)),
        Option("--renderScale", "Render canvases at this scale", convert=java_double, default=1.0),
        Option("--fillWithNoise", "Fill each canvas image with noise before rendering to improve point match "
               "derivation", convert=java_boolean, default=True),
        Option("--renderFileFormat",
               "Format for saved canvases (only relevant if debugDirectory is specified)",
               convert=choice(*DEBUG_FORMATS), default="JPG"),
        Option("--numberOfThreads", "Number of threads to use for processing", convert=java_integer,
               default=1),
        Option("--matchStorageFile", "File to store matches (omit if matches should be stored through web "
               "service)"),
        Option("--canvasGroupIdAlgorithm", "Algorithm for deriving canvas group ids",
               convert=choice("FIRST_TILE_SECTION_ID", "FIRST_TILE_Z", "COLLECTION"),
               default="FIRST_TILE_SECTION_ID"),
        Option("--canvasIdAlgorithm", "Algorithm for deriving canvas ids",
               convert=choice("FIRST_TILE_ID", "FIRST_TILE_Z", "CANVAS_NAME"), default="FIRST_TILE_ID"),
        Option("--debugDirectory", "Directory to save rendered canvases for debugging (omit to keep rendered "
               "data in memory only)"),
    ], MainParameter("canvas_1_URL canvas_2_URL [canvas_p_URL canvas_q_URL] ... (each URL pair identifies "
                     "render parameters for canvas pairs)", required=True))


# ------------------------------------------------------------------------------------------ parameters
def sift_parameters(values: dict) -> SiftParameters:
    """FeatureExtractionParameters.setDefaults."""
    def given(name: str, default):
        return default if values[name] is None else values[name]
    return SiftParameters(fd_size=given("SIFTfdSize", 8), min_scale=given("SIFTminScale", 0.5),
                          max_scale=given("SIFTmaxScale", 0.85), steps=given("SIFTsteps", 3))


# MatchDerivationParameters.setDefaults is never called by PointMatchClient (PointMatchClient.java:240-255
# parses and runs; only match trials and the multi-stage clients call validateAndSetDefaults), so an option
# left out stays a null Float/Integer/Double that the matcher unboxes into a primitive field.
_FILTER_UNBOXED = (
    ("matchIterations", "MatchFilter.java:59"),
    ("matchMaxEpsilon", "MatchFilter.java:60"),
    ("matchMinInlierRatio", "MatchFilter.java:61"),
    ("matchMinNumInliers", "MatchFilter.java:62"),
    ("matchMaxTrust", "MatchFilter.java:63"),
)


def _null_pointer(option: str, where: str) -> ClientError:
    return ClientError(f"java.lang.NullPointerException (--{option} was not given and render's "
                       f"PointMatchClient applies no default; {where} unboxes the null value)")


def match_rod(values: dict) -> float:
    """CanvasFeatureMatcher's rod (a float field; null when --matchRod is omitted)."""
    if values["matchRod"] is None:
        raise _null_pointer("matchRod", "CanvasFeatureMatcher.java:32")
    return values["matchRod"]


def filter_options(values: dict, render_scale: float) -> FilterOptions:
    """MatchFilter's view of MatchDerivationParameters, read in the order its constructor unboxes them
    (MatchFilter.java:56-65); max epsilon at render scale as getMatchMaxEpsilonForRenderScale computes it in
    float."""
    if values["matchInterpolatedModelLambda"] is not None or values["matchRegularizerModelType"] is not None:
        raise ClientError("render-emulator java client: PointMatchClient interpolated match filtering "
                          "(--matchRegularizerModelType, --matchInterpolatedModelLambda) is not emulated")
    if values["matchMaxEpsilonFullScale"] is not None:
        max_epsilon = float(np.float32(values["matchMaxEpsilonFullScale"]) * np.float32(render_scale))
    else:
        max_epsilon = values["matchMaxEpsilon"]
    for option, where in _FILTER_UNBOXED:
        value = max_epsilon if option == "matchMaxEpsilon" else values[option]
        if value is None:
            if option == "matchMaxEpsilon":
                option = "matchMaxEpsilon (or --matchMaxEpsilonFullScale)"
            raise _null_pointer(option, where)
    if values["matchModelType"] is None and values["matchFilter"] != "NONE":
        # MatchFilter.getModel calls modelType.getInstance() (MatchFilter.java:167)
        raise _null_pointer("matchModelType", "MatchFilter.java:167")
    return FilterOptions(model_type=values["matchModelType"] or "AFFINE",
                         iterations=values["matchIterations"], max_epsilon=max_epsilon,
                         min_inlier_ratio=values["matchMinInlierRatio"],
                         min_num_inliers=values["matchMinNumInliers"],
                         max_trust=values["matchMaxTrust"], max_num_inliers=values["matchMaxNumInliers"],
                         filter_type=values["matchFilter"])


# ------------------------------------------------------------------------------------------ canvases
@dataclass
class Canvas:
    """PointMatchClient.CanvasData: the canvas' render parameters, ids, clip offsets and features."""

    url: str
    render_parameters: dict
    group_id: str
    canvas_id: str
    clip_offsets: tuple[float, float]
    features: Features | None = None


def load_render_parameters(url: str, session: requests.Session) -> dict:
    """RenderParameters.loadFromUrl: an http(s) URL, a file: URL or a path."""
    parsed = urlparse(url)
    try:
        if parsed.scheme in ("http", "https"):
            response = session.get(url, timeout=TIMEOUT_S)
            if response.status_code != 200:
                raise ClientError(f"failed to load render parameters from {url}: "
                                  f"HTTP {response.status_code}, {response.text}")
            return response.json()
        path = unquote(parsed.path) if parsed.scheme == "file" else url
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError, requests.RequestException) as error:
        raise ClientError(f"failed to load render parameters from {url}: {error}") from None


def _z_id(tile: dict, default: str) -> str:
    """getTileZId: String.valueOf(z) with ``.0`` added when it has no point."""
    z = tile.get("z")
    if z is None:
        return default
    text = java_number_text(float(z))
    return text if "." in text else text + ".0"


def canvas_group_id(values: dict, params: dict) -> str:
    """Parameters.getCanvasGroupId."""
    tiles = params.get("tileSpecs") or []
    group_id = None
    if tiles:
        algorithm = values["canvasGroupIdAlgorithm"]
        if algorithm == "FIRST_TILE_SECTION_ID":
            layout = tiles[0].get("layout")
            group_id = values["collection"] if layout is None else layout.get("sectionId")
        elif algorithm == "FIRST_TILE_Z":
            group_id = _z_id(tiles[0], values["collection"])
    return values["collection"] if group_id is None else group_id


def canvas_id(values: dict, params: dict, canvas_name: str) -> str:
    """Parameters.getCanvasId."""
    tiles = params.get("tileSpecs") or []
    found = None
    if tiles:
        if values["canvasIdAlgorithm"] == "FIRST_TILE_ID":
            found = tiles[0].get("tileId")
        elif values["canvasIdAlgorithm"] == "FIRST_TILE_Z":
            found = _z_id(tiles[0], canvas_name)
    return canvas_name if found is None else found


def load_canvas(url: str, index: int, values: dict, session: requests.Session) -> Canvas:
    """PointMatchClient.CanvasData's constructor."""
    position = None
    if values["clipWidth"] is not None or values["clipHeight"] is not None:
        first = values["firstCanvasPosition"]
        position = first if index == 0 else OPPOSITE[first]
    params, offsets = clip_render_parameters(load_render_parameters(url, session), position,
                                             values["clipWidth"], values["clipHeight"])
    params["scale"] = values["renderScale"]
    name = f"c_{index:05d}"
    return Canvas(url, params, canvas_group_id(values, params), canvas_id(values, params, name), offsets)


def extract(canvas: Canvas, sift: SiftParameters, debug_file: str | None, debug_format: str) -> Features:
    """CanvasFeatureExtractor.extractFeatures: render the canvas (its mask marks what tiles cover), then SIFT.
    Features are found on the rendered intensities; noise filling is not applied (render's feature rendering
    path, Renderer.renderImageProcessorWithMasks without a debug file, draws no noise either)."""
    try:
        params = parse_render_parameters({**canvas.render_parameters, "fillWithNoise": False})
        rendered = render_canvas(params)
    except RenderWsError as error:
        raise ClientError(str(getattr(error, "message", None) or error)) from None
    if debug_file is not None:
        encoded = encode(rendered, debug_format, bool(params.get("convertToGray")),
                         float(params.get("quality", 0.85)))
        with open(debug_file, "wb") as handle:
            handle.write(encoded.data)
    features = extract_features(rendered.gray8(), rendered.alpha, sift)
    log(f"extractFeatures: exit, extracted {len(features)} features for canvas {canvas.group_id}__"
        f"{canvas.canvas_id}")
    return features


# ------------------------------------------------------------------------------------------ run
def check_arguments(values: dict) -> str | None:
    """PointMatchClient's constructor checks; returns the validated debug directory."""
    urls = values["main"]
    if len(urls) % 2 != 0:
        raise ClientError("odd number of canvas URLs specified, URLs must be paired")
    directory = None
    if values["debugDirectory"] is not None:
        directory = os.path.realpath(values["debugDirectory"])
        try:
            os.makedirs(directory, exist_ok=True)
        except OSError:
            raise ClientError(f"failed to create debugDirectory {directory}") from None
    if values["clipWidth"] is not None or values["clipHeight"] is not None:
        if len(urls) != 2:
            raise ClientError("clipping is only supported for single pair runs")
        if values["firstCanvasPosition"] is None:
            raise ClientError("--firstCanvasPosition must be specified for clipping")
    return directory


def save_matches(values: dict, pairs: list[dict]) -> None:
    """PointMatchClient.saveMatches: pairs with matches go to --matchStorageFile or the web service."""
    kept = [pair for pair in pairs if len(pair["matches"]["w"]) > 0]
    if len(pairs) > len(kept):
        log(f"saveMatches: filtered out {len(pairs) - len(kept)} pairs with no matches")
    if not kept:
        log("saveMatches: no pairs have matches so there is nothing to save")
        return
    if values["matchStorageFile"] is not None:
        texts = [json.dumps(without_nulls(pair), indent=2) for pair in kept]
        with open(values["matchStorageFile"], "w", encoding="utf-8") as handle:
            handle.write("[\n" + ",\n".join(texts) + "\n]\n")
        return
    client = RenderDataClient(values["baseDataUrl"], values["owner"], values["collection"])
    url = f"{client.match_collection_url(values['collection'])}/matches"
    log(f"saveMatches: submitting PUT {url} for {len(kept)} pair(s)")
    client.put_created(url, kept)


def run(values: dict) -> None:
    directory = check_arguments(values)
    session = requests.Session()
    canvases: dict[str, Canvas] = {}
    for url in values["main"]:
        if url not in canvases:
            canvases[url] = load_canvas(url, len(canvases), values, session)
    log(f"extractFeatures: entry, extracting from {len(canvases)} canvases")
    sift = sift_parameters(values)
    for canvas in canvases.values():
        debug_file = None
        if directory is not None:
            debug_file = os.path.join(directory, f"{canvas.canvas_id}.{values['renderFileFormat'].lower()}")
        canvas.features = extract(canvas, sift, debug_file, DEBUG_FORMATS[values["renderFileFormat"]])
    rod = match_rod(values)   # new CanvasFeatureMatcher(...) reads the rod before building its MatchFilter
    options = filter_options(values, values["renderScale"])
    urls = values["main"]
    pairs: list[dict] = []
    for index in range(1, len(urls), 2):
        p, q = canvases[urls[index - 1]], canvases[urls[index]]
        result = derive_match_result(p.features, q.features, rod, options)
        log(f"deriveMatchResult: {p.group_id}__{p.canvas_id} x {q.group_id}__{q.canvas_id}: "
            f"{result.total_inliers} inliers from {result.candidate_count} candidates")
        pairs += inlier_canvas_matches(result, p.group_id, p.canvas_id, q.group_id, q.canvas_id,
                                       values["renderScale"], p.clip_offsets, q.clip_offsets)
    save_matches(values, pairs)


CLIENT = EmulatedClient(CLASS_NAME, command_line, run)
