"""render-app's TileBoundsRTree for the emulated TilePairClient: tile bounds of one layer searched by box
and by circle, completely obscured tiles, and the ordered canvas id pairs of a tile with its neighbours.

render builds the tree with davidmoten rtree 0.7.6 (render-app/pom.xml:179), whose ``Rectangle`` and
``Circle`` hold 32-bit floats and whose ``Circle.intersects(Rectangle)`` is
``max(0, Point(x, y).distance(rectangle) - radius) == 0`` with float differences. The searches here
repeat that arithmetic with numpy float32 so boundary cases (a neighbour exactly at the radius, a tile
edge on the box) fall on the same side as in render. A plain numpy scan replaces the tree itself: it
returns the same set of tiles, and the order of a search never shows (pairs end up in a sorted set).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from render_emulator.javaclient.data_client import ClientError

# MontageRelativePosition.java:10 - declaration order is the enum's compareTo order
POSITIONS = ("TOP", "BOTTOM", "LEFT", "RIGHT")
_F32 = np.float32


def java_string_key(text: str | None) -> bytes:
    """A sort key giving ``String.compareTo`` order (UTF-16 code units)."""
    if text is None:
        # CanvasId.java:145 dereferences groupId: render's client dies with a NullPointerException
        raise ClientError("java.lang.NullPointerException (a tile without sectionId cannot be paired)")
    return text.encode("utf-16-be")


def canvas_key(canvas: dict) -> tuple:
    """CanvasId.compareTo (CanvasId.java:144-157): groupId, id, then relativePosition (null first)."""
    position = canvas.get("relativePosition")
    return (java_string_key(canvas["groupId"]), java_string_key(canvas["id"]),
            -1 if position is None else POSITIONS.index(position))


def pair_key(pair: dict) -> tuple:
    """OrderedCanvasIdPair.compareTo / equals (OrderedCanvasIdPair.java:72-96): p, then q."""
    return canvas_key(pair["p"]) + canvas_key(pair["q"])


def ordered_pair(one: dict, another: dict, delta_z: float | None) -> dict:
    """OrderedCanvasIdPair(one, another, deltaZ) (OrderedCanvasIdPair.java:41-57): lesser canvas first."""
    one_key, another_key = canvas_key(one), canvas_key(another)
    if one_key == another_key:
        raise ClientError(f"java.lang.IllegalArgumentException: both IDs are the same: '{one['id']}'")
    p, q = (one, another) if one_key < another_key else (another, one)
    pair: dict = {"p": p, "q": q}
    if delta_z is not None:
        pair["absoluteDeltaZ"] = abs(delta_z)
    return pair


def relative_positions(from_tile: dict, to_tile: dict) -> tuple[str, str]:
    """MontageRelativePosition.getRelativePositions (MontageRelativePosition.java:23-46)."""
    delta_x = from_tile["minX"] - to_tile["minX"]
    delta_y = from_tile["minY"] - to_tile["minY"]
    if abs(delta_x) > abs(delta_y):
        return ("RIGHT", "LEFT") if delta_x > 0 else ("LEFT", "RIGHT")
    return ("BOTTOM", "TOP") if delta_y > 0 else ("TOP", "BOTTOM")


def _center_in_range(low: float, high: float, neighbor_low: float, neighbor_high: float) -> bool:
    """TileBoundsRTree.isNeighborCenterInRange (TileBoundsRTree.java:332-338)."""
    center = neighbor_low + ((neighbor_high - neighbor_low) / 2)
    return low <= center <= high


def _float_rectangle(min_x, min_y, max_x, max_y) -> tuple:
    """rtree's ``Rectangle.create(double...)``: float32 corners; x2 < x1 or y2 < y1 is refused."""
    corners = tuple(_F32(v) for v in (min_x, min_y, max_x, max_y))
    if not (corners[2] >= corners[0] and corners[3] >= corners[1]):
        raise ClientError("java.lang.IllegalArgumentException (rtree rectangle with max < min)")
    return corners


@dataclass
class TileBoundsRTree:
    """The tile bounds (render-ws tileBounds JSON objects plus ``z``) of one layer."""

    z: float
    tiles: list[dict]

    def __post_init__(self) -> None:
        for tile in self.tiles:
            _float_rectangle(tile["minX"], tile["minY"], tile["maxX"], tile["maxY"])
        box = np.array([[t["minX"], t["minY"], t["maxX"], t["maxY"]] for t in self.tiles], dtype=np.float64)
        self._box = box.reshape(len(self.tiles), 4).astype(_F32)

    def _intersecting(self, x1: np.float32, y1: np.float32, x2: np.float32, y2: np.float32) -> np.ndarray:
        """rtree ``Rectangle.intersects``: inclusive float comparisons."""
        b = self._box
        return (b[:, 2] >= x1) & (b[:, 0] <= x2) & (b[:, 3] >= y1) & (b[:, 1] <= y2)

    def find_tiles_in_box(self, min_x: float, min_y: float, max_x: float, max_y: float) -> list[dict]:
        """TileBoundsRTree.findTilesInBox (TileBoundsRTree.java:94-102)."""
        hits = self._intersecting(*_float_rectangle(min_x, min_y, max_x, max_y))
        return [self.tiles[i] for i in np.nonzero(hits)[0]]

    def find_tiles_in_circle(self, center_x: float, center_y: float, radius: float) -> list[dict]:
        """TileBoundsRTree.findTilesInCircle (TileBoundsRTree.java:107-119) with rtree's float Circle."""
        x, y, r = _F32(center_x), _F32(center_y), _F32(radius)
        # the circle's mbr (x - r, y - r, x + r, y + r) in float prunes first, as RTree.search(Circle) does
        candidates = self._intersecting(*_float_rectangle(x - r, y - r, x + r, y + r))
        b = self._box
        # Rectangle.distance from the point rectangle (x, y, x, y): float differences, 0 when touching
        dx = np.where(x < b[:, 0], b[:, 0] - x, np.where(x > b[:, 0], x - b[:, 2], _F32(0)))
        dy = np.where(y < b[:, 1], b[:, 1] - y, np.where(y > b[:, 1], y - b[:, 3], _F32(0)))
        dx = np.maximum(dx, _F32(0)).astype(np.float64)
        dy = np.maximum(dy, _F32(0)).astype(np.float64)
        inside = (b[:, 2] >= x) & (b[:, 0] <= x) & (b[:, 3] >= y) & (b[:, 1] <= y)
        distance = np.where(inside, 0.0, np.sqrt(dx * dx + dy * dy))
        hits = candidates & (np.maximum(0.0, distance - np.float64(r)) == 0.0)
        return [self.tiles[i] for i in np.nonzero(hits)[0]]

    def find_visible_tiles(self) -> list[dict]:
        """TileBoundsRTree.findVisibleTiles (TileBoundsRTree.java:142-153): drop tiles whose area is
        covered by intersecting tiles with a greater tileId (an empty area counts as covered)."""
        return [tile for tile in self.tiles if not self._completely_obscured(tile)]

    def _completely_obscured(self, tile: dict) -> bool:
        # java.awt.geom.Area subtraction (TileBoundsRTree.java:259-275), rebuilt as rectangle differences
        remaining = [(tile["minX"], tile["minY"], tile["maxX"], tile["maxY"])]
        remaining = [r for r in remaining if r[2] > r[0] and r[3] > r[1]]
        own_key = java_string_key(tile["tileId"])
        for other in self.find_tiles_in_box(tile["minX"], tile["minY"], tile["maxX"], tile["maxY"]):
            if own_key < java_string_key(other["tileId"]):
                cover = (other["minX"], other["minY"], other["maxX"], other["maxY"])
                remaining = [piece for rect in remaining for piece in _subtract(rect, cover)]
            if not remaining:
                break
        return not remaining

    def circle_neighbors(self, sources: list[dict], neighbor_trees: list[TileBoundsRTree], options: dict
                         ) -> dict[tuple, dict]:
        """TileBoundsRTree.getCircleNeighbors (TileBoundsRTree.java:191-250) as {pair_key: pair}."""
        pairs: dict[tuple, dict] = {}
        for tile in sources:
            width, height = tile["maxX"] - tile["minX"], tile["maxY"] - tile["minY"]
            center_x, center_y = tile["minX"] + (width / 2), tile["minY"] + (height / 2)
            radius = options["explicitRadius"]
            if radius is None:
                radius = max(width, height) * options["xyNeighborFactor"]
            if not options["excludeSameLayerNeighbors"]:
                found = self.find_tiles_in_circle(center_x, center_y, radius)
                pairs.update(distinct_pairs(tile, found, options, same_layer=True))
            for tree in neighbor_trees:
                found = tree.find_tiles_in_circle(center_x, center_y, radius)
                pairs.update(distinct_pairs(tile, found, options, same_layer=False))
        return pairs


def distinct_pairs(from_tile: dict, to_tiles: list[dict], options: dict, same_layer: bool) -> dict:
    """TileBoundsRTree.getDistinctPairs (TileBoundsRTree.java:281-330) as {pair_key: pair}."""
    pairs: dict[tuple, dict] = {}
    for to_tile in to_tiles:
        if to_tile["tileId"] == from_tile["tileId"]:
            continue
        if options["excludeSameSectionNeighbors"]:
            if from_tile.get("sectionId") is None:
                java_string_key(None)
            if from_tile["sectionId"] == to_tile.get("sectionId"):
                continue
        if options["excludeCornerNeighbors"] and not (
                _center_in_range(from_tile["minX"], from_tile["maxX"], to_tile["minX"], to_tile["maxX"])
                or _center_in_range(from_tile["minY"], from_tile["maxY"], to_tile["minY"], to_tile["maxY"])):
            continue
        if same_layer:
            p_position, q_position = relative_positions(from_tile, to_tile)
            pair = ordered_pair({"groupId": from_tile.get("sectionId"), "id": from_tile["tileId"],
                                 "relativePosition": p_position},
                                {"groupId": to_tile.get("sectionId"), "id": to_tile["tileId"],
                                 "relativePosition": q_position},
                                None)
        else:
            pair = ordered_pair({"groupId": from_tile.get("sectionId"), "id": from_tile["tileId"]},
                                {"groupId": to_tile.get("sectionId"), "id": to_tile["tileId"]},
                                from_tile["z"] - to_tile["z"])
        pairs.setdefault(pair_key(pair), pair)
    return pairs


def _subtract(rect: tuple, cover: tuple) -> list[tuple]:
    """``rect`` minus ``cover`` as up to four non-empty rectangles (minX, minY, maxX, maxY)."""
    x0, y0, x1, y1 = rect
    cx0, cy0, cx1, cy1 = cover
    if cx0 >= x1 or cx1 <= x0 or cy0 >= y1 or cy1 <= y0:
        return [rect]
    pieces = []
    if cy0 > y0:
        pieces.append((x0, y0, x1, cy0))
    if cy1 < y1:
        pieces.append((x0, cy1, x1, y1))
    mid0, mid1 = max(y0, cy0), min(y1, cy1)
    if cx0 > x0:
        pieces.append((x0, mid0, cx0, mid1))
    if cx1 < x1:
        pieces.append((cx1, mid0, x1, mid1))
    return pieces
