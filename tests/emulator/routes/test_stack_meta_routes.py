"""StackMetaDataService / hierarchicalData / sectionData endpoints over HTTP (Flask test client)."""

import json
import re

import pytest
from response_checks import assert_error, text

from render_emulator.store import StackId

V1 = "/render-ws/v1"
S = f"{V1}/owner/o/project/p/stack/s"
SID = StackId("o", "p", "s")
INVALID_STACK = (
    "invalid stack 'bad-name' specified, names may only contain alphanumeric or underscore '_' characters "
    "and may not contain consecutive underscores '_'"
)


def create(client, path=S, **version):
    response = client.post(path, json=version)
    assert response.status_code == 201, text(response)
    return response


def add_tiles(store, sid=SID):
    store.tile_collection(sid).upsert([
        {"tileId": "t1", "z": 3407.0, "minX": 149.0, "minY": 130.0, "maxX": 2709.0, "maxY": 2290.0,
         "layout": {"sectionId": "3407.0"}},
        {"tileId": "t2", "z": 3408.0, "minX": 200.0, "minY": 150.0, "maxX": 5103.0, "maxY": 5386.0,
         "layout": {"sectionId": "3408.0"}},
    ])


def set_state(client, state, path=S):
    return client.put(f"{path}/state/{state}", headers={"Content-Type": "application/json"})


# ---------------------------------------------------------------------------- service and listings
def test_likely_unique_id_text_plain_24_hex(client):
    first, second = client.get(f"{V1}/likelyUniqueId"), client.get(f"{V1}/likelyUniqueId/")
    assert first.status_code == 200 and first.mimetype == "text/plain"
    assert re.fullmatch(r"[0-9a-f]{24}", text(first))
    assert text(first) != text(second)


def test_listings_with_trailing_slash_and_unknown_owner(client):
    create(client, f"{V1}/owner/b/project/p2/stack/x")
    create(client, f"{V1}/owner/a/project/p2/stack/y")
    create(client, f"{V1}/owner/a/project/p1/stack/z", cycleNumber=3)
    assert client.get(f"{V1}/owners/").get_json() == ["a", "b"]
    assert client.get(f"{V1}/owner/a/projects").get_json() == ["p1", "p2"]
    assert [m["stackId"]["stack"] for m in client.get(f"{V1}/owner/a/stacks/").get_json()] == ["z", "y"]
    assert client.get(f"{V1}/owner/a/stackIds").get_json() == [
        {"owner": "a", "project": "p1", "stack": "z"}, {"owner": "a", "project": "p2", "stack": "y"},
    ]
    assert client.get(f"{V1}/owner/a/project/p2/stackIds").get_json() == [
        {"owner": "a", "project": "p2", "stack": "y"}
    ]
    stacks = client.get(f"{V1}/owner/a/project/p1/stacks").get_json()
    assert [m["stackId"]["stack"] for m in stacks] == ["z"]
    assert stacks[0]["currentVersion"] == {"cycleNumber": 3}
    # listing segments are not validated: odd names just match nothing
    for path in ("owner/no-such/stacks", "owner/x__y/projects", "owner/a/project/bad-p/stackIds",
                 "owner/bad-o/stackIds", "owner/a/project/no_p/stacks"):
        response = client.get(f"{V1}/{path}")
        assert response.status_code == 200 and response.get_json() == [], path


# ---------------------------------------------------------------------------- GET / POST / DELETE stack
def test_create_then_get_json_exact(client):
    response = create(client, stackResolutionX=1, stackResolutionY=1.0, cycleNumber=2,
                      createTimestamp="2024-05-01T12:30:00.00Z", somethingElse="ignored")
    assert response.headers["Location"] == f"http://localhost{S}"
    assert text(response) == ""
    got = client.get(S + "/")
    assert got.status_code == 200 and got.mimetype == "application/json"
    body = got.get_json()
    assert list(body) == [
        "stackId", "state", "lastModifiedTimestamp", "currentVersionNumber", "currentVersion"
    ]
    assert body["state"] == "LOADING" and body["currentVersionNumber"] == 0
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", body["lastModifiedTimestamp"])
    assert body["currentVersion"] == {
        "createTimestamp": "2024-05-01T12:30:00.000Z", "cycleNumber": 2,
        "stackResolutionX": 1.0, "stackResolutionY": 1.0,
    }
    assert '"stackResolutionX":1.0' in text(got) and '"cycleNumber":2,' in text(got)


def test_get_missing_stack_404(client):
    assert_error(client.get(S), 404, "stack with owner 'o', project 'p', and name 's' does not exist")


@pytest.mark.parametrize("method", ["get", "post", "delete"])
def test_stack_names_validated_on_every_method(client, method):
    response = getattr(client, method)(f"{V1}/owner/o/project/p/stack/bad-name", json={})
    assert_error(response, 400, INVALID_STACK)


def test_name_length_validated(client):
    response = client.get(f"{V1}/owner/o/project/p/stack/{'x' * 95}")
    assert_error(response, 400)
    assert "must be less than 111 characters" in text(response)


def test_post_without_body_400_before_name_validation(client):
    missing = "no stack version provided"
    assert_error(client.post(S), 400, missing)
    assert_error(client.post(f"{V1}/owner/o/project/p/stack/bad-name"), 400, missing)
    assert_error(client.post(S, data="null", content_type="application/json"), 400, missing)
    assert client.get(S).status_code == 404


@pytest.mark.parametrize("body", ['{"stackResolutionX": "abc"}', '[1]', '{"cycleNumber": {}}', '{bad json'])
def test_post_bad_json_400_and_nothing_created(client, body):
    assert_error(client.post(S, data=body, content_type="application/json"), 400)
    assert client.get(S).status_code == 404


def test_post_new_version_reopens_complete_stack(client, store):
    create(client)
    add_tiles(store)
    assert set_state(client, "COMPLETE").status_code == 201
    create(client, versionNotes="second")
    body = client.get(S).get_json()
    assert body["state"] == "LOADING" and body["currentVersionNumber"] == 1
    assert "stats" not in body and body["currentVersion"] == {"versionNotes": "second"}


def test_post_and_delete_refused_on_read_only(client, store):
    create(client)
    add_tiles(store)
    set_state(client, "COMPLETE")
    set_state(client, "READ_ONLY")
    before = client.get(S).get_json()
    message = "Data for stack s cannot be modified because it is READ_ONLY."
    assert_error(client.post(S, json={}), 500, message)
    assert_error(client.delete(S), 500, message)
    assert client.get(S).get_json() == before


def test_delete_stack_and_absent_stack(client, store):
    assert client.delete(S).status_code == 200
    create(client)
    add_tiles(store)
    response = client.delete(S + "/")
    assert response.status_code == 200 and text(response) == ""
    assert client.get(S).status_code == 404
    assert not store.tile_collection(SID).exists()
    assert client.get(f"{V1}/owners").get_json() == []


# ---------------------------------------------------------------------------- state
def test_complete_derives_stats_and_section_data(client, store):
    create(client)
    add_tiles(store)
    response = set_state(client, "COMPLETE")
    assert response.status_code == 201 and response.headers["Location"] == f"http://localhost{S}/state/COMPLETE"
    stats = client.get(S).get_json()["stats"]
    assert stats["stackBounds"] == {
        "minX": 149.0, "minY": 130.0, "minZ": 3407.0, "maxX": 5103.0, "maxY": 5386.0, "maxZ": 3408.0
    }
    assert stats["sectionCount"] == 2 and stats["tileCount"] == 2 and stats["channelNames"] == []
    raw = text(client.get(S + "/sectionData/"))
    assert json.loads(raw) == [
        {"sectionId": "3407.0", "z": 3407.0, "tileCount": 1, "minX": 149.0, "maxX": 2709.0,
         "minY": 130.0, "maxY": 2290.0},
        {"sectionId": "3408.0", "z": 3408.0, "tileCount": 1, "minX": 200.0, "maxX": 5103.0,
         "minY": 150.0, "maxY": 5386.0},
    ]
    assert '"z":3407.0' in raw


def test_complete_without_tiles_500(client):
    create(client)
    response = set_state(client, "COMPLETE")
    assert_error(response, 500)
    assert text(response).startswith(
        "Stack data aggregation returned no results because the stack has no tiles."
    )
    assert client.get(S).get_json()["state"] == "LOADING"


def test_state_errors(client, store):
    assert_error(set_state(client, "FOO"), 404)
    assert_error(set_state(client, "complete"), 404)
    missing = "stack with owner 'o', project 'p', and name 's' does not exist"
    assert_error(set_state(client, "COMPLETE"), 404, missing)
    assert_error(set_state(client, "COMPLETE", f"{V1}/owner/o/project/p/stack/bad-name"), 400, INVALID_STACK)
    create(client)
    assert_error(set_state(client, "OFFLINE"), 400, (
        "The s stack's state is currently LOADING and must first be transitioned to COMPLETE before "
        "transitioning it to OFFLINE."
    ))
    assert client.get(S).get_json()["state"] == "LOADING"


def test_full_lifecycle_over_http(client, store):
    create(client)
    add_tiles(store)
    for state in ("LOADING", "COMPLETE", "READ_ONLY", "COMPLETE", "READ_ONLY", "OFFLINE", "OFFLINE"):
        assert set_state(client, state).status_code == 201, state
        assert client.get(S).get_json()["state"] == state
    assert "stats" in client.get(S).get_json()
    assert_error(client.get(S + "/sectionData"), 404)
    assert_error(set_state(client, "LOADING"), 400)
    assert client.delete(S).status_code == 200


# ---------------------------------------------------------------------------- rename
def test_rename_stack(client, store):
    create(client)
    add_tiles(store)
    response = client.put(S + "/stackId", json={"owner": "o", "project": "p2", "stack": "renamed"})
    assert response.status_code == 200 and text(response) == ""
    assert client.get(S).status_code == 404
    target = f"{V1}/owner/o/project/p2/stack/renamed"
    assert client.get(target).get_json()["stackId"] == {"owner": "o", "project": "p2", "stack": "renamed"}
    assert store.tile_collection(StackId("o", "p2", "renamed")).count() == 2


def test_rename_errors(client, store):
    assert_error(client.put(S + "/stackId", json={"owner": "o", "project": "p", "stack": "t"}), 404)
    assert_error(client.put(f"{V1}/owner/o/project/p/stack/bad-name/stackId", json={}), 400, INVALID_STACK)
    create(client)
    assert_error(client.put(S + "/stackId"), 400, "toStackId value must be specified")
    assert_error(client.put(S + "/stackId", json=[1]), 400)
    create(client, f"{V1}/owner/o/project/p/stack/t")
    assert_error(client.put(S + "/stackId", json={"owner": "o", "project": "p", "stack": "t"}), 400,
                 "stack with owner 'o', project 'p', and name 't' already exists")
    add_tiles(store)
    set_state(client, "COMPLETE")
    set_state(client, "READ_ONLY")
    assert_error(client.put(S + "/stackId", json={"owner": "o", "project": "p", "stack": "u"}), 400,
                 "stack with owner 'o', project 'p', and name 's' cannot be modified because it is "
                 "READ_ONLY.")


# ---------------------------------------------------------------------------- version sub-resources
def test_resolution_values_endpoints(client):
    create(client, stackResolutionZ=35)
    assert client.get(S + "/resolutionValues").get_json() == [None, None, 35.0]
    response = client.put(S + "/resolutionValues", json=[4, 4.5])
    assert response.status_code == 200 and text(response) == ""
    assert text(client.get(S + "/resolutionValues/")) == "[4.0,4.5,35.0]"
    assert_error(client.put(S + "/resolutionValues", json=["x"]), 400)
    assert_error(client.put(S + "/resolutionValues"), 500)
    assert client.delete(S + "/resolutionValues").status_code == 200
    assert client.get(S + "/resolutionValues").get_json() == [None, None, None]


def test_materialized_box_root_path_endpoints_are_raw_text(client):
    create(client)
    assert client.get(S + "/materializedBoxRootPath").status_code == 204
    response = client.put(S + "/materializedBoxRootPath", data=" /boxes/root \n", content_type="text/plain")
    assert response.status_code == 200
    got = client.get(S + "/materializedBoxRootPath")
    assert got.status_code == 200 and got.mimetype == "text/plain" and text(got) == "/boxes/root"
    assert client.delete(S + "/materializedBoxRootPath").status_code == 200
    assert client.get(S + "/materializedBoxRootPath").status_code == 204


def test_mipmap_path_builder_endpoints(client):
    create(client)
    assert client.get(S + "/mipmapPathBuilder").status_code == 204
    builder = {"rootPath": "/mipmaps", "numberOfLevels": 6, "extension": "tif", "other": 1}
    assert client.put(S + "/mipmapPathBuilder", json=builder).status_code == 200
    assert client.get(S + "/mipmapPathBuilder").get_json() == {
        "rootPath": "/mipmaps/", "numberOfLevels": 6, "extension": "tif"
    }
    assert_error(client.put(S + "/mipmapPathBuilder", json={"rootPath": "/m", "extension": "tif"}), 400,
                 "numberOfLevels must be specified for MipmapPathBuilder")
    assert_error(client.put(S + "/mipmapPathBuilder", json={"numberOfLevels": "x"}), 400)
    assert client.get(S + "/mipmapPathBuilder").get_json()["rootPath"] == "/mipmaps/"
    assert client.delete(S + "/mipmapPathBuilder").status_code == 200
    assert client.get(S + "/mipmapPathBuilder").status_code == 204


def test_default_channel_endpoints_raw_string(client):
    create(client)
    assert client.get(S + "/defaultChannel").status_code == 204
    assert client.put(S + "/defaultChannel", data="DAPI", content_type="application/json").status_code == 200
    got = client.get(S + "/defaultChannel")
    assert got.status_code == 200 and text(got) == "DAPI"
    client.put(S + "/defaultChannel", data='"quoted"', content_type="application/json")
    assert text(client.get(S + "/defaultChannel")) == '"quoted"'
    assert client.get(S).get_json()["currentVersion"]["defaultChannel"] == '"quoted"'
    assert client.delete(S + "/defaultChannel").status_code == 200
    assert client.get(S + "/defaultChannel").status_code == 204


def test_cycle_endpoints(client):
    create(client)
    assert client.get(S + "/cycle").get_json() == {}
    assert client.put(S + "/cycle", json={"number": 2, "stepNumber": 1}).status_code == 200
    assert client.get(S + "/cycle").get_json() == {"number": 2, "stepNumber": 1}
    assert client.get(S).get_json()["currentVersion"] == {"cycleNumber": 2, "cycleStepNumber": 1}
    assert_error(client.put(S + "/cycle", json={"number": "two"}), 400)
    assert client.delete(S + "/cycle").status_code == 200
    assert client.get(S + "/cycle").get_json() == {}


def test_hierarchical_data_endpoints(client):
    create(client)
    assert client.get(S + "/hierarchicalData").status_code == 204
    data = {"roughTilesStackId": {"owner": "o", "project": "p", "stack": "rough"}, "tier": 1, "scale": 1}
    assert client.put(S + "/hierarchicalData", json=data).status_code == 200
    assert client.get(S + "/hierarchicalData").get_json() == dict(data, scale=1.0)
    assert client.get(S).get_json()["hierarchicalData"]["tier"] == 1
    assert client.delete(S + "/hierarchicalData").status_code == 200
    assert client.get(S + "/hierarchicalData").status_code == 204


@pytest.mark.parametrize("resource,body", [
    ("resolutionValues", [1.0]), ("materializedBoxRootPath", "/x"), ("defaultChannel", "c"),
    ("mipmapPathBuilder", {"rootPath": "/", "numberOfLevels": 1, "extension": "png"}),
    ("cycle", {"number": 1}), ("hierarchicalData", {"tier": 1}),
])
def test_sub_resources_404_missing_400_names_500_read_only(client, store, resource, body):
    kwargs = {"json": body} if not isinstance(body, str) else {"data": body, "content_type": "text/plain"}
    assert_error(client.get(f"{S}/{resource}"), 404)
    assert_error(client.put(f"{S}/{resource}", **kwargs), 404)
    assert_error(client.delete(f"{S}/{resource}"), 404)
    assert_error(client.get(f"{V1}/owner/o/project/p/stack/bad-name/{resource}"), 400, INVALID_STACK)
    create(client)
    add_tiles(store)
    set_state(client, "COMPLETE")
    set_state(client, "READ_ONLY")
    before = client.get(S).get_json()
    message = "Data for stack s cannot be modified because it is READ_ONLY."
    assert_error(client.put(f"{S}/{resource}", **kwargs), 500, message)
    assert_error(client.delete(f"{S}/{resource}"), 500, message)
    assert client.get(S).get_json() == before
    assert client.get(f"{S}/{resource}").status_code in (200, 204)


# ---------------------------------------------------------------------------- sectionData
def test_section_data_rules_and_z_filters(client, store):
    assert_error(client.get(S + "/sectionData"), 404)
    create(client)
    add_tiles(store)
    assert_error(client.get(S + "/sectionData"), 400, (
        "section data not aggregated for stack with owner 'o', project 'p', and name 's', set stack state "
        "to COMPLETE to generate the aggregate collection"
    ))
    set_state(client, "COMPLETE")
    assert [s["z"] for s in client.get(S + "/sectionData?minZ=3408").get_json()] == [3408.0]
    assert [s["z"] for s in client.get(S + "/sectionData?maxZ=3407.000000").get_json()] == [3407.0]
    assert len(client.get(S + "/sectionData?minZ=3407&maxZ=3408").get_json()) == 2
    assert client.get(S + "/sectionData?minZ=1e5").get_json() == []
    assert_error(client.get(S + "/sectionData?minZ=abc"), 404)
    assert_error(client.get(f"{V1}/owner/o/project/p/stack/bad-name/sectionData"), 400, INVALID_STACK)
    # COMPLETE -> LOADING keeps the snapshot; new tiles only show after the next COMPLETE
    set_state(client, "LOADING")
    store.tile_collection(SID).upsert([{"tileId": "t3", "z": 1.0, "minX": 0, "minY": 0, "maxX": 1, "maxY": 1,
                                         "layout": {"sectionId": "1.0"}}])
    assert len(client.get(S + "/sectionData").get_json()) == 2
    set_state(client, "COMPLETE")
    assert [s["sectionId"] for s in client.get(S + "/sectionData").get_json()] == ["1.0", "3407.0", "3408.0"]


def test_every_owned_endpoint_is_registered(app):
    from render_emulator.routes import coverage

    done = {(method, template) for method, template, served in coverage(app) if served}
    stack = "v1/owner/{owner}/project/{project}/stack/{stack}"
    expected = {
        ("GET", "v1/likelyUniqueId"), ("GET", "v1/owners"), ("GET", "v1/owner/{owner}/projects"),
        ("GET", "v1/owner/{owner}/stackIds"), ("GET", "v1/owner/{owner}/project/{project}/stackIds"),
        ("GET", "v1/owner/{owner}/stacks"), ("GET", "v1/owner/{owner}/project/{project}/stacks"),
        ("GET", stack), ("POST", stack), ("DELETE", stack), ("PUT", stack + "/state/{state}"),
        ("PUT", stack + "/stackId"), ("GET", stack + "/sectionData"),
    }
    for resource in ("resolutionValues", "materializedBoxRootPath", "mipmapPathBuilder", "defaultChannel",
                     "cycle", "hierarchicalData"):
        expected |= {(m, f"{stack}/{resource}") for m in ("GET", "PUT", "DELETE")}
    assert expected <= done


# ---------------------------------------------------------------------------- tile-dependent endpoints
AFFINE = "mpicbg.trakem2.transform.AffineModel2D"
LENS = {"type": "leaf", "id": "lens", "className": AFFINE, "dataString": "1 0 0 1 0 0"}


def put_resolved(client, *tiles, path=S, transforms=None):
    body = {"transformIdToSpecMap": transforms or {}, "tileIdToSpecMap": {t["tileId"]: t for t in tiles}}
    response = client.put(f"{path}/resolvedTiles?deriveData=true", json=body)
    assert response.status_code == 201, text(response)


def a_tile(tile_id, z, tx=0.0, section=None, width=100, ref=False, channels=None):
    specs = [{"type": "ref", "refId": "lens"}] if ref else []
    specs.append({"className": AFFINE, "dataString": f"1 0 0 1 {tx} 0"})
    tile = {"tileId": tile_id, "z": z, "width": width, "height": 50,
            "transforms": {"type": "list", "specList": specs}}
    if section is not None:
        tile["layout"] = {"sectionId": section}
    if channels:
        tile["channels"] = [{"name": name} for name in channels]
    return tile


@pytest.fixture
def tiled(client):
    create(client)
    put_resolved(client, a_tile("b", 1, 90, "1.0", ref=True, channels=["DAPI", "GFP"]),
                 a_tile("a", 1, 0, "1.0"), a_tile("c", 2.5, -20.5, "2.5", width=200),
                 transforms={"lens": LENS})
    return client


def test_complete_derives_stats_and_section_data_from_tiles(tiled):
    set_state(tiled, "COMPLETE")
    stats = tiled.get(S).get_json()["stats"]
    # c: minX trunc(-20.5) = -20, maxX = -20 + ceil(200) = 180
    assert stats == {
        "stackBounds": {"minX": -20.0, "minY": 0.0, "minZ": 1.0, "maxX": 190.0, "maxY": 50.0, "maxZ": 2.5},
        "sectionCount": 2, "nonIntegralSectionCount": 1, "tileCount": 3, "transformCount": 1,
        "minTileWidth": 100, "maxTileWidth": 200, "minTileHeight": 50, "maxTileHeight": 50,
        "channelNames": ["DAPI", "GFP"],
    }
    assert tiled.get(f"{S}/bounds").get_json() == stats["stackBounds"]
    assert tiled.get(f"{S}/sectionData").get_json() == [
        {"sectionId": "1.0", "z": 1.0, "tileCount": 2, "minX": 0.0, "maxX": 190.0, "minY": 0.0,
         "maxY": 50.0},
        {"sectionId": "2.5", "z": 2.5, "tileCount": 1, "minX": -20.0, "maxX": 180.0, "minY": 0.0,
         "maxY": 50.0}]


def test_stack_bounds_errors(client):
    assert_error(client.get(f"{S}/bounds"), 404,
                 "stack with owner 'o', project 'p', and name 's' does not exist")
    create(client)
    assert_error(client.get(f"{S}/bounds"), 400,
                 "Stats for stack with owner 'o', project 'p', and name 's' have not been stored.  If all "
                 "data has been loaded for this stack, setting its state to COMPLETE will trigger derivation "
                 "and storage of all the stack's stats.")


def test_tile_ids_filters_and_unknown_stack(tiled):
    assert tiled.get(f"{S}/tileIds").get_json() == ["a", "b", "c"]
    assert tiled.get(f"{S}/tileIds?minZ=1&maxZ=1").get_json() == ["a", "b"]
    assert tiled.get(f"{S}/tileIds?minZ=2").get_json() == ["c"]
    assert tiled.get(f"{S}/tileIds?matchPattern=[bc]").get_json() == ["b", "c"]
    assert tiled.get(f"{V1}/owner/o/project/p/stack/nope/tileIds").get_json() == []


def test_tile_ids_are_streamed_raw_and_skip_an_empty_id(tiled):
    """RenderDao.writeTileIds: query ``tileId > ""`` without a pattern (RenderDao.java:1662-1665); each id is
    written between double quotes as it is (RenderDao.java:1691-1697), no JSON escaping."""
    put_resolved(tiled, a_tile('q"\\é', 1, 0, "1.0"), a_tile("", 1, 0, "1.0"))
    response = tiled.get(f"{S}/tileIds?minZ=1&maxZ=1")
    assert response.mimetype == "application/json"
    assert response.get_data(as_text=True) == '["a","b","q"\\é"]'
    assert tiled.get(f"{S}/tileIds?matchPattern=^$").get_data(as_text=True) == '[""]'


def test_tile_specs_with_ids(tiled):
    specs = tiled.put(f"{S}/tile-specs-with-ids", json=["b", "zz", "a"]).get_json()
    assert [s["tileId"] for s in specs] == ["a", "b"]
    assert specs[1]["transforms"]["specList"][0] == LENS
    assert tiled.put(f"{V1}/owner/o/project/p/stack/nope/tile-specs-with-ids", json=["a"]).get_json() == []


def test_delete_layer_and_section(tiled):
    assert tiled.delete(f"{S}/z/1.0").status_code == 200
    assert tiled.get(f"{S}/tileIds").get_json() == ["c"]
    assert tiled.delete(f"{S}/z/99").status_code == 200
    assert tiled.delete(f"{S}/section/2.5").status_code == 200
    assert tiled.get(f"{S}/tileIds").get_json() == []
    assert_error(tiled.delete(f"{V1}/owner/o/project/p/stack/nope/z/1"), 404)
    assert_error(tiled.delete(f"{V1}/owner/o/project/p/stack/nope/section/1"), 404)
    assert_error(tiled.delete(f"{S}/z/x"), 404)


def test_deletes_refused_unless_loading(tiled):
    set_state(tiled, "COMPLETE")
    message = "stack state is COMPLETE but must be LOADING to delete data"
    assert_error(tiled.delete(f"{S}/z/1"), 400, message)
    assert_error(tiled.delete(f"{S}/section/1.0"), 400, message)
    assert tiled.get(f"{S}/tileIds").get_json() == ["a", "b", "c"]


def test_clone_to_new_stack_copies_everything(tiled, store):
    response = tiled.put(f"{S}/cloneTo/copy?skipTransforms=false", json={"versionNotes": "clone"})
    assert response.status_code == 201
    assert response.headers["Location"].endswith("/cloneTo/copy?skipTransforms=false")
    copy = f"{V1}/owner/o/project/p/stack/copy"
    meta = tiled.get(copy).get_json()
    assert (meta["state"], meta["currentVersionNumber"]) == ("LOADING", 0)
    assert meta["currentVersion"] == {"versionNotes": "clone"}
    assert tiled.get(f"{copy}/tile/b").get_json() == tiled.get(f"{S}/tile/b").get_json()
    assert tiled.get(f"{copy}/transform/lens").get_json() == LENS
    set_state(tiled, "COMPLETE", copy)


def test_clone_with_z_filter_project_and_skip_transforms(tiled, store):
    target = f"{V1}/owner/o/project/p2/stack/part"
    response = tiled.put(f"{S}/cloneTo/part?z=2.5&z=7&toProject=p2&skipTransforms=true", json={})
    assert response.status_code == 201, text(response)
    assert tiled.get(f"{target}/tileIds").get_json() == ["c"]
    assert store.transform_collection(StackId("o", "p2", "part")).count() == 0
    # into the existing LOADING stack with another z: allowed (filtered copy, no count check)
    assert tiled.put(f"{S}/cloneTo/part?z=1&toProject=p2&skipTransforms=true", json={}).status_code == 201
    assert tiled.get(f"{target}/tileIds").get_json() == ["a", "b", "c"]


def test_clone_refusals_change_nothing(tiled, store):
    assert_error(tiled.put(f"{S}/cloneTo/x", data="", content_type="application/json"), 400,
                 "no stack version provided")
    assert_error(tiled.put(f"{V1}/owner/o/project/p/stack/nope/cloneTo/x", json={}), 404)
    assert_error(tiled.put(f"{S}/cloneTo/bad-name", json={}), 400)
    assert tiled.put(f"{S}/cloneTo/t?z=1", json={}).status_code == 201
    target_id = StackId("o", "p", "t")
    # ids the target already holds break its unique index
    assert_error(tiled.put(f"{S}/cloneTo/t?z=1&skipTransforms=true", json={}), 500,
                 "E11000 duplicate key error collection: render.o__p__t__tile index: A dup key: "
                 "{ tileId: \"b\" }")
    assert_error(tiled.put(f"{S}/cloneTo/t?z=2.5", json={}), 500,
                 "E11000 duplicate key error collection: render.o__p__t__transform index: A dup key: "
                 "{ id: \"lens\" }")
    assert sorted(store.tile_collection(target_id).keys()) == ["a", "b"]
    assert store.transform_collection(target_id).count() == 1
    set_state(tiled, "COMPLETE", f"{V1}/owner/o/project/p/stack/t")
    assert_error(tiled.put(f"{S}/cloneTo/t?z=2.5&skipTransforms=true", json={}), 500,
                 "Tiles cannot be cloned to stack t because it is COMPLETE.")


def test_clone_count_check_after_unfiltered_copies(tiled, store):
    target = f"{V1}/owner/o/project/p/stack/t"
    create(tiled, target)
    other = {"type": "leaf", "id": "other", "className": AFFINE, "dataString": "1 0 0 1 0 0"}
    put_resolved(tiled, a_tile("zz", 9), path=target, transforms={"other": other})
    assert_error(tiled.put(f"{S}/cloneTo/t?z=1", json={}), 500, "only inserted 2 out of 1 documents")
    assert_error(tiled.put(f"{S}/cloneTo/t?skipTransforms=true", json={}), 500,
                 "only inserted 4 out of 3 documents")
    assert tiled.put(f"{S}/cloneTo/t?z=1&skipTransforms=true", json={}).status_code == 201
    assert tiled.get(f"{target}/tileIds").get_json() == ["a", "b", "zz"]
