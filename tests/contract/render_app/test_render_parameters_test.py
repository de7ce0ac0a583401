"""render-app RenderParametersTest, ported: render parameters JSON parsed, initialised and validated by
``PUT /owner/{owner}/validate-json/render`` (ValidationService.java:35-53), whose success answer prints
RenderParameters.toString (RenderParameters.java:767-…: tile spec count, mipmapPathBuilder and
filterSpecs when present, values that differ from the defaults).

Fixtures: the parameters the test builds in code (RenderParametersTest.java:29-87), written as the JSON
``parameters.toJson()`` gives, with the images as http URLs (ImageAndMask.validate only checks that
file URLs exist, ImageAndMask.java:159-199, and a server cannot hold the test's relative files); and
render-app's ``render-parameters-test/extraneous-comma-render.json``, vendored in
tests/data/render_app (see tests/data/PROVENANCE.md).

Java assertions ported (7 of 16):
- testJsonProcessing (:29-87) 6 of 7: parsed, width 2, tile specs present and 2 of them, no
  mipmapPathBuilder, filters present. Not shown: that toJson produced text (client-side Java).
- testExtraneousComma (:104-108) 1 of 1: the parse fails (IllegalArgumentException -> 400).
- testMergeParameters (:89-102) 0 of 3: merging ``--parameters_url`` with command line values happens in
  the Render/ArgbRenderer command line, and its file names images (stitch-test) that are not vendored;
  the merged values only show as a rendered image.
- testIsRenderedCoordinateInsideTiles (:110-178) 0 of 5: ``openTargetImage`` and
  ``isRenderedCoordinateInsideTiles`` are in-process; showing them needs a render of tiles whose images
  (mipmap-test/scaled-images level 0) are not in render's repository snapshot.
"""

from __future__ import annotations

import json

import pytest
import requests

AFFINE_2D = "mpicbg.trakem2.transform.AffineModel2D"


def tile(images: list[str], data_string: str) -> dict:
    return {"mipmapLevels": {str(level): {"imageUrl": f"http://images.example.org/{name}"}
                             for level, name in enumerate(images)},
            "transforms": {"type": "list", "specList": [{"type": "leaf", "className": AFFINE_2D,
                                                         "dataString": data_string}]}}


PARAMETERS = {  # RenderParametersTest.java:31-75
    "tileSpecUrl": "file:///Users/trautmane/renderer-test.json",
    "x": 0.0, "y": 1.0, "width": 2, "height": 3, "scale": 0.125,
    "tileSpecs": [tile(["spec0-level0.png", "spec0-level1.png", "spec0-level2.png"], "1 0 0 1 0 0"),
                  tile(["spec1-level0.png"], "1 0 0 1 1650 0")],
    "filterSpecs": [{"className": "org.janelia.alignment.filter.EqualizeHistogram",
                     "parameters": {"saturatedPixels": "99"}}],
}


@pytest.fixture
def validate_render(render, render_server):
    def put(text: str) -> requests.Response:
        return requests.put(f"{render_server.base_url}/owner/{render.DEFAULT_OWNER}/validate-json/render",
                            data=text, timeout=60)
    return put


def test_json_processing(validate_render):
    response = validate_render(json.dumps(PARAMETERS))
    assert response.status_code == 200, response.text                      # :77-79 parsed
    parsed = response.text.split("Parsed value is: ", 1)[1]
    assert "width=2," in parsed                                             # :80
    assert "tileSpecs=[2 items]" in parsed                                  # :82-83
    assert "mipmapPathBuilder=" not in parsed                               # :85
    assert "filterSpecs=[" in parsed and "EqualizeHistogram" in parsed      # :87


def test_extraneous_comma(validate_render, data_dir):
    """:104-108: RenderParameters.parseJson wraps the Jackson failure (RenderParameters.java:259-267)."""
    text = (data_dir / "render_app/render-parameters-test/extraneous-comma-render.json").read_text()
    response = validate_render(text)
    assert response.status_code == 400
    assert "Specific error is: failed to parse json text" in response.text
