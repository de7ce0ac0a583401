"""The pair documents of one point-match collection, with each pair's JSON text kept ready.

render-ws stores one CanvasMatches document per (normalised) tile pair in ``match.{owner}__{name}``.
Here every document also carries ``_key`` (the four ids as a JSON array, see :func:`pair_key`) and is
indexed by ``pGroupId`` and ``qGroupId``, which every render-ws match query starts from.

Match documents are large (a 50-point pair holds 250 doubles) and read far more often than written,
so in the memory backend the JSON text of each pair, as render-ws writes it (with and without the ``matches``
object), is encoded once when the pair is stored and reused by every read; the stored document's
``matches`` is then a :class:`PackedMatches` over that text, so the points are held once, as text.
The ``matches`` object (nearly all of the text) is encoded with orjson where that gives :mod:`json`'s
very text (:func:`render_emulator.fast_json.dumps_numbers`), so answers keep Python's number text.
"""

from __future__ import annotations

import json
from typing import Any

from render_emulator.fast_json import dumps_numbers, reads_back_exactly
from render_emulator.store.memory_collection import MemoryCollection
from render_emulator.store.mongo_collection import MongoCollection
from render_emulator.store.packed_matches import PackedMatches

KEY_FIELD = "_key"
INDEX_FIELDS = ("pGroupId", "qGroupId")
DETAILS_FIELD = "matches"


def pair_key(p_group_id: str, p_id: str, q_group_id: str, q_id: str) -> str:
    """The store key of a normalised pair (unambiguous for any id strings)."""
    return json.dumps([p_group_id, p_id, q_group_id, q_id], ensure_ascii=False)


def _compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def pair_texts(doc: dict) -> tuple[str, str, tuple[int, int] | None]:
    """A pair document as render-ws writes it (stored field order, no ``_key``, compact), with and
    without ``matches``, and where the ``matches`` text lies in the first when it is orjson's text
    when decoding that slice with orjson gives back the very values (None otherwise).

    The ``matches`` text comes from orjson where that equals json's text
    (:func:`render_emulator.fast_json.dumps_numbers`) or from a :class:`PackedMatches` as it is; the
    fields around it are written by json and spliced around it.
    """
    public = {k: v for k, v in doc.items() if k != KEY_FIELD}
    if DETAILS_FIELD not in public:
        text = _compact(public)
        return text, text, None
    keys = list(public)
    at = keys.index(DETAILS_FIELD)
    matches = public[DETAILS_FIELD]
    matches_text = matches.text if isinstance(matches, PackedMatches) else dumps_numbers(matches)
    trusted = matches_text is not None
    if not trusted:
        matches_text = _compact(matches)
        trusted = reads_back_exactly(matches)
    before = _compact({k: public[k] for k in keys[:at]})
    after = _compact({k: public[k] for k in keys[at + 1:]})
    if at == 0:
        light = after
    elif at == len(keys) - 1:
        light = before
    else:
        light = f"{before[:-1]},{after[1:]}"
    prefix = f"{before[:-1]}{',' if at else ''}\"{DETAILS_FIELD}\":"
    suffix = f"{',' if at < len(keys) - 1 else ''}{after[1:]}"
    full = prefix + matches_text + suffix
    return full, light, (len(prefix), len(prefix) + len(matches_text)) if trusted else None


def encode_pair(doc: dict, details: bool = True) -> str:
    """A pair document as render-ws writes it: stored field order, no ``_key``, compact."""
    full, light, _ = pair_texts(doc)
    return full if details else light


class MatchPairCollection(MemoryCollection):
    """One match collection (memory backend): pair documents keyed by ``_key``, indexed by group ids."""

    def __init__(self, collection):
        # the texts must exist before the base class loads (and indexes) stored documents
        self._texts: dict[str, tuple[str, str]] = {}
        # texts made while packing an upsert's documents: key -> (packed document, full text, light text)
        self._packed_texts: dict[str, tuple[dict, str, str]] = {}
        super().__init__(collection, KEY_FIELD, INDEX_FIELDS)

    def upsert(self, docs) -> None:
        """Insert or replace pair documents, each stored with its ``matches`` packed
        (see :mod:`render_emulator.store.packed_matches`)."""
        try:
            super().upsert([self._packed(doc) for doc in docs])
        finally:
            self._packed_texts.clear()

    def _packed(self, doc: dict) -> dict:
        """``doc`` with its ``matches`` as a PackedMatches over the pair's answer text (``doc`` itself
        when its ``matches`` text is not orjson's)."""
        full, light, span = pair_texts(doc)
        if span is not None:
            doc = dict(doc)
            doc[DETAILS_FIELD] = PackedMatches(full, *span)
        self._packed_texts[doc[KEY_FIELD]] = (doc, full, light)
        return doc

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
        packed = self._packed_texts.pop(key, None)
        if packed is not None and packed[0] is doc:
            self._texts[key] = packed[1:]   # the very text the PackedMatches slices: held once
        else:
            full, light, _ = pair_texts(doc)
            self._texts[key] = (full, light)

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
