"""Dataset files in mongoexport / mongoimport format: ``DIR/render/<collection>.json`` and
``DIR/match/<collection>.json``, one file per collection, named as render-ws names its collections.

A file is a JSON array (``mongoexport --jsonArray``, as render-ws's test fixtures are) or a stream of
documents (one per line, as plain ``mongoexport`` writes them), in MongoDB Extended JSON v2, relaxed or
canonical (:mod:`render_emulator.store.extended_json`). This module only reads and writes such files;
what a document must hold is decided by the services that load them into a store.
"""

from __future__ import annotations

import io
import json
import re
import tarfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from mongomock import ObjectId

from render_emulator.store.extended_json import DECODER, ExtendedJsonError, encode_relaxed

RENDER_DB, MATCH_DB = "render", "match"
DATABASES = (RENDER_DB, MATCH_DB)
FILE_SUFFIX = ".json"
_WHITESPACE = re.compile(r"[ \t\n\r]*")


class DatasetError(ValueError):
    """A dataset render-ws could not read: names the file and, where known, the document and field."""

    def __init__(self, source: str, reason: str, index: int | None = None, field: str | None = None):
        where = source
        if index is not None:
            where += f", document {index}"
        if field is not None:
            where += f", field '{field}'"
        super().__init__(f"{where}: {reason}")
        self.source, self.reason, self.index, self.field = source, reason, index, field


@dataclass(frozen=True)
class CollectionFile:
    """The text of one collection's file; ``source`` names it in messages (``render/x__tile.json``)."""

    database: str
    collection: str
    source: str
    text: str


def _collection_of(relative: str) -> tuple[str, str] | None:
    """(database, collection) of a dataset member path ``render/<name>.json``; None for other paths."""
    parts = relative.split("/")
    if len(parts) != 2 or parts[0] not in DATABASES or not parts[1].endswith(FILE_SUFFIX):
        return None
    name = parts[1][: -len(FILE_SUFFIX)]
    return (parts[0], name) if name else None


def _decode_text(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DatasetError(source, f"not UTF-8 text ({exc})") from None


def read_directory(directory: str | Path) -> list[CollectionFile]:
    """The collection files of a dataset directory (``render/*.json``, ``match/*.json``)."""
    root = Path(directory)
    if not root.is_dir():
        raise DatasetError(str(root), "not a directory")
    files = []
    for database in DATABASES:
        folder = root / database
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.name.startswith(".") or not path.is_file():
                continue
            source = f"{database}/{path.name}"
            if not path.name.endswith(FILE_SUFFIX):
                raise DatasetError(
                    str(root / source), f"not a collection file (expected <collection>{FILE_SUFFIX})"
                )
            files.append(
                CollectionFile(
                    database,
                    path.name[: -len(FILE_SUFFIX)],
                    str(root / source),
                    _decode_text(path.read_bytes(), str(root / source)),
                )
            )
    if not files and not any((root / database).is_dir() for database in DATABASES):
        raise DatasetError(str(root), "holds neither a render/ nor a match/ directory")
    return files


def read_tar(stream: IO[bytes], label: str = "archive") -> list[CollectionFile]:
    """The collection files of a tar archive (optionally compressed) laid out as a dataset directory."""
    try:
        archive = tarfile.open(fileobj=stream, mode="r:*")
    except tarfile.TarError as exc:
        raise DatasetError(label, f"not a tar archive ({exc})") from None
    files = []
    with archive:
        for member in archive:
            name = member.name.removeprefix("./")
            if not member.isfile() or name.rsplit("/", 1)[-1].startswith("."):
                continue
            found = _collection_of(name)
            if found is None:
                raise DatasetError(
                    f"{label}:{name}",
                    "not a collection file (expected render/<collection>.json or match/<collection>.json)",
                )
            data = archive.extractfile(member).read()
            files.append(CollectionFile(found[0], found[1], f"{label}:{name}", _decode_text(data, name)))
    return files


def parse_documents(file: CollectionFile) -> list[dict]:
    """The documents of one file: a JSON array or a stream of JSON documents."""
    text = file.text.removeprefix("\ufeff")
    try:
        documents = _parse_plain(text)
    except (json.JSONDecodeError, ValueError):
        documents = None
    if documents is not None:
        wrappers = text.count('"$')
        # the fast path only unwraps top-level {"_id": {"$oid": ...}} (what mongoexport writes on every
        # document); any other "$ (a type wrapper, or "$ inside a string) takes the exact path
        if wrappers == 0 or _unwrap_object_ids(documents) == wrappers:
            if all(isinstance(document, dict) for document in documents):
                return documents
    return _parse_exactly(file, text)


_PLAIN = json.JSONDecoder()


def _parse_plain(text: str) -> list | None:
    """Plain JSON documents (C decoder, no hooks); None when the text is neither an array nor a stream."""
    position = _WHITESPACE.match(text, 0).end()
    if text.startswith("[", position):
        documents = _PLAIN.decode(text)
        return documents if isinstance(documents, list) else None
    documents = []
    while position < len(text):
        document, position = _PLAIN.raw_decode(text, position)
        documents.append(document)
        position = _WHITESPACE.match(text, position).end()
    return documents


def _unwrap_object_ids(documents: list) -> int:
    """Turn top-level ``{"_id": {"$oid": hex}}`` into ObjectIds; returns how many were unwrapped."""
    unwrapped = 0
    for document in documents:
        if not isinstance(document, dict):
            continue
        key = document.get("_id")
        if isinstance(key, dict) and len(key) == 1 and "$oid" in key:
            try:
                document["_id"] = ObjectId(key["$oid"])
            except Exception:  # bson raises InvalidId or TypeError: the exact path reports it
                return -1
            unwrapped += 1
    return unwrapped


def _parse_exactly(file: CollectionFile, text: str) -> list[dict]:
    """Document by document with every Extended JSON wrapper: locates a refusal exactly."""
    position = _WHITESPACE.match(text, 0).end()
    documents: list[dict] = []
    in_array = text.startswith("[", position)
    if in_array:
        position = _WHITESPACE.match(text, position + 1).end()
        if text.startswith("]", position):
            return _expect_end(file, text, _WHITESPACE.match(text, position + 1).end(), documents)
    while position < len(text):
        index = len(documents)
        try:
            document, position = DECODER.raw_decode(text, position)
        except json.JSONDecodeError as exc:
            raise DatasetError(
                file.source, f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}", index
            ) from None
        except ExtendedJsonError as exc:
            raise DatasetError(file.source, str(exc), index) from None
        if not isinstance(document, dict):
            raise DatasetError(
                file.source, f"a document must be a JSON object, not {type(document).__name__}", index
            )
        documents.append(document)
        position = _WHITESPACE.match(text, position).end()
        if in_array:
            if text.startswith(",", position):
                position = _WHITESPACE.match(text, position + 1).end()
                continue
            if text.startswith("]", position):
                return _expect_end(file, text, _WHITESPACE.match(text, position + 1).end(), documents)
            raise DatasetError(
                file.source,
                f"invalid JSON at {_line_column(text, position)}: expected ',' or ']' after a document "
                "of the array",
                index,
            )
    if in_array:
        raise DatasetError(file.source, "invalid JSON: the array is not closed with ']'")
    return documents


def _expect_end(file: CollectionFile, text: str, position: int, documents: list[dict]) -> list[dict]:
    if position != len(text):
        raise DatasetError(
            file.source, f"invalid JSON at {_line_column(text, position)}: text after the array"
        )
    return documents


def _line_column(text: str, position: int) -> str:
    line = text.count("\n", 0, position) + 1
    return f"line {line} column {position - (text.rfind(chr(10), 0, position) + 1) + 1}"


# ---------------------------------------------------------------------------------------- writing
@dataclass(frozen=True)
class ExportedCollection:
    """One collection to write: its documents, each with the ``_id`` MongoDB gave it (or None)."""

    database: str
    collection: str
    documents: list[tuple[Any, dict]]

    @property
    def member_name(self) -> str:
        return f"{self.database}/{self.collection}{FILE_SUFFIX}"

    def text(self) -> str:
        """``mongoexport --jsonArray`` text: one compact relaxed document per line inside ``[...]``."""
        lines = [encode_relaxed(document, object_id) for object_id, document in self.documents]
        return "[" + ",\n".join(lines) + "]\n"


def write_directory(directory: str | Path, collections: Iterable[ExportedCollection]) -> list[Path]:
    """Write each collection as ``DIR/<database>/<collection>.json``; returns the paths written."""
    root = Path(directory)
    written = []
    for exported in collections:
        path = root / exported.member_name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(exported.text(), encoding="utf-8")
        written.append(path)
    return written


def write_tar(stream: IO[bytes], collections: Iterable[ExportedCollection]) -> None:
    """Write the collections as an (uncompressed) tar archive laid out as a dataset directory."""
    with tarfile.open(fileobj=stream, mode="w") as archive:
        for exported in collections:
            data = exported.text().encode("utf-8")
            info = tarfile.TarInfo(exported.member_name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
