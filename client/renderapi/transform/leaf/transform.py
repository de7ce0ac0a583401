"""The generic leaf transform: a className and a dataString, with no math of its own."""

from __future__ import annotations

import logging
from typing import Any

from renderapi.utils import NullHandler

logger = logging.getLogger(__name__)
logger.addHandler(NullHandler())

__all__ = ["Transform"]


class TransformMathNotImplemented(AttributeError, NotImplementedError):
    """Raised on ``.tform`` of a leaf transform whose className renderapi has no math for.

    It is an AttributeError (render-python's generic Transform has no ``tform`` attribute, so
    ``hasattr(t, 'tform')`` stays False) and a NotImplementedError.
    """


class Transform:
    """A leaf transform spec: mpicbg ``className`` plus its ``dataString``.

    Parameters
    ----------
    className : str
        mpicbg/render java class name of the transform
    dataString : str
        the parameters as the java class reads them
    transformId : str, optional
        id of this transform (required for shared transforms)
    labels : list of str, optional
        ``metaData.labels`` of the spec
    json : dict, optional
        spec to load with :meth:`from_dict` (supersedes the other arguments)
    """

    def __init__(self, className=None, dataString=None, transformId=None, labels=None, json=None):
        if json is not None:
            self.from_dict(json)
        else:
            self.className = className
            self.dataString = dataString
            self.transformId = transformId
            self.labels = labels

    @property
    def tform(self):
        raise TransformMathNotImplemented(
            f"'{type(self).__name__}' object has no attribute 'tform' "
            f"(renderapi has no math for className {self.className!r})"
        )

    def to_dict(self) -> dict[str, Any]:
        """Render's leaf spec: type, className, dataString, then ``id`` and ``metaData`` when set."""
        d = {"type": "leaf", "className": self.className, "dataString": self.dataString}
        if self.transformId is not None:
            d["id"] = self.transformId
        if self.labels is not None:
            d["metaData"] = {"labels": self.labels}
        return d

    def from_dict(self, d: dict[str, Any]) -> None:
        """Load a leaf spec (KeyError without ``className`` or ``dataString``)."""
        self.className = d["className"]
        self.transformId = d.get("id", None)
        self._process_dataString(d["dataString"])
        md = d.get("metaData", None)
        self.labels = md.get("labels", None) if md is not None else None

    def _process_dataString(self, datastring: str) -> None:
        """Set the state from a dataString; the generic transform keeps the string as it is."""
        self.dataString = datastring

    def __str__(self) -> str:
        return f"className:{self.className}\ndataString:{self.dataString}"

    def __repr__(self) -> str:
        return self.__str__()

    def __eq__(self, other: object) -> bool:
        return self.__str__() == other.__str__()

    def __hash__(self) -> int:
        return hash(self.__str__())
