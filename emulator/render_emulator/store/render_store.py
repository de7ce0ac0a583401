"""RenderStore: every read and write of emulator data goes through here.

Layout mirrors render-ws's MongoDB: database ``render`` holds ``admin__stack_meta_data`` and, per
stack, ``{owner}__{project}__{stack}__tile`` / ``__transform`` / ``__section``; database ``match``
holds one collection ``{owner}__{collection}`` per match collection.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import NamedTuple

import mongomock

from render_emulator.store import mongomock_adapter, tile_queries
from render_emulator.store.indexed import IndexedCollection
from render_emulator.store.match_pairs import MatchPairCollection, MongoMatchPairCollection
from render_emulator.store.memory_collection import MemoryCollection
from render_emulator.store.mongo_collection import MongoCollection

STACK_META_COLLECTION = "admin__stack_meta_data"
TILE_INDEX_FIELDS = ("z", "layout.sectionId", "groupId")


class StackId(NamedTuple):
    owner: str
    project: str
    stack: str

    def collection_name(self, suffix: str) -> str:
        return f"{self.owner}__{self.project}__{self.stack}__{suffix}"

    def to_json(self) -> dict:
        return {"owner": self.owner, "project": self.project, "stack": self.stack}


class RenderStore:
    """All emulator state. mongomock (in memory) by default; a real MongoDB when ``mongo_url`` is given.

    The collection backend is chosen once here: ``MemoryCollection`` for a mongomock client, else
    ``MongoCollection`` (``cached=False`` forces the query backend on mongomock, for tests)."""

    def __init__(self, mongo_url: str | None = None, client=None, cached: bool | None = None):
        if client is None:
            if mongo_url:
                import pymongo

                client = pymongo.MongoClient(mongo_url)
            else:
                client = mongomock.MongoClient()
        self.client = client
        self.mongo_url = mongo_url
        self.cached = mongomock_adapter.is_mongomock(client) if cached is None else cached
        self._collection_type: type[IndexedCollection] = MemoryCollection if self.cached else MongoCollection
        self._pair_collection_type = MatchPairCollection if self.cached else MongoMatchPairCollection
        self.render_db = client["render"]
        self.match_db = client["match"]
        # one re-entrant lock serialises compound operations (check state, then write) under the
        # threaded server; mongomock itself is not safe for concurrent writers
        self.lock = threading.RLock()
        self._collections: dict[tuple[str, str], IndexedCollection] = {}

    @contextmanager
    def transaction(self):
        """Hold the store lock for a compound read-check-write operation."""
        with self.lock:
            yield self

    # ------------------------------------------------------------------ collections
    def _indexed(self, db, name: str, key_field: str, index_fields=()) -> IndexedCollection:
        return self._cached_handle(db, name, lambda: self._collection_type(db[name], key_field, index_fields))

    def _cached_handle(self, db, name: str, build):
        """The one handle on collection ``name`` of ``db``, built by ``build()`` on first use."""
        cache_key = (db.name, name)
        coll = self._collections.get(cache_key)
        if coll is None:
            with self.lock:  # two request threads must not each build (and cache) their own copy
                coll = self._collections.get(cache_key)
                if coll is None:
                    coll = build()
                    self._collections[cache_key] = coll
        return coll

    def stack_meta_collection(self) -> IndexedCollection:
        """Stack metadata documents keyed by ``_key`` = ``owner__project__stack``."""
        return self._indexed(self.render_db, STACK_META_COLLECTION, "_key", ("stackId.owner",))

    def tile_collection(self, stack_id: StackId) -> IndexedCollection:
        return self._indexed(self.render_db, stack_id.collection_name("tile"), "tileId", TILE_INDEX_FIELDS)

    def transform_collection(self, stack_id: StackId) -> IndexedCollection:
        return self._indexed(self.render_db, stack_id.collection_name("transform"), "id")

    def section_collection(self, stack_id: StackId) -> IndexedCollection:
        """The sectionData snapshot written by the last COMPLETE, keyed by ``_key`` = sectionId + z."""
        return self._indexed(self.render_db, stack_id.collection_name("section"), "_key", ("z",))

    def match_collection(self, owner: str, name: str) -> MatchPairCollection | MongoMatchPairCollection:
        """Point-match pairs of one collection, keyed by ``_key`` (see ``match_pairs.pair_key``)."""
        name = f"{owner}__{name}"
        db = self.match_db
        return self._cached_handle(db, name, lambda: self._pair_collection_type(db[name]))

    def release_stack(self, stack_id: StackId) -> None:
        """Forget the (dropped) tile, transform and section collections of a deleted or renamed stack."""
        for suffix in ("tile", "transform", "section"):
            self._release(self.render_db, stack_id.collection_name(suffix))

    def release_match_collection(self, owner: str, name: str) -> None:
        """Forget a (dropped) match collection."""
        self._release(self.match_db, f"{owner}__{name}")

    def _release(self, db, name: str) -> None:
        """Drop every handle on a dropped collection, so a long-lived server stays as fast as a new one.

        mongomock keeps a store and a Collection object for every name ever used, even after a drop, and
        lists collection names by scanning them all; 10,000 stacks created and deleted made each new
        stack ~7x slower. There is no public mongomock call to forget a name, hence the private maps."""
        with self.lock:
            coll = self._collections.get((db.name, name))
            if coll is not None and coll.exists():
                return   # written again since the drop: still in use
            self._collections.pop((db.name, name), None)
            if mongomock_adapter.is_mongomock(db):
                mongomock_adapter.forget_collection(db, name)

    def match_collection_names(self) -> list[str]:
        return [n for n in self.match_db.list_collection_names() if "__" in n]

    def collection_names(self, database: str) -> list[str]:
        """Names of the existing collections of database ``render`` or ``match``, sorted."""
        db = self.client[database]
        names = set(db.list_collection_names())
        with self.lock:
            known = [(name, coll) for (db_name, name), coll in self._collections.items()
                     if db_name == database]
        for name, coll in known:
            if coll.exists():
                names.add(name)
            else:
                names.discard(name)
        return sorted(names)

    def drop_collection(self, database: str, name: str) -> None:
        """Drop one collection of database ``render`` or ``match`` (and the store's view of it)."""
        with self.lock:
            coll = self._collections.pop((database, name), None)
            if coll is not None:
                coll.drop()
            self.client[database].drop_collection(name)
    # ------------------------------------------------------------------ RenderDao tile queries
    def get_z_values(self, stack_id: StackId, min_z: float | None = None,
                     max_z: float | None = None) -> list[float]:
        """RenderDao.getZValues (RenderDao.java:699-712): distinct tile z values in range, ascending."""
        return tile_queries.get_z_values(self.tile_collection(stack_id), min_z, max_z)

    def get_tile_specs_for_z(self, stack_id: StackId, z: float) -> list[dict]:
        """Stored tiles whose z equals ``z`` exactly, by tileId."""
        return tile_queries.get_tile_specs_for_z(self.tile_collection(stack_id), z)

    def get_tile_specs_with_ids(self, stack_id: StackId, tile_ids: list[str]) -> list[dict]:
        """The stored tiles among ``tile_ids`` (RenderDao.getTileSpecs), by tileId."""
        return tile_queries.get_tile_specs_with_ids(self.tile_collection(stack_id), tile_ids)

    def get_tile_bounds_tiles_for_z(self, stack_id: StackId, z: float) -> list[dict]:
        """The tiles RenderDao.getTileBoundsForZ reads, in record order."""
        return tile_queries.get_tile_specs_for_tile_bounds(self.tile_collection(stack_id), "z", z)

    def get_tile_bounds_tiles_for_section(self, stack_id: StackId, section_id: str) -> list[dict]:
        """The tiles RenderDao.getTileBoundsForSection reads, in record order."""
        return tile_queries.get_tile_specs_for_tile_bounds(self.tile_collection(stack_id), "layout.sectionId",
                                                           section_id)

    def remove_tiles_with_z(self, stack_id: StackId, z: float) -> int:
        """RenderDao.removeTilesWithZ: delete the tiles at ``z``; how many were deleted."""
        return tile_queries.remove_tiles_with(self.tile_collection(stack_id), "z", z)

    def remove_tiles_with_section_id(self, stack_id: StackId, section_id: str) -> int:
        """RenderDao.removeTilesWithSectionId: delete the section's tiles; how many were deleted."""
        return tile_queries.remove_tiles_with(self.tile_collection(stack_id), "layout.sectionId", section_id)

    def update_z_for_section(self, stack_id: StackId, section_id: str, z: float) -> None:
        """RenderDao.updateZForSection: move every tile of the section to ``z``."""
        tile_queries.update_z_for_section(self.tile_collection(stack_id), section_id, z)

    def get_tile_specs_in_z_range(self, stack_id: StackId, min_z: float | None,
                                  max_z: float | None) -> list[dict]:
        """Tiles with ``minZ <= z <= maxZ`` (``minZ == maxZ`` means exactly that z), unsorted."""
        return tile_queries.get_tile_specs_in_z_range(self.tile_collection(stack_id), min_z, max_z)

    def get_tile_specs_in_box(self, stack_id: StackId, z: float, x: float, y: float, width: float,
                              height: float, group_id: str | None = None) -> list[dict]:
        """Tiles at ``z`` (and ``groupId``) intersecting the box, by tileId; 400 past 50,001 tiles."""
        return tile_queries.get_tile_specs_in_box(self.tile_collection(stack_id), z, x, y, width, height,
                                                  group_id)

    def get_group_tile_specs(self, stack_id: StackId, min_z: float | None, max_z: float | None,
                             group_id: str | None, min_x: float | None, max_x: float | None,
                             min_y: float | None, max_y: float | None) -> list[dict]:
        """The tiles of RenderDao.getResolvedTiles' group query, unsorted."""
        return tile_queries.get_group_tile_specs(self.tile_collection(stack_id), min_z, max_z, group_id,
                                                 min_x, max_x, min_y, max_y)

    # ------------------------------------------------------------------ match trials
    # MatchDao keeps match trials in match.aaa_match_trial under MongoDB ObjectIds (MatchDao.java:44, 525-574)
    MATCH_TRIAL_COLLECTION = "aaa_match_trial"

    def insert_match_trial(self, document: dict) -> str:
        """Store a match trial document; its new ObjectId as 24 hex digits."""
        with self.lock:
            return str(self.match_db[self.MATCH_TRIAL_COLLECTION].insert_one(dict(document)).inserted_id)

    def find_match_trial(self, trial_id: str) -> dict | None:
        """The stored trial document (without ``_id``) of a valid ObjectId text, None when absent."""
        with self.lock:
            found = self.match_db[self.MATCH_TRIAL_COLLECTION].find_one({"_id": mongomock.ObjectId(trial_id)})
        return None if found is None else {k: v for k, v in found.items() if k != "_id"}

    def delete_match_trial(self, trial_id: str) -> None:
        with self.lock:
            self.match_db[self.MATCH_TRIAL_COLLECTION].delete_one({"_id": mongomock.ObjectId(trial_id)})

    # ------------------------------------------------------------------ maintenance
    def reset(self) -> None:
        """Drop every collection of both databases (a clean server)."""
        with self.lock:
            for coll in self._collections.values():
                coll.drop()
            self._collections.clear()
            for db in (self.render_db, self.match_db):
                for name in db.list_collection_names():
                    db.drop_collection(name)
