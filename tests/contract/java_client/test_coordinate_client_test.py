"""render-ws-java-client CoordinateClientTest, ported: CoordinateClient run through ``run_ws_client.sh``
(``--fromJson``/``--toJson``, world -> local and ``--localToWorld``) against a stack written through the
REST API. render's test calls ``worldToLocal``/``localToWorld`` with an in-memory tile collection; here
the client fetches the same tile (``tile-1``, z 9.9, 2560 x 2160, no transforms:
CoordinateClientTest.java:279-285) from render-ws, so the world points must lie on it.

Java assertions ported (17 of 27):
- testRoundTripMapping / testMultiThreadedRoundTripMapping (:31-39, :207-277) 11 of 11, with 1 and with
  3 threads: list counts, one coordinate per list, no error, local = world (0.001), round trip tile ids
  and world values (0.01).
- testMissingCoordinatesErrors (:41-86) 6 of 6: points off every tile answer one entry each without
  tileId or local, with an error matching ``no tile.*<i>.0,.*`` (CoordinateClient.java:691-695).
Not shown: testParameterParsing (in-process ``parseHelp``); testGetBatchIndexes (3 assertions on a
static helper, no output); testSwcHelper (3 assertions, the SWC directory modes: not emulated, see
README "Known differences"); testRealClient (4 assertions, @Ignore'd in render: needs render's FAFB00
server).
"""

from __future__ import annotations

import json
import re

import pytest

STACK = "coordinate_test"
Z = 9.9
CLASS_NAME = "org.janelia.render.client.CoordinateClient"


@pytest.fixture
def coordinate_stack(put_bounds):
    put_bounds(STACK, [("tile-1", "9.9", Z, 0, 0, 2560, 2160)])
    return STACK


@pytest.fixture
def map_coordinates(java_client, tmp_path):
    """``map_coordinates(value, *args)``: write value to a file, run CoordinateClient, read its output."""
    counter = iter(range(1000))

    def run(value, *args):
        number = next(counter)
        source, target = tmp_path / f"in_{number}.json", tmp_path / f"out_{number}.json"
        source.write_text(json.dumps(value))
        done = java_client(CLASS_NAME, "--stack", STACK, "--z", Z, "--fromJson", source, "--toJson", target,
                           *args)
        assert done.returncode == 0, done.output
        return json.loads(target.read_text())
    return run


@pytest.mark.parametrize("threads", [1, 3])
def test_round_trip_mapping(coordinate_stack, map_coordinates, threads):
    world = [{"tileId": "tile-1", "world": [float(i), float(i + 1), Z]} for i in range(threads)]
    local_lists = map_coordinates(world, "--numberOfThreads", threads)
    assert len(local_lists) == len(world)                                          # :228-229
    for world_coordinates, local_list in zip(world, local_lists, strict=True):
        assert len(local_list) == 1                                                # :235
        local = local_list[0]
        assert "error" not in local, local                                         # :240-242
        assert local["local"][0] == pytest.approx(world_coordinates["world"][0], abs=0.001)   # :244-245
        assert local["local"][1] == pytest.approx(world_coordinates["world"][1], abs=0.001)   # :247-248

    round_trip = map_coordinates(local_lists, "--localToWorld", "--numberOfThreads", threads)
    assert len(round_trip) == len(world)                                           # :253-254
    for world_coordinates, mapped in zip(world, round_trip, strict=True):
        assert mapped["tileId"] == world_coordinates["tileId"]                     # :263-264
        assert len(mapped["world"]) == len(world_coordinates["world"])            # :268-269
        assert mapped["world"] == pytest.approx(world_coordinates["world"], abs=0.01)          # :270-273


def test_missing_coordinates_errors(put_bounds, map_coordinates):
    """Points (0, 0) and (1, 1) of a layer whose only tile lies elsewhere."""
    put_bounds(STACK, [("far-tile", "9.9", Z, 5000, 5000, 5100, 5100)])
    local_lists = map_coordinates([{"world": [0.0, 0.0]}, {"world": [1.0, 1.0]}])
    assert len(local_lists) == 2                                                   # :61-62
    for i, local_list in enumerate(local_lists):
        assert len(local_list) == 1                                                # :71-72
        local = local_list[0]
        assert local.get("tileId") is None                                         # :75-76
        assert local.get("local") is None                                          # :77-78
        assert local.get("error") is not None                                      # :80-82
        assert re.fullmatch(rf"no tile.*{i}\.0,.*", local["error"]), local["error"]   # :83-84
