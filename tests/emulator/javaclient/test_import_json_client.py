"""Emulated ImportJsonClient: files read (.json/.gz/.zip, transform file), client-side bounding boxes,
validation and the REST calls made against an EmulatorServer."""

from __future__ import annotations

import gzip
import json
import zipfile

import pytest

import renderapi
from renderapi.tilespec import TileSpec
from renderapi.transform import AffineModel, ReferenceTransform, TransformList

IMPORT = "org.janelia.render.client.ImportJsonClient"


def tile(tile_id: str, x: float = 0.0, tforms=None, size: int = 1000) -> dict:
    return TileSpec(tileId=tile_id, z=1.0, width=size, height=size, imageUrl=f"file:///{tile_id}.png",
                    tforms=tforms or [AffineModel(B0=x)]).to_dict()


def write(path, value) -> str:
    text = renderapi.utils.renderdumps(value)
    if str(path).endswith(".gz"):
        with gzip.open(path, "wt") as f:
            f.write(text)
    elif str(path).endswith(".zip"):
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("tiles.json", text)
    else:
        path.write_text(text)
    return str(path)


@pytest.fixture
def stack(render):
    renderapi.stack.create_stack("s", render=render)
    return "s"


def complete_with_seed_tile(stack: str, render) -> None:
    renderapi.resolvedtiles.put_tilespecs(stack, tilespecs=[TileSpec(json=tile("seed"))], render=render)
    renderapi.stack.set_stack_state(stack, "COMPLETE", render=render)


@pytest.mark.parametrize("suffix", [".json", ".gz", ".zip"])
def test_imports_every_file_format_with_derived_bounds(run_client, stack_args, render, stack, tmp_path,
                                                       http_log, suffix):
    complete_with_seed_tile(stack, render)
    http_log.calls.clear()
    files = [write(tmp_path / f"a{suffix}", [tile("a", x=10.6)]), write(tmp_path / f"b{suffix}", [tile("b")])]
    assert run_client(IMPORT, *stack_args, "--stack", stack, *files) == 0
    client_calls = list(http_log.calls)
    stored = renderapi.tilespec.get_tile_spec_raw(stack, "a", render=render)
    assert stored.bbox == (10.0, 0.0, 1010.0, 1000.0)
    metadata = renderapi.stack.get_full_stack_metadata(stack, render=render)
    assert metadata["state"] == "LOADING"
    owner = render.DEFAULT_OWNER
    stack_path = f"/owner/{owner}/project/p/stack/{stack}"
    assert client_calls == [("GET", stack_path, 200), ("PUT", f"{stack_path}/state/LOADING", 201),
                            ("PUT", f"{stack_path}/resolvedTiles", 201),
                            ("PUT", f"{stack_path}/resolvedTiles", 201)]


def test_shared_transform_file_resolves_references_locally(run_client, stack_args, render, stack, tmp_path):
    shared = [TransformList([AffineModel(B0=100.0)], transformId="lens"),
              AffineModel(B1=5.0, transformId="unused")]
    transform_file = write(tmp_path / "t.json", shared)
    tforms = [ReferenceTransform(refId="lens"), AffineModel(B1=50.0)]
    tiles = write(tmp_path / "tiles.json", [tile("a", tforms=tforms)])
    assert run_client(IMPORT, *stack_args, "--stack", stack, "--transformFile", transform_file, tiles) == 0
    stored = renderapi.tilespec.get_tile_spec_raw(stack, "a", render=render)
    assert stored.tforms[0].to_dict() == {"type": "ref", "refId": "lens"}
    assert stored.bbox == (100.0, 50.0, 1100.0, 1050.0)
    resolved = renderapi.resolvedtiles.get_resolved_tiles_from_z(stack, 1.0, render=render)
    # every shared transform of the file is sent; the server keeps the referenced ones
    assert sorted(t.transformId for t in resolved.transforms) == ["lens"]


def test_unresolvable_reference_fails_without_writing(run_client, stack_args, render, stack, tmp_path,
                                                      http_log, capsys):
    tiles = write(tmp_path / "tiles.json", [tile("a", tforms=[ReferenceTransform(refId="missing")])])
    assert run_client(IMPORT, *stack_args, "--stack", stack, tiles) == 1
    assert "tile a requires the following transform ids [missing]" in capsys.readouterr().err
    assert not any(path.endswith("resolvedTiles") for path in http_log.paths("PUT"))


def test_empty_tile_file_makes_no_put(run_client, stack_args, stack, tmp_path, http_log):
    assert run_client(IMPORT, *stack_args, "--stack", stack, write(tmp_path / "e.json", [])) == 0
    assert not any(path.endswith("resolvedTiles") for path in http_log.paths())


def test_missing_stack_and_missing_file_fail(run_client, stack_args, stack, tmp_path, capsys):
    tiles = write(tmp_path / "tiles.json", [tile("a")])
    assert run_client(IMPORT, *stack_args, "--stack", "no_such_stack", tiles) == 1
    assert "HTTP 404" in capsys.readouterr().err
    assert run_client(IMPORT, *stack_args, "--stack", stack, str(tmp_path / "none.json")) == 1
    assert "failed to read" in capsys.readouterr().err


def test_read_only_stack_is_refused(run_client, stack_args, render, stack, tmp_path, capsys):
    complete_with_seed_tile(stack, render)
    renderapi.stack.set_stack_state(stack, "READ_ONLY", render=render)
    assert run_client(IMPORT, *stack_args, "--stack", stack, write(tmp_path / "t.json", [tile("a")])) == 1
    assert "READ_ONLY" in capsys.readouterr().err
    renderapi.stack.set_stack_state(stack, "COMPLETE", render=render)


def test_tem_validator_drops_invalid_tiles(run_client, stack_args, render, stack, tmp_path):
    tiles = write(tmp_path / "t.json", [tile("ok"), tile("small", size=100), tile("far", x=200000.0)])
    assert run_client(IMPORT, *stack_args, "--stack", stack,
                      "--validatorClass", "org.janelia.alignment.spec.validator.TemTileSpecValidator",
                      "--validatorData", "minCoordinate:-500,maxCoordinate:100000,minSize:500,maxSize:10000",
                      tiles) == 0
    assert renderapi.stack.get_stack_tileIds(stack, render=render) == ["ok"]


def test_unknown_validator_class_fails(run_client, stack_args, stack, tmp_path, capsys):
    tiles = write(tmp_path / "t.json", [tile("a")])
    assert run_client(IMPORT, *stack_args, "--stack", stack, "--validatorClass", "x.Y", tiles) == 1
    assert "x.Y is not emulated" in capsys.readouterr().err


def test_bounds_match_the_servers_own_derivation(run_client, stack_args, render, stack, tmp_path):
    rotated = [AffineModel(M00=0.8, M01=-0.6, M10=0.6, M11=0.8, B0=3.3, B1=-7.7)]
    files = write(tmp_path / "t.json", [tile("client", tforms=rotated)])
    assert run_client(IMPORT, *stack_args, "--stack", stack, files) == 0
    server_side = TileSpec(json={**tile("server", tforms=rotated)})
    renderapi.resolvedtiles.put_tilespecs(stack, tilespecs=[server_side], deriveData=True, render=render)
    client_box = renderapi.tilespec.get_tile_spec_raw(stack, "client", render=render).bbox
    assert client_box == renderapi.tilespec.get_tile_spec_raw(stack, "server", render=render).bbox


def test_written_json_round_trips(tmp_path):
    from render_emulator.javaclient.files import read_json, write_json

    for name in ("a.json", "b.json.gz", "c.zip"):
        write_json(str(tmp_path / name), {"x": None, "y": [1.0, {"z": None}]})
        assert read_json(str(tmp_path / name)) == {"y": [1.0, {}]}
    assert json.loads((tmp_path / "a.json").read_text()) == {"y": [1.0, {}]}


def test_tiles_are_sent_in_the_java_hash_map_order_of_the_clients_collection(run_client, stack_args, render,
                                                                              stack, tmp_path):
    """ImportJsonClient sends ``new ResolvedTileSpecCollection(transforms, tiles)``
    (ImportJsonClient.java:108-110), whose tile map is a HashMap(2n) (ResolvedTileSpecCollection.java:81):
    for b, q, a in a table of 8 the buckets are b 2, q 1, a 1 -> q, a, b, the order render-ws stores them in
    and answers tileBounds in."""
    path = write(tmp_path / "tiles.json", [tile("b"), tile("q"), tile("a")])
    assert run_client(IMPORT, *stack_args, "--stack", stack, path) == 0
    bounds = renderapi.stack.get_tilebounds_for_z(stack, 1.0, render=render)
    assert [b["tileId"] for b in bounds] == ["q", "a", "b"]


def test_collector_is_paused_during_the_import_and_restored():
    import gc

    from render_emulator.javaclient.import_json import collector_paused

    for enabled in (True, False):
        (gc.enable if enabled else gc.disable)()
        with collector_paused():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
    gc.enable()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("a failed import")
    assert gc.isenabled()


@pytest.mark.parametrize("suffix", [".json", ".gz", ".zip"])
def test_tile_files_of_usual_tiles_are_read_by_msgspec_as_the_general_reader_reads_them(tmp_path, monkeypatch,
                                                                                       suffix):
    from render_emulator.javaclient import tile_collection
    from render_emulator.javaclient.files import read_json

    usual = [tile("a", x=10.6), tile("b", tforms=[AffineModel(M00=0.5, B1=3.25)], size=2048)]
    path = write(tmp_path / f"usual{suffix}", usual)
    general = tile_collection.parse_tiles(read_json(path), path)
    with monkeypatch.context() as patch:
        patch.setattr(tile_collection, "parse_tiles", None)   # the general reader is not used
        assert tile_collection.read_tile_file(path) == general
    assert [t["minX"] for t in general] == [None, None]   # bound slots held for derivation


@pytest.mark.parametrize("value", [
    [tile("a"), None],                                          # null members are skipped
    [{**tile("a"), "labels": ["x"]}],                           # a field the usual reader leaves out
    [{**tile("a"), "z": "one"}],                                # refused: Jackson's text
    {"tileId": "a"},                                            # refused: not an array
])
def test_other_tile_files_are_read_or_refused_by_the_general_reader(tmp_path, value):
    from render_emulator.javaclient.data_client import ClientError
    from render_emulator.javaclient.files import read_json
    from render_emulator.javaclient.tile_collection import parse_tiles, read_tile_file

    path = write(tmp_path / "tiles.json", value)

    def outcome(read):
        try:
            return "read", read()
        except ClientError as error:
            return "refused", str(error)

    assert outcome(lambda: read_tile_file(path)) == outcome(lambda: parse_tiles(read_json(path), path))
