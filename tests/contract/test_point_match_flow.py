"""The guide's matching flow through renderapi.client (run_ws_client.sh): tilePairClient finds the
neighbouring pairs of a 2 x 2 montage, pointMatchClient derives and stores their matches, and the match
queries read them back. Backend-agnostic: with render's real client scripts the same assertions hold (a
known translation recovered within a pixel).

The four tiles are crops of one textured image placed where they were cut from, so for a pair (p, q) every
match obeys p_local + offset(p) = q_local + offset(q).
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from scipy import ndimage

import renderapi
from renderapi.client import SiftPointMatchOptions
from renderapi.errors import ClientScriptError
from renderapi.tilespec import Layout, TileSpec
from renderapi.transform import AffineModel

SIZE = 384
STEP = 224          # neighbours overlap by 160 pixels
MIN_INLIERS = 10
TOLERANCE = 1.0     # pixels, full scale (render scale 1)


@pytest.fixture
def montage(render, render_client_scripts, tmp_path):
    """Stack ``montage``: tiles r{row}c{col} at (col * STEP, row * STEP), section ``1.0``."""
    rng = np.random.default_rng(21)
    extent = STEP + SIZE
    fine, coarse = (ndimage.gaussian_filter(rng.random((extent, extent)), s) for s in (2.5, 6))
    image = fine + 2 * coarse
    image = np.rint((image - image.min()) / (image.max() - image.min()) * 255).astype(np.uint8)
    offsets, specs = {}, []
    for row in (0, 1):
        for col in (0, 1):
            tile_id = f"r{row}c{col}"
            x, y = col * STEP, row * STEP
            path = tmp_path / f"{tile_id}.png"
            Image.fromarray(image[y:y + SIZE, x:x + SIZE]).save(path)
            offsets[tile_id] = np.array([x, y], dtype=float)
            specs.append(TileSpec(tileId=tile_id, z=1.0, width=SIZE, height=SIZE, minint=0, maxint=255,
                                  imageUrl=f"file:{path}", layout=Layout(sectionId="1.0"),
                                  tforms=[AffineModel(B0=float(x), B1=float(y))]))
    renderapi.stack.create_stack("montage", render=render)
    renderapi.client.import_tilespecs("montage", specs, render=render)
    renderapi.stack.set_stack_state("montage", "COMPLETE", render=render)
    return offsets


def test_tile_pairs_to_stored_matches(render, montage):
    pairs = renderapi.client.tilePairClient("montage", 1, 1, zNeighborDistance=0, render=render)
    tile_pairs = [(pair["p"]["id"], pair["q"]["id"]) for pair in pairs["neighborPairs"]]
    assert sorted(tile_pairs) == [("r0c0", "r0c1"), ("r0c0", "r1c0"), ("r0c1", "r1c1"), ("r1c0", "r1c1")]
    options = SiftPointMatchOptions(renderScale=1.0, matchMaxEpsilon=3.0, matchModelType="TRANSLATION",
                                    SIFTminScale=0.25, SIFTmaxScale=1.0)
    renderapi.client.pointMatchClient("montage", "montage_matches", tile_pairs, sift_options=options,
                                      render=render)
    stored = renderapi.pointmatch.get_matches_within_group("montage_matches", "1.0", render=render)
    assert sorted((m["pId"], m["qId"]) for m in stored) == sorted(tile_pairs)
    for match in stored:
        p, q = np.array(match["matches"]["p"]).T, np.array(match["matches"]["q"]).T
        assert len(p) >= MIN_INLIERS
        shift = montage[match["qId"]] - montage[match["pId"]]
        assert np.abs(p - q - shift).max() <= TOLERANCE
    one = renderapi.pointmatch.get_matches_from_tile_to_tile("montage_matches", "1.0", "r0c0", "1.0", "r0c1",
                                                             render=render)
    assert len(one) == 1 and one[0]["qId"] == "r0c1"


def test_point_match_client_without_max_epsilon_fails(render, montage):
    """SiftPointMatchOptions leaves matchMaxEpsilon unset by default; render's PointMatchClient then fails
    (MatchDerivationParameters has no default for it, MatchFilter.java:60 unboxes it) and stores nothing."""
    with pytest.raises(ClientScriptError):
        renderapi.client.pointMatchClient("montage", "no_epsilon", [("r0c0", "r0c1")],
                                          sift_options=SiftPointMatchOptions(renderScale=0.5), render=render)
    assert "no_epsilon" not in [c["collectionId"]["name"]
                                for c in renderapi.pointmatch.get_matchcollections(render=render)]
