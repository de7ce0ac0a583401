"""Argument objects that turn into java-client command-line options (``--name value``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ..errors import ClientScriptError


class ArgumentParameters:
    """Base class: every non-None instance attribute becomes ``--<attribute> <value>``."""

    def __init__(self, *args: Any, **kwargs: Any):
        pass

    @staticmethod
    def sanitize_cmd(cmd: Iterable[Any]) -> Iterator[str]:
        """``cmd`` as strings, booleans as ``'true'``/``'false'``; ClientScriptError if any item is None."""
        cmd = list(cmd)
        if any(item is None for item in cmd):
            raise ClientScriptError(f"missing argument in command {cmd}")
        return map(lambda item: ("true" if item else "false") if isinstance(item, bool) else str(item), cmd)

    @staticmethod
    def get_cmd_opt(v: Any, flag: str | None = None) -> list:
        """``[]`` for None, ``[v]`` without a flag, else ``[flag, v]``."""
        if v is None:
            return []
        return [v] if flag is None else [flag, v]

    @staticmethod
    def get_flag_cmd(v: Any, flag: str | None = None) -> list:
        """``[flag]`` when ``v`` is truthy, else ``[]``."""
        return [flag] if v else []

    def to_java_args(self) -> Iterator[str]:
        """``--name value`` for every set attribute, in the order the attributes were assigned."""
        cmd: list[Any] = []
        for name, value in vars(self).items():
            if name == "kwargs" or value is None:
                continue
            cmd += [f"--{name}", value]
        return self.sanitize_cmd(cmd)


class FeatureExtractionParameters(ArgumentParameters):
    """SIFT feature extraction options of render's point-match clients."""

    def __init__(self, SIFTfdSize=None, SIFTmaxScale=None, SIFTminScale=None, SIFTsteps=None,
                 **kwargs: Any):
        super().__init__(**kwargs)
        self.SIFTfdSize = SIFTfdSize
        self.SIFTmaxScale = SIFTmaxScale
        self.SIFTminScale = SIFTminScale
        self.SIFTsteps = SIFTsteps


class MatchDerivationParameters(ArgumentParameters):
    """Match filtering (RANSAC) options of render's point-match clients."""

    def __init__(self, matchIterations=None, matchMaxEpsilon=None, matchMaxNumInliers=None,
                 matchMaxTrust=None, matchMinInlierRatio=None, matchMinNumInliers=None,
                 matchModelType=None, matchRod=None, **kwargs: Any):
        super().__init__(**kwargs)
        self.matchIterations = matchIterations
        self.matchMaxEpsilon = matchMaxEpsilon
        self.matchMaxNumInliers = matchMaxNumInliers
        self.matchMaxTrust = matchMaxTrust
        self.matchMinInlierRatio = matchMinInlierRatio
        self.matchMinNumInliers = matchMinNumInliers
        self.matchModelType = matchModelType
        self.matchRod = matchRod


class SiftPointMatchOptions(MatchDerivationParameters, FeatureExtractionParameters):
    """Options of render's PointMatchClient: SIFT and match options plus render scale and noise fill."""

    def __init__(self, renderScale=None, fillWithNoise=None, **kwargs: Any):
        super().__init__(**kwargs)
        self.renderScale = renderScale
        self.fillWithNoise = fillWithNoise


__all__ = ["ArgumentParameters", "FeatureExtractionParameters", "MatchDerivationParameters",
           "SiftPointMatchOptions"]
