"""Port of render-ws's StackMetaDataServiceTest (render-ws/src/test/java/org/janelia/render/service/
StackMetaDataServiceTest.java, render 916ed10) to HTTP, on the flyTEM/test/elastic fixture its setUp loads
before every test. Each service method is called through its own endpoint (StackMetaDataService's @Path).

Java assertions that cannot be shown through HTTP:
- testDeleteStackTilesWithZ reads the clone's layer with RenderDao.getTileSpecs(stackId, z)
  (StackMetaDataServiceTest.java:558-574), which no endpoint calls; GET z/{z}/tile-specs reads the same layer
  through RenderDao.getParameters (RenderDataService.java:926) and is used instead.
"""

from __future__ import annotations

import pytest
import requests
from render_ws_helpers import assert_stack_meta_data, set_state, stack_version

import renderapi


def test_stack_meta_data_apis(elastic_stack):
    """StackMetaDataServiceTest.java:327-403: a missing stack is 404; POST stack/{stack} creates version 0, a
    second POST version 1 (both LOADING); bounds of a stack without stats are a 400
    (IllegalServiceArgumentException); after DELETE the stack is 404 again."""
    url = elastic_stack.project_url.replace("/project/test", "/project/test_project") + "/stack/test_stack"
    assert requests.get(url, timeout=30).status_code == 404

    version0 = stack_version("2016-01-02T03:04:05.006Z", "first try", 5, 3, 4.0, 4.0, 35.0)
    assert requests.post(url, json=version0, timeout=60).status_code == 201
    assert_stack_meta_data(requests.get(url, timeout=30).json(), "LOADING", 0, version0)

    version1 = stack_version("2016-01-02T03:04:06.007Z", "second try", 5, 3, 4.2, 4.2, 35.2)
    assert requests.post(url, json=version1, timeout=60).status_code == 201
    assert_stack_meta_data(requests.get(url, timeout=30).json(), "LOADING", 1, version1)

    bounds = requests.get(f"{url}/bounds", timeout=30)
    assert bounds.status_code == 400
    assert (
        "have not been stored.  If all data has been loaded" in bounds.text
    )  # StackMetaDataService.java:888-901

    assert requests.delete(url, timeout=60).status_code == 200
    assert requests.get(url, timeout=30).status_code == 404


def test_set_stack_state(elastic_stack):
    """StackMetaDataServiceTest.java:405-475: the fixture's stats lack stackBounds, so bounds are a 400; PUT
    state/COMPLETE keeps the version and derives stats (minZ 3903, 2 sections, 1 non-integral, 14 tiles,
    3 transforms, tile widths 2631-2772, heights 2257-2414); bounds then answer the stats' bounds; DELETE
    removes the stack."""
    render = elastic_stack.render
    meta1 = renderapi.stack.get_full_stack_metadata("elastic", render=render)
    bounds = requests.get(f"{elastic_stack.url}/bounds", timeout=30)
    assert bounds.status_code == 400
    assert "have been stored without bounds.  " in bounds.text  # StackMetaDataService.java:891-901

    set_state(elastic_stack, "COMPLETE")
    meta2 = renderapi.stack.get_full_stack_metadata("elastic", render=render)
    assert_stack_meta_data(meta2, "COMPLETE", meta1["currentVersionNumber"], meta1["currentVersion"])

    stats = meta2["stats"]
    assert stats is not None
    stack_bounds = stats["stackBounds"]
    assert stack_bounds["minZ"] == pytest.approx(3903.0, abs=0.01)
    assert stats["sectionCount"] == 2
    assert stats["nonIntegralSectionCount"] == 1
    assert stats["tileCount"] == 14
    assert stats["transformCount"] == 3
    assert (stats["minTileWidth"], stats["maxTileWidth"]) == (2631, 2772)
    assert (stats["minTileHeight"], stats["maxTileHeight"]) == (2257, 2414)

    bounds = renderapi.stack.get_stack_bounds("elastic", render=render)
    assert bounds["minY"] == pytest.approx(stack_bounds["minY"], abs=0.01)

    renderapi.stack.delete_stack("elastic", render=render)
    assert requests.get(elastic_stack.url, timeout=30).status_code == 404


def test_clone_stack_version(elastic_stack):
    """StackMetaDataServiceTest.java:477-517: clonedStack is 404 before PUT cloneTo/clonedStack and afterwards
    LOADING with version 0 and the body's version fields."""
    url = elastic_stack.stack_url("clonedStack")
    assert requests.get(url, timeout=30).status_code == 404
    cloned = stack_version("2016-05-06T07:08:09.010Z", "cloned", 1, 2, 3.1, 4.1, 5.1)
    response = requests.put(f"{elastic_stack.url}/cloneTo/clonedStack", json=cloned, timeout=60)
    assert response.status_code == 201, response.text
    assert_stack_meta_data(requests.get(url, timeout=30).json(), "LOADING", 0, cloned)


def test_delete_stack_tiles_with_z(elastic_stack):
    """StackMetaDataServiceTest.java:519-576: DELETE z/{z} of the COMPLETE stack is a 400; in a LOADING clone
    layer 3903 has tiles before DELETE z/3903 and none after. The Java test accepts an empty list or an
    IllegalArgumentException; GET z/{z}/tile-specs reads the layer's bounds first (RenderDataService.java:926
    → RenderDao.getParameters, RenderDao.java:124), which for an empty layer is a 400 with
    RenderDao.java:1371's message."""
    delete = requests.delete(f"{elastic_stack.url}/z/3903.0", timeout=60)
    assert delete.status_code == 400
    assert (
        "stack state is COMPLETE but must be LOADING to delete data" in delete.text
    )  # StackMetaDataService.java:787-790

    cloned = stack_version("2016-05-06T07:08:09.010Z", "cloned2", 1, 2, 3.1, 4.1, 5.1)
    response = requests.put(f"{elastic_stack.url}/cloneTo/clonedStack2", json=cloned, timeout=60)
    assert response.status_code == 201, response.text
    clone_url = elastic_stack.stack_url("clonedStack2")
    assert len(requests.get(f"{clone_url}/z/3903.0/tile-specs", timeout=60).json()) > 0

    assert requests.delete(f"{clone_url}/z/3903.0", timeout=60).status_code == 200
    after = requests.get(f"{clone_url}/z/3903.0/tile-specs", timeout=60)
    assert after.status_code == 400
    assert "stack clonedStack2 does not contain any tiles with a z value of 3903.0" in after.text
