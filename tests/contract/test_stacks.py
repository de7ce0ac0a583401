"""Stack lifecycle through renderapi (backend-agnostic: runs on the emulator and on any render-ws).

Tile-dependent behaviour (COMPLETE with stats, bounds, sectionData, clone of tiles) is covered by the
tile contract tests; here every call works on stacks without tiles.
"""

from __future__ import annotations

import re

import pytest
import requests

import renderapi
from renderapi.errors import RenderError
from renderapi.render import format_baseurl, format_preamble
from renderapi.stack import StackVersion

RENDER_DATE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


def stack_url(render, stack: str, project: str | None = None) -> str:
    project = project or render.DEFAULT_PROJECT
    return format_preamble(render.DEFAULT_HOST, render.DEFAULT_PORT, render.DEFAULT_OWNER, project, stack)


def test_create_stack_gives_a_loading_stack_with_render_ws_metadata(render):
    response = renderapi.stack.create_stack("s1", cycleNumber=2, cycleStepNumber=1, render=render)
    assert response.status_code == 201
    assert response.headers["Location"].endswith("/stack/s1")

    meta = renderapi.stack.get_full_stack_metadata("s1", render=render)
    owner, project = render.DEFAULT_OWNER, render.DEFAULT_PROJECT
    assert meta["stackId"] == {"owner": owner, "project": project, "stack": "s1"}
    assert meta["state"] == "LOADING"
    assert meta["currentVersionNumber"] == 0
    assert RENDER_DATE.fullmatch(meta["lastModifiedTimestamp"])
    version = meta["currentVersion"]
    assert RENDER_DATE.fullmatch(version.pop("createTimestamp"))
    assert version == {
        "cycleNumber": 2, "cycleStepNumber": 1,
        "stackResolutionX": 1.0, "stackResolutionY": 1.0, "stackResolutionZ": 1.0,
    }
    assert "stats" not in meta and "hierarchicalData" not in meta


def test_resolutions_are_kept_as_floats_and_not_forced_when_asked(render):
    renderapi.stack.create_stack("res", stackResolutionX=4, stackResolutionZ=35.5, force_resolution=False,
                                 render=render)
    version = renderapi.stack.get_full_stack_metadata("res", render=render)["currentVersion"]
    assert version["stackResolutionX"] == 4.0 and isinstance(version["stackResolutionX"], float)
    assert version["stackResolutionZ"] == 35.5
    assert "stackResolutionY" not in version


def test_get_stack_metadata_returns_the_current_version(render):
    renderapi.stack.create_stack("sv", stackResolutionX=4.0, render=render)
    sv = renderapi.stack.get_stack_metadata("sv", render=render)
    assert isinstance(sv, StackVersion)
    assert (sv.stackResolutionX, sv.stackResolutionY) == (4.0, 1.0)


def test_set_stack_metadata_saves_a_new_version_and_stays_loading(render):
    renderapi.stack.create_stack("v", render=render)
    sv = StackVersion(stackResolutionX=8.0, stackResolutionY=8.0, stackResolutionZ=40.0,
                      versionNotes="aligned", cycleNumber=1, cycleStepNumber=3)
    response = renderapi.stack.set_stack_metadata("v", sv, render=render)
    assert response.status_code == 201
    meta = renderapi.stack.get_full_stack_metadata("v", render=render)
    assert meta["state"] == "LOADING" and meta["currentVersionNumber"] == 1
    assert meta["currentVersion"]["versionNotes"] == "aligned"
    assert meta["currentVersion"]["stackResolutionZ"] == 40.0
    assert renderapi.stack.get_stack_metadata("v", render=render).cycleStepNumber == 3


def test_listings_by_owner_and_project(render):
    other_project = f"{render.DEFAULT_PROJECT}_b"
    renderapi.stack.create_stack("a1", render=render)
    renderapi.stack.create_stack("a2", render=render)
    renderapi.stack.create_stack("b1", project=other_project, render=render)

    assert render.DEFAULT_OWNER in renderapi.render.get_owners(render=render)
    assert sorted(renderapi.render.get_projects_by_owner(render=render)) == sorted(
        [render.DEFAULT_PROJECT, other_project])
    assert sorted(renderapi.render.get_stacks_by_owner_project(render=render)) == ["a1", "a2"]
    assert renderapi.render.get_stacks_by_owner_project(project=other_project, render=render) == ["b1"]
    metadata = renderapi.render.get_stack_metadata_by_owner(render=render)
    assert sorted(m["stackId"]["stack"] for m in metadata) == ["a1", "a2", "b1"]
    assert all(m["state"] == "LOADING" for m in metadata)


def test_listings_of_an_unknown_owner_are_empty(render):
    unknown_owner = f"{render.DEFAULT_OWNER}_none"
    assert renderapi.render.get_stack_metadata_by_owner(owner=unknown_owner, render=render) == []


def test_stack_lists_sort_by_project_then_cycle_descending(render):
    renderapi.stack.create_stack("c1", cycleNumber=1, cycleStepNumber=1, render=render)
    renderapi.stack.create_stack("c3", cycleNumber=3, cycleStepNumber=1, render=render)
    renderapi.stack.create_stack("c2", cycleNumber=3, cycleStepNumber=2, render=render)
    names = [m["stackId"]["stack"] for m in renderapi.render.get_stack_metadata_by_owner(render=render)]
    assert names == ["c2", "c3", "c1"]


def test_set_stack_state_transitions_of_a_stack_without_tiles(render):
    renderapi.stack.create_stack("st", render=render)
    assert renderapi.stack.set_stack_state("st", "LOADING", render=render).status_code == 201

    for refused in ("READ_ONLY", "OFFLINE"):
        with pytest.raises(RenderError, match="must first be transitioned to COMPLETE"):
            renderapi.stack.set_stack_state("st", refused, render=render)
    with pytest.raises(RenderError):   # render-ws cannot complete a stack without tiles (500)
        renderapi.stack.set_stack_state("st", "COMPLETE", render=render)
    meta = renderapi.stack.get_full_stack_metadata("st", render=render)
    assert meta["state"] == "LOADING" and "stats" not in meta


def test_set_stack_state_rejects_unknown_states_before_asking_the_server(render):
    with pytest.raises(RenderError, match="not in known states"):
        renderapi.stack.set_stack_state("never_created", "DONE", render=render)


def test_unknown_state_in_the_path_is_404(render):
    renderapi.stack.create_stack("st", render=render)
    response = requests.put(f"{stack_url(render, 'st')}/state/DONE")
    assert response.status_code == 404


def test_missing_stack_raises_render_error(render):
    with pytest.raises(RenderError, match="does not exist"):
        renderapi.stack.get_full_stack_metadata("missing", render=render)
    with pytest.raises(RenderError):
        renderapi.stack.get_stack_metadata("missing", render=render)
    with pytest.raises(RenderError, match="does not exist"):
        renderapi.stack.set_stack_state("missing", "COMPLETE", render=render)


def test_delete_stack_removes_it_and_deleting_again_is_fine(render):
    renderapi.stack.create_stack("gone", render=render)
    assert renderapi.stack.delete_stack("gone", render=render).status_code == 200
    assert renderapi.render.get_stacks_by_owner_project(render=render) == []
    assert renderapi.stack.delete_stack("gone", render=render).status_code == 200


def test_rename_stack_within_and_across_projects(render):
    renderapi.stack.create_stack("old", stackResolutionX=5.0, render=render)
    response = renderapi.stack.rename_stack("old", "new", render=render)
    assert response.status_code == 200
    assert renderapi.render.get_stacks_by_owner_project(render=render) == ["new"]
    meta = renderapi.stack.get_full_stack_metadata("new", render=render)
    assert meta["stackId"]["stack"] == "new" and meta["currentVersion"]["stackResolutionX"] == 5.0

    other_project = f"{render.DEFAULT_PROJECT}_moved"
    renderapi.stack.rename_stack("new", "newer", to_project=other_project, render=render)
    assert renderapi.render.get_stacks_by_owner_project(project=other_project, render=render) == ["newer"]
    assert renderapi.render.get_stacks_by_owner_project(render=render) == []


def test_rename_onto_an_existing_stack_is_refused(render):
    renderapi.stack.create_stack("x", render=render)
    renderapi.stack.create_stack("y", render=render)
    with pytest.raises(RenderError, match="already exists"):
        renderapi.stack.rename_stack("x", "y", render=render)
    assert sorted(renderapi.render.get_stacks_by_owner_project(render=render)) == ["x", "y"]


def test_rename_of_a_missing_stack_is_refused(render):
    with pytest.raises(RenderError, match="does not exist"):
        renderapi.stack.rename_stack("missing", "other", render=render)


@pytest.mark.parametrize("bad_name", ["bad-name", "two__underscores", "_leading", "sp ace"])
def test_invalid_stack_names_are_refused(render, bad_name):
    with pytest.raises(RenderError, match="names may only contain alphanumeric or underscore"):
        renderapi.stack.create_stack(bad_name, render=render)
    assert renderapi.render.get_stacks_by_owner_project(render=render) == []


def test_over_long_names_are_refused(render):
    with pytest.raises(RenderError, match="must be less than 111 characters"):
        renderapi.stack.create_stack("s" * 90, render=render)


def test_likely_unique_id_is_24_hex_and_new_each_time(render):
    first = renderapi.stack.likelyUniqueId(render=render)
    second = renderapi.stack.likelyUniqueId(render=render)
    assert re.fullmatch(r"[0-9a-f]{24}", first) and first != second


def test_z_values_of_a_stack_without_tiles_are_empty(render):
    renderapi.stack.create_stack("empty", render=render)
    assert renderapi.stack.get_z_values_for_stack("empty", render=render) == []


def test_stack_bounds_before_complete_are_refused(render):
    renderapi.stack.create_stack("nobounds", render=render)
    with pytest.raises(RenderError, match="have not been stored"):
        renderapi.stack.get_stack_bounds("nobounds", render=render)


def test_version_sub_resources_round_trip(render):
    renderapi.stack.create_stack("sub", render=render)
    url = stack_url(render, "sub")
    assert requests.put(f"{url}/resolutionValues", json=[4.0, 4.0, 35.0]).status_code == 200
    assert requests.get(f"{url}/resolutionValues").json() == [4.0, 4.0, 35.0]
    assert requests.put(f"{url}/cycle", json={"number": 2, "stepNumber": 5}).status_code == 200
    assert requests.get(f"{url}/cycle").json() == {"number": 2, "stepNumber": 5}
    assert requests.get(f"{url}/materializedBoxRootPath").status_code == 204
    assert requests.put(f"{url}/materializedBoxRootPath", data=" /boxes ",
                        headers={"Content-Type": "text/plain"}).status_code == 200
    assert requests.get(f"{url}/materializedBoxRootPath").text == "/boxes"
    builder = {"rootPath": "/mipmaps", "numberOfLevels": 3, "extension": "tif"}
    assert requests.put(f"{url}/mipmapPathBuilder", json=builder).status_code == 200
    assert requests.get(f"{url}/mipmapPathBuilder").json()["rootPath"] == "/mipmaps/"
    version = renderapi.stack.get_full_stack_metadata("sub", render=render)["currentVersion"]
    assert version["cycleNumber"] == 2 and version["stackResolutionZ"] == 35.0
    assert version["materializedBoxRootPath"] == "/boxes"
    assert requests.delete(f"{url}/resolutionValues").status_code == 200
    assert requests.get(f"{url}/resolutionValues").json() == [None, None, None]


def test_owners_listing_uses_the_api_base(render):
    response = requests.get(f"{format_baseurl(render.DEFAULT_HOST, render.DEFAULT_PORT)}/owners")
    assert response.status_code == 200 and isinstance(response.json(), list)


def test_render_run_passes_the_connection(render):
    renderapi.stack.create_stack("run", render=render)
    assert render.run(renderapi.stack.get_z_values_for_stack, "run") == []
