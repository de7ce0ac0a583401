"""render-ws-java-client TilePairClientTest, ported: TilePairClient run through ``run_ws_client.sh``
against tiles stored through the REST API, checked by the files it writes.

render's test replaces ``getZValues`` and ``buildRTree`` by a mock (TilePairClientTest.java:166-190):
each layer z holds tile ``a<z>`` (0, 0, 11, 22) and tile ``b<z>`` (9, 0, 30, 22), sectionId ``<z>``.
Here those tiles are real tiles of a stack, so the client reads them from render-ws's tileBounds.

Java assertions ported (4): the number of files of the montage run (:63-73) and of the cross-layer run
(:75-86); the number of files and the number of pairs of the run with missing layers (:88-117).
Not shown through HTTP: ``testParameterParsing`` (:58-61) calls ``parseHelp`` in-process and asserts
nothing; through the script ``--help`` only shows as a failed exit with the usage, checked below.
Further checks of TilePairClient's behaviour (issue #8 part 3) cite TilePairClient.java directly.
"""

from __future__ import annotations

import pytest

STACK = "pair_test"
BASE_ARGS = ("--minZ", "1", "--maxZ", "8", "--excludeCornerNeighbors", "false")


def mock_layer_bounds(z: float) -> list[tuple]:
    """MockTilePairClient.buildRTree's two tiles of layer z (TilePairClientTest.java:183-187)."""
    section = f"{z:.1f}"  # String.valueOf(double)
    return [(f"a{section}", section, z, 0, 0, 11, 22), (f"b{section}", section, z, 9, 0, 30, 22)]


@pytest.fixture
def mock_stack(put_bounds):
    def make(*z_values: float) -> str:
        put_bounds(STACK, [row for z in z_values for row in mock_layer_bounds(z)])
        return STACK
    return make


def test_montage_derive_and_save_sorted_neighbor_pairs(mock_stack, tile_pairs):
    """TilePairClientTest.java:63-73: 5 two-tile layers, distance 0, 3 pairs per file -> 2 files."""
    stack = mock_stack(1.0, 2.0, 3.0, 4.0, 5.0)
    run = tile_pairs(stack, *BASE_ARGS, "--maxPairsPerFile", "3", "--zNeighborDistance", "0")
    assert len(run.files) == 2
    # the 5 pairs are flushed after layer 4 (TilePairClient.java:462-481): 3 in _p000, 2 in _p001
    assert [f.name.rsplit("_", 1)[1] for f in run.files] == ["p000.json", "p001.json"]
    assert [len(d["neighborPairs"]) for d in run.documents] == [3, 2]


def test_cross_derive_and_save_sorted_neighbor_pairs(mock_stack, tile_pairs):
    """TilePairClientTest.java:75-86: 5 layers, distance 2 -> 9 + 9 + 9 + 5 + 1 = 33 pairs in 11 files."""
    stack = mock_stack(1.0, 2.0, 3.0, 4.0, 5.0)
    run = tile_pairs(stack, *BASE_ARGS, "--maxPairsPerFile", "3", "--zNeighborDistance", "2")
    assert len(run.files) == 11
    assert len(run.pairs) == 33


def test_cross_derive_with_missing_layers(mock_stack, tile_pairs):
    """TilePairClientTest.java:88-117: layers 1, 3, 5, 6, 7 with distance 2 -> 5 + 5 + 9 + 5 + 1 = 25 pairs,
    one file (25 is not more than --maxPairsPerFile 25)."""
    stack = mock_stack(1.0, 3.0, 5.0, 6.0, 7.0)
    run = tile_pairs(stack, *BASE_ARGS, "--maxPairsPerFile", "25", "--zNeighborDistance", "2")
    assert len(run.files) == 1
    assert len(run.pairs) == 25


def test_help_exits_with_usage(java_client):
    """testParameterParsing (TilePairClientTest.java:58-61): ``--help`` is understood; run as a script,
    CommandLineParameters.parse prints the usage and exits 1 (CommandLineParameters.java:60-64)."""
    done = java_client("org.janelia.render.client.TilePairClient", "--help", web=False)
    assert done.returncode == 1
    assert "--excludeSameLayerPairsWithPosition" in done.output and "--toJson" in done.output


# ------------------------------------------------------------------ TilePairClient behaviour (issue #8, 3)
def grid_rows(z: float = 1.0) -> list[tuple]:
    """2 x 2 tiles of 100 px on a 90 px pitch, ids ``r<row>c<col>``."""
    return [(f"r{row}c{col}", "s1", z, col * 90, row * 90, col * 90 + 100, row * 90 + 100)
            for row in (0, 1) for col in (0, 1)]


def test_render_parameters_url_template_starts_with_base_data_url_token(render, put_bounds, tile_pairs):
    """TilePairClient.java:312-321: the template is the literal ``{baseDataUrl}`` token
    (RenderableCanvasIdPairs.java:24) followed by the base stack's path, ``{id}`` left as a token."""
    put_bounds(STACK, grid_rows())
    run = tile_pairs(STACK, "--zNeighborDistance", "0", "--baseStack", "base_stack")
    assert {d["renderParametersUrlTemplate"] for d in run.documents} == {
        f"{{baseDataUrl}}/owner/{render.DEFAULT_OWNER}/project/{render.DEFAULT_PROJECT}"
        "/stack/base_stack/tile/{id}/render-parameters"}


def test_exclude_same_layer_pairs_with_position_drops_pairs_where_p_or_q_has_it(put_bounds, tile_pairs):
    """TilePairClient.java:443-447: a pair is removed when p OR q has the position; horizontal pairs are
    always LEFT/RIGHT (MontageRelativePosition.java:31-36), so RIGHT (only ever on q) removes them too."""
    put_bounds(STACK, grid_rows())
    everything = tile_pairs(STACK, "--zNeighborDistance", "0")
    assert everything.ids == {("r0c0", "r0c1"), ("r0c0", "r1c0"), ("r0c1", "r1c1"), ("r1c0", "r1c1")}
    vertical = {("r0c0", "r1c0"), ("r0c1", "r1c1")}
    assert tile_pairs(STACK, "--zNeighborDistance", "0", "--excludeSameLayerPairsWithPosition", "RIGHT").ids \
        == vertical
    assert tile_pairs(STACK, "--zNeighborDistance", "0", "--excludeSameLayerPairsWithPosition", "LEFT").ids \
        == vertical
    assert tile_pairs(STACK, "--zNeighborDistance", "0", "--excludeSameLayerPairsWithPosition", "TOP").ids \
        == everything.ids - vertical


def test_exclude_same_layer_pairs_with_position_is_an_enum(put_bounds, java_client, tmp_path):
    """TilePairClient.java:148: the option is a MontageRelativePosition, so JCommander refuses other text."""
    put_bounds(STACK, grid_rows())
    done = java_client("org.janelia.render.client.TilePairClient", "--stack", STACK, "--toJson",
                       tmp_path / "p.json", "--excludeSameLayerPairsWithPosition", "DIAGONAL")
    assert done.returncode == 1
    assert not (tmp_path / "p.json").exists()


def test_two_tiles_with_the_same_origin_give_two_pairs(put_bounds, tile_pairs):
    """Each tile of a same-origin pair is TOP of the other: |dx| = |dy| = 0 falls to the dy branch with
    dy = 0 (MontageRelativePosition.java:31-43, from-tile TOP); CanvasId equality and order include the
    relativePosition (CanvasId.java:133-135, 144-157), so (a TOP, b BOTTOM) and (a BOTTOM, b TOP) are two
    pairs, TOP first in enum order (MontageRelativePosition.java:11)."""
    put_bounds(STACK, [("a", "s1", 1.0, 0, 0, 100, 100), ("b", "s1", 1.0, 0, 0, 100, 100)])
    run = tile_pairs(STACK, "--zNeighborDistance", "0", "--excludeCompletelyObscuredTiles", "false")
    assert run.pairs == [
        {"p": {"groupId": "s1", "id": "a", "relativePosition": "TOP"},
         "q": {"groupId": "s1", "id": "b", "relativePosition": "BOTTOM"}},
        {"p": {"groupId": "s1", "id": "a", "relativePosition": "BOTTOM"},
         "q": {"groupId": "s1", "id": "b", "relativePosition": "TOP"}},
    ]


def test_only_include_tiles_from_stack_name_forms(render, put_bounds, tile_pairs):
    """TilePairClient.java:273-283, 535-550: the include stack is StackId.fromNameString(value, owner,
    project) (StackId.java:135-154): ``stack``, ``project::stack`` or ``owner::project::stack``."""
    put_bounds(STACK, grid_rows())
    put_bounds("subset", [row for row in grid_rows() if row[0] != "r1c1"])
    owner, project = render.DEFAULT_OWNER, render.DEFAULT_PROJECT
    without_r1c1 = {("r0c0", "r0c1"), ("r0c0", "r1c0")}
    for name in ("subset", f"{project}::subset", f"{owner}::{project}::subset"):
        assert tile_pairs(STACK, "--zNeighborDistance", "0", "--onlyIncludeTilesFromStack", name).ids \
            == without_r1c1, name


def test_explicit_radius_zero_is_a_radius_of_zero(put_bounds, tile_pairs):
    """TileBoundsRTree.java:223-227: a non-null explicitRadius is used as it is, 0 included; a circle of
    radius 0 only meets tiles holding the source tile's centre."""
    put_bounds(STACK, [("a", "s1", 1.0, 0, 0, 100, 100), ("b", "s1", 1.0, 40, 0, 140, 100),
                       ("c", "s1", 1.0, 150, 0, 250, 100)])
    assert tile_pairs(STACK, "--zNeighborDistance", "0").ids == {("a", "b"), ("b", "c")}
    assert tile_pairs(STACK, "--zNeighborDistance", "0", "--explicitRadius", "0").ids == {("a", "b")}


def test_neighbour_circle_uses_rtree_float_geometry(put_bounds, tile_pairs):
    """render's rtree (0.7.6, render-app/pom.xml:179) keeps circles and rectangles as 32-bit floats
    (TileBoundsRTree.java:84-88, 110). Tile n's centre x 16777217 is 16777216 as a float, 8 from tile s's
    right edge 16777208, so radius 8.5 pairs them; in doubles every distance is 9. The same layout near 0
    (no rounding) gives no pair."""
    far = 16777196
    for origin, expected in ((far, {("n", "s")}), (0, set())):
        stack = f"float_{origin}"
        put_bounds(stack, [("s", "s1", 1.0, origin, 0, origin + 12, 12),
                           ("n", "s1", 1.0, origin + 15, 0, origin + 27, 12)])
        run = tile_pairs(stack, "--zNeighborDistance", "0", "--explicitRadius", "8.5")
        assert run.ids == expected, origin
