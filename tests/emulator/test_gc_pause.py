"""BulkWriteGcPause: no full garbage collection stalls other requests while a big body is stored."""

import gc

from render_emulator.gc_pause import BulkWriteGcPause


def recording_app(seen: list):
    def app(environ, start_response):
        seen.append(gc.isenabled())
        start_response("201 Created", [])
        return [b""]
    return app


def call(app, length: int) -> list:
    return list(app({"CONTENT_LENGTH": str(length), "REQUEST_METHOD": "PUT"}, lambda *args: None))


def test_collection_is_paused_during_a_big_body_and_resumes_after():
    seen: list[bool] = []
    app = BulkWriteGcPause(recording_app(seen), min_bytes=1000)
    assert gc.isenabled()
    frozen_before = gc.get_freeze_count()
    kept = [{"doc": i} for i in range(100)]          # survives the request, as stored documents do
    call(app, 5000)
    call(app, 10)
    assert seen == [False, True]
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen_before + len(kept)
    gc.unfreeze()


def test_collection_stays_off_while_an_overlapping_big_request_runs():
    states: list[bool] = []
    inner = BulkWriteGcPause(recording_app(states), min_bytes=1000)
    inner._enter()                                   # another big request is still being handled
    call(inner, 5000)
    assert states == [False] and not gc.isenabled()
    inner._leave()
    assert gc.isenabled()
    gc.unfreeze()
