"""Emulated PointMatchClient (render-ws-java-client/.../PointMatchClient.java): canvases rendered from tile
render-parameters, SIFT matches stored with the ids render derives, scale and clip offsets mapped back to
full-scale coordinates, and render's argument failures.

Tiles are crops of one textured image, so the true correspondence between two tiles is known exactly:
tile ``a`` shows image columns 0..511, tile ``b`` columns 200..711 (p - q = (200, 0) in local coordinates),
tile ``far`` an unrelated texture.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image
from scipy import ndimage

import renderapi
from renderapi.tilespec import Layout, TileSpec
from renderapi.transform import AffineModel

POINT_MATCH = "org.janelia.render.client.PointMatchClient"
SHIFT = 200.0
# full-scale tolerance (px) of a recovered correspondence: one pixel of the canvas at the scale used
TOLERANCE_AT_SCALE = {1.0: 1.0, 0.5: 2.0}
MIN_INLIERS = 20


def texture(seed: int, shape: tuple[int, int]) -> np.ndarray:
    rng = np.random.default_rng(seed)
    fine, coarse = (ndimage.gaussian_filter(rng.random(shape), sigma) for sigma in (2.5, 6))
    smooth = fine + 2 * coarse
    return np.rint((smooth - smooth.min()) / (smooth.max() - smooth.min()) * 255).astype(np.uint8)


@pytest.fixture
def tiles(render, tmp_path):
    """Stack ``m``: tiles a, b (overlapping by 312 columns) and far (no overlap) in layer 1 / section s1."""
    image = texture(7, (400, 712))
    paths = {"a": image[:, :512], "b": image[:, 200:712], "far": texture(99, (400, 512))}
    specs = []
    for name, pixels in paths.items():
        path = tmp_path / f"{name}.png"
        Image.fromarray(pixels).save(path)
        x = {"a": 0.0, "b": SHIFT, "far": 5000.0}[name]
        specs.append(TileSpec(tileId=name, z=1.0, width=512, height=400, minint=0, maxint=255,
                              imageUrl=f"file:{path}", layout=Layout(sectionId="s1"),
                              tforms=[AffineModel(B0=x, B1=0.0)]))
    renderapi.stack.create_stack("m", render=render)
    renderapi.resolvedtiles.put_tilespecs("m", tilespecs=specs, render=render)
    renderapi.stack.set_stack_state("m", "COMPLETE", render=render)
    kw = render.DEFAULT_KWARGS
    base = f"{kw['host']}:{kw['port']}/render-ws/v1"
    return {"base": base, "owner": kw["owner"],
            "url": f"{base}/owner/{kw['owner']}/project/{kw['project']}/stack/m/tile/{{}}/render-parameters"}


def match_args(tiles, *extra) -> list[str]:
    """Common options; SIFTminScale 0.25 lets half-scale canvases (200 px high) keep two octaves."""
    return ["--baseDataUrl", tiles["base"], "--owner", tiles["owner"], "--collection", "mc",
            "--matchMaxEpsilon", "3", "--SIFTminScale", "0.25", *extra]


def stored(render, tiles) -> list[dict]:
    return renderapi.pointmatch.get_matches_within_group("mc", "s1", owner=tiles["owner"], render=render)


@pytest.mark.parametrize("scale", [1.0, 0.5])
def test_known_shift_recovered_in_full_scale_local_coordinates(run_client, render, tiles, scale):
    """p = q + (200, 0) within a canvas pixel, for every stored inlier (CanvasMatchResult.java:477-483
    divides canvas coordinates by the render scale)."""
    url = tiles["url"]
    args = match_args(tiles, "--renderScale", scale, "--matchModelType", "TRANSLATION")
    assert run_client(POINT_MATCH, *args, url.format("a"), url.format("b")) == 0
    (pair,) = stored(render, tiles)
    assert (pair["pGroupId"], pair["pId"], pair["qGroupId"], pair["qId"]) == ("s1", "a", "s1", "b")
    p, q = np.array(pair["matches"]["p"]).T, np.array(pair["matches"]["q"]).T
    assert len(p) >= MIN_INLIERS and pair["matches"]["w"] == [1.0] * len(p)
    assert np.abs(p - q - [SHIFT, 0.0]).max() <= TOLERANCE_AT_SCALE[scale]
    assert p[:, 0].min() >= SHIFT - TOLERANCE_AT_SCALE[scale]   # only the overlap matches


def test_same_arguments_give_identical_matches(run_client, render, tiles, tmp_path):
    url = tiles["url"]
    files = [tmp_path / "one.json", tmp_path / "two.json"]
    for path in files:
        assert run_client(POINT_MATCH, *match_args(tiles, "--renderScale", "0.5", "--matchStorageFile", path),
                          url.format("a"), url.format("b")) == 0
    first, second = (json.loads(path.read_text()) for path in files)
    assert first == second and len(first[0]["matches"]["w"]) >= MIN_INLIERS


def test_pair_without_overlap_stores_nothing(run_client, render, tiles):
    """No consensus set reaches matchMinNumInliers, so PointMatchClient.saveMatches has nothing to save."""
    url = tiles["url"]
    assert run_client(POINT_MATCH, *match_args(tiles, "--matchMinNumInliers", "10"),
                      url.format("a"), url.format("far")) == 0
    assert renderapi.pointmatch.get_matchcollections(owner=tiles["owner"], render=render) == []


def test_pair_order_normalised_and_storage_file_written(run_client, render, tiles, tmp_path):
    """q before p on the command line: CanvasMatches' constructor swaps ids and points (CanvasMatches.java
    normalize)."""
    url = tiles["url"]
    target = tmp_path / "matches.json"
    args = match_args(tiles, "--matchStorageFile", target, "--matchModelType", "RIGID")
    assert run_client(POINT_MATCH, *args, url.format("b"), url.format("a")) == 0
    (pair,) = json.loads(target.read_text())
    assert (pair["pId"], pair["qId"]) == ("a", "b")
    p, q = np.array(pair["matches"]["p"]).T, np.array(pair["matches"]["q"]).T
    assert np.abs(p - q - [SHIFT, 0.0]).max() <= 1.0
    assert renderapi.pointmatch.get_matchcollections(owner=tiles["owner"], render=render) == []


def test_canvas_ids_from_z_and_canvas_names(run_client, render, tiles):
    """FIRST_TILE_Z group ids are String.valueOf(z), CANVAS_NAME ids c_00000, c_00001 (PointMatchClient.java
    getCanvasGroupId / getCanvasId)."""
    url = tiles["url"]
    assert run_client(POINT_MATCH, *match_args(tiles, "--canvasGroupIdAlgorithm", "FIRST_TILE_Z",
                                               "--canvasIdAlgorithm", "CANVAS_NAME"),
                      url.format("a"), url.format("b")) == 0
    (pair,) = renderapi.pointmatch.get_matches_within_group("mc", "1.0", owner=tiles["owner"], render=render)
    assert (pair["pId"], pair["qId"]) == ("c_00000", "c_00001")


def test_clip_offsets_added_back(run_client, render, tiles):
    """--clipWidth 250 with the first canvas LEFT: canvas a is rendered from x + 262
    (CanvasId.setClipOffsets), and its matches are moved back by that offset, so p - q is still the true
    shift."""
    url = tiles["url"]
    assert run_client(POINT_MATCH, *match_args(tiles, "--clipWidth", "250", "--firstCanvasPosition", "LEFT"),
                      url.format("a"), url.format("b")) == 0
    (pair,) = stored(render, tiles)
    p, q = np.array(pair["matches"]["p"]).T, np.array(pair["matches"]["q"]).T
    assert len(p) >= MIN_INLIERS
    assert p[:, 0].min() >= 262 - 1 and q[:, 0].max() <= 250 + 1
    assert np.abs(p - q - [SHIFT, 0.0]).max() <= 1.0


def test_debug_directory_holds_rendered_canvases(run_client, tiles, tmp_path):
    url = tiles["url"]
    debug = tmp_path / "debug"
    assert run_client(POINT_MATCH, *match_args(tiles, "--debugDirectory", debug, "--renderFileFormat", "PNG",
                                               "--renderScale", "0.5"),
                      url.format("a"), url.format("b")) == 0
    assert sorted(p.name for p in debug.iterdir()) == ["a.png", "b.png"]
    assert Image.open(debug / "a.png").size == (256, 200)


@pytest.mark.parametrize("extra, message", [
    (["--matchModelType", "PERSPECTIVE"], "Invalid value for enum: PERSPECTIVE"),
    (["--matchIterations", "many"], '"many": couldn\'t convert to an integer'),
    (["--renderScale", "big"], '"big": couldn\'t convert to a double'),
    (["--unknownOption", "1"], "Unknown option: --unknownOption"),
])
def test_bad_options_exit_1_with_jcommander_messages(run_client, tiles, capsys, extra, message):
    url = tiles["url"]
    assert run_client(POINT_MATCH, *match_args(tiles, *extra), url.format("a"), url.format("b")) == 1
    err = capsys.readouterr().err
    assert "ERROR: failed to parse command line arguments" in err and message in err


def test_urls_are_required(run_client, tiles, capsys):
    assert run_client(POINT_MATCH, *match_args(tiles)) == 1
    assert "Main parameters are required" in capsys.readouterr().err


@pytest.mark.parametrize("extra, urls, message", [
    ([], ["a"], "odd number of canvas URLs specified, URLs must be paired"),
    (["--clipWidth", "100"], ["a", "b"], "--firstCanvasPosition must be specified for clipping"),
    (["--clipWidth", "100", "--firstCanvasPosition", "LEFT"], ["a", "b", "a", "far"],
     "clipping is only supported for single pair runs"),
])
def test_constructor_checks_exit_1(run_client, tiles, capsys, extra, urls, message):
    """IllegalArgumentExceptions of PointMatchClient's constructor (PointMatchClient.java:268-299)."""
    assert run_client(POINT_MATCH, *match_args(tiles, *extra), *[tiles["url"].format(u) for u in urls]) == 1
    assert message in capsys.readouterr().err


def test_missing_max_epsilon_fails_as_render_does(run_client, tiles, capsys, render):
    """MatchDerivationParameters has no matchMaxEpsilon default and PointMatchClient never calls
    validateAndSetDefaults, so MatchFilter's float field is given a null Float (MatchFilter.java:60,
    MatchDerivationParameters.java:93-96): a NullPointerException, exit 1, nothing stored."""
    url = tiles["url"]
    args = ["--baseDataUrl", tiles["base"], "--owner", tiles["owner"], "--collection", "mc"]
    assert run_client(POINT_MATCH, *args, url.format("a"), url.format("b")) == 1
    assert "NullPointerException" in capsys.readouterr().err
    assert renderapi.pointmatch.get_matchcollections(owner=tiles["owner"], render=render) == []
