"""The two ways a Java transform fails, as render-ws reports them.

``init`` throwing an IllegalArgumentException (NumberFormatException included) answers 400; a
RuntimeException while a transform is applied (e.g. ArrayIndexOutOfBoundsException) answers 500. The
classes reuse renderapi's dataString errors so ``services/transform_specs`` maps both kinds as it already
does for render-python's classes.
"""

from __future__ import annotations

from renderapi.transform.leaf.datastring import DataStringError, DataStringIndexError

__all__ = ["InitError", "ApplyError", "index_out_of_bounds"]

InitError = DataStringError        # ValueError → 400
ApplyError = DataStringIndexError  # IndexError → 500


def index_out_of_bounds(index: int, length: int) -> ApplyError:
    """Java 11's ArrayIndexOutOfBoundsException message for ``array[index]``."""
    return ApplyError(f"Index {index} out of bounds for length {length}")
