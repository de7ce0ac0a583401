"""RenderImageService and TileImageService over HTTP: paths, content types, sizes, caching headers,
statuses and messages."""

import io
import os

import numpy as np
import pytest
from PIL import Image
from response_checks import text

V1 = "/render-ws/v1"
S = f"{V1}/owner/o/project/p/stack/s"
AFFINE = "mpicbg.trakem2.transform.AffineModel2D"


def image_of(response, mimetype):
    assert response.status_code == 200, text(response)
    assert response.mimetype == mimetype
    return np.asarray(Image.open(io.BytesIO(response.data)))


def tile(tile_id, url, tx=0.0, ty=0.0, mask=None, group=None):
    level = {"imageUrl": url} if mask is None else {"imageUrl": url, "maskUrl": mask}
    spec = {"tileId": tile_id, "z": 1.0, "width": 100, "height": 100, "mipmapLevels": {"0": level},
            "transforms": {"type": "list", "specList": [
                {"className": AFFINE, "dataString": f"1.0 0.0 0.0 1.0 {tx} {ty}"}]}}
    if group is not None:
        spec["groupId"] = group
    return spec


@pytest.fixture
def source(tmp_path):
    pixels = np.zeros((100, 100), dtype=np.uint8)
    pixels[10:20, 10:20] = 255
    path = tmp_path / "square.png"
    Image.fromarray(pixels).save(path)
    mask = np.full((100, 100), 255, dtype=np.uint8)
    mask[:, :50] = 0
    Image.fromarray(mask).save(tmp_path / "mask.png")
    return path


@pytest.fixture
def stack(client, source):
    assert client.post(S, json={}).status_code == 201
    tiles = [tile("a", f"file://{source}", group="g1"),
             tile("b", str(source), tx=100.0, mask=str(source.parent / "mask.png"), group="g2")]
    body = {"transformIdToSpecMap": {}, "tileIdToSpecMap": {t["tileId"]: t for t in tiles}}
    assert client.put(f"{S}/resolvedTiles?deriveData=true", json=body).status_code == 201
    return S


@pytest.mark.parametrize(("fmt", "mimetype", "shape"), [
    ("jpeg-image", "image/jpeg", (50, 100, 3)), ("png-image", "image/png", (50, 100, 4)),
    ("tiff-image", "image/tiff", (50, 100, 4)), ("tiff16-image", "image/tiff", (50, 100)),
    ("png16-image", "image/png", (50, 100)),
])
def test_box_image_formats(client, stack, fmt, mimetype, shape):
    pixels = image_of(client.get(f"{stack}/z/1/box/0,0,200,100,0.5/{fmt}"), mimetype)
    assert pixels.shape == shape


def test_box_raw_images(client, stack):
    raw = client.get(f"{stack}/z/1/box/0,0,200,100,0.5/raw-image")
    assert raw.status_code == 200 and raw.mimetype == "application/octet-stream"
    argb = np.frombuffer(raw.data, dtype=">u4").reshape(50, 100)
    assert argb[7, 7] == 0xFFFFFFFF and argb[7, 40] == 0xFF000000
    assert argb[7, 57] == 0                                    # b's mask hides its left half
    raw16 = client.get(f"{stack}/z/1/box/0,0,200,100,0.5/raw16-image")
    assert np.frombuffer(raw16.data, dtype=">u2").reshape(50, 100)[7, 7] == 255    # the 8-bit source value


def test_box_placement_scale_query_and_group(client, stack):
    pixels = image_of(client.get(f"{stack}/z/1/box/0,0,200,100,1.0/png-image?scale=0.5"), "image/png")
    assert pixels.shape == (50, 100, 4)
    assert pixels[7, 7, 0] == 255 and pixels[20, 20, 0] == 0 and pixels[20, 20, 3] == 255
    group = image_of(client.get(f"{stack}/group/g2/z/1/box/0,0,200,100,0.5/png-image"), "image/png")
    assert (group[:, :50, 3] == 0).all() and group[20, 80, 3] == 255


def test_dvid_boxes_default_scale_one(client, stack):
    pixels = image_of(client.get(f"{stack}/dvid/imagetile/raw/xy/200_100/0_0_1/png"), "image/png")
    assert pixels.shape == (100, 200, 4)
    assert image_of(client.get(f"{stack}/dvid/imagetile/raw/xy/200_100/0_0_1/jpg?scale=0.25"),
                    "image/jpeg").shape == (25, 50, 3)
    assert image_of(client.get(f"{stack}/group/g1/dvid/imagetile/raw/xy/200_100/0_0_1/tif"),
                    "image/tiff").shape == (100, 200, 4)


def test_empty_box_is_transparent_and_missing_stack_404(client, stack):
    pixels = image_of(client.get(f"{stack}/z/1/box/9000,0,40,20,1/png-image"), "image/png")
    assert pixels.shape == (20, 40, 4) and (pixels == 0).all()
    response = client.get(f"{V1}/owner/o/project/p/stack/nope/z/1/box/0,0,10,10,1/png-image")
    assert response.status_code == 404 and response.mimetype == "text/plain"


def test_layer_images(client, stack):
    assert image_of(client.get(f"{stack}/z/1/png-image"), "image/png").shape == (1, 2, 4)
    assert image_of(client.get(f"{stack}/z/1/jpeg-image?scale=0.1"), "image/jpeg").shape == (10, 20, 3)
    empty = client.get(f"{stack}/z/7/png-image")
    assert empty.status_code == 400 and empty.mimetype == "text/plain"


def test_etag_cache_control_and_not_modified(client, stack):
    first = client.get(f"{stack}/z/1/box/0,0,20,20,1/png-image")
    tag = first.headers["ETag"]
    assert tag.strip('"').isdigit()
    assert first.headers["Cache-Control"] == "no-transform, max-age=3600"
    again = client.get(f"{stack}/z/1/box/0,0,20,20,1/png-image", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.data == b""
    # evaluatePreconditions' builder carries no entity, hence no Content-Type (ResponseHelper.java:38, 55)
    assert "Content-Type" not in again.headers and again.headers["ETag"] == tag
    other = client.get(f"{stack}/z/1/box/0,0,20,20,1/png-image", headers={"If-None-Match": '"1"'})
    assert other.status_code == 200


def test_tile_images(client, stack):
    pixels = image_of(client.get(f"{stack}/tile/b/png-image"), "image/png")
    assert pixels.shape == (100, 100, 4) and pixels[50, 20, 3] == 0 and pixels[50, 80, 3] == 255
    assert image_of(client.get(f"{stack}/tile/a/jpeg-image?scale=0.5"), "image/jpeg").shape == (50, 50, 3)
    assert image_of(client.get(f"{stack}/tile/a/tiff16-image"), "image/tiff").shape == (100, 100)
    missing = client.get(f"{stack}/tile/zz/png-image")
    assert missing.status_code == 404
    assert text(missing) == ("tile spec with id 'zz' does not exist in the render.o__p__s__tile collection")


def test_tile_source_and_mask_images(client, stack):
    src = image_of(client.get(f"{stack}/tile/b/source/png-image"), "image/png")
    assert src.shape == (100, 100, 4) and src[15, 15, 0] == 255 and (src[..., 3] == 255).all()
    mask = image_of(client.get(f"{stack}/tile/b/mask/png-image?scale=0.5"), "image/png")
    assert mask.shape == (50, 50, 4) and mask[10, 10, 0] == 0 and mask[10, 40, 0] == 255
    assert image_of(client.get(f"{stack}/tile/a/source/jpeg-image"), "image/jpeg").shape == (100, 100, 3)


def test_tile_with_neighbors(client, stack):
    pixels = image_of(client.get(f"{stack}/tile/a/withNeighbors/jpeg-image"), "image/jpeg")
    assert pixels.shape == (160, 160, 3)    # 100 + int(2 * 30)
    outlines = image_of(client.get(f"{stack}/tile/a/withNeighbors/jpeg-image?boundingBoxesOnly=true"),
                        "image/jpeg")
    line, inside = outlines[30, 80].astype(int), outlines[80, 80].astype(int)   # JPEG blurs the 1 px line
    assert line[1] > 120 and line[1] > line[0] + 60 and inside[1] < 60


def test_missing_image_file_is_400(client, stack, tmp_path):
    body = {"transformIdToSpecMap": {}, "tileIdToSpecMap": {
        "c": tile("c", f"file://{tmp_path}/gone.png", tx=500.0)}}
    assert client.put(f"{stack}/resolvedTiles?deriveData=true", json=body).status_code == 201
    response = client.get(f"{stack}/z/1/box/500,0,50,50,1/png-image")
    assert response.status_code == 400
    assert text(response) == f"cannot find imageUrl file '{tmp_path}/gone.png'"
    outlines = client.get(f"{stack}/z/1/box/0,0,600,100,1/png-image?maxTileSpecsToRender=1")
    assert outlines.status_code == 200     # outlines only: no image file is opened


def test_put_render_parameters(client, source):
    body = {"x": 10.0, "y": 10.0, "width": 20, "height": 10, "scale": 0.5, "tileSpecs": [
        {"tileId": "t", "width": 100, "height": 100, "mipmapLevels": {"0": {"imageUrl": str(source)}},
         "transforms": {"type": "list", "specList": []}}]}
    response = client.put(f"{V1}/owner/o/png-image", json=body)
    pixels = image_of(response, "image/png")
    assert pixels.shape == (5, 10, 4) and pixels[2, 2, 0] == 255
    assert "ETag" not in response.headers
    assert image_of(client.put(f"{V1}/owner/o/jpeg-image", json=body), "image/jpeg").shape == (5, 10, 3)
    assert client.put(f"{V1}/owner/o/tiff-image", json=[1]).status_code == 400


def test_large_data_tiles(client, stack, tmp_path):
    level0 = image_of(client.get(f"{stack}/largeDataTileSource/64/32/0/1/1/1.png"), "image/png")
    assert level0.shape == (32, 64, 4)      # box 64, 32, 64 x 32 at scale 1
    assert level0[10, 20, 3] == 255 and level0[10, 50, 3] == 0    # a, then b's masked left half
    level1 = image_of(client.get(f"{stack}/largeDataTileSource/64/32/1/1/0/0.jpg"), "image/jpeg")
    assert level1.shape == (32, 64, 3)      # box 0, 0, 128 x 64 at scale 0.5
    outlines = image_of(client.get(f"{stack}/largeDataTileSource/64/32/1/1/0/0.png?maxTileSpecsToRender=1"),
                        "image/png")
    assert outlines[7, 7, 3] == 0 and tuple(outlines[0, 10]) == (0, 255, 0, 255)
    # a materialized box is streamed as it is
    root = tmp_path / "boxes"
    (root / "64x32" / "1" / "1" / "0").mkdir(parents=True)
    (root / "64x32" / "1" / "1" / "0" / "0.png").write_bytes(b"stored png")
    assert client.post(stack, json={"materializedBoxRootPath": str(root)}).status_code == 201
    stored = client.get(f"{stack}/largeDataTileSource/64/32/1/1/0/0.png")
    assert stored.status_code == 200 and stored.mimetype == "image/png" and stored.data == b"stored png"
    assert "ETag" in stored.headers


def test_large_data_overview(client, stack):
    # without stack stats (not COMPLETE) the overview box is 1 x 1 at the origin, scaled to 192
    unknown = image_of(client.get(f"{stack}/largeDataTileSource/64/32/small/1.png"), "image/png")
    assert unknown.shape == (192, 192, 4)
    assert client.put(f"{stack}/state/COMPLETE").status_code == 201
    overview = image_of(client.get(f"{stack}/largeDataTileSource/64/32/small/1.png"), "image/png")
    assert overview.shape == (96, 192, 4)     # stack bounds 0..200 x 0..100
    small = client.get(f"{stack}/largeDataTileSource/64/32/small/1.jpg?maxOverviewWidthAndHeight=50")
    small = image_of(small, "image/jpeg")
    assert small.shape == (25, 50, 3)


def test_box_images_read_sources_through_the_app_cache(app, client, stack, source):
    from render_emulator.services.deployment import IMAGE_PROCESSOR_CACHE_KEY

    first = image_of(client.get(f"{stack}/z/1/box/0,0,200,100,1.0/png-image"), "image/png")
    cache = app.extensions[IMAGE_PROCESSOR_CACHE_KEY]
    assert len(cache) == 2                                    # the source and b's mask
    Image.fromarray(np.full((100, 100), 99, dtype=np.uint8)).save(source)
    later = source.stat().st_mtime_ns + 10**9
    os.utime(source, ns=(later, later))
    changed = image_of(client.get(f"{stack}/z/1/box/0,0,200,100,1.0/png-image"), "image/png")
    assert first[15, 15, 0] == 255 and changed[15, 15, 0] == 99   # a rewritten file is read again
    assert client.delete(f"{V1}/imageProcessorCache/allEntries").status_code == 200
    assert len(cache) == 0


def test_image_cache_size_comes_from_the_app_config(tmp_path, source):
    from render_emulator import create_app
    from render_emulator.services.deployment import IMAGE_PROCESSOR_CACHE_KEY

    app = create_app(RENDER_IMAGE_CACHE_BYTES=0)
    client = app.test_client()
    assert client.post(S, json={}).status_code == 201
    body = {"transformIdToSpecMap": {}, "tileIdToSpecMap": {"a": tile("a", str(source))}}
    assert client.put(f"{S}/resolvedTiles?deriveData=true", json=body).status_code == 201
    image_of(client.get(f"{S}/z/1/box/0,0,100,100,1.0/png-image"), "image/png")
    assert len(app.extensions[IMAGE_PROCESSOR_CACHE_KEY]) == 0
