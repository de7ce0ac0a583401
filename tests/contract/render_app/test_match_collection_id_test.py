"""render-app MatchCollectionIdTest, ported: render-ws's MatchService builds a MatchCollectionId from the
path (MatchService.java:765-775) and answers 400 with the constructor's message when it refuses the
names. A GET of a pGroup's matches is used so nothing is written: a valid id never answers 400 (how
a missing collection answers is not part of this test).

Java assertions ported (15 of 15, MatchCollectionIdTest.java:31-78): 8 valid ids accepted, 7 invalid
ids refused (consecutive, leading or trailing underscores; a collection name over the length limit).
"""

from __future__ import annotations

import pytest
import requests

VALID = [
    ("flyTEM", "FAFBv12"),
    ("flyTEM", "FAFBv12Test10"),
    ("flyTEM", "v12_SURF"),
    ("flyTEM", "v12_dmesh"),
    ("trautmane", "test_match_gen"),
    ("flyTEM", "FAFBv12_sections_8_9"),
    ("a_b_c_d_e_f_g_h_i", "jk_lm_no_pq_rs_tu_vw_xyz"),
    # match.[7-23]__[26-118] - the longest name allowed
    ("78901234567890123",
     "678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678"),
]
INVALID = [
    ("flyTEM__2", "FAFBv12"),
    ("flyTEM", "FAFBv12Test10__2"),
    ("flyTEM", "v12_SURF_"),
    ("flyTEM", "_v12_dmesh"),
    ("trautmane___a", "test_match_gen"),
    ("flyTEM", "FAFBv12_sections__"),
    # one character longer than the longest valid name
    ("78901234567890123",
     "6789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789"),
]


def pgroup_matches(render_server, owner: str, collection: str) -> requests.Response:
    url = f"{render_server.base_url}/owner/{owner}/matchCollection/{collection}/pGroup/1.0/matches"
    return requests.get(url, timeout=60)


@pytest.mark.parametrize(("owner", "collection"), VALID)
def test_valid_names(render_server, owner, collection):
    response = pgroup_matches(render_server, owner, collection)
    assert response.status_code != 400, response.text


@pytest.mark.parametrize(("owner", "collection"), INVALID)
def test_invalid_names(render_server, owner, collection):
    response = pgroup_matches(render_server, owner, collection)
    assert response.status_code == 400
    # CollectionNameUtil.java:43-45 (pattern) or :61-64 (length)
    assert "names may only contain" in response.text or "must be less than" in response.text
