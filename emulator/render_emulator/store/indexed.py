"""The collection interface of the store: one MongoDB collection keyed by one unique field, with
equality indexes on a few declared fields.

Two backends implement it, chosen once by :class:`~render_emulator.store.render_store.RenderStore`:
``memory_collection.MemoryCollection`` (mongomock, served from an in-process cache) and
``mongo_collection.MongoCollection`` (plain queries on a real MongoDB through pymongo).

Documents returned by the read methods may be the stored objects: treat them as read-only.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from typing import Any

MISSING = object()


def get_path(doc: dict, dotted: str, default: Any = None) -> Any:
    """Value of a dotted field path (``layout.sectionId``) in ``doc``, or ``default``."""
    value: Any = doc
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            return default
        value = value[part]
    return value


class IndexedCollection(ABC):
    """One collection keyed by ``key_field`` with equality indexes on ``index_fields``."""

    #: True when reads are served from an in-process copy (stored documents keep their identity)
    cached: bool = False

    def __init__(self, collection, key_field: str, index_fields: Iterable[str] = ()):
        self.collection = collection
        self.key_field = key_field
        self.index_fields = tuple(index_fields)

    # ------------------------------------------------------------------ lifecycle
    @abstractmethod
    def exists(self) -> bool:
        """True once the collection was created (or written) and not dropped since."""

    @abstractmethod
    def create(self) -> None:
        """Create the (empty) collection and its indexes, as render-ws does when a stack is created."""

    @abstractmethod
    def drop(self) -> None:
        """Drop the collection and every document in it."""

    # ------------------------------------------------------------------ reads
    @abstractmethod
    def count(self) -> int:
        """Number of stored documents."""

    @abstractmethod
    def get(self, key: Any) -> dict | None:
        """The document with this key, or None."""

    @abstractmethod
    def keys(self) -> list:
        """Every stored key."""

    @abstractmethod
    def all(self) -> Iterator[dict]:
        """Every stored document."""

    @abstractmethod
    def json_text(self, doc: dict) -> str:
        """Compact JSON of ``doc`` (backends may remember it for stored documents)."""

    @abstractmethod
    def is_stored(self, doc: dict) -> bool:
        """True when ``doc`` is the very document object this collection holds (cached backends)."""

    @abstractmethod
    def find_eq(self, field: str, value: Any) -> list[dict]:
        """Documents whose ``field`` (the key or an indexed field) equals ``value``."""

    @abstractmethod
    def in_record_order(self, docs: list[dict]) -> list[dict]:
        """``docs`` in MongoDB's record order (the order documents with equal index keys come back in)."""

    @abstractmethod
    def index_values(self, field: str) -> list:
        """Distinct values of an indexed field (unsorted); documents lacking the field are skipped."""

    @abstractmethod
    def find(self, query: dict) -> list[dict]:
        """Documents matching a general MongoDB query."""

    # ------------------------------------------------------------------ writes
    @abstractmethod
    def upsert(self, docs: Iterable[dict]) -> None:
        """Insert or fully replace documents by their key field."""

    @abstractmethod
    def delete(self, keys: Iterable[Any]) -> int:
        """Delete documents by key; returns how many existed."""

    @abstractmethod
    def set_field(self, keys: Iterable[Any], field: str, value: Any) -> None:
        """Set a top-level field on the documents with the given keys."""

    @abstractmethod
    def replace_all(self, documents: Iterable[tuple[Any, dict]]) -> None:
        """Drop the collection and store ``(object_id, document)`` pairs (a new ObjectId for None), as
        ``mongoimport --drop`` does; keys must be unique (the caller checks)."""

    @abstractmethod
    def documents_with_ids(self) -> list[tuple[Any, dict]]:
        """Every document with its MongoDB ``_id``, in storage order."""
