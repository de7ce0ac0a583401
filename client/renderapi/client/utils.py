"""The :func:`renderclientaccess` decorator: fills in a java-client connection for a function."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from decorator import decorator

from ..errors import ClientScriptError
from ..render import Render, RenderClient
from ..utils import fitargspec


def _checked_client_script(kwargs: dict) -> str:
    """The client script named by ``client_script`` or, failing that, found in ``client_scripts``;
    :class:`ClientScriptError` unless it is an existing file."""
    client_script = kwargs.get("client_script")
    if client_script is None:
        client_scripts = kwargs.get("client_scripts")
        if client_scripts is None:
            raise ClientScriptError(
                "No client script information specified: "
                f"client_scripts={client_scripts} client_script={client_script}")
        if not os.path.isdir(client_scripts):
            raise ClientScriptError(f"invalid client_scripts directory {client_scripts}")
        client_script = RenderClient.clientscript_from_clientscripts(client_scripts)
    if not os.path.isfile(client_script):
        raise ClientScriptError(f"invalid client script: {client_script} not a file")
    return client_script


@decorator
def renderclientaccess(f: Callable, *args: Any, **kwargs: Any) -> Any:
    """Like :func:`renderapi.render.renderaccess`, for functions that run the java client.

    With ``render=`` a :class:`RenderClient` fills in every connection argument left None (host,
    port, owner, project, client_scripts, client_script, memGB, session); a plain :class:`Render`
    is first turned into a :class:`RenderClient` (its client script derived from
    ``client_scripts``, :class:`ClientScriptError` when that file is missing); any other object is
    a ValueError. Without ``render`` the explicit ``client_script`` (or ``client_scripts``) must
    name an existing script, else :class:`ClientScriptError`.
    """
    args, kwargs = fitargspec(f, args, kwargs)
    render = kwargs.get("render")
    if render is None:
        _checked_client_script(kwargs)
        return f(*args, **kwargs)
    if not isinstance(render, RenderClient):
        if not isinstance(render, Render):
            raise ValueError(f"invalid RenderClient object type {type(render)} specified!")
        render = RenderClient(**render.make_kwargs(**kwargs))
    return f(*args, **render.make_kwargs(**kwargs))


__all__ = ["renderclientaccess", "ClientScriptError"]
