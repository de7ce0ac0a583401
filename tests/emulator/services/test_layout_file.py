"""Layout-file raw paths as TileSpecLayout.getRawPath writes them (ImageAndMask.getImageFilePath)."""

from __future__ import annotations

import os

import pytest

from render_emulator.services.layout_file import _image_file_path


@pytest.mark.parametrize(("url", "expected"), [
    ("file:///d/x.png", "/d/x.png"),
    ("file:/d/x.png", "/d/x.png"),
    ("file:d/x.png", "file:d/x.png"),               # FILE_NAME_PATTERN needs a '/' (ImageAndMask.java:219)
    ("http://h/file://x.png", "http://h//x.png"),   # replaceFirst finds the pattern anywhere (:106-107)
    ("s3://bucket/x.png", "s3://bucket/x.png"),
])
def test_urls_lose_only_their_first_file_scheme(url, expected):
    assert _image_file_path(url) == expected


def test_plain_paths_become_canonical_file_uris(tmp_path, monkeypatch):
    """Utils.convertPathOrUriStringToUri (Utils.java:395-400): a string without ':' is a path made canonical
    (File.getCanonicalFile resolves '..' and symbolic links) and written by File.toURI, which percent-encodes
    a space and ends an existing directory with '/'."""
    (tmp_path / "real dir").mkdir()
    os.symlink(tmp_path / "real dir", tmp_path / "link")
    monkeypatch.chdir(tmp_path)
    root = os.path.realpath(tmp_path)
    assert _image_file_path("link/../real dir/x.png") == f"{root}/real%20dir/x.png"
    assert _image_file_path("link/ü#1.png") == f"{root}/real%20dir/ü%231.png"
    assert _image_file_path(str(tmp_path / "link")) == f"{root}/real%20dir/"
