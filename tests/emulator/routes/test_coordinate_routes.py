"""CoordinateService endpoints over HTTP: paths, JAX-RS number conversion, JSON answers, statuses and
text/plain error bodies."""

import pytest
from response_checks import assert_error, text

from render_emulator.routes import coverage

V1 = "/render-ws/v1"
S = f"{V1}/owner/o/project/p/stack/s"
AFFINE = "mpicbg.trakem2.transform.AffineModel2D"


def tile(tile_id, data, z=1.0):
    return {"tileId": tile_id, "z": z, "width": 100, "height": 100,
            "mipmapLevels": {"0": {"imageUrl": f"file:///{tile_id}.png"}},
            "transforms": {"type": "list", "specList": [{"className": AFFINE, "dataString": data}]}}


def put_tiles(client, stack_path, *tiles):
    assert client.post(stack_path, json={}).status_code == 201
    response = client.put(f"{stack_path}/resolvedTiles?deriveData=true",
                          json={"tileIdToSpecMap": {t["tileId"]: t for t in tiles}})
    assert response.status_code == 201, text(response)


@pytest.fixture
def stack(client):
    put_tiles(client, S, tile("a", "1 0 0 1 10 20"), tile("b", "2 0 0 2 50 20"))


def test_every_coordinate_endpoint_is_served(app):
    rows = [row for row in coverage(app) if "coordinates" in row[1].lower() or "mapped-to-stack" in row[1]]
    assert len(rows) == 11
    assert all(served for _, _, served in rows)


def test_single_points(client, stack):
    response = client.get(f"{S}/tile/b/local-to-world-coordinates/5,5.000000")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.get_json() == {"tileId": "b", "world": [60.0, 30.0, 1.0]}
    assert text(response) == '{"tileId":"b","world":[60.0,30.0,1.0]}'
    response = client.get(f"{S}/z/1/world-to-local-coordinates/60.000000,30.000000/")
    assert text(response) == ('[{"tileId":"a","local":[50.0,10.0,1.0]},'
                              '{"tileId":"b","visible":true,"local":[5.0,5.0,1.0]}]')


def test_single_point_errors(client, stack):
    assert_error(client.get(f"{S}/tile/zz/local-to-world-coordinates/1,1"), 404,
                 "tile spec with id 'zz' does not exist in the render.o__p__s__tile collection")
    assert_error(client.get(f"{S}/z/1/world-to-local-coordinates/500,30"), 400,
                 "no tile specifications found in stack with owner 'o', project 'p', and name 's' for world "
                 "coordinates x=500.0, y=30.0, z=1.0")
    assert_error(client.get(f"{S}/z/1/world-to-local-coordinates/249,30"), 500,
                 "world coordinate (249.0, 30.0) found in tile id(s) [b] cannot be inverted")
    assert_error(client.get(f"{S}/z/one/world-to-local-coordinates/1,1"), 404)      # JAX-RS conversion
    assert_error(client.get(f"{S}/tile/a/local-to-world-coordinates/x,1"), 404)
    assert_error(client.get(f"{V1}/owner/o/project/p/stack/bad-name/z/1/world-to-local-coordinates/1,1"), 400)


def test_batches(client, stack):
    response = client.put(f"{S}/z/1/world-to-local-coordinates",
                          json=[{"tileId": "a", "world": [60, 30]}, {"world": [500, 1]}])
    assert response.status_code == 200
    assert response.get_json() == [
        [{"tileId": "a", "local": [50.0, 10.0, 1.0]},
         {"tileId": "b", "visible": True, "local": [5.0, 5.0, 1.0]}],
        [{"world": [500.0, 1.0],
          "error": "no tile specifications found in stack with owner 'o', project 'p', "
                   "and name 's' for world coordinates x=500.0, y=1.0, z=1.0"}]]
    response = client.put(f"{S}/world-to-local-coordinates", json=[{"world": [60, 30, 1]}])
    assert response.get_json()[0][-1]["tileId"] == "b"
    for path in (f"{S}/z/99/local-to-world-coordinates", f"{S}/local-to-world-coordinates"):   # z unused
        response = client.put(path, json=[{"tileId": "a", "local": [0, 0]}, {"tileId": "a"}])
        assert response.status_code == 200
        assert response.get_json() == [{"tileId": "a", "world": [10.0, 20.0, 1.0]},
                                       {"tileId": "a", "error": "local values are missing"}]


def test_batch_body_errors(client, stack):
    path = f"{S}/z/1/world-to-local-coordinates"
    assert_error(client.put(path, data="[{", content_type="application/json"), 400)
    assert_error(client.put(f"{S}/z/1/world-to-local-coordinates", json={"world": [1, 2]}), 400)
    assert_error(client.put(f"{S}/local-to-world-coordinates", json=[{"local": "1,2"}]), 400)
    assert_error(client.put(f"{S}/local-to-world-coordinates", content_type="application/json"), 500)


def test_batches_on_an_unknown_stack_answer_per_element(client):
    response = client.put(f"{V1}/owner/o/project/p/stack/none/local-to-world-coordinates",
                          json=[{"tileId": "a", "local": [0, 0]}])
    assert response.status_code == 200
    assert response.get_json()[0]["error"].startswith("tile spec with id 'a' does not exist")
    response = client.put(f"{V1}/owner/o/project/p/stack/none/z/1/tileIdsForCoordinates",
                          json=[{"world": [1, 2]}])
    assert response.get_json() == [[{"world": [1.0, 2.0]}]]


def test_mapped_to_stack(client, stack):
    put_tiles(client, f"{V1}/owner/o2/project/p2/stack/t", tile("b", "1 0 0 1 1000 2000"))
    response = client.get(f"{S}/z/1/world-coordinates/60,30/mapped-to-stack/t?toOwner=o2&toProject=p2")
    assert response.status_code == 200
    assert response.get_json() == {"tileId": "b", "world": [1005.0, 2005.0, 1.0]}
    assert_error(client.get(f"{S}/z/1/world-coordinates/60,30/mapped-to-stack/t"), 404,
                 "tile spec with id 'b' does not exist in the render.o__p__t__tile collection")
    assert client.get(f"{S}/z/1/world-coordinates/60,30/mapped-to-stack/s").get_json() == {
        "tileId": "b", "world": [60.0, 30.0, 1.0]}


def test_tile_ids_for_coordinates(client, stack):
    response = client.put(f"{S}/z/1/tileIdsForCoordinates", json=[{"world": [60, 30]}, {"world": [5, 5]}])
    assert response.status_code == 200
    assert response.get_json() == [
        [{"tileId": "a", "world": [60.0, 30.0]}, {"tileId": "b", "world": [60.0, 30.0]}],
        [{"world": [5.0, 5.0]}]]
    response = client.put(f"{S}/tileIdsForCoordinates", json=[{"world": [15, 25, 1]}])
    assert response.get_json() == [[{"tileId": "a", "world": [15.0, 25.0, 1.0]}]]
    assert_error(client.put(f"{S}/tileIdsForCoordinates", json=[{"world": [15, 25]}]), 500,
                 "world values must include x, y, and z for element 0")


def test_posted_tile_spec(client):
    body = tile("t", "2 0 0 2 50 20", z=7)
    response = client.put(f"{V1}/owner/anyone/local-to-world-coordinates/5,5", json=body)
    assert response.status_code == 200 and text(response) == "[60.0,30.0,7.0]"
    response = client.put(f"{V1}/owner/anyone/world-to-local-coordinates/60,30?meshCellSize=8", json=body)
    assert response.get_json() == [5.0, 5.0, 7.0]
    assert_error(client.put(f"{V1}/owner/anyone/world-to-local-coordinates/0,0", json=body), 500,
                 "Noninvertible location ( 0.0, 0.0 )")
    path = f"{V1}/owner/anyone/world-to-local-coordinates/0,0?meshCellSize=x"
    assert_error(client.put(path, json=body), 404)
    assert_error(client.put(f"{V1}/owner/anyone/local-to-world-coordinates/0,0", json=[1]), 400)
