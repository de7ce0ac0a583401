"""Port of render-ws's TileDataServiceTest (render-ws/src/test/java/org/janelia/render/service/
TileDataServiceTest.java, render 916ed10) to HTTP.

The Java test hands a tile spec (from render issue #24) straight to the static
TileDataService.getCoreTileRenderParameters; here the tile is stored in a fresh stack and read through
GET tile/{tileId}/render-parameters, the endpoint that calls that method (TileDataService.java:122-160).

Java assertions that cannot be shown through HTTP:
- The first case derives the tile's box itself with ``sloppy = true`` before the call
  (TileDataServiceTest.java: 242-244); over HTTP the tile is stored with the box that derivation gives (the
  1024 x 1024 image moved by the two translations, (1896, -876) + (0, 1752)).
- The third case passes empty label sets (:274-277) where the second passes null (:258-262). Over HTTP both
  are an absent ``excludeTransformsAfterLast`` / ``excludeFirstTransformAndAllAfter`` query parameter, which
  RESTEasy injects as an empty set, so the two cases are the same request; it is made once.
"""

from __future__ import annotations

from urllib.parse import quote

import requests

import renderapi

TILE_ID = "1,3484_aligned_0_1_flip"
ISSUE_24_TILE = {  # TileDataServiceTest.java:218-238
    "tileId": TILE_ID,
    "z": 3484.0,
    "width": 1024.0,
    "height": 1024.0,
    "mipmapLevels": {
        "0": {
            "imageUrl": "file:///data/nc-em/russelt/20170227_Princeton_Pinky40/4_aligned_tiled/"
            "1,3484_aligned_0_1_flip.png"
        }
    },
    "transforms": {
        "type": "list",
        "specList": [
            {
                "className": "mpicbg.trakem2.transform.AffineModel2D",
                "dataString": "1.0000000000 0.0000000000 0.0000000000 1.0000000000 "
                "1896.0000000000 -876.0000000000",
            },
            {
                "className": "mpicbg.trakem2.transform.AffineModel2D",
                "dataString": "1.0000000000 0.0000000000 0.0000000000 1.0000000000 "
                "0.0000000000 1752.0000000000",
            },
        ],
    },
    "minX": 1896.0,
    "minY": 876.0,
    "maxX": 2920.0,
    "maxY": 1900.0,
}


def stack_url(render) -> str:
    return renderapi.render.format_preamble(
        render.DEFAULT_HOST, render.DEFAULT_PORT, render.DEFAULT_OWNER, render.DEFAULT_PROJECT, "issue24"
    )


def render_parameters(render, **params) -> dict:
    response = requests.get(
        f"{stack_url(render)}/tile/{quote(TILE_ID)}/render-parameters", params=params, timeout=60
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_get_core_tile_render_parameters(render):
    """TileDataServiceTest.java:214-287: the tile renders 1024 x 1024; normalized for matching it keeps one
    tile with one transform (the last, positioning affine is dropped: TileDataService.java:341-351)."""
    renderapi.stack.create_stack("issue24", render=render)
    response = requests.put(
        f"{stack_url(render)}/resolvedTiles", json={"tileIdToSpecMap": {TILE_ID: ISSUE_24_TILE}}, timeout=60
    )
    assert response.status_code == 201, response.text

    parameters = render_parameters(render)
    assert (parameters["width"], parameters["height"]) == (1024, 1024)

    parameters = render_parameters(render, normalizeForMatching="true")
    assert len(parameters["tileSpecs"]) == 1
    assert len(parameters["tileSpecs"][0]["transforms"]["specList"]) == 1
