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
