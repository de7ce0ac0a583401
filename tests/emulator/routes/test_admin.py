"""The emulator's admin API under /render-emulator/v1 (routes/_admin.py): load, dump, unload, reset."""

import io
import tarfile

from render_emulator import create_app
from render_emulator.store.mongo_export import read_tar

TILES = "/render-ws/v1/owner/flyTEM/project/test/stack/elastic/z/3903.0/resolvedTiles"


def _tar(members: dict[str, str]) -> bytes:
    body = io.BytesIO()
    with tarfile.open(fileobj=body, mode="w:gz") as archive:
        for name, text in members.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return body.getvalue()


def _elastic_members(data_dir) -> dict[str, str]:
    root = data_dir / "render_ws_mongodb" / "elastic"
    return {str(p.relative_to(root)): p.read_text() for p in root.glob("*/*.json")}


def test_info_identifies_the_emulator(client):
    response = client.get("/render-emulator/v1/info")
    assert response.status_code == 200 and response.get_json() == {"emulator": "render-emulator"}


def test_load_answers_201_with_what_it_loaded(client, data_dir):
    response = client.post(
        "/render-emulator/v1/load", data=_tar(_elastic_members(data_dir)), content_type="application/x-tar"
    )
    assert response.status_code == 201
    assert response.get_json()["collections"]["render"]["flyTEM__test__elastic__tile"] == 14
    assert {"owner": "flyTEM", "project": "test", "stack": "elastic"} in response.get_json()["stacks"]
    assert len(client.get(TILES).get_json()["tileIdToSpecMap"]) == 12  # RenderDaoReadOnlyTest.java:176


def test_a_refused_load_answers_400_naming_the_member_and_keeps_nothing(client, data_dir):
    members = _elastic_members(data_dir)
    members["render/flyTEM__test__elastic__transform.json"] = '[{"id": "1"}, {"className": "x"}]'
    response = client.post("/render-emulator/v1/load", data=_tar(members), content_type="application/x-tar")
    assert response.status_code == 400 and response.mimetype == "text/plain"
    assert response.get_data(as_text=True) == (
        "request body:render/flyTEM__test__elastic__transform.json, document 1, field 'id': is missing "
        "(render-ws keys shared transforms by id, RenderDao.java:2182)"
    )
    assert client.get("/render-ws/v1/owners").get_json() == []


def test_a_body_that_is_not_a_tar_archive_answers_400(client):
    response = client.post("/render-emulator/v1/load", data=b'[{"tileId": "x"}]')
    assert response.status_code == 400
    assert response.get_data(as_text=True).startswith("request body: not a tar archive")


def test_dump_answers_a_tar_that_loads_into_another_emulator(client, data_dir):
    client.post("/render-emulator/v1/load", data=_tar(_elastic_members(data_dir)))
    dumped = client.get("/render-emulator/v1/dump")
    assert dumped.status_code == 200 and dumped.mimetype == "application/x-tar"
    names = sorted(f.collection for f in read_tar(io.BytesIO(dumped.data)))
    assert names == [
        "admin__stack_meta_data",
        "flyTEM__test__elastic__tile",
        "flyTEM__test__elastic__transform",
    ]
    other = create_app().test_client()
    assert other.post("/render-emulator/v1/load", data=dumped.data).status_code == 201
    assert other.get(TILES).data == client.get(TILES).data


def test_unload_removes_what_a_load_wrote_and_reset_removes_everything(client, data_dir):
    loaded = client.post("/render-emulator/v1/load", data=_tar(_elastic_members(data_dir))).get_json()
    assert client.post("/render-ws/v1/owner/keep/project/p/stack/s", json={}).status_code == 201
    assert client.post("/render-emulator/v1/unload", json=loaded).status_code == 200
    assert client.get("/render-ws/v1/owners").get_json() == ["keep"]
    assert client.get(TILES).status_code == 404
    assert client.post("/render-emulator/v1/reset").status_code == 200
    assert client.get("/render-ws/v1/owners").get_json() == []


def test_unload_refuses_a_body_that_is_not_a_load_answer(client):
    response = client.post("/render-emulator/v1/unload", data="nonsense")
    assert response.status_code == 400


def test_unload_only_drops_render_ws_collections(client, store, data_dir):
    loaded = client.post("/render-emulator/v1/load", data=_tar(_elastic_members(data_dir))).get_json()
    store.client["render"]["not_a_render_collection"].insert_one({"x": 1})
    loaded["collections"]["render"]["not_a_render_collection"] = 1
    assert client.post("/render-emulator/v1/unload", json=loaded).status_code == 200
    assert store.client["render"]["not_a_render_collection"].count_documents({}) == 1
    assert client.get(TILES).status_code == 404
