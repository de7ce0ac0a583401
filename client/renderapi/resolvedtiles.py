"""Resolved tiles: tile specs together with the shared transforms they reference."""
from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from .errors import RenderError
from .render import format_preamble, renderaccess
from .tilespec import TileSpec
from .transform import load_transform_json
from .utils import NullHandler, get_json, jbool, put_json

logger = logging.getLogger(__name__)
logger.addHandler(NullHandler())


class ResolvedTiles:
    """Tile specs and shared transforms (render's ``ResolvedTileSpecCollection`` JSON).

    Attributes
    ----------
    tilespecs : list of TileSpec
        the tiles
    transforms : list
        shared transforms, referenced from tiles by ``ReferenceTransform(refId=transformId)``
    """

    def __init__(self, tilespecs=None, transformList=None, json=None):
        if json is not None:
            self.from_dict(json)
            return
        self.tilespecs = [] if tilespecs is None else tilespecs
        self.transforms = [] if transformList is None else transformList

    def to_dict(self) -> dict[str, Any]:
        """``{"transformIdToSpecMap": {id: spec}, "tileIdToSpecMap": {tileId: spec}}``."""
        return {
            "transformIdToSpecMap": {tf.transformId: tf.to_dict() for tf in self.transforms},
            "tileIdToSpecMap": {ts.tileId: ts.to_dict() for ts in self.tilespecs},
        }

    def from_dict(self, d: dict[str, Any]) -> None:
        """Load from render's resolved-tiles JSON (the input is not modified).

        A shared transform without an ``id`` of its own takes its map key as ``transformId``.
        """
        self.tilespecs = [TileSpec(json=ts) for ts in d["tileIdToSpecMap"].values()]
        self.transforms = []
        for transformId, tform_json in d["transformIdToSpecMap"].items():
            tform = load_transform_json(tform_json)
            if getattr(tform, "transformId", None) is None:
                tform.transformId = transformId
            self.transforms.append(tform)

    def __repr__(self) -> str:
        return f"ResolvedTiles({len(self.tilespecs)} tilespecs, {len(self.transforms)} transforms)"


def combine_resolvedtiles(rts_l: Iterable[ResolvedTiles]) -> ResolvedTiles:
    """Merge ResolvedTiles objects; duplicate transformIds and tileIds keep the last object
    (at the position of their first occurrence)."""
    rts_l = list(rts_l)
    tforms = {tf.transformId: tf for rts in rts_l for tf in rts.transforms}
    tspecs = {ts.tileId: ts for rts in rts_l for ts in rts.tilespecs}
    return ResolvedTiles(tilespecs=list(tspecs.values()), transformList=list(tforms.values()))


@renderaccess
def put_tilespecs(stack, resolved_tiles=None, deriveData=True,
                  tilespecs=None, shared_transforms=None,
                  host=None, port=None, owner=None, project=None,
                  session=None, render=None, **kwargs):
    """Upload tiles (and shared transforms) with PUT ``resolvedTiles``.

    Parameters
    ----------
    stack : str
        render stack (must be LOADING)
    resolved_tiles : ResolvedTiles or None
        what to upload; built from ``tilespecs`` and ``shared_transforms`` when None
    deriveData : bool or None
        let the server compute bounding boxes (parameter left out when None)
    tilespecs : list of TileSpec
        tiles to upload when ``resolved_tiles`` is None
    shared_transforms : list
        shared transforms to upload with ``tilespecs``

    Returns
    -------
    requests.Response
        the server's response

    :func:`renderapi.render.renderaccess` decorated function
    """
    request_url = format_preamble(host, port, owner, project, stack) + "/resolvedTiles"
    qparams = {} if deriveData is None else {"deriveData": jbool(deriveData)}
    logger.debug(request_url)
    if resolved_tiles is None:
        if tilespecs is None:
            raise RenderError("need to pass resolved_tiles or tilespecs")
        resolved_tiles = ResolvedTiles(tilespecs=tilespecs, transformList=shared_transforms)
    r = put_json(session, request_url, resolved_tiles, qparams)
    logger.debug(r)
    return r


@renderaccess
def get_resolved_tiles_from_z(stack, z, host=None, port=None,
                              owner=None, project=None,
                              session=None, render=None, **kwargs) -> ResolvedTiles:
    """Tiles of layer ``z`` as stored (references intact) with the shared transforms they use.

    :func:`renderapi.render.renderaccess` decorated function
    """
    request_url = format_preamble(host, port, owner, project, stack) + f"/z/{z:f}/resolvedTiles"
    logger.debug(request_url)
    return ResolvedTiles(json=get_json(session, request_url))
