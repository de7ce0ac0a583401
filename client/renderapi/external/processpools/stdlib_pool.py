"""``with``-statement pools built on the standard library."""

from __future__ import annotations

from multiprocessing.pool import Pool, ThreadPool
from typing import Any


class WithThreadPool(ThreadPool):
    """A ThreadPool that closes and joins when its ``with`` block ends."""

    def __enter__(self) -> WithThreadPool:
        return self

    def __exit__(self, *args: Any, **kwargs: Any) -> None:
        self.close()
        self.join()


class WithDummyMapPool:
    """A serial stand-in for a pool: ``map`` is the builtin ``map``, evaluated to a list."""

    @staticmethod
    def map(*args: Any, **kwargs: Any) -> list:
        return list(map(*args, **kwargs))

    def __init__(self, *args: Any, **kwargs: Any):
        pass

    def __enter__(self) -> WithDummyMapPool:
        return self

    def __exit__(self, *args: Any, **kwargs: Any) -> None:
        pass


class WithMultiprocessingPool(Pool):
    """A multiprocessing Pool that closes and joins (instead of terminating) when its ``with`` block ends.

    >>> with WithMultiprocessingPool(4) as pool:
    ...     results = pool.map(func, inputs)
    """

    def __enter__(self) -> WithMultiprocessingPool:
        return self

    def __exit__(self, *args: Any, **kwargs: Any) -> None:
        self.close()
        self.join()


__all__ = ["WithThreadPool", "WithDummyMapPool", "WithMultiprocessingPool"]
