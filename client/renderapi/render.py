"""Connection settings (:class:`Render`, :class:`RenderClient`, :func:`connect`), the
:func:`renderaccess` decorator, URL helpers and owner/project queries."""

from __future__ import annotations

import logging
import os
from typing import Any

import requests
from decorator import decorator

from .errors import ClientScriptError
from .utils import NullHandler, defaultifNone, fitargspec, get_json, requests_with_render_json

requests_with_render_json()   # render-python's JSON parser for every request made through renderapi

logger = logging.getLogger(__name__)
logger.addHandler(NullHandler())


class Render:
    """Connection settings for a render-ws server that other renderapi calls default to.

    Attributes ``DEFAULT_HOST``, ``DEFAULT_PORT``, ``DEFAULT_OWNER``, ``DEFAULT_PROJECT``,
    ``DEFAULT_CLIENT_SCRIPTS`` and ``session`` (a shared ``requests.Session``, created unless one is
    given or ``create_session`` is False). See :func:`connect` for the parameters.
    """

    def __init__(
        self,
        host: str | None = None,
        port: int | str | None = None,
        owner: str | None = None,
        project: str | None = None,
        client_scripts: str | None = None,
        session: requests.Session | None = None,
        create_session: bool = True,
        **kwargs: Any,
    ):
        self.DEFAULT_HOST = host
        self.DEFAULT_PORT = port
        self.DEFAULT_PROJECT = project
        self.DEFAULT_OWNER = owner
        self.DEFAULT_CLIENT_SCRIPTS = client_scripts
        self.session = requests.Session() if session is None and create_session else session
        logger.debug(
            "Render object created with host=%s, port=%s, project=%s, owner=%s, scripts=%s",
            host, port, project, owner, client_scripts,
        )

    @property
    def DEFAULT_KWARGS(self) -> dict:
        """The keyword arguments this object fills in: ``make_kwargs()`` without overrides."""
        return self.make_kwargs()

    def make_kwargs(
        self,
        host: str | None = None,
        port: int | str | None = None,
        owner: str | None = None,
        project: str | None = None,
        client_scripts: str | None = None,
        session: requests.Session | None = None,
        **kwargs: Any,
    ) -> dict:
        """Keyword arguments with host, port, owner, project, client_scripts and session taken from
        this object wherever they are None; other keyword arguments pass through unchanged."""
        processed = {
            "host": self.DEFAULT_HOST if host is None else host,
            "port": self.DEFAULT_PORT if port is None else port,
            "owner": self.DEFAULT_OWNER if owner is None else owner,
            "project": self.DEFAULT_PROJECT if project is None else project,
            "client_scripts": self.DEFAULT_CLIENT_SCRIPTS if client_scripts is None else client_scripts,
            "session": self.session if session is None else session,
        }
        processed.update(kwargs)
        return processed

    def run(self, f: Any, *args: Any, **kwargs: Any) -> Any:
        """Call renderapi function ``f`` with ``render=self``,
        e.g. ``render.run(renderapi.stack.get_z_values_for_stack, 'mystack')``."""
        kwargs["render"] = self
        return f(*args, **kwargs)


class RenderClient(Render):
    """A :class:`Render` that can also run the render-ws java client through ``client_script``
    (a ``run_ws_client.sh``) with java heap ``memGB`` (default ``'1G'``).

    With ``validate_client`` a missing script raises :class:`~renderapi.errors.ClientScriptError`;
    without ``client_script`` it is derived from ``client_scripts``.
    """

    client_script_wrapper = "run_ws_client.sh"

    def __init__(
        self,
        client_script: str | None = None,
        memGB: str | None = None,
        validate_client: bool = True,
        *args: Any,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        if validate_client:
            if client_script is None:
                if self.DEFAULT_CLIENT_SCRIPTS is None:
                    raise ClientScriptError("No RenderClient script specified!")
                logger.debug(
                    "Attempting to derive client script from client_scripts variable %s",
                    self.DEFAULT_CLIENT_SCRIPTS,
                )
                client_script = self.clientscript_from_clientscripts(self.DEFAULT_CLIENT_SCRIPTS)
            if not os.path.isfile(client_script):
                raise ClientScriptError(f"Client script {client_script} not found!")
        if client_script is not None and self.client_script_wrapper not in os.path.basename(client_script):
            logger.warning("Unrecognized client script %s!", client_script)
        self.client_script = client_script
        if memGB is None:
            logger.warning("No default Java heap specified -- defaulting to 1G")
            memGB = "1G"
        self.memGB = memGB

    @classmethod
    def clientscript_from_clientscripts(cls, client_scripts: str) -> str:
        """Path of the client script wrapper inside the ``client_scripts`` directory."""
        return os.path.join(client_scripts, cls.client_script_wrapper)

    def make_kwargs(self, *args: Any, **kwargs: Any) -> dict:
        """:meth:`Render.make_kwargs` plus ``client_script`` and ``memGB`` defaults."""
        client_script = defaultifNone(kwargs.pop("client_script", None), self.client_script)
        memGB = defaultifNone(kwargs.pop("memGB", None), self.memGB)
        return super().make_kwargs(*args, client_script=client_script, memGB=memGB, **kwargs)


def _setting_from_environment(env_var: str, prompt: str, label: str) -> str:
    """The environment variable's value, else an interactive answer; an empty value is a ValueError."""
    value = str(os.environ[env_var]) if env_var in os.environ else str(input(prompt))
    if value == "":
        logger.critical("%s must not be empty!", label)
        raise ValueError(f"{label} must not be empty!")
    return value


def connect(
    host: str | None = None,
    port: int | str | None = None,
    owner: str | None = None,
    project: str | None = None,
    client_scripts: str | None = None,
    client_script: str | None = None,
    memGB: str | None = None,
    force_http: bool = True,
    validate_client: bool = True,
    web_only: bool = False,
    session: requests.Session | None = None,
    **kwargs: Any,
) -> Render:
    """Make a :class:`RenderClient` (or a :class:`Render` when no usable client script is found).

    Unset values come from the environment (``RENDER_HOST``, ``RENDER_PORT``, ``RENDER_OWNER``,
    ``RENDER_PROJECT``, ``RENDER_CLIENT_SCRIPTS`` unless ``web_only``, ``RENDER_CLIENT_SCRIPT``,
    ``RENDER_CLIENT_HEAP``), else from a prompt. ``force_http`` prefixes a host that does not start with
    ``http`` with ``http://``. Other keyword arguments are ignored, so ``connect(**r.DEFAULT_KWARGS)``
    round-trips.
    """
    if host is None:
        host = _setting_from_environment("RENDER_HOST", "Enter Render Host: ", "Render Host")
    if force_http and not host.startswith("http"):
        host = f"http://{host}"

    if port is None:
        if "RENDER_PORT" in os.environ:
            port = int(os.environ["RENDER_PORT"])
        else:
            port = str(int(input("Enter Render Port: ")))

    if project is None:
        project = _setting_from_environment("RENDER_PROJECT", "Enter Render Project: ", "Render Project")
    if owner is None:
        owner = _setting_from_environment("RENDER_OWNER", "Enter Render Owner: ", "Render Owner")

    if client_scripts is None and not web_only:
        client_scripts = _setting_from_environment(
            "RENDER_CLIENT_SCRIPTS", "Enter Render Client Scripts location: ", "Render Client Scripts"
        )
    if client_script is None:
        if "RENDER_CLIENT_SCRIPT" in os.environ:
            client_script = str(os.environ["RENDER_CLIENT_SCRIPT"])
        elif client_scripts is not None:
            client_script = RenderClient.clientscript_from_clientscripts(client_scripts)

    if memGB is None and "RENDER_CLIENT_HEAP" in os.environ:
        memGB = str(os.environ["RENDER_CLIENT_HEAP"])

    try:
        return RenderClient(
            client_script=client_script,
            memGB=memGB,
            host=host,
            port=port,
            owner=owner,
            project=project,
            client_scripts=client_scripts,
            validate_client=validate_client,
            session=session,
        )
    except ClientScriptError as e:
        logger.info(e)
        logger.warning("Could not initiate render Client -- falling back to web")
        return Render(
            host=host, port=port, owner=owner, project=project, client_scripts=client_scripts, session=session
        )


@decorator
def renderaccess(f, *args, **kwargs):
    """Let ``f`` take its connection settings from a ``render=`` :class:`Render` object.

    Explicit non-None host/port/owner/project/client_scripts/session arguments win over the object's;
    a call without a session gets a fresh ``requests.Session``. A ``render`` that is not a
    :class:`Render` raises ValueError. The decorated function keeps ``f``'s signature.
    """
    args, kwargs = fitargspec(f, args, kwargs)
    render = kwargs.get("render")
    if render is not None:
        if not isinstance(render, Render):
            raise ValueError(f"invalid Render object type {type(render)} specified!")
        kwargs = render.make_kwargs(**kwargs)
    if kwargs.get("session") is None:
        kwargs["session"] = requests.Session()
    return f(*args, **kwargs)


def format_baseurl(host: str, port: int | str | None) -> str:
    """``{host}[:{port}]/render-ws/v1`` (``host`` includes the scheme)."""
    server = host if port is None else f"{host}:{port}"
    return f"{server}/render-ws/v1"


def format_preamble(host: str, port: int | str | None, owner: str, project: str, stack: str) -> str:
    """The URL of a stack: ``{base}/owner/{owner}/project/{project}/stack/{stack}``."""
    return f"{format_baseurl(host, port)}/owner/{owner}/project/{project}/stack/{stack}"


@renderaccess
def get_owners(host=None, port=None, session=None, render=None, **kwargs) -> list[str]:
    """Owners of all stacks on the server."""
    return get_json(session, f"{format_baseurl(host, port)}/owners/")


@renderaccess
def get_stack_metadata_by_owner(
    owner=None, host=None, port=None, session=None, render=None, **kwargs
) -> list[dict]:
    """Metadata (``StackMetaData`` dicts) of every stack of ``owner``."""
    request_url = f"{format_baseurl(host, port)}/owner/{owner}/stacks/"
    logger.debug(request_url)
    return get_json(session, request_url)


@renderaccess
def get_projects_by_owner(owner=None, host=None, port=None, session=None, render=None, **kwargs) -> list[str]:
    """Projects of ``owner`` (unordered, as render-python)."""
    metadata = get_stack_metadata_by_owner(owner=owner, host=host, port=port, session=session)
    return list({m["stackId"]["project"] for m in metadata})


@renderaccess
def get_stacks_by_owner_project(
    owner=None, project=None, host=None, port=None, session=None, render=None, **kwargs
) -> list[str]:
    """Names of the stacks in ``owner``'s ``project``."""
    metadata = get_stack_metadata_by_owner(owner=owner, host=host, port=port, session=session)
    return [m["stackId"]["stack"] for m in metadata if m["stackId"]["project"] == project]
