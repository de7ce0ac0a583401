"""org.janelia.alignment.ArgbRenderer (and its deprecated alias org.janelia.alignment.Render): build
RenderParameters from the command line, a ``--parameters_url`` document (filling options left at their
defaults) and ``--tile_spec_url`` tile specs, render them with the emulator's image service and write the
image to ``--out`` in the format its extension names."""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import unquote, urlparse

import requests

from render_emulator.errors import RenderWsError
from render_emulator.javaclient.data_client import ClientError
from render_emulator.javaclient.files import read_json
from render_emulator.javaclient.options import CommandLine, Option, java_double, java_integer
from render_emulator.javaclient.runner import EmulatedClient, log
from render_emulator.services.renderer import parse_render_parameters, render_encoded

CLASS_NAME = "org.janelia.alignment.ArgbRenderer"
ALIAS_CLASS_NAME = "org.janelia.alignment.Render"
FORMAT_BY_EXTENSION = {"png": "png-image", "jpg": "jpeg-image", "jpeg": "jpeg-image",
                       "tif": "tiff-image", "tiff": "tiff-image"}

# (option, RenderParameters field, converter, default); flags have converter None
_VALUE_OPTIONS = (
    ("--tile_spec_url", "tileSpecUrl", str, None),
    ("--meshCellSize", "meshCellSize", java_double, 64.0),
    ("--minMeshCellSize", "minMeshCellSize", java_double, 0.0),
    ("--in", "in", str, None),
    ("--out", "out", str, None),
    ("--x", "x", java_double, 0.0),
    ("--y", "y", java_double, 0.0),
    ("--width", "width", java_integer, 256),
    ("--height", "height", java_integer, 256),
    ("--scale", "scale", java_double, 1.0),
    ("--minIntensity", "minIntensity", java_double, None),
    ("--maxIntensity", "maxIntensity", java_double, None),
    ("--quality", "quality", java_double, 0.85),
    ("--threads", "numberOfThreads", java_integer, 1),
    ("--parameters_url", "parametersUrl", str, None),
    ("--background_color", "backgroundRGBColor", java_integer, None),
    ("--channels", "channels", str, None),
)
_FLAG_OPTIONS = (
    ("--area_offset", "areaOffset"), ("--gray", "convertToGray"),
    ("--skip_interpolation", "skipInterpolation"), ("--binary_mask", "binaryMask"),
    ("--exclude_mask", "excludeMask"), ("--do_filter", "doFilter"), ("--fill_with_noise", "fillWithNoise"),
)
_ALIASES = {"--res": "--meshCellSize", "--min_res": "--minMeshCellSize"}


def command_line() -> CommandLine:
    options = [Option(name, field, convert, default, required=(name == "--out"))
               for name, field, convert, default in _VALUE_OPTIONS]
    options += [Option(alias, f"alias of {name}", dict((o.name, o.convert) for o in options)[name])
                for alias, name in _ALIASES.items()]
    options += [Option(name, field, arity=0, default=False) for name, field in _FLAG_OPTIONS]
    return CommandLine(CLASS_NAME, options)


def load_json(location: str) -> Any:
    """JSON from a path, a ``file:`` URI or an http(s) URL (Utils.convertPathOrUriStringToUri)."""
    parsed = urlparse(location)
    if parsed.scheme in ("http", "https"):
        try:
            response = requests.get(location, timeout=300)
            response.raise_for_status()
            return response.json()
        except (requests.RequestException, ValueError) as error:
            raise ClientError(f"failed to load {location}: {error}") from None
    return read_json(unquote(parsed.path) if parsed.scheme == "file" else location)


def _given(values: dict, name: str) -> Any:
    alias = next((a for a, target in _ALIASES.items() if target == name), None)
    value = values[name.lstrip("-")]
    if alias is not None and values[alias.lstrip("-")] is not None:
        value = values[alias.lstrip("-")]
    return value


def render_parameters(values: dict) -> dict:
    """RenderParameters as JSON: command-line values, base parameters for options left at their default,
    then the tile specs of ``--tile_spec_url`` appended."""
    base = load_json(values["parameters_url"]) if values["parameters_url"] else {}
    if not isinstance(base, dict):
        raise ClientError(f"{values['parameters_url']} does not hold a render parameters object")
    params = dict(base)
    for name, field, _, default in _VALUE_OPTIONS:
        value = _given(values, name)
        if value is not None and (value != default or field not in base):
            params[field] = value
    for name, field in _FLAG_OPTIONS:
        if values[name.lstrip("-")]:
            params[field] = True
    tiles = list(params.get("tileSpecs") or [])
    if values["tile_spec_url"]:
        loaded = load_json(values["tile_spec_url"])
        if not isinstance(loaded, list):
            raise ClientError(f"{values['tile_spec_url']} does not hold a JSON array of tile specs")
        tiles += loaded
    params["tileSpecs"] = tiles
    return params


def output_path_and_format(out: str) -> tuple[str, str]:
    parsed = urlparse(out)
    path = unquote(parsed.path) if parsed.scheme == "file" else out
    extension = os.path.splitext(path)[1].lstrip(".").lower()
    fmt = FORMAT_BY_EXTENSION.get(extension)
    if fmt is None:
        raise ClientError(f"unsupported output format '{extension}' for {out} (png, jpg, jpeg, tif, tiff)")
    return path, fmt


def run(values: dict) -> None:
    for flag, what in (("in", "--in (drawing onto an input image)"), ("area_offset", "--area_offset")):
        if values[flag]:
            raise ClientError(f"render-emulator java client: {what} is not emulated")
    path, fmt = output_path_and_format(values["out"])
    params = render_parameters(values)
    try:
        image = render_encoded(parse_render_parameters(params), fmt)
    except RenderWsError as error:
        raise ClientError(str(getattr(error, "message", None) or error)) from None
    try:
        with open(path, "wb") as handle:
            handle.write(image.data)
    except OSError as error:
        raise ClientError(f"failed to write {path}: {error}") from None
    log(f"render: wrote {path}")


CLIENT = EmulatedClient(CLASS_NAME, command_line, run)
ALIAS_CLIENT = EmulatedClient(ALIAS_CLASS_NAME, command_line, run)
