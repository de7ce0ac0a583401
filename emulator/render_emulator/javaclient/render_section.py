"""org.janelia.render.client.RenderSectionClient: render each layer (its bounds, the stack's bounds or
``--bounds``) at ``--scale`` from the server's box render-parameters, locally through the emulator's image
service, into ``<root>/<project>/<stack>/sections_at_<scale>/<zzz>/<h>/<z>.<format>`` (or a custom folder)."""

from __future__ import annotations

import os

from render_emulator.errors import RenderWsError
from render_emulator.javaclient.data_client import ClientError, RenderDataClient, z_text
from render_emulator.javaclient.options import (
    CommandLine,
    MainParameter,
    Option,
    ParameterError,
    java_boolean,
    java_double,
    java_integer,
    web_service_options,
)
from render_emulator.javaclient.runner import EmulatedClient, log
from render_emulator.services.renderer import parse_render_parameters, render_encoded
from renderapi._java import java_number_text

CLASS_NAME = "org.janelia.render.client.RenderSectionClient"
FORMAT_BY_NAME = {"png": "png-image", "jpg": "jpeg-image", "jpeg": "jpeg-image",
                  "tif": "tiff-image", "tiff": "tiff-image"}


def integer_list(text: str) -> list[int]:
    """A JCommander ``List<Integer>`` value: comma separated integers."""
    try:
        return [int(part) for part in text.split(",")]
    except ValueError:
        raise ParameterError(f'"{text}": couldn\'t convert to an integer list') from None


def command_line() -> CommandLine:
    return CommandLine(CLASS_NAME, [
        *web_service_options(),
        Option("--stack", "Stack name", required=True),
        Option("--rootDirectory", "Root directory for rendered layers", required=True),
        Option("--scale", "Scale for each rendered layer", convert=java_double, default=0.02),
        Option("--format", "Format for rendered boxes", default="png"),
        Option("--resolutionUnit", "Resolution unit for tiff headers"),
        Option("--doFilter", "Use ad hoc filter to support alignment", convert=java_boolean, default=True),
        Option("--filterListName", "Apply this filter list to all rendering (overrides doFilter option)"),
        Option("--channels", "Specify channel(s) and weights to render"),
        Option("--fillWithNoise", "Fill image with noise first", convert=java_boolean, default=True),
        Option("--bounds", "Bounds used for all layers: xmin, xmax, ymin,ymax", convert=integer_list),
        Option("--customOutputFolder", "Custom named folder for output"),
        Option("--customSubFolder", "Name for subfolder to customOutputFolder, if used"),
        Option("--padFileNamesWithZeros", "Pad file names with zeroes", arity=0, default=False),
        Option("--maxIntensity", "Max intensity to render image", convert=java_integer),
        Option("--minIntensity", "Min intensity to render image", convert=java_integer),
        Option("--renderTileLabels", "Render tiles as single color labels", arity=0, default=False),
        Option("--useStackBounds", "Use stack bounds instead of layer bounds for rendered canvas", arity=0,
               default=False),
    ], MainParameter("Z values for sections to render", convert=java_double, required=True))


def section_directory(values: dict) -> str:
    """The directory sections are written to; it must lie under ``--rootDirectory`` (render's client
    joins the names unchecked, so ``--stack ../../x`` would write elsewhere: README, Known differences)."""
    root = os.path.abspath(values["rootDirectory"])
    if values["customOutputFolder"] is not None:
        parts = [values["customOutputFolder"]] + ([values["customSubFolder"]] if values["customSubFolder"]
                                                   is not None else [])
        directory = os.path.abspath(os.path.join(root, *parts))
    else:
        directory = os.path.abspath(os.path.join(root, values["project"], values["stack"],
                                                 f"sections_at_{java_number_text(float(values['scale']))}"))
    if os.path.commonpath([root, directory]) != root:
        raise ClientError(f"render-emulator java client: output directory '{directory}' is outside "
                          f"--rootDirectory '{root}'")
    return directory


def section_file(values: dict, directory: str, z: float) -> str:
    name = f"{int(z):05d}" if values["padFileNamesWithZeros"] else z_text(z)
    parent = directory
    if values["customOutputFolder"] is None:
        parent = os.path.join(directory, f"{int(z) // 1000:03d}", str((int(z) % 1000) // 100))
    os.makedirs(parent, exist_ok=True)
    return os.path.join(parent, f"{name}.{values['format'].lower()}")


def box_of(values: dict, bounds: dict) -> tuple[float, float, int, int]:
    """(x, y, width, height): ``--bounds`` when it holds four values, else the given bounds rounded."""
    given = values["bounds"]
    if given is not None and len(given) == 4:
        return float(given[0]), float(given[2]), given[1] - given[0], given[3] - given[2]
    return (float(bounds["minX"]), float(bounds["minY"]), int(bounds["maxX"] - bounds["minX"] + 0.5),
            int(bounds["maxY"] - bounds["minY"] + 0.5))


def render_parameters(client: RenderDataClient, values: dict, z: float, bounds: dict) -> dict:
    x, y, width, height = box_of(values, bounds)
    box = ",".join([java_number_text(x), java_number_text(y), str(width), str(height),
                    java_number_text(float(values["scale"]))])
    query = {name: values[name] for name in ("filterListName", "minIntensity", "maxIntensity")
             if values[name] is not None}
    params = client.get_json(f"{client.z_url(values['stack'], z)}/box/{box}/render-parameters", params=query)
    # Utils.saveImage(…, convertToGray=true, 0.85): sections are written as gray images
    params.update(fillWithNoise=values["fillWithNoise"], doFilter=values["doFilter"], convertToGray=True,
                  quality=0.85)
    if values["channels"] is not None:
        params["channels"] = values["channels"]
    return params


def run(values: dict) -> None:
    if values["renderTileLabels"]:
        raise ClientError("render-emulator java client: --renderTileLabels is not emulated")
    fmt = FORMAT_BY_NAME.get(values["format"].lower())
    if fmt is None:
        raise ClientError(f"unsupported format '{values['format']}' (png, jpg, jpeg, tif, tiff)")
    client = RenderDataClient(values["baseDataUrl"], values["owner"], values["project"])
    stack = values["stack"]
    stack_bounds = None
    if values["useStackBounds"]:
        stack_bounds = (client.stack_metadata(stack).get("stats") or {}).get("stackBounds")
        if stack_bounds is None:
            raise ClientError(f"stack {stack} has no bounds (is it COMPLETE?)")
    directory = section_directory(values)
    os.makedirs(directory, exist_ok=True)
    for z in values["main"]:
        log(f"generateImageForZ: {z_text(z)}, entry, sectionDirectory={directory}")
        bounds = stack_bounds or client.get_json(f"{client.z_url(stack, z)}/bounds")
        params = render_parameters(client, values, z, bounds)
        path = section_file(values, directory, z)
        try:
            image = render_encoded(parse_render_parameters(params), fmt)
        except RenderWsError as error:
            raise ClientError(str(getattr(error, "message", None) or error)) from None
        with open(path, "wb") as handle:
            handle.write(image.data)
        log(f"generateImageForZ: {z_text(z)}, exit")


CLIENT = EmulatedClient(CLASS_NAME, command_line, run)
