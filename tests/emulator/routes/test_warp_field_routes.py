"""GET z/{z}/affineWarpFieldTransform(Debug) (HierarchicalDataService.java:334-512): a layer's tier-stack
alignments gathered into one AffineWarpFieldTransform spec; expected values hand-derived from the Java."""

import pytest
from response_checks import assert_error, text

V1 = "/render-ws/v1"
P = f"{V1}/owner/o/project/tier"
AFFINE = "mpicbg.trakem2.transform.AffineModel2D"
NLINEAR = "net.imglib2.interpolation.randomaccess.NLinearInterpolatorFactory"


def tier_stack(client, column, last_data, split_group_ids=None, last_class=AFFINE):
    """Tier stack ``t{column}`` (row 0 of a 1x2 tier, 100x100 full-scale cells, scale 0.5) and its aligned
    stack ``a{column}`` holding the conventional tile for z 1 (HierarchicalStack.getTileIdForZ)."""
    tier, aligned = f"t{column}", f"a{column}"
    for stack in (tier, aligned):
        assert client.post(f"{P}/stack/{stack}", json={}).status_code == 201
    min_x = 100.0 * column
    hierarchical = {
        "roughTilesStackId": {"owner": "o", "project": "rough", "stack": "r"},
        "alignedStackId": {"owner": "o", "project": "tier", "stack": aligned},
        "tier": 1, "tierRow": 0, "tierColumn": column, "totalTierRowCount": 1, "totalTierColumnCount": 2,
        "scale": 0.5,
        "fullScaleBounds": {"minX": min_x, "minY": 0.0, "minZ": 1.0, "maxX": min_x + 100, "maxY": 100.0,
                            "maxZ": 1.0},
        "matchCollectionId": {"owner": "o", "name": "tier_matches"},
    }
    if split_group_ids is not None:
        hierarchical["splitGroupIds"] = split_group_ids
    response = client.put(f"{P}/stack/{tier}/hierarchicalData", json=hierarchical)
    assert response.status_code == 200, text(response)
    tile_id = f"z_1.0_box_{int(min_x)}_0_100_100_0.500000"
    tile = {"tileId": tile_id, "z": 1.0, "width": 50.0, "height": 50.0, "minX": 0.0, "minY": 0.0,
            "maxX": 50.0, "maxY": 50.0, "mipmapLevels": {"0": {"imageUrl": "file:///x.png"}},
            "transforms": {"type": "list", "specList": [{"className": last_class, "dataString": last_data}]}}
    response = client.put(f"{P}/stack/{aligned}/resolvedTiles", json={"tileIdToSpecMap": {tile_id: tile}})
    assert response.status_code == 201, text(response)
    return tile_id


def test_warp_field_of_two_tier_cells(client):
    """Each cell is HierarchicalStack.getFullScaleRelativeModel (lines 379-404): 1/s · A · s · (x − min), so
    a translation (10, 20) at scale 0.5 becomes (20 − minX, 40 − minY); offsets are the tier's upper left
    (HierarchicalDataService.java:393-398), size deltaX·columns x deltaY·rows; values m00…m12 cell by
    cell (AffineWarpFieldTransform.serializeWarpField, fewer than 64 values: 'none')."""
    tier_stack(client, 0, "1 0 0 1 10 20")
    tier_stack(client, 1, "1 0 0 1 10 20")
    response = client.get(f"{P}/z/1/affineWarpFieldTransform")
    assert response.status_code == 200, text(response)
    assert response.get_json() == {
        "type": "leaf", "id": "1.0_AFFINE_WARP_FIELD",
        "className": "org.janelia.alignment.transform.AffineWarpFieldTransform",
        "dataString": f"0.0 0.0 200.0 100.0 1 2 {NLINEAR} none "
                      "1.0 1.0 0.0 0.0 0.0 0.0 1.0 1.0 20.0 -80.0 40.0 40.0"}
    debug = client.get(f"{P}/z/1/affineWarpFieldTransformDebug")
    assert debug.status_code == 200 and debug.mimetype == "application/json"
    assert text(debug).startswith('{\n  "locationOffsets": { "x": 0.0, "y": 0.0 },\n  "warpField": \n  [\n'
                                  '    { "index":      0, "row":   0, "column":   0, "affine": '
                                  '"  1.000000000000   0.000000000000')
    assert text(debug).endswith('     -80.000000000000      40.000000000000" }\n  ]\n}')


def test_warp_field_errors(client):
    """404 without aligned tier stacks (line 468), 400 for a last transform that is not an AffineModel2D
    (getRelativeAlignedModel, lines 709-717), JAX-RS conversion failures 404."""
    assert_error(client.get(f"{P}/z/1/affineWarpFieldTransform"), 404,
                 "No aligned stacks exist for owner 'o' and project 'tier'.")
    tile_id = tier_stack(client, 0, "3 4", last_class="mpicbg.trakem2.transform.TranslationModel2D")
    response = client.get(f"{P}/z/1/affineWarpFieldTransform")
    assert response.status_code == 400
    assert text(response).startswith(
        f"Invalid affine data for z 1.0.  Last transform for tile '{tile_id}' in stack with owner 'o', "
        "project 'tier', and name 'a0' is not a 2D affine.  Tile spec is {\n  \"tileId\" : ")
    assert client.get(f"{P}/z/x/affineWarpFieldTransform").status_code == 404
    assert client.get(f"{P}/z/1/affineWarpFieldTransform?consensusBuildMethod=simple").status_code == 404


def test_split_layer_takes_a_consensus_field(client):
    """A tier stack whose splitGroupIds hold the layer contributes a consensus field built from the matches
    leaving that group: the matched tile's relative model (translation (30, 20) at scale 0.5 → m02 = 60)
    fills every cell of the 2x2 consensus grid, and SIMPLE splits the other tier cell into the same grid
    (buildSimpleWarpFieldTransformSpec with getHighResolutionCopy, ConsensusWarpFieldBuilder.java:244-284)."""
    tier_stack(client, 0, "1 0 0 1 10 20", split_group_ids=["1.0"])
    tier_stack(client, 1, "1 0 0 1 10 20")
    matched = {"tileId": "matched", "z": 1.0, "width": 50.0, "height": 50.0, "minX": 0.0, "minY": 0.0,
               "maxX": 50.0, "maxY": 50.0, "mipmapLevels": {"0": {"imageUrl": "file:///x.png"}},
               "transforms": {"type": "list",
                              "specList": [{"className": AFFINE, "dataString": "1 0 0 1 30 20"}]}}
    response = client.put(f"{P}/stack/a0/resolvedTiles", json={"tileIdToSpecMap": {"matched": matched}})
    assert response.status_code == 201, text(response)
    pair = {"pGroupId": "1.0", "pId": "matched", "qGroupId": "2.0", "qId": "other",
            "matches": {"p": [[5.0, 30.0], [5.0, 30.0]], "q": [[1.0, 2.0], [1.0, 2.0]], "w": [1.0, 1.0]}}
    assert client.put(f"{V1}/owner/o/matchCollection/tier_matches/matches", json=[pair]).status_code == 201
    response = client.get(f"{P}/z/1/affineWarpFieldTransform?consensusRows=2&consensusColumns=2")
    assert response.status_code == 200, text(response)
    fields = response.get_json()["dataString"].split()
    assert fields[:8] == ["0.0", "0.0", "200.0", "100.0", "2", "4", NLINEAR, "none"]
    m02 = [float(v) for v in fields[8 + 4 * 8: 8 + 5 * 8]]
    assert m02 == [60.0, 60.0, -80.0, -80.0, 60.0, 60.0, -80.0, -80.0]
    # INTERPOLATE (lines 286-374): the split cell keeps its consensus cells, the other tier cell's sub-cells
    # sample the coarse field (split cell = its consensus centre, 60; other = -80) bilinearly at their
    # centres x = 125, 175: grid x 0.75 → 0.25·60 + 0.75·(−80) = −45, grid x 1.25 → border −80
    response = client.get(f"{P}/z/1/affineWarpFieldTransform?consensusRows=2&consensusColumns=2"
                          "&consensusBuildMethod=INTERPOLATE")
    assert response.status_code == 200, text(response)
    fields = response.get_json()["dataString"].split()
    m02 = [float(v) for v in fields[8 + 4 * 8: 8 + 5 * 8]]
    assert m02 == pytest.approx([60.0, 60.0, -45.0, -80.0, 60.0, 60.0, -45.0, -80.0])
    # a lone consensusRows leaves consensusColumns null: render-ws unboxes it (NullPointerException, 500)
    assert client.get(f"{P}/z/1/affineWarpFieldTransform?consensusRows=2").status_code == 500


@pytest.mark.parametrize("method", ["SIMPLE", "INTERPOLATE"])
def test_build_methods_agree_without_split_layers(client, method):
    """Without consensus fields both build methods return the tier field itself (lines 253, 295)."""
    tier_stack(client, 0, "1 0 0 1 10 20")
    response = client.get(f"{P}/z/1/affineWarpFieldTransform?consensusBuildMethod={method}")
    assert response.status_code == 200, text(response)
    assert response.get_json()["dataString"].endswith("1.0 0.0 0.0 0.0 0.0 0.0 1.0 0.0 20.0 0.0 40.0 0.0")
