"""Port of render-ws's TileSpecLayoutTest (render-ws/src/test/java/org/janelia/render/service/dao/
TileSpecLayoutTest.java, render 916ed10) to HTTP.

The Java test formats a tile spec with TileSpecLayout.Format.KARSH / SCHEFFER directly; here the tile is
stored in a fresh stack and read through GET z/{z}/layoutFile?format=…, whose answer is
RenderDao.writeLayoutFileData's (RenderDataService.java:101-148, RenderDao.java:1559-1620): the header, then
formatTileSpec of each tile. The stack request URI the formatter gets is the request's URI up to
``/stack/{stack}`` (RenderDataService.java: 135-138), where the test passes ``http://foo``.

Java assertions that cannot be shown through HTTP:
- The TileSpec JSON round trip (TileSpecLayoutTest.java:423-441: toJson, fromJson and every layout field) is a
  render-app (de)serialization check; over HTTP it shows as the stored layout fields reappearing in the layout
  line, which the KARSH assertions below cover field by field.
- SCHEFFER's header line (``BBOX …``, TileSpecLayout.java:96-107) is not formatted by the Java test; the port
  checks the tile line after it.
"""

from __future__ import annotations

import re

import requests

import renderapi

TILE_ID = "test-tile-id"  # TileSpecLayoutTest.java:488
Z = 1234.5
# LayoutData("s12", "array-a", "camera-b", 4, 5, 6.0, 7.0, 8.0), TileSpecLayoutTest.java:420
LAYOUT = {
    "sectionId": "s12",
    "temca": "array-a",
    "camera": "camera-b",
    "imageRow": 4,
    "imageCol": 5,
    "stageX": 6.0,
    "stageY": 7.0,
    "rotation": 8.0,
}
IMAGE = "src/test/resources/stitch-test/coll0075_row0021_cam1.png"  # TileSpecLayoutTest.java:444


def layout_tile(transforms: list[dict]) -> dict:
    """The test's tile: id, z, layout, box Rectangle(11, 12, 21, 22) (minX 11, minY 12, maxX 32, maxY 34) and
    one channel whose level 0 is IMAGE (TileSpecLayoutTest.java:417-447)."""
    return {
        "tileId": TILE_ID,
        "z": Z,
        "layout": LAYOUT,
        "minX": 11.0,
        "minY": 12.0,
        "maxX": 32.0,
        "maxY": 34.0,
        "channels": [{"mipmapLevels": {"0": {"imageUrl": IMAGE}}}],
        "transforms": {"type": "list", "specList": transforms},
    }


def layout_text(stack_url: str, layout_format: str) -> str:
    response = requests.get(f"{stack_url}/z/{Z}/layoutFile", params={"format": layout_format}, timeout=60)
    assert response.status_code == 200, response.text
    return response.text


def test_layout_data(render):
    """TileSpecLayoutTest.java:416-486: KARSH lines without transforms (identity plus stage position) and with
    an affine (its values in Karsh order), and the SCHEFFER TRANSFORM line (width and height -1: the tile has
    none)."""
    renderapi.stack.create_stack("layout", render=render)
    stack_url = renderapi.render.format_preamble(
        render.DEFAULT_HOST, render.DEFAULT_PORT, render.DEFAULT_OWNER, render.DEFAULT_PROJECT, "layout"
    )
    response = requests.put(
        f"{stack_url}/resolvedTiles", json={"tileIdToSpecMap": {TILE_ID: layout_tile([])}}, timeout=60
    )
    assert response.status_code == 201, response.text

    tile_uri = f"{stack_url}/tile/{TILE_ID}/render-parameters"
    karsh = re.sub(
        r"\t[^\t]+coll0075_row0021_cam1.png", "\timage.png", layout_text(stack_url, "KARSH"), count=1
    )
    assert karsh == (
        f"s12\t{TILE_ID}\t1.0\t0.0\t6.0\t0.0\t1.0\t7.0\t5\t4\tcamera-b\timage.png\tarray-a\t8.0\t"
        f"1234.5\t{tile_uri}\n"
    )

    affine = {"className": "mpicbg.trakem2.transform.AffineModel2D", "dataString": "1.0 4.0 2.0 5.0 3.0 6.0"}
    response = requests.put(
        f"{stack_url}/resolvedTiles", json={"tileIdToSpecMap": {TILE_ID: layout_tile([affine])}}, timeout=60
    )
    assert response.status_code == 201, response.text

    karsh = re.sub(
        r"\t[^\t]+coll0075_row0021_cam1.png", "\timage.png", layout_text(stack_url, "KARSH"), count=1
    )
    assert karsh == (
        f"s12\t{TILE_ID}\t1.0\t2.0\t3.0\t4.0\t5.0\t6.0\t5\t4\tcamera-b\timage.png\tarray-a\t8.0\t"
        f"1234.5\t{tile_uri}\n"
    )

    scheffer = layout_text(stack_url, "SCHEFFER")
    tile_line = scheffer.splitlines(keepends=True)[-1]
    tile_line = re.sub(r"'[^']+coll0075_row0021_cam1.png", "'image.png", tile_line, count=1)
    assert tile_line == "TRANSFORM 'image.png' 1.0 2.0 3.0 4.0 5.0 6.0 -1 -1\n"
