"""render-app TransformSpecTest, ported: transform spec JSON parsed, resolved and validated by
``PUT /owner/{owner}/validate-json/transform`` and ``…/transform-array`` (ValidationService.java:94-135).
Failures answer 400 ``Failed to parse … Specific error is: <message>`` (ValidationService.java:137-152).

The test's specs (TransformSpecTest.java:23-59) are written here as the JSON ``list6.toJson()`` gives:
list 6 = [leaf 3 (label lens), interpolated 5 (a: ref 1, b: list 4), list 4 = [leaf 1, ref 99]].

Java assertions ported (8 of 25):
- testJsonProcessing (:61-92) 3 of 8: the JSON parses (the error names spec '6'), the parsed spec is not
  fully resolved and has 2 unresolved ids (TransformSpec.java:103-112 reports them when validating).
  Not shown: list size and the leaf's label (the endpoint reports only the outcome).
- testResolveReferencesAndFlatten (:94-160) 2 of 12: 2 unresolved ids before resolution and 1 after one
  resolution pass with ids 1 and 99 (99 being itself a reference to 2: ReferenceTransformSpec.java:76-87
  only follows it on a later pass). Not shown: the second pass (the endpoint resolves once), labels,
  flatten and flattenAndFilter (in-process calls no endpoint exposes on an unresolvable chain).
- testGetNewInstance (:162-175) 1 of 3: leaf 1 validates. Not shown: the two instances being distinct.
- testValidateWithUnknownClass (:177-181), testValidateWithNonTransformClass (:183-187): 400. The Java
  test names its own class, which a deployed render-ws does not have, so both report a missing class.
"""

from __future__ import annotations

import json
import re

import pytest
import requests

AFFINE_2D = "mpicbg.trakem2.transform.AffineModel2D"
LEAF_1 = {"type": "leaf", "id": "1", "className": AFFINE_2D, "dataString": "1  0  0  1  0  0"}
LEAF_3 = {"type": "leaf", "id": "3", "metaData": {"labels": ["lens"]}, "className": AFFINE_2D,
          "dataString": "3  0  0  3  0  0"}
REF_1 = {"type": "ref", "refId": "1"}
REF_99 = {"type": "ref", "refId": "99"}
LIST_4 = {"type": "list", "id": "4", "specList": [LEAF_1, REF_99]}
INTERPOLATED_5 = {"type": "interpolated", "id": "5", "a": REF_1, "b": LIST_4, "lambda": 2.3}
LIST_6 = {"type": "list", "id": "6", "specList": [LEAF_3, INTERPOLATED_5, LIST_4]}
# :101 idToSpecMap.put("99", new ReferenceTransformSpec("2"))
REF_99_TO_2 = {"type": "ref", "id": "99", "refId": "2"}


@pytest.fixture
def validate(render, render_server):
    def put(kind: str, body) -> requests.Response:
        return requests.put(f"{render_server.base_url}/owner/{render.DEFAULT_OWNER}/validate-json/{kind}",
                            data=json.dumps(body), timeout=60)
    return put


def unresolved_ids(response: requests.Response, spec_id: str) -> set[str]:
    """The ids of TransformSpec.validate's "spec '<id>' has the following unresolved references: [...]"."""
    assert response.status_code == 400, response.text
    pattern = rf"spec '{spec_id}' has the following unresolved references: \[([^\]]*)\]"
    match = re.search(pattern, response.text)
    assert match, response.text
    return {item.strip() for item in match.group(1).split(",") if item.strip()}


def test_json_processing(validate):
    """:61-92: parsed, not fully resolved, 2 unresolved references (1 and 99)."""
    assert unresolved_ids(validate("transform", LIST_6), "6") == {"1", "99"}


def test_resolve_references_one_pass(validate):
    """:96-106: 2 unresolved before resolution; after resolving with 1 -> leaf 1 and 99 -> ref 2, only 2
    is left."""
    assert len(unresolved_ids(validate("transform", LIST_6), "6")) == 2
    assert unresolved_ids(validate("transform-array", [LIST_6, LEAF_1, REF_99_TO_2]), "6") == {"2"}


def test_get_new_instance_validates(validate):
    """:162-165: leaf 1 validates (its instance can be built)."""
    response = validate("transform", LEAF_1)
    assert response.status_code == 200, response.text
    assert response.text.startswith("Successfully parsed org.janelia.alignment.spec.TransformSpec instance")


@pytest.mark.parametrize("class_name", [
    "bad-class",                                          # testValidateWithUnknownClass (:177-181)
    "org.janelia.alignment.spec.TransformSpecTest",       # testValidateWithNonTransformClass (:183-187)
])
def test_validate_with_unusable_class(validate, class_name):
    response = validate("transform", {"type": "leaf", "className": class_name, "dataString": "1 0 0 1 0 0"})
    assert response.status_code == 400
    # LeafTransformSpec.java:123-127
    assert f"transform class '{class_name}' cannot be found" in response.text
