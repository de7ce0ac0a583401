"""JSON files as render's ``JsonUtils`` / ``FileUtil`` read and write them: ``.json`` plain, ``.gz`` gzipped,
``.zip`` a zip archive holding one JSON entry. Output is indented with null fields omitted."""

from __future__ import annotations

import gzip
import io
import json
import os
import zipfile
from typing import Any

from render_emulator.javaclient.data_client import ClientError


def read_json(path: str) -> Any:
    """The JSON value stored in ``path`` (ClientError when it is missing or not JSON)."""
    try:
        if path.endswith(".gz"):
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                return json.load(handle)
        if path.endswith(".zip"):
            with zipfile.ZipFile(path) as archive:
                names = [n for n in archive.namelist() if not n.endswith("/")]
                if not names:
                    raise ClientError(f"{path} holds no entry")
                with archive.open(names[0]) as handle:
                    return json.load(io.TextIOWrapper(handle, encoding="utf-8"))
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError, zipfile.BadZipFile) as error:
        raise ClientError(f"failed to read {path}: {error}") from None


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
