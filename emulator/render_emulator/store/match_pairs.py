"""The pair documents of one point-match collection, with each pair's JSON text kept ready.

render-ws stores one CanvasMatches document per (normalised) tile pair in ``match.{owner}__{name}``.
Here every document also carries ``_key`` (the four ids as a JSON array, see :func:`pair_key`) and is
indexed by ``pGroupId`` and ``qGroupId``, which every render-ws match query starts from.

Match documents are large (a 50-point pair holds 250 doubles) and read far more often than written,
so in cached mode the JSON text of each pair, as render-ws writes it (with and without the ``matches``
object), is encoded once when the pair is stored and reused by every read. The ``matches`` object
(nearly all of the text) is encoded with orjson where that gives :mod:`json`'s very text
(:func:`render_emulator.fast_json.dumps_numbers`), so answers keep Python's number text.
"""

from __future__ import annotations

import json
from typing import Any

from render_emulator.fast_json import dumps_numbers
from render_emulator.store.indexed import IndexedCollection

KEY_FIELD = "_key"
INDEX_FIELDS = ("pGroupId", "qGroupId")
DETAILS_FIELD = "matches"


def pair_key(p_group_id: str, p_id: str, q_group_id: str, q_id: str) -> str:
    """The store key of a normalised pair (unambiguous for any id strings)."""
    return json.dumps([p_group_id, p_id, q_group_id, q_id], ensure_ascii=False)


def _compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def encode_pair(doc: dict, details: bool = True) -> str:
    """A pair document as render-ws writes it: stored field order, no ``_key``, compact."""
    public = {k: v for k, v in doc.items() if k != KEY_FIELD and (details or k != DETAILS_FIELD)}
    matches_text = dumps_numbers(public[DETAILS_FIELD]) if DETAILS_FIELD in public else None
    if matches_text is None:
        return _compact(public)
    # the fields around ``matches`` as json writes them, spliced around orjson's text of ``matches``
    keys = list(public)
    at = keys.index(DETAILS_FIELD)
    before = _compact({k: public[k] for k in keys[:at]})[:-1]
    after = _compact({k: public[k] for k in keys[at + 1:]})[1:]
    return (f"{before}{',' if at else ''}\"{DETAILS_FIELD}\":{matches_text}"
            f"{',' if at < len(keys) - 1 else ''}{after}")


class MatchPairCollection(IndexedCollection):
    """One match collection: pair documents keyed by ``_key``, indexed by group ids."""

    def __init__(self, collection, cached: bool = True):
        # the texts must exist before the base class loads (and indexes) stored documents
        self._texts: dict[str, tuple[str, str]] = {}
        super().__init__(collection, KEY_FIELD, INDEX_FIELDS, cached=cached)

    def pair_text(self, doc: dict, details: bool = True) -> str:
        """The JSON text of a stored pair document, with or without its ``matches`` object."""
        texts = self._texts.get(doc[KEY_FIELD]) if self.cached else None
        if texts is None:
            return encode_pair(doc, details)
        return texts[0] if details else texts[1]

    def with_consensus_set_data(self) -> list[dict]:
        """Pairs that carry ``consensusSetData``."""
        if self.cached:
            return [doc for doc in self._docs.values() if "consensusSetData" in doc]
        return self.find({"consensusSetData": {"$exists": True}})

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
