"""render-python's user guide ("Making a new stack", "Importing tilespecs") run as written, except that
tiles go up with renderapi.resolvedtiles.put_tilespecs instead of the Java import client and that the
guide's ``AffineTransform`` is renderapi's ``AffineModel`` (backend-agnostic)."""

from __future__ import annotations

import math

import pytest

import renderapi
from renderapi.layout import Layout
from renderapi.tilespec import TileSpec
from renderapi.transform import AffineModel

GUIDE_CLIENT_SCRIPTS = "/usr/local/render/render-ws-java-client/src/scripts"


def derived_translation_box(x0: float, y0: float, width: int, height: int) -> tuple:
    """render-ws's box of a translated tile (render-ws-api.md §4.6) from the 10-decimal dataString."""
    x0, y0 = float(f"{x0:.10f}"), float(f"{y0:.10f}")
    min_x, min_y = math.trunc(x0), math.trunc(y0)
    return min_x, min_y, min_x + math.ceil((width + x0) - x0), min_y + math.ceil((height + y0) - y0)


def connect_like_the_guide(render) -> renderapi.render.Render:
    render_connect_params = {
        "host": render.DEFAULT_HOST,
        "port": render.DEFAULT_PORT,
        "owner": render.DEFAULT_OWNER,
        "project": render.DEFAULT_PROJECT,
        # without usable client scripts connect() falls back to a plain Render
        "client_scripts": render.DEFAULT_CLIENT_SCRIPTS or GUIDE_CLIENT_SCRIPTS,
        "memGB": "2G",
    }
    return renderapi.connect(**render_connect_params)


def test_new_stack_single_tile(render):
    render = connect_like_the_guide(render)

    # make a new stack
    stack = "mystack"
    renderapi.stack.create_stack(stack, render=render)
    assert renderapi.stack.get_full_stack_metadata(stack, render=render)["state"] == "LOADING"

    # define a tile layout
    layout = Layout(sectionId="1", scopeId="myscope", cameraId="mycamera", imageRow=0, imageCol=0,
                    stageX=100.0, stageY=300.0, rotation=0.0, pixelsize=3.0)
    # define a simple transformation, here a translation based upon layout
    at = AffineModel(B0=layout.stageX / layout.pixelsize, B1=layout.stageY / layout.pixelsize)
    tilespec = TileSpec(tileId="000000000000", z=0.0, width=2048, height=2048,
                        imageUrl="/data/images/0_0_0.tif", maskUrl=None, layout=layout, tforms=[at])

    # import (put_tilespecs derives the bounding box on the server, as the Java client does locally)
    response = renderapi.resolvedtiles.put_tilespecs(stack, tilespecs=[tilespec], render=render)
    assert response.status_code == 201

    # now close the stack
    renderapi.stack.set_stack_state(stack, "COMPLETE", render=render)

    assert stack in renderapi.render.get_stacks_by_owner_project(render=render)
    meta = renderapi.stack.get_full_stack_metadata(stack, render=render)
    assert meta["state"] == "COMPLETE"
    min_x, min_y, max_x, max_y = derived_translation_box(100.0 / 3.0, 100.0, 2048, 2048)
    assert meta["stats"] == {
        "stackBounds": {"minX": min_x, "minY": min_y, "minZ": 0.0, "maxX": max_x, "maxY": max_y, "maxZ": 0.0},
        "sectionCount": 1, "nonIntegralSectionCount": 0, "tileCount": 1, "transformCount": 0,
        "minTileWidth": 2048, "maxTileWidth": 2048, "minTileHeight": 2048, "maxTileHeight": 2048,
        "channelNames": [],
    }
    assert (min_x, min_y, max_x, max_y) == (33, 100, 2081, 2148)
    stored = renderapi.tilespec.get_tile_spec_raw(stack, "000000000000", render=render)
    assert stored.to_dict() == tilespec.to_dict()
    assert stored.layout.to_dict() == {"sectionId": "1", "temca": "myscope", "camera": "mycamera",
                                       "imageRow": 0, "imageCol": 0, "stageX": 100.0, "stageY": 300.0,
                                       "rotation": 0.0, "pixelsize": 3.0}


def test_many_tiles_scaled_down(render):
    """The guide's "simulate the importing of many tiles" loop with 3 sections of 2 x 3 tiles."""
    render = connect_like_the_guide(render)
    stack = "manytiles"
    renderapi.stack.create_stack(stack, render=render)

    rows = 2
    cols = 3
    sections = 3
    overlap = .8  # 20% overlap
    pix = 3.0  # nm
    img_width = 2048  # pixels
    img_height = img_width

    tilespecs = []
    for section in range(sections):
        for r in range(rows):
            for c in range(cols):
                layout = Layout(sectionId=f"{section:05d}", scopeId="myscope", cameraId="mycamera",
                                imageRow=0, imageCol=0, stageX=c * img_width * overlap * pix,
                                stageY=r * img_height * overlap * pix, rotation=0.0, pixelsize=pix)
                # define a simple transformation, here a translation based upon layout
                at = AffineModel(B0=c * img_width * overlap, B1=r * img_height * overlap)
                tileId = f"{section:d}_{r:d}_{c:d}"
                ts = TileSpec(tileId=tileId, z=section, width=img_width, height=img_height,
                              imageUrl=f"/data/images/{tileId}.tif", maskUrl=None, layout=layout,
                              tforms=[at])
                tilespecs.append(ts)

    renderapi.resolvedtiles.put_tilespecs(stack, tilespecs=tilespecs, render=render)
    renderapi.stack.set_stack_state(stack, "COMPLETE", render=render)

    stats = renderapi.stack.get_full_stack_metadata(stack, render=render)["stats"]
    last = derived_translation_box((cols - 1) * img_width * overlap, (rows - 1) * img_height * overlap,
                                   img_width, img_height)
    assert stats["tileCount"] == rows * cols * sections
    assert stats["sectionCount"] == sections
    assert stats["stackBounds"] == {"minX": 0.0, "minY": 0.0, "minZ": 0.0, "maxX": float(last[2]),
                                    "maxY": float(last[3]), "maxZ": float(sections - 1)}
    assert renderapi.stack.get_z_values_for_stack(stack, render=render) == [0.0, 1.0, 2.0]
    section_data = renderapi.stack.get_stack_sectionData(stack, render=render)
    assert [(s["sectionId"], s["z"], s["tileCount"]) for s in section_data] == [
        ("00000", 0.0, 6), ("00001", 1.0, 6), ("00002", 2.0, 6)]
    assert renderapi.stack.get_sectionId_for_z(stack, 1, render=render) == "00001"
    assert len(renderapi.stack.get_stack_tileIds(stack, render=render)) == rows * cols * sections


@pytest.mark.emulator_only
def test_walkthrough_on_render_emulator_serve(serve_emulator):
    """The same steps against ``render-emulator serve`` running as its own process."""
    served = serve_emulator()
    host, port = served.url.rsplit(":", 1)
    render = renderapi.render.Render(host=host, port=int(port), owner="guide_owner", project="guide_project")
    test_new_stack_single_tile(render)
    test_many_tiles_scaled_down(render)
    assert sorted(renderapi.render.get_stacks_by_owner_project(render=render)) == ["manytiles", "mystack"]
    code, _stdout, stderr = served.stop()
    assert code == 0 and "Traceback" not in stderr
