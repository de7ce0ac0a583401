"""Wrappers of the render-ws java client classes, run through ``run_ws_client.sh``.

Each wrapper builds the class's command line (``--baseDataUrl … --owner … --project … --stack …`` plus
its own options) and runs ``[client_script, memGB, className] + args`` without a shell; a failing
run raises :class:`~renderapi.errors.ClientScriptError`.
"""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import tempfile
from typing import Any

from ..errors import ClientScriptError
from ..render import Render, RenderClient, format_baseurl, format_preamble
from ..stack import make_stack_params, set_stack_state
from ..utils import NullHandler
from .params import SiftPointMatchOptions
from .utils import renderclientaccess

logger = logging.getLogger(__name__)
logger.addHandler(NullHandler())

SUBPROCESS_OPTIONS = ("bufsize", "executable", "stdin", "stdout", "stderr", "preexec_fn", "close_fds",
                      "shell", "cwd", "env", "universal_newlines", "startupinfo", "creationflags")
SUBPROCESS_MODES = {"call": subprocess.call, "check_call": subprocess.check_call,
                    "check_output": subprocess.check_output, None: subprocess.check_call}
CHANGE_MODES = ("APPEND", "REPLACE_LAST", "REPLACE_ALL")


def run_subprocess_mode(args, subprocess_mode=None, **kwargs) -> Any:
    """Run ``args`` with subprocess ``call``, ``check_call`` (default) or ``check_output``; only the
    standard Popen keywords of ``kwargs`` are passed on."""
    sp_kwargs = {k: v for k, v in kwargs.items() if k in SUBPROCESS_OPTIONS}
    if subprocess_mode not in SUBPROCESS_MODES:
        logger.warning("Unknown subprocess mode %s specified -- using default subprocess.check_call",
                       subprocess_mode)
    run = SUBPROCESS_MODES.get(subprocess_mode, subprocess.check_call)
    return run(args, **sp_kwargs)


def call_run_ws_client(className, add_args=[], renderclient=None, memGB=None, client_script=None,  # noqa: B006
                       **kwargs) -> Any:
    """Run java class ``className`` with ``add_args`` through the client script; the subprocess result.

    ``renderclient`` (a RenderClient) fills ``client_script`` and ``memGB`` when they are None; memGB
    defaults to ``'1G'``.
    """
    logger.debug("call_run_ws_client -- classname:%s add_args:%s client_script:%s memGB:%s",
                 className, add_args, client_script, memGB)
    if renderclient is not None and isinstance(renderclient, RenderClient):
        return call_run_ws_client(className, add_args=add_args, **renderclient.make_kwargs(
            memGB=memGB, client_script=client_script, **kwargs))
    if memGB is None:
        logger.warning("call_run_ws_client requires memory specification -- defaulting to 1G")
        memGB = "1G"
    args = [str(item) for item in [client_script, memGB, className] + list(add_args)]
    try:
        return run_subprocess_mode(args, **kwargs)
    except subprocess.CalledProcessError:
        raise ClientScriptError(f"client_script call {args} failed") from None


def get_param(var, flag) -> list:
    """``[flag, var]``, or ``[]`` when ``var`` is None."""
    return [flag, var] if var is not None else []


@renderclientaccess
def importJsonClient(stack, tileFiles=None, transformFile=None, subprocess_mode=None, host=None, port=None,
                     owner=None, project=None, client_script=None, memGB=None, render=None,
                     **kwargs) -> None:
    """Run ImportJsonClient: load tile spec files (and a shared transform file) into ``stack``."""
    argvs = (make_stack_params(host, port, owner, project, stack)
             + (["--transformFile", transformFile] if transformFile else [])
             + (tileFiles if isinstance(tileFiles, list) else [tileFiles]))
    call_run_ws_client("org.janelia.render.client.ImportJsonClient", add_args=argvs,
                       subprocess_mode=subprocess_mode, client_script=client_script, memGB=memGB, **kwargs)


def _pair_files(outjson: str) -> list[str]:
    """``[outjson]``, or the ``<root>_pNNN<ext>`` files TilePairClient wrote instead of an empty outjson."""
    if os.path.isfile(outjson) and os.path.getsize(outjson) > 0:
        return [outjson]
    if os.path.isfile(outjson):
        os.remove(outjson)
    directory = os.path.dirname(outjson)
    root, ext = os.path.splitext(os.path.basename(outjson))
    pattern = re.compile(re.escape(root) + "_p[0-9]+" + re.escape(ext))
    return sorted(os.path.join(directory, name) for name in os.listdir(directory or ".")
                  if pattern.match(name))


def _merged_pairs(jsonfiles: list[str]) -> dict:
    """The pair files merged: one common ``renderParametersUrlTemplate`` (ValueError otherwise)."""
    contents = []
    for jsonfile in jsonfiles:
        with open(jsonfile) as f:
            contents.append(json.load(f))
    templates = {c["renderParametersUrlTemplate"] for c in contents}
    if len(templates) != 1:
        raise ValueError(f"tile pair files do not share a single renderParametersUrlTemplate: {templates}")
    merged = dict(contents[0])
    merged["neighborPairs"] = [pair for c in contents for pair in c["neighborPairs"]]
    return merged


@renderclientaccess
def tilePairClient(stack, minz, maxz, outjson=None, delete_json=False, baseowner=None, baseproject=None,
                   basestack=None, xyNeighborFactor=None, zNeighborDistance=None,
                   excludeCornerNeighbors=None, excludeCompletelyObscuredTiles=None,
                   excludeSameLayerNeighbors=None, excludeSameSectionNeighbors=None,
                   excludePairsInMatchCollection=None, minx=None, maxx=None, miny=None, maxy=None,
                   useRowColPositions=None, existingMatchOwner=None, minExistingMatchCount=None,
                   onlyIncludeTilesFromStack=None, onlyIncludeTilesNearTileIdsJson=None,
                   maxPairsPerFile=None, return_jsondata=True, return_jsonfiles=False,
                   subprocess_mode=None, host=None, port=None, owner=None, project=None,
                   client_script=None, memGB=None, render=None, **kwargs):
    """Run TilePairClient: neighbouring tile pairs of layers ``minz``..``maxz``.

    Returns the merged pair dict (``return_jsondata``), the list of files written
    (``return_jsonfiles``), both as a tuple, or None. Without ``outjson`` a temporary file is used and
    deleted.
    """
    if outjson is None:
        with tempfile.NamedTemporaryFile(suffix=".json", mode="r", delete=False) as f:
            outjson = f.name
        delete_json = True
    argvs = (make_stack_params(host, port, owner, project, stack)
             + get_param(baseowner, "--baseOwner") + get_param(baseproject, "--baseProject")
             + get_param(basestack, "--baseStack")
             + ["--minZ", minz, "--maxZ", maxz]
             + get_param(xyNeighborFactor, "--xyNeighborFactor")
             + get_param(zNeighborDistance, "--zNeighborDistance")
             + get_param(excludeCornerNeighbors, "--excludeCornerNeighbors")
             + get_param(excludeCompletelyObscuredTiles, "--excludeCompletelyObscuredTiles")
             + get_param(excludeSameLayerNeighbors, "--excludeSameLayerNeighbors")
             + get_param(excludeSameSectionNeighbors, "--excludeSameSectionNeighbors")
             + get_param(excludePairsInMatchCollection, "--excludePairsInMatchCollection")
             + (["--useRowColPositions"] if useRowColPositions else [])
             + get_param(existingMatchOwner, "--existingMatchOwner")
             + get_param(minExistingMatchCount, "--minExistingMatchCount")
             + get_param(onlyIncludeTilesFromStack, "--onlyIncludeTilesFromStack")
             + get_param(onlyIncludeTilesNearTileIdsJson, "--onlyIncludeTilesNearTileIdsJson")
             + get_param(maxPairsPerFile, "--maxPairsPerFile")
             + ["--toJson", outjson]
             + get_param(minx, "--minX") + get_param(maxx, "--maxX")
             + get_param(miny, "--minY") + get_param(maxy, "--maxY"))
    call_run_ws_client("org.janelia.render.client.TilePairClient", memGB=memGB, client_script=client_script,
                       subprocess_mode=subprocess_mode, add_args=argvs, **kwargs)
    jsonfiles = _pair_files(outjson)
    jsondata = _merged_pairs(jsonfiles) if return_jsondata else None
    if delete_json:
        for jsonfile in jsonfiles:
            os.remove(jsonfile)
    if return_jsondata and return_jsonfiles:
        return jsondata, jsonfiles
    if return_jsondata:
        return jsondata
    if return_jsonfiles:
        return jsonfiles
    return None


@renderclientaccess
def importTransformChangesClient(stack, targetStack, transformFile, targetOwner=None, targetProject=None,
                                 changeMode=None, close_stack=True, subprocess_mode=None, host=None,
                                 port=None, owner=None, project=None, client_script=None, memGB=None,
                                 render=None, **kwargs) -> None:
    """Run ImportTransformChangesClient (``changeMode`` APPEND, REPLACE_LAST or REPLACE_ALL, else
    ClientScriptError); with ``close_stack`` the *source* ``stack`` is then set COMPLETE, as
    render-python does."""
    if changeMode not in CHANGE_MODES:
        raise ClientScriptError(f"changeMode {changeMode} is not valid!")
    argvs = (make_stack_params(host, port, owner, project, stack)
             + ["--targetStack", targetStack] + ["--transformFile", transformFile]
             + get_param(targetOwner, "--targetOwner") + get_param(targetProject, "--targetProject")
             + get_param(changeMode, "--changeMode"))
    call_run_ws_client("org.janelia.render.client.ImportTransformChangesClient", memGB=memGB,
                       client_script=client_script, subprocess_mode=subprocess_mode, add_args=argvs, **kwargs)
    if close_stack:
        set_stack_state(stack, "COMPLETE", host, port, owner, project)


@renderclientaccess
def coordinateClient(stack, z, fromJson=None, toJson=None, localToWorld=None, numberOfThreads=None,
                     subprocess_mode=None, host=None, port=None, owner=None, project=None,
                     client_script=None, memGB=None, render=None, **kwargs) -> list:
    """Run CoordinateClient on the points of ``fromJson``; the parsed ``toJson``."""
    argvs = (make_stack_params(host, port, owner, project, stack)
             + ["--z", z, "--fromJson", fromJson, "--toJson", toJson]
             + (["--localToWorld"] if localToWorld else [])
             + get_param(numberOfThreads, "--numberOfThreads"))
    call_run_ws_client("org.janelia.render.client.CoordinateClient", memGB=memGB, client_script=client_script,
                       subprocess_mode=subprocess_mode, add_args=argvs, **kwargs)
    with open(toJson) as f:
        return json.load(f)


def _bounds_param(bounds: dict | None) -> list:
    if bounds is None:
        return []
    try:
        if bounds["maxX"] < bounds["minX"]:
            raise ClientScriptError(f"maxX:{bounds['maxX']} is less than minX:{bounds['minX']}")
        if bounds["maxY"] < bounds["minY"]:
            raise ClientScriptError(f"maxY:{bounds['maxY']} is less than minY:{bounds['minY']}")
        values = [bounds["minX"], bounds["maxX"], bounds["minY"], bounds["maxY"]]
    except KeyError as e:
        raise ClientScriptError(f"bounds does not contain correct keys {bounds}. Missing {e}") from None
    return ["--bounds", ",".join(str(int(v)) for v in values)]


@renderclientaccess
def renderSectionClient(stack, rootDirectory, zs, scale=None, maxIntensity=None, minIntensity=None,
                        bounds=None, format=None, channel=None, customOutputFolder=None,
                        customSubFolder=None, padFileNamesWithZeros=None, resolutionUnit=None,
                        doFilter=None, fillWithNoise=None, convertToGray=None, subprocess_mode=None,
                        host=None, port=None, owner=None, project=None, client_script=None, memGB=None,
                        render=None, **kwargs) -> None:
    """Run RenderSectionClient: render layers ``zs`` to image files under ``rootDirectory``."""
    bound_param = _bounds_param(bounds)
    argvs = (make_stack_params(host, port, owner, project, stack)
             + ["--rootDirectory", rootDirectory]
             + get_param(scale, "--scale") + get_param(format, "--format")
             + get_param(doFilter, "--doFilter") + get_param(minIntensity, "--minIntensity")
             + get_param(maxIntensity, "--maxIntensity") + get_param(fillWithNoise, "--fillWithNoise")
             + get_param(customOutputFolder, "--customOutputFolder")
             + (["--convertToGray"] if convertToGray else [])
             + get_param(channel, "--channels") + get_param(customSubFolder, "--customSubFolder")
             + get_param(padFileNamesWithZeros, "--padFileNamesWithZeros")
             + get_param(resolutionUnit, "--resolutionUnit")
             + bound_param + list(zs))
    call_run_ws_client("org.janelia.render.client.RenderSectionClient", memGB=memGB,
                       client_script=client_script, subprocess_mode=subprocess_mode, add_args=argvs, **kwargs)


@renderclientaccess
def transformSectionClient(stack, transformId, transformClass, transformData, zValues, targetProject=None,
                           targetStack=None, replaceLast=None, subprocess_mode=None, host=None, port=None,
                           owner=None, project=None, client_script=None, memGB=None, render=None,
                           **kwargs) -> None:
    """Run TransformSectionClient: add transform ``transformId`` (``transformData`` with ',' for ' ')
    to every tile of layers ``zValues``."""
    argvs = (make_stack_params(host, port, owner, project, stack)
             + (["--replaceLast"] if replaceLast else [])
             + get_param(targetProject, "--targetProject") + get_param(targetStack, "--targetStack")
             + ["--transformId", transformId, "--transformClass", transformClass,
                "--transformData", transformData] + list(zValues))
    call_run_ws_client("org.janelia.render.client.TransformSectionClient", memGB=memGB,
                       client_script=client_script, subprocess_mode=subprocess_mode, add_args=argvs, **kwargs)


@renderclientaccess
def get_canvas_url_template(stack, filter=False, renderWithoutMask=False, normalizeForMatching=True,
                            excludeTransformsAfterLast=None, excludeFirstTransformAndAllAfter=None,
                            excludeAllTransforms=False, channels=None, host=None, port=None, owner=None,
                            project=None, client_script=None, render=None, **kwargs) -> str:
    """A tile render-parameters URL with a ``{}`` placeholder for the tileId (point-match canvases)."""
    suffix = "render-parameters"
    suffix += "?filter=" + ("true" if filter else "false")
    suffix += "&normalizeForMatching=" + ("true" if normalizeForMatching else "false")
    suffix += "&renderWithoutMask=" + ("true" if renderWithoutMask else "false")
    if excludeTransformsAfterLast is not None:
        suffix += f"&excludeTransformsAfterLast={excludeTransformsAfterLast}"
    if excludeFirstTransformAndAllAfter is not None:
        suffix += f"&excludeFirstTransformAndAllAfter={excludeFirstTransformAndAllAfter}"
    if excludeAllTransforms:
        suffix += "&excludeAllTransforms=true"
    if channels is not None:
        suffix += f"&channels={channels}"
    return format_preamble(host, port, owner, project, stack) + "/tile/{}/" + suffix


@renderclientaccess
def pointMatchClient(stack, collection, tile_pairs, stack2=None, sift_options=None, pointMatchRender=None,
                     debugDirectory=None, filter=False, renderWithoutMask=False, normalizeForMatching=True,
                     excludeTransformsAfterLast=None, excludeAllTransforms=None,
                     excludeFirstTransformAndAllAfter=None, stackChannels=None, stack2Channels=None,
                     subprocess_mode=None, host=None, port=None, owner=None, project=None,
                     client_script=None, memGB=None, render=None, **kwargs) -> None:
    """Run PointMatchClient (SIFT) on ``tile_pairs`` (``(p tileId, q tileId)`` pairs) and store the
    matches in ``collection`` of ``pointMatchRender`` (default: this server, the stack owner)."""
    sift_options = SiftPointMatchOptions(**kwargs) if sift_options is None else sift_options
    if pointMatchRender is None:
        pointMatchRender = Render(host, port, owner, project, client_script)
    match_kwargs = pointMatchRender.DEFAULT_KWARGS
    argvs = ["--baseDataUrl", format_baseurl(match_kwargs["host"], match_kwargs["port"]),
             "--owner", match_kwargs["owner"], "--collection", collection]
    if debugDirectory is not None:
        argvs += ["--debugDirectory", debugDirectory]
    argvs += list(sift_options.to_java_args())
    template_args = (filter, renderWithoutMask, normalizeForMatching, excludeTransformsAfterLast,
                     excludeFirstTransformAndAllAfter, excludeAllTransforms)
    connection = dict(host=host, port=port, owner=owner, project=project, client_script=client_script)
    template = get_canvas_url_template(stack, *template_args, channels=stackChannels, **connection)
    template2 = template
    if stack2 is not None:
        template2 = get_canvas_url_template(stack2, *template_args, channels=stack2Channels, **connection)
    for tile1, tile2 in tile_pairs:
        argvs += [template.format(tile1), template2.format(tile2)]
    call_run_ws_client("org.janelia.render.client.PointMatchClient", memGB=memGB, client_script=client_script,
                       subprocess_mode=subprocess_mode, add_args=argvs, **kwargs)


def _flags(pairs: list[tuple[Any, str]]) -> list:
    return [item for value, flag in pairs for item in get_param(value, flag)]


@renderclientaccess
def renderClient(tile_spec_url=None, height=None, width=None, in_fn=None, out_fn=None, x=None, y=None,
                 res=None, subprocess_mode=None, client_script=None, memGB=None, render=None,
                 **kwargs) -> None:
    """Run org.janelia.alignment.Render (ArgbRenderer) on a tile spec file or URL."""
    argvs = _flags([(tile_spec_url, "--tile_spec_url"), (height, "--height"), (width, "--width"),
                    (in_fn, "--in"), (out_fn, "--out"), (x, "--x"), (y, "--y"), (res, "--res")])
    call_run_ws_client("org.janelia.alignment.Render", memGB=memGB, client_script=client_script,
                       subprocess_mode=subprocess_mode, add_args=argvs, **kwargs)


@renderclientaccess
def rendererClient(tile_spec_url=None, meshCellSize=None, minMeshCellSize=None, in_fn=None, out_fn=None,
                   x=None, y=None, width=None, height=None, scale=None, area_offset=None, minIntensity=None,
                   maxIntensity=None, gray=None, quality=None, threads=None, skip_interpolation=None,
                   binary_mask=None, exclude_mask=None, parameters_url=None, do_filter=None,
                   background_color=None, fill_with_noise=None, channels=None, subprocess_mode=None,
                   client_script=None, memGB=None, render=None, **kwargs) -> None:
    """Run org.janelia.alignment.Render with the full set of RenderParameters options."""
    argvs = _flags([
        (tile_spec_url, "--tile_spec_url"), (height, "--height"), (width, "--width"), (in_fn, "--in"),
        (out_fn, "--out"), (x, "--x"), (y, "--y"), (meshCellSize, "--meshCellSize"),
        (minMeshCellSize, "--minMeshCellSize"), (scale, "--scale"), (area_offset, "--area_offset"),
        (minIntensity, "--minIntensity"), (maxIntensity, "--maxIntensity"), (gray, "--gray"),
        (quality, "--quality"), (threads, "--threads"), (skip_interpolation, "--skip_interpolation"),
        (binary_mask, "--binary_mask"), (exclude_mask, "--exclude_mask"),
        (parameters_url, "--parameters_url"),
        (do_filter, "--do_filter"), (background_color, "--background_color"),
        (fill_with_noise, "--fill_with_noise"), (channels, "--channels")])
    call_run_ws_client("org.janelia.alignment.Render", memGB=memGB, client_script=client_script,
                       subprocess_mode=subprocess_mode, add_args=argvs, **kwargs)


__all__ = ["call_run_ws_client", "run_subprocess_mode", "importJsonClient", "tilePairClient",
           "importTransformChangesClient", "coordinateClient", "renderSectionClient",
           "transformSectionClient", "get_canvas_url_template", "pointMatchClient", "renderClient",
           "rendererClient"]
