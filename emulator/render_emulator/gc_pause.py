"""Pausing CPython's cyclic garbage collector around bulk work that creates only acyclic data (JSON bodies,
stored documents, loaded datasets).

``collector_paused`` wraps one block of bulk work: decoding a large JSON body allocates millions of lists
and dicts, and each allocation burst triggers collections that rescan every stored document (a 10,000-pair
PUT matches spent about half of its decode time there; a 100k-tile dataset load a third) and find nothing.

``BulkWriteGcPause`` keeps full collections from stalling other requests while a big body is stored.

Measured: during a 40,000-pair PUT matches, generation-2 collections (each scanning every object of the
growing store) held the interpreter for 0.5-2.5 s each, and ``GET /owners`` waited that long. Bodies over
``min_bytes`` are therefore handled with automatic collection paused; afterwards the surviving objects
(the stored documents, plain acyclic JSON data) are moved to the permanent generation with ``gc.freeze()``
so later full collections no longer scan them. Reference counting still frees temporaries at once.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# 64 KiB (~150 tile specs): render-python's bodies of a few thousand tiles (~0.4 KB each) stayed under the
# former 1 MiB, so collections ran during them; the 100k-tile ingest benchmark (2,000 tiles per PUT) parsed
# its bodies 3-4x slower than json.loads with collection off, and ran ~25% faster overall with this value
BULK_BODY_BYTES = 64 * 1024


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with the cyclic collector off (restored afterwards if it was on); reference counting
    still frees everything as usual meanwhile."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class BulkWriteGcPause:
    """WSGI middleware: automatic GC off while requests with bodies over ``min_bytes`` run."""

    def __init__(self, wsgi_app, min_bytes: int = BULK_BODY_BYTES):
        self.wsgi_app = wsgi_app
        self.min_bytes = min_bytes
        self._lock = threading.Lock()
        self._active = 0
        self._paused_here = False

    def _enter(self) -> None:
        with self._lock:
            self._active += 1
            if self._active == 1 and gc.isenabled():
                gc.disable()
                self._paused_here = True

    def _leave(self) -> None:
        with self._lock:
            self._active -= 1
            if self._active == 0 and self._paused_here:
                self._paused_here = False
                gc.freeze()
                gc.enable()

    def __call__(self, environ, start_response):
        length = environ.get("CONTENT_LENGTH") or ""
        if not (length.isdigit() and int(length) >= self.min_bytes):
            return self.wsgi_app(environ, start_response)
        self._enter()
        try:
            # the answers of bulk writes are short: produce them before collection resumes
            return list(self.wsgi_app(environ, start_response))
        finally:
            self._leave()
