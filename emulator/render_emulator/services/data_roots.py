"""``--data-root``: the directories the server may read client-named local files from (images, masks,
``tileSpecUrl`` documents, materialized boxes, mipmap files).

render-ws reads any local path a tile spec names, with the server's permissions. With data roots a path
counts only when its canonical form (symlinks and ``..`` resolved, ``os.path.realpath``) lies inside one of
them; a path outside every root is answered exactly as a missing file at that place, so the answer never
tells whether something exists there. Without data roots every path counts, as in render-ws.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass


class DataRootError(ValueError):
    """A ``--data-root`` that is not an existing directory."""


@dataclass(frozen=True)
class DataRoots:
    """Canonical root directories; empty means no confinement (render-ws's behaviour)."""

    directories: tuple[str, ...] = ()

    @classmethod
    def of(cls, directories: Iterable[str | os.PathLike[str]] | None) -> DataRoots:
        """Roots from user-given directories (each must exist; 'DataRootError' otherwise)."""
        canonical = []
        for directory in directories or ():
            resolved = os.path.realpath(os.fspath(directory))
            if not os.path.isdir(resolved):
                raise DataRootError(f"--data-root {os.fspath(directory)!r} is not a directory")
            canonical.append(resolved)
        return cls(tuple(dict.fromkeys(canonical)))

    @property
    def confined(self) -> bool:
        return bool(self.directories)

    def contains(self, canonical_path: str) -> bool:
        """True when the canonical path is a root or lies below one."""
        return any(canonical_path == root or canonical_path.startswith(root.rstrip(os.sep) + os.sep)
                   for root in self.directories)

    def readable_path(self, path: str) -> str | None:
        """The path to open for ``path``: ``path`` itself without roots; its canonical form when that lies
        inside a root (opening the resolved path leaves no symlink to swap afterwards); None when it lies
        outside every root, to be answered as a missing file."""
        if not self.confined:
            return path
        canonical = os.path.realpath(path)
        return canonical if self.contains(canonical) else None

    def canonical_text(self, path: str) -> str:
        """``File.getCanonicalPath`` as an answer may show it: the resolved path inside a root (or without
        roots); outside every root the absolute path as if nothing (no symlink) were there, so the answer
        reveals no link target."""
        canonical = os.path.realpath(path)
        if not self.confined or self.contains(canonical):
            return canonical
        return os.path.abspath(path)


UNCONFINED = DataRoots()
