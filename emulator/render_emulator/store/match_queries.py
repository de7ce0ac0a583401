"""MatchDao's pair queries over one point-match collection (render-ws MatchDao.java).

Each function answers the documents MatchDao's query selects, unsorted; every query starts from the
collection's ``pGroupId`` / ``qGroupId`` indexes. Ids come in already normalised (CanvasMatches'
order, as MatchDao normalises them before it builds a query) where the query needs that.
"""

from __future__ import annotations

from collections.abc import Iterable

from render_emulator.store.indexed import IndexedCollection
from render_emulator.store.match_pairs import KEY_FIELD, pair_key


def _p_group(pairs: IndexedCollection, group_id: str) -> list[dict]:
    return pairs.find_eq("pGroupId", group_id)


def _q_group(pairs: IndexedCollection, group_id: str) -> list[dict]:
    return pairs.find_eq("qGroupId", group_id)


def _unique(docs: Iterable[dict]) -> list[dict]:
    return list({doc[KEY_FIELD]: doc for doc in docs}.values())


def get_matches_with_p_group(pairs: IndexedCollection, p_group_id: str) -> list[dict]:
    """``{pGroupId: g}`` (MatchDao.writeMatchesWithPGroup, MatchDao.java:127)."""
    return _p_group(pairs, p_group_id)


def get_matches_within_group(pairs: IndexedCollection, group_id: str) -> list[dict]:
    """``{pGroupId: g, qGroupId: g}`` (MatchDao.getMatchesWithinGroup, MatchDao.java:196)."""
    return [d for d in _p_group(pairs, group_id) if d["qGroupId"] == group_id]


def get_matches_outside_group(pairs: IndexedCollection, group_id: str) -> list[dict]:
    """Exactly one side in ``g`` (MatchDao.getOutsideGroupQuery, MatchDao.java:975)."""
    return [d for d in _p_group(pairs, group_id) if d["qGroupId"] != group_id] + [
        d for d in _q_group(pairs, group_id) if d["pGroupId"] != group_id
    ]


def get_matches_between_groups(pairs: IndexedCollection, p_group_id: str, q_group_id: str) -> list[dict]:
    """A normalised group pair (MatchDao.getNormalizedGroupIdQuery, MatchDao.java:690)."""
    return [d for d in _p_group(pairs, p_group_id) if d["qGroupId"] == q_group_id]


def get_matches_between_object_and_group(pairs: IndexedCollection, p_group_id: str, p_id: str,
                                         q_group_id: str) -> list[dict]:
    """Tile (pg, pid) with any tile of group qg, on either side
    (MatchDao.getInvolvingObjectAndGroupQuery, MatchDao.java:993)."""
    return _unique(
        [d for d in _p_group(pairs, p_group_id) if d["pId"] == p_id and d["qGroupId"] == q_group_id]
        + [d for d in _q_group(pairs, p_group_id) if d["qId"] == p_id and d["pGroupId"] == q_group_id]
    )


def get_matches_between_objects(pairs: IndexedCollection, p_group_id: str, p_id: str, q_group_id: str,
                                q_id: str) -> list[dict]:
    """The one normalised tile pair (MatchDao.getNormalizedIdQuery, MatchDao.java:699)."""
    doc = pairs.get(pair_key(p_group_id, p_id, q_group_id, q_id))
    return [] if doc is None else [doc]


def get_matches_involving_object(pairs: IndexedCollection, group_id: str, tile_id: str) -> list[dict]:
    """Pairs with tile (g, id) on either side (MatchDao.getInvolvingObjectQuery, MatchDao.java:984)."""
    return _unique(
        [d for d in _p_group(pairs, group_id) if d["pId"] == tile_id]
        + [d for d in _q_group(pairs, group_id) if d["qId"] == tile_id]
    )
