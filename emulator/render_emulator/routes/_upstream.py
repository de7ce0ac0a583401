"""Every render-ws endpoint (method, @Path template relative to /render-ws), for 501s and coverage.

Compiled from render-ws's *Service classes (StackMetaDataService, RenderDataService, TileDataService,
CoordinateService, RenderImageService, TileImageService, MatchService, HierarchicalDataService,
ValidationService, DeploymentConfigurationService). Paths the emulator does not serve answer 501.
ENDPOINT_NOTES holds the known differences of single endpoints (README "Known differences", verbatim).
"""

UPSTREAM_ENDPOINTS: tuple[tuple[str, str], ...] = (
    ("GET", "v1/likelyUniqueId"),
    ("GET", "v1/serverProperties"),
    ("GET", "v1/versionInfo"),
    ("GET", "v1/namedFilterSpecLists"),
    ("DELETE", "v1/imageProcessorCache/allEntries"),
    ("GET", "v1/owners"),
    ("GET", "v1/owner/{owner}/projects"),
    ("GET", "v1/owner/{owner}/stackIds"),
    ("GET", "v1/owner/{owner}/project/{project}/stackIds"),
    ("GET", "v1/owner/{owner}/stacks"),
    ("GET", "v1/owner/{owner}/project/{project}/stacks"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}"),
    ("POST", "v1/owner/{owner}/project/{project}/stack/{stack}"),
    ("DELETE", "v1/owner/{owner}/project/{project}/stack/{stack}"),
    ("PUT", "v1/owner/{owner}/project/{project}/stack/{stack}/state/{state}"),
    ("PUT", "v1/owner/{owner}/project/{project}/stack/{stack}/stackId"),
    ("PUT", "v1/owner/{owner}/project/{project}/stack/{stack}/cloneTo/{toStack}"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/resolutionValues"),
    ("PUT", "v1/owner/{owner}/project/{project}/stack/{stack}/resolutionValues"),
    ("DELETE", "v1/owner/{owner}/project/{project}/stack/{stack}/resolutionValues"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/materializedBoxRootPath"),
    ("PUT", "v1/owner/{owner}/project/{project}/stack/{stack}/materializedBoxRootPath"),
    ("DELETE", "v1/owner/{owner}/project/{project}/stack/{stack}/materializedBoxRootPath"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/mipmapPathBuilder"),
    ("PUT", "v1/owner/{owner}/project/{project}/stack/{stack}/mipmapPathBuilder"),
    ("DELETE", "v1/owner/{owner}/project/{project}/stack/{stack}/mipmapPathBuilder"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/defaultChannel"),
    ("PUT", "v1/owner/{owner}/project/{project}/stack/{stack}/defaultChannel"),
    ("DELETE", "v1/owner/{owner}/project/{project}/stack/{stack}/defaultChannel"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/cycle"),
    ("PUT", "v1/owner/{owner}/project/{project}/stack/{stack}/cycle"),
    ("DELETE", "v1/owner/{owner}/project/{project}/stack/{stack}/cycle"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/hierarchicalData"),
    ("PUT", "v1/owner/{owner}/project/{project}/stack/{stack}/hierarchicalData"),
    ("DELETE", "v1/owner/{owner}/project/{project}/stack/{stack}/hierarchicalData"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/zValues"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/bounds"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/sectionData"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/reorderedSectionData"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/mergedZValues"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/mergeableZValues"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/mergeableData"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/tileIds"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/resolvedTiles"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/layoutFile"),
    ("PUT", "v1/owner/{owner}/project/{project}/stack/{stack}/resolvedTiles"),
    ("PUT", "v1/owner/{owner}/project/{project}/stack/{stack}/tile-specs-with-ids"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/zRange/{minZ},{maxZ}/layoutFile"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/z/{z}/bounds"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/z/{z}/tileBounds"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/z/{z}/sectionData"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/z/{z}/resolvedTiles"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/z/{z}/tile-specs"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/z/{z}/last-tile-transforms"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/z/{z}/render-parameters"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/z/{z}/layoutFile"),
    ("PUT", "v1/owner/{owner}/project/{project}/stack/{stack}/z/{z}/resolvedTiles"),
    ("DELETE", "v1/owner/{owner}/project/{project}/stack/{stack}/z/{z}"),
    ("PUT", "v1/owner/{owner}/project/{project}/stack/{stack}/z/{z}/tileIds"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/section/{sectionId}/z"),
    ("PUT", "v1/owner/{owner}/project/{project}/stack/{stack}/section/{sectionId}/z"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/section/{sectionId}/tileBounds"),
    ("DELETE", "v1/owner/{owner}/project/{project}/stack/{stack}/section/{sectionId}"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/tile/{tileId}"),
    ("DELETE", "v1/owner/{owner}/project/{project}/stack/{stack}/tile/{tileId}"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/tile/{tileId}/render-parameters"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/tile/{tileId}/source/scale/{scale}/render-parameters"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/tile/{tileId}/mask/scale/{scale}/render-parameters"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/tile/{tileId}/withNeighbors/render-parameters"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/tile/{tileId}/validation-info"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/transform/{transformId}"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/z/{z}/box/{x},{y},{width},{height},{scale}/render-parameters"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/group/{groupId}/z/{z}/box/{x},{y},{width},{height},{scale}/render-parameters"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/dvid/imagetile/raw/xy/{width}_{height}/{x}_{y}_{z}/render-parameters"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/group/{groupId}/dvid/imagetile/raw/xy/{width}_{height}/{x}_{y}_{z}/render-parameters"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/z/{z}/box/{x},{y},{width},{height}/tile-count"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/dvid/imagetile/raw/xy/{width}_{height}/{x}_{y}_{z}/tile-count"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/tile/{tileId}/local-to-world-coordinates/{x},{y}"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/z/{z}/world-to-local-coordinates/{x},{y}"),
    ("PUT", "v1/owner/{owner}/project/{project}/stack/{stack}/z/{z}/local-to-world-coordinates"),
    ("PUT", "v1/owner/{owner}/project/{project}/stack/{stack}/local-to-world-coordinates"),
    ("PUT", "v1/owner/{owner}/project/{project}/stack/{stack}/z/{z}/world-to-local-coordinates"),
    ("PUT", "v1/owner/{owner}/project/{project}/stack/{stack}/world-to-local-coordinates"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/z/{z}/world-coordinates/{x},{y}/mapped-to-stack/{toStack}"),
    ("PUT", "v1/owner/{owner}/project/{project}/stack/{stack}/z/{z}/tileIdsForCoordinates"),
    ("PUT", "v1/owner/{owner}/project/{project}/stack/{stack}/tileIdsForCoordinates"),
    ("PUT", "v1/owner/{owner}/local-to-world-coordinates/{x},{y}"),
    ("PUT", "v1/owner/{owner}/world-to-local-coordinates/{x},{y}"),
    ("PUT", "v1/owner/{owner}/jpeg-image"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/z/{z}/jpeg-image"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/group/{groupId}/z/{z}/box/{x},{y},{width},{height},{scale}/jpeg-image"),
    ("PUT", "v1/owner/{owner}/png-image"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/z/{z}/png-image"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/group/{groupId}/z/{z}/box/{x},{y},{width},{height},{scale}/png-image"),
    ("PUT", "v1/owner/{owner}/tiff-image"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/z/{z}/tiff-image"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/group/{groupId}/z/{z}/box/{x},{y},{width},{height},{scale}/tiff-image"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/z/{z}/box/{x},{y},{width},{height},{scale}/jpeg-image"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/z/{z}/box/{x},{y},{width},{height},{scale}/png-image"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/z/{z}/box/{x},{y},{width},{height},{scale}/tiff-image"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/z/{z}/box/{x},{y},{width},{height},{scale}/tiff16-image"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/z/{z}/box/{x},{y},{width},{height},{scale}/png16-image"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/z/{z}/box/{x},{y},{width},{height},{scale}/raw-image"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/z/{z}/box/{x},{y},{width},{height},{scale}/raw16-image"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/dvid/imagetile/raw/xy/{width}_{height}/{x}_{y}_{z}/jpg"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/group/{groupId}/dvid/imagetile/raw/xy/{width}_{height}/{x}_{y}_{z}/jpg"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/dvid/imagetile/raw/xy/{width}_{height}/{x}_{y}_{z}/png"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/group/{groupId}/dvid/imagetile/raw/xy/{width}_{height}/{x}_{y}_{z}/png"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/dvid/imagetile/raw/xy/{width}_{height}/{x}_{y}_{z}/tif"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/group/{groupId}/dvid/imagetile/raw/xy/{width}_{height}/{x}_{y}_{z}/tif"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/tile/{tileId}/jpeg-image"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/tile/{tileId}/png-image"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/tile/{tileId}/tiff-image"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/tile/{tileId}/tiff16-image"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/tile/{tileId}/source/jpeg-image"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/tile/{tileId}/mask/jpeg-image"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/tile/{tileId}/source/png-image"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/tile/{tileId}/mask/png-image"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/tile/{tileId}/source/tiff-image"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/tile/{tileId}/mask/tiff-image"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/tile/{tileId}/withNeighbors/jpeg-image"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/largeDataTileSource/{width}/{height}/{level}/{z}/{row}/{column}.jpg"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/largeDataTileSource/{width}/{height}/small/{z}.jpg"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/largeDataTileSource/{width}/{height}/{level}/{z}/{row}/{column}.png"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/largeDataTileSource/{width}/{height}/small/{z}.png"),
    ("GET", "v1/matchCollectionOwners"),
    ("GET", "v1/owner/{owner}/matchCollections"),
    ("DELETE", "v1/owner/{owner}/matchCollection/{matchCollection}"),
    ("PUT", "v1/owner/{owner}/matchCollection/{matchCollection}/collectionId"),
    ("GET", "v1/owner/{owner}/matchCollection/{matchCollection}/groupIds"),
    ("GET", "v1/owner/{owner}/matchCollection/{matchCollection}/pGroupIds"),
    ("GET", "v1/owner/{owner}/matchCollection/{matchCollection}/qGroupIds"),
    ("GET", "v1/owner/{owner}/matchCollection/{matchCollection}/multiConsensusPGroupIds"),
    ("GET", "v1/owner/{owner}/matchCollection/{matchCollection}/multiConsensusGroupIds"),
    ("GET", "v1/owner/{owner}/matchCollection/{matchCollection}/pGroup/{pGroupId}/matches"),
    ("GET", "v1/owner/{owner}/matchCollection/{matchCollection}/pGroup/{pGroupId}/matchCounts"),
    ("GET", "v1/owner/{owner}/matchCollection/{matchCollection}/group/{groupId}/matchesWithinGroup"),
    ("GET", "v1/owner/{owner}/matchCollection/{matchCollection}/group/{groupId}/matchesOutsideGroup"),
    ("GET", "v1/owner/{owner}/matchCollection/{matchCollection}/group/{pGroupId}/matchesWith/{qGroupId}"),
    ("GET", "v1/owner/{owner}/matchCollection/{matchCollection}/group/{pGroupId}/id/{pId}/matchesWith/{qGroupId}"),
    ("GET", "v1/owner/{owner}/matchCollection/{matchCollection}/group/{pGroupId}/id/{pId}/matchesWith/{qGroupId}/id/{qId}"),
    ("GET", "v1/owner/{owner}/matchCollection/{matchCollection}/group/{groupId}/id/{id}"),
    ("PUT", "v1/owner/{owner}/matchCollection/{matchCollection}/pGroup/{pGroupId}/matchCounts"),
    ("PUT", "v1/owner/{owner}/matchCollection/{matchCollection}/matches"),
    ("DELETE", "v1/owner/{owner}/matchCollection/{matchCollection}/group/{groupId}/id/{id}"),
    ("DELETE", "v1/owner/{owner}/matchCollection/{matchCollection}/group/{pGroupId}/id/{pId}/matchesWith/{qGroupId}/id/{qId}"),
    ("DELETE", "v1/owner/{owner}/matchCollection/{matchCollection}/group/{pGroupId}/matchesWith/{qGroupId}"),
    ("DELETE", "v1/owner/{owner}/matchCollection/{matchCollection}/pGroup/{pGroupId}/matches"),
    ("DELETE", "v1/owner/{owner}/matchCollection/{matchCollection}/group/{groupId}/matchesOutsideGroup"),
    ("GET", "v1/owner/{owner}/matchTrial/{trialId}"),
    ("POST", "v1/owner/{owner}/matchTrial"),
    ("DELETE", "v1/owner/{owner}/matchTrial/{trialId}"),
    ("DELETE", "v1/owner/{owner}/project/{project}/tierData"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/missingTierMatchLayers"),
    ("GET", "v1/owner/{owner}/project/{project}/missingTierMatchLayers"),
    ("GET", "v1/owner/{owner}/project/{project}/z/{z}/affineWarpFieldTransform"),
    ("GET", "v1/owner/{owner}/project/{project}/z/{z}/affineWarpFieldTransformDebug"),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/z/{z}/clusteredTileBoundsForCollection/{matchCollection}"),
    ("POST", "v1/owner/{owner}/project/{project}/stack/{stack}/pairResidualCalculation"),
    ("PUT", "v1/owner/{owner}/validate-json/render"),
    ("PUT", "v1/owner/{owner}/validate-json/tile"),
    ("PUT", "v1/owner/{owner}/validate-json/tile-array"),
    ("PUT", "v1/owner/{owner}/validate-json/transform"),
    ("PUT", "v1/owner/{owner}/validate-json/transform-array"),
)


# Known differences tied to one endpoint, keyed by its UPSTREAM_ENDPOINTS entry: each note is one bullet of
# README.md's "Known differences" verbatim and cites the Java that justifies it (File.java:line);
# tests/emulator/routes/test_upstream_notes.py fails when the two drift apart. `render-emulator coverage`
# prints an endpoint's notes under it. Differences shared by many endpoints stay in the README's prose only.
_RENAME_TARGETS = (
    "Rename targets (`PUT …/stackId`, `PUT …/collectionId`) go through the name rules (400 `invalid … "
    "specified, names may only contain …`); render-ws deserialises the target without them "
    "(StackMetaDataService.java:193-205, MatchService.java:663-673) and then cannot list or reach what it "
    "renamed."
)
_CLONE_CHECKS_FIRST = (
    "Tiles, refused writes: render-ws's PUT cloneTo copies documents before its checks, so a duplicate "
    "tile/transform id or a failed count check (\"only inserted N out of M documents\", 500) leaves part of the"
    " copy behind (RenderDao.java:1471-1484, 2079-2108); the emulator runs every check first and stores "
    "nothing. Its duplicate-key message is a shortened MongoDB E11000 text (`E11000 duplicate key error "
    "collection: render.{o}__{p}__{s}__tile index: A dup key: { tileId: \"…\" }`)."
)
_TILE_IDS_MATCH_PATTERN = (
    "Tiles, tileIds: an invalid `matchPattern` answers 400 `invalid matchPattern '…': …` before anything is "
    "written; render-ws hands the pattern to MongoDB unchecked (RenderDao.java:1667) and fails while "
    "streaming the answer (a 500 or a truncated body)."
)
_TILE_BOUNDS_ORDER = (
    "Tiles, tileBounds (`z/{z}/tileBounds`, `section/{id}/tileBounds`): render-ws runs these queries without "
    "a sort (RenderDao.java:1738), so MongoDB answers in the order of the index its planner picks; the "
    "emulator assumes `z_1` / `layout.sectionId_1` (or a collection scan), i.e. the order the tiles were "
    "first stored (RenderDao.java:2192, 2206)."
)
_LAYOUT_FILE_URLS = (
    "Tiles, layoutFile: an image URL that java.net.URI refuses (e.g. one with a space) is written as it is; "
    "render-ws fails while streaming the file (Utils.java:405-408, TileSpecLayout.java:211-219)."
)
_TILE_IDS_FOR_COORDINATES_CHECKS = (
    "Coordinates, `tileIdsForCoordinates`: an element without `world` (or with too few values) makes the "
    "emulator answer 500 with render-ws's message (`world values are missing for element i`, …) before "
    "writing anything; render-ws fails while streaming (CoordinateService.java:78-80, 429), so its client "
    "sees a 500 or a truncated body depending on how much was already written."
)
_MATCHES_SHAPES_CHECKED = (
    "Point matches, PUT `…/matches`: the emulator answers 400 (nothing stored) for ragged `p`/`q` arrays "
    "(rows of different lengths, or `p` and `q` of different shapes) and for a `matches` object that lacks "
    "`p`, `q` or `w`; render-ws stores such pairs unchecked (MatchDao.java:462-470 and "
    "CanvasMatches.java:100-103 check only the ids; it fails with 500 when `w` is missing). The length of `w`"
    " is not compared with the points, so both render's 2 x N and render-python's N x 2 layouts are stored as"
    " sent."
)
_MATCHES_NULL_ELEMENT = (
    "Point matches, PUT `…/matches`: a `null` element in the body list is a 400 in the emulator; render-ws "
    "fails with a 500 (NullPointerException while normalising, MatchDao.java:463)."
)
_MATCH_MAX_EPSILON_REQUIRED = (
    "Point matches: without `--matchMaxEpsilon`/`--matchMaxEpsilonFullScale` (or `matchMaxEpsilon*` in a "
    "match trial) render fails with a NullPointerException (MatchDerivationParameters.java:93-96 has no "
    "default, MatchFilter.java:60 unboxes it); the emulator fails at the same point (PointMatchClient exit 1,"
    " match trial 500) with its own message naming the missing value. PointMatchClient also applies none of"
    " MatchDerivationParameters' other defaults (it never calls validateAndSetDefaults), so, as in render, it"
    " exits 1 without `--matchRod` (CanvasFeatureMatcher.java:32), `--matchIterations`,"
    " `--matchMinInlierRatio`, `--matchMinNumInliers`, `--matchMaxTrust` (MatchFilter.java:59-63) or, unless"
    " `--matchFilter NONE`, `--matchModelType` (MatchFilter.java:167); render-python's SiftPointMatchOptions"
    " leaves them all unset by default."
)
_VALIDATE_JSON_FAILURE_TEXT = (
    "validate-json/* (failure text built in ValidationService.java:140-142): Jackson failures are reported as"
    " `<Jackson exception class>: <message>` without Jackson's ` at [Source: …; line: …, column: …]` location"
    " suffix, and JSON syntax errors carry Python's parser message "
    "(`com.fasterxml.jackson.core.JsonParseException: Expecting value: line 1 column 2 (char 1)`), not "
    "Jackson's; `NaN`/`Infinity` literals are accepted."
)
_VALIDATE_TRANSFORM_TO_STRING = (
    "validate-json/transform prints `Object.toString()` of the spec (String.valueOf, "
    "ValidationService.java:106; e.g. `org.janelia.alignment.spec.LeafTransformSpec@1b2c3d4e`) with a random "
    "hash, as Java's identity hash is; every known transform class's dataString is parsed as render-ws does."
)
_VALIDATE_RENDER_TO_STRING = (
    "validate-json/render: the RenderParameters toString (ValidationService.java:45-48, "
    "RenderParameters.java:767) is that of render-app's current RenderParameters (mipmapPathBuilder, x, y, "
    "width, height, scale, res, quality, areaOffset, convertToGray, filter, binaryMask, excludeMask, "
    "backgroundRGBColor, in, out); `parametersUrl` is not merged and the `channels` spec is not checked; "
    "`out` is checked for characters java.net.URI refuses (whitespace, `\"<>\\^`{|}`, bad `%` escapes) rather "
    "than with a full RFC 2396 parser; `tileSpecUrl` is read for file:, http(s) URLs and plain paths only."
)
_TIER_DATA_INCOMPLETE = (
    "deleteTierData / missingTierMatchLayers: hierarchical data lacking `alignedStackId.stack` or "
    "`matchCollectionId` answers 500 `hierarchical data has no …` where render-ws fails with a "
    "NullPointerException (HierarchicalDataService.java:127-128, 203)."
)
_WARP_FIELD_NEAREST_POINT = (
    "GET owner/{o}/project/{p}/z/{z}/affineWarpFieldTransform(Debug): consensus cells take the model of their"
    " nearest match point by a brute-force search; where points of different tiles are equally near, the "
    "first tile (match order) wins, where render's KD-tree (ConsensusWarpFieldBuilder.java:411-436) may pick "
    "another. A split layer without matches answers 500 `no consensus set data for the warp field` (render-ws"
    " fails inside imglib2's KDTree with its own message); the 400 for a non-affine last transform prints the"
    " tile spec with a Jackson-style pretty printer (field order and number text as the emulator stores the "
    "tile)."
)

ENDPOINT_NOTES: dict[tuple[str, str], tuple[str, ...]] = {
    ("PUT", "v1/owner/{owner}/project/{project}/stack/{stack}/stackId"): (_RENAME_TARGETS,),
    ("PUT", "v1/owner/{owner}/project/{project}/stack/{stack}/cloneTo/{toStack}"): (_CLONE_CHECKS_FIRST,),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/tileIds"): (_TILE_IDS_MATCH_PATTERN,),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/layoutFile"): (_LAYOUT_FILE_URLS,),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/zRange/{minZ},{maxZ}/layoutFile"): (_LAYOUT_FILE_URLS,),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/z/{z}/tileBounds"): (_TILE_BOUNDS_ORDER,),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/z/{z}/layoutFile"): (_LAYOUT_FILE_URLS,),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/section/{sectionId}/tileBounds"): (_TILE_BOUNDS_ORDER,),
    ("PUT", "v1/owner/{owner}/project/{project}/stack/{stack}/z/{z}/tileIdsForCoordinates"): (_TILE_IDS_FOR_COORDINATES_CHECKS,),
    ("PUT", "v1/owner/{owner}/project/{project}/stack/{stack}/tileIdsForCoordinates"): (_TILE_IDS_FOR_COORDINATES_CHECKS,),
    ("PUT", "v1/owner/{owner}/matchCollection/{matchCollection}/collectionId"): (_RENAME_TARGETS,),
    ("PUT", "v1/owner/{owner}/matchCollection/{matchCollection}/matches"): (_MATCHES_SHAPES_CHECKED, _MATCHES_NULL_ELEMENT),
    ("POST", "v1/owner/{owner}/matchTrial"): (_MATCH_MAX_EPSILON_REQUIRED,),
    ("DELETE", "v1/owner/{owner}/project/{project}/tierData"): (_TIER_DATA_INCOMPLETE,),
    ("GET", "v1/owner/{owner}/project/{project}/stack/{stack}/missingTierMatchLayers"): (_TIER_DATA_INCOMPLETE,),
    ("GET", "v1/owner/{owner}/project/{project}/missingTierMatchLayers"): (_TIER_DATA_INCOMPLETE,),
    ("GET", "v1/owner/{owner}/project/{project}/z/{z}/affineWarpFieldTransform"): (_WARP_FIELD_NEAREST_POINT,),
    ("GET", "v1/owner/{owner}/project/{project}/z/{z}/affineWarpFieldTransformDebug"): (_WARP_FIELD_NEAREST_POINT,),
    ("PUT", "v1/owner/{owner}/validate-json/render"): (_VALIDATE_JSON_FAILURE_TEXT, _VALIDATE_RENDER_TO_STRING),
    ("PUT", "v1/owner/{owner}/validate-json/tile"): (_VALIDATE_JSON_FAILURE_TEXT,),
    ("PUT", "v1/owner/{owner}/validate-json/tile-array"): (_VALIDATE_JSON_FAILURE_TEXT,),
    ("PUT", "v1/owner/{owner}/validate-json/transform"): (_VALIDATE_JSON_FAILURE_TEXT, _VALIDATE_TRANSFORM_TO_STRING),
    ("PUT", "v1/owner/{owner}/validate-json/transform-array"): (_VALIDATE_JSON_FAILURE_TEXT,),
}
