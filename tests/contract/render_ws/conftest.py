"""Datasets and connections for the ports of render-ws's own tests (tests/data/PROVENANCE.md).

Each fixture loads the collections the Java test's setUp imports (``EmbeddedMongoDb.importCollection``),
through the ``render_dataset`` fixture factory, which removes them again after the test.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from render_ws_helpers import (
    RENDER_WS_DATA,
    LoadedMatches,
    LoadedStack,
    connect,
    delete_owner_data,
    loaded_stack,
)


@pytest.fixture
def elastic_stack(render_server, render_dataset) -> Iterator[LoadedStack]:
    """flyTEM/test/elastic as RenderDaoReadOnlyTest, RenderDaoTest and StackMetaDataServiceTest load it:
    admin__stack_meta_data + elastic-3903.json (tiles) + elastic-transform.json (shared transforms)."""
    render_dataset(RENDER_WS_DATA / "elastic")
    yield loaded_stack(render_server, "flyTEM", "test", "elastic")
    delete_owner_data(render_server.base_url, "flyTEM")


@pytest.fixture
def elastic_tiles_only(render_server, render_dataset, tmp_path) -> Iterator[LoadedStack]:
    """flyTEM/test/elastic as CoordinateServiceTest loads it: the tile and transform collections only, no
    stack metadata (CoordinateServiceTest.java:34-44)."""
    dataset = tmp_path / "elastic_tiles_only"
    (dataset / "render").mkdir(parents=True)
    for name in ("flyTEM__test__elastic__tile.json", "flyTEM__test__elastic__transform.json"):
        shutil.copy(RENDER_WS_DATA / "elastic" / "render" / name, dataset / "render" / name)
    render_dataset(dataset)
    yield loaded_stack(render_server, "flyTEM", "test", "elastic")
    delete_owner_data(render_server.base_url, "flyTEM")


@pytest.fixture
def fly863_align(render_server, render_dataset) -> Iterator[LoadedStack]:
    """flyTEM/fly863/align as RenderDataServiceTest loads it (RenderDataServiceTest.java:45-61):
    admin__stack_meta_data + fly863_align__tile.json + fly863_acquire__transform.json."""
    render_dataset(RENDER_WS_DATA / "fly863_align")
    yield loaded_stack(render_server, "flyTEM", "fly863", "align")
    delete_owner_data(render_server.base_url, "flyTEM")


@pytest.fixture
def test_collections(render_server, render_dataset) -> Iterator[LoadedMatches]:
    """testOwner's match collections as MatchDaoReadOnlyTest loads them (MatchDaoReadOnlyTest.java:52-71):
    match.json, match_b.json and match_c.json as testCollection, testCollectionB and testCollectionC."""
    render_dataset(RENDER_WS_DATA / "match_collections")
    yield LoadedMatches(connect(render_server, "testOwner", "unused"), "testOwner", render_server.base_url)
    delete_owner_data(render_server.base_url, "testOwner")
