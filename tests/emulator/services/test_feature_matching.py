"""The matching engine (services/matching): mpicbg model fits, RANSAC + robust filter as MatchFilter runs
them, FeatureTransform's ratio test, and SIFT recovering known warps of a textured image."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import ndimage

from render_emulator.services.matching import models
from render_emulator.services.matching.canvas_matcher import (
    candidate_matches,
    derive_match_result,
    inlier_canvas_matches,
    to_matches,
)
from render_emulator.services.matching.match_filter import Candidates, FilterOptions, build_match_result
from render_emulator.services.matching.quality import overlapping_coverage
from render_emulator.services.matching.sift import Features, SiftParameters, extract_features, octave_sizes


def texture(seed: int, shape: tuple[int, int]) -> np.ndarray:
    rng = np.random.default_rng(seed)
    fine, coarse = (ndimage.gaussian_filter(rng.random(shape), sigma) for sigma in (2.5, 6))
    smooth = fine + 2 * coarse
    return (smooth - smooth.min()) / (smooth.max() - smooth.min()) * 255.0


def similarity(s: float, theta: float, tx: float, ty: float) -> list[list[float]]:
    return [[s * np.cos(theta), -s * np.sin(theta), tx], [s * np.sin(theta), s * np.cos(theta), ty]]


def warp(image: np.ndarray, matrix: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Image whose pixel (x, y) shows ``image`` at ``inverse(matrix)(x, y)``: points p map to matrix(p)."""
    inverse = np.linalg.inv(np.vstack([matrix, [0, 0, 1]]))[:2]
    rows, cols = np.mgrid[0:shape[0], 0:shape[1]]
    xy = np.stack([cols.ravel(), rows.ravel()], 1).astype(float)
    source = models.apply(inverse, xy)
    return ndimage.map_coordinates(image, [source[:, 1], source[:, 0]], order=1).reshape(shape)


# ------------------------------------------------------------------ models
@pytest.mark.parametrize("model_type, matrix", [
    ("TRANSLATION", [[1, 0, 12.5], [0, 1, -3]]),
    ("RIGID", similarity(1.0, 0.3, 4, 9)),
    ("SIMILARITY", similarity(1.2, -0.2, -7, 2)),
    ("AFFINE", [[1.1, 0.2, 3], [-0.1, 0.9, 5]]),
])
def test_models_fit_exact_correspondences(model_type, matrix):
    p = np.random.default_rng(0).random((10, 2)) * 100
    q = models.apply(np.array(matrix), p)
    assert np.allclose(models.fit(model_type, p, q), matrix)
    batch, valid = models.fit_minimal_batch(model_type, p[None, :models.MIN_NUM_MATCHES[model_type]],
                                            q[None, :models.MIN_NUM_MATCHES[model_type]])
    assert valid.all() and np.allclose(batch[0], matrix)


def test_affine_fit_of_collinear_points_is_ill_defined():
    """AffineModel2D.fit throws IllDefinedDataPointsException when det == 0 (AffineModel2D.java:186)."""
    p = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]])
    with pytest.raises(models.IllDefinedDataPoints):
        models.fit("AFFINE", p, p + 1)
    assert not models.fit_minimal_batch("AFFINE", p[None], p[None] + 1)[1][0]


# ------------------------------------------------------------------ filter
def candidates_with_outliers(seed: int = 1, inliers: int = 60,
                             outliers: int = 40) -> tuple[Candidates, np.ndarray]:
    rng = np.random.default_rng(seed)
    p = rng.random((inliers + outliers, 2)) * 500
    q = p + [40.0, -25.0]
    q[inliers:] = rng.random((outliers, 2)) * 500
    return Candidates(p, q, np.ones(len(p))), np.arange(inliers)


@pytest.mark.parametrize("model_type", ["TRANSLATION", "RIGID", "SIMILARITY", "AFFINE"])
def test_single_set_keeps_exactly_the_consistent_candidates(model_type):
    data, truth = candidates_with_outliers()
    result = build_match_result(data, FilterOptions(model_type=model_type, max_epsilon=2.0))
    (inliers,) = result.inlier_sets
    assert sorted(inliers) == list(truth) and result.candidate_count == 100 and result.inlier_ratio == 0.6


def test_same_candidates_same_inliers_run_to_run():
    data, _ = candidates_with_outliers(seed=5, inliers=30, outliers=70)
    options = FilterOptions(max_epsilon=3.0, max_num_inliers=10)
    first, second = (build_match_result(data, options).inlier_sets[0] for _ in range(2))
    assert len(first) == 10 and list(first) == list(second)


def test_too_few_inliers_give_an_empty_set():
    """matchMinNumInliers above the consistent count: RANSAC finds no model, nothing is kept."""
    data, _ = candidates_with_outliers(inliers=8, outliers=40)
    result = build_match_result(data, FilterOptions(max_epsilon=2.0, min_num_inliers=9))
    assert result.total_inliers == 0
    assert inlier_canvas_matches(result, "g", "a", "g", "b", 1.0) == []


def test_filter_none_keeps_every_candidate():
    data, _ = candidates_with_outliers()
    (kept,) = build_match_result(data, FilterOptions(filter_type="NONE")).inlier_sets
    assert list(kept) == list(range(100))


def test_consensus_sets_split_two_motions_and_name_their_sets():
    """CONSENSUS_SETS: one set per motion, largest first; each CanvasMatches gets consensusSetData and the
    ``_set_{pGroup}_{qGroup}_{index}`` id suffix (CanvasMatches.java:186-192)."""
    rng = np.random.default_rng(3)
    p = rng.random((90, 2)) * 500
    q = np.vstack([p[:50] + [10.0, 0.0], p[50:] + [-30.0, 8.0]])
    data = Candidates(p, q, np.ones(90))
    result = build_match_result(data, FilterOptions(model_type="TRANSLATION", max_epsilon=1.0,
                                                    filter_type="CONSENSUS_SETS"))
    assert [sorted(s) for s in result.inlier_sets] == [list(range(50)), list(range(50, 90))]
    pairs = inlier_canvas_matches(result, "1.0", "a", "1.0", "b", 1.0)
    assert [(m["pId"], m["qId"], m["consensusSetData"]) for m in pairs] == [
        ("a_set_1.0_1.0_0", "b_set_1.0_1.0_0", {"index": 0, "originalPId": "a", "originalQId": "b"}),
        ("a_set_1.0_1.0_1", "b_set_1.0_1.0_1", {"index": 1, "originalPId": "a", "originalQId": "b"})]
    aggregated = build_match_result(data, FilterOptions(model_type="TRANSLATION", max_epsilon=1.0,
                                                        filter_type="AGGREGATED_CONSENSUS_SETS"))
    assert len(aggregated.inlier_sets) == 1 and aggregated.total_inliers == 90


def test_scale_and_offsets_give_full_scale_coordinates():
    """convertPointMatchListToMatches: local / renderScale + clip offset (CanvasMatchResult.java:477-483)."""
    data = Candidates(np.array([[10.0, 20.0]]), np.array([[1.0, 2.0]]), np.ones(1))
    result = build_match_result(data, FilterOptions(filter_type="NONE"))
    assert to_matches(result, result.inlier_sets[0], 0.5, (100.0, 0.0), (0.0, 7.0)) == {
        "p": [[120.0], [40.0]], "q": [[2.0], [11.0]], "w": [1.0]}


# ------------------------------------------------------------------ ratio test
def test_ratio_test_and_ambiguous_matches():
    """FeatureTransform.matchFeatures: best/second < rod, then every candidate sharing a q location with
    another is removed (both of them)."""
    d2 = np.eye(3, 128, dtype=np.float32)
    features2 = Features(np.array([[0.0, 0.0], [5.0, 5.0], [9.0, 9.0]]), d2)
    d1 = np.vstack([d2[0], d2[0] + 0.01, d2[1] * 0.5 + d2[2] * 0.5]).astype(np.float32)
    features1 = Features(np.array([[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]]), d1)
    # features1 0 and 1 both pick features2 0 (ambiguous, dropped);
    # feature 2 is equally far from two (rejected by the ratio)
    assert len(candidate_matches(features1, features2, 0.92)) == 0
    unique = Features(features1.locations[:1], d1[:1])
    found = candidate_matches(unique, features2, 0.92)
    assert found.p.tolist() == [[1.0, 1.0]] and found.q.tolist() == [[0.0, 0.0]]


# ------------------------------------------------------------------ SIFT
def test_octave_sizes_follow_canvas_feature_extractor():
    """minOctaveSize = (int)(minScale * minSize - 1), maxOctaveSize = round(maxScale * maxSize)
    (CanvasFeatureExtractor.java:288-291)."""
    assert octave_sizes(SiftParameters(), 512, 400) == (199, 435)
    assert octave_sizes(SiftParameters(min_scale=0.25, max_scale=1.0), 2048, 1024) == (255, 2048)


@pytest.mark.parametrize("model_type, matrix", [
    ("AFFINE", similarity(1.05, 0.1, 14.0, -9.0)),
    ("SIMILARITY", similarity(0.9, -0.25, 60.0, 40.0)),
    ("RIGID", similarity(1.0, 0.4, 120.0, -80.0)),
])
def test_known_warp_recovered(model_type, matrix):
    """A rotated / scaled / shifted copy of a textured image: every inlier obeys the warp within 0.5 px and
    there are at least 50 of them."""
    matrix = np.array(matrix)
    image = texture(11, (480, 480))
    warped = warp(image, matrix, (480, 480))
    sift = SiftParameters()
    features1 = extract_features(image, None, sift)
    features2 = extract_features(warped, warped > 0, sift)
    options = FilterOptions(model_type=model_type, max_epsilon=2.0)
    result = derive_match_result(features1, features2, 0.92, options)
    (pair,) = inlier_canvas_matches(result, "g", "a", "g", "b", 1.0)
    p, q = np.array(pair["matches"]["p"]).T, np.array(pair["matches"]["q"]).T
    assert len(p) >= 50
    assert np.abs(models.apply(matrix, p) - q).max() <= 0.5


def test_masked_features_are_dropped():
    image = texture(4, (300, 300))
    mask = np.zeros((300, 300), dtype=np.uint8)
    mask[:, :150] = 255
    sift = SiftParameters(min_scale=0.25)
    every, visible = extract_features(image, None, sift), extract_features(image, mask, sift)
    assert 0 < len(visible) < len(every) and (visible.locations[:, 0] < 150).all()


def test_overlapping_coverage_counts_overlap_and_covered_pixels():
    """CoverageUtils.computeOverlappingCoverage: p pixels whose affine image lands inside q (q = p - (30, 0)
    on 100 x 100 canvases: columns 30..99), and those within the radius of an inlier."""
    p = np.array([[50.0, 50.0], [60.0, 20.0], [40.0, 80.0], [90.0, 90.0]])
    covered, total = overlapping_coverage(100, 100, None, 100, 100, None, p, p - [30.0, 0.0], 0.5)
    assert total == 70 * 100 and covered == 4
