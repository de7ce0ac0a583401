"""render-app's CanvasFeatureMatcher (render-app/.../match/CanvasFeatureMatcher.java:46) with mpicbg's
FeatureTransform.matchFeatures (mpicbg/ij/FeatureTransform.java) and CanvasMatchResult's conversion of inliers
to full-scale coordinates (render-app/.../match/CanvasMatchResult.java:327-498)."""

from __future__ import annotations

import numpy as np

from render_emulator.services.matching.match_filter import (
    Candidates,
    FilterOptions,
    MatchResult,
    build_match_result,
)
from render_emulator.services.matching.sift import Features
from render_emulator.services.pair_order import normalized_ids

ZERO_OFFSETS = (0.0, 0.0)


def clip_render_parameters(
    params: dict, position: str | None, clip_width: int | None, clip_height: int | None
) -> tuple[dict, tuple[float, float]]:
    """CanvasIdWithRenderContext.loadRenderParameters with clipping: CanvasId.setClipOffsets from the full
    size, then clipRenderParameters moves x/y by the offsets and narrows width/height. Returns the clipped
    parameters (a copy; ``params`` itself when nothing is clipped) and the clip offsets."""
    if position is None or (clip_width is None and clip_height is None):
        return params, ZERO_OFFSETS
    width, height = int(params.get("width", 256)), int(params.get("height", 256))
    offsets = [0.0, 0.0]
    if position == "TOP" and clip_height is not None:
        offsets[1] = float(height - clip_height)
    elif position == "LEFT" and clip_width is not None:
        offsets[0] = float(width - clip_width)
    params = dict(params)
    if position in ("TOP", "BOTTOM") and clip_height is not None:
        params["y"], params["height"] = float(params.get("y", 0.0)) + offsets[1], clip_height
    elif position in ("LEFT", "RIGHT") and clip_width is not None:
        params["x"], params["width"] = float(params.get("x", 0.0)) + offsets[0], clip_width
    return params, (offsets[0], offsets[1])


def candidate_matches(features1: Features, features2: Features, rod: float) -> Candidates:
    """FeatureTransform.matchFeatures: each feature of canvas 1 paired with its nearest descriptor in canvas 2
    when nearest / second nearest distance < rod; then every candidate whose canvas-2 location is shared by
    another candidate is dropped (all of them, as mpicbg removes ambiguous matches)."""
    empty = Candidates(np.zeros((0, 2)), np.zeros((0, 2)), np.zeros(0))
    if len(features1) == 0 or len(features2) < 2:
        return empty
    a = features1.descriptors.astype(np.float64)
    b = features2.descriptors.astype(np.float64)
    squared = (a * a).sum(axis=1)[:, None] + (b * b).sum(axis=1)[None, :] - 2.0 * (a @ b.T)
    distances = np.sqrt(np.maximum(squared, 0.0))
    rows = np.arange(len(distances))
    best = distances.argmin(axis=1)
    best_d = distances[rows, best]
    distances[rows, best] = np.inf
    second_d = distances.min(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        accepted = np.flatnonzero(best_d / second_d < float(np.float32(rod)))
    p = features1.locations[accepted]
    q = features2.locations[best[accepted]]
    if len(q):
        _, inverse, counts = np.unique(q, axis=0, return_inverse=True, return_counts=True)
        unique = counts[inverse.reshape(-1)] == 1
        p, q = p[unique], q[unique]
    return Candidates(p, q, np.ones(len(p)))


def derive_match_result(features1: Features, features2: Features, rod: float,
                        options: FilterOptions) -> MatchResult:
    """CanvasFeatureMatcher.deriveMatchResult."""
    return build_match_result(candidate_matches(features1, features2, rod), options)


def to_matches(result: MatchResult, indexes: np.ndarray, render_scale: float,
               p_offsets: tuple[float, float] = ZERO_OFFSETS,
               q_offsets: tuple[float, float] = ZERO_OFFSETS) -> dict:
    """CanvasMatchResult.convertPointMatchListToMatches: ``{"p": [xs, ys], "q": [xs, ys], "w": [...]}`` in
    full-scale canvas coordinates (divided by the render scale, plus the clip offsets)."""
    if len(indexes) == 0:
        return {"p": [[]], "q": [[]], "w": []}
    data = result.candidates
    p, q = data.p[indexes], data.q[indexes]
    if render_scale != 1.0:
        p, q = p / render_scale, q / render_scale
    p = p + np.asarray(p_offsets, dtype=np.float64)
    q = q + np.asarray(q_offsets, dtype=np.float64)
    return {"p": p.T.tolist(), "q": q.T.tolist(), "w": data.w[indexes].tolist()}


def canvas_matches(p_group_id: str, p_id: str, q_group_id: str, q_id: str, matches: dict,
                   consensus_set_index: int | None = None) -> dict:
    """A CanvasMatches as its constructor builds it: ids normalised (p before q, points swapped with them,
    CanvasMatches.java normalize) and, for one of several consensus sets, ``consensusSetData`` with the
    original ids and ``_set_{pGroupId}_{qGroupId}_{index}`` appended to both ids (setConsensusSetIndex)."""
    pg, p, qg, q, flipped = normalized_ids(p_group_id, p_id, q_group_id, q_id)
    if flipped:
        matches = {"p": matches["q"], "q": matches["p"], "w": matches["w"]}
    pair: dict = {"pGroupId": pg, "pId": p, "qGroupId": qg, "qId": q}
    if consensus_set_index is not None:
        suffix = f"_set_{pg}_{qg}_{consensus_set_index}"
        pair = {"pGroupId": pg, "pId": p + suffix, "qGroupId": qg, "qId": q + suffix,
                "consensusSetData": {"index": consensus_set_index, "originalPId": p, "originalQId": q}}
    pair["matches"] = matches
    return pair


def inlier_canvas_matches(result: MatchResult, p_group_id: str, p_id: str, q_group_id: str, q_id: str,
                          render_scale: float, p_offsets: tuple[float, float] = ZERO_OFFSETS,
                          q_offsets: tuple[float, float] = ZERO_OFFSETS) -> list[dict]:
    """CanvasMatchResult.addInlierMatchesToList: nothing without inliers, else one CanvasMatches (one per
    consensus set, each with its index, when there are several)."""
    if result.total_inliers == 0:
        return []
    ids = (p_group_id, p_id, q_group_id, q_id)
    if len(result.inlier_sets) == 1:
        inliers = result.inlier_sets[0]
        return [canvas_matches(*ids, to_matches(result, inliers, render_scale, p_offsets, q_offsets))]
    return [canvas_matches(*ids, to_matches(result, inliers, render_scale, p_offsets, q_offsets), index)
            for index, inliers in enumerate(result.inlier_sets)]
