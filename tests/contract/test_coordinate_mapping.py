"""Coordinate mapping through renderapi.coordinate (backend-agnostic, render-ws-api.md §2.11): local ->
world, world -> local with the visible (last) tile, batches with per-element errors, render-python's z
formatting, non-linear round trips."""

from __future__ import annotations

import numpy as np
import pytest

import renderapi
from renderapi.coordinate import (
    local_to_world_coordinates,
    local_to_world_coordinates_array,
    local_to_world_coordinates_batch,
    world_to_local_coordinates,
    world_to_local_coordinates_array,
    world_to_local_coordinates_batch,
)
from renderapi.errors import RenderError
from renderapi.resolvedtiles import put_tilespecs
from renderapi.tilespec import TileSpec
from renderapi.transform import AffineModel, Polynomial2DTransform, TranslationModel

# x' = 300 + x + 0.001 y + 1e-4 x y ; y' = y + 2e-4 x^2 (monotone over the 100 x 100 tile)
POLY_DATA = "300 1 0.001 0 0.0001 0 0 0 1 0.0002 0 0"


def tile(tileId, z, *tforms, size=100):
    return TileSpec(tileId=tileId, z=z, width=size, height=size, imageUrl=f"file:///data/{tileId}.png",
                    tforms=list(tforms))


@pytest.fixture
def stack(render):
    """Stack ``coords``: z=1 holds ``a`` (shift 10, 20) and ``b`` (scale 2, shift 50, 20) overlapping in
    world [50, 110] x [20, 120]; z=2 holds ``c`` (translation 1000, 0) and ``poly`` (polynomial);
    z=2.5 holds ``half`` (identity affine)."""
    renderapi.stack.create_stack("coords", render=render)
    put_tilespecs("coords", render=render, tilespecs=[
        tile("a", 1.0, AffineModel(B0=10, B1=20)),
        tile("b", 1.0, AffineModel(M00=2, M11=2, B0=50, B1=20)),
        tile("c", 2.0, TranslationModel(B0=1000, B1=0)),
        tile("poly", 2.0, Polynomial2DTransform(dataString=POLY_DATA)),
        tile("half", 2.5, AffineModel()),
    ])
    return "coords"


def by_tile(answers):
    return {answer["tileId"]: answer for answer in answers}


# ------------------------------------------------------------------------------------ single points
def test_local_to_world(render, stack):
    answer = local_to_world_coordinates(stack, "b", 5, 7.5, render=render)
    assert answer["tileId"] == "b"
    assert answer["world"] == pytest.approx([60.0, 35.0, 1.0])
    assert local_to_world_coordinates(stack, "c", 0, 0, render=render)["world"] == pytest.approx([1000, 0, 2])


def test_world_to_local_marks_the_last_overlapping_tile_visible(render, stack):
    answers = world_to_local_coordinates(stack, 1, 60, 30, render=render)
    assert [a["tileId"] for a in answers] == ["a", "b"]
    assert "visible" not in answers[0] and answers[1]["visible"] is True
    assert answers[0]["local"] == pytest.approx([50.0, 10.0, 1.0])
    assert answers[1]["local"] == pytest.approx([5.0, 5.0, 1.0])
    # only b covers (150, 150): it alone answers, visible
    answers = world_to_local_coordinates(stack, 1, 150, 150, render=render)
    assert [(a["tileId"], a.get("visible")) for a in answers] == [("b", True)]
    assert answers[0]["local"] == pytest.approx([50.0, 65.0, 1.0])


def test_world_to_local_outside_every_tile_is_an_error(render, stack):
    with pytest.raises(RenderError, match="no tile specifications found"):
        world_to_local_coordinates(stack, 1, 5000, 5000, render=render)
    with pytest.raises(RenderError):
        local_to_world_coordinates(stack, "no_such_tile", 0, 0, render=render)


def test_single_point_z_is_printed_as_an_integer(render, stack):
    # render-python formats z with %d: 1.7 asks for layer 1, and layer 2.5 is reached as layer 2
    assert [a["tileId"] for a in world_to_local_coordinates(stack, 1.7, 60, 30, render=render)] == ["a", "b"]
    with pytest.raises(RenderError, match="no tile specifications found"):
        world_to_local_coordinates(stack, 2.5, 5, 5, render=render)
    answer = world_to_local_coordinates_batch(stack, [{"world": [5, 5]}], 2.5, render=render)
    assert answer[0][0]["tileId"] == "half" and answer[0][0]["local"] == pytest.approx([5.0, 5.0, 2.5])


# ------------------------------------------------------------------------------------------ batches
def test_world_to_local_batch_with_error_elements(render, stack):
    answer = world_to_local_coordinates_batch(
        stack, [{"tileId": "b", "world": [60, 30]}, {"tileId": "b", "world": [5000, 5000]},
                {"world": [1005, 5]}], 1, render=render)
    assert len(answer) == 3
    assert [a.get("visible") for a in answer[0]] == [None, True]
    assert by_tile(answer[0])["b"]["local"] == pytest.approx([5.0, 5.0, 1.0])
    [failed] = answer[1]
    assert "no tile specifications found" in failed["error"]
    assert failed["world"] == pytest.approx([5000, 5000]) and "local" not in failed
    assert "error" in answer[2][0]          # (1005, 5) is in layer 2, not 1


def test_local_to_world_batch_with_error_elements(render, stack):
    answer = local_to_world_coordinates_batch(
        stack, [{"tileId": "a", "local": [1, 2]}, {"tileId": "missing", "local": [1, 2]},
                {"tileId": "poly", "local": [50, 50]}], 1, render=render)
    assert answer[0] == {"tileId": "a", "world": pytest.approx([11.0, 22.0, 1.0])}
    assert answer[1]["tileId"] == "missing" and "does not exist" in answer[1]["error"]
    # the z of the path is not used: tile poly (z 2) answers with its own z
    assert answer[2]["world"] == pytest.approx([300 + 50 + 0.05 + 0.25, 50 + 0.5, 2.0])


def test_array_helpers_round_trip_an_affine_tile(render, stack):
    local = np.array([[0.0, 0.0], [5.0, 5.0], [99.0, 10.0], [42.5, 98.25]])
    world = local_to_world_coordinates_array(stack, local, "b", 1, render=render)
    np.testing.assert_allclose(world, local * 2 + [50, 20])
    back = world_to_local_coordinates_array(stack, world, "b", 1, render=render)
    np.testing.assert_allclose(back, local, atol=1e-9)


# ------------------------------------------------------------------------------------- non-linear
def test_polynomial_round_trip(render, stack):
    local = np.array([[x, y] for x in (5.0, 33.0, 61.0, 90.0) for y in (6.0, 48.0, 91.0)])
    world = local_to_world_coordinates_array(stack, local, "poly", 2, render=render)
    x, y = local[:, 0], local[:, 1]
    np.testing.assert_allclose(world[:, 0], 300 + x + 0.001 * y + 1e-4 * x * y)
    np.testing.assert_allclose(world[:, 1], local[:, 1] + 2e-4 * local[:, 0] ** 2)
    back = world_to_local_coordinates_array(stack, world, "poly", 2, render=render)
    # render-ws inverts non-linear tiles through a triangle mesh (meshCellSize 64): approximate
    np.testing.assert_allclose(back, local, atol=0.5)


def test_polynomial_rejects_points_outside_the_tile(render, stack):
    # (300.5, 101) is inside poly's bounding box [300, 402] x [0, 102] but below the warped tile near its
    # left edge (local y ~ 101)
    with pytest.raises(RenderError, match=r"(?s)500.*found in tile id\(s\) \[poly\] cannot be inverted"):
        world_to_local_coordinates(stack, 2, 300.5, 101, render=render)
    answer = world_to_local_coordinates_batch(stack, [{"world": [300.5, 101]}, {"world": [300.5, 60]}], 2,
                                              render=render)
    assert "cannot be inverted" in answer[0][0]["error"]
    assert answer[1][0]["tileId"] == "poly" and answer[1][0]["local"][:2] == pytest.approx([0.5, 60], abs=0.1)
