"""Helpers shared by the ported render tests (tests/contract/render_app, tests/contract/java_client):
tiles with given bounds written through renderapi, and render's java clients run through the
``run_ws_client.sh`` of the backend in use (real or emulated)."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

import renderapi
from renderapi.tilespec import Layout, TileSpec
from renderapi.transform import AffineModel

CLIENT_TIMEOUT_S = 300


@dataclass(frozen=True)
class Bounds:
    """A tile as render-app tests build TileBounds: id, sectionId, z, minX, minY, maxX, maxY."""

    tile_id: str
    section_id: str
    z: float
    min_x: float
    min_y: float
    max_x: float
    max_y: float

    def tile_spec(self) -> TileSpec:
        """A tile whose derived bounds are these (integer sizes, a translation)."""
        return TileSpec(tileId=self.tile_id, z=self.z, width=int(self.max_x - self.min_x),
                        height=int(self.max_y - self.min_y), imageUrl=f"file:///data/{self.tile_id}.png",
                        layout=Layout(sectionId=self.section_id),
                        tforms=[AffineModel(B0=self.min_x, B1=self.min_y)])


@pytest.fixture
def put_bounds(render) -> Callable[[str, Iterable[tuple]], None]:
    """``put_bounds(stack, rows)``: create the stack (if needed), store one tile per
    ``(tileId, sectionId, z, minX, minY, maxX, maxY)`` row, complete the stack."""
    def put(stack: str, rows: Iterable[tuple]) -> None:
        bounds = [Bounds(*row) for row in rows]
        if stack not in renderapi.render.get_stacks_by_owner_project(render=render):
            renderapi.stack.create_stack(stack, render=render)
        else:
            renderapi.stack.set_stack_state(stack, "LOADING", render=render)
        renderapi.resolvedtiles.put_tilespecs(stack, tilespecs=[b.tile_spec() for b in bounds], render=render)
        renderapi.stack.set_stack_state(stack, "COMPLETE", render=render)
    return put


@dataclass
class ClientRun:
    returncode: int
    output: str


@pytest.fixture
def java_client(render, render_server, render_client_scripts) -> Callable[..., ClientRun]:
    """``java_client(class_name, *args)``: run a render java client with ``--baseDataUrl/--owner/--project``
    of the test's render prepended (pass ``web=False`` to omit them)."""
    def run(class_name: str, *args, web: bool = True) -> ClientRun:
        web_args = ["--baseDataUrl", render_server.base_url, "--owner", render.DEFAULT_OWNER,
                    "--project", render.DEFAULT_PROJECT] if web else []
        command = [os.path.join(str(render_client_scripts), "run_ws_client.sh"), "1G", class_name,
                   *web_args, *[str(a) for a in args]]
        done = subprocess.run(command, capture_output=True, text=True, timeout=CLIENT_TIMEOUT_S)
        return ClientRun(done.returncode, done.stdout + done.stderr)
    return run


TILE_PAIR_CLIENT = "org.janelia.render.client.TilePairClient"


@dataclass
class PairRun:
    """What one TilePairClient run wrote: the files (in order) and their RenderableCanvasIdPairs."""

    files: list[Path]
    documents: list[dict]

    @property
    def pairs(self) -> list[dict]:
        return [pair for document in self.documents for pair in document["neighborPairs"]]

    @property
    def ids(self) -> set[tuple[str, str]]:
        return {(pair["p"]["id"], pair["q"]["id"]) for pair in self.pairs}

    @property
    def tile_ids(self) -> set[str]:
        return {tile_id for pair in self.ids for tile_id in pair}


@pytest.fixture
def tile_pairs(java_client, tmp_path) -> Callable[..., PairRun]:
    """``tile_pairs(stack, *args)``: run TilePairClient into a fresh ``.json`` file and read what it wrote
    (an AssertionError carrying the client's output when it fails)."""
    counter = iter(range(1_000_000))

    def run(stack: str, *args) -> PairRun:
        to_json = tmp_path / f"pairs_{next(counter)}.json"
        done = java_client(TILE_PAIR_CLIENT, "--stack", stack, "--toJson", to_json, *args)
        assert done.returncode == 0, done.output
        files = pair_files(to_json)
        return PairRun(files, [json.loads(path.read_text()) for path in files])
    return run


def pair_files(to_json: Path) -> list[Path]:
    """The files a TilePairClient run wrote for ``--toJson to_json`` (``name.json`` or ``name_pNNN.json``)."""
    if to_json.exists():
        return [to_json]
    return sorted(to_json.parent.glob(f"{to_json.stem}_p*{to_json.suffix}"))
