"""POST …/stack/{stack}/pairResidualCalculation (HierarchicalDataService.java:622-690 with
ResidualCalculator.java), with the tiles and matches of render-app's ResidualCalculatorTest as the oracle.

The expected distances follow from that test's data alone: its match tiles have no transforms (local =
stored match coordinates) and its aligned tiles are the two AffineModel2D data strings, so each residual is
|A_p(p) - A_q(q)|; median / mean / max / RMSE are computed as ResidualCalculator.run defines them."""

from __future__ import annotations

import math

import numpy as np
import pytest
from response_checks import assert_error

V1 = "/render-ws/v1/owner/tester/project/testProject"
AFFINE = "mpicbg.trakem2.transform.AffineModel2D"
P_ID, Q_ID = "151217110113032085.535.0", "151217110113033085.535.0"
# ResidualCalculatorTest.testRun: aligned data strings and the 13 stored matches
P_ALIGNED = ("-0.999639554083 -0.005504829254 0.004191949996 -1.001725487903 35784.416966470395 "
             "34978.608372966301")
Q_ALIGNED = ("-1.001433887474 -0.005109778257 0.005917430007 -1.000864015786 33794.433334533365 "
             "34936.117736529850")
MATCHES = {
    "p": [[2560.1941965996325, 2413.9112942072984, 2251.435464934693, 2329.8600573814765, 2211.092952452758,
           2555.4460121944217, 2250.329455385571, 2398.068442078769, 2395.4977683697925, 2391.1115953227527,
           2252.883919346284, 2194.5220204070743, 2563.853227802642],
          [565.3970791378985, 411.3584295909637, 2069.6431122079316, 1818.9130883125376, 1168.8230563077875,
           476.4527422135635, 2052.155563818892, 2029.7708176014512, 1809.7939391200136, 1801.614570450891,
           1801.293083285957, 1800.5741896077263, 601.4353336995042]],
    "q": [[566.8473967742441, 423.377389666387, 258.00346745927595, 335.709934133493, 217.25216114449387,
           562.6997540981155, 258.0194971631647, 403.7424335497306, 402.6878793541385, 398.54554557954407,
           261.10426183584826, 201.15684802206715, 569.5727620093525],
          [533.3904989216358, 377.137526111664, 2037.5048709254368, 1785.7718930116732, 1134.763306819837,
           443.1958247188568, 2019.6823761456749, 1998.8216258172304, 1778.0862520400428, 1768.9313919357605,
           1769.7979329469345, 1770.1668410990153, 568.6040573691449]],
    "w": [1.0] * 13,
}


def tile(tile_id: str, specs: list[dict]) -> dict:
    return {"tileId": tile_id, "z": 535.0, "width": 2560, "height": 2160, "layout": {"sectionId": "535.0"},
            "mipmapLevels": {"0": {"imageUrl": "file:/x.png"}},
            "transforms": {"type": "list", "specList": specs}}


def make_stack(client, stack: str, tiles: list[dict]) -> None:
    base = f"{V1}/stack/{stack}"
    assert client.post(base, json={}).status_code == 201
    body = {"tileIdToSpecMap": {t["tileId"]: t for t in tiles}}
    assert client.put(f"{base}/resolvedTiles?deriveData=true", json=body).status_code == 201


@pytest.fixture
def residual_data(client):
    """ResidualCalculatorTest's match stack (untransformed tiles), aligned stack and stored matches."""
    make_stack(client, "matchStack", [tile(P_ID, []), tile(Q_ID, [])])
    make_stack(client, "testStack", [tile(P_ID, [{"className": AFFINE, "dataString": P_ALIGNED}]),
                                     tile(Q_ID, [{"className": AFFINE, "dataString": Q_ALIGNED}])])
    pair = {"pGroupId": "535.0", "pId": P_ID, "qGroupId": "535.0", "qId": Q_ID, "matches": MATCHES}
    assert client.put("/render-ws/v1/owner/tester/matchCollection/testMatches/matches",
                      json=[pair]).status_code == 201


def input_data(p_id=P_ID, q_id=Q_ID, include_details=True, collection="testMatches") -> dict:
    return {"pTileId": p_id, "qTileId": q_id,
            "matchRenderStackId": {"owner": "tester", "project": "testProject", "stack": "matchStack"},
            "matchCollectionId": {"owner": "tester", "name": collection}, "includeDetails": include_details}


def expected_distances() -> list[float]:
    def world(data_string: str, points: list[list[float]]) -> np.ndarray:
        m00, m10, m01, m11, b0, b1 = (float(v) for v in data_string.split())
        x, y = np.array(points)
        return np.stack([m00 * x + m01 * y + b0, m10 * x + m11 * y + b1], 1)
    delta = world(P_ALIGNED, MATCHES["p"]) - world(Q_ALIGNED, MATCHES["q"])
    return sorted(float(d) for d in np.hypot(delta[:, 0], delta[:, 1]))


def post(client, body):
    return client.post(f"{V1}/stack/testStack/pairResidualCalculation", json=body)


def test_residual_calculator_test_data(client, residual_data):
    response = post(client, input_data())
    assert response.status_code == 200
    result = response.get_json()
    distances = expected_distances()
    assert list(result) == ["alignedStackId", "inputData", "medianDistance", "meanDistance", "maxDistance",
                            "rootMeanSquareError", "distanceList"]
    assert result["alignedStackId"] == {"owner": "tester", "project": "testProject", "stack": "testStack"}
    assert result["inputData"] == input_data()
    assert result["distanceList"] == pytest.approx(distances, rel=1e-9)
    assert result["medianDistance"] == pytest.approx(distances[6], rel=1e-9)   # 13 values: the 7th
    assert result["meanDistance"] == pytest.approx(sum(distances) / 13, rel=1e-9)
    assert result["maxDistance"] == pytest.approx(distances[-1], rel=1e-9)
    rmse = math.sqrt(sum(d * d for d in distances) / 13)
    assert result["rootMeanSquareError"] == pytest.approx(rmse, rel=1e-9)


def test_swapped_ids_and_no_details(client, residual_data):
    """q given as pTileId: the service swaps to the stored pair's order but echoes the input as sent; without
    includeDetails the distance list is left out (ResidualCalculator.java:108-112)."""
    body = input_data(p_id=Q_ID, q_id=P_ID, include_details=False)
    result = post(client, body).get_json()
    assert result["inputData"] == body and "distanceList" not in result
    assert result["maxDistance"] == pytest.approx(expected_distances()[-1], rel=1e-9)


def test_missing_pair_tile_and_ids(client, residual_data):
    make_stack(client, "other", [tile("lonely", [])])
    assert_error(post(client, input_data(collection="nothing")), 404,
                 "match collection 'tester__nothing' does not exist")
    assert_error(post(client, input_data(p_id="absent")), 404,
                 "tile spec with id 'absent' does not exist in the "
                 "render.tester__testProject__matchStack__tile collection")
    assert_error(post(client, input_data(p_id=None)), 400, "tileId value must be specified")
    assert_error(post(client, {**input_data(), "matchRenderStackId": None}), 400,
                 "stackId value must be specified")


def test_matches_outside_the_match_tiles_are_not_invertible(client):
    """Every stored match lies outside the normalised match tile (its first transform moves it 10000 px
    away; normalizeForMatching drops only the last one): 400 (HierarchicalDataService.java:672-676)."""
    far = {"className": AFFINE, "dataString": "1 0 0 1 10000 10000"}
    last = {"className": AFFINE, "dataString": "1 0 0 1 5 5"}
    make_stack(client, "matchStack", [tile(P_ID, [far, last]), tile(Q_ID, [far, last])])
    pair = {"pGroupId": "535.0", "pId": P_ID, "qGroupId": "535.0", "qId": Q_ID, "matches": MATCHES}
    client.put("/render-ws/v1/owner/tester/matchCollection/testMatches/matches", json=[pair])
    assert_error(post(client, input_data()), 400,
                 "match collection with owner 'tester', and name 'testMatches' has 13 matches between "
                 f"{P_ID} and {Q_ID} but none of them are invertible")
