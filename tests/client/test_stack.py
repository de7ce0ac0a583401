"""renderapi.stack without a server: StackVersion JSON and the java-client stack arguments."""

from __future__ import annotations

import re

from renderapi.stack import StackVersion, make_stack_params


def test_stack_version_to_dict_keeps_only_set_fields():
    stamp = "2020-01-01T00:00:00.00Z"
    sv = StackVersion(cycleNumber=1, stackResolutionX=4.0, versionNotes="n", createTimestamp=stamp)
    assert sv.to_dict() == {"cycleNumber": 1, "stackResolutionX": 4.0, "createTimestamp": stamp,
                            "versionNotes": "n"}


def test_stack_version_default_timestamp_and_round_trip():
    sv = StackVersion(stackResolutionX=1.0, stackResolutionY=2.0, stackResolutionZ=3.0,
                      mipmapPathBuilder={"rootPath": "/m/"}, materializedBoxRootPath="/b", ignored=5)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.00Z", sv.createTimestamp)
    assert StackVersion(**sv.to_dict()).to_dict() == sv.to_dict()
    copy = StackVersion()
    copy.from_dict(sv.to_dict())
    assert copy.to_dict() == sv.to_dict()


def test_make_stack_params():
    assert make_stack_params("http://h", 8080, "o", "p", "s") == [
        "--baseDataUrl", "http://h:8080/render-ws/v1", "--owner", "o", "--project", "p", "--stack", "s"]
