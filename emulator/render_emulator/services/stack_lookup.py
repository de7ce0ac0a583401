"""Shared stack look-ups and checks every stack-scoped service uses (messages as render-ws words them)."""

from __future__ import annotations

from render_emulator.errors import NotFound, ServerError
from render_emulator.naming import validate_stack_id
from render_emulator.store import RenderStore, StackId

LOADING, COMPLETE, READ_ONLY, OFFLINE = "LOADING", "COMPLETE", "READ_ONLY", "OFFLINE"
STATES = (LOADING, COMPLETE, READ_ONLY, OFFLINE)


def make_stack_id(owner: str, project: str, stack: str) -> StackId:
    """A validated StackId (400 for invalid names or over-long collection names)."""
    validate_stack_id(owner, project, stack)
    return StackId(owner, project, stack)


def stack_key(stack_id: StackId) -> str:
    """Key of the stack's metadata document in ``admin__stack_meta_data``."""
    return f"{stack_id.owner}__{stack_id.project}__{stack_id.stack}"


def stack_text(stack_id: StackId) -> str:
    """render-ws's ``StackId.toString()``, used inside many messages."""
    return (
        f"stack with owner '{stack_id.owner}', project '{stack_id.project}', and name "
        f"'{stack_id.stack}'"
    )


def stack_missing(stack_id: StackId) -> NotFound:
    return NotFound(f"{stack_text(stack_id)} does not exist")


def find_metadata(store: RenderStore, stack_id: StackId) -> dict | None:
    """The stored StackMetaData document (render-ws JSON plus ``_key``), or None."""
    return store.stack_meta_collection().get(stack_key(stack_id))


def require_metadata(store: RenderStore, stack_id: StackId) -> dict:
    """The stack's metadata; 404 when the stack does not exist ("metadata exists" check)."""
    meta = find_metadata(store, stack_id)
    if meta is None:
        raise stack_missing(stack_id)
    return meta


def require_data(store: RenderStore, stack_id: StackId) -> None:
    """404 unless the stack's tile collection exists ("data exists" check, render-ws §1.5)."""
    if not store.tile_collection(stack_id).exists():
        raise stack_missing(stack_id)


def require_loading_for_tile_save(meta: dict) -> None:
    """render-ws refuses to save resolved tiles unless the stack is LOADING (500)."""
    state = meta["state"]
    if state != LOADING:
        raise ServerError(
            "Resolved tiles can only be saved to stacks in the LOADING state, but this stack's state is "
            f"{state}."
        )


def require_not_read_only(meta: dict) -> None:
    """render-ws refuses to modify a READ_ONLY stack (500)."""
    if meta["state"] == READ_ONLY:
        raise ServerError(
            f"Data for stack {meta['stackId']['stack']} cannot be modified because it is READ_ONLY."
        )


def public_metadata(meta: dict) -> dict:
    """The metadata document as render-ws answers it (without store keys)."""
    return {k: v for k, v in meta.items() if not k.startswith("_")}
