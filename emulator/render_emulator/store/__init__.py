"""Persistence for the emulator: one RenderStore over a pymongo-compatible client."""

from render_emulator.store.indexed import IndexedCollection, get_path
from render_emulator.store.render_store import RenderStore, StackId

__all__ = ["IndexedCollection", "RenderStore", "StackId", "get_path"]
