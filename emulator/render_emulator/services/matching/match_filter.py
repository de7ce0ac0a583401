"""render-app's MatchFilter (render-app/.../match/MatchFilter.java) over mpicbg's AbstractModel.ransac /
filter / filterRansac (mpicbg/models/AbstractModel.java:176-470), on candidate arrays.

Candidates are N x 2 arrays ``p`` and ``q`` (and weights ``w``); inlier sets are index arrays into them, in
candidate order as mpicbg's ``test`` collects them.

Randomness: mpicbg draws RANSAC samples from one JVM-wide ``java.util.Random(69997)`` whose state carries over
from pair to pair, and MatchFilter's ``maxNumInliers`` subset comes from an unseeded ``Collections.shuffle``.
Neither sequence can be reproduced in Python, so each match derivation draws from its own
``numpy.random.Generator`` seeded with mpicbg's 69997: the same candidates and options always give the same
inliers, run to run.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from render_emulator.services.matching import models
from render_emulator.services.matching.models import MIN_NUM_MATCHES, IllDefinedDataPoints

FILTER_TYPES = ("NONE", "SINGLE_SET", "CONSENSUS_SETS", "AGGREGATED_CONSENSUS_SETS")
RANSAC_SEED = 69997   # mpicbg AbstractModel.rnd = new Random(69997)
# MatchFilter.filterConsensusMatches calls the filterRansac overload that uses maxTrust 4
CONSENSUS_MAX_TRUST = 4.0


class NotEnoughDataPoints(ValueError):
    """mpicbg's NotEnoughDataPointsException."""


@dataclass(frozen=True)
class Candidates:
    p: np.ndarray   # N x 2
    q: np.ndarray   # N x 2
    w: np.ndarray   # N

    def __len__(self) -> int:
        return len(self.w)

    def subset(self, indexes: np.ndarray) -> Candidates:
        return Candidates(self.p[indexes], self.q[indexes], self.w[indexes])


@dataclass(frozen=True)
class FilterOptions:
    """The MatchDerivationParameters MatchFilter reads (max epsilon already at render scale)."""

    model_type: str = "AFFINE"
    iterations: int = 1000
    max_epsilon: float = 20.0
    min_inlier_ratio: float = 0.0
    min_num_inliers: int = 4
    max_trust: float = 3.0
    max_num_inliers: int | None = None
    filter_type: str = "SINGLE_SET"


@dataclass
class MatchResult:
    """CanvasMatchResult: the inlier index sets (one per consensus set) and the candidate count."""

    inlier_sets: list[np.ndarray]
    candidate_count: int
    candidates: Candidates = field(repr=False)
    filter_type: str = "SINGLE_SET"

    @property
    def total_inliers(self) -> int:
        return sum(len(s) for s in self.inlier_sets)

    @property
    def inlier_ratio(self) -> float:
        return self.total_inliers / self.candidate_count if self.candidate_count > 0 else 0.0


def _not_enough(count: int, needed: int) -> str:
    return f"{count} data points are not enough to solve the Model, at least {needed} data points required."


class _Model:
    """One mpicbg model instance: its matrix and cost."""

    def __init__(self, model_type: str):
        self.model_type = model_type
        self.min_num_matches = MIN_NUM_MATCHES[model_type]
        self.matrix = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
        self.cost = float(np.finfo(np.float64).max)

    def fit(self, data: Candidates, indexes: np.ndarray) -> None:
        if len(indexes) < self.min_num_matches:
            raise NotEnoughDataPoints(_not_enough(len(indexes), self.min_num_matches))
        self.matrix = models.fit(self.model_type, data.p[indexes], data.q[indexes], data.w[indexes])

    def distances(self, data: Candidates, indexes: np.ndarray | None = None) -> np.ndarray:
        p, q = (data.p, data.q) if indexes is None else (data.p[indexes], data.q[indexes])
        return np.hypot(*(models.apply(self.matrix, p) - q).T)

    def test(self, data: Candidates, epsilon: float, min_inlier_ratio: float,
             min_num_inliers: int) -> tuple[bool, np.ndarray]:
        """AbstractModel.test: inliers closer than epsilon; cost = 1 - inlier ratio."""
        inliers = np.flatnonzero(self.distances(data) < epsilon)
        ratio = len(inliers) / len(data)
        self.cost = max(0.0, min(1.0, 1.0 - ratio))
        return len(inliers) >= min_num_inliers and ratio > min_inlier_ratio, inliers


def _draw_samples(rng: np.random.Generator, count: int, size: int, iterations: int) -> np.ndarray:
    """``iterations`` x ``size`` candidate indexes, distinct within each row (a row drawing an index twice is
    drawn again, as mpicbg's ransac rejects repeated picks)."""
    samples = (rng.random((iterations, size)) * count).astype(np.intp)
    if size > 1:
        for row in range(iterations):
            while len(np.unique(samples[row])) < size:
                samples[row] = (rng.random(size) * count).astype(np.intp)
    return samples


# iterations whose minimal-sample models are tested together (bounds the iterations x candidates arrays)
_BATCH = 128


def ransac(model: _Model, data: Candidates, options: FilterOptions, min_num_inliers: int,
           rng: np.random.Generator) -> np.ndarray:
    """AbstractModel.ransac: the best consensus set found in ``iterations`` samples (empty when none).

    Same steps as mpicbg, iteration by iteration: fit a minimal sample, test it, refit on its inliers until
    they stop growing, keep the model when its cost (1 - inlier ratio) beats the best. The minimal-sample fits
    and first tests are computed for a batch of iterations at once, and the refinement of an initial inlier
    set
    already refined in an earlier iteration is reused (it is deterministic), which changes nothing but
    speed.
    """
    if len(data) < model.min_num_matches:
        raise NotEnoughDataPoints(_not_enough(len(data), model.min_num_matches))
    best_cost = float(np.finfo(np.float64).max)
    best_matrix, inliers = model.matrix, np.zeros(0, dtype=np.intp)
    refined: dict[bytes, tuple[bool, np.ndarray, float, np.ndarray]] = {}
    samples = _draw_samples(rng, len(data), model.min_num_matches, options.iterations)
    for start in range(0, options.iterations, _BATCH):
        batch = samples[start:start + _BATCH]
        matrices, valid = models.fit_minimal_batch(model.model_type, data.p[batch], data.q[batch])
        mapped = np.matmul(data.p[None], matrices[:, :, :2].transpose(0, 2, 1)) + matrices[:, None, :, 2]
        close = np.hypot(*(mapped - data.q[None]).transpose(2, 0, 1)) < options.max_epsilon
        counts = close.sum(axis=1)
        good = valid & (counts >= model.min_num_matches) & (counts / len(data) > options.min_inlier_ratio)
        for row in np.flatnonzero(good):
            key = np.packbits(close[row]).tobytes()
            if key not in refined:
                refined[key] = _refined(model.model_type, data, np.flatnonzero(close[row]), options,
                                        min_num_inliers)
            ok, found, cost, matrix = refined[key]
            if ok and 0 <= cost < best_cost and len(found) >= min_num_inliers:
                best_cost, best_matrix, inliers = cost, matrix, found
    if len(inliers) > 0:
        model.matrix, model.cost = best_matrix, best_cost
    return inliers


def _refined(model_type: str, data: Candidates, found: np.ndarray, options: FilterOptions,
             min_num_inliers: int) -> tuple[bool, np.ndarray, float, np.ndarray]:
    """The inner loop of mpicbg's ransac: refit on the inliers and test again while they grow. Returns
    (still good, inliers, cost, model); not good when a refit is ill defined."""
    trial = _Model(model_type)
    trial.cost = max(0.0, min(1.0, 1.0 - len(found) / len(data)))
    good, count = True, 0
    while good and count < len(found):
        count = len(found)
        try:
            trial.fit(data, found)
        except IllDefinedDataPoints:
            return False, found, trial.cost, trial.matrix
        good, found = trial.test(data, options.max_epsilon, options.min_inlier_ratio, min_num_inliers)
    return good, found, trial.cost, trial.matrix


def robust_filter(model: _Model, data: Candidates, subset: np.ndarray, max_trust: float,
                  min_num_inliers: int) -> tuple[bool, np.ndarray]:
    """AbstractModel.filter: iteratively drop candidates farther than max_trust x the median error. Returns
    mpicbg's result flag and the inlier list as it stands (MatchFilter keeps it even when the flag is
    false)."""
    if len(subset) < model.min_num_matches:
        raise NotEnoughDataPoints(_not_enough(len(subset), model.min_num_matches))
    trial = _Model(model.model_type)
    inliers = subset
    while True:
        previous = inliers
        try:
            trial.fit(data, previous)
        except (IllDefinedDataPoints, NotEnoughDataPoints):
            return False, inliers
        errors = trial.distances(data, previous)
        inliers = previous[errors <= np.median(errors) * max_trust]
        trial.cost = float(errors.mean())
        if len(previous) <= len(inliers):
            break
    if len(previous) < min_num_inliers:
        return False, inliers
    model.matrix, model.cost = trial.matrix, trial.cost
    return True, inliers


def filter_ransac(model: _Model, data: Candidates, options: FilterOptions, max_trust: float,
                  rng: np.random.Generator) -> tuple[bool, np.ndarray]:
    """AbstractModel.filterRansac: RANSAC, then the robust regression filter on its consensus set."""
    candidates = ransac(model, data, options, options.min_num_inliers, rng)
    if len(candidates) == 0:
        return False, np.zeros(0, dtype=np.intp)
    return robust_filter(model, data, candidates, max_trust, options.min_num_inliers)


def _post_processed(inliers: np.ndarray, options: FilterOptions, rng: np.random.Generator) -> np.ndarray:
    """MatchFilter.postProcessInliers: drop a set smaller than minNumInliers, cap it at maxNumInliers."""
    if 0 < len(inliers) < options.min_num_inliers:
        return inliers[:0]
    limit = options.max_num_inliers
    if limit is not None and limit > 0 and len(inliers) > limit:
        inliers = rng.permutation(inliers)[:limit]
    return inliers


def filter_matches(data: Candidates, options: FilterOptions, rng: np.random.Generator) -> np.ndarray:
    """MatchFilter.filterMatches (SINGLE_SET)."""
    if len(data) == 0:
        return np.zeros(0, dtype=np.intp)
    try:
        _, inliers = filter_ransac(_Model(options.model_type), data, options, options.max_trust, rng)
    except NotEnoughDataPoints:
        inliers = np.zeros(0, dtype=np.intp)
    return _post_processed(inliers, options, rng)


def filter_consensus_matches(data: Candidates, options: FilterOptions,
                             rng: np.random.Generator) -> list[np.ndarray]:
    """MatchFilter.filterConsensusMatches: repeatedly take the best consensus set out of the candidates."""
    remaining = np.arange(len(data))
    found: list[np.ndarray] = []
    while True:
        try:
            ok, inliers = filter_ransac(_Model(options.model_type), data.subset(remaining), options,
                                        CONSENSUS_MAX_TRUST, rng)
        except NotEnoughDataPoints:
            ok = False
        if not ok:
            break
        chosen = remaining[inliers]
        found.append(chosen)
        remaining = np.setdiff1d(remaining, chosen, assume_unique=True)
    processed = [_post_processed(inliers, options, rng) for inliers in found]
    return [inliers for inliers in processed if len(inliers) > 0]


def build_match_result(data: Candidates, options: FilterOptions) -> MatchResult:
    """MatchFilter.buildMatchResult for the options' filter type."""
    rng = np.random.default_rng(RANSAC_SEED)
    if options.filter_type == "NONE":
        sets = [np.arange(len(data))]
    elif options.filter_type == "SINGLE_SET":
        sets = [filter_matches(data, options, rng)]
    else:
        consensus = filter_consensus_matches(data, options, rng)
        if options.filter_type == "CONSENSUS_SETS":
            sets = consensus
        else:
            sets = [np.concatenate(consensus) if consensus else np.zeros(0, dtype=np.intp)]
    return MatchResult(sets, len(data), data, options.filter_type)
