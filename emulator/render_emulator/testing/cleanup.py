"""Removing what a test created on any render-ws, over plain HTTP (works on a real render-ws too)."""

from __future__ import annotations

import uuid
from urllib.parse import quote

from render_emulator.testing.server_handle import HTTP_TIMEOUT_S


def unique_name(prefix: str) -> str:
    """A render-ws-valid name that no other test uses (``prefix_<12 hex>``)."""
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


def _listing(session, url: str) -> list:
    response = session.get(url, timeout=HTTP_TIMEOUT_S)
    if response.status_code == 501:  # an emulator without this endpoint cannot hold such data
        return []
    response.raise_for_status()
    return response.json()


def cleanup_owner(base_url: str, owner: str, session=None) -> tuple[int, int]:
    """Delete every stack and match collection of ``owner`` over plain HTTP (works on real render-ws).

    READ_ONLY stacks are first set to COMPLETE (render-ws refuses to delete them). Returns the
    numbers of stacks and match collections deleted.
    """
    import requests

    own_session = session is None
    session = requests.Session() if own_session else session
    try:
        owner_url = f"{base_url}/owner/{quote(owner, safe='')}"
        stacks = _listing(session, f"{owner_url}/stacks")
        for metadata in stacks:
            stack_id = metadata["stackId"]
            stack_url = (
                f"{owner_url}/project/{quote(stack_id['project'], safe='')}"
                f"/stack/{quote(stack_id['stack'], safe='')}"
            )
            if metadata.get("state") == "READ_ONLY":
                session.put(f"{stack_url}/state/COMPLETE", timeout=HTTP_TIMEOUT_S).raise_for_status()
            session.delete(stack_url, timeout=HTTP_TIMEOUT_S).raise_for_status()
        collections = _listing(session, f"{owner_url}/matchCollections")
        for metadata in collections:
            name = quote(metadata["collectionId"]["name"], safe="")
            session.delete(f"{owner_url}/matchCollection/{name}", timeout=HTTP_TIMEOUT_S).raise_for_status()
        return len(stacks), len(collections)
    finally:
        if own_session:
            session.close()
