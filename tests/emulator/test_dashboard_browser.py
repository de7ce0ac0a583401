"""The dashboard as a browser shows it: headless Chromium loads the pages from ``render-emulator serve``
(stacks made through renderapi), runs their JavaScript and dumps the resulting DOM.

Skips when no Chromium/Chrome binary is installed (``apt-get install chromium``; .ci/run installs it).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest

import renderapi
from renderapi.tilespec import TileSpec
from renderapi.transform import AffineModel

OWNER, PROJECT = "dash_owner", "dash_project"


class _Dom(HTMLParser):
    """Rows (class, data-stack, cell texts, hrefs) of the table with id ``table_id``, plus the title,
    select options and a count of SVG circles."""

    def __init__(self, table_id: str = "stackInfo"):
        super().__init__()
        self.table_id = table_id
        self.title = ""
        self.rows: list[dict] = []
        self.options: dict[str, list[str]] = {}
        self.texts: dict[str, str] = {}
        self.circles = 0
        self.charts: list[dict] = []   # width and legend's right edge of each chart SVG
        self._title_seen = False
        self._in_table = 0
        self._in_tbody = False
        self._row: dict | None = None
        self._cell: list[str] | None = None
        self._select: str | None = None
        self._text_id: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "title" and not self._title_seen:   # the page's title, not an SVG <title> tooltip
            self._title_seen = True
            self._text_id = "title"
        if tag == "table" and attributes.get("id") == self.table_id:
            self._in_table = 1
        elif tag == "tbody" and self._in_table:
            self._in_tbody = True
        elif tag == "tr" and self._in_tbody:
            self._row = {"class": attributes.get("class"), "stack": attributes.get("data-stack"),
                         "id": attributes.get("id"), "cells": [], "hrefs": [], "links": []}
        elif tag == "td" and self._row is not None:
            self._cell = []
        elif tag == "a" and self._row is not None:
            self._row["hrefs"].append(attributes.get("href", ""))
        elif tag == "select":
            self._select = attributes.get("id")
            self.options[self._select] = []
        elif tag == "option" and self._select:
            self.options[self._select].append(attributes.get("value", ""))
        elif tag == "circle":
            self.circles += 1
        if tag == "svg" and attributes.get("role") == "img":
            self.charts.append({"width": float(attributes["width"]), "legend_right": None})
        elif tag == "g" and attributes.get("class") == "legend" and self.charts:
            self.charts[-1]["legend_right"] = float(attributes["data-right"])
        if attributes.get("id") in ("bodyHeaderDetails", "matchCollectionPairCount", "sectionDataStatus",
                                    "message"):
            self._text_id = attributes["id"]
            self.texts[self._text_id] = ""

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None and self._row is not None:
            self._row["cells"].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None
        elif tag == "tbody":
            self._in_tbody = False
        elif tag == "table":
            self._in_table = 0
        elif tag == "select":
            self._select = None
        if tag in ("title", "span", "p"):
            self._text_id = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._text_id == "title":
            self.title += data
        elif self._text_id:
            self.texts[self._text_id] += data


def _tile(z: float, index: int) -> TileSpec:
    return TileSpec(tileId=f"tile.{z:g}.{index}", z=z, width=1000, height=800, sectionId=f"{z:g}.0",
                    imageUrl=f"file:///data/tile_{z:g}_{index}.png",
                    tforms=[AffineModel(B0=900.0 * index, B1=10.0 * z)])


@pytest.fixture
def dashboard(serve_emulator, dump_dom, tmp_path):
    """A served emulator with a COMPLETE stack (tiles at z 1, 2, 4), a LOADING and an OFFLINE stack and
    a match collection; returns a function that loads a dashboard page and parses its DOM."""
    served = serve_emulator()
    host, port = served.url.rsplit(":", 1)   # render-python hosts carry the scheme
    render = renderapi.render.Render(host=host, port=int(port), owner=OWNER, project=PROJECT)

    tiles = [_tile(1.0, 0), _tile(1.0, 1), _tile(1.0, 2), _tile(2.0, 0), _tile(2.0, 1), _tile(4.0, 0)]
    renderapi.stack.create_stack("aligned", cycleNumber=2, cycleStepNumber=5, render=render)
    renderapi.resolvedtiles.put_tilespecs("aligned", tilespecs=tiles, render=render)
    renderapi.stack.set_stack_state("aligned", "COMPLETE", render=render)

    renderapi.stack.create_stack("acquire", render=render)

    renderapi.stack.create_stack("retired", render=render)
    renderapi.resolvedtiles.put_tilespecs("retired", tilespecs=tiles[:1], render=render)
    renderapi.stack.set_stack_state("retired", "COMPLETE", render=render)
    renderapi.stack.set_stack_state("retired", "OFFLINE", render=render)

    renderapi.pointmatch.import_matches("dash_matches", [
        {"pGroupId": "1.0", "qGroupId": "2.0", "pId": "tile.1.0", "qId": "tile.2.0",
         "matches": {"p": [[1.0, 2.0], [3.0, 4.0]], "q": [[1.0, 2.0], [3.0, 4.0]], "w": [1.0, 1.0]}},
    ], owner=OWNER, render=render)

    def load(page: str, table_id: str = "stackInfo", window_width: int | None = None,
             **parameters: str) -> _Dom:
        query = f"?{urlencode(parameters)}" if parameters else ""
        dom = _Dom(table_id)
        dom.feed(dump_dom(f"{served.url}/render-ws/view/{page}{query}", tmp_path / "profile", window_width))
        return dom

    load.base_url = served.base_url
    return load


def test_stacks_page_lists_the_project_stacks(dashboard):
    dom = dashboard("stacks.html", renderStackOwner=OWNER, renderStackProject=PROJECT)
    assert dom.title == f"{OWNER} {PROJECT} Stacks"
    assert dom.texts["bodyHeaderDetails"] == "(3 stacks)"
    assert dom.options["renderStackOwner"] == [OWNER]
    rows = {row["stack"]: row for row in dom.rows}
    assert set(rows) == {"aligned", "acquire", "retired"}

    aligned = rows["aligned"]
    assert aligned["class"] == "COMPLETE"
    #                                 Cycle Step  Name       State       First Last  Layers Tiles Transforms
    assert aligned["cells"][:9] == ["2", "5", "aligned", "COMPLETE", "1", "4", "3", "6", "0"]
    assert aligned["cells"][9] != ""   # Last Modified, in the browser's locale
    stack_url = f"{dashboard.base_url}/owner/{OWNER}/project/{PROJECT}/stack/aligned"
    assert aligned["hrefs"][0] == (
        f"stack-details.html?renderStackOwner={OWNER}&renderStackProject={PROJECT}&renderStack=aligned"
    )
    for suffix in ("", "/zValues", "/mergeableZValues", "/mergedZValues", "/mergeableData", "/sectionData",
                   "/reorderedSectionData"):
        assert stack_url + suffix in aligned["hrefs"], suffix
    assert "Delete Stack" in aligned["cells"][10]

    acquire = rows["acquire"]
    assert acquire["class"] == "LOADING"
    assert acquire["cells"][2:4] == ["acquire", "LOADING"]
    assert acquire["cells"][4:10] == [""] * 6   # no stats while LOADING
    assert "Delete Stack" in acquire["cells"][10]

    retired = rows["retired"]
    assert retired["class"] == "OFFLINE"
    assert retired["cells"][10] == ""                      # OFFLINE rows get no View / Manage links
    assert len(retired["hrefs"]) == 1 and retired["hrefs"][0].startswith("stack-details.html?")


def test_stack_details_page_charts_tile_counts_per_z(dashboard):
    dom = dashboard("stack-details.html", table_id="layers",
                    renderStackOwner=OWNER, renderStackProject=PROJECT, renderStack="aligned")
    assert dom.title == "aligned"
    layers = {row["id"]: row for row in dom.rows}
    assert list(layers) == ["layer-1", "layer-2", "layer-3", "layer-4"]
    assert layers["layer-1"]["cells"][:4] == ["1", "1.0", "original", "3"]
    assert layers["layer-3"]["cells"][:4] == ["3", "", "missing", "0"]
    z_url = f"{dashboard.base_url}/owner/{OWNER}/project/{PROJECT}/stack/aligned/z/2"
    assert layers["layer-2"]["hrefs"] == [f"{z_url}/bounds", f"{z_url}/tileBounds", f"{z_url}/resolvedTiles"]
    # tile-count points (4 layers) + bounds points (4 series x 3 sections) + legend markers (4 + 4)
    assert dom.circles == 4 + 12 + 8


def test_stack_details_charts_and_their_legends_fit_a_1000_px_window(dashboard):
    dom = dashboard("stack-details.html", table_id="layers", window_width=1000,
                    renderStackOwner=OWNER, renderStackProject=PROJECT, renderStack="aligned")
    assert len(dom.charts) == 2
    for chart in dom.charts:
        assert chart["width"] <= 1000
        assert chart["legend_right"] is not None and chart["legend_right"] <= chart["width"]


def test_an_unknown_render_stack_is_reported_not_replaced(dashboard):
    dom = dashboard("stack-details.html", table_id="layers",
                    renderStackOwner=OWNER, renderStackProject=PROJECT, renderStack="no_such_stack")
    assert dom.texts["message"].startswith(
        f"Stack 'no_such_stack' does not exist in owner '{OWNER}', project '{PROJECT}'")
    assert dom.rows == [] and dom.charts == []
    assert dom.title != "aligned"


def test_index_page_offers_the_render_and_match_context(dashboard):
    dom = dashboard("index.html")
    assert dom.title == "Render Web Service Views"
    assert dom.options["renderStackOwner"] == [OWNER]
    assert dom.options["renderStackProject"] == [PROJECT]
    assert set(dom.options["renderStack"]) == {"aligned", "acquire", "retired"}
    assert dom.options["matchOwner"] == [OWNER]
    assert dom.options["matchCollection"] == ["dash_matches"]
    assert dom.texts["matchCollectionPairCount"] == "1 pairs"


def test_server_view_properties_are_the_defaults_and_query_parameters_win(dump_dom, tmp_path):
    from render_emulator.routes.deployment import SERVER_PROPERTIES_CONFIG
    from render_emulator.server import EmulatorServer

    server = EmulatorServer()
    server.app.config[SERVER_PROPERTIES_CONFIG] = {
        "view.renderStackOwner": "owner_b", "view.renderStackProject": "project_b2",
        "view.renderStack": "stack_y", "view.matchCollection": "collection_2",
    }
    server.start()
    try:
        host = f"http://{server.host}"
        stacks = (("owner_a", "project_a", "stack_a"), ("owner_b", "project_b1", "stack_x"),
                  ("owner_b", "project_b2", "stack_x"), ("owner_b", "project_b2", "stack_y"))
        for owner, project, stack in stacks:
            render = renderapi.render.Render(host=host, port=server.port, owner=owner, project=project)
            renderapi.stack.create_stack(stack, render=render)
        match_render = renderapi.render.Render(host=host, port=server.port, owner="owner_b")
        for collection, pairs in (("collection_1", 1), ("collection_2", 2)):
            renderapi.pointmatch.import_matches(collection, [
                {"pGroupId": "1.0", "qGroupId": "2.0", "pId": f"p{i}", "qId": f"q{i}",
                 "matches": {"p": [[1.0], [2.0]], "q": [[1.0], [2.0]], "w": [1.0]}} for i in range(pairs)
            ], render=match_render)

        def selected(url: str) -> dict[str, str]:
            dump = dump_dom(url, tmp_path / "profile")
            return dict(re.findall(r'<select id="(\w+)"[^>]*>(?:(?!</select>).)*?<option value="([^"]*)" '
                                   r'selected', dump, flags=re.S))

        index = f"{server.url}/render-ws/view/index.html"
        assert selected(index) == {"renderStackOwner": "owner_b", "renderStackProject": "project_b2",
                                   "renderStack": "stack_y", "matchOwner": "owner_b",
                                   "matchCollection": "collection_2"}
        assert selected(index + "?renderStackOwner=owner_a&matchCollection=collection_1") == {
            "renderStackOwner": "owner_a", "renderStackProject": "project_a", "renderStack": "stack_a",
            "matchOwner": "owner_b", "matchCollection": "collection_1"}
    finally:
        server.stop()
