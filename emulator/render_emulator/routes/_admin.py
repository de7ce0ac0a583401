"""The emulator's own admin API under ``/render-emulator/v1`` (not a render-ws path): load, dump,
unload and reset whole datasets in mongoexport format, so a remote client can seed a running emulator.

* ``GET  info``    -> ``{"emulator": "render-emulator"}`` (tells an emulator from a real render-ws)
* ``POST load``    body: a tar archive (optionally gzip-compressed) of ``render/<collection>.json`` and
  ``match/<collection>.json`` -> 201 and the LoadedDataset JSON; 400 with the DatasetError message
* ``GET  dump``    -> a tar archive of every collection, as ``mongoexport --jsonArray`` writes them
* ``POST unload``  body: the JSON a load answered -> removes exactly those collections and stacks
* ``POST reset``   -> drops everything
"""

from __future__ import annotations

import io

from flask import Blueprint, Response, current_app, request

from render_emulator.context import EXCEPTIONS_KEY
from render_emulator.routes._http import current_store, json_response, text_response
from render_emulator.services.dataset import LoadedDataset, dump_dataset, load_dataset, unload_dataset
from render_emulator.store.mongo_export import DatasetError, read_tar, write_tar

ADMIN_PREFIX = "/render-emulator/v1"
TAR_MIMETYPE = "application/x-tar"

blueprint = Blueprint("render_emulator_admin", __name__)


@blueprint.get("/info")
def info():
    return json_response({"emulator": "render-emulator"})


@blueprint.post("/load")
def load():
    try:
        loaded = load_dataset(current_store(), read_tar(io.BytesIO(request.get_data()), "request body"))
    except DatasetError as error:
        return text_response(str(error), 400)
    return json_response(loaded.to_json(), 201)


@blueprint.get("/dump")
def dump():
    body = io.BytesIO()
    write_tar(body, dump_dataset(current_store()))
    return Response(
        body.getvalue(),
        mimetype=TAR_MIMETYPE,
        headers={"Content-Disposition": 'attachment; filename="render-emulator-dump.tar"'},
    )


@blueprint.post("/unload")
def unload():
    data = request.get_json(silent=True)
    try:
        loaded = LoadedDataset.from_json(data)
    except (AttributeError, KeyError, TypeError, ValueError):
        return text_response("expected the JSON answer of POST /render-emulator/v1/load", 400)
    unload_dataset(current_store(), loaded)
    return text_response("", 200)


@blueprint.post("/reset")
def reset():
    current_store().reset()
    current_app.extensions[EXCEPTIONS_KEY].clear()
    return text_response("", 200)
