"""render-app OrderedCanvasIdPairTest, ported: the pair order shows in the pairs TilePairClient writes
(TileBoundsRTree.java:309-320 builds every pair as an OrderedCanvasIdPair).

Java assertions ported (4 of 4, OrderedCanvasIdPairTest.java:14-26): (tile-1, tile-2) keeps p = tile-1,
q = tile-2; (tile-9, tile-5) becomes p = tile-5, q = tile-9. In render's test the order of the
constructor's arguments is the point; through the client the nearest equivalent is the source tile
order, so tile-9 lies left of tile-5 (and is listed first) and still ends up as q.
"""

from __future__ import annotations

import pytest

GROUP = "99.0"  # OrderedCanvasIdPairTest.getCanvasId (:27-29)


@pytest.mark.parametrize(("first", "second", "expected_p", "expected_q"), [
    ("tile-1", "tile-2", "tile-1", "tile-2"),   # :16-18
    ("tile-9", "tile-5", "tile-5", "tile-9"),   # :20-22
])
def test_normalization(put_bounds, tile_pairs, first, second, expected_p, expected_q):
    put_bounds("pair_order", [(first, GROUP, 99.0, 0, 0, 100, 100), (second, GROUP, 99.0, 90, 0, 190, 100)])
    pairs = tile_pairs("pair_order", "--zNeighborDistance", "0").pairs
    assert len(pairs) == 1
    assert (pairs[0]["p"]["groupId"], pairs[0]["p"]["id"]) == (GROUP, expected_p)
    assert (pairs[0]["q"]["groupId"], pairs[0]["q"]["id"]) == (GROUP, expected_q)
