"""Context-manager process pools used by renderapi's parallel helpers.

``pool_pathos`` needs the optional ``pathos`` package and is not imported here.
"""

from . import stdlib_pool

__all__ = ["stdlib_pool"]
