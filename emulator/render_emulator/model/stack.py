"""render-ws's stack beans (render-app org/janelia/alignment/spec/stack/*.java and friends), declared
with their Java field types in declaration order."""

from __future__ import annotations

from render_emulator.model.matches import MATCH_COLLECTION_ID
from render_emulator.model.types import DOUBLE, INTEGER, LONG, STRING, Bean, Enum, ListOf, date, first_seen

_STACK = "org.janelia.alignment.spec.stack"

# spec/stack/StackId.java:22-24
STACK_ID = Bean(f"{_STACK}.StackId", (("owner", STRING), ("project", STRING), ("stack", STRING)))


# spec/Bounds.java (minX … maxZ, all Double)
BOUNDS = Bean(
    "org.janelia.alignment.spec.Bounds",
    tuple((name, DOUBLE) for name in ("minX", "minY", "minZ", "maxX", "maxY", "maxZ")),
)

# spec/stack/MipmapPathBuilder.java:68-71
MIPMAP_PATH_BUILDER = Bean(f"{_STACK}.MipmapPathBuilder", (
    ("rootPath", STRING),
    ("numberOfLevels", INTEGER),
    ("extension", STRING),
    ("imageMipmapPatternString", STRING),
))

# spec/stack/StackVersion.java:18-31
STACK_VERSION = Bean(f"{_STACK}.StackVersion", (
    ("createTimestamp", date("createTimestamp")),
    ("versionNotes", STRING),
    ("cycleNumber", INTEGER),
    ("cycleStepNumber", INTEGER),
    ("stackResolutionX", DOUBLE),
    ("stackResolutionY", DOUBLE),
    ("stackResolutionZ", DOUBLE),
    ("materializedBoxRootPath", STRING),
    ("mipmapPathBuilder", MIPMAP_PATH_BUILDER),
    ("alignmentQuality", DOUBLE),
    ("defaultChannel", STRING),
))

# StackVersion.setStackResolutionValues(List<Double>) (StackVersion.java:127): the PUT resolutionValues body
RESOLUTION_VALUES = ListOf(DOUBLE, "java.util.ArrayList<java.lang.Double>")

# spec/stack/ReconstructionCycle.java:15-16
RECONSTRUCTION_CYCLE = Bean(f"{_STACK}.ReconstructionCycle", (("number", INTEGER), ("stepNumber", INTEGER)))

# spec/stack/HierarchicalStack.java:35-49
HIERARCHICAL_STACK = Bean(f"{_STACK}.HierarchicalStack", (
    ("roughTilesStackId", STACK_ID),
    ("parentTierStackId", STACK_ID),
    ("alignedStackId", STACK_ID),
    ("warpTilesStackId", STACK_ID),
    ("tier", INTEGER),
    ("tierRow", INTEGER),
    ("tierColumn", INTEGER),
    ("totalTierRowCount", INTEGER),
    ("totalTierColumnCount", INTEGER),
    ("scale", DOUBLE),
    ("fullScaleBounds", BOUNDS),
    ("matchCollectionId", MATCH_COLLECTION_ID),
    ("savedMatchPairCount", LONG),
    ("splitGroupIds", ListOf(STRING, "java.util.Set<java.lang.String>", collect=first_seen)),
    ("alignmentQuality", DOUBLE),
))

# spec/stack/StackStats.java:17-26
STACK_STATS = Bean(f"{_STACK}.StackStats", (
    ("stackBounds", BOUNDS),
    ("sectionCount", LONG),
    ("nonIntegralSectionCount", LONG),
    ("tileCount", LONG),
    ("transformCount", LONG),
    ("minTileWidth", INTEGER),
    ("maxTileWidth", INTEGER),
    ("minTileHeight", INTEGER),
    ("maxTileHeight", INTEGER),
    ("channelNames", ListOf(STRING, "java.util.Set<java.lang.String>", collect=first_seen)),
))

# spec/stack/StackMetaData.java:19 (StackState) and :21-28
STACK_STATE = Enum(f"{_STACK}.StackMetaData$StackState", ("LOADING", "COMPLETE", "READ_ONLY", "OFFLINE"))
STACK_META_DATA = Bean(f"{_STACK}.StackMetaData", (
    ("stackId", STACK_ID),
    ("state", STACK_STATE),
    ("lastModifiedTimestamp", date("lastModifiedTimestamp")),
    ("currentVersionNumber", INTEGER),
    ("currentVersion", STACK_VERSION),
    ("stats", STACK_STATS),
    ("hierarchicalData", HIERARCHICAL_STACK),
))
