"""Emulated ValidateTilesClient: counts only by default, replaces a layer's tiles by its valid ones with
--removeInvalidTiles."""

from __future__ import annotations

import pytest

import renderapi
from renderapi.tilespec import TileSpec
from renderapi.transform import AffineModel

VALIDATE = "org.janelia.render.client.ValidateTilesClient"
TEM = ["--validatorClass", "org.janelia.alignment.spec.validator.TemTileSpecValidator",
       "--validatorData", "minCoordinate:-10,maxCoordinate:5000,minSize:50,maxSize:500"]


@pytest.fixture
def layered(render):
    """Stack ``v``: layer 3 with a 120 px, a 30 px (too small for TEM) and a 200 px tile, COMPLETE."""
    renderapi.stack.create_stack("v", render=render)
    tiles = [TileSpec(tileId=f"t{size}", z=3.0, width=size, height=size, imageUrl="file:///img.png",
                      tforms=[AffineModel(B0=float(offset))])
             for size, offset in ((120, 0), (30, 300), (200, 700))]
    renderapi.resolvedtiles.put_tilespecs("v", tilespecs=tiles, render=render)
    renderapi.stack.set_stack_state("v", "COMPLETE", render=render)
    return "v"


def test_validation_only_reads(run_client, stack_args, layered, render, http_log, capsys):
    assert run_client(VALIDATE, *stack_args, "--stack", layered, *TEM, "3.0") == 0
    assert http_log.paths("PUT") == [] and http_log.paths("DELETE") == []
    assert "1 out of 3 tiles for z 3.0 are invalid" in capsys.readouterr().err
    assert len(renderapi.stack.get_stack_tileIds(layered, render=render)) == 3


def test_without_validator_nothing_is_invalid(run_client, stack_args, layered, capsys):
    assert run_client(VALIDATE, *stack_args, "--stack", layered, "3") == 0
    assert "0 out of 3 tiles for z 3.0 are invalid" in capsys.readouterr().err


def test_remove_invalid_tiles(run_client, stack_args, layered, render):
    assert run_client(VALIDATE, *stack_args, "--stack", layered, *TEM, "--removeInvalidTiles",
                      "--completeStackAfterRemoval", "3.0") == 0
    assert sorted(renderapi.stack.get_stack_tileIds(layered, render=render)) == ["t120", "t200"]
    assert renderapi.stack.get_full_stack_metadata(layered, render=render)["state"] == "COMPLETE"


def test_remove_leaves_stack_loading_without_complete_flag(run_client, stack_args, layered, render):
    assert run_client(VALIDATE, *stack_args, "--stack", layered, *TEM, "--removeInvalidTiles", "3.0") == 0
    assert renderapi.stack.get_full_stack_metadata(layered, render=render)["state"] == "LOADING"


@pytest.mark.parametrize("args", [[], ["--stack", "v"]])
def test_missing_stack_or_z_fails(run_client, stack_args, layered, args):
    assert run_client(VALIDATE, *stack_args, *args) == 1


def test_unknown_stack_fails(run_client, stack_args, layered):
    assert run_client(VALIDATE, *stack_args, "--stack", "nope", "3.0") == 1
