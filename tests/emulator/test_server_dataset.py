"""EmulatorServer(load=...), .load/.dump/.unload and the render_dataset fixture (emulator backend)."""

import shutil

import pytest
import requests

from render_emulator.server import EmulatorServer
from render_emulator.store.mongo_export import DatasetError

# endpoints whose answers must survive dump -> reset -> load byte for byte
READS = [
    "/owners",
    "/owner/flyTEM/stacks",
    "/owner/flyTEM/project/test/stack/elastic",
    "/owner/flyTEM/project/test/stack/elastic/zValues",
    "/owner/flyTEM/project/test/stack/elastic/sectionData",
    "/owner/flyTEM/project/test/stack/elastic/z/3903.0/resolvedTiles",
    "/owner/flyTEM/project/test/stack/elastic/z/3903.0/tileBounds",
    "/owner/flyTEM/project/test/stack/elastic/tile/134",
    "/owner/flyTEM/project/test/stack/elastic/tile/134/render-parameters",
    "/owner/flyTEM/project/test/stack/elastic/transform/2",
    "/owner/flyTEM/project/fly863/stack/align/resolvedTiles",
    "/owner/testOwner/matchCollections",
    "/owner/testOwner/matchCollection/testCollection/group/section1/matchesWithinGroup",
    "/owner/testOwner/matchCollection/testCollection/pGroupIds",
]


@pytest.fixture
def dataset(data_dir, tmp_path):
    root = tmp_path / "dataset"
    for name in ("elastic", "fly863_align", "match_collections"):
        shutil.copytree(data_dir / "render_ws_mongodb" / name, root, dirs_exist_ok=True)
    return root


def _answers(server: EmulatorServer) -> list[tuple[int, bytes]]:
    with requests.Session() as session:
        return [(r.status_code, r.content) for r in (session.get(server.base_url + p) for p in READS)]


def test_dump_reset_load_gives_byte_identical_answers(dataset, tmp_path):
    with EmulatorServer(load=[dataset]) as server:
        # a COMPLETE transition derives the section collection, which the dump must carry too
        requests.put(
            server.base_url + "/owner/flyTEM/project/test/stack/elastic/state/LOADING"
        ).raise_for_status()
        requests.put(
            server.base_url + "/owner/flyTEM/project/test/stack/elastic/state/COMPLETE"
        ).raise_for_status()
        before = _answers(server)
        assert [status for status, _ in before] == [200] * len(READS)
        server.dump(tmp_path / "dump")
        server.reset()
        assert _answers(server) != before
        server.load(tmp_path / "dump")
        assert _answers(server) == before
        assert server.exceptions == []
    assert (tmp_path / "dump" / "render" / "flyTEM__test__elastic__section.json").is_file()


def test_a_refused_load_keeps_the_server_as_it_was(dataset):
    with EmulatorServer(load=[dataset]) as server:
        before = _answers(server)
        (dataset / "render" / "flyTEM__test__elastic__tile.json").write_text('[{"tileId": "x"}, {"z": 1.0}]')
        with pytest.raises(
            DatasetError, match=r"flyTEM__test__elastic__tile.json, document 1, field 'tileId'"
        ):
            server.load(dataset)
        assert _answers(server) == before


def test_render_dataset_loads_for_one_test(render_dataset, render_server, data_dir):
    loaded = render_dataset(data_dir / "render_ws_mongodb" / "match_collections")
    assert sorted(loaded.collections["match"]) == [
        "testOwner__testCollection",
        "testOwner__testCollectionB",
        "testOwner__testCollectionC",
    ]
    answer = requests.get(f"{render_server.base_url}/owner/testOwner/matchCollections").json()
    assert [c["pairCount"] for c in answer] == [11, 5, 3]


def test_render_dataset_removed_what_it_loaded(render_server):
    # runs after the previous test (file order): its collections are gone
    assert requests.get(f"{render_server.base_url}/owner/testOwner/matchCollections").json() == []


def test_data_written_through_the_api_survives_dump_and_load(tmp_path):
    stack = "/owner/o/project/p/stack/s"
    tiles = {
        "transformIdToSpecMap": {"shared": {"type": "leaf", "id": "shared",
                                            "className": "mpicbg.trakem2.transform.AffineModel2D",
                                            "dataString": "1 0 0 1 10 20"}},
        "tileIdToSpecMap": {
            f"t{i}": {"tileId": f"t{i}", "z": float(i % 2), "layout": {"sectionId": f"{i % 2}.0"},
                      "width": 100, "height": 80, "mipmapLevels": {"0": {"imageUrl": f"file:///t{i}.png"}},
                      "transforms": {"type": "list", "specList": [{"type": "ref", "refId": "shared"}]}}
            for i in range(6)},
    }
    matches = [{"pGroupId": "1.0", "pId": "t1", "qGroupId": "0.0", "qId": "t0",
                "matches": {"p": [[1.0, 2.0], [3.0, 4.0]], "q": [[5.0, 6.0], [7.0, 8.0]], "w": [1.0, 0.5]}}]
    reads = [stack, f"{stack}/resolvedTiles", f"{stack}/sectionData", f"{stack}/z/1.0/tileBounds",
             f"{stack}/tile/t3", "/owner/o/matchCollection/m/pGroupIds",
             "/owner/o/matchCollection/m/group/0.0/matchesOutsideGroup", "/owner/o/matchCollections"]
    with EmulatorServer() as server, requests.Session() as session:
        base = server.base_url
        session.post(base + stack, json={"stackResolutionX": 4.0}).raise_for_status()
        session.put(f"{base}{stack}/resolvedTiles?deriveData=true", json=tiles).raise_for_status()
        session.put(f"{base}{stack}/state/COMPLETE").raise_for_status()
        session.put(f"{base}/owner/o/matchCollection/m/matches", json=matches).raise_for_status()
        before = [session.get(base + path) for path in reads]
        assert [r.status_code for r in before] == [200] * len(reads)
        server.dump(tmp_path)
        server.reset()
        server.load(tmp_path)
        assert [session.get(base + path).content for path in reads] == [r.content for r in before]
        assert server.exceptions == []
