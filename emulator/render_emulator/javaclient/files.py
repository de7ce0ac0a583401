"""JSON files as render's ``JsonUtils`` / ``FileUtil`` read and write them: ``.json`` plain, ``.gz`` gzipped,
``.zip`` a zip archive holding one JSON entry. Output is indented with null fields omitted."""

from __future__ import annotations

import gzip
import json
import os
import zipfile
from typing import Any

from render_emulator import fast_json
from render_emulator.javaclient.data_client import ClientError

# every digit folded to "0": bytes.find (C speed) then spots a run that may be an integer beyond 64 bits
_DIGITS_FOLDED = bytes.maketrans(b"0123456789", b"0000000000")
_LONG_DIGIT_RUN = b"0" * 19


def read_json(path: str) -> Any:
    """The JSON value stored in ``path`` (ClientError when it is missing or not JSON)."""
    return json_value(read_bytes(path), path)


def read_bytes(path: str) -> bytes:
    """The JSON text stored in ``path``, uncompressed (ClientError when it cannot be read)."""
    try:
        return _read_bytes(path)
    except (OSError, ValueError, zipfile.BadZipFile) as error:
        raise ClientError(f"failed to read {path}: {error}") from None


def json_value(raw: bytes, path: str) -> Any:
    """The JSON value of ``raw``, the text read from ``path`` (ClientError when it is not JSON)."""
    try:
        return _decoded(raw)
    except ValueError as error:
        raise ClientError(f"failed to read {path}: {error}") from None


def _read_bytes(path: str) -> bytes:
    if path.endswith(".gz"):
        with gzip.open(path, "rb") as handle:
            return handle.read()
    if path.endswith(".zip"):
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if not n.endswith("/")]
            if not names:
                raise ClientError(f"{path} holds no entry")
            with archive.open(names[0]) as handle:
                return handle.read()
    with open(path, "rb") as handle:
        return handle.read()


def _decoded(raw: bytes) -> Any:
    """``json.loads`` of the UTF-8 text, read with orjson (about 4x faster on tile spec files) wherever it
    gives the same values: orjson refuses what it reads differently (see :mod:`render_emulator.fast_json`)
    except integers beyond 64 bits, which it reads as floats; texts with a run of 19+ digits go to json."""
    if _LONG_DIGIT_RUN not in raw.translate(_DIGITS_FOLDED):
        value = fast_json.loads(raw)
        if value is not fast_json.NOT_DECODED:
            return value
    # as a text-mode open() + json.load read it: UTF-8 with universal newlines
    return json.loads(raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n"))


def without_nulls(value: Any) -> Any:
    """``value`` with every null object field dropped (Jackson NON_NULL)."""
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(v) for v in value]
    return value


def write_json(path: str, value: Any) -> None:
    """Write ``value`` indented (nulls omitted) to ``path``, compressed by its extension."""
    text = json.dumps(without_nulls(value), indent=2)
    try:
        if path.endswith(".gz"):
            with gzip.open(path, "wt", encoding="utf-8") as handle:
                handle.write(text)
        elif path.endswith(".zip"):
            entry = os.path.basename(path)[:-len(".zip")] or "data.json"
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.writestr(entry, text)
        else:
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(text)
    except OSError as error:
        raise ClientError(f"failed to write {path}: {error}") from None
