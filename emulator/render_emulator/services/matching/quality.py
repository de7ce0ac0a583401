"""render-app's PointMatchQualityStats.calculate with CoverageUtils.computeOverlappingCoverage
(render-app/.../match/PointMatchQualityStats.java, CoverageUtils.java): per consensus set the standard
deviation of the p-q deltas after the set's model, and how much of the p canvas that overlaps q lies within
the coverage radius of an inlier."""

from __future__ import annotations

import math

import numpy as np

from render_emulator.services.matching import models
from render_emulator.services.matching.match_filter import MatchResult
from render_emulator.services.matching.models import IllDefinedDataPoints


class InsufficientMatches(ValueError):
    """CoverageUtils cannot fit its overlap model to the inliers."""


def _deviation(values: np.ndarray) -> float:
    """PointMatchQualityStats.calculateStandardDeviation (population standard deviation)."""
    return float(np.sqrt(((values - values.mean()) ** 2).mean()))


def _world_delta_deviations(
    result: MatchResult, inliers: np.ndarray, model_type: str | None
) -> tuple[float, float]:
    """Standard deviations of p.w - q.w; mpicbg leaves p.w at the last model the filter applied (the set's
    final fit), or at p itself when nothing was filtered."""
    p, q = result.candidates.p[inliers], result.candidates.q[inliers]
    world = p if model_type is None else models.apply(models.fit(model_type, p, q), p)
    delta = world - q
    return _deviation(delta[:, 0]), _deviation(delta[:, 1])


def overlapping_coverage(
    width_p: int,
    height_p: int,
    mask_p: np.ndarray | None,
    width_q: int,
    height_q: int,
    mask_q: np.ndarray | None,
    p: np.ndarray,
    q: np.ndarray,
    radius: float,
) -> tuple[int, int]:
    """CoverageUtils.computeOverlappingCoverage: (pixels of p within ``radius`` of an inlier, pixels of p that
    land inside q), both counted over p's unmasked pixels mapped into q by an affine fit of the inliers."""
    try:
        if len(p) < models.MIN_NUM_MATCHES["AFFINE"]:
            raise IllDefinedDataPoints("not enough data points")
        overlap_model = models.fit("AFFINE", p, q)
    except IllDefinedDataPoints:
        raise InsufficientMatches("matches are insufficient for aligning pair") from None
    rows, cols = np.mgrid[0:height_p, 0:width_p]
    pixels = np.stack([cols.ravel(), rows.ravel()], 1).astype(np.float64)
    if mask_p is not None:
        pixels = pixels[mask_p[:height_p, :width_p].ravel() > 0]
    mapped = models.apply(overlap_model, pixels)
    inside = (
        (mapped[:, 0] >= 0)
        & (mapped[:, 0] <= width_q - 1)
        & (mapped[:, 1] >= 0)
        & (mapped[:, 1] <= height_q - 1)
    )
    if mask_q is not None:
        columns = np.clip(np.floor(mapped[:, 0] + 0.5).astype(np.intp), 0, mask_q.shape[1] - 1)
        rows_q = np.clip(np.floor(mapped[:, 1] + 0.5).astype(np.intp), 0, mask_q.shape[0] - 1)
        inside &= mask_q[rows_q, columns] > 0
    overlap = pixels[inside]
    if len(overlap) == 0:
        return 0, 0
    # imported here: scipy.spatial adds about a second to the emulator's start-up
    from scipy.spatial import cKDTree

    distances, _ = cKDTree(p).query(overlap)
    return int((distances <= radius).sum()), len(overlap)


def quality_stats(
    result: MatchResult,
    model_type: str,
    render_scale: float,
    mask_p: np.ndarray | None,
    mask_q: np.ndarray | None,
    full_size_p: tuple[int, int],
    full_size_q: tuple[int, int],
    full_scale_radius: float,
) -> dict:
    """The PointMatchQualityStats fields StageMatchingStats reports."""
    filtered = result.filter_type != "NONE"
    sets = [inliers for inliers in result.inlier_sets if len(inliers) > 0]
    x_deviations, y_deviations = [], []
    for inliers in sets:
        dx, dy = _world_delta_deviations(result, inliers, model_type if filtered else None)
        x_deviations.append(dx / render_scale)
        y_deviations.append(dy / render_scale)
    stats = {
        "aggregateDeltaXStandardDeviation": 0.0,
        "aggregateDeltaYStandardDeviation": 0.0,
        "consensusSetDeltaXStandardDeviations": x_deviations,
        "consensusSetDeltaYStandardDeviations": y_deviations,
    }
    if not sets:
        return stats
    every = np.concatenate(sets)
    if result.filter_type == "AGGREGATED_CONSENSUS_SETS" or len(result.inlier_sets) > 1:
        # the aggregate model is fitted but p.w keeps each set's last applied model
        dx, dy = _aggregate_deviations(result, sets, model_type if filtered else None)
        stats["aggregateDeltaXStandardDeviation"] = dx / render_scale
        stats["aggregateDeltaYStandardDeviation"] = dy / render_scale
    else:
        stats["aggregateDeltaXStandardDeviation"] = x_deviations[0]
        stats["aggregateDeltaYStandardDeviation"] = y_deviations[0]
    width_p = mask_p.shape[1] if mask_p is not None else math.ceil(full_size_p[0] * render_scale)
    height_p = mask_p.shape[0] if mask_p is not None else math.ceil(full_size_p[1] * render_scale)
    width_q = mask_q.shape[1] if mask_q is not None else math.ceil(full_size_q[0] * render_scale)
    height_q = mask_q.shape[0] if mask_q is not None else math.ceil(full_size_q[1] * render_scale)
    covered, total = overlapping_coverage(
        width_p,
        height_p,
        mask_p,
        width_q,
        height_q,
        mask_q,
        result.candidates.p[every],
        result.candidates.q[every],
        full_scale_radius * render_scale,
    )
    # counts are areas: the render scale applies twice
    stats["overlappingImagePixels"] = math.ceil(total / render_scale / render_scale)
    stats["overlappingCoveragePixels"] = math.ceil(covered / render_scale / render_scale)
    return stats


def _aggregate_deviations(
    result: MatchResult, sets: list[np.ndarray], model_type: str | None
) -> tuple[float, float]:
    deltas = []
    for inliers in sets:
        p, q = result.candidates.p[inliers], result.candidates.q[inliers]
        world = p if model_type is None else models.apply(models.fit(model_type, p, q), p)
        deltas.append(world - q)
    delta = np.concatenate(deltas)
    return _deviation(delta[:, 0]), _deviation(delta[:, 1])
