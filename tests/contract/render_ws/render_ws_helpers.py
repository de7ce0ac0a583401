"""Datasets, connections and checks shared by the ports of render-ws's own tests
(tests/contract/render_ws)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import requests

from renderapi.render import Render

# render-ws's MongoDB test fixtures as datasets (tests/data/render_ws_mongodb/PROVENANCE.md)
RENDER_WS_DATA = Path(__file__).resolve().parents[2] / "data" / "render_ws_mongodb"


@dataclass
class LoadedStack:
    """A stack of a loaded dataset: a renderapi connection bound to its owner and project, and its URLs."""

    render: Render
    owner: str
    project: str
    stack: str
    base_url: str

    @property
    def project_url(self) -> str:
        return f"{self.base_url}/owner/{quote(self.owner)}/project/{quote(self.project)}"

    @property
    def url(self) -> str:
        """``…/owner/{owner}/project/{project}/stack/{stack}``."""
        return f"{self.project_url}/stack/{quote(self.stack)}"

    def stack_url(self, stack: str) -> str:
        return f"{self.project_url}/stack/{quote(stack)}"

    def get_json(self, path: str, **params):
        """GET ``{stack url}/{path}``; fail the test unless render-ws answers 200."""
        response = requests.get(f"{self.url}/{path}", params=params, timeout=60)
        assert response.status_code == 200, (path, response.status_code, response.text)
        return response.json()


@dataclass
class LoadedMatches:
    """The match collections of a loaded dataset and the owner's match URL."""

    render: Render
    owner: str
    base_url: str

    def collection_url(self, collection: str) -> str:
        return f"{self.base_url}/owner/{quote(self.owner)}/matchCollection/{quote(collection)}"


def connect(render_server, owner: str, project: str) -> Render:
    """A web-only renderapi connection to the server in use."""
    return Render(host=render_server.host, port=render_server.port, owner=owner, project=project)


def delete_owner_data(base_url: str, owner: str) -> None:
    """DELETE every stack and match collection of ``owner`` (what a test created beside the loaded
    dataset)."""
    owner_url = f"{base_url}/owner/{quote(owner)}"
    stacks = requests.get(f"{owner_url}/stacks", timeout=60)
    for meta in stacks.json() if stacks.status_code == 200 else []:
        stack_id = meta["stackId"]
        requests.delete(
            f"{owner_url}/project/{quote(stack_id['project'])}/stack/{quote(stack_id['stack'])}", timeout=60
        )
    collections = requests.get(f"{owner_url}/matchCollections", timeout=60)
    for meta in collections.json() if collections.status_code == 200 else []:
        requests.delete(f"{owner_url}/matchCollection/{quote(meta['collectionId']['name'])}", timeout=60)


def loaded_stack(render_server, owner: str, project: str, stack: str) -> LoadedStack:
    return LoadedStack(connect(render_server, owner, project), owner, project, stack, render_server.base_url)


def stack_version(
    create_timestamp: str,
    notes: str,
    cycle: int,
    step: int,
    resolution_x: float,
    resolution_y: float,
    resolution_z: float,
) -> dict:
    """A StackVersion body as render-app's 9-argument constructor builds it (StackVersion.java:39-51), with
    materializedBoxRootPath and mipmapPathBuilder null (left out, as Jackson leaves nulls out)."""
    return {
        "createTimestamp": create_timestamp,
        "versionNotes": notes,
        "cycleNumber": cycle,
        "cycleStepNumber": step,
        "stackResolutionX": resolution_x,
        "stackResolutionY": resolution_y,
        "stackResolutionZ": resolution_z,
    }


def assert_stack_meta_data(
    meta: dict, expected_state: str, expected_version_number: int, expected_version: dict
) -> None:
    """RenderDaoTest.validateStackMetaData (RenderDaoTest.java:439-471): state, a last-modified time, the
    version number and every field of the current version (createTimestamp, versionNotes, cycle numbers,
    resolutions, mipmapPathBuilder)."""
    assert meta["state"] == expected_state
    assert meta.get("lastModifiedTimestamp") is not None
    assert meta["currentVersionNumber"] == expected_version_number
    version = meta["currentVersion"]
    for key in (
        "createTimestamp",
        "versionNotes",
        "cycleNumber",
        "cycleStepNumber",
        "stackResolutionX",
        "stackResolutionY",
        "stackResolutionZ",
        "mipmapPathBuilder",
    ):
        assert version.get(key) == expected_version.get(key), key


def set_state(stack: LoadedStack, state: str, name: str | None = None) -> None:
    """PUT stack/{stack}/state/{state} (StackMetaDataService.setStackState); render-ws answers 201."""
    response = requests.put(f"{stack.stack_url(name or stack.stack)}/state/{state}", timeout=60)
    assert response.status_code == 201, response.text


def put_resolved_tiles(
    stack: LoadedStack, resolved: dict, z: float | None = None, name: str | None = None, **params
) -> None:
    """PUT [z/{z}/]resolvedTiles (RenderDataService.saveResolvedTilesForZ); render-ws answers 201."""
    where = "resolvedTiles" if z is None else f"z/{z}/resolvedTiles"
    response = requests.put(
        f"{stack.stack_url(name or stack.stack)}/{where}", json=resolved, params=params, timeout=60
    )
    assert response.status_code == 201, response.text


def status_of(method: str, url: str, **kwargs) -> int:
    return requests.request(method, url, timeout=60, **kwargs).status_code
