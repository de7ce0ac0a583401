"""render-ws MatchService match trials (render-ws/.../MatchService.java:681-760) with render-app's
MatchTrial (render-app/.../match/MatchTrial.java:81-143): derive SIFT matches for one canvas pair from its
render-parameters URLs, store the trial in ``match.aaa_match_trial`` and answer it with its id, matches and
stats.

The canvases are fetched from the render-parameters URLs rebuilt as StageMatchingResources does (the URL up
to ``/render-parameters`` plus scale/filter/excludeMask/normalizeForMatching read from the P URL), rendered
with the emulator's image code and matched with the shared engine (services/matching). Geometric descriptor
matching and interpolated match filtering are not implemented (400).
"""

from __future__ import annotations

import math
import re
import time
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import numpy as np
import requests

from render_emulator.errors import BadRequest, NotFound, RenderWsError, ServerError
from render_emulator.model import expect_object
from render_emulator.model.scalars import java_double, java_enum, java_int, java_string
from render_emulator.services.data_roots import UNCONFINED, DataRoots
from render_emulator.services.image_encoding import Canvas
from render_emulator.services.matching.canvas_matcher import (
    clip_render_parameters,
    derive_match_result,
    to_matches,
)
from render_emulator.services.matching.match_filter import FILTER_TYPES, FilterOptions
from render_emulator.services.matching.models import MODEL_TYPES
from render_emulator.services.matching.quality import InsufficientMatches, quality_stats
from render_emulator.services.matching.sift import SiftParameters, extract_features
from render_emulator.services.pair_order import java_less
from render_emulator.services.renderer import parse_render_parameters, render_canvas
from render_emulator.store import RenderStore
from renderapi._java import java_number_text

TILE_URL = re.compile(r"(.*/tile/)([^/]+)(/render-parameters).*", re.DOTALL)  # MatchTrial.java:179
OBJECT_ID = re.compile(r"[0-9a-fA-F]{24}")
POSITIONS = ("TOP", "BOTTOM", "LEFT", "RIGHT")
OPPOSITE = {"TOP": "BOTTOM", "BOTTOM": "TOP", "LEFT": "RIGHT", "RIGHT": "LEFT"}
TRIAL_GROUP_ID = "trial"
FETCH_TIMEOUT_S = 300.0
_PARAMETERS_TYPE = "org.janelia.alignment.match.parameters"
SIFT_FIELDS = (
    ("fdSize", java_int),
    ("minScale", java_double),
    ("maxScale", java_double),
    ("steps", java_int),
)
SIFT_DEFAULTS = {"fdSize": 8, "minScale": 0.5, "maxScale": 0.85, "steps": 3}


def java_float(value: Any) -> float | None:
    """A JSON number read into a java.lang.Float (MatchDerivationParameters.java:47,80,91,102): rounded to
    float precision and kept as the double whose shortest text is Float.toString's, so the stored and
    answered parameters show what Jackson writes for the Float (``0.12345679`` for ``0.123456789``)."""
    number = java_double(value)
    if number is None or not np.isfinite(number):
        return number
    with np.errstate(over="ignore"):
        return float(str(np.float32(number)))


MATCH_FIELDS = (
    ("matchRod", java_float),
    ("matchModelType", None),
    ("matchRegularizerModelType", None),
    ("matchInterpolatedModelLambda", java_double),
    ("matchIterations", java_int),
    ("matchMaxEpsilon", java_float),
    ("matchMaxEpsilonFullScale", java_float),
    ("matchMinInlierRatio", java_float),
    ("matchMinNumInliers", java_int),
    ("matchMaxNumInliers", java_int),
    ("matchMaxTrust", java_double),
    ("matchFilter", None),
    ("matchFullScaleCoverageRadius", java_double),
    ("matchMinCoveragePercentage", java_double),
)
# MatchDerivationParameters.setDefaults (matchFilter is initialised to SINGLE_SET)
MATCH_DEFAULTS = {
    "matchRod": 0.92,
    "matchModelType": "AFFINE",
    "matchIterations": 1000,
    "matchMinInlierRatio": 0.0,
    "matchMinNumInliers": 4,
    "matchMaxTrust": 3.0,
    "matchFilter": "SINGLE_SET",
    "matchFullScaleCoverageRadius": 300.0,
}


# ============================================================================ parameters
def _sift_parameters(value: Any) -> dict | None:
    if value is None:
        return None
    expect_object(value, f"{_PARAMETERS_TYPE}.FeatureExtractionParameters")
    return {name: convert(value.get(name)) for name, convert in SIFT_FIELDS}


def _match_parameters(value: Any) -> dict | None:
    if value is None:
        return None
    expect_object(value, f"{_PARAMETERS_TYPE}.MatchDerivationParameters")
    parsed: dict = {}
    for name, convert in MATCH_FIELDS:
        if name in ("matchModelType", "matchRegularizerModelType"):
            parsed[name] = java_enum(value.get(name), "org.janelia.alignment.match.ModelType", MODEL_TYPES)
        elif name == "matchFilter":
            parsed[name] = java_enum(
                value.get(name), "org.janelia.alignment.match.MatchFilter$FilterType", FILTER_TYPES
            )
        else:
            parsed[name] = convert(value.get(name))
    if parsed["matchFilter"] is None and "matchFilter" not in value:
        parsed["matchFilter"] = "SINGLE_SET"
    return parsed


def parse_trial_parameters(body: Any) -> dict:
    """MatchTrialParameters as Jackson reads it, then validateAndSetDefaults (400 on the first problem)."""
    if body is None:
        raise BadRequest("no parameters provided")
    expect_object(body, f"{_PARAMETERS_TYPE}.MatchTrialParameters")
    feature_and_match = body.get("featureAndMatchParameters")
    if feature_and_match is not None:
        expect_object(feature_and_match, f"{_PARAMETERS_TYPE}.FeatureAndMatchParameters")
        feature_and_match = {
            "siftFeatureParameters": _sift_parameters(feature_and_match.get("siftFeatureParameters")),
            "matchDerivationParameters": _match_parameters(
                feature_and_match.get("matchDerivationParameters")
            ),
            "pClipPosition": java_enum(
                feature_and_match.get("pClipPosition"),
                "org.janelia.alignment.match.MontageRelativePosition",
                POSITIONS,
            ),
            "clipPixels": java_int(feature_and_match.get("clipPixels")),
        }
    parameters = {
        "featureAndMatchParameters": feature_and_match,
        "pRenderParametersUrl": java_string(body.get("pRenderParametersUrl")),
        "qRenderParametersUrl": java_string(body.get("qRenderParametersUrl")),
        "geometricDescriptorAndMatchFilterParameters": body.get(
            "geometricDescriptorAndMatchFilterParameters"
        ),
    }
    _validate_and_set_defaults(parameters)
    return parameters


def _validate_and_set_defaults(parameters: dict) -> None:
    """MatchTrialParameters / FeatureAndMatchParameters / MatchDerivationParameters.validateAndSetDefaults."""
    feature_and_match = parameters["featureAndMatchParameters"]
    if feature_and_match is None:
        raise BadRequest("featureAndMatchParameters are not defined")
    sift = feature_and_match["siftFeatureParameters"]
    if sift is None:
        raise BadRequest("siftFeatureParameters must be defined")
    for name, default in SIFT_DEFAULTS.items():
        if sift[name] is None:
            sift[name] = default
    derivation = feature_and_match["matchDerivationParameters"]
    if derivation is None:
        raise BadRequest("feature matchDerivationParameters must be defined")
    for name, default in MATCH_DEFAULTS.items():
        if derivation[name] is None:
            derivation[name] = default
    if derivation["matchRegularizerModelType"] is None:
        if derivation["matchInterpolatedModelLambda"] is not None:
            raise BadRequest(
                "feature matchRegularizerModelType must be defined since matchInterpolatedModelLambda "
                "is defined"
            )
    elif derivation["matchInterpolatedModelLambda"] is None:
        raise BadRequest(
            "feature matchInterpolatedModelLambda must be defined since matchRegularizerModelType is defined"
        )
    if feature_and_match["pClipPosition"] is not None:
        if feature_and_match["clipPixels"] is None:
            raise BadRequest("clipPixels must be defined when pClipPosition is defined")
    elif feature_and_match["clipPixels"] is not None:
        raise BadRequest("pClipPosition must be defined when clipPixels is defined")
    for side in ("p", "q"):
        if parameters[f"{side}RenderParametersUrl"] is None:
            raise BadRequest(f"{side}RenderParametersUrl is not defined")
    if parameters["geometricDescriptorAndMatchFilterParameters"] is not None:
        raise BadRequest(
            "render-ws emulator: geometric descriptor matching "
            "(geometricDescriptorAndMatchFilterParameters) is not implemented"
        )
    if derivation["matchRegularizerModelType"] is not None:
        raise BadRequest(
            "render-ws emulator: interpolated match filtering (matchRegularizerModelType, "
            "matchInterpolatedModelLambda) is not implemented"
        )


def parameters_json(parameters: dict) -> dict:
    """MatchTrialParameters as JsonUtils writes it (declaration order, nulls omitted)."""

    def without_nulls(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: without_nulls(v) for k, v in value.items() if v is not None}
        return value

    return without_nulls(parameters)


# ============================================================================ canvases
def _tile_url_parts(url: str) -> tuple[str, str, str]:
    found = TILE_URL.fullmatch(url)
    if found is None:
        raise BadRequest(f"tileUrlString '{url}' does not match pattern")
    return found.group(1), found.group(2), found.group(3)


def _java_parse_boolean(text: str | None, default: bool) -> bool:
    return default if text is None else text.lower() == "true"


def feature_render_parameters(url: str) -> dict:
    """FeatureRenderParameters.fromUrl: scale, filter, filterListName, excludeMask, width and height of the
    URL's query."""
    query = dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
    try:
        scale = float(query.get("scale", "1.0"))
        width = int(query["width"]) if "width" in query else None
        height = int(query["height"]) if "height" in query else None
    except ValueError as error:
        raise BadRequest(f"java.lang.NumberFormatException: {error}") from None
    return {
        "renderScale": scale,
        "renderWithFilter": _java_parse_boolean(query.get("filter"), True),
        "renderFilterListName": query.get("filterListName"),
        "renderWithoutMask": _java_parse_boolean(query.get("excludeMask"), True),
        "renderFullScaleWidth": width,
        "renderFullScaleHeight": height,
    }


def canvas_url(prefix: str, tile_id: str, suffix: str, render: dict) -> str:
    """CanvasRenderParametersUrlTemplate.getTemplateForRun filled in for one tile."""
    query: list[tuple[str, str]] = []
    if render["renderFullScaleWidth"] is not None:
        query.append(("width", str(render["renderFullScaleWidth"])))
    if render["renderFullScaleHeight"] is not None:
        query.append(("height", str(render["renderFullScaleHeight"])))
    query.append(("scale", java_number_text(float(render["renderScale"]))))
    if render["renderWithFilter"]:
        query.append(("filter", "true"))
    if render["renderFilterListName"] is not None:
        query.append(("filterListName", render["renderFilterListName"]))
    if render["renderWithoutMask"]:
        query.append(("excludeMask", "true"))
    query.append(("normalizeForMatching", "true"))
    return f"{prefix}{tile_id}{suffix}?{urlencode(query)}"


def _load_render_parameters(url: str) -> dict:
    """RenderParameters.loadFromUrl (an HTTP(S) URL, such as this emulator's own render-parameters)."""
    try:
        response = requests.get(url, timeout=FETCH_TIMEOUT_S)
        response.raise_for_status()
        return response.json()
    except (requests.RequestException, ValueError) as error:
        raise BadRequest(f"failed to load render parameters from {url}: {error}") from None


def _rendered(params: dict, roots: DataRoots) -> Canvas:
    """The canvas features are extracted from (its alpha is the mask; source files only inside ``roots``);
    no noise is drawn."""
    try:
        return render_canvas(parse_render_parameters({**params, "fillWithNoise": False}), roots=roots)
    except RenderWsError as error:
        raise BadRequest(str(getattr(error, "message", None) or error)) from None


# ============================================================================ trial
def _filter_options(derivation: dict, render_scale: float) -> FilterOptions:
    """MatchFilter's values (getMatchMaxEpsilonForRenderScale in float arithmetic)."""
    if derivation["matchMaxEpsilonFullScale"] is not None:
        max_epsilon = float(np.float32(derivation["matchMaxEpsilonFullScale"]) * np.float32(render_scale))
    elif derivation["matchMaxEpsilon"] is not None:
        max_epsilon = float(np.float32(derivation["matchMaxEpsilon"]))
    else:
        # MatchFilter's float field is given the null Float (MatchDerivationParameters.java:93-96)
        raise ServerError(
            "render-ws emulator: matchMaxEpsilon is null (render-ws fails with a "
            "java.lang.NullPointerException)"
        )
    return FilterOptions(
        model_type=derivation["matchModelType"],
        iterations=derivation["matchIterations"],
        max_epsilon=max_epsilon,
        min_inlier_ratio=float(np.float32(derivation["matchMinInlierRatio"])),
        min_num_inliers=derivation["matchMinNumInliers"],
        max_trust=derivation["matchMaxTrust"],
        max_num_inliers=derivation["matchMaxNumInliers"],
        filter_type=derivation["matchFilter"],
    )


def _milliseconds(start: float, stop: float) -> int:
    return int(round((stop - start) * 1000))


def derive_trial(parameters: dict, roots: DataRoots = UNCONFINED) -> dict:
    """MatchTrial.deriveResults: the trial's ``matches`` and ``stats`` (source files read only inside
    ``roots``)."""
    feature_and_match = parameters["featureAndMatchParameters"]
    p_url, q_url = parameters["pRenderParametersUrl"], parameters["qRenderParametersUrl"]
    prefix, p_id, suffix = _tile_url_parts(p_url)
    q_id = _tile_url_parts(q_url)[1]
    p_position = feature_and_match["pClipPosition"]
    q_position = OPPOSITE[p_position] if p_position is not None else None
    if java_less(q_id, p_id) or (
        p_id == q_id
        and p_position is not None
        and q_position is not None
        and POSITIONS.index(p_position) > POSITIONS.index(q_position)
    ):
        context = " along with relative position" if p_position is not None else ""
        raise BadRequest(
            f"P and Q render parameters URLs must be swapped{context} because P canvasId "
            f"{_canvas_text(p_id, p_position)} is greater than Q canvasId "
            f"{_canvas_text(q_id, q_position)}"
        )
    render = feature_render_parameters(p_url)
    clip_pixels = feature_and_match["clipPixels"]
    clip_width = clip_pixels if p_position in ("LEFT", "RIGHT") else None
    clip_height = clip_pixels if p_position in ("TOP", "BOTTOM") else None
    sift = SiftParameters(*(feature_and_match["siftFeatureParameters"][k] for k in SIFT_DEFAULTS))
    derivation = feature_and_match["matchDerivationParameters"]
    scale = float(render["renderScale"])
    canvases = []
    for tile_id, position in ((p_id, p_position), (q_id, q_position)):
        started = time.monotonic()
        loaded = _load_render_parameters(canvas_url(prefix, tile_id, suffix, render))
        full_size = (int(loaded.get("width", 256)), int(loaded.get("height", 256)))
        params, offsets = clip_render_parameters(loaded, position, clip_width, clip_height)
        params["scale"] = scale
        rendered = _rendered(params, roots)
        features = extract_features(rendered.gray8(), rendered.alpha, sift)
        canvases.append((features, rendered.alpha, offsets, full_size, started, time.monotonic()))
    (
        (p_features, p_mask, p_offsets, p_size, p_start, _),
        (q_features, q_mask, q_offsets, q_size, q_start, q_stop),
    ) = canvases
    options = _filter_options(derivation, scale)
    result = derive_match_result(p_features, q_features, float(np.float32(derivation["matchRod"])), options)
    match_stop = time.monotonic()
    matches = (
        [
            to_matches(result, inliers, scale, p_offsets, q_offsets)
            for inliers in result.inlier_sets
            if len(inliers) > 0
        ]
        if result.total_inliers > 0
        else []
    )
    stats: dict = {
        "pFeatureCount": len(p_features),
        "pFeatureDerivationMilliseconds": _milliseconds(p_start, q_start),
        "qFeatureCount": len(q_features),
        "qFeatureDerivationMilliseconds": _milliseconds(q_start, q_stop),
        "consensusSetSizes": [len(s) for s in result.inlier_sets],
        "matchDerivationMilliseconds": _milliseconds(q_stop, match_stop),
    }
    if result.total_inliers > 0:
        try:
            stats.update(
                quality_stats(
                    result,
                    options.model_type,
                    scale,
                    p_mask,
                    q_mask,
                    p_size,
                    q_size,
                    float(derivation["matchFullScaleCoverageRadius"]),
                )
            )
        except InsufficientMatches:
            raise BadRequest("failed to calculate point match quality") from None
        minimum = derivation["matchMinCoveragePercentage"]
        if minimum is not None and not _sufficient_coverage(stats, minimum):
            matches = []   # StageMatcher drops SIFT matches whose coverage is insufficient
    stats["matchQualityMilliseconds"] = _milliseconds(match_stop, time.monotonic())
    return {"matches": matches, "stats": stats}


def _sufficient_coverage(stats: dict, minimum: float) -> bool:
    """PointMatchQualityStats.hasSufficientCoverage."""
    image, covered = stats.get("overlappingImagePixels"), stats.get("overlappingCoveragePixels")
    if image is None or covered is None:
        percentage = 0.0
    elif image == 0:
        # long / (double) 0: NaN for 0 / 0 (never >= minimum), else Infinity (PointMatchQualityStats.java:142)
        percentage = math.nan if covered == 0 else math.inf
    else:
        percentage = covered / image * 100.0
    return percentage >= minimum


def _canvas_text(tile_id: str, position: str | None) -> str:
    """CanvasId.toString."""
    return tile_id if position is None else f"{tile_id}::{position}"


def run_trial(store: RenderStore, body: Any, roots: DataRoots = UNCONFINED) -> dict:
    """POST owner/{owner}/matchTrial: derive, store (without id), answer with the new id."""
    parameters = parse_trial_parameters(body)
    trial = {"parameters": parameters_json(parameters), **derive_trial(parameters, roots)}
    trial_id = store.insert_match_trial(trial)
    return {"id": trial_id, **trial}


def _object_id(trial_id: str) -> str:
    """``new ObjectId(trialId)`` (400 for anything but 24 hex digits)."""
    if OBJECT_ID.fullmatch(trial_id) is None:
        raise BadRequest(f"invalid hexadecimal representation of an ObjectId: [{trial_id}]")
    return trial_id


def get_trial(store: RenderStore, trial_id: str) -> dict:
    """GET owner/{owner}/matchTrial/{trialId}: the stored trial. MatchTrial.fromJson of the stored document
    leaves ``id`` unset (the document holds ``_id``), so the answer has no id (MatchDao.java:525-544)."""
    found = store.find_match_trial(_object_id(trial_id))
    if found is None:
        raise NotFound(
            f"match trial with id '{trial_id}' does not exist in the match.aaa_match_trial collection"
        )
    return found


def delete_trial(store: RenderStore, trial_id: str) -> None:
    """DELETE owner/{owner}/matchTrial/{trialId}: 200 whether or not it existed."""
    store.delete_match_trial(_object_id(trial_id))
