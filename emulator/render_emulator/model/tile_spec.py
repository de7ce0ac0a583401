"""render-ws's TileSpec and ResolvedTileSpecCollection beans (render-app org/janelia/alignment/spec/
TileSpec.java:54-74, LayoutData.java:15-43, ImageAndMask.java:18-24, ChannelSpec.java:18-22,
ResolvedTileSpecCollection.java:57-58), declared for the hand-tuned reader in ``services/tile_json.py``
(the ingest fast path), which takes its field tables and type names from here."""

from __future__ import annotations

from render_emulator.model.types import DOUBLE, INTEGER, STRING, Bean, Enum, HashSetOf

TILE_SPEC_TYPE = "org.janelia.alignment.spec.TileSpec"
CHANNEL_SPEC_TYPE = "org.janelia.alignment.spec.ChannelSpec"
CHANNEL_LIST_TYPE = "java.util.List<ChannelSpec>"
MIPMAP_LEVELS_TYPE = "java.util.TreeMap<java.lang.Integer,ImageAndMask>"
RESOLVED_TILE_SPEC_COLLECTION_TYPE = "org.janelia.alignment.spec.ResolvedTileSpecCollection"
TRANSFORM_ID_TO_SPEC_MAP_TYPE = "java.util.Map<java.lang.String,TransformSpec>"
TILE_ID_TO_SPEC_MAP_TYPE = "java.util.Map<java.lang.String,TileSpec>"

# imageRow/imageCol are Integers (LayoutData.java:24-27)
LAYOUT_DATA = Bean("org.janelia.alignment.spec.LayoutData", (
    ("sectionId", STRING),
    ("temca", STRING),
    ("camera", STRING),
    ("imageRow", INTEGER),
    ("imageCol", INTEGER),
    ("stageX", DOUBLE),
    ("stageY", DOUBLE),
    ("rotation", DOUBLE),
    ("pixelsize", DOUBLE),
    ("distanceZ", DOUBLE),
))

# ImageLoader.LoaderType, constants in declaration order (ImageLoader.java:13-15), the order Jackson lists
# them in when it refuses another name
LOADER_TYPE = Enum("org.janelia.alignment.loader.ImageLoader$LoaderType", (
    "IMAGEJ_DEFAULT", "IMAGEJ_TIFF_STACK", "H5_SLICE", "N5_SLICE", "IMAGEJ_COMPOSITE", "DYNAMIC_MASK",
))
# ImageAndMask.java:18-24: loader types are LoaderType enums, slice numbers Integers
IMAGE_AND_MASK = Bean("org.janelia.alignment.ImageAndMask", (
    ("imageUrl", STRING),
    ("imageLoaderType", LOADER_TYPE),
    ("imageSliceNumber", INTEGER),
    ("maskUrl", STRING),
    ("maskLoaderType", LOADER_TYPE),
    ("maskSliceNumber", INTEGER),
))

# TileSpec's Double fields between groupId and mipmapLevels (TileSpec.java:57-67)
DOUBLE_FIELDS = ("z", "minX", "minY", "maxX", "maxY", "width", "height", "minIntensity", "maxIntensity")
# TileSpec's fields in declaration order, the order render-ws writes them (TileSpec.java:54-74)
FIELD_ORDER = (
    "tileId", "layout", "groupId", *DOUBLE_FIELDS, "mipmapLevels", "channels", "mipmapPathBuilder",
    "transforms", "meshCellSize", "labels",
)
# Jackson fills TileSpec's Set<String> labels with a new HashSet (TileSpec.java:74)
LABELS = HashSetOf(STRING, "java.util.Set<java.lang.String>")
