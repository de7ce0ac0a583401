"""Mapping points between tile-local and world coordinates through render-ws (``CoordinateService``).

Single points use GET (``z`` printed as an integer, ``x``/``y`` with six decimals, as render-python
2.4.2 does); batches PUT a JSON list of ``{"tileId", "local" | "world"}`` dicts to
``z/{z}/world-to-local-coordinates`` or ``z/{z}/local-to-world-coordinates``. The ``*_array``
helpers pack an ``N x 2`` array into such a batch and unpack the answer into an ``N x 2`` array.

The client-side variants (``doClientSide=True``, ``*_clientside``, ``map_coordinates_clientside``)
run the java ``CoordinateClient`` through :func:`renderapi.client.coordinateClient` on temporary JSON
files.
"""

from __future__ import annotations

import logging
import os
import tempfile

import numpy as np

from .client import coordinateClient
from .errors import RenderError
from .render import format_preamble, renderaccess
from .utils import NullHandler, get_json, renderdump, renderdumps

logger = logging.getLogger(__name__)
logger.addHandler(NullHandler())

_JSON_HEADERS = {"content-type": "application/json"}


# ----------------------------------------------------------------------------------- single points
@renderaccess
def world_to_local_coordinates(stack, z, x, y, host=None, port=None, owner=None, project=None,
                               session=None, render=None, **kwargs) -> list[dict]:
    """Every tile of section ``z`` containing world point ``(x, y)``, each with the point in its
    local coordinates (``[{"tileId", "local", ...}]``)."""
    request_url = (format_preamble(host, port, owner, project, stack)
                   + "/z/%d/world-to-local-coordinates/%f,%f" % (z, x, y))  # noqa: UP031 (%d/%f semantics)
    return get_json(session, request_url)


@renderaccess
def local_to_world_coordinates(stack, tileId, x, y, host=None, port=None, owner=None, project=None,
                               session=None, render=None, **kwargs) -> dict:
    """Local point ``(x, y)`` of tile ``tileId`` in world coordinates (``{"tileId", "world", ...}``)."""
    request_url = (format_preamble(host, port, owner, project, stack)
                   + "/tile/%s/local-to-world-coordinates/%f,%f" % (tileId, x, y))  # noqa: UP031 (%f semantics)
    return get_json(session, request_url)


# ------------------------------------------------------------------------------------------ batches
@renderaccess
def world_to_local_coordinates_batch(stack, d, z, host=None, port=None, owner=None, project=None,
                                     execute_local=False, session=None, render=None, **kwargs) -> list:
    """:func:`world_to_local_coordinates` for a list of ``{"world": [x, y], ...}`` dicts: one list of
    tile answers per point. ``execute_local=True`` raises NotImplementedError, as in render-python."""
    if execute_local is True:
        raise NotImplementedError("local execution not yet implemented")
    request_url = format_preamble(host, port, owner, project, stack) + f"/z/{z}/world-to-local-coordinates"
    response = session.put(request_url, data=renderdumps(d), headers=_JSON_HEADERS)
    return response.json()


@renderaccess
def local_to_world_coordinates_batch(stack, d, z, host=None, port=None, owner=None, project=None,
                                     session=None, render=None, **kwargs) -> list:
    """:func:`local_to_world_coordinates` for a list of ``{"tileId", "local": [x, y]}`` dicts; a
    non-JSON answer raises RenderError with the server's text."""
    request_url = format_preamble(host, port, owner, project, stack) + f"/z/{z}/local-to-world-coordinates"
    response = session.put(request_url, data=renderdumps(d), headers=_JSON_HEADERS)
    try:
        return response.json()
    except ValueError as e:
        logger.error(e)
        logger.error(response.text)
        raise RenderError(response.text) from None


# ------------------------------------------------------------------------------- array packaging
def package_point_match_data_into_json(dataarray, tileId, local_or_world="local") -> list[dict]:
    """One ``{"tileId": tileId, local_or_world: [x, y]}`` dict per row of the ``N x 2`` numpy array."""
    return [{"tileId": tileId, local_or_world: [dataarray[i, 0], dataarray[i, 1]]}
            for i in range(dataarray.shape[0])]


def unpackage_world_to_local_point_match_from_json(json_answer, tileId) -> np.ndarray:
    """``N x 2`` local points of ``tileId`` taken from a world-to-local batch answer (StopIteration
    when a point has no answer for that tile)."""
    points = np.zeros((len(json_answer), 2))
    for i, tile_answers in enumerate(json_answer):
        match = next(answer for answer in tile_answers if answer["tileId"] == tileId)
        local = match["local"]
        points[i, 0], points[i, 1] = local[0], local[1]
    return points


def unpackage_local_to_world_point_match_from_json(json_answer) -> np.ndarray:
    """``N x 2`` world points of a local-to-world batch answer."""
    logger.debug("json_answer_length %d", len(json_answer))
    points = np.zeros((len(json_answer), 2))
    for i, answer in enumerate(json_answer):
        world = answer["world"]
        points[i, 0], points[i, 1] = world[0], world[1]
    return points


# ------------------------------------------------------------------------------- java client side
def map_coordinates_clientside(stack, jsondata, z, host, port, owner, project, client_script,
                               isLocalToWorld=False, store_injson=False, store_outjson=False,
                               number_of_threads=20, memGB="1G") -> list:
    """Map ``jsondata`` with the java CoordinateClient (world to local unless ``isLocalToWorld``); the
    parsed output. The temporary input/output files are deleted unless ``store_injson``/``store_outjson``."""
    with tempfile.NamedTemporaryFile(prefix="render_coordinates_in_", suffix=".json", mode="w",
                                     delete=False) as injson:
        renderdump(jsondata, injson)
    with tempfile.NamedTemporaryFile(prefix="render_coordinates_out_", suffix=".json", mode="r",
                                     delete=False) as outjson:
        pass
    try:
        data = coordinateClient(stack, z, fromJson=injson.name, toJson=outjson.name,
                                localToWorld=isLocalToWorld, numberOfThreads=number_of_threads, host=host,
                                port=port, owner=owner, project=project, client_script=client_script,
                                memGB=memGB)
    finally:
        if not store_injson:
            os.remove(injson.name)
        if not store_outjson:
            os.remove(outjson.name)
    return data


@renderaccess
def world_to_local_coordinates_clientside(stack, jsondata, z, host=None, port=None, owner=None,
                                          project=None, client_script=None, number_of_threads=20,
                                          render=None, **kwargs) -> list:
    """World points (``[{"tileId", "world": [x, y]}, …]``) to local ones with the java CoordinateClient:
    one list of tile answers per point (java heap always ``'1G'``, as in render-python)."""
    return map_coordinates_clientside(stack, jsondata, z, host, port, owner, project, client_script,
                                      isLocalToWorld=False, number_of_threads=number_of_threads)


@renderaccess
def local_to_world_coordinates_clientside(stack, jsondata, z, host=None, port=None, owner=None,
                                          project=None, client_script=None, number_of_threads=20,
                                          render=None, **kwargs) -> list:
    """Local points (``[[{"tileId", "local": [x, y]}], …]``) to world ones with the java
    CoordinateClient (java heap always ``'1G'``, as in render-python)."""
    return map_coordinates_clientside(stack, jsondata, z, host, port, owner, project, client_script,
                                      isLocalToWorld=True, number_of_threads=number_of_threads)


@renderaccess
def world_to_local_coordinates_array(stack, dataarray, tileId, z, render=None, host=None, port=None,
                                     owner=None, project=None, client_script=None, doClientSide=False,
                                     number_of_threads=20, session=None, **kwargs) -> np.ndarray:
    """World points (``N x 2``) of section ``z`` in the local coordinates of ``tileId``."""
    batch = package_point_match_data_into_json(dataarray, tileId, "world")
    if doClientSide:
        answer = world_to_local_coordinates_clientside(
            stack, batch, z, host=host, port=port, owner=owner, project=project, client_script=client_script,
            number_of_threads=number_of_threads)
    else:
        answer = world_to_local_coordinates_batch(stack, batch, z, host=host, port=port, owner=owner,
                                                  project=project, session=session)
    return unpackage_world_to_local_point_match_from_json(answer, tileId)


@renderaccess
def local_to_world_coordinates_array(stack, dataarray, tileId, z, render=None, host=None, port=None,
                                     owner=None, project=None, client_script=None, doClientSide=False,
                                     number_of_threads=20, session=None, **kwargs) -> np.ndarray:
    """Local points (``N x 2``) of ``tileId`` in world coordinates."""
    batch = package_point_match_data_into_json(dataarray, tileId, "local")
    if doClientSide:
        answer = local_to_world_coordinates_clientside(
            stack, [[point] for point in batch], z, host=host, port=port, owner=owner, project=project,
            client_script=client_script, number_of_threads=number_of_threads)
    else:
        answer = local_to_world_coordinates_batch(stack, batch, z, host=host, port=port, owner=owner,
                                                  project=project, session=session)
    return unpackage_local_to_world_point_match_from_json(answer)
