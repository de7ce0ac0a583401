"""render's order of the two canvases of a tile pair (CanvasMatches.normalize, CanvasMatches.java:98-125):
group ids first, tile ids within one group, compared as Java Strings. No store access, so the match
services and the emulated PointMatchClient share it."""

from __future__ import annotations


def java_less(a: str, b: str) -> bool:
    """``a.compareTo(b) < 0`` for Java Strings (UTF-16 code-unit order)."""
    if a.isascii() and b.isascii():
        return a < b
    return a.encode("utf-16-be") < b.encode("utf-16-be")


def normalized_ids(p_group_id: str, p_id: str, q_group_id: str, q_id: str) -> tuple[str, str, str, str, bool]:
    """The ids in render-ws's pair order (CanvasMatches.normalize) and whether p and q were swapped."""
    if p_group_id == q_group_id:
        flip = java_less(q_id, p_id)
    else:
        flip = java_less(q_group_id, p_group_id)
    if flip:
        return q_group_id, q_id, p_group_id, p_id, True
    return p_group_id, p_id, q_group_id, q_id, False
