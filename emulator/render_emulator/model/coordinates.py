"""render-ws's TileCoordinates bean (render-app org/janelia/alignment/spec/TileCoordinates.java:25-29),
the element of the coordinate endpoints' ``List<TileCoordinates>`` bodies."""

from __future__ import annotations

from render_emulator.model import scalars
from render_emulator.model.types import PRIMITIVE_DOUBLE, STRING, Bean, ListOf, Scalar

TILE_COORDINATES_TYPE = "org.janelia.alignment.spec.TileCoordinates"

# a double[] (null elements read as 0.0)
DOUBLE_ARRAY = ListOf(PRIMITIVE_DOUBLE, "double[]")
# TileCoordinates.visible is a Boolean; the coordinate endpoints word its mismatch with the value's repr
_VISIBLE = Scalar("java.lang.Boolean", lambda value: scalars.java_boolean(value, name_value=True))

TILE_COORDINATES = Bean(TILE_COORDINATES_TYPE, (
    ("tileId", STRING),
    ("visible", _VISIBLE),
    ("local", DOUBLE_ARRAY),
    ("world", DOUBLE_ARRAY),
    ("error", STRING),
))
TILE_COORDINATES_LIST = ListOf(TILE_COORDINATES, f"java.util.List<{TILE_COORDINATES_TYPE}>")
