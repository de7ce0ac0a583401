"""Stack metadata (:class:`StackVersion`) and the render-ws stack endpoints."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

import requests

from .errors import RenderError
from .render import format_baseurl, format_preamble, renderaccess
from .utils import NullHandler, get_json, jbool, post_json, put_json, rest_delete

logger = logging.getLogger(__name__)
logger.addHandler(NullHandler())

STACK_STATES = ("LOADING", "COMPLETE", "OFFLINE", "READ_ONLY")

# StackVersion attributes in the order to_dict writes them
_VERSION_FIELDS = (
    "cycleNumber",
    "cycleStepNumber",
    "stackResolutionX",
    "stackResolutionY",
    "stackResolutionZ",
    "createTimestamp",
    "mipmapPathBuilder",
    "versionNotes",
    "materializedBoxRootPath",
)


def _timestamp_now() -> str:
    """Current UTC time in render-python's ``createTimestamp`` format."""
    return time.strftime("%Y-%m-%dT%H:%M:%S.00Z", time.gmtime())


def _format_z(z: Any) -> str:
    """``z`` as ``%f`` (render-python's format) unless that loses precision, then ``repr``."""
    formatted = f"{float(z):f}"
    if float(formatted) != float(z):
        formatted = repr(float(z))
    return formatted


class StackVersion:
    """One version of a stack's metadata (render's ``StackVersion``).

    ``createTimestamp`` defaults to now; unknown keyword arguments are ignored.
    """

    def __init__(
        self,
        cycleNumber=None,
        cycleStepNumber=None,
        stackResolutionX=None,
        stackResolutionY=None,
        stackResolutionZ=None,
        materializedBoxRootPath=None,
        mipmapPathBuilder=None,
        versionNotes=None,
        createTimestamp=None,
        **kwargs,
    ):
        self.cycleNumber = cycleNumber
        self.cycleStepNumber = cycleStepNumber
        self.stackResolutionX = stackResolutionX
        self.stackResolutionY = stackResolutionY
        self.stackResolutionZ = stackResolutionZ
        self.mipmapPathBuilder = mipmapPathBuilder
        self.materializedBoxRootPath = materializedBoxRootPath
        self.createTimestamp = _timestamp_now() if createTimestamp is None else createTimestamp
        self.versionNotes = versionNotes

    def to_dict(self) -> dict:
        """The render ``StackVersion`` JSON: every non-None field."""
        values = ((name, getattr(self, name, None)) for name in _VERSION_FIELDS)
        return {name: value for name, value in values if value is not None}

    def from_dict(self, d: dict) -> None:
        """Set attributes from a ``StackVersion`` JSON dict (every key is accepted)."""
        self.__dict__.update(d)


@renderaccess
def set_stack_metadata(
    stack, sv, host=None, port=None, owner=None, project=None, session=None, render=None, **kwargs
) -> requests.Response:
    """Save ``sv`` (a :class:`StackVersion`) as the stack's new version; the server re-opens the stack
    as LOADING."""
    request_url = format_preamble(host, port, owner, project, stack)
    logger.debug(request_url)
    return post_json(session, request_url, sv.to_dict())


@renderaccess
def get_full_stack_metadata(
    stack, host=None, port=None, owner=None, project=None, session=None, render=None, **kwargs
) -> dict:
    """The stack's ``StackMetaData`` (stackId, state, versions, stats...)."""
    request_url = format_preamble(host, port, owner, project, stack)
    logger.debug(request_url)
    return get_json(session, request_url)


def get_stack_metadata(*args, **kwargs) -> StackVersion:
    """The stack's current version as a :class:`StackVersion` (arguments as
    :func:`get_full_stack_metadata`)."""
    j = get_full_stack_metadata(*args, **kwargs)
    try:
        sv = StackVersion()
        sv.from_dict(j["currentVersion"])
        return sv
    except Exception as e:
        logger.error(e)
        raise RenderError(e) from e


@renderaccess
def set_stack_state(
    stack,
    state="LOADING",
    host=None,
    port=None,
    owner=None,
    project=None,
    session=None,
    render=None,
    **kwargs,
) -> requests.Response:
    """Change the stack's state (LOADING, COMPLETE, OFFLINE or READ_ONLY); RenderError unless the
    server answers 201."""
    if state not in STACK_STATES:
        raise RenderError(f"state {state} not in known states {list(STACK_STATES)}")
    request_url = f"{format_preamble(host, port, owner, project, stack)}/state/{state}"
    logger.debug(request_url)
    r = session.put(request_url, data=None, headers={"content-type": "application/json"})
    if r.status_code != 201:
        logger.error(r.text)
        raise RenderError(r.text)
    return r


@renderaccess
def likelyUniqueId(host=None, port=None, session=None, render=None, **kwargs) -> str:
    """A new likely-unique hexadecimal id from the server."""
    request_url = f"{format_baseurl(host, port)}/likelyUniqueId"
    r = session.get(request_url, data=None, headers={"content-type": "text/plain"})
    if r.status_code != 200:
        raise RenderError(f"request to {r.url} returned error code {r.status_code} with message {r.text}")
    return r.text


def make_stack_params(host, port, owner, project, stack) -> list[str]:
    """Java client arguments naming a stack: ``--baseDataUrl``, ``--owner``, ``--project``, ``--stack``."""
    project_params = ["--baseDataUrl", format_baseurl(host, port), "--owner", owner, "--project", project]
    return project_params + ["--stack", stack]


@renderaccess
def delete_stack(
    stack, host=None, port=None, owner=None, project=None, session=None, render=None, **kwargs
) -> requests.Response:
    """Delete the stack with all its data."""
    r = rest_delete(session, format_preamble(host, port, owner, project, stack))
    logger.debug(r.text)
    return r


@renderaccess
def delete_section(
    stack, z, host=None, port=None, owner=None, project=None, session=None, render=None, **kwargs
) -> requests.Response:
    """Delete every tile of layer ``z`` (the stack must be LOADING)."""
    r = rest_delete(session, f"{format_preamble(host, port, owner, project, stack)}/z/{z}")
    logger.debug(r.text)
    return r


@renderaccess
def delete_tile(
    stack, tileId, host=None, port=None, owner=None, project=None, session=None, render=None, **kwargs
) -> requests.Response:
    """Delete one tile (the stack must be LOADING)."""
    r = rest_delete(session, f"{format_preamble(host, port, owner, project, stack)}/tile/{tileId}")
    logger.debug(r.text)
    return r


@renderaccess
def create_stack(
    stack,
    cycleNumber=None,
    cycleStepNumber=None,
    stackResolutionX=None,
    stackResolutionY=None,
    stackResolutionZ=None,
    force_resolution=True,
    host=None,
    port=None,
    owner=None,
    project=None,
    session=None,
    render=None,
    **kwargs,
) -> requests.Response:
    """Create a stack (LOADING). With ``force_resolution`` unset resolutions become 1.0."""
    if force_resolution:
        stackResolutionX, stackResolutionY, stackResolutionZ = (
            1.0 if res is None else res for res in (stackResolutionX, stackResolutionY, stackResolutionZ)
        )
    sv = StackVersion(
        cycleNumber=cycleNumber,
        cycleStepNumber=cycleStepNumber,
        stackResolutionX=stackResolutionX,
        stackResolutionY=stackResolutionY,
        stackResolutionZ=stackResolutionZ,
    )
    request_url = format_preamble(host, port, owner, project, stack)
    logger.debug("stack version %s %s", request_url, sv.to_dict())
    return post_json(session, request_url, sv.to_dict())


@renderaccess
def rename_stack(
    stack,
    to_stack,
    to_project=None,
    to_owner=None,
    host=None,
    port=None,
    owner=None,
    project=None,
    session=None,
    render=None,
    **kwargs,
) -> requests.Response:
    """Rename ``stack`` to ``to_stack`` (optionally into another project and/or owner)."""
    request_url = f"{format_preamble(host, port, owner, project, stack)}/stackId"
    new_id = {
        "owner": owner if to_owner is None else to_owner,
        "project": project if to_project is None else to_project,
        "stack": stack if to_stack is None else to_stack,
    }
    return put_json(session, request_url, new_id)


@renderaccess
def clone_stack(
    inputstack,
    outputstack,
    skipTransforms=False,
    toProject=None,
    zs=None,
    close_stack=True,
    host=None,
    port=None,
    owner=None,
    project=None,
    session=None,
    render=None,
    **kwargs,
) -> requests.Response:
    """Copy ``inputstack`` (optionally only layers ``zs``) to ``outputstack``, in ``toProject`` if given.

    Extra keyword arguments that are :class:`StackVersion` fields become the new stack's version.
    With ``close_stack`` the new stack is then set COMPLETE.
    """
    sv = StackVersion(**kwargs)
    params: dict[str, Any] = {}
    if zs is not None:
        params["z"] = [float(z) for z in zs]
    if skipTransforms is not None:
        params["skipTransforms"] = jbool(skipTransforms)
    if toProject is not None:
        params["toProject"] = toProject
    request_url = f"{format_preamble(host, port, owner, project, inputstack)}/cloneTo/{outputstack}"
    logger.debug(request_url)
    r = put_json(session, request_url, sv.to_dict(), params=params)
    if close_stack:
        set_stack_state(
            outputstack, "COMPLETE", host, port, owner, project if toProject is None else toProject,
            session=session,
        )
    return r


@renderaccess
def get_z_values_for_stack(
    stack, project=None, host=None, port=None, owner=None, session=None, render=None, **kwargs
) -> list[float]:
    """The distinct z values of the stack's tiles, ascending."""
    request_url = f"{format_preamble(host, port, owner, project, stack)}/zValues/"
    logger.debug(request_url)
    return get_json(session, request_url)


@renderaccess
def get_bounds_from_z(
    stack, z, host=None, port=None, owner=None, project=None, session=None, render=None, **kwargs
) -> dict:
    """Bounds (minX, minY, minZ, maxX, maxY, maxZ) of layer ``z``."""
    request_url = f"{format_preamble(host, port, owner, project, stack)}/z/{_format_z(z)}/bounds"
    return get_json(session, request_url)


@renderaccess
def get_stack_bounds(
    stack, host=None, port=None, owner=None, project=None, session=None, render=None, **kwargs
) -> dict:
    """Bounds (minX, minY, minZ, maxX, maxY, maxZ) of the stack (from its COMPLETE stats)."""
    return get_json(session, f"{format_preamble(host, port, owner, project, stack)}/bounds")


@renderaccess
def get_tilebounds_for_z(
    stack, z, host=None, port=None, owner=None, project=None, session=None, render=None, **kwargs
) -> list[dict]:
    """Bounds of every tile of layer ``z`` (tileId, sectionId, z, minX, minY, maxX, maxY)."""
    return get_json(session, f"{format_preamble(host, port, owner, project, stack)}/z/{z}/tileBounds")


@renderaccess
def get_sectionId_for_z(
    stack, z, host=None, port=None, owner=None, project=None, session=None, render=None, **kwargs
) -> str:
    """The sectionId of the first tile of layer ``z``."""
    bounds = get_tilebounds_for_z(stack, z, host, port, owner, project, session)
    try:
        return bounds[0]["sectionId"]
    except Exception as e:
        logger.error(e)
        raise RenderError(f"Could not find z value {z} in stack {stack}") from e


@renderaccess
def get_stack_sectionData(
    stack, host=None, port=None, owner=None, project=None, session=None, render=None, **kwargs
) -> list[dict]:
    """Per-section summaries (sectionId, z, tileCount, minX, maxX, minY, maxY)."""
    return get_json(session, f"{format_preamble(host, port, owner, project, stack)}/sectionData")


@renderaccess
def get_section_z_value(
    stack, sectionId, host=None, port=None, owner=None, project=None, session=None, render=None, **kwargs
) -> float:
    """The z value of section ``sectionId``."""
    return get_json(session, f"{format_preamble(host, port, owner, project, stack)}/section/{sectionId}/z")


@renderaccess
def get_stack_tileIds(
    stack, host=None, port=None, owner=None, project=None, session=None, render=None, **kwargs
) -> list[str]:
    """The ids of every tile in the stack."""
    r = session.get(f"{format_preamble(host, port, owner, project, stack)}/tileIds")
    if r.status_code != 200:
        logger.error(r.text)
        raise RenderError(r.text)
    try:
        return r.json()
    except ValueError:
        pass
    try:
        # some render-ws versions answered with single-quoted strings
        return json.loads(r.text.replace("'", '"'))
    except ValueError as e:
        logger.error(e)
        logger.error(r.text)
        raise RenderError(r.text) from e
