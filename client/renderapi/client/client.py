"""High-level imports and renders built on the java-client wrappers of :mod:`.client_calls`."""

from __future__ import annotations

import logging
import os
import tempfile
from functools import partial
from typing import Any

import numpy
from PIL import Image

from ..external.processpools.stdlib_pool import WithMultiprocessingPool, WithThreadPool
from ..render import renderaccess
from ..resolvedtiles import put_tilespecs
from ..stack import make_stack_params, set_stack_state
from ..utils import NullHandler, renderdump_temp, renderdumps
from ._json_groups import JsonGroups
from .client_calls import call_run_ws_client, importJsonClient, renderClient, rendererClient
from .utils import renderclientaccess

logger = logging.getLogger(__name__)
logger.addHandler(NullHandler())

WithPool = WithMultiprocessingPool
# the default pool of the functions below, whose workers only write a file and wait for a client process:
# threads do that as well as processes, without forking this process (and copying the pages it touches
# afterwards) once per worker; render-python's default is WithPool (client/client.py:26)
ClientRunPool = WithThreadPool
TEM_VALIDATOR_ARGS = ["--validatorClass", "org.janelia.alignment.spec.validator.TemTileSpecValidator",
                      "--validatorData", "minCoordinate:-500,maxCoordinate:100000,minSize:500,maxSize:10000"]


@renderclientaccess
def import_single_json_file(stack, jsonfile, transformFile=None, subprocess_mode=None, client_script=None,
                            memGB=None, host=None, port=None, owner=None, project=None, render=None,
                            **kwargs) -> None:
    """Import one tile spec json file (ImportJsonClient); the stack state is left as it is."""
    importJsonClient(stack, [jsonfile], transformFile, subprocess_mode=subprocess_mode, host=host, port=port,
                     owner=owner, project=project, client_script=client_script, memGB=memGB, **kwargs)


@renderclientaccess
def import_jsonfiles_and_transforms_parallel_by_z(stack, jsonfiles, transformfiles, poolsize=20,
                                                  mpPool=ClientRunPool, client_scripts=None, host=None,
                                                  port=None, owner=None, project=None, close_stack=True,
                                                  render=None, **kwargs) -> None:
    """Import ``jsonfiles[i]`` with ``transformfiles[i]`` in parallel (stack LOADING, then COMPLETE with
    ``close_stack``). As in render-python, ``mpPool.map`` gets both lists, so the pool's map must accept
    several iterables (e.g. WithDummyMapPool); a multiprocessing pool takes the second as chunksize."""
    set_stack_state(stack, "LOADING", host, port, owner, project)
    partial_import = partial(import_single_json_file, stack, render=render, client_scripts=client_scripts,
                             host=host, port=port, owner=owner, project=project)
    with mpPool(poolsize) as pool:
        pool.map(partial_import, jsonfiles, transformfiles)
    if close_stack:
        set_stack_state(stack, "COMPLETE", host, port, owner, project)


@renderclientaccess
def import_jsonfiles_parallel(stack, jsonfiles, poolsize=20, transformFile=None, mpPool=ClientRunPool,
                              client_scripts=None, host=None, port=None, owner=None, project=None,
                              close_stack=True, render=None, **kwargs) -> None:
    """Import each json file in its own ImportJsonClient process of a ``poolsize`` pool."""
    set_stack_state(stack, "LOADING", host, port, owner, project)
    partial_import = partial(import_single_json_file, stack, render=render, transformFile=transformFile,
                             client_scripts=client_scripts, host=host, port=port, owner=owner,
                             project=project, **kwargs)
    with mpPool(poolsize) as pool:
        pool.map(partial_import, jsonfiles)
    if close_stack:
        set_stack_state(stack, "COMPLETE", host, port, owner, project)


@renderaccess
def import_jsonfiles(stack, jsonfiles, transformFile=None, subprocess_mode=None, client_script=None,
                     memGB=None, host=None, port=None, owner=None, project=None, close_stack=True,
                     render=None, **kwargs) -> None:
    """Import json files with one ImportJsonClient run (stack LOADING, then COMPLETE with ``close_stack``)."""
    set_stack_state(stack, "LOADING", host, port, owner, project)
    importJsonClient(stack, jsonfiles, transformFile, subprocess_mode=subprocess_mode, host=host, port=port,
                     owner=owner, project=project, client_script=client_script, memGB=memGB, **kwargs)
    if close_stack:
        set_stack_state(stack, "COMPLETE", host, port, owner, project)


@renderclientaccess
def import_jsonfiles_validate_client(stack, jsonfiles, transformFile=None, client_script=None, host=None,
                                     port=None, owner=None, project=None, close_stack=True, mem=6,
                                     validator=None, subprocess_mode=None, memGB=None, render=None,
                                     **kwargs) -> None:
    """Import json files with ImportJsonClient and TemTileSpecValidator (invalid tiles are dropped);
    a custom ``validator`` raises NotImplementedError. ``mem`` is unused."""
    transform_params = ["--transformFile", transformFile] if transformFile is not None else []
    if validator is not None:
        raise NotImplementedError("No custom validation handling!")
    stack_params = make_stack_params(host, port, owner, project, stack)
    set_stack_state(stack, "LOADING", host, port, owner, project)
    call_run_ws_client("org.janelia.render.client.ImportJsonClient",
                       stack_params + TEM_VALIDATOR_ARGS + transform_params + list(jsonfiles),
                       client_script=client_script, memGB=memGB, subprocess_mode=subprocess_mode, **kwargs)
    if close_stack:
        set_stack_state(stack, "COMPLETE", host, port, owner, project)


@renderclientaccess
def import_tilespecs(stack, tilespecs, sharedTransforms=None, use_rest=False, deriveData=True,
                     subprocess_mode=None, host=None, port=None, owner=None, project=None, client_script=None,
                     memGB=None, render=None, **kwargs) -> None:
    """Import TileSpec objects: through ImportJsonClient (temporary json files), or with ``use_rest``
    through ``PUT resolvedTiles`` (``deriveData`` lets the server derive bounds). The stack state is left
    as it is."""
    if use_rest:
        put_tilespecs(stack, deriveData=deriveData, tilespecs=tilespecs, shared_transforms=sharedTransforms,
                      host=host, port=port, owner=owner, project=project, **kwargs)
        return
    _import_json_text(stack, renderdumps(tilespecs), _json_or_none(sharedTransforms),
                      subprocess_mode=subprocess_mode, host=host, port=port, owner=owner, project=project,
                      client_script=client_script, memGB=memGB, **kwargs)


def _json_or_none(obj: Any) -> str | None:
    return None if obj is None else renderdumps(obj)


def _import_json_text(stack: str, tilespecs_json: str, transforms_json: str | None, **kwargs: Any) -> None:
    """ImportJsonClient of tile specs (and shared transforms) given as JSON text, written to temporary
    ``.json`` files that are removed afterwards."""
    tsjson = _write_temp_json(tilespecs_json)
    trjson = _write_temp_json(transforms_json) if transforms_json is not None else None
    try:
        importJsonClient(stack, tileFiles=[tsjson], transformFile=trjson, **kwargs)
    finally:
        os.remove(tsjson)
        if trjson is not None:
            os.remove(trjson)


def _write_temp_json(text: str) -> str:
    """Path of a new ``.json`` temporary file holding ``text`` (as :func:`renderapi.utils.renderdump_temp`
    writes it)."""
    with tempfile.NamedTemporaryFile(suffix=".json", mode="w", delete=False) as tf:
        tf.write(text)
    return tf.name


@renderclientaccess
def _import_tilespec_group_json(stack, tilespecs_json, transforms_json=None, subprocess_mode=None, host=None,
                                port=None, owner=None, project=None, client_script=None, memGB=None,
                                render=None, **kwargs) -> None:
    """:func:`import_tilespecs` of one group already encoded as JSON (a pool task of
    :func:`import_tilespecs_parallel`)."""
    _import_json_text(stack, tilespecs_json, transforms_json, subprocess_mode=subprocess_mode, host=host,
                      port=port, owner=owner, project=project, client_script=client_script, memGB=memGB,
                      **kwargs)


@renderclientaccess
def import_tilespecs_parallel(stack, tilespecs, sharedTransforms=None, subprocess_mode=None, poolsize=20,
                              mpPool=ClientRunPool, close_stack=True, max_tilespecs_per_group=None, host=None,
                              port=None, owner=None, project=None, client_script=None, memGB=None,
                              render=None, **kwargs) -> None:
    """Import TileSpec objects in round-robin groups, one ImportJsonClient process per group (stack
    LOADING, then COMPLETE with ``close_stack``).

    The pool's tasks are the groups' JSON text, encoded in this process one group at a time as the pool
    takes them (:class:`JsonGroups`): pickling TileSpec objects to the workers and decoding them there
    would cost more than the encoding itself. The files written and the runs made are those of
    render-python's ``import_tilespecs`` per group; with ``use_rest`` the groups go to it as objects."""
    set_stack_state(stack, "LOADING", host, port, owner, project)
    n_groups = poolsize
    if max_tilespecs_per_group is not None:
        n_groups = max(len(tilespecs) // max_tilespecs_per_group + 1, poolsize)
    groups = [group for group in (tilespecs[i::n_groups] for i in range(n_groups)) if group]
    # render is passed on as render-python does, so each group runs through the RenderClient's settings
    # (no client-script check: connect(..., validate_client=False) + use_rest=True imports through REST)
    common = {"subprocess_mode": subprocess_mode, "host": host, "port": port, "owner": owner,
              "project": project, "client_script": client_script, "render": render, "memGB": memGB}
    if kwargs.get("use_rest"):
        partial_import = partial(import_tilespecs, stack, sharedTransforms=sharedTransforms, **common,
                                 **kwargs)
        tasks = groups
    else:
        partial_import = partial(_import_tilespec_group_json, stack,
                                 transforms_json=_json_or_none(sharedTransforms), **common, **kwargs)
        tasks = JsonGroups(groups)
    with mpPool(poolsize) as pool:
        pool.map(partial_import, tasks)
    if close_stack:
        set_stack_state(stack, "COMPLETE", host, port, owner, project)


@renderclientaccess
def local_to_world_array(stack, points, tileId, subprocess_mode=None, host=None, port=None, owner=None,
                         project=None, client_script=None, memGB=None, render=None, **kwargs):
    """Placeholder kept from render-python: always NotImplementedError."""
    raise NotImplementedError("Whoops")


@renderclientaccess
def world_to_local_array(stack, points, subprocess_mode=None, host=None, port=None, owner=None,
                         project=None, client_script=None, memGB=None, render=None, **kwargs):
    """Placeholder kept from render-python: always NotImplementedError."""
    raise NotImplementedError("Whoops.")


@renderclientaccess
def materialize_tilespec_image(tilespec, out_fn=None, height=None, width=None, x=None, y=None, res=32,
                               subprocess_mode=None, client_script=None, memGB=None, render=None,
                               **kwargs) -> None:
    """Render one TileSpec to ``out_fn`` with org.janelia.alignment.Render (default window: the tile's
    bounding box)."""
    tsjson = renderdump_temp([tilespec])
    x = tilespec.minX if x is None else x
    y = tilespec.minY if y is None else y
    width = int(tilespec.maxX - tilespec.minX) if width is None else width
    height = int(tilespec.maxY - tilespec.minY) if height is None else height
    try:
        renderClient(tile_spec_url=tsjson, out_fn=out_fn, height=height, width=width, x=x, y=y, res=res,
                     subprocess_mode=subprocess_mode, client_script=client_script, memGB=memGB, **kwargs)
    finally:
        os.remove(tsjson)


def _image_from(path: str) -> numpy.ndarray:
    with Image.open(path) as image:
        return numpy.array(image)


def render_tilespec(*args, **kwargs) -> numpy.ndarray:
    """:func:`materialize_tilespec_image` into a temporary .tif, returned as an array."""
    with tempfile.NamedTemporaryFile(suffix=".tif", delete=False) as f:
        out_fn = f.name
    try:
        materialize_tilespec_image(*args, out_fn=out_fn, **kwargs)
        return _image_from(out_fn)
    finally:
        os.remove(out_fn)


@renderclientaccess
def materialize_renderparameters_image(obj, out_fn=None, subprocess_mode=None, client_script=None,
                                       memGB=None, render=None, **kwargs) -> None:
    """Render a render-parameters dict to ``out_fn`` with org.janelia.alignment.Render."""
    params_json = renderdump_temp(obj)
    try:
        rendererClient(parameters_url=params_json, out_fn=out_fn, subprocess_mode=subprocess_mode,
                       client_script=client_script, memGB=memGB, **kwargs)
    finally:
        os.remove(params_json)


def render_renderparameters(*args, **kwargs) -> numpy.ndarray:
    """:func:`materialize_renderparameters_image` into a temporary file (suffix ``image_ext``, default
    ``.png``), returned as an array."""
    with tempfile.NamedTemporaryFile(suffix=kwargs.get("image_ext", ".png"), delete=False) as f:
        out_fn = f.name
    try:
        materialize_renderparameters_image(*args, out_fn=out_fn, **kwargs)
        return _image_from(out_fn)
    finally:
        os.remove(out_fn)


__all__ = ["import_single_json_file", "import_jsonfiles_and_transforms_parallel_by_z",
           "import_jsonfiles_parallel", "import_jsonfiles", "import_jsonfiles_validate_client",
           "import_tilespecs", "import_tilespecs_parallel", "local_to_world_array", "world_to_local_array",
           "materialize_tilespec_image", "render_tilespec", "materialize_renderparameters_image",
           "render_renderparameters"]
