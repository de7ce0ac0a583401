"""A ``with``-statement pool on pathos (optional dependency: importing this module needs ``pathos``)."""

from __future__ import annotations

from typing import Any

from pathos.multiprocessing import ProcessingPool as Pool


class PathosWithPool(Pool):
    """A pathos ProcessingPool that clears itself when its ``with`` block ends."""

    def __exit__(self, *args: Any, **kwargs: Any) -> None:
        self._clear()


WithPool = PathosWithPool

__all__ = ["PathosWithPool", "WithPool"]
