"""``--data-root``: local files named by clients are read only inside the roots, and a file outside them is
answered exactly as a missing file at that place (ImageAndMask.java:194-215 for images and masks,
RenderParameters.java:900-906 for tileSpecUrl), so an answer never tells whether something exists there."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest
from PIL import Image

from render_emulator.errors import BadRequest
from render_emulator.services import match_trial, validation
from render_emulator.services.data_roots import UNCONFINED, DataRootError, DataRoots
from render_emulator.services.image_and_mask import validate_image_and_mask
from render_emulator.services.image_sources import SourceCache, _derived_entry, read_image
from render_emulator.services.layout_file import _image_file_path
from render_emulator.services.render_image import _materialized_file


def save_png(path, value=7):
    Image.fromarray(np.full((4, 5), value, dtype=np.uint8)).save(path)
    return str(path)


@pytest.fixture
def tree(tmp_path):
    """``inside/`` (the root) with an image, ``outside/`` with an image, and links from inside to both."""
    inside, outside = tmp_path / "inside", tmp_path / "outside"
    inside.mkdir()
    outside.mkdir()
    save_png(inside / "in.png")
    save_png(outside / "secret.png")
    os.symlink(outside / "secret.png", inside / "escape.png")
    os.symlink(inside / "in.png", inside / "alias.png")
    return inside, outside


@pytest.fixture
def roots(tree):
    return DataRoots.of([tree[0]])


def image_error(url, roots, context="imageUrl"):
    with pytest.raises(BadRequest) as raised:
        read_image(url, context, SourceCache(roots=roots))
    return raised.value.message


# ============================================================================ DataRoots
def test_roots_must_be_existing_directories(tmp_path):
    with pytest.raises(DataRootError, match="is not a directory"):
        DataRoots.of([tmp_path / "missing"])
    save_png(tmp_path / "file.png")
    with pytest.raises(DataRootError):
        DataRoots.of([tmp_path / "file.png"])
    assert DataRoots.of(None) == UNCONFINED and not UNCONFINED.confined


def test_a_symlinked_root_is_kept_canonical(tree, tmp_path):
    os.symlink(tree[0], tmp_path / "root-link")
    roots = DataRoots.of([tmp_path / "root-link"])
    assert roots.directories == (os.path.realpath(tree[0]),)
    assert roots.readable_path(str(tmp_path / "root-link" / "in.png")) == os.path.realpath(tree[0] / "in.png")


def test_readable_path_inside_outside_symlink_and_dotdot(tree, roots):
    inside, outside = tree
    assert roots.readable_path(str(inside / "in.png")) == os.path.realpath(inside / "in.png")
    assert roots.readable_path(str(inside / "alias.png")) == os.path.realpath(inside / "in.png")
    assert roots.readable_path(str(inside)) == os.path.realpath(inside)
    assert roots.readable_path(str(outside / "secret.png")) is None
    assert roots.readable_path(str(inside / "escape.png")) is None                  # symlink out of the root
    assert roots.readable_path(f"{inside}/../outside/secret.png") is None          # '..' out of the root
    assert roots.readable_path(f"{inside}/../inside/in.png") is not None           # '..' back in
    assert roots.readable_path(f"{inside}-sibling/x.png") is None       # a shared name prefix is no parent
    assert UNCONFINED.readable_path(str(outside / "secret.png")) == str(outside / "secret.png")


# ============================================================================ image and mask reads
def test_an_image_inside_a_root_is_read(tree, roots):
    pixels = read_image(str(tree[0] / "in.png"), "imageUrl", SourceCache(roots=roots))
    assert pixels.shape == (4, 5) and (pixels == 7).all()
    via_url = read_image(f"file://{tree[0]}/alias.png", "imageUrl", SourceCache(roots=roots))
    assert (via_url == 7).all()


def test_an_outside_image_is_answered_as_a_missing_one(tree, roots):
    inside, outside = tree
    existing, missing = outside / "secret.png", outside / "missing.png"
    assert image_error(str(existing), roots) == f"cannot find imageUrl file '{existing}'"
    assert image_error(str(missing), roots) == f"cannot find imageUrl file '{missing}'"
    # without roots the same existing file is read, the missing one fails alike
    assert (read_image(str(existing), "imageUrl", SourceCache()) == 7).all()
    assert image_error(str(missing), UNCONFINED) == f"cannot find imageUrl file '{missing}'"


def test_symlink_escape_dotdot_and_file_url_are_refused_without_naming_the_target(tree, roots):
    inside, outside = tree
    link = f"cannot find imageUrl file '{inside}/escape.png'"
    assert image_error(str(inside / "escape.png"), roots) == link
    secret = f"cannot find imageUrl file '{outside}/secret.png'"
    assert image_error(f"{inside}/../outside/secret.png", roots) == secret
    assert image_error(f"file://{outside}/secret.png", roots) == secret
    assert image_error(f"file:{outside}/secret.png", roots) == secret
    assert image_error(f"file://{inside}/escape.png", roots) == link


def test_an_outside_mask_url_is_answered_as_a_missing_mask(tree, roots):
    inside, outside = tree
    message = f"cannot find maskUrl file '{outside}/secret.png'"
    assert image_error(f"file://{outside}/secret.png", roots, "maskUrl") == message
    with pytest.raises(BadRequest) as raised:
        validate_image_and_mask({"imageUrl": str(inside / "in.png"), "maskUrl": f"file://{outside}/secret.png"},
                                roots)
    assert raised.value.message == message
    validate_image_and_mask({"imageUrl": str(inside / "in.png"), "maskUrl": str(inside / "alias.png")}, roots)


def test_validation_of_a_plain_path_shows_the_link_not_its_target(tree, roots):
    """A string without ':' is made canonical (Utils.java:395-400); outside the roots it is shown as the
    absolute path given, so the message reveals no link target."""
    inside, _ = tree
    with pytest.raises(BadRequest) as raised:
        validate_image_and_mask({"imageUrl": str(inside / "escape.png")}, roots)
    assert raised.value.message == f"cannot find imageUrl file '{inside}/escape.png'"
    with pytest.raises(BadRequest) as unconfined:
        validate_image_and_mask({"imageUrl": str(inside / "escape.png"), "maskUrl": "/no/such/mask.png"})
    assert unconfined.value.message == "cannot find maskUrl file '/no/such/mask.png'"   # the image passed


def test_match_trial_canvases_read_only_inside_the_roots(tree, roots):
    inside, outside = tree
    params = {"width": 5, "height": 4, "tileSpecs": [
        {"tileId": "t", "z": 1.0, "width": 5, "height": 4, "mipmapLevels": {"0": {"imageUrl": None}},
         "transforms": {"type": "list", "specList": []}}]}
    level = params["tileSpecs"][0]["mipmapLevels"]["0"]
    level["imageUrl"] = str(inside / "in.png")
    assert match_trial._rendered(params, roots).alpha.shape == (4, 5)
    level["imageUrl"] = str(outside / "secret.png")
    with pytest.raises(BadRequest) as raised:
        match_trial._rendered(params, roots)
    assert raised.value.message == f"cannot find imageUrl file '{outside}/secret.png'"


def test_mipmap_path_builder_files_outside_the_roots_count_as_missing(tree, roots):
    """MipmapPathBuilder uses a derived level only when its file exists; outside the roots it does not."""
    inside, outside = tree
    source = f"{inside}/in.png"
    for base in (inside, outside):
        (base / "1" / inside.relative_to("/")).mkdir(parents=True)
        save_png(f"{base}/1{source}.png")
    entry = {"imageUrl": source}
    for base, expected in ((inside, 1), (outside, 0)):
        builder = {"rootPath": f"{base}/", "numberOfLevels": 1, "extension": "png"}
        level, _ = _derived_entry(builder, entry, 0, 1, roots)
        assert level == expected
    assert _derived_entry({"rootPath": f"{outside}/", "numberOfLevels": 1, "extension": "png"},
                          entry, 0, 1)[0] == 1   # without roots, as render-ws


def test_materialized_boxes_outside_the_roots_are_rendered_instead(tree, roots):
    inside, outside = tree
    for base in (inside, outside):
        save_png(base / "0.png")
    assert _materialized_file({"currentVersion": {"materializedBoxRootPath": str(inside)}}, roots, "0.png") \
        == os.path.realpath(inside / "0.png")
    assert _materialized_file({"currentVersion": {"materializedBoxRootPath": str(outside)}}, roots, "0.png") \
        is None
    assert _materialized_file({"currentVersion": {"materializedBoxRootPath": str(outside)}}, UNCONFINED,
                              "0.png") == str(outside / "0.png")


def test_layout_paths_outside_the_roots_reveal_no_link_target_or_directory(tree, roots):
    inside, outside = tree
    assert _image_file_path(str(inside / "escape.png"), roots) == f"{inside}/escape.png"
    assert _image_file_path(str(outside), roots) == str(outside)              # no directory slash
    assert _image_file_path(str(outside)) == f"{os.path.realpath(outside)}/"   # render-ws's canonical URI
    assert _image_file_path(str(inside / "alias.png"), roots) == os.path.realpath(inside / "in.png")


# ============================================================================ tileSpecUrl
def test_tile_spec_url_outside_the_roots_fails_as_a_missing_file(tree, roots):
    """RenderParameters.java:900-906: an unreadable tileSpecUrl is 'failed to load tile specification from
    <url>'; outside the roots the answer is the same whether the file exists or not."""
    inside, outside = tree
    specs = json.dumps([{"tileId": "t", "mipmapLevels": {"0": {"imageUrl": str(inside / "in.png")}}}])
    (inside / "specs.json").write_text(specs)
    (outside / "specs.json").write_text(specs)

    def answer(url, with_roots=roots):
        return validation.validate_render_parameters_json(json.dumps({"tileSpecUrl": url}), with_roots)

    for url in (f"file:{outside}/specs.json", f"file://{outside}/specs.json", f"{outside}/specs.json",
                f"{inside}/../outside/specs.json"):
        refused = answer(url)
        missing = answer(url.replace("specs.json", "missing.json"))
        assert refused.status == 400 == missing.status
        assert f"failed to load tile specification from file:{outside}/specs.json" in refused.text
        assert refused.text == missing.text.replace("missing.json", "specs.json")
    accepted = answer(f"file:{inside}/specs.json")
    assert accepted.status == 200, accepted.text
    assert answer(f"file:{outside}/specs.json", UNCONFINED).status == 200


def test_tile_validation_json_refuses_outside_images_like_missing_ones(tree, roots):
    inside, outside = tree
    tile = {"tileId": "t", "mipmapLevels": {"0": {"imageUrl": f"file://{outside}/secret.png"}}}
    refused = validation.validate_tile_json(json.dumps(tile), roots)
    assert refused.status == 400
    assert refused.text.endswith(f"Specific error is: cannot find imageUrl file '{outside}/secret.png'\n")
    assert validation.validate_tile_json(json.dumps(tile)).status == 200
    single = "org.janelia.alignment.spec.TileSpec instance"
    array = f"array of {single}s"
    refused_array = validation.validate_tile_array_json(json.dumps([tile]), roots)
    assert refused_array.text == refused.text.replace(single, array)
