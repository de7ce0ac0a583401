"""Composite transform specs: lists, references to shared transforms, interpolations."""

from __future__ import annotations

import json
from typing import Any

from renderapi.errors import RenderError
from renderapi.transform.leaf import load_leaf_json

__all__ = ["TransformList", "ReferenceTransform", "InterpolatedTransform", "load_transform_json"]


class TransformList:
    """An ordered list of transforms (render's ``{"type": "list", "specList": […]}``).

    Parameters
    ----------
    tforms : list, optional
        transforms applied in order (must be a python list)
    transformId : str, optional
        id of the list
    json : dict, optional
        spec to load with :meth:`from_dict` (supersedes the other arguments)
    """

    def __init__(self, tforms=None, transformId=None, json=None):
        if json is not None:
            self.from_dict(json)
        else:
            if tforms is None:
                self.tforms = []
            else:
                if not isinstance(tforms, list):
                    raise RenderError(f"unexpected type {type(tforms)} for transforms!")
                self.tforms = tforms
            self.transformId = transformId

    def to_dict(self) -> dict[str, Any]:
        d = {"type": "list", "specList": [tform.to_dict() for tform in self.tforms]}
        if self.transformId is not None:
            d["id"] = self.transformId
        return d

    def to_json(self) -> str:
        return json.dumps(self.to_dict())

    def from_dict(self, d: dict[str, Any] | None) -> list:
        """Load a list spec; returns the loaded transforms."""
        self.tforms = []
        if d is not None:
            self.transformId = d.get("id")
            for td in d["specList"]:
                self.tforms.append(load_transform_json(td))
        return self.tforms


class InterpolatedTransform:
    """``(1 − lambda_)·a(p) + lambda_·b(p)`` (render's ``{"type": "interpolated", …}``).

    Parameters
    ----------
    a, b : transform
        transforms at weight 0 and 1
    lambda_ : float
        interpolation weight in [0, 1]
    json : dict, optional
        spec to load with :meth:`from_dict` (supersedes the other arguments)
    """

    def __init__(self, a=None, b=None, lambda_=None, json=None):
        if json is not None:
            self.from_dict(json)
        else:
            self.a = a
            self.b = b
            self.lambda_ = lambda_

    def to_dict(self) -> dict[str, Any]:
        return dict(self)

    def from_dict(self, d: dict[str, Any]) -> None:
        self.a = load_transform_json(d["a"])
        self.b = load_transform_json(d["b"])
        self.lambda_ = d["lambda"]

    def __iter__(self):
        return iter([("type", "interpolated"), ("a", self.a.to_dict()), ("b", self.b.to_dict()),
                     ("lambda", self.lambda_)])


class ReferenceTransform:
    """A reference to a shared transform by id (render's ``{"type": "ref", "refId": …}``)."""

    def __init__(self, refId=None, json=None):
        if json is not None:
            self.from_dict(json)
        else:
            self.refId = refId

    def to_dict(self) -> dict[str, Any]:
        return {"type": "ref", "refId": self.refId}

    def from_dict(self, d: dict[str, Any]) -> None:
        self.refId = d["refId"]

    def __str__(self) -> str:
        return f"ReferenceTransform({self.refId})"

    def __repr__(self) -> str:
        return self.__str__()

    def __iter__(self):
        return iter([("type", "ref"), ("refId", self.refId)])


def load_transform_json(d: dict[str, Any], default_type: str = "leaf"):
    """Load any transform spec by its ``type`` (``default_type`` when absent).

    A KeyError anywhere in loading (unknown type, missing field) becomes
    ``RenderError('Unknown Transform Type …')``.
    """
    handle_load_tform = {
        "leaf": load_leaf_json,
        "list": lambda x: TransformList(json=x),
        "ref": lambda x: ReferenceTransform(json=x),
        "interpolated": lambda x: InterpolatedTransform(json=x),
    }
    try:
        return handle_load_tform[d.get("type", default_type)](d)
    except KeyError as e:
        raise RenderError(f"Unknown Transform Type {e}") from e
