"""render-app StackIdTest, ported: render-ws builds a StackId from the path of every stack request
(StackMetaDataService.java:161-180) and answers 400 with the constructor's message when it refuses the
names (RenderServiceUtil maps IllegalArgumentException to 400). A GET of the stack's metadata is used so
nothing is written: a valid id answers 200 or 404 (stack not found), never 400.

Java assertions ported (8 of 8, StackIdTest.java:31-74): 4 valid ids accepted, 4 invalid ids refused
(consecutive underscores in owner, project, stack; a transform collection name over the length limit).
"""

from __future__ import annotations

import pytest
import requests

VALID = [
    ("flyTEM", "FAFB00", "v12"),
    ("flyTEM", "FAFB00", "v10_acquire_LC_merged"),
    ("a_b_c_d_e_f_g_h_i", "jk_lm_no", "pq_rs_tu_vw_xyz"),
    # render.[8-24]__[27-30]__[33-107]__transform(110-118) - the longest name allowed
    ("89012345678901234", "7890",
     "345678901234567890123456789012345678901234567890123456789012345678901234567"),
]
INVALID = [
    ("flyTEM__2", "FAFB00", "v12"),
    ("flyTEM", "FA__00", "v12"),
    ("flyTEM", "FAFB00", "v12__acquire"),
    # one character longer than the longest valid name
    ("89012345678901234", "7890",
     "3456789012345678901234567890123456789012345678901234567890123456789012345678"),
]


def stack_metadata(render_server, owner: str, project: str, stack: str) -> requests.Response:
    return requests.get(f"{render_server.base_url}/owner/{owner}/project/{project}/stack/{stack}", timeout=60)


@pytest.mark.parametrize(("owner", "project", "stack"), VALID)
def test_valid_names(render_server, owner, project, stack):
    assert stack_metadata(render_server, owner, project, stack).status_code in (200, 404)


@pytest.mark.parametrize(("owner", "project", "stack"), INVALID)
def test_invalid_names(render_server, owner, project, stack):
    response = stack_metadata(render_server, owner, project, stack)
    assert response.status_code == 400
    # CollectionNameUtil.java:43-45 (pattern) or :61-64 (length)
    assert "names may only contain" in response.text or "must be less than" in response.text
