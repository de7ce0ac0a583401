"""render-ws's RenderParameters bean (render-app org/janelia/alignment/RenderParameters.java:69-153) and
FilterSpec (org/janelia/alignment/filter/FilterSpec.java), as RenderParameters.parseJson reads them."""

from __future__ import annotations

import numpy as np

from render_emulator.model import scalars
from render_emulator.model.reader import Readable
from render_emulator.model.stack import MIPMAP_PATH_BUILDER
from render_emulator.model.types import (
    DOUBLE,
    INTEGER,
    PRIMITIVE_BOOLEAN,
    PRIMITIVE_DOUBLE,
    PRIMITIVE_INT,
    STRING,
    Bean,
    ListOf,
    MapOf,
    Scalar,
)

RENDER_PARAMETERS_TYPE = "org.janelia.alignment.RenderParameters"
TILE_SPEC_ARRAY_TYPE = "org.janelia.alignment.spec.TileSpec[]"

# FilterSpec: className and a String-to-String parameters map
FILTER_SPEC = Bean("org.janelia.alignment.filter.FilterSpec", (
    ("className", STRING),
    ("parameters", MapOf(STRING, "java.util.Map")),
))
# RenderParameters.quality is a primitive float (RenderParameters.java:111)
PRIMITIVE_FLOAT = Scalar("float", lambda value: np.float32(scalars.primitive_double(value)))


def render_parameters_type(tile_spec: Readable) -> Bean:
    """The RenderParameters bean, its ``tileSpecs`` read with ``tile_spec`` (TileSpec reading lives with
    the tile services, which the model does not import). The fields the emulator reads; not yet declared
    (so not type-checked): addWarpFieldDebugOverlay, fillWithNoise and the minBounds* fields."""
    return Bean(RENDER_PARAMETERS_TYPE, (
        ("tileSpecUrl", STRING),
        ("meshCellSize", PRIMITIVE_DOUBLE),
        ("minMeshCellSize", PRIMITIVE_DOUBLE),
        ("in", STRING),
        ("out", STRING),
        ("x", PRIMITIVE_DOUBLE),
        ("y", PRIMITIVE_DOUBLE),
        ("width", PRIMITIVE_INT),
        ("height", PRIMITIVE_INT),
        ("scale", PRIMITIVE_DOUBLE),
        ("areaOffset", PRIMITIVE_BOOLEAN),
        ("minIntensity", DOUBLE),
        ("maxIntensity", DOUBLE),
        ("convertToGray", PRIMITIVE_BOOLEAN),
        ("quality", PRIMITIVE_FLOAT),
        ("numberOfThreads", PRIMITIVE_INT),
        ("skipInterpolation", PRIMITIVE_BOOLEAN),
        ("binaryMask", PRIMITIVE_BOOLEAN),
        ("excludeMask", PRIMITIVE_BOOLEAN),
        ("parametersUrl", STRING),
        ("doFilter", PRIMITIVE_BOOLEAN),
        ("backgroundRGBColor", INTEGER),
        ("channels", STRING),
        ("mipmapPathBuilder", MIPMAP_PATH_BUILDER),
        ("filterSpecs", ListOf(FILTER_SPEC, "java.util.List<org.janelia.alignment.filter.FilterSpec>")),
        ("tileSpecs", ListOf(tile_spec, TILE_SPEC_ARRAY_TYPE)),
    ))
