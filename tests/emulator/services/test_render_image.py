"""Image rendering without HTTP: placement through affine and mesh transforms, masks, intensities,
mipmap levels, channels, outlines, encodings and the service errors."""

import io

import numpy as np
import pytest
from PIL import Image

from render_emulator.errors import BadRequest, NotFound
from render_emulator.services import render_data, render_image, renderer, stack_meta
from render_emulator.services.image_encoding import Canvas, encode
from render_emulator.services.image_sources import best_mipmap_level
from render_emulator.services.render_parameters import RenderQuery, render_parameters
from render_emulator.services.tile_json import parse_tile_spec
from render_emulator.store import RenderStore, StackId

SID = StackId("o", "p", "s")
AFFINE = "mpicbg.trakem2.transform.AffineModel2D"
POLYNOMIAL = "mpicbg.trakem2.transform.PolynomialTransform2D"


def save_png(path, pixels):
    Image.fromarray(np.asarray(pixels, dtype=np.uint8)).save(path)
    return str(path)


def square_image(tmp_path, name="square.png", size=100, lo=10, hi=20, value=255):
    pixels = np.zeros((size, size), dtype=np.uint8)
    pixels[lo:hi, lo:hi] = value
    return save_png(tmp_path / name, pixels)


def leaf(class_name, data):
    return {"type": "leaf", "className": class_name, "dataString": data}


def tile(tile_id, url, specs=(), size=100, mask=None, **extra):
    level = {"imageUrl": url} if mask is None else {"imageUrl": url, "maskUrl": mask}
    spec = {"tileId": tile_id, "z": 1.0, "width": size, "height": size, "mipmapLevels": {"0": level},
            "transforms": {"type": "list", "specList": list(specs)}, **extra}
    return parse_tile_spec(spec)


def params(tiles, x=0.0, y=0.0, width=100, height=100, scale=1.0, **query):
    return render_parameters(x, y, width, height, scale, tiles, RenderQuery(**query))


def rgba(params_dict, **kwargs):
    image = renderer.render_encoded(params_dict, "png-image", **kwargs)
    decoded = Image.open(io.BytesIO(image.data))
    assert decoded.mode == "RGBA"
    return np.asarray(decoded)


def bright_centre(pixels):
    rows, cols = np.nonzero(pixels[..., 0] > 127)
    return cols.mean(), rows.mean()


@pytest.mark.parametrize(("scale", "level"), [(2.0, 0), (1.0, 0), (0.6, 0), (0.5, 1), (0.3, 1), (0.25, 2),
                                              (0.1, 3), (0.01, 6)])
def test_best_mipmap_level(scale, level):
    assert best_mipmap_level(scale) == level


def test_identity_tile_at_scale_one_reproduces_the_source(tmp_path):
    source = (np.arange(100 * 100).reshape(100, 100) % 251).astype(np.uint8)
    url = save_png(tmp_path / "ramp.png", source)
    out = rgba(params([tile("t", url)]))
    assert out.shape == (100, 100, 4)
    assert np.array_equal(out[..., 0], source) and np.array_equal(out[..., 2], source)
    assert (out[..., 3] == 255).all()


def test_translated_square_lands_at_the_scaled_offset(tmp_path):
    url = square_image(tmp_path)
    t = tile("t", url, [leaf(AFFINE, "1 0 0 1 100 40")])
    out = rgba(params([t], width=400, height=200, scale=0.5))
    assert out.shape == (100, 200, 4)
    cx, cy = bright_centre(out)
    # world square 110..119 x 50..59 -> output 55..59.5 x 25..29.5
    assert cx == pytest.approx(57.25, abs=0.6) and cy == pytest.approx(27.25, abs=0.6)
    assert out[0, 0, 3] == 0 and out[30, 60, 3] == 255          # outside the tile: transparent


def test_mesh_warp_matches_the_exact_affine_inverse(tmp_path):
    url = square_image(tmp_path, lo=30, hi=60)
    exact = rgba(params([tile("t", url, [leaf(AFFINE, "1 0 0 1 100 40")])], width=300, height=200))
    mesh = rgba(params([tile("t", url, [leaf(POLYNOMIAL, "100 1 0 40 0 1")], meshCellSize=16)],
                       width=300, height=200))
    assert bright_centre(mesh) == pytest.approx(bright_centre(exact), abs=0.05)
    opaque_exact, opaque_mesh = exact[..., 3] > 0, mesh[..., 3] > 0
    assert (opaque_exact != opaque_mesh).sum() <= 2 * (100 + 100)   # at most the outline differs


@pytest.mark.parametrize("data", ["0.8 0.5 -0.5 0.8 40 -10", "0.5 0 0 2 3.3 7.7",
                                  "-0.6 0.8 -0.8 -0.6 120 150"])
def test_affine_footprint_matches_the_pointwise_inverse(data):
    from render_emulator.services.tile_warp import Box, tile_footprint

    t = tile("t", "unused.png", [leaf(AFFINE, data)], size=90)
    box = Box(x=-20.5, y=-30.25, scale=0.7, width=150, height=160)
    footprint = tile_footprint(t, box, 90.0, 90.0)
    rows, cols = np.mgrid[0:box.height, 0:box.width]
    world = np.column_stack([box.x + cols.ravel() / box.scale, box.y + rows.ravel() / box.scale])
    m = np.array(list(map(float, data.split()))).reshape(3, 2).T
    local = np.linalg.solve(m[:, :2], (world - m[:, 2]).T).T
    inside = (local[:, 0] >= 0) & (local[:, 0] <= 89) & (local[:, 1] >= 0) & (local[:, 1] <= 89)
    assert np.array_equal(np.sort(footprint.pixels), np.nonzero(inside)[0])
    order = np.argsort(footprint.pixels)
    assert np.allclose(footprint.local[order], local[inside])


def test_tiles_drawn_in_order_later_on_top(tmp_path):
    dark = save_png(tmp_path / "dark.png", np.full((100, 100), 50))
    light = save_png(tmp_path / "light.png", np.full((100, 100), 200))
    tiles = [tile("a", dark), tile("b", light, [leaf(AFFINE, "1 0 0 1 50 0")])]
    out = rgba(params(tiles, width=150))
    assert out[50, 20, 0] == 50 and out[50, 70, 0] == 200 and out[50, 140, 0] == 200


def test_mask_alpha_binary_mask_and_exclude_mask(tmp_path):
    url = save_png(tmp_path / "img.png", np.full((100, 100), 200))
    mask = np.zeros((100, 100), dtype=np.uint8)
    mask[:, 50:75] = 128
    mask[:, 75:] = 255
    mask_url = save_png(tmp_path / "mask.png", mask)
    t = tile("t", url, mask=mask_url)
    plain = rgba(params([t]))
    assert plain[10, 10, 3] == 0 and plain[10, 60, 3] == 128 and plain[10, 90, 3] == 255
    binary = rgba(params([t], binary_mask=True))
    assert binary[10, 60, 3] == 0 and binary[10, 90, 3] == 255
    excluded = rgba(params([t], exclude_mask=True))
    assert (excluded[..., 3] == 255).all()


def test_partly_masked_tile_blends_over_the_one_below(tmp_path):
    dark = save_png(tmp_path / "dark.png", np.full((10, 10), 50))
    light = save_png(tmp_path / "light.png", np.full((10, 10), 200))
    half = save_png(tmp_path / "half.png", np.full((10, 10), 128))
    tiles = [tile("a", dark, size=10), tile("b", light, size=10, mask=half)]
    out = rgba(params(tiles, width=10, height=10))
    assert out[5, 5, 3] == 255 and out[5, 5, 0] == pytest.approx(50 + 150 * 128 / 255, abs=1)
    alone = rgba(params(tiles[1:], width=10, height=10))
    assert alone[5, 5, 3] == 128 and alone[5, 5, 0] == 200
    on_white = rgba({**params(tiles[1:], width=10, height=10), "backgroundRGBColor": 0xFFFFFF})
    assert on_white[5, 5, 3] == 255 and on_white[5, 5, 0] == pytest.approx(200 + 55 * 127 / 255, abs=1)


def test_intensity_range_maps_to_full_scale(tmp_path):
    url = save_png(tmp_path / "img.png", np.full((10, 10), 150))
    t = tile("t", url, size=10)
    assert rgba(params([t], width=10, height=10))[5, 5, 0] == 150
    stretched = rgba(params([t], width=10, height=10, min_intensity=100.0, max_intensity=200.0))
    assert stretched[5, 5, 0] == 128
    from_tile = tile("t", url, size=10, minIntensity=140.0, maxIntensity=160.0)
    assert rgba(params([from_tile], width=10, height=10))[5, 5, 0] == 128


def test_mipmap_level_picked_from_scale(tmp_path):
    full = save_png(tmp_path / "l0.png", np.full((64, 64), 10))
    level2 = save_png(tmp_path / "l2.png", np.full((16, 16), 240))
    t = parse_tile_spec({"tileId": "t", "z": 1.0, "width": 64, "height": 64, "transforms": {
        "type": "list", "specList": []},
        "mipmapLevels": {"0": {"imageUrl": full}, "2": {"imageUrl": level2}}})
    assert rgba(params([t], width=64, height=64, scale=0.5))[4, 4, 0] == 10    # level 1 -> floor entry 0
    small = rgba(params([t], width=64, height=64, scale=0.25))
    assert small.shape[:2] == (16, 16) and small[4, 4, 0] == 240


def test_mipmap_level_pixels_are_block_centres(tmp_path):
    # level 1 pixel i covers level-0 pixels 2i, 2i+1: a level-0 box starting at 1 samples level-1 pixel 0.25
    ramp = np.tile((np.arange(32) * 8).astype(np.uint8), (32, 1))
    level1 = save_png(tmp_path / "l1.png", ramp)
    t = parse_tile_spec({"tileId": "t", "z": 1.0, "width": 64, "height": 64, "minIntensity": 0.0,
                         "maxIntensity": 255.0, "transforms": {"type": "list", "specList": []},
                         "mipmapLevels": {"0": {"imageUrl": level1}, "1": {"imageUrl": level1}}})
    out = rgba(params([t], x=1.0, width=60, height=60, scale=0.5))
    assert out[5, 0, 0] == 2 and out[5, 1, 0] == 10    # 8 * 0.25, 8 * 1.25


def test_sixteen_bit_holds_raw_source_values(tmp_path):
    pixels = np.full((10, 10), 3000, dtype=np.uint16)
    Image.fromarray(pixels).save(tmp_path / "deep.png")
    t = tile("t", str(tmp_path / "deep.png"), size=10, minIntensity=0.0, maxIntensity=6000.0)
    p = params([t], width=10, height=12)
    image = renderer.render_encoded(p, "png16-image")
    gray = np.asarray(Image.open(io.BytesIO(image.data)))
    assert gray[5, 5] == 3000 and gray[11, 5] == 0
    assert rgba(p)[5, 5, 0] == 128                    # 8-bit: 3000 of 0..6000


def test_channels_weighted_and_default_first(tmp_path):
    dapi = save_png(tmp_path / "dapi.png", np.full((10, 10), 100))
    tub = save_png(tmp_path / "tub.png", np.full((10, 10), 200))
    t = parse_tile_spec({"tileId": "t", "z": 1.0, "width": 10, "height": 10, "transforms": {
        "type": "list", "specList": []}, "channels": [
        {"name": "DAPI", "mipmapLevels": {"0": {"imageUrl": dapi}}},
        {"name": "TUB", "mipmapLevels": {"0": {"imageUrl": tub}}}]})
    assert rgba(params([t], width=10, height=10))[5, 5, 0] == 100
    assert rgba(params([t], width=10, height=10, channels="TUB"))[5, 5, 0] == 200
    mixed = rgba(params([t], width=10, height=10, channels="DAPI__0.5__TUB__0.5"))
    assert mixed[5, 5, 0] == 150
    assert (rgba(params([t], width=10, height=10, channels="GFP"))[..., 3] == 0).all()
    with pytest.raises(BadRequest, match=r"Channel TUB weight 0\.6 is too large\..*\{DAPI=0\.5\}"):
        renderer.render_canvas(params([t], width=10, height=10, channels="DAPI__0.5__TUB__0.6"))


def test_too_many_tiles_draw_green_outlines(tmp_path):
    url = square_image(tmp_path)
    tiles = [tile(f"t{i}", url, [leaf(AFFINE, f"1 0 0 1 {i * 100} 0")], minX=i * 100.0, minY=0.0,
                  maxX=i * 100.0 + 100, maxY=100.0) for i in range(2)]
    out = rgba(params(tiles, width=200, height=101), max_tile_specs_to_render=1)
    assert tuple(out[0, 50]) == (0, 255, 0, 255) and tuple(out[50, 0]) == (0, 255, 0, 255)
    assert out[50, 50, 3] == 0
    assert rgba(params(tiles, width=200, height=101), max_tile_specs_to_render=2)[15, 15, 1] == 255


def test_output_size_truncates_and_empty_size_is_refused():
    box = renderer.output_box(params([], width=101, height=33, scale=0.5))
    assert (box.width, box.height) == (50, 16)
    with pytest.raises(BadRequest, match=r"Width \(0\) and height \(5\) cannot be <= 0"):
        renderer.output_box(params([], width=1, height=10, scale=0.5))


@pytest.mark.parametrize(("fmt", "mimetype", "mode"), [
    ("jpeg-image", "image/jpeg", "RGB"), ("png-image", "image/png", "RGBA"),
    ("tiff-image", "image/tiff", "RGBA"),
    ("tiff16-image", "image/tiff", "I;16"), ("png16-image", "image/png", "I;16"),
])
def test_encodings(fmt, mimetype, mode):
    canvas = Canvas.empty(7, 5)
    canvas.rgb[2, 3] = 1.0
    canvas.raw[2, 3] = 300.0
    canvas.alpha[2, 3] = 255
    image = encode(canvas, fmt)
    assert image.mimetype == mimetype
    decoded = Image.open(io.BytesIO(image.data))
    assert decoded.size == (7, 5)
    assert decoded.mode == mode or (mode == "I;16" and decoded.mode.startswith("I"))
    pixels = np.asarray(decoded).reshape(5, 7, -1)
    if mode == "I;16":
        assert pixels[2, 3, 0] == 300 and pixels[0, 0, 0] == 0   # raw intensities, not display values
    else:
        assert pixels[2, 3, 0] > 200 and pixels[0, 0, 0] < 30


def test_jpeg_draws_over_black_and_convert_to_gray_applies_to_every_format():
    canvas = Canvas.empty(32, 16)     # JPEG blocks: 16 px halves keep the colours apart
    canvas.rgb[:, :16] = (1.0, 0.0, 0.0)
    canvas.rgb[:, 16:] = 0.8
    canvas.alpha[:, :16], canvas.alpha[:, 16:] = 255, 128
    jpeg = np.asarray(Image.open(io.BytesIO(encode(canvas, "jpeg-image", quality=1.0).data)))
    assert jpeg[8, 24] == pytest.approx([102, 102, 102], abs=3)      # 204 * 128 / 255 over black
    for fmt in ("png-image", "tiff-image", "jpeg-image"):
        gray = Image.open(io.BytesIO(encode(canvas, fmt, convert_to_gray=True, quality=1.0).data))
        assert gray.mode == "L"
        assert np.asarray(gray)[8, [8, 24]] == pytest.approx([77, 102], abs=3)   # (77 * 255 + 128) >> 8

def test_jpeg_gray_and_raw_encodings():
    canvas = Canvas.empty(3, 2)
    canvas.rgb[1, 2] = (1.0, 0.5, 0.0)
    canvas.alpha[1, 2] = 255
    assert Image.open(io.BytesIO(encode(canvas, "jpeg-image", convert_to_gray=True).data)).mode == "L"
    raw = encode(canvas, "raw-image")
    assert raw.mimetype == "application/octet-stream" and len(raw.data) == 3 * 2 * 4
    assert np.frombuffer(raw.data, dtype=">u4")[5] == 0xFFFF8000 and raw.data[:4] == b"\0\0\0\0"
    canvas.raw[1, 2] = 1234.4
    raw16 = np.frombuffer(encode(canvas, "raw16-image").data, dtype=">u2")
    assert raw16.size == 6 and raw16[5] == 1234 and raw16[0] == 0


def test_missing_and_unreadable_sources(tmp_path):
    missing = str(tmp_path / "nope.png")
    with pytest.raises(BadRequest, match=f"cannot find imageUrl file '{missing}'"):
        renderer.render_canvas(params([tile("t", "file://" + missing)]))
    with pytest.raises(BadRequest, match="only file: URLs and local paths"):
        renderer.render_canvas(params([tile("t", "http://example.org/a.png")]))
    # every level of every tile is validated before drawing (RenderParameters.validate), even a tile
    # outside the box and levels the scale does not use
    url = square_image(tmp_path)
    mask = str(tmp_path / "mask.png")
    with pytest.raises(BadRequest, match="cannot find maskUrl file"):
        renderer.render_canvas(params([tile("t", url, mask=mask, minX=900.0, minY=0.0, maxX=1000.0,
                                                maxY=100.0)]))
    levels = parse_tile_spec({"tileId": "t", "z": 1.0, "width": 100, "height": 100, "mipmapLevels": {
        "0": {"imageUrl": url}, "3": {"imageUrl": missing}}, "transforms": {"type": "list", "specList": []}})
    with pytest.raises(BadRequest, match=f"cannot find imageUrl file '{missing}'"):
        renderer.render_canvas(params([levels]))
    # outlines only: nothing is opened
    assert renderer.render_canvas(params([levels]), bounding_boxes_only=True).alpha.shape == (100, 100)


# ---------------------------------------------------------------------------- with a store
@pytest.fixture
def store(tmp_path):
    store = RenderStore()
    stack_meta.save_stack_version(store, SID, {})
    url = square_image(tmp_path)
    tiles = [tile(f"t{i}", url, [leaf(AFFINE, f"1 0 0 1 {i * 100} 0")]) for i in range(2)]
    render_data.save_resolved_tiles(store, SID, None, ({}, tiles), True)
    return store


def decoded(image):
    return np.asarray(Image.open(io.BytesIO(image.data)))


def test_box_image_and_empty_box(store):
    image = render_image.box_image(store, SID, 1.0, 0.0, 0.0, 200.0, 100.0, 0.5, RenderQuery(), "png-image")
    pixels = decoded(image)
    assert pixels.shape == (50, 100, 4) and (pixels[..., 3] == 255).all()
    assert pixels[7, 7, 0] == 255 and pixels[7, 57, 0] == 255
    empty = decoded(render_image.box_image(store, SID, 1.0, 5000.0, 0.0, 20.0, 10.0, 1.0, RenderQuery(),
                                           "png-image"))
    assert empty.shape == (10, 20, 4) and (empty == 0).all()
    with pytest.raises(NotFound):
        render_image.box_image(store, StackId("o", "p", "x"), 1.0, 0, 0, 10, 10, 1.0, RenderQuery(),
                               "png-image")


def test_layer_image_default_scale_and_empty_layer(store):
    small = decoded(render_image.layer_image(store, SID, 1.0, RenderQuery(), "png-image"))
    assert small.shape == (1, 2, 4)    # 200 x 100 at 0.01
    big = decoded(render_image.layer_image(store, SID, 1.0, RenderQuery(scale=0.1), "png-image"))
    assert big.shape == (10, 20, 4)
    with pytest.raises(BadRequest):
        render_image.layer_image(store, SID, 2.0, RenderQuery(), "png-image")


def test_stack_tag_is_epoch_milliseconds(store):
    tag = render_image.stack_tag(store, SID)
    assert tag.isdigit() and len(tag) == 13
    with pytest.raises(NotFound):
        render_image.stack_tag(store, StackId("o", "p", "x"))


def test_posted_parameters_refuse_references(tmp_path):
    url = square_image(tmp_path)
    body = {"x": 0, "y": 0, "width": 50, "height": 20, "scale": 1, "tileSpecs": [
        {"tileId": "t", "width": 100, "height": 100, "mipmapLevels": {"0": {"imageUrl": url}},
         "transforms": {"type": "list", "specList": [{"type": "ref", "refId": "r"}]}}]}
    with pytest.raises(BadRequest, match=r"tile t requires the following transform ids \[r\]"):
        render_image.posted_image(body, "png-image")
    body["tileSpecs"][0]["transforms"]["specList"] = []
    assert decoded(render_image.posted_image(body, "png-image")).shape == (20, 50, 4)
