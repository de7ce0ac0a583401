"""RenderParameters JSON (A/RenderParameters.java) as render-ws's render-parameters endpoints answer it,
with the common render query parameters (RenderQueryParameters) applied."""

from __future__ import annotations

from dataclasses import dataclass

from render_emulator.model import omit_none


@dataclass(frozen=True)
class RenderQuery:
    """RenderQueryParameters (all optional)."""

    scale: float | None = None
    min_intensity: float | None = None
    max_intensity: float | None = None
    channels: str | None = None
    binary_mask: bool | None = None
    exclude_mask: bool | None = None
    do_filter: bool | None = None
    filter_list_name: str | None = None
    convert_to_gray: bool | None = None
    fill_with_noise: bool | None = None


def render_parameters(x: float, y: float, width: int, height: int, scale: float, tile_specs: list[dict],
                      query: RenderQuery, stack_version: dict | None = None) -> dict:
    """RenderParameters for a box; ``stack_version`` supplies mipmapPathBuilder and defaultChannel."""
    version = stack_version or {}
    channels = query.channels if query.channels is not None else version.get("defaultChannel")
    return omit_none({
        "meshCellSize": 64.0,
        "minMeshCellSize": 0.0,
        "x": float(x),
        "y": float(y),
        "width": int(width),
        "height": int(height),
        "scale": float(query.scale if query.scale is not None else scale),
        "areaOffset": False,
        "convertToGray": bool(query.convert_to_gray),
        "quality": 0.85,
        "numberOfThreads": 1,
        "skipInterpolation": False,
        "binaryMask": bool(query.binary_mask),
        "excludeMask": bool(query.exclude_mask),
        "doFilter": bool(query.do_filter),
        "addWarpFieldDebugOverlay": False,
        "fillWithNoise": bool(query.fill_with_noise),
        "minIntensity": query.min_intensity,
        "maxIntensity": query.max_intensity,
        "channels": channels,
        "mipmapPathBuilder": version.get("mipmapPathBuilder"),
        "tileSpecs": tile_specs,
        "minBoundsMeshCellSize": 64.0,
    })
