"""Helpers built on third-party or standard-library facilities (process pools)."""

from . import processpools

__all__ = ["processpools"]
