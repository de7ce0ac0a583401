"""services.tile_mapping without a store: mpicbg's triangle mesh and one tile's forward/inverse mapping."""

import numpy as np
import pytest

from render_emulator.errors import ServerError
from render_emulator.services.tile_json import parse_tile_spec
from render_emulator.services.tile_mapping import TileMapping, mesh_rows, triangle_mesh

AFFINE = "mpicbg.trakem2.transform.AffineModel2D"
POLYNOMIAL = "mpicbg.trakem2.transform.PolynomialTransform2D"
# x' = 300 + x + 0.001 y + 1e-4 x y ; y' = y + 2e-4 x^2 (monotone over the 100 x 100 tile)
POLY_DATA = "300 1 0.001 0 0.0001 0 0 0 1 0.0002 0 0"


def leaf(class_name, data):
    return {"type": "leaf", "className": class_name, "dataString": data}


def mapping(*specs, **extra):
    """The mapping of a 100 x 100 tile at z 1 with the given transform leaves."""
    spec = parse_tile_spec({"tileId": "t", "z": 1.0, "width": 100, "height": 100,
                            "transforms": {"type": "list", "specList": list(specs)}, **extra})
    return TileMapping.of(spec, spec)


# ============================================================================ mesh
@pytest.mark.parametrize("width,height,cell",
                         [(100, 100, 64), (2048, 1536, 64), (10, 300, 64), (640, 64, 16)])
def test_mesh_tiles_the_rectangle_up_to_the_last_pixel(width, height, cell):
    vertices, triangles = triangle_mesh(width, height, cell)
    p0, p1, p2 = (vertices[triangles[:, k]] for k in range(3))
    a, b = p1 - p0, p2 - p0
    doubled_areas = a[:, 0] * b[:, 1] - a[:, 1] * b[:, 0]
    assert (doubled_areas > 0).all()                     # every triangle positively oriented
    assert doubled_areas.sum() / 2 == pytest.approx((width - 1) * (height - 1))
    assert vertices.min(axis=0).tolist() == [0.0, 0.0]
    assert vertices.max(axis=0).tolist() == pytest.approx([width - 1, height - 1])


def test_mesh_size_follows_mesh_cell_size():
    # numX = (int)(100/64 + 0.5) = 2 columns -> numY = max(2, round(100/173.2) + 1) = 2 rows: 4 triangles
    assert len(triangle_mesh(100, 100, 64)[1]) == 4
    # 2048/64 = 32 columns of 4 triangles, rows from the equilateral height
    assert len(triangle_mesh(2048, 2048, 64)[1]) == 4 * 31 * (mesh_rows(32, 2048, 2048) - 1)


# ============================================================================ one tile
def test_affine_inverse_is_exact_and_bounded_by_last_pixel():
    m = mapping(leaf(AFFINE, "2 0 0 2 50 20"))
    points = np.array([[60.0, 30.0], [50.0, 20.0], [248.0, 218.0], [248.5, 30.0], [49.9, 30.0]])
    local, ok = m.to_local(points)
    assert ok.tolist() == [True, True, True, False, False]
    assert local[:3].tolist() == [[5.0, 5.0], [0.0, 0.0], [99.0, 99.0]]
    assert m.to_world(np.array([[5.0, 5.0]])).tolist() == [[60.0, 30.0]]


def test_affine_chain_composes_in_list_order():
    m = mapping(leaf(AFFINE, "1 0 0 1 10 0"), leaf(AFFINE, "0 1 -1 0 0 0"))   # shift, then rotate 90°
    assert m.to_world(np.array([[1.0, 2.0]])).tolist() == [[-2.0, 11.0]]
    local, ok = m.to_local(np.array([[-2.0, 11.0]]))
    assert ok.tolist() == [True] and local.tolist() == [[1.0, 2.0]]


def test_mirroring_transform_inverts_nothing():
    m = mapping(leaf(AFFINE, "-1 0 0 1 100 0"))
    assert m.to_local(np.array([[50.0, 50.0]]))[1].tolist() == [False]


def test_mesh_inverse_matches_affine_inverse_for_an_affine_as_homography():
    homography = leaf("mpicbg.trakem2.transform.HomographyModel2D", "2 0 50 0 2 20 0 0 1")
    m = mapping(homography)
    exact = mapping(leaf(AFFINE, "2 0 0 2 50 20"))
    points = np.array([[60.0, 30.0], [150.0, 120.0], [247.9, 217.9], [249.0, 30.0]])
    local, ok = m.to_local(points)
    exact_local, exact_ok = exact.to_local(points)
    assert ok.tolist() == exact_ok.tolist() == [True, True, True, False]
    np.testing.assert_allclose(local[ok], exact_local[exact_ok], atol=1e-9)


def test_polynomial_round_trip_through_the_mesh():
    m = mapping(leaf(POLYNOMIAL, POLY_DATA), meshCellSize=16)
    # interior points (the mesh's straight edges cut off slivers of the curved tile outline)
    grid = np.array([[x, y] for x in np.linspace(3, 96, 12) for y in np.linspace(3, 96, 12)])
    world = m.to_world(grid)
    # x' = 300 + x + 0.001 y + 1e-4 x y,  y' = y + 2e-4 x^2
    np.testing.assert_allclose(world[:, 0], 300 + grid[:, 0] + 0.001 * grid[:, 1] + 1e-4 * grid.prod(axis=1))
    np.testing.assert_allclose(world[:, 1], grid[:, 1] + 2e-4 * grid[:, 0] ** 2)
    local, ok = m.to_local(world)
    assert ok.all()
    np.testing.assert_allclose(local, grid, atol=0.05)      # piecewise-affine approximation
    assert np.abs(local - grid).max() > 1e-6                 # ... not an exact inverse
    assert not m.to_local(np.array([[299.0, 50.0], [350.0, -1.0]]))[1].any()


def test_tile_without_transforms_maps_identically_without_size():
    t = parse_tile_spec({"tileId": "t", "z": 3})
    m = TileMapping.of(t, t)
    local, ok = m.to_local(np.array([[-5.0, 1e6]]))
    assert ok.tolist() == [True] and local.tolist() == [[-5.0, 1e6]]
    assert m.with_z(local[0]) == [-5.0, 1e6, 3.0]
    untitled = parse_tile_spec({"tileId": "t"})
    assert TileMapping.of(untitled, untitled).with_z([1, 2]) == [1.0, 2.0]     # no z -> two values


def test_inverse_without_size_is_a_500():
    t = parse_tile_spec({"tileId": "t",
                         "transforms": {"type": "list", "specList": [leaf(AFFINE, "1 0 0 1 0 0")]}})
    with pytest.raises(ServerError, match="width and height must be set to create transform mesh"):
        TileMapping.of(t, t).to_local(np.array([[1.0, 1.0]]))
