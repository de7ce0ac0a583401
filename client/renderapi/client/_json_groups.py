"""Groups of renderapi objects handed to a process pool as their JSON text, encoded on demand."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, overload

from ..utils import renderdumps


class JsonGroups(Sequence):
    """The :func:`renderapi.utils.renderdumps` text of each group, encoded when an item is read.

    ``multiprocessing.Pool.map`` keeps a sequence (it has a length) and its task thread reads the items
    one at a time while the workers run, so encoding overlaps with the imports already started; a text
    pickles to a worker at the cost of a copy, where a group of TileSpec objects costs more to pickle and
    unpickle than to encode. Any pool's ``map`` (a serial or thread pool) reads it as a list of texts.
    """

    def __init__(self, groups: Sequence[Any]):
        self._groups = groups

    def __len__(self) -> int:
        return len(self._groups)

    def __iter__(self) -> Iterator[str]:
        # not Sequence's IndexError-driven loop: an IndexError raised while encoding must not end the groups
        return (renderdumps(group) for group in self._groups)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [renderdumps(group) for group in self._groups[index]]
        return renderdumps(self._groups[index])
