"""Persistence for the emulator (the DAO): one RenderStore over a pymongo-compatible client.

``indexed.IndexedCollection`` is the collection interface; ``memory_collection`` (mongomock, cached)
and ``mongo_collection`` (pymongo queries) implement it; ``mongomock_adapter`` holds every use of
mongomock's internals; ``match_pairs`` specialises both backends for point-match pairs.
"""

from render_emulator.store.indexed import IndexedCollection, get_path
from render_emulator.store.memory_collection import MemoryCollection
from render_emulator.store.mongo_collection import MongoCollection
from render_emulator.store.render_store import RenderStore, StackId

__all__ = ["IndexedCollection", "MemoryCollection", "MongoCollection", "RenderStore", "StackId", "get_path"]
