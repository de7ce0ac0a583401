"""The pair documents of one point-match collection, with each pair's JSON text kept ready.

render-ws stores one CanvasMatches document per (normalised) tile pair in ``match.{owner}__{name}``.
Here every document also carries ``_key`` (the four ids as a JSON array, see :func:`pair_key`) and is
indexed by ``pGroupId`` and ``qGroupId``, which every render-ws match query starts from.

Match documents are large (a 50-point pair holds 250 doubles) and read far more often than written,
so in the memory backend the JSON text of each pair, as render-ws writes it (with and without the ``matches``
object), is encoded once when the pair is stored and reused by every read.
"""

from __future__ import annotations

import json
from typing import Any

from render_emulator.store.memory_collection import MemoryCollection
from render_emulator.store.mongo_collection import MongoCollection

KEY_FIELD = "_key"
INDEX_FIELDS = ("pGroupId", "qGroupId")
DETAILS_FIELD = "matches"


def pair_key(p_group_id: str, p_id: str, q_group_id: str, q_id: str) -> str:
    """The store key of a normalised pair (unambiguous for any id strings)."""
    return json.dumps([p_group_id, p_id, q_group_id, q_id], ensure_ascii=False)


def encode_pair(doc: dict, details: bool = True) -> str:
    """A pair document as render-ws writes it: stored field order, no ``_key``, compact."""
    public = {k: v for k, v in doc.items() if k != KEY_FIELD and (details or k != DETAILS_FIELD)}
    return json.dumps(public, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


class MatchPairCollection(MemoryCollection):
    """One match collection (memory backend): pair documents keyed by ``_key``, indexed by group ids."""

    def __init__(self, collection):
        # the texts must exist before the base class loads (and indexes) stored documents
        self._texts: dict[str, tuple[str, str]] = {}
        super().__init__(collection, KEY_FIELD, INDEX_FIELDS)

    def pair_text(self, doc: dict, details: bool = True) -> str:
        """The JSON text of a stored pair document, with or without its ``matches`` object."""
        texts = self._texts.get(doc[KEY_FIELD])
        if texts is None:
            return encode_pair(doc, details)
        return texts[0] if details else texts[1]

    def with_consensus_set_data(self) -> list[dict]:
        """Pairs that carry ``consensusSetData``."""
        return [doc for doc in list(self._docs.values()) if "consensusSetData" in doc]

    def drop(self) -> None:
        super().drop()
        self._texts.clear()

    # the base class calls these for every document it adds or removes (load, upsert, delete, set_field)
    def _add_to_indexes(self, key: Any, doc: dict) -> None:
        super()._add_to_indexes(key, doc)
        self._texts[key] = (encode_pair(doc, True), encode_pair(doc, False))

    def _remove_from_indexes(self, key: Any, doc: dict) -> None:
        super()._remove_from_indexes(key, doc)
        self._texts.pop(key, None)


class MongoMatchPairCollection(MongoCollection):
    """One match collection (MongoDB backend): the same methods as plain queries."""

    def __init__(self, collection):
        super().__init__(collection, KEY_FIELD, INDEX_FIELDS)

    def pair_text(self, doc: dict, details: bool = True) -> str:
        """The JSON text of a pair document, with or without its ``matches`` object."""
        return encode_pair(doc, details)

    def with_consensus_set_data(self) -> list[dict]:
        """Pairs that carry ``consensusSetData``."""
        return self.find({"consensusSetData": {"$exists": True}})
