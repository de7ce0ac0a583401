"""Answers whose shape or order render-ws (saalfeldlab/render at 916ed10) fixes in its Java
(backend-agnostic): TileBounds fields, the unsorted tileBounds query, Java HashMap/HashSet order in
resolvedTiles and tile labels, no Content-Type without an entity.

Hash codes used below (``String.hashCode``: s[0]*31^(n-1) + … + s[n-1]; HashMap bucket = (h ^ h >>> 16) &
(table size - 1), equal buckets in insertion order):
``"a"`` 97, ``"b"`` 98, ``"q"`` 113, ``"tb"`` 3694, ``"te"`` 3697.
"""

from __future__ import annotations

import pytest
import requests

import renderapi
from renderapi.errors import RenderError
from renderapi.external.processpools.stdlib_pool import WithThreadPool
from renderapi.render import format_preamble
from renderapi.resolvedtiles import ResolvedTiles, get_resolved_tiles_from_z, put_tilespecs
from renderapi.stack import delete_tile, get_tilebounds_for_z
from renderapi.tilespec import TileSpec, get_tile_spec_raw
from renderapi.transform import AffineModel, ReferenceTransform
from renderapi.utils import get_json

STACK = "divergences"


def tile(tileId: str, minX: float = 0.0, refId: str | None = None, z: float = 1.0, **kwargs) -> TileSpec:
    tforms = [ReferenceTransform(refId=refId)] if refId else [AffineModel(B0=minX)]
    return TileSpec(tileId=tileId, z=z, width=10, height=10, imageUrl=f"file:///{tileId}.png",
                    sectionId="1.0", tforms=tforms, **kwargs)


@pytest.fixture
def stored_b_q_a(render):
    """Tiles stored in the order b, q, a (one PUT resolvedTiles, body in that order)."""
    renderapi.stack.create_stack(STACK, render=render)
    put_tilespecs(STACK, tilespecs=[tile("b", 20.0), tile("q", 30.0), tile("a", 10.0)], render=render)
    return render


# ------------------------------------------------------------------------------- tileBounds
def test_tile_bounds_carry_no_z_range_and_keep_jacksons_field_order(stored_b_q_a):
    """TileBounds passes null minZ/maxZ to Bounds (render-app TileBounds.java:29) and NON_NULL drops them
    (JsonUtils.java:42); Jackson writes the superclass Bounds' fields (Bounds.java:16-21) before TileBounds'
    own (TileBounds.java:12-14)."""
    bounds = get_tilebounds_for_z(STACK, 1.0, render=stored_b_q_a)
    assert [list(b.items()) for b in bounds if b["tileId"] == "a"] == [[
        ("minX", 10.0), ("minY", 0.0), ("maxX", 20.0), ("maxY", 10.0), ("tileId", "a"), ("sectionId", "1.0"),
        ("z", 1.0)]]


def test_tile_bounds_come_in_storage_order_not_sorted(stored_b_q_a):
    """RenderDao.getTileBounds runs find() without sort() (RenderDao.java:1738); MongoDB then answers in the
    order of the index it scans (z_1 or layout.sectionId_1, RenderDao.java:2192, 2206), equal keys in
    record order. A replaced tile keeps its record (ReplaceOneModel upsert, RenderDao.java:570); a deleted
    and re-added one gets a new record at the end."""
    render = stored_b_q_a
    assert [b["tileId"] for b in get_tilebounds_for_z(STACK, 1.0, render=render)] == ["b", "q", "a"]
    put_tilespecs(STACK, tilespecs=[tile("q", 35.0)], render=render)
    delete_tile(STACK, "b", render=render)
    put_tilespecs(STACK, tilespecs=[tile("b", 20.0)], render=render)
    assert [b["tileId"] for b in get_tilebounds_for_z(STACK, 1.0, render=render)] == ["q", "a", "b"]
    section = format_preamble(render.DEFAULT_HOST, render.DEFAULT_PORT, render.DEFAULT_OWNER,
                                               render.DEFAULT_PROJECT, STACK) + "/section/1.0/tileBounds"
    assert [b["tileId"] for b in get_json(requests.Session(), section)] == ["q", "a", "b"]


# ------------------------------------------------------------------------------- resolvedTiles
def test_resolved_tiles_maps_come_in_java_hash_map_order(render):
    """GET z/{z}/resolvedTiles: the DAO reads tiles sorted by tileId (RenderDao.java:1851) and shared
    transforms into a default HashMap (RenderDao.java:240); ResolvedTileSpecCollection copies both into
    ``new HashMap<>(size * 2)`` (ResolvedTileSpecCollection.java:80-81) and Jackson writes the maps in
    iteration order.

    tiles a, b, q in HashMap(6) (table 8): buckets a 1, b 2, q 1 -> a, q, b.
    transforms tb, te: default table 16: tb 14, te 1 -> te, tb; then HashMap(4): tb 2, te 1 -> te, tb.
    render-python's ResolvedTiles.from_dict keeps that order in ``.tilespecs`` (resolvedtiles.py:39-40).
    """
    renderapi.stack.create_stack(STACK, render=render)
    shared = [AffineModel(B0=1.0, transformId="tb"), AffineModel(B0=2.0, transformId="te")]
    put_tilespecs(STACK, tilespecs=[tile("b", refId="tb"), tile("q", refId="te"), tile("a", refId="tb")],
                  shared_transforms=shared, render=render)
    resolved = get_resolved_tiles_from_z(STACK, 1.0, render=render)
    assert [ts.tileId for ts in resolved.tilespecs] == ["a", "q", "b"]
    assert [tf.transformId for tf in resolved.transforms] == ["te", "tb"]


def test_tile_labels_come_back_in_hash_set_order(render):
    """TileSpec.labels is a Set<String> (TileSpec.java:74) that Jackson fills as a default HashSet
    (table 16): buckets b 2, q 1, a 1 -> q, a, b (duplicates dropped)."""
    renderapi.stack.create_stack(STACK, render=render)
    put_tilespecs(STACK, tilespecs=[tile("t", labels=["b", "q", "a", "b"])], render=render)
    assert get_tile_spec_raw(STACK, "t", render=render).labels == ["q", "a", "b"]


# ------------------------------------------------------------------------------- responses without an entity
def test_responses_without_an_entity_carry_no_content_type(render):
    """RESTEasy writes Content-Type only for an entity: ``Response.created(uri).build()`` (stack created,
    StackMetaDataService.java:318), the 204 of a resource method returning null (materializedBoxRootPath
    of a stack without one, StackMetaDataService.java:458) and ``Response.ok().build()`` (stack deleted,
    StackMetaDataService.java:355) have none."""
    stack_url = format_preamble(render.DEFAULT_HOST, render.DEFAULT_PORT, render.DEFAULT_OWNER,
                                render.DEFAULT_PROJECT, STACK)
    with requests.Session() as session:
        answers = [session.post(stack_url, json={}),
                   session.get(f"{stack_url}/materializedBoxRootPath"),
                   session.delete(stack_url)]
    assert [(r.status_code, r.headers.get("Content-Type"), r.content) for r in answers] == [
        (201, None, b""), (204, None, b""), (200, None, b"")]


# ------------------------------------------------------------------------------- mapped-to-stack
def test_mapped_to_stack_uses_an_empty_to_owner_as_given(stored_b_q_a):
    """CoordinateService.mapWorldCoordinates defaults toOwner/toProject only when they are null
    (CoordinateService.java:346-347), so ``toOwner=`` names owner '' and its StackId is refused with 400
    (StackId.java:39, CollectionNameUtil.java:29, 43). The target StackId is built only after the source
    stack answered with a visible tile: a point without tiles gives the source's error first."""
    render = stored_b_q_a
    stack_url = format_preamble(render.DEFAULT_HOST, render.DEFAULT_PORT, render.DEFAULT_OWNER,
                                render.DEFAULT_PROJECT, STACK)
    with requests.Session() as session:
        mapped = session.get(f"{stack_url}/z/1/world-coordinates/15,5/mapped-to-stack/{STACK}?toProject=")
        refused = session.get(f"{stack_url}/z/1/world-coordinates/15,5/mapped-to-stack/{STACK}?toOwner=")
        nowhere = session.get(f"{stack_url}/z/1/world-coordinates/500,500/mapped-to-stack/{STACK}?toOwner=")
    assert (mapped.status_code, refused.status_code) == (400, 400)
    rule = ("names may only contain alphanumeric or underscore '_' characters and may not contain "
            "consecutive underscores '_'")
    assert mapped.text == f"invalid project '' specified, {rule}"
    assert refused.text == f"invalid owner '' specified, {rule}"
    # RenderDao.java:293-294 refuses the source point first
    assert (nowhere.status_code, nowhere.text) == (400, (
        f"no tile specifications found in stack with owner '{render.DEFAULT_OWNER}', project "
        f"'{render.DEFAULT_PROJECT}', and name '{STACK}' for world coordinates x=500.0, y=500.0, z=1.0"))
    default = requests.get(f"{stack_url}/z/1/world-coordinates/15,5/mapped-to-stack/{STACK}")
    assert default.status_code == 200 and default.json() == {"tileId": "a", "world": [15.0, 5.0, 1.0]}


# ------------------------------------------------------------------------------- renderapi client
def test_import_tilespecs_parallel_through_rest_needs_no_client_script(render, tmp_path):
    """render-python 2.4.2 hands its RenderClient on to each group's import_tilespecs
    (renderapi/client/client.py:299-303), whose renderclientaccess then skips the client-script check
    (renderapi/client/utils.py:27-36), so a client made with ``validate_client=False`` over a directory
    without run_ws_client.sh imports through REST."""
    client = renderapi.connect(host=render.DEFAULT_HOST, port=render.DEFAULT_PORT, owner=render.DEFAULT_OWNER,
                               project=render.DEFAULT_PROJECT, client_scripts=str(tmp_path),
                               validate_client=False)
    assert isinstance(client, renderapi.render.RenderClient)
    renderapi.stack.create_stack(STACK, render=client)
    tiles = [tile("b", 20.0), tile("a", 10.0), tile("q", 30.0)]
    renderapi.client.import_tilespecs_parallel(STACK, tiles, use_rest=True, render=client, poolsize=2,
                                               mpPool=WithThreadPool)
    assert sorted(renderapi.stack.get_stack_tileIds(STACK, render=client)) == ["a", "b", "q"]
    assert renderapi.stack.get_full_stack_metadata(STACK, render=client)["state"] == "COMPLETE"


# ------------------------------------------------------------------------------- PUT resolvedTiles messages
def test_put_resolved_tiles_refusals_carry_validate_collections_full_text(render):
    """ResolvedTileSpecCollection.validateCollection (ResolvedTileSpecCollection.java:392-395 and
    getBadTileZValueMessage :555-559), checked on the tiles in the request's order."""
    renderapi.stack.create_stack(STACK, render=render)
    with pytest.raises(RenderError) as empty:
        put_tilespecs(STACK, tilespecs=[], render=render)
    expected = "collection does not have any tiles (maybe they were removed by a prior validation process)"
    assert expected in str(empty.value)
    stack_url = format_preamble(render.DEFAULT_HOST, render.DEFAULT_PORT, render.DEFAULT_OWNER,
                                render.DEFAULT_PROJECT, STACK)
    body = ResolvedTiles(tilespecs=[tile("q"), tile("b", z=2.0), tile("a", z=3.0)]).to_dict()
    response = requests.put(f"{stack_url}/z/1/resolvedTiles?deriveData=true", json=body)
    assert (response.status_code, response.text) == (
        400, "all tiles must have a z value of 1.0 but tile with id 'b' has a z value of 2.0")
