"""The match-trial view as a browser shows it: a trial is run through the REST API of a served emulator,
then headless Chromium opens ``match-trial.html?matchTrialId=…`` and the page loads the stored trial, lists
its statistics and draws one line per match over the two canvases.

Skips when no Chromium/Chrome binary is installed (``apt-get install chromium``).
"""

from __future__ import annotations

import re

import numpy as np
import requests
from PIL import Image
from scipy import ndimage

import renderapi
from renderapi.tilespec import Layout, TileSpec
from renderapi.transform import AffineModel


def test_stored_trial_is_listed_and_drawn(serve_emulator, dump_dom, tmp_path):
    served = serve_emulator()
    host, port = served.url.rsplit(":", 1)
    render = renderapi.render.Render(host=host, port=int(port), owner="view_owner", project="view_project")
    rng = np.random.default_rng(5)
    fine, coarse = (ndimage.gaussian_filter(rng.random((300, 500)), sigma) for sigma in (2.5, 6))
    image = fine + 2 * coarse
    image = np.rint((image - image.min()) / (image.max() - image.min()) * 255).astype(np.uint8)
    specs = []
    for name, x in (("a", 0), ("b", 150)):
        path = tmp_path / f"{name}.png"
        Image.fromarray(image[:, x:x + 350]).save(path)
        specs.append(TileSpec(tileId=name, z=1.0, width=350, height=300, minint=0, maxint=255,
                              imageUrl=f"file:{path}", layout=Layout(sectionId="1.0"),
                              tforms=[AffineModel(B0=float(x), B1=0.0)]))
    renderapi.stack.create_stack("s", render=render)
    renderapi.resolvedtiles.put_tilespecs("s", tilespecs=specs, render=render)
    base = f"{served.url}/render-ws/v1"
    url = f"{base}/owner/view_owner/project/view_project/stack/s/tile/{{}}/render-parameters?scale=0.5"
    body = {"featureAndMatchParameters": {
                "siftFeatureParameters": {"minScale": 0.25, "maxScale": 1.0},
                "matchDerivationParameters": {"matchModelType": "TRANSLATION", "matchMaxEpsilon": 3.0}},
            "pRenderParametersUrl": url.format("a"), "qRenderParametersUrl": url.format("b")}
    trial = requests.post(f"{base}/owner/trialOwner/matchTrial", json=body, timeout=120).json()
    match_count = len(trial["matches"][0]["w"])
    assert match_count >= 10

    dom = dump_dom(f"{served.url}/render-ws/view/match-trial.html?matchOwner=trialOwner"
                   f"&matchTrialId={trial['id']}", tmp_path / "profile", budget_ms=10000, timeout=180)
    assert "<title>Match Trial</title>" in dom
    assert re.search(r'id="trialId"[^>]*>' + trial["id"] + "<", dom)
    stats = dict(re.findall(r'<tr data-stat="(\w+)"><td>\w+</td><td>([^<]*)</td></tr>', dom))
    assert stats["matchCount"] == str(match_count)
    assert stats["pFeatureCount"] == str(trial["stats"]["pFeatureCount"])
    assert stats["consensusSetSizes"] == f"[{match_count}]"
    assert re.search(rf'<canvas id="trialCanvas" width="360" height="150" data-lines="{match_count}"', dom)
