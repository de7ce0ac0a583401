"""render-ws's own MongoDB fixtures, loaded with render_dataset and read through renderapi; expected
values from render-ws's DAO tests (they read the same fixtures). Skips on a real render-ws (no loader)."""

import renderapi

ELASTIC = dict(owner="flyTEM", project="test")


def test_elastic_fixture_reads_as_in_render_ws_tests(render, render_dataset, data_dir):
    render_dataset(data_dir / "render_ws_mongodb" / "elastic")
    # RenderDaoReadOnlyTest.java:93 and :98: three stacks of the owner, one in project "test"
    assert len(renderapi.render.get_stack_metadata_by_owner("flyTEM", render=render)) == 3
    assert renderapi.render.get_stacks_by_owner_project("flyTEM", "test", render=render) == ["elastic"]
    # RenderDaoReadOnlyTest.java:169 and :176: tile 134 exists, 12 tiles at z 3903.0
    assert renderapi.tilespec.get_tile_spec("elastic", "134", render=render, **ELASTIC).tileId == "134"
    assert len(renderapi.tilespec.get_tile_specs_from_z("elastic", 3903.0, render=render, **ELASTIC)) == 12
