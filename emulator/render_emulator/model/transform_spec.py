"""render-ws's TransformSpec beans (render-app org/janelia/alignment/spec/TransformSpec.java and its four
``@JsonSubTypes``, TransformSpec.java:35-39), declared for the hand-tuned reader in
``services/transform_specs.py`` (the ingest fast path), which takes its types, ids and texts from here."""

from __future__ import annotations

from render_emulator.model.types import DOUBLE, STRING, Bean, HashSetOf

TRANSFORM_SPEC_TYPE = "org.janelia.alignment.spec.TransformSpec"
LIST_TRANSFORM_SPEC_TYPE = "org.janelia.alignment.spec.ListTransformSpec"
TRANSFORM_SPEC_LIST_TYPE = "java.util.List<TransformSpec>"   # ListTransformSpec.java:25

LEAF, LIST, REF, INTERPOLATED = "leaf", "list", "ref", "interpolated"
# the type ids Jackson knows, in the order its InvalidTypeIdException lists them
TYPE_IDS = (INTERPOLATED, LEAF, LIST, REF)

# Jackson fills the Set<String> with a new HashSet (TransformSpecMetaData.java:18)
LABELS = HashSetOf(STRING, "java.util.Set<java.lang.String>")
TRANSFORM_SPEC_META_DATA = Bean("org.janelia.alignment.spec.TransformSpecMetaData", (("labels", LABELS),))

# the fields each subtype adds to TransformSpec's id and metaData (TransformSpec.java:42-43); specList,
# a and b are TransformSpecs, read recursively by services/transform_specs.parse_transform_spec
LEAF_FIELDS = (("className", STRING), ("dataString", STRING))       # LeafTransformSpec.java:34-35
REFERENCE_FIELDS = (("refId", STRING),)                             # ReferenceTransformSpec.java:21
INTERPOLATED_LAMBDA = DOUBLE                                        # InterpolatedTransformSpec.java:24
