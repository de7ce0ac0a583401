"""owner/{owner}/matchTrial[/{trialId}] (MatchService.java:681-760, MatchTrial.java, MatchDao.java:525-574).

Served by a live EmulatorServer because a trial loads its canvases' render parameters over HTTP, as render-ws
does. Tiles are crops of one texture (tile b starts 200 columns into tile a), so the true correspondence is
p - q = (200, 0); tile far holds an unrelated texture.
"""

from __future__ import annotations

import numpy as np
import pytest
import requests
from PIL import Image
from scipy import ndimage

import renderapi
from render_emulator.server import EmulatorServer
from renderapi.tilespec import Layout, TileSpec
from renderapi.transform import AffineModel

SHIFT = 200.0
SIZE = (512, 400)
STATS_FIELDS = [
    "pFeatureCount",
    "pFeatureDerivationMilliseconds",
    "qFeatureCount",
    "qFeatureDerivationMilliseconds",
    "consensusSetSizes",
    "matchDerivationMilliseconds",
    "aggregateDeltaXStandardDeviation",
    "aggregateDeltaYStandardDeviation",
    "consensusSetDeltaXStandardDeviations",
    "consensusSetDeltaYStandardDeviations",
    "overlappingImagePixels",
    "overlappingCoveragePixels",
    "matchQualityMilliseconds",
]


def texture(seed: int, shape: tuple[int, int]) -> np.ndarray:
    rng = np.random.default_rng(seed)
    fine, coarse = (ndimage.gaussian_filter(rng.random(shape), sigma) for sigma in (2.5, 6))
    smooth = fine + 2 * coarse
    return np.rint((smooth - smooth.min()) / (smooth.max() - smooth.min()) * 255).astype(np.uint8)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("trial_tiles")
    image = texture(7, (SIZE[1], SIZE[0] + int(SHIFT)))
    pixels = {"a": image[:, : SIZE[0]], "b": image[:, int(SHIFT) :], "far": texture(99, (SIZE[1], SIZE[0]))}
    specs = []
    for name, data in pixels.items():
        path = folder / f"{name}.png"
        Image.fromarray(data).save(path)
        x = {"a": 0.0, "b": SHIFT, "far": 5000.0}[name]
        specs.append(
            TileSpec(
                tileId=name,
                z=1.0,
                width=SIZE[0],
                height=SIZE[1],
                minint=0,
                maxint=255,
                imageUrl=f"file:{path}",
                layout=Layout(sectionId="1.0"),
                tforms=[AffineModel(B0=x, B1=0.0)],
            )
        )
    with EmulatorServer(port=0) as emulator:
        render = renderapi.connect(
            host=f"http://{emulator.host}", port=emulator.port, owner="trialOwner", project="p", web_only=True
        )
        renderapi.stack.create_stack("s", render=render)
        renderapi.resolvedtiles.put_tilespecs("s", tilespecs=specs, render=render)
        yield emulator
    assert emulator.exceptions == []


def tile_url(server, tile_id: str, query: str = "?scale=0.5&filter=false") -> str:
    return f"{server.base_url}/owner/trialOwner/project/p/stack/s/tile/{tile_id}/render-parameters{query}"


def trial_body(server, p="a", q="b", **match) -> dict:
    return {
        "featureAndMatchParameters": {
            "siftFeatureParameters": {"minScale": 0.25, "maxScale": 1.0},
            "matchDerivationParameters": {"matchModelType": "TRANSLATION", "matchMaxEpsilon": 3.0, **match},
        },
        "pRenderParametersUrl": tile_url(server, p),
        "qRenderParametersUrl": tile_url(server, q),
    }


def post(server, body):
    return requests.post(f"{server.base_url}/owner/trialOwner/matchTrial", json=body, timeout=60)


def test_trial_recovers_the_shift_and_is_stored(server):
    response = post(server, trial_body(server))
    assert response.status_code == 200, response.text
    trial = response.json()
    assert list(trial) == ["id", "parameters", "matches", "stats"] and len(trial["id"]) == 24
    # validateAndSetDefaults filled in FeatureExtractionParameters / MatchDerivationParameters defaults
    assert trial["parameters"]["featureAndMatchParameters"] == {
        "siftFeatureParameters": {"fdSize": 8, "minScale": 0.25, "maxScale": 1.0, "steps": 3},
        "matchDerivationParameters": {
            "matchRod": 0.92,
            "matchModelType": "TRANSLATION",
            "matchIterations": 1000,
            "matchMaxEpsilon": 3.0,
            "matchMinInlierRatio": 0.0,
            "matchMinNumInliers": 4,
            "matchMaxTrust": 3.0,
            "matchFilter": "SINGLE_SET",
            "matchFullScaleCoverageRadius": 300.0,
        },
    }
    (matches,) = trial["matches"]
    p, q = np.array(matches["p"]).T, np.array(matches["q"]).T
    assert len(p) >= 20 and np.abs(p - q - [SHIFT, 0.0]).max() <= 2.0  # one canvas pixel at scale 0.5
    stats = trial["stats"]
    assert list(stats) == STATS_FIELDS
    assert (
        stats["consensusSetSizes"] == [len(p)] and stats["pFeatureCount"] > 0 and stats["qFeatureCount"] > 0
    )
    # the two 512 x 400 tiles overlap by 312 x 400 full-scale pixels, nearly all within 300 px of a match
    assert stats["overlappingImagePixels"] == pytest.approx(312 * 400, rel=0.05)
    assert (
        0.9 * stats["overlappingImagePixels"]
        <= stats["overlappingCoveragePixels"]
        <= stats["overlappingImagePixels"]
    )
    assert stats["aggregateDeltaXStandardDeviation"] < 1.0
    stored = requests.get(f"{server.base_url}/owner/trialOwner/matchTrial/{trial['id']}", timeout=10)
    assert stored.status_code == 200
    # MatchTrial.fromJson of the stored document leaves id unset
    assert stored.json() == {k: v for k, v in trial.items() if k != "id"}
    assert server.store.find_match_trial(trial["id"]) == stored.json()
    assert requests.get(f"{server.base_url}/owner/trialOwner/matchCollections", timeout=10).json() == []


def test_same_trial_same_matches(server):
    first, second = (post(server, trial_body(server)).json() for _ in range(2))
    assert first["matches"] == second["matches"] and first["id"] != second["id"]


def test_pair_without_overlap_has_no_matches(server):
    trial = post(server, trial_body(server, "a", "far", matchMinNumInliers=10)).json()
    assert trial["matches"] == [] and trial["stats"]["consensusSetSizes"] == [0]
    assert "overlappingImagePixels" not in trial["stats"]


def test_delete_then_get(server):
    trial_id = post(server, trial_body(server)).json()["id"]
    url = f"{server.base_url}/owner/trialOwner/matchTrial/{trial_id}"
    assert requests.delete(url, timeout=10).status_code == 200
    missing = requests.get(url, timeout=10)
    assert missing.status_code == 404
    assert (
        missing.text
        == f"match trial with id '{trial_id}' does not exist in the match.aaa_match_trial collection"
    )
    assert requests.delete(url, timeout=10).status_code == 200  # removed or not found
    bad = requests.get(f"{server.base_url}/owner/trialOwner/matchTrial/nope", timeout=10)
    assert bad.status_code == 400 and bad.text == "invalid hexadecimal representation of an ObjectId: [nope]"


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda body: None, "no parameters provided"),
        (
            lambda body: {k: v for k, v in body.items() if k != "featureAndMatchParameters"},
            "featureAndMatchParameters are not defined",
        ),
        (
            lambda body: {**body, "featureAndMatchParameters": {"matchDerivationParameters": {}}},
            "siftFeatureParameters must be defined",
        ),
        (
            lambda body: {**body, "featureAndMatchParameters": {"siftFeatureParameters": {}}},
            "feature matchDerivationParameters must be defined",
        ),
        (
            lambda body: {
                **body,
                "featureAndMatchParameters": {**body["featureAndMatchParameters"], "clipPixels": 100},
            },
            "pClipPosition must be defined when clipPixels is defined",
        ),
        (
            lambda body: {k: v for k, v in body.items() if k != "qRenderParametersUrl"},
            "qRenderParametersUrl is not defined",
        ),
        (
            lambda body: {
                **body,
                "pRenderParametersUrl": "http://host/render-ws/v1/owner/o/box/render-parameters",
            },
            "tileUrlString 'http://host/render-ws/v1/owner/o/box/render-parameters' does not match pattern",
        ),
    ],
)
def test_invalid_parameters(server, change, message):
    """MatchTrialParameters.validateAndSetDefaults and MatchTrial.getTileUrlMatcher (400)."""
    response = post(server, change(trial_body(server)))
    assert response.status_code == 400 and response.text == message


def test_p_after_q_must_be_swapped(server):
    response = post(server, trial_body(server, "b", "a"))
    assert response.status_code == 400
    assert (
        response.text
        == "P and Q render parameters URLs must be swapped because P canvasId b is greater than "
        "Q canvasId a"
    )


def test_geometric_descriptor_matching_is_refused(server):
    body = {**trial_body(server), "geometricDescriptorAndMatchFilterParameters": {"gdEnabled": True}}
    response = post(server, body)
    assert response.status_code == 400 and "geometric descriptor matching" in response.text


def test_insufficient_coverage_drops_the_matches_but_keeps_the_stats(server):
    """StageMatcher: with matchMinCoveragePercentage, SIFT matches are kept only when the covered share of the
    overlap reaches it (PointMatchQualityStats.hasSufficientCoverage); a 1 px radius covers almost nothing."""
    body = trial_body(server, matchMinCoveragePercentage=50.0, matchFullScaleCoverageRadius=1.0)
    trial = post(server, body).json()
    assert trial["matches"] == [] and trial["stats"]["consensusSetSizes"][0] >= 20
    assert trial["stats"]["overlappingCoveragePixels"] < 0.5 * trial["stats"]["overlappingImagePixels"]
