"""deriveData bounding boxes, hand-checked against render-ws's TileSpec.deriveBoundingBox (sloppy mode):
edge samples at x = i*(W-1)/(nx-1) on rows y=0 and y=H, y = j*(H-1)/(ny-1) on columns x=0 and x=W (the
corner (W, H) never sampled), minimums truncated toward zero, maxima = min + ceil(extent)."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from render_emulator.errors import BadRequest, ServerError
from render_emulator.services.bounding_box import derive_bounding_box, derive_bounding_boxes, sample_points
from render_emulator.services.transform_specs import read_plain_affine_texts

T = "mpicbg.trakem2.transform."


def tile(width, height, *specs, cell=None):
    spec = {"width": width, "height": height, "transforms": {"type": "list", "specList": list(specs)}}
    if cell is not None:
        spec["meshCellSize"] = cell
    return spec


def leaf(name, data):
    return {"type": "leaf", "className": T + name, "dataString": data}


def test_sample_pattern_skips_far_corner():
    # W=100, H=50, cell 64: nx = max(2, round(1.5625)) = 2, ny = max(2, round(0.78)) = 2
    points = sample_points(100.0, 50.0).tolist()
    assert points == [[0, 0], [99, 0], [0, 50], [99, 50], [0, 0], [0, 49], [100, 0], [100, 49]]
    assert len(sample_points(2048.0, 2048.0)) == 2 * 32 + 2 * 32


def test_identity_and_empty_list():
    assert derive_bounding_box(tile(2048, 2048)) == (0.0, 0.0, 2048.0, 2048.0)
    assert derive_bounding_box(tile(2048, 2048, leaf("AffineModel2D", "1 0 0 1 0 0"))) == (0, 0, 2048, 2048)


def test_translation_truncates_minimum_toward_zero():
    expected = (10.0, -3.0, 110.0, 47.0)
    assert derive_bounding_box(tile(100, 50, leaf("TranslationModel2D", "10.5 -3.7"))) == expected
    assert derive_bounding_box(tile(100, 50, leaf("AffineModel2D", "1 0 0 1 10.5 -3.7"))) == expected
    # -0.5 truncates to 0 (not -1): the box starts right of the tile's true minimum
    assert derive_bounding_box(tile(100, 100, leaf("AffineModel2D", "1 0 0 1 -0.5 0"))) == (0, 0, 100, 100)


def test_rotation_by_90_and_30_degrees():
    # x' = -y, y' = x: x in {0,-50,-49}, y in {0,99,100}
    assert derive_bounding_box(tile(100, 50, leaf("AffineModel2D", "0 1 -1 0 0 0"))) == (-50, 0, 0, 100)
    # 30 degrees, W=H=100: x' = c*x - s*y spans [-50, 86.60], y' = s*x + c*y spans [0, 136.10]
    c, s = 0.8660254037844387, 0.5
    expected = (-50.0, 0.0, 87.0, 137.0)
    assert derive_bounding_box(tile(100, 100, leaf("AffineModel2D", f"{c} {s} {-s} {c} 0 0"))) == expected
    assert derive_bounding_box(tile(100, 100, leaf("RigidModel2D", "0.5235987755982988 0 0"))) == expected


def test_shear_never_samples_the_far_corner():
    # y' = x + y: the corner (100, 100) would give 200, the samples reach 199
    assert derive_bounding_box(tile(100, 100, leaf("AffineModel2D", "1 1 0 1 0 0"))) == (0, 0, 100, 199)


def test_polynomial_order_two():
    # x' = x, y' = y + 0.0101*x*y: max at sample (99, 100) = 199.99 (corner would be 201)
    data = "0 1 0 0 0 0 0 0 1 0 0.0101 0"
    assert derive_bounding_box(tile(100, 100, leaf("PolynomialTransform2D", data))) == (0, 0, 100, 200)


def test_list_order_and_mixed_batch():
    translate_then_scale = tile(100, 100, leaf("AffineModel2D", "1 0 0 1 10 0"),
                                leaf("AffineModel2D", "2 0 0 2 0 0"))
    polynomial = tile(100, 100, leaf("PolynomialTransform2D", "0 1 0 0 0 1"))
    boxes = derive_bounding_boxes([translate_then_scale, polynomial, tile(10, 10)])
    assert boxes == [(20, 0, 220, 200), (0, 0, 100, 100), (0, 0, 10, 10)]


def test_mesh_cell_size_changes_sampling():
    # cell 10 on W=H=100: 10 samples per edge at spacing 11 -> max sampled x on rows 99, columns reach 100
    sheared = tile(100, 100, leaf("AffineModel2D", "1 1 0 1 0 0"), cell=10.0)
    assert derive_bounding_box(sheared) == (0, 0, 100, 199)


def test_errors():
    with pytest.raises(ServerError, match="width and height must be set to create a bounding box"):
        derive_bounding_box({"height": 10, "transforms": {"type": "list", "specList": []}})
    with pytest.raises(BadRequest, match="transform class 'mpicbg.trakem2.transform.Nope' cannot be found"):
        derive_bounding_box(tile(10, 10, leaf("Nope", "1")))
    with pytest.raises(BadRequest, match='For input string: "x"'):
        derive_bounding_box(tile(10, 10, leaf("AffineModel2D", "1 0 0 1 x 0")))
    with pytest.raises(BadRequest, match=f"Inappropriate parameters for {T}AffineModel2D"):
        derive_bounding_box(tile(10, 10, leaf("AffineModel2D", " 1 0 0 1 0 0")))
    # the first tile in order decides the error
    with pytest.raises(BadRequest, match="cannot be found"):
        derive_bounding_boxes([tile(10, 10, leaf("Nope", "1")), tile(10, 10, leaf("AffineModel2D", "x"))])


@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")   # the 1e308 cases, on purpose
def test_single_affine_extremes_from_edge_ends_equal_those_of_all_samples():
    """The 8-point shortcut for one AffineModel2D gives the boxes of mapping every sample (the sampling of
    TileSpec.deriveBoundingBox, module docstring), including huge, tiny and overflowing parameters."""
    from render_emulator.services.bounding_box import _affine_batch_boxes, _edge_count, edge_end_points

    chooser = np.random.default_rng(13)
    for width, height, cell in ((2048.0, 2048.0, 64.0), (1000.5, 37.0, 64.0), (3.0, 9000.0, 7.5)):
        samples = sample_points(width, height, cell)
        ends = edge_end_points(samples, _edge_count(width, cell))
        scales = 10.0 ** chooser.integers(-12, 12, size=(500, 1))
        params = chooser.normal(size=(500, 6)) * scales
        params[:5] = [[1e308, 0, 0, 1, 0, 0], [0.3, -1e308, 1e308, 2, 5, -7], [1, 0, 0, 1, 1e308, 1e308],
                      [1, 1e-320, -1e-320, 1, -0.0, 0.0], [0.7071, 0.7071, -0.7071, 0.7071, -1e9, 3e9]]
        chains = params.reshape(500, 1, 6)
        assert _affine_batch_boxes(samples, chains, ends) == _affine_batch_boxes(samples, chains)



def test_plain_python_edge_ends_give_numpys_boxes():
    """A process without numpy (an emulated ImportJsonClient) maps the 8 edge ends of one-affine tiles in
    plain floats: the same boxes as the numpy batch of all samples, and the members whose parameters or
    ends are not finite are left to numpy."""
    from render_emulator.services.bounding_box import _affine_batch_boxes, _plain_python_boxes

    chooser = np.random.default_rng(31)
    for width, height, cell in ((2048.0, 2048.0, 64.0), (1000.5, 37.0, 64.0), (3.0, 9000.0, 7.5),
                                (0.5, 0.25, 64.0)):
        samples = sample_points(width, height, cell)
        scales = 10.0 ** chooser.integers(-12, 12, size=(500, 1))
        params = chooser.normal(size=(500, 6)) * scales
        params[:7] = [[1e308, 0, 0, 1, 0, 0], [0.3, -1e308, 1e308, 2, 5, -7], [1, 0, 0, 1, 1e308, 1e308],
                      [1, 1e-320, -1e-320, 1, -0.0, 0.0], [0.7071, 0.7071, -0.7071, 0.7071, -1e9, 3e9],
                      [1, 0, 0, 1, float("nan"), 0],
                      # finite ends whose x extent is beyond the double range
                      [8e304, 0, -8e304, 1, 0, 0]]
        rows = params.tolist()
        boxes = [None] * len(rows)
        left, left_rows = _plain_python_boxes(boxes, width, height, cell, list(range(len(rows))), rows)
        assert 0 < len(left) < 10 and all(boxes[index] is None for index in left)
        assert left_rows == [rows[index] for index in left]
        with np.errstate(over="ignore", invalid="ignore"):   # the overflowing members, as intended
            left_boxes = _affine_batch_boxes(samples, np.array(left_rows).reshape(len(left), 1, 6))
            for index, box in zip(left, left_boxes, strict=True):
                boxes[index] = box
            assert boxes == _affine_batch_boxes(samples, params.reshape(500, 1, 6))


def test_an_import_of_plain_affine_tiles_loads_no_numpy(tmp_path):
    """The emulated ImportJsonClient's modules, file read and box derivation of usual tiles run without
    numpy (its import is ~90 ms of CPU per client process); the boxes are those derived with numpy here."""
    tiles = [tile(2048, 2048, leaf("AffineModel2D", f"1.0 0.0 0.0 1.0 {1638.4 * i} {-77.7 * i}"))
             for i in range(50)]
    for index, spec in enumerate(tiles):
        spec.update(tileId=f"t{index}", z=1.0, mipmapLevels={"0": {"imageUrl": "file:///x.tif"}})
    tile_file = tmp_path / "tiles.json"
    tile_file.write_text(json.dumps(tiles))
    script = (
        "import json, sys\n"
        "from render_emulator.javaclient import import_json\n"
        "from render_emulator.javaclient.files import read_json\n"
        "from render_emulator.javaclient.tile_collection import TileCollection, parse_tiles\n"
        f"tiles = parse_tiles(read_json({str(tile_file)!r}), 'tiles.json')\n"
        "collection = TileCollection({}, {t['tileId']: t for t in tiles})\n"
        "collection.derive_all_bounds()\n"
        "boxes = [[t[k] for k in ('minX', 'minY', 'maxX', 'maxY')] for t in collection.tiles.values()]\n"
        "print(json.dumps({'numpy': 'numpy' in sys.modules, 'boxes': boxes}))\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                            env=env)
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout)
    assert outcome["numpy"] is False
    assert outcome["boxes"] == [list(box) for box in derive_bounding_boxes(tiles)]

def test_plain_python_boxes_of_edge_values_equal_numpys_of_all_samples():
    """Signed zeros, subnormals, parameters at and beyond the plain path's limit and bounds at Java's int
    range: the plain-Python extremes (4 sums per coordinate) give the boxes numpy gives from every sample."""
    from render_emulator.services.bounding_box import _affine_batch_boxes, _plain_python_boxes

    edge_values = [0.0, -0.0, 1.0, -1.0, 0.5, -0.75, 5e-324, -5e-324, 1e-300, 2.0**31 - 1.5, -(2.0**31) - 0.5,
                   2.0**31, -(2.0**31), 1e15 + 0.5, 4e302, -4e302, 1e304, 8e304, 1e308, 3407.000000001]
    chooser = np.random.default_rng(7)
    sizes = ((2048.0, 2048.0, 64.0), (0.5, 0.25, 64.0), (1.0, 0.0, 64.0), (3.0, 9000.0, 7.5))
    for width, height, cell in sizes:
        samples = sample_points(width, height, cell)
        weights = np.array([0.1 if abs(value) > 1e303 else 1.0 for value in edge_values])
        rows = chooser.choice(edge_values, size=(3000, 6), p=weights / weights.sum()).tolist()
        boxes = [None] * len(rows)
        left, left_rows = _plain_python_boxes(boxes, width, height, cell, list(range(len(rows))), rows)
        with np.errstate(over="ignore", invalid="ignore"):
            for index, box in zip(left, _affine_batch_boxes(samples, np.array(left_rows).reshape(-1, 1, 6)),
                                  strict=True):
                boxes[index] = box
            expected = _affine_batch_boxes(samples, np.array(rows).reshape(-1, 1, 6))
        assert [tuple(map(repr, box)) for box in boxes] == [tuple(map(repr, box)) for box in expected]
        assert len(left) < len(rows) / 2   # most rows are within the limit


# ---------------------------------------------------------------------------- dataStrings read together
def _one_by_one(tiles):
    from render_emulator.services import bounding_box

    return bounding_box._derive_bounding_boxes(tiles, read_texts_together=False)


def _outcome(derive, tiles):
    try:
        return derive(tiles)
    except Exception as error:   # the error of the first tile that cannot be derived
        return type(error).__name__, str(error)


@pytest.mark.parametrize("text", [
    "+1.0 0 0 1 0 0", "1.0 .5 0 1 0 0", "1. 0 0 1 0 0", "01 0 0 1 0 0", "1 -0 -0 1 -0 -0",
    "1 0 0 1 0 1234567890123456789", "1 0 0 1 0 0.1234567890123456789", "1 0 0 1 1.2.3 0", "1 0 0 1 1e5 0",
    "1 0 0 1 1e 0", "1 0 0 1 - 0", "1 0 0 1 0", "1 0 0 1 0 0 0", "1 0 0 1 0  0", " 1 0 0 1 0 0",
    "1 0 0 1 0 0 ", "0.9999999999999999 1e-3 -2.5E+2 1 3407.000000001 -0.0",
    "1,0 0 1 0 0", "1 0 0 1 0 0],[1 0 0 1 0 0", "1\t0 0 1 0 0", "\u0661 0 0 1 0 0", "",
    "1.0 0.0 0.0 1.0 -0.0 -0.0", "1.0 0.0 0.0 1.0 12345678901234567890.5 0.0",
])
def test_texts_read_together_give_the_boxes_and_errors_of_reading_one_by_one(text):
    tiles = [tile(2048.0, 2048.0, leaf("AffineModel2D", text)),
             tile(2048.0, 2048.0, leaf("AffineModel2D", "1 0 0 1 10 20"))]
    assert _outcome(derive_bounding_boxes, tiles) == _outcome(_one_by_one, tiles)


def test_a_bad_text_read_together_still_decides_the_error_before_a_later_tile():
    # tile 0's dataString looks plain but is no number (400, NumberFormatException); tile 1 has no
    # width (500): tile 0 comes first, as when every tile is derived in order
    tiles = [tile(2048.0, 2048.0, leaf("AffineModel2D", "1 0 0 1 1.2.3 0")),
             {"height": 5.0, "transforms": {"type": "list", "specList": []}}]
    with pytest.raises(BadRequest):
        derive_bounding_boxes(tiles)
    assert _outcome(derive_bounding_boxes, tiles) == _outcome(_one_by_one, tiles)


def test_random_texts_read_together_equal_float_reading():
    import random

    rng = random.Random(17)
    tiles = []
    for _ in range(3000):
        numbers = [rng.choice([f"{rng.uniform(1, 1e4):.{rng.randint(0, 17)}f}", str(rng.randint(-9999, 9999)),
                               f"{rng.uniform(-2, 2):.6e}", repr(rng.uniform(-1e6, 1e6)), "0", "-0.0"])
                   for _ in range(6)]
        tiles.append(tile(rng.choice([100.0, 2048.0]), 1000.0, leaf("AffineModel2D", " ".join(numbers))))
    texts = [t["transforms"]["specList"][0]["dataString"] for t in tiles]
    read = read_plain_affine_texts(texts)
    assert read == [[float(n) for n in text.split()] for text in texts]   # read together, as float() reads
    assert derive_bounding_boxes(tiles) == _one_by_one(tiles)


@pytest.mark.parametrize("texts", [["1 -0 0 1 0 0"], ["1 0 0 1 0 -0"], ["+1 0 0 1 0 0"], ["1 0 0 1 0 1e400"],
                                   ["1 0 0 1 0 12345678901234567890"], ["1 0 0 1 0 0", "1 0 0 1 0 x"],
                                   # read together, these would give six numbers per text
                                   ["1,0 0 1 0 0"], ["1 0 0 1 0", "0 1 0 0 1 0 0"],
                                   ["1 0 0 1 0 0],[1 0 0 1 0 0"], ["1.0 0.0 0.0 1.0 0.0 0.0", ""],
                                   ["\u0661 0 0 1 0 0"], ["1 0 0 1 0 0\n"]])
def test_texts_json_reads_otherwise_than_float_are_not_read_together(texts):
    assert read_plain_affine_texts(texts) is None


def test_usual_texts_are_read_together_as_float_reads_them():
    texts = ["1.0000000000 0.0000000000 -0.0000000000 1.0000000000 1638.4000000000 -0.0",
             "0.9999999999999999 1.0E-5 -2.5e+2 1.0 3407.000000001 -0.0", "1 0 0 1 8192 -7"]
    read = read_plain_affine_texts(texts)
    assert [[repr(number) for number in row] for row in read] == \
        [[repr(float(token)) for token in text.split()] for text in texts]
    assert read_plain_affine_texts([]) == []


def test_minus_zero_keeps_its_sign_when_read_one_by_one():
    from render_emulator.services.transform_specs import plain_affine_parameters

    assert str(plain_affine_parameters("1 -0 0 1 0 0")[1]) == "-0.0"
