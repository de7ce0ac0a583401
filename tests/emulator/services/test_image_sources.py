"""The app-wide cache of decoded source images (render-ws's SharedImageProcessorCache) and how a render
request reads through it."""

import os

import numpy as np
import pytest
from PIL import Image

from render_emulator.errors import BadRequest
from render_emulator.services.image_sources import ImageCache, SourceCache, read_image


def save_png(path, pixels):
    Image.fromarray(np.asarray(pixels, dtype=np.uint8)).save(path)
    return str(path)


def stamp(path):
    status = os.stat(path)
    return status.st_mtime_ns, status.st_size


def test_a_second_request_reuses_the_decoded_image(tmp_path):
    url = save_png(tmp_path / "a.png", np.full((4, 5), 7))
    shared = ImageCache()
    first = read_image(url, "imageUrl", SourceCache(shared=shared))
    assert first.dtype == np.float32 and first.shape == (4, 5) and (first == 7).all()
    assert len(shared) == 1
    os.chmod(tmp_path / "a.png", 0o644)   # same size and time: still the cached entry
    again = read_image(url, "imageUrl", SourceCache(shared=shared))
    assert np.array_equal(again, first) and len(shared) == 1


def test_a_rewritten_file_is_read_again(tmp_path):
    path = tmp_path / "a.png"
    url = save_png(path, np.full((4, 5), 7))
    shared = ImageCache()
    read_image(url, "imageUrl", SourceCache(shared=shared))
    save_png(path, np.full((6, 5), 9))
    later = os.stat(path).st_mtime_ns + 10**9
    os.utime(path, ns=(later, later))
    pixels = read_image(url, "imageUrl", SourceCache(shared=shared))
    assert pixels.shape == (6, 5) and (pixels == 9).all()


def test_cached_images_cannot_be_drawn_into(tmp_path):
    url = save_png(tmp_path / "a.png", np.full((4, 5), 7))
    shared = ImageCache()
    pixels = read_image(url, "imageUrl", SourceCache(shared=shared))
    pixels[0, 0] = 100                     # a request's own float copy is writable…
    assert (read_image(url, "imageUrl", SourceCache(shared=shared)) == 7).all()   # …the cache is untouched


def test_least_recently_used_images_leave_first_beyond_the_budget(tmp_path):
    urls = [save_png(tmp_path / f"{i}.png", np.full((10, 10), i)) for i in range(3)]
    shared = ImageCache(max_bytes=250)     # two 100-byte gray images fit, three do not
    read_image(urls[0], "imageUrl", SourceCache(shared=shared))
    read_image(urls[1], "imageUrl", SourceCache(shared=shared))
    read_image(urls[0], "imageUrl", SourceCache(shared=shared))    # 0 is now the most recent
    read_image(urls[2], "imageUrl", SourceCache(shared=shared))
    assert len(shared) == 2
    assert shared.get(urls[1], stamp(urls[1])) is None
    assert shared.get(urls[0], stamp(urls[0])) is not None and shared.get(urls[2], stamp(urls[2])) is not None
    os.remove(urls[0])
    with pytest.raises(BadRequest, match="cannot find imageUrl file"):
        read_image(urls[0], "imageUrl", SourceCache(shared=shared))   # a vanished file is not served


def test_too_large_images_and_clear(tmp_path):
    url = save_png(tmp_path / "a.png", np.full((10, 10), 1))
    shared = ImageCache(max_bytes=50)
    assert (read_image(url, "imageUrl", SourceCache(shared=shared)) == 1).all()
    assert len(shared) == 0
    roomy = ImageCache()
    read_image(url, "imageUrl", SourceCache(shared=roomy))
    roomy.clear()
    assert len(roomy) == 0


def test_colour_images_keep_their_channels_and_gray_ones_collapse(tmp_path):
    colour = np.zeros((3, 4, 3), dtype=np.uint8)
    colour[..., 0], colour[..., 2] = 200, 50
    Image.fromarray(colour).save(tmp_path / "c.png")
    Image.fromarray(np.full((3, 4, 3), 80, dtype=np.uint8)).save(tmp_path / "g.png")
    shared = ImageCache()
    rgb = read_image(str(tmp_path / "c.png"), "imageUrl", SourceCache(shared=shared))
    gray = read_image(str(tmp_path / "g.png"), "imageUrl", SourceCache(shared=shared))
    assert rgb.shape == (3, 4, 3) and rgb[0, 0].tolist() == [200.0, 0.0, 50.0]
    assert gray.shape == (3, 4) and (gray == 80).all()
