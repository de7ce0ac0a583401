"""Point matches: render-ws match collections (owner + name, independent of stacks) and match dicts.

A match ("CanvasMatches") is a dict ``{"pGroupId", "pId", "qGroupId", "qId", "matches": {"p", "q",
"w"}}`` (plus ``matchCount`` written by the server and optional ``consensusSetData``); ``p`` and ``q``
are dimension-major (``[[x0, x1, ...], [y0, y1, ...]]``) and ``w`` holds one weight per point. The
``owner`` of every function is the *match* owner (default: the Render object's owner). Server
errors (for example 404 for an unknown collection) raise :class:`renderapi.errors.RenderError`.
"""

from __future__ import annotations

import logging
from typing import Any

import requests

from ._fast_json import dumps_request_body
from .render import format_baseurl, renderaccess
from .utils import NullHandler, get_json, put_encoded_json, rest_delete

logger = logging.getLogger(__name__)
logger.addHandler(NullHandler())


def _collection_url(host, port, owner, matchCollection) -> str:
    return f"{format_baseurl(host, port)}/owner/{owner}/matchCollection/{matchCollection}"


# ---------------------------------------------------------------------------- match dict helpers
def copy_match_explicit(match: dict) -> dict:
    """A copy of ``match`` whose point lists (``p``/``q`` rows and ``w``) are new lists."""
    copied = dict(match)
    matches = match["matches"]
    copied["matches"] = {
        "p": [row[:] for row in matches["p"]],
        "q": [row[:] for row in matches["q"]],
        "w": matches["w"][:],
    }
    return copied


def copy_matches_explicit(matches: list[dict]) -> list[dict]:
    """:func:`copy_match_explicit` of every match."""
    return [copy_match_explicit(match) for match in matches]


def swap_matchpair(match: dict, copy: bool = True) -> dict:
    """A new match dict seen from the other side: p and q ids, groups and point lists exchanged
    (``w`` kept); the input is never modified.

    With ``copy`` (default) the point lists are copied too; otherwise the new dict shares the
    input's ``p``/``q``/``w`` lists (a shallow swap, as render-python does).
    """
    points = match["matches"]
    swapped_fields = {
        "pId": match["qId"], "qId": match["pId"],
        "pGroupId": match["qGroupId"], "qGroupId": match["pGroupId"],
        "matches": {"p": points["q"], "q": points["p"], "w": points["w"]},
    }
    swapped = {key: swapped_fields.get(key, value) for key, value in match.items()}
    return copy_match_explicit(swapped) if copy else swapped


def add_merge_collections(request_url: str, mcs: Any) -> str:
    """``request_url`` with ``?mergeCollection=a&mergeCollection=b...`` when ``mcs`` is a list."""
    if mcs is not None and type(mcs) is list:
        request_url += "?" + "&".join(f"mergeCollection={mc}" for mc in mcs)
    return request_url


# ---------------------------------------------------------------------------- collections
@renderaccess
def get_matchcollection_owners(host=None, port=None, session=None, render=None, **kwargs) -> list[str]:
    """Owners of all match collections."""
    return get_json(session, f"{format_baseurl(host, port)}/matchCollectionOwners")


@renderaccess
def get_matchcollections(owner=None, host=None, port=None, session=None, render=None, **kwargs) -> list[dict]:
    """Metadata ``{"collectionId": {"owner", "name"}, "pairCount"}`` of ``owner``'s collections."""
    return get_json(session, f"{format_baseurl(host, port)}/owner/{owner}/matchCollections")


@renderaccess
def get_match_groupIds(
    matchCollection, owner=None, host=None, port=None, session=None, render=None, **kwargs
) -> list[str]:
    """Every p and q groupId of the collection (sorted)."""
    return get_json(session, _collection_url(host, port, owner, matchCollection) + "/groupIds")


@renderaccess
def get_match_groupIds_from_only(
    matchCollection, mergeCollections=None, render=None, owner=None, host=None, port=None, session=None,
    **kwargs,
) -> list[str]:
    """The pGroupIds of the collection (the server ignores ``mergeCollections`` here)."""
    request_url = _collection_url(host, port, owner, matchCollection) + "/pGroupIds"
    return get_json(session, add_merge_collections(request_url, mergeCollections))


@renderaccess
def get_match_groupIds_to_only(
    matchCollection, mergeCollections=None, render=None, owner=None, host=None, port=None, session=None,
    **kwargs,
) -> list[str]:
    """The qGroupIds of the collection (the server ignores ``mergeCollections`` here)."""
    request_url = _collection_url(host, port, owner, matchCollection) + "/qGroupIds"
    return get_json(session, add_merge_collections(request_url, mergeCollections))


@renderaccess
def import_matches(
    matchCollection, data, owner=None, host=None, port=None, session=None, render=None, **kwargs
) -> requests.Response:
    """Save a list of matches; a stored pair with the same ids is replaced. Returns the response.

    The list goes out in one request as in render-python, encoded with orjson where that sends the
    same JSON values (render-python: ``json.dumps``; see ``renderapi._fast_json``).
    """
    request_url = _collection_url(host, port, owner, matchCollection) + "/matches"
    logger.debug(request_url)
    payload = None if data is None else dumps_request_body(data)
    return put_encoded_json(session, request_url, data, payload)


@renderaccess
def delete_collection(
    matchCollection, owner=None, host=None, port=None, session=None, render=None, **kwargs
) -> None:
    """Delete the whole match collection."""
    rest_delete(session, _collection_url(host, port, owner, matchCollection))


@renderaccess
def delete_point_matches_between_groups(
    matchCollection, pGroupId, qGroupId, render=None, owner=None, host=None, port=None, session=None,
    **kwargs,
) -> None:
    """Delete every pair between the two groups (either order)."""
    request_url = _collection_url(host, port, owner, matchCollection) + (
        f"/group/{pGroupId}/matchesWith/{qGroupId}"
    )
    rest_delete(session, request_url)


# ---------------------------------------------------------------------------- match queries
def _get_matches(request_url: str, mergeCollections, session, stream: bool = False) -> list[dict]:
    return get_json(session, add_merge_collections(request_url, mergeCollections), stream=stream)


@renderaccess
def get_matches_outside_group(
    matchCollection, groupId, mergeCollections=None, stream=True, owner=None, host=None, port=None,
    session=None, render=None, **kwargs,
) -> list[dict]:
    """Pairs with exactly one side in ``groupId`` (either p or q side)."""
    request_url = _collection_url(host, port, owner, matchCollection) + (
        f"/group/{groupId}/matchesOutsideGroup"
    )
    return _get_matches(request_url, mergeCollections, session, stream)


@renderaccess
def get_matches_within_group(
    matchCollection, groupId, mergeCollections=None, stream=True, owner=None, host=None, port=None,
    session=None, render=None, **kwargs,
) -> list[dict]:
    """Pairs with both sides in ``groupId``."""
    request_url = _collection_url(host, port, owner, matchCollection) + f"/group/{groupId}/matchesWithinGroup"
    return _get_matches(request_url, mergeCollections, session, stream)


@renderaccess
def get_matches_from_group_to_group(
    matchCollection, pgroup, qgroup, mergeCollections=None, stream=True, render=None, owner=None, host=None,
    port=None, session=None, **kwargs,
) -> list[dict]:
    """Pairs between ``pgroup`` and ``qgroup`` (either orientation)."""
    request_url = _collection_url(host, port, owner, matchCollection) + (
        f"/group/{pgroup}/matchesWith/{qgroup}"
    )
    return _get_matches(request_url, mergeCollections, session, stream)


@renderaccess
def get_matches_from_tile_to_tile(
    matchCollection, pgroup, pid, qgroup, qid, mergeCollections=None, render=None, owner=None, host=None,
    port=None, session=None, **kwargs,
) -> list[dict]:
    """The pair between two tiles (either orientation): a list of 0 or 1 match."""
    request_url = _collection_url(host, port, owner, matchCollection) + (
        f"/group/{pgroup}/id/{pid}/matchesWith/{qgroup}/id/{qid}"
    )
    return _get_matches(request_url, mergeCollections, session)


@renderaccess
def get_matches_with_group(
    matchCollection, pgroup, mergeCollections=None, stream=True, render=None, owner=None, host=None,
    port=None, session=None, **kwargs,
) -> list[dict]:
    """Pairs whose pGroupId is ``pgroup`` (the q side is not searched)."""
    request_url = _collection_url(host, port, owner, matchCollection) + f"/pGroup/{pgroup}/matches/"
    return _get_matches(request_url, mergeCollections, session, stream)


@renderaccess
def get_matches_involving_tile(
    matchCollection, groupId, id, mergeCollections=None, stream=True, owner=None, host=None, port=None,
    session=None, **kwargs,
) -> list[dict]:
    """Pairs with tile (``groupId``, ``id``) on either side."""
    request_url = _collection_url(host, port, owner, matchCollection) + f"/group/{groupId}/id/{id}/"
    return _get_matches(request_url, mergeCollections, session, stream)
