"""Mapping points between tile-local and world coordinates through render-ws (``CoordinateService``).

Single points use GET (``z`` printed as an integer, ``x``/``y`` with six decimals, as render-python
2.4.2 does); batches PUT a JSON list of ``{"tileId", "local" | "world"}`` dicts to
``z/{z}/world-to-local-coordinates`` or ``z/{z}/local-to-world-coordinates``. The ``*_array``
helpers pack an ``N x 2`` array into such a batch and unpack the answer into an ``N x 2`` array.

render-python's client-side variants (``doClientSide=True``, ``*_clientside``,
``map_coordinates_clientside``) run the java ``CoordinateClient`` through ``renderapi.client``, whose
java wrappers this package does not have yet; they are not provided.
"""

from __future__ import annotations

import logging

import numpy as np

from .errors import RenderError
from .render import format_preamble, renderaccess
from .utils import NullHandler, get_json, renderdumps

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
                   + f"/z/{int(z)}/world-to-local-coordinates/{x:f},{y:f}")
    return get_json(session, request_url)


@renderaccess
def local_to_world_coordinates(stack, tileId, x, y, host=None, port=None, owner=None, project=None,
                               session=None, render=None, **kwargs) -> dict:
    """Local point ``(x, y)`` of tile ``tileId`` in world coordinates (``{"tileId", "world", ...}``)."""
    request_url = (format_preamble(host, port, owner, project, stack)
                   + f"/tile/{tileId}/local-to-world-coordinates/{x:f},{y:f}")
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
    """One ``{"tileId": tileId, local_or_world: [x, y]}`` dict per row of the ``N x 2`` array."""
    return [{"tileId": tileId, local_or_world: [row[0], row[1]]} for row in dataarray]


def unpackage_world_to_local_point_match_from_json(json_answer, tileId) -> np.ndarray:
    """``N x 2`` local points of ``tileId`` taken from a world-to-local batch answer (StopIteration
    when a point has no answer for that tile)."""
    points = np.zeros((len(json_answer), 2))
    for i, tile_answers in enumerate(json_answer):
        match = next(answer for answer in tile_answers if answer["tileId"] == tileId)
        points[i, :] = match["local"][:2]
    return points


def unpackage_local_to_world_point_match_from_json(json_answer) -> np.ndarray:
    """``N x 2`` world points of a local-to-world batch answer."""
    logger.debug("json_answer_length %d", len(json_answer))
    points = np.zeros((len(json_answer), 2))
    for i, answer in enumerate(json_answer):
        points[i, :] = answer["world"][:2]
    return points


def _server_side_only(doClientSide: bool) -> None:
    if doClientSide:
        raise NotImplementedError(
            "doClientSide=True needs the java CoordinateClient wrappers of renderapi.client, "
            "which this renderapi does not provide")


@renderaccess
def world_to_local_coordinates_array(stack, dataarray, tileId, z, render=None, host=None, port=None,
                                     owner=None, project=None, client_script=None, doClientSide=False,
                                     number_of_threads=20, session=None, **kwargs) -> np.ndarray:
    """World points (``N x 2``) of section ``z`` in the local coordinates of ``tileId``."""
    _server_side_only(doClientSide)
    batch = package_point_match_data_into_json(dataarray, tileId, "world")
    answer = world_to_local_coordinates_batch(stack, batch, z, host=host, port=port, owner=owner,
                                              project=project, session=session)
    return unpackage_world_to_local_point_match_from_json(answer, tileId)


@renderaccess
def local_to_world_coordinates_array(stack, dataarray, tileId, z, render=None, host=None, port=None,
                                     owner=None, project=None, client_script=None, doClientSide=False,
                                     number_of_threads=20, session=None, **kwargs) -> np.ndarray:
    """Local points (``N x 2``) of ``tileId`` in world coordinates."""
    _server_side_only(doClientSide)
    batch = package_point_match_data_into_json(dataarray, tileId, "local")
    answer = local_to_world_coordinates_batch(stack, batch, z, host=host, port=port, owner=owner,
                                              project=project, session=session)
    return unpackage_local_to_world_point_match_from_json(answer)
