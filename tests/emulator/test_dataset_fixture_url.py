"""render_server.load/dump and render_dataset on the url backend: through the admin API of an emulator."""

import pytest

from render_emulator.server import EmulatorServer

DATASET_TEST = """
import requests

def test_load_dump(render_server, render_dataset, tmp_path):
    assert render_server.backend == "url"
    loaded = render_dataset({directory!r})
    assert loaded.collections["match"]["testOwner__testCollectionB"] == 5
    written = render_server.dump(tmp_path)
    assert sorted(p.name for p in written) == [
        "testOwner__testCollection.json", "testOwner__testCollectionB.json",
        "testOwner__testCollectionC.json"]

def test_removed_afterwards(render_server):
    answer = requests.get(render_server.base_url + "/owner/testOwner/matchCollections")
    assert answer.json() == []
"""


@pytest.fixture
def url_emulator():
    with EmulatorServer() as server:
        yield server


def test_render_dataset_on_a_url_backend_that_is_the_emulator(pytester, url_emulator, data_dir, monkeypatch):
    monkeypatch.delenv("RENDER_TEST_BACKEND", raising=False)
    pytester.makepyfile(
        DATASET_TEST.format(directory=str(data_dir / "render_ws_mongodb" / "match_collections"))
    )
    result = pytester.runpytest(
        "-p", "no:cacheprovider", "--render-backend", "url", "--render-url", url_emulator.url
    )
    result.assert_outcomes(passed=2)
    assert url_emulator.exceptions == []


@pytest.mark.parametrize("action", ["load", "dump"])
def test_datasets_skip_on_a_real_render_ws(action, tmp_path):
    from render_emulator.pytest_plugin import RenderServerHandle

    real = RenderServerHandle(backend="url", host="http://render.example.org", port=8080, client_scripts=None,
                              is_emulator=False)
    expected = f"render_server.{action}\\(\\) needs the render-ws emulator"
    with pytest.raises(pytest.skip.Exception, match=expected):
        getattr(real, action)(tmp_path)
