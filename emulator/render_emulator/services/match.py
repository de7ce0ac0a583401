"""render-ws MatchService / MatchDao: point-match collections, their pairs and the pair queries.

A collection exists once a pair was saved into it and until it is deleted or renamed (selective
deletes can leave it empty). Pair documents are stored normalised (see ``match_body``); list reads
answer a JSON array text sorted by (pGroupId, qGroupId, pId, qId), built from the store's ready-made
pair texts, and combine ``mergeCollection`` collections as MatchDao does (pairs with the same ids
are concatenated in collection order).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from render_emulator.errors import BadRequest, NotFound, ServerError
from render_emulator.model import read
from render_emulator.model.matches import MATCH_COLLECTION_ID
from render_emulator.naming import (
    FIELD_SEPARATOR,
    match_collection_name,
    validate_match_collection_id,
)
from render_emulator.services.match_body import NO_MATCHES
from render_emulator.services.pair_order import normalized_ids
from render_emulator.store import RenderStore, match_queries
from render_emulator.store.match_pairs import KEY_FIELD, MatchPairCollection, encode_pair

# MongoDB's error for $size over a pair saved without matches (PUT matchCounts)
SIZE_OF_MISSING_W = (
    "Command failed with error 17124 (Location17124): 'The argument to $size must be an array. "
    "Type of argument is missing'"
)
# the MongoDB Java driver refuses an empty bulk write (PUT matchCounts for a group without pairs)
EMPTY_BULK_WRITE = "state should be: writes is not an empty list"


@dataclass(frozen=True)
class MatchCollectionId:
    owner: str
    name: str

    def __str__(self) -> str:
        # MatchCollectionId.toString
        return f"match collection with owner '{self.owner}', and name '{self.name}'"

    def to_json(self) -> dict:
        return {"owner": self.owner, "name": self.name}


def make_collection_id(owner: str, name: str) -> MatchCollectionId:
    """Validate names as render-ws's MatchCollectionId constructor does (400)."""
    validate_match_collection_id(owner, name)
    return MatchCollectionId(owner, name)


def make_collection_ids(owner: str, names: Iterable[str]) -> list[MatchCollectionId]:
    """The ``mergeCollection`` ids (same owner), validated."""
    return [make_collection_id(owner, name) for name in names]


# ============================================================================ collections
def _collection(store: RenderStore, collection_id: MatchCollectionId) -> MatchPairCollection:
    return store.match_collection(collection_id.owner, collection_id.name)


def _existing(store: RenderStore, collection_id: MatchCollectionId) -> MatchPairCollection:
    coll = _collection(store, collection_id)
    if not coll.exists():
        name = match_collection_name(collection_id.owner, collection_id.name)
        raise NotFound(f"match collection '{name}' does not exist")
    return coll


def _stored_collection_ids(store: RenderStore) -> list[MatchCollectionId]:
    """Ids of every stored collection (MatchCollectionId.fromDbCollectionName), sorted."""
    ids = []
    for db_name in store.match_collection_names():
        fields = db_name.split(FIELD_SEPARATOR)
        if len(fields) != 2:
            raise BadRequest(f"invalid match collection name '{db_name}'")
        # a collection renamed to an invalid name breaks every listing, as in render-ws
        ids.append(make_collection_id(*fields))
    return sorted(ids, key=lambda c: (c.owner, c.name))


def list_owners(store: RenderStore) -> list[str]:
    """GET matchCollectionOwners: owners of existing collections."""
    with store.transaction():
        return list(dict.fromkeys(c.owner for c in _stored_collection_ids(store)))


def list_collections(store: RenderStore, owner: str) -> list[dict]:
    """GET owner/{owner}/matchCollections: MatchCollectionMetaData of the owner's collections."""
    with store.transaction():
        return [
            {"collectionId": c.to_json(), "pairCount": _collection(store, c).count()}
            for c in _stored_collection_ids(store)
            if c.owner == owner
        ]


def delete_collection(store: RenderStore, collection_id: MatchCollectionId) -> None:
    """DELETE owner/{owner}/matchCollection/{c}: drop the collection (404 if it does not exist)."""
    with store.transaction():
        _existing(store, collection_id).drop()
        store.release_match_collection(collection_id.owner, collection_id.name)


def parse_collection_id(body: Any) -> dict | None:
    """The rename body (MatchCollectionId, deserialised without name validation)."""
    return read(MATCH_COLLECTION_ID, body)


def rename_collection(store: RenderStore, from_id: MatchCollectionId, target: dict | None) -> None:
    """PUT …/collectionId: move every pair to the target collection (owner may change)."""
    if target is None:
        raise BadRequest("toCollectionId value must be specified")
    for field in ("owner", "name"):
        if target.get(field) is None:
            # render-ws would create a collection named after the string "null": refuse instead
            raise BadRequest(
                f"invalid {field} 'null' specified, names may only contain alphanumeric or underscore '_' "
                "characters and may not contain consecutive underscores '_'"
            )
    to_id = MatchCollectionId(target["owner"], target["name"])
    with store.transaction():
        source = _collection(store, from_id)
        if not source.exists():
            raise NotFound(f"{from_id} does not exist")
        # render-ws deserialises the target without its name rules (MatchService.java:663-673); the emulator
        # applies them so that listing collections keeps working (README, Known differences)
        validate_match_collection_id(to_id.owner, to_id.name)
        target_coll = _collection(store, to_id)
        if target_coll.exists():
            raise BadRequest(f"{to_id} already exists")
        documents = list(source.all())
        target_coll.create()
        target_coll.upsert(documents)
        source.drop()
        store.release_match_collection(from_id.owner, from_id.name)


# ============================================================================ saving
def save_matches(store: RenderStore, collection_id: MatchCollectionId, pairs: list[dict] | None) -> None:
    """PUT …/matches: upsert normalised pairs (each replaces a stored pair with the same ids)."""
    if pairs is None:
        raise BadRequest(NO_MATCHES)
    if not pairs:
        return
    with store.transaction():
        coll = _collection(store, collection_id)
        coll.create()
        coll.upsert(pairs)


def update_match_counts(store: RenderStore, collection_id: MatchCollectionId, p_group_id: str) -> None:
    """PUT …/pGroup/{g}/matchCounts: rewrite ``matchCount`` = len(matches.w) for that pGroup."""
    with store.transaction():
        coll = _existing(store, collection_id)
        docs = coll.find_eq("pGroupId", p_group_id)
        if any("w" not in doc.get("matches", {}) for doc in docs):
            raise ServerError(SIZE_OF_MISSING_W)
        if not docs:
            raise BadRequest(EMPTY_BULK_WRITE)
        coll.upsert([dict(doc, matchCount=len(doc["matches"]["w"])) for doc in docs])


# ============================================================================ group ids
def distinct_group_ids(
    store: RenderStore, collection_id: MatchCollectionId, fields: tuple[str, ...]
) -> list[str]:
    """Sorted distinct values of ``pGroupId`` and/or ``qGroupId``."""
    with store.transaction():
        coll = _existing(store, collection_id)
        values: set[str] = set()
        for field in fields:
            values.update(coll.index_values(field))
        return sorted(values)


def multi_consensus_group_ids(
    store: RenderStore, collection_id: MatchCollectionId, include_q: bool
) -> list[str]:
    """Sorted distinct group ids of pairs with ``consensusSetData`` (p only, or p and q)."""
    with store.transaction():
        coll = _existing(store, collection_id)
        values = set()
        for doc in coll.with_consensus_set_data():
            values.add(doc["pGroupId"])
            if include_q:
                values.add(doc["qGroupId"])
        return sorted(values)


# ============================================================================ selections
Selection = Callable[[MatchPairCollection], list[dict]]


def with_p_group(group_id: str) -> Selection:
    """``pGroupId == g`` (pGroup/{g}/matches)."""
    return lambda coll: match_queries.get_matches_with_p_group(coll, group_id)


def within_group(group_id: str) -> Selection:
    """``pGroupId == g and qGroupId == g``."""
    return lambda coll: match_queries.get_matches_within_group(coll, group_id)


def outside_group(group_id: str) -> Selection:
    """Exactly one side in ``g``."""
    return lambda coll: match_queries.get_matches_outside_group(coll, group_id)


def between_groups(p_group_id: str, q_group_id: str) -> Selection:
    """The normalised group pair (either argument order)."""
    p_group_id, _, q_group_id, _, _ = normalized_ids(p_group_id, "", q_group_id, "")
    return lambda coll: match_queries.get_matches_between_groups(coll, p_group_id, q_group_id)


def tile_with_group(p_group_id: str, p_id: str, q_group_id: str) -> Selection:
    """Pairs of tile (pg, pid) with any tile of group qg, on either side."""
    return lambda coll: match_queries.get_matches_between_object_and_group(coll, p_group_id, p_id, q_group_id)


def tile_pair(p_group_id: str, p_id: str, q_group_id: str, q_id: str) -> Selection:
    """The one normalised tile pair."""
    ids = normalized_ids(p_group_id, p_id, q_group_id, q_id)[:4]
    return lambda coll: match_queries.get_matches_between_objects(coll, *ids)


def involving_tile(group_id: str, tile_id: str) -> Selection:
    """Pairs with tile (g, id) on either side."""
    return lambda coll: match_queries.get_matches_involving_object(coll, group_id, tile_id)


# ============================================================================ reads and deletes
def _sort_key(doc: dict) -> tuple[str, str, str, str]:
    return doc["pGroupId"], doc["qGroupId"], doc["pId"], doc["qId"]


def _json_array(texts: Iterable[str]) -> str:
    # render-ws streams one compact document per pair joined by ",\n"
    return "[" + ",\n".join(texts) + "]"


def read_pairs(
    store: RenderStore,
    collection_id: MatchCollectionId,
    select: Selection,
    merge_ids: Iterable[MatchCollectionId] = (),
    exclude_details: bool = False,
) -> str:
    """The selected pairs as render-ws's JSON array text (404 for a missing collection)."""
    with store.transaction():
        collections = _distinct_collections(store, collection_id, merge_ids)
        if len(collections) == 1:
            coll = collections[0]
            docs = sorted(select(coll), key=_sort_key)
            return _json_array(coll.pair_text(doc, not exclude_details) for doc in docs)
        return _json_array(
            encode_pair(doc) for doc in _merged(collections, select, exclude_details)
        )


def _distinct_collections(
    store: RenderStore, collection_id: MatchCollectionId, merge_ids: Iterable[MatchCollectionId]
) -> list[MatchPairCollection]:
    """The collection and the merge collections, duplicates (and the collection itself) dropped."""
    seen = {collection_id}
    collections = [_existing(store, collection_id)]
    for merge_id in merge_ids:
        if merge_id not in seen:
            seen.add(merge_id)
            collections.append(_existing(store, merge_id))
    return collections


def _merged(collections: list[MatchPairCollection], select: Selection, exclude_details: bool) -> list[dict]:
    """MatchDao.writeMergedMatches: pairs with equal ids concatenated (p, q, w) in collection order."""
    merged: dict[str, dict] = {}
    hidden = (KEY_FIELD, "matches") if exclude_details else (KEY_FIELD,)
    for coll in collections:
        for doc in select(coll):
            public = {k: v for k, v in doc.items() if k not in hidden}
            first = merged.get(doc[KEY_FIELD])
            if first is None:
                merged[doc[KEY_FIELD]] = public
            elif exclude_details:
                # CanvasMatches.append dereferences the omitted matches: render-ws fails mid-stream
                raise ServerError("java.lang.NullPointerException")
            else:
                merged[doc[KEY_FIELD]] = _appended(first, public)
    return sorted(merged.values(), key=_sort_key)


def _appended(first: dict, other: dict) -> dict:
    """CanvasMatches.append: concatenate p/q rows and w; matchCount follows w."""
    a, b = first.get("matches"), other.get("matches")
    if b is None:
        raise ServerError("java.lang.NullPointerException")
    if a is not None and (len(b["p"]) < len(a["p"]) or len(b["q"]) < len(a["q"])):
        raise ServerError(f"java.lang.ArrayIndexOutOfBoundsException: {min(len(b['p']), len(b['q']))}")
    if a is None:
        matches = {"p": b["p"], "q": b["q"], "w": b["w"]}
    else:
        matches = {
            "p": [x + y for x, y in zip(a["p"], b["p"][: len(a["p"])], strict=True)],
            "q": [x + y for x, y in zip(a["q"], b["q"][: len(a["q"])], strict=True)],
            "w": a["w"] + b["w"],
        }
    result = {k: v for k, v in first.items() if k not in ("matches", "matchCount")}
    result["matches"] = matches
    result["matchCount"] = len(matches["w"])
    return result


def delete_pairs(store: RenderStore, collection_id: MatchCollectionId, select: Selection) -> int:
    """Delete the selected pairs (404 for a missing collection); returns how many were deleted."""
    with store.transaction():
        coll = _existing(store, collection_id)
        return coll.delete([doc[KEY_FIELD] for doc in select(coll)])
