"""Every renderapi transform class survives client -> render-ws -> client unchanged (backend-agnostic).

Each tile goes up with renderapi.resolvedtiles.put_tilespecs and comes back with get_tile_spec_raw and
get_resolved_tiles_from_z; both must give the same ``to_dict()``. Where render-ws can instantiate the
class the upload derives the bounding box (deriveData=True) and the stored box is checked against
render-ws-api.md §4.6 computed here; classes render-ws cannot load go up with deriveData=False and an
explicit box.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest

import renderapi
from renderapi.resolvedtiles import ResolvedTiles, get_resolved_tiles_from_z, put_tilespecs
from renderapi.tilespec import TileSpec, get_tile_spec, get_tile_spec_raw
from renderapi.transform import (
    AffineModel,
    HomographyModel,
    InterpolatedTransform,
    LensCorrection,
    NonLinearCoordinateTransform,
    NonLinearTransform,
    Polynomial2DTransform,
    ReferenceTransform,
    RigidModel,
    SimilarityModel,
    ThinPlateSplineTransform,
    Transform,
    TransformList,
    TranslationModel,
    estimate_dstpts,
)

STACK = "roundtrip"
MESH_CELL_SIZE = 64.0
# a lens-correction polynomial as written by TrakEM2 (render-python's test data), for 3840 px tiles
NLCT_DATA = (
    "5 21 1103.117269905359 -5.606757285805906 5.321142212984271 1041.3480932107918 -10.43426929509782 "
    "7.428382306562735 -14.137269334106124 7.299563138046944 -15.904206050362355 18.284978789358718 "
    "3.4106705605908587 -23.24346650864392 -22.18066749731861 -3.583245180840507 3.2706525226745384 "
    "27.117126387399466 20.96651792381158 -1.2219610254066424 -10.531856407305256 0.3306037423046746 "
    "2.054811912746283 28.849184526610635 34.799030853758985 -7.4227129043141495 -8.211918715339516 "
    "-27.434469512200955 -3.1066643785881 3.8503170392714026 1.7124046587349628 1.8506627747180158 "
    "4.886666182237065 -2.949889582798017 -4.5150121503501515 -11.363818954372583 -9.8507389567363 "
    "8.672520277073502 5.89027776049669 4.924363838689751 -1.4446630732848895 -2.3876262067533727 "
    "19.9189118558668 21.72003155506043 1991.9406329917294 2171.99091870329 5136325.014398676 "
    "4300827.048910938 5862798.046430213 1.4793145755295639E10 1.1081068898569233E10 "
    "1.1535665428036394E10 1.737179414476557E10 4.5383202598685734E13 3.1913868517100258E13 "
    "2.9612848039584566E13 3.403565936230745E13 5.43037094200083E13 1.45059294093077376E17 "
    "9.790266764463008E16 8.5058013431605168E16 8.7104768756103424E16 1.06057724033609104E17 "
    "1.75771529104524608E17 100.0 1080.9907552180462 1070.1850841521746 4359136.9617994055 "
    "3334088.839525756 4464532.472685248 1.6068544862341637E10 1.1728566370432955E10 "
    "1.1733314229813484E10 1.6768452787562666E10 5.830517220342475E13 4.128824258570168E13 "
    "3.8519115805773336E13 4.149420039803858E13 6.153259860972069E13 2.11108412972822656E17 "
    "1.46312985770820672E17 1.31484322773016992E17 1.31813167980595536E17 1.47560207595069728E17 "
    "2.24412785271596352E17 0.0 3840 3840 "
)
SRC = np.array([[0.0, 0.0], [100.0, 0.0], [0.0, 100.0], [100.0, 100.0], [50.0, 30.0], [20.0, 70.0]])


# ------------------------------------------------------------------------------- render's bounding box
def mesh_samples(width: float, height: float, mesh: float = MESH_CELL_SIZE) -> np.ndarray:
    """The points render-ws maps to derive a tile's box (render-ws-api.md §4.6)."""
    def java_round(v):
        return math.floor(v + 0.5)

    nx, ny = max(2, java_round(width / mesh)), max(2, java_round(height / mesh))
    xs = np.arange(nx) * ((width - 1) / (nx - 1))
    ys = np.arange(ny) * ((height - 1) / (ny - 1))
    return np.concatenate([
        np.column_stack([xs, np.zeros(nx)]), np.column_stack([xs, np.full(nx, float(height))]),
        np.column_stack([np.zeros(ny), ys]), np.column_stack([np.full(ny, float(width)), ys]),
    ])


def derived_box(width: float, height: float, mapping: Callable[[np.ndarray], np.ndarray]) -> tuple:
    world = mapping(mesh_samples(width, height))
    lo, hi = world.min(axis=0), world.max(axis=0)
    min_x, min_y = math.trunc(lo[0]), math.trunc(lo[1])
    return (float(min_x), float(min_y), float(min_x + math.ceil(hi[0] - lo[0])),
            float(min_y + math.ceil(hi[1] - lo[1])))


def matrix_mapping(m00, m01, m10, m11, tx, ty):
    def apply(p):
        return np.column_stack([m00 * p[:, 0] + m01 * p[:, 1] + tx, m10 * p[:, 0] + m11 * p[:, 1] + ty])
    return apply


def through(tforms, reference_tforms=None):
    return lambda p: estimate_dstpts(tforms, src=p, reference_tforms=reference_tforms)


# ------------------------------------------------------------------------------- the cases
def leaf_json(short_class: str, data: str) -> dict:
    return {"type": "leaf", "className": f"mpicbg.trakem2.transform.{short_class}", "dataString": data}


def estimated(cls, dst):
    tf = cls()
    tf.estimate(SRC, dst)
    return tf


def rotation(theta, scale=1.0):
    c, s = scale * math.cos(theta), scale * math.sin(theta)
    return np.array([[c, -s], [s, c]])


def thin_plate_spline():
    src = np.array([[x, y] for x in (0.0, 100.0, 200.0) for y in (0.0, 100.0, 200.0)])
    dst = src + np.array([[3.0, -2.0], [0.0, 1.0], [2.0, 2.0], [-1.0, 0.0], [4.0, 4.0], [0.0, -3.0],
                          [1.0, 1.0], [-2.0, 2.0], [0.5, -0.5]])
    tps = ThinPlateSplineTransform()
    tps.estimate(src, dst)
    return tps


def cases():
    """(name, tforms, shared transforms, expected box or None, box tolerance, deriveData)."""
    affine = AffineModel(M00=0.9, M01=-0.2, M10=0.15, M11=1.1, B0=12.5, B1=-7.25, labels=["align"])
    # offsets away from whole numbers: estimates are exact only to rounding, and boxes truncate
    translation = estimated(TranslationModel, SRC + [15.5, -4.25])
    rigid = estimated(RigidModel, SRC @ rotation(0.3).T + [10.3, 20.6])
    similarity = estimated(SimilarityModel, SRC @ rotation(-0.2, 1.2).T + [-5.3, 8.4])
    polynomial = Polynomial2DTransform(params=np.array([[5.0, 1.0, 0.001, 1e-5, 0.0, 0.0],
                                                        [-3.0, 0.0, 1.0, 0.0, 2e-6, 0.0]]))
    nlct = NonLinearCoordinateTransform(json=leaf_json("NonLinearCoordinateTransform", NLCT_DATA))
    tps = thin_plate_spline()
    nested = [TransformList([AffineModel(B0=5.0), TransformList([AffineModel(M00=2.0, M11=2.0)])]),
              [AffineModel(B1=3.0)]]
    shared = AffineModel(M00=1.1, M11=0.9, transformId="lens_shared", labels=["lens"])
    referenced = [ReferenceTransform(refId="lens_shared"), AffineModel(B0=40.0)]
    interpolated = InterpolatedTransform(a=AffineModel(B0=10.0),
                                         b=TransformList([AffineModel(B0=30.0, B1=40.0)]), lambda_=0.25)
    homography = HomographyModel(M=[[1.0, 0.1, 5.0], [0.0, 1.0, -2.0], [0.0001, 0.0, 1.0]])
    generic_homography = Transform(className=HomographyModel.className,
                                   dataString="1.0 0.1 5.0 0.0 1.0 -2.0 0.0001 0.0 1.0")

    def homography_mapping(p):
        w = 0.0001 * p[:, 0] + 1.0
        return np.column_stack([(p[:, 0] + 0.1 * p[:, 1] + 5.0) / w, (p[:, 1] - 2.0) / w])

    return [
        ("affine", [affine], [], through([affine]), 0, True),
        ("translation_estimated", [translation], [], through([translation]), 0, True),
        ("rigid_estimated", [rigid], [], through([rigid]), 0, True),
        ("similarity_estimated", [similarity], [], through([similarity]), 0, True),
        # loaded from render JSON: render-ws's own formats (32-bit floats), boxes from render's definitions
        ("translation_render_json", [TranslationModel(json=leaf_json("TranslationModel2D", "15.5 -4.0"))], [],
         matrix_mapping(1, 0, 0, 1, 15.5, -4.0), 0, True),
        ("rigid_render_json", [RigidModel(json=leaf_json("RigidModel2D", "0.5 10.0 20.0"))], [],
         matrix_mapping(math.cos(0.5), -math.sin(0.5), math.sin(0.5), math.cos(0.5), 10.0, 20.0), 0, True),
        ("similarity_render_json",
         [SimilarityModel(json=leaf_json("SimilarityModel2D", "1.125 0.25 -5.5 8.0"))], [],
         matrix_mapping(1.125, -0.25, 0.25, 1.125, -5.5, 8.0), 0, True),
        ("polynomial", [polynomial], [], through([polynomial]), 0, True),
        ("non_linear_coordinate", [nlct], [], through([nlct]), 2, True),
        ("thin_plate_spline", [tps], [], through([tps]), 1, True),
        ("nested_lists", nested, [], through(nested), 0, True),
        ("reference", referenced, [shared], through(referenced, [shared]), 0, True),
        ("interpolated", [interpolated], [], matrix_mapping(1, 0, 0, 1, 15.0, 10.0), 0, True),
        ("homography", [homography], [], homography_mapping, 0, True),
        # a generic Transform of a class render-ws knows: sent and read back verbatim
        ("generic_homography", [generic_homography], [], homography_mapping, 0, True),
        # classes render-ws cannot instantiate: stored as sent, with an explicit box
        ("generic_unknown_class", [Transform(className="org.example.CustomTransform", dataString="1.5 2.5",
                                             labels=["custom"])], [], None, 0, False),
        ("non_linear_transform", [NonLinearTransform(json={**leaf_json("nonLinearTransform", NLCT_DATA)})],
         [], None, 0, False),
        ("lens_correction", [LensCorrection(json={"type": "leaf", "dataString": NLCT_DATA,
                                                  "className": "lenscorrection.NonLinearTransform"})],
         [], None, 0, False),
    ]


CASES = {case[0]: case for case in cases()}
EXPLICIT_BOX = {"minX": -10.0, "minY": -20.0, "maxX": 4000.0, "maxY": 4100.0}


@pytest.fixture
def stack(render):
    renderapi.stack.create_stack(STACK, render=render)
    return STACK


@pytest.mark.parametrize("name", list(CASES))
def test_round_trip(render, stack, name):
    _, tforms, shared, mapping, tolerance, derive = CASES[name]
    size = 3840 if "non_linear" in name or "lens" in name else 200
    ts = TileSpec(tileId=f"{name}.1", z=1.0, width=size, height=size, imageUrl=f"file:///data/{name}.png",
                  sectionId="1.0", tforms=tforms)
    sent = ts.to_dict()
    if derive:
        response = put_tilespecs(stack, tilespecs=[ts], shared_transforms=shared, render=render)
    else:
        body = ResolvedTiles(tilespecs=[ts], transformList=shared).to_dict()
        body["tileIdToSpecMap"][ts.tileId].update(EXPLICIT_BOX)
        response = put_tilespecs(stack, resolved_tiles=body, deriveData=False, render=render)
    assert response.status_code == 201

    raw = get_tile_spec_raw(stack, ts.tileId, render=render)
    assert raw.to_dict() == sent
    layer = get_resolved_tiles_from_z(stack, 1.0, render=render)
    (back,) = layer.tilespecs
    assert back.to_dict() == sent
    assert {tf.transformId: tf.to_dict() for tf in layer.transforms} == {
        tf.transformId: tf.to_dict() for tf in shared}

    if mapping is None:
        assert raw.bbox == tuple(EXPLICIT_BOX[k] for k in ("minX", "minY", "maxX", "maxY"))
    else:
        expected = derived_box(size, size, mapping)
        assert raw.bbox == pytest.approx(expected, abs=tolerance), f"expected {expected}"


def test_reference_resolves_to_the_shared_transform(render, stack):
    _, tforms, shared, _, _, _ = CASES["reference"]
    ts = TileSpec(tileId="ref.1", z=1.0, width=200, height=200, imageUrl="file:///ref.png", tforms=tforms)
    put_tilespecs(stack, tilespecs=[ts], shared_transforms=shared, render=render)
    resolved = get_tile_spec(stack, "ref.1", render=render)
    assert [tf.to_dict() for tf in resolved.tforms] == [shared[0].to_dict(), tforms[1].to_dict()]
    assert resolved.tforms[0].transformId == "lens_shared" and resolved.tforms[0].labels == ["lens"]
