"""HierarchicalDataService routes: tierData, missingTierMatchLayers, clusteredTileBoundsForCollection."""

import json

V1 = "/render-ws/v1/owner/o"
AFFINE = "mpicbg.trakem2.transform.AffineModel2D"


def tile(tile_id, z, x, section):
    return {"tileId": tile_id, "z": z, "width": 10, "height": 10, "layout": {"sectionId": section},
            "mipmapLevels": {"0": {"imageUrl": "file:/x.png"}},
            "transforms": {"type": "list",
                           "specList": [{"className": AFFINE, "dataString": f"1 0 0 1 {x} 0"}]}}


def make_stack(client, project, stack, tiles, hierarchical=None):
    base = f"{V1}/project/{project}/stack/{stack}"
    assert client.post(base, json={}).status_code == 201
    body = {"tileIdToSpecMap": {t["tileId"]: t for t in tiles}}
    assert client.put(f"{base}/resolvedTiles?deriveData=true", json=body).status_code == 201
    if hierarchical is not None:
        assert client.put(f"{base}/hierarchicalData", json=hierarchical).status_code == 200
    return base


def save_pairs(client, collection, *pairs, owner="o"):
    body = [{"pGroupId": pg, "pId": p, "qGroupId": qg, "qId": q,
             "matches": {"p": [[0.0], [0.0]], "q": [[0.0], [0.0]], "w": [1.0]}} for pg, p, qg, q in pairs]
    response = client.put(f"/render-ws/v1/owner/{owner}/matchCollection/{collection}/matches", json=body)
    assert response.status_code == 201


def hierarchical(collection, aligned, pairs):
    return {"alignedStackId": {"owner": "o", "project": "tier", "stack": aligned},
            "matchCollectionId": {"owner": "o", "name": collection}, "savedMatchPairCount": pairs}


def test_delete_tier_data(client):
    make_stack(client, "tier", "split", [tile("a", 1.0, 0, "1.0")], hierarchical("c0", "split_align", 1))
    make_stack(client, "tier", "split_align", [tile("a", 1.0, 0, "1.0")])
    save_pairs(client, "c0", ("1.0", "a", "1.0", "b"))
    response = client.delete(f"{V1}/project/tier/tierData")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert response.get_data(as_text=True) == (
        "removed 2 stacks and 1 match collections for project 'tier' owned by 'o'")
    assert client.get(f"{V1}/project/tier/stacks").get_json() == []
    assert client.get(f"{V1}/matchCollections").get_json() == []


def test_missing_tier_match_layers(client):
    base = make_stack(client, "tier", "split", [tile("a", 1.0, 0, "1.0"), tile("b", 2.0, 0, "2.0")],
                      hierarchical("c0", "x", 4))
    save_pairs(client, "c0", ("1.0", "a", "1.0", "b"))
    response = client.get(f"{base}/missingTierMatchLayers")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "[2.0]"
    response = client.get(f"{V1}/project/tier/missingTierMatchLayers")
    assert json.loads(response.get_data(as_text=True)) == [
        {"stackId": {"owner": "o", "project": "tier", "stack": "split"}, "zValues": [2.0]}]
    plain = make_stack(client, "tier", "plain", [tile("a", 1.0, 0, "1.0")])
    response = client.get(f"{plain}/missingTierMatchLayers")
    assert response.status_code == 400
    assert response.get_data(as_text=True) == (
        "stack with owner 'o', project 'tier', and name 'plain' does not have hierarchical data")
    assert client.get(f"{V1}/project/tier/stack/none/missingTierMatchLayers").status_code == 404


def test_clustered_tile_bounds_for_collection(client):
    base = make_stack(client, "p", "s", [tile("a", 1.0, 0, "s1"), tile("b", 1.0, 5, "s1"),
                                         tile("c", 1.0, 50, "s2"), tile("d", 1.0, 60, "s2"),
                                         tile("e", 1.0, 70, "s2")])
    save_pairs(client, "c", ("s1", "a", "s1", "b"), ("s2", "c", "s2", "d"), ("s2", "d", "s2", "e"),
               owner="m")
    response = client.get(f"{base}/z/1/clusteredTileBoundsForCollection/c?matchOwner=m")
    assert response.status_code == 200
    clusters = response.get_json()
    assert [[b["tileId"] for b in cluster] for cluster in clusters] == [["a", "b"], ["d", "e", "c"]]
    assert clusters[0][1] == {"minX": 5.0, "minY": 0.0, "maxX": 15.0, "maxY": 10.0,
                              "tileId": "b", "sectionId": "s1", "z": 1.0}
    missing = client.get(f"{base}/z/1/clusteredTileBoundsForCollection/c")   # owner o has no collection c
    assert missing.status_code == 404
    assert client.get(f"{base}/z/9/clusteredTileBoundsForCollection/c").get_json() == []
    assert client.get(f"{base}/z/abc/clusteredTileBoundsForCollection/c").status_code == 404
