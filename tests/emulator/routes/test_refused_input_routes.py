"""Issue #9 regressions: a refused write changes nothing, nothing accepted breaks a later read, no Python
exception reaches a client, every JSON answer is strict JSON.

Jackson 2.11 (render's pom.xml ``jackson-version``) reads bodies with the defaults render-app's
JsonUtils.java:41-49 leaves on: ``NaN``/``Infinity`` literals are a parse error (400). Numbers only a
non-finite double can hold are refused by the emulator as well (README, Known differences).
"""

import json

import pytest
from response_checks import assert_error, text

from render_emulator.context import STORE_KEY

BASE = "/render-ws/v1/owner/o/project/p"
AFFINE = {"className": "mpicbg.trakem2.transform.AffineModel2D", "dataString": "1 0 0 1 0 0"}
NAME_RULE = "names may only contain alphanumeric or underscore '_' characters"


def strict_json(response):
    """The body parsed by a JSON parser that refuses NaN/Infinity (as browsers and Jackson do)."""
    def refuse(token):
        raise AssertionError(f"non-JSON token {token} in {text(response)[:200]}")
    return json.loads(text(response), parse_constant=refuse)


def tile(tile_id, specs, **fields):
    return {"tileId": tile_id, "z": 1.0, "width": 10.0, "height": 10.0,
            "mipmapLevels": {"0": {"imageUrl": "file:///x.png"}},
            "transforms": {"type": "list", "specList": specs}, **fields}


def snapshot(app) -> dict:
    """Every stored document of both databases, by collection."""
    store = app.extensions[STORE_KEY]
    return {(db.name, name): sorted(map(repr, db[name].find({}, {"_id": False})))
            for db in (store.render_db, store.match_db) for name in db.list_collection_names()}


def put_raw(client, url, raw):
    return client.put(url, data=raw, content_type="application/json")


@pytest.fixture
def stack(client):
    assert client.post(f"{BASE}/stack/s", json={}).status_code == 201
    return f"{BASE}/stack/s"


# ------------------------------------------------------------------------------ 1. refused writes
def test_a_tile_without_tile_id_leaves_no_shared_transform_behind(app, client, stack):
    before = snapshot(app)
    response = client.put(f"{stack}/resolvedTiles", json={
        "transformIdToSpecMap": {"tr": {"id": "tr", **AFFINE}}, "tileIdToSpecMap": {"x": {"z": 1.0}}})
    assert response.status_code == 400
    assert snapshot(app) == before
    assert client.get(f"{stack}/transform/tr").status_code == 404


@pytest.mark.parametrize("body", [
    {"tileIdToSpecMap": {"a": tile("a", [None], minX=0, minY=0, maxX=10, maxY=10)}},
    {"tileIdToSpecMap": {"a": tile("a", [{"type": "list", "specList": [AFFINE, None]}])}},
    {"transformIdToSpecMap": {"t": {"id": "t", "type": "list", "specList": [None]}},
     "tileIdToSpecMap": {"a": tile("a", [{"type": "ref", "refId": "t"}])}},
])
def test_a_null_transform_spec_is_refused_and_nothing_is_stored(app, client, stack, body):
    """render-ws keeps the null and fails with a NullPointerException on later reads; refused here."""
    before = snapshot(app)
    assert_error(client.put(f"{stack}/resolvedTiles?deriveData=true", json=body), 400,
                 "render-ws emulator: a specList may not contain null transform specs")
    assert snapshot(app) == before


def test_a_ref_without_ref_id_is_an_unresolved_null_id(app, client, stack):
    """ResolvedTileSpecCollection names the missing ids; Java prints the absent refId as null."""
    body = {"transformIdToSpecMap": {"t": {"id": "t", **AFFINE}},
            "tileIdToSpecMap": {"b": tile("b", [{"type": "ref"}, {"type": "ref", "refId": "x"}])}}
    before = snapshot(app)
    assert_error(client.put(f"{stack}/resolvedTiles?deriveData=true", json=body), 400,
                 "tile b requires the following transform ids [null, x]")
    assert snapshot(app) == before


# ------------------------------------------------------------------------------ 2./3. numbers
@pytest.mark.parametrize("raw, message", [
    ('{"stackResolutionX": NaN}', "Non-standard token 'NaN'"),
    ('{"stackResolutionX": Infinity}', "Non-standard token 'Infinity'"),
    ('{"stackResolutionX": -Infinity}', "Non-standard token '-Infinity'"),
    ('{"stackResolutionX": 1e400}', "Numeric value (1e400) out of range of double"),
    ('{"stackResolutionX": 1' + "0" * 400 + "}", "out of range of double"),
    ('{"stackResolutionX": "NaN"}', "non-finite numbers"),
    ('{"stackResolutionX": "-Infinity"}', "non-finite numbers"),
    ('{"createTimestamp": 1e400}', "out of range of double"),
    ('{"createTimestamp": 9223372036854775808}',
     "Numeric value (9223372036854775808) out of range of long (-9223372036854775808 - 9223372036854775807)"),
    ('{"createTimestamp": 253402300800000}', "must lie between the years 1 and 9999"),
    ("[" * 5000 + "]" * 5000, "JSON nesting is deeper than the render-ws emulator can read"),
    ('{"a":' * 5000 + "1" + "}" * 5000, "JSON nesting is deeper than the render-ws emulator can read"),
])
def test_numbers_and_nesting_render_ws_cannot_store_are_400(app, client, raw, message):
    before = snapshot(app)
    response = client.post(f"{BASE}/stack/n", data=raw, content_type="application/json")
    assert_error(response, 400)
    assert message in text(response)
    assert snapshot(app) == before


@pytest.mark.parametrize("field", ["minX", "maxY", "width", "z", "minIntensity"])
@pytest.mark.parametrize("value", ["Infinity", "-Infinity", "NaN", "1e400"])
def test_non_finite_tile_numbers_are_refused(app, client, stack, field, value):
    fields = {"tileId": "a", "z": 1.0, "minX": 0, "minY": 0, "maxX": 10, "maxY": 10,
              "width": 10, "height": 10, "minIntensity": 0}
    raw = json.dumps({"tileIdToSpecMap": {"a": fields}}).replace(f'"{field}": {json.dumps(fields[field])}',
                                                                 f'"{field}": {value}')
    before = snapshot(app)
    assert_error(put_raw(client, f"{stack}/resolvedTiles", raw), 400)
    assert snapshot(app) == before
    assert client.put(f"{stack}/state/COMPLETE").status_code == 500   # no tiles: render-ws's 500
    assert strict_json(client.get(stack))["state"] == "LOADING"


def test_non_finite_match_weights_are_refused(app, client):
    raw = ('[{"pGroupId":"1","pId":"a","qGroupId":"1","qId":"b",'
           '"matches":{"p":[[1],[1]],"q":[[1],[1]],"w":[NaN]}}]')
    assert_error(put_raw(client, "/render-ws/v1/owner/o/matchCollection/m/matches", raw), 400)
    assert client.get("/render-ws/v1/owner/o/matchCollections").get_json() == []


def test_the_owner_listing_stays_strict_json(client):
    for raw in ('{"stackResolutionX": NaN}', '{"stackResolutionX": 4.0}'):
        client.post(f"{BASE}/stack/s", data=raw, content_type="application/json")
    assert [s["currentVersion"]["stackResolutionX"]
            for s in strict_json(client.get("/render-ws/v1/owner/o/stacks"))] == [4.0]


def test_huge_finite_bounds_complete_and_render_as_java_casts_them(client, stack):
    """(int) casts saturate in Java (JLS 5.1.3): a 2e308-wide layer is Integer.MAX_VALUE wide."""
    huge = tile("h", [AFFINE], minX=-1e308, minY=-1e308, maxX=1e308, maxY=1e308)
    assert client.put(f"{stack}/resolvedTiles", json={"tileIdToSpecMap": {"h": huge}}).status_code == 201
    assert strict_json(client.get(f"{stack}/z/1/render-parameters"))["width"] == 2**31 - 1
    assert client.put(f"{stack}/state/COMPLETE").status_code == 201
    assert strict_json(client.get(stack))["state"] == "COMPLETE"
    response = client.get(f"{stack}/z/1/png-image?scale=0.001")
    assert_error(response, 500)
    assert "too large to render" in text(response)


def test_mesh_cell_size_zero_with_derive_data_is_render_ws_s_too_large_500(app, client, stack):
    """width / 0.0 is Infinity in Java, so the sampling mesh is unbounded (render-ws runs out of heap)."""
    before = snapshot(app)
    body = {"tileIdToSpecMap": {"e": tile("e", [AFFINE], meshCellSize=0)}}
    response = client.put(f"{stack}/resolvedTiles?deriveData=true", json=body)
    assert_error(response, 500)
    assert "refuses to sample more than" in text(response)
    assert snapshot(app) == before


@pytest.mark.parametrize("factor, x, width", [("NaN", "NaN", 10), ("Infinity", "-Infinity", 2**31 - 1 + 10)])
def test_with_neighbors_non_finite_factor_follows_java_casts(client, stack, factor, x, width):
    """TileDataService.java:274-281: tileWidth * factor, then width + (int) (2 * neighborhoodWidth);
    the box's x is written as Jackson writes a non-finite double (a quoted string)."""
    body = {"tileIdToSpecMap": {"a": tile("a", [AFFINE], minX=0, minY=0, maxX=10, maxY=10)}}
    assert client.put(f"{stack}/resolvedTiles", json=body).status_code == 201
    params = strict_json(client.get(f"{stack}/tile/a/withNeighbors/render-parameters?widthFactor={factor}"))
    assert (params["x"], params["width"]) == (x, width)


# ------------------------------------------------------------------------------ 4. names
@pytest.mark.parametrize("name", ["..", "$a", "a\u0000b", "a.", ".a", "", "a/b", "<img src=x>"])
def test_stack_rename_targets_follow_the_name_rules(app, client, stack, name):
    before = snapshot(app)
    response = client.put(f"{stack}/stackId", json={"owner": "o", "project": "p", "stack": name})
    assert_error(response, 400)
    assert NAME_RULE in text(response)
    assert snapshot(app) == before


def test_match_collection_rename_to_markup_is_refused_and_listings_keep_working(client):
    pairs = [{"pGroupId": "1", "pId": "a", "qGroupId": "1", "qId": "b",
              "matches": {"p": [[1.0], [1.0]], "q": [[1.0], [1.0]], "w": [1.0]}}]
    assert client.put("/render-ws/v1/owner/o/matchCollection/m/matches", json=pairs).status_code == 201
    response = client.put("/render-ws/v1/owner/o/matchCollection/m/collectionId",
                          json={"owner": "o", "name": "<img src=x onerror=alert(1)>"})
    assert_error(response, 400)
    assert NAME_RULE in text(response)
    assert strict_json(client.get("/render-ws/v1/matchCollectionOwners")) == ["o"]
    assert [c["collectionId"]["name"]
            for c in strict_json(client.get("/render-ws/v1/owner/o/matchCollections"))] == ["m"]
