"""render-ws DeploymentConfigurationService: version info, server properties, named filter lists and
the image processor cache, answered for the emulator's own "deployment".
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from importlib import metadata
from typing import Any

DISTRIBUTION = "render-emulator"
# Flask app.extensions key under which an image-rendering service may keep a cache with ``clear()``
IMAGE_PROCESSOR_CACHE_KEY = "render_image_processor_cache"
SERVER_PROPERTIES_FILE = "resources/render-server.properties"

# render-ws/src/main/scripts/jetty/resources/render-server.properties as a deployment ships it
_DEFAULT_SERVER_PROPERTIES = (
    ("view.dynamicRenderHost", ""),
    ("view.openseadragonHost", "localhost:8090"),
    ("view.data_prep", ""),
    ("view.data_prepsh", ""),
    ("view.openseadragonDataHost", ""),
    ("view.openseadragonDataSourceFolder", ""),
    ("view.openseadragonDataDestinationFolder", ""),
    ("view.catmaidHost", ""),
    ("view.ndvizHost", ""),
    ("view.matchOwner", ""),
    ("view.matchCollection", ""),
    ("view.renderStack", ""),
    ("view.renderStackOwner", ""),
    ("view.renderStackProject", ""),
    ("webService.maxTileSpecsToRender", ""),
    ("webService.maxImageProcessorCacheGb", ""),
)


def package_version() -> str:
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "unknown"


def version_info() -> dict[str, str]:
    """The git-properties style map render-ws answers, describing the emulator build."""
    version = package_version()
    return {
        "git.build.version": version,
        "git.commit.id.describe": f"{DISTRIBUTION}-{version}",
    }


def server_properties(overrides: Mapping[str, Any] | None = None) -> dict:
    """RenderServerProperties JSON: ``filePath`` and the properties sorted by key (values as strings)."""
    properties = dict(_DEFAULT_SERVER_PROPERTIES)
    for key, value in (overrides or {}).items():
        properties[str(key)] = "" if value is None else str(value)
    return {
        "filePath": os.path.abspath(SERVER_PROPERTIES_FILE),
        "properties": {key: properties[key] for key in sorted(properties)},
    }


def _filter(class_name: str, **parameters: str) -> dict:
    return {"className": class_name, "parameters": dict(parameters)}


def default_named_filter_spec_lists() -> dict[str, list[dict]]:
    """The named lists of render-ws's default ``resources/filter_lists.json``."""
    streak = "org.janelia.alignment.destreak.ConfigurableMaskStreakCorrector"
    return {
        "invert": [_filter("org.janelia.alignment.filter.Invert")],
        "Z0422_17_VNC_1": [_filter(
            streak,
            dataString="6161,10920,0,6,6043,5459,113,3,5960,5458,83,5,5798,5456,162,9,5573,5453,225,15,"
                       "0,5448,5573,25,0,5360,4569,5,0,5556,4569,5",
        )],
        "22ak351_leaf_3r": [_filter(streak, dataString="5041,7920,0,6,0,3945,4503,28,4503,3953,452,15")],
        "simpleTest": [_filter(
            "org.janelia.alignment.filter.CLAHE", fast="true", blockRadius="500", bins="256", slope="2.5",
        )],
        "default": [
            _filter("org.janelia.alignment.filter.ValueToNoise", value="0.0", min="64.0", max="191.0"),
            _filter("org.janelia.alignment.filter.ValueToNoise", value="255.0", min="64.0", max="191.0"),
            _filter(
                "org.janelia.alignment.filter.NormalizeLocalContrast",
                blockRadiusX="500", blockRadiusY="500", meanFactor="3.0", center="true", stretch="true",
            ),
        ],
    }


def named_filter_spec_lists(configured: Mapping[str, list] | None = None) -> dict:
    """FilterFactory JSON ``{"namedFilterSpecLists": {name: [FilterSpec]}}``."""
    lists = default_named_filter_spec_lists() if configured is None else dict(configured)
    return {"namedFilterSpecLists": lists}


def invalidate_image_processor_cache(cache: Any = None) -> None:
    """Discard every cached image (no-op when the app keeps no cache)."""
    if cache is not None:
        cache.clear()
