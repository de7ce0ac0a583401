"""render-app SortedConnectedCanvasIdClustersTest, ported: render-ws clusters a layer's tiles by their
matches with SortedConnectedCanvasIdClusters in
``GET …/z/{z}/clusteredTileBoundsForCollection/{matchCollection}`` (HierarchicalDataService.java:523-608),
one list of tile bounds per connected cluster. The test's canvases become tiles of one layer, each with
its canvas groupId as sectionId, so every match of the test is read back by that endpoint
(HierarchicalDataService.java:566-590).

Java assertions ported (4 of 4): testCrossLayerClusters 2 clusters (:17-49); testMergeOverlappingClusters
2 clusters for batch 1, 1 for batch 2 (:51-86), and 1 after ``mergeOverlappingClusters`` (:88-91), shown
as the clusters of one collection holding both batches (merging clusters that share a canvas gives the
connected sets of the union). Not shown through HTTP: the merge as a separate operation.
"""

from __future__ import annotations

import requests

import renderapi

STACK = "cluster_test"
Z = 1.0


def match(p_group: str, p_id: str, q_group: str, q_id: str, count: int) -> dict:
    points = [[float(i) for i in range(count)], [0.0] * count]
    return {"pGroupId": p_group, "pId": p_id, "qGroupId": q_group, "qId": q_id,
            "matches": {"p": points, "q": points, "w": [1.0] * count}}


def store(render, put_bounds, collection: str, matches: list[dict]) -> None:
    canvases = {(m["pGroupId"], m["pId"]) for m in matches} | {(m["qGroupId"], m["qId"]) for m in matches}
    put_bounds(STACK, [(tile_id, group, Z, 100 * i, 0, 100 * i + 100, 100)
                       for i, (group, tile_id) in enumerate(sorted(canvases))])
    renderapi.pointmatch.import_matches(collection, matches, render=render)


def clusters(render, render_server, collection: str) -> list[list[dict]]:
    url = (f"{render_server.base_url}/owner/{render.DEFAULT_OWNER}/project/{render.DEFAULT_PROJECT}"
           f"/stack/{STACK}/z/{Z}/clusteredTileBoundsForCollection/{collection}")
    response = requests.get(url, timeout=60)
    assert response.status_code == 200, response.text
    return response.json()


def test_cross_layer_clusters(render, render_server, put_bounds):
    """:17-49: 36920-36921-36922 and 36924-36925 are two connected sets."""
    store(render, put_bounds, "cross_layer", [
        match("36924.0", "z_36924.0_box...", "36925.0", "z_36925.0_box...", 1),
        match("36920.0", "z_36920.0_box...", "36921.0", "z_36921.0_box...", 2),
        match("36921.0", "z_36921.0_box...", "36922.0", "z_36922.0_box...", 3),
    ])
    assert len(clusters(render, render_server, "cross_layer")) == 2


BATCH_1 = [match("1", "a1", "2", "a2", 1), match("2", "a2", "3", "a3", 1),
           match("1", "b1", "2", "b2", 1), match("2", "b2", "3", "b3", 1)]
BATCH_2 = [match("3", "a3", "4", "a4", 1), match("3", "b3", "4", "b4", 1), match("4", "a4", "4", "b4", 1)]


def test_merge_overlapping_clusters(render, render_server, put_bounds):
    """:51-91: a1-a2-a3 and b1-b2-b3 (2 clusters); a3-a4-b4-b3 (1 cluster); together 1 cluster."""
    store(render, put_bounds, "batch_one", BATCH_1)
    store(render, put_bounds, "batch_two", BATCH_2)
    store(render, put_bounds, "both_batches", BATCH_1 + BATCH_2)
    assert len(clusters(render, render_server, "batch_one")) == 2
    assert len(clusters(render, render_server, "batch_two")) == 1
    merged = clusters(render, render_server, "both_batches")
    assert len(merged) == 1
    assert sorted(tile["tileId"] for tile in merged[0]) == ["a1", "a2", "a3", "a4", "b1", "b2", "b3", "b4"]
