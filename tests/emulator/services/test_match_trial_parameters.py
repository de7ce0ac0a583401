"""Match trial parameters as render-ws reads and writes them (MatchTrialParameters / MatchDerivationParameters
read by Jackson, validateAndSetDefaults, written back by JsonUtils)."""

from __future__ import annotations

from render_emulator.services.match_trial import _sufficient_coverage, parameters_json, parse_trial_parameters

URL = "http://localhost:8080/render-ws/v1/owner/o/project/p/stack/s/tile/{}/render-parameters?scale=0.5"


def body(**match) -> dict:
    return {"featureAndMatchParameters": {"siftFeatureParameters": {},
                                          "matchDerivationParameters": match},
            "pRenderParametersUrl": URL.format("a"), "qRenderParametersUrl": URL.format("b")}


def test_float_fields_keep_float_precision():
    """matchRod, matchMaxEpsilon, matchMaxEpsilonFullScale and matchMinInlierRatio are java.lang.Float
    (MatchDerivationParameters.java:47, 80, 91, 102): Jackson rounds 0.123456789 to the float 0.12345679
    and writes it back as Float.toString does; matchMaxTrust (a Double, line 120) keeps every digit."""
    parsed = parse_trial_parameters(body(matchRod=0.123456789, matchMaxEpsilon=2.7182818284,
                                         matchMaxEpsilonFullScale=1.0000001192092896,
                                         matchMinInlierRatio=0.333333333333, matchMaxTrust=3.3333333333))
    derivation = parameters_json(parsed)["featureAndMatchParameters"]["matchDerivationParameters"]
    assert derivation["matchRod"] == 0.12345679
    assert derivation["matchMaxEpsilon"] == 2.7182817
    assert derivation["matchMaxEpsilonFullScale"] == 1.0000001
    assert derivation["matchMinInlierRatio"] == 0.33333334
    assert derivation["matchMaxTrust"] == 3.3333333333


def test_defaults_written_as_floats():
    """setDefaults (MatchDerivationParameters.java:158-180): matchRod 0.92f is written as 0.92."""
    derivation = parameters_json(parse_trial_parameters(body(matchMaxEpsilon=3)))[
        "featureAndMatchParameters"]["matchDerivationParameters"]
    assert derivation["matchRod"] == 0.92 and derivation["matchMaxEpsilon"] == 3.0
    assert derivation["matchMinInlierRatio"] == 0.0 and derivation["matchIterations"] == 1000


def test_coverage_of_an_empty_overlap_is_never_sufficient():
    """PointMatchQualityStats.hasSufficientCoverage (PointMatchQualityStats.java:139-148) divides the covered
    pixels by a double: 0 / 0.0 is NaN, and NaN >= 0.0 is false, so StageMatcher drops the matches even for a
    minimum of 0 %."""
    empty = {"overlappingImagePixels": 0, "overlappingCoveragePixels": 0}
    assert not _sufficient_coverage(empty, 0.0)
    assert _sufficient_coverage({"overlappingImagePixels": 400, "overlappingCoveragePixels": 100}, 25.0)
    assert not _sufficient_coverage({"overlappingImagePixels": 400, "overlappingCoveragePixels": 99}, 25.0)
