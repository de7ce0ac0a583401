"""What a COMPLETE transition derives from the stored tiles: StackStats and the sectionData snapshot.

render-ws runs two MongoDB aggregations over the tile collection (RenderDao ``deriveSectionData`` and
``ensureIndexesAndDeriveStats``); here one pass over the tile documents feeds numpy arrays instead.
Missing numeric fields are ignored the way ``$min``/``$max`` ignore them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any, NamedTuple

import numpy as np

from render_emulator.model import omit_none
from renderapi._java import int_cast


class StackAggregates(NamedTuple):
    """``stats`` is the StackStats JSON (None when there are no tiles); ``sections`` the SectionData list."""

    stats: dict | None
    sections: list[dict]


class _TileColumns:
    """Per-tile values gathered in one pass; ``section_labels`` is -1 for tiles outside any section."""

    def __init__(self) -> None:
        self.z: list[float] = []
        self.min_x: list[float] = []
        self.min_y: list[float] = []
        self.max_x: list[float] = []
        self.max_y: list[float] = []
        self.section_labels: list[int] = []
        self.section_keys: dict[tuple[str, float], int] = {}
        self.channel_names: set[str] = set()

    def add(self, tile: dict) -> None:
        z = _number(tile.get("z"))
        self.z.append(z)
        self.min_x.append(_number(tile.get("minX")))
        self.min_y.append(_number(tile.get("minY")))
        self.max_x.append(_number(tile.get("maxX")))
        self.max_y.append(_number(tile.get("maxY")))
        layout = tile.get("layout")
        section_id = layout.get("sectionId") if isinstance(layout, dict) else None
        if not isinstance(section_id, str) or math.isnan(z):
            # render-ws groups these under a null key and never answers them
            self.section_labels.append(-1)
        else:
            key = (section_id, z)
            self.section_labels.append(self.section_keys.setdefault(key, len(self.section_keys)))
        channels = tile.get("channels")
        if isinstance(channels, list):
            for channel in channels:
                name = channel.get("name") if isinstance(channel, dict) else None
                if isinstance(name, str):
                    self.channel_names.add(name)


def _number(value: Any) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return math.nan


def _nan_min(values: np.ndarray) -> float | None:
    present = values[~np.isnan(values)]
    return float(present.min()) if present.size else None


def _nan_max(values: np.ndarray) -> float | None:
    present = values[~np.isnan(values)]
    return float(present.max()) if present.size else None


def _truncated(value: float | None) -> int | None:
    """MongoUtil.toInteger: ``Double.intValue()`` (truncation toward zero)."""
    return None if value is None else int_cast(value)


def derive_aggregates(tiles: Iterable[dict], transform_count: int) -> StackAggregates:
    """StackStats and SectionData for ``tiles`` (every tile document of one stack)."""
    columns = _TileColumns()
    for tile in tiles:
        columns.add(tile)
    sections = _section_data(columns)
    if not columns.z:
        return StackAggregates(None, sections)
    return StackAggregates(_stack_stats(columns, transform_count), sections)


def _stack_stats(columns: _TileColumns, transform_count: int) -> dict:
    z = np.asarray(columns.z)
    min_x, min_y = np.asarray(columns.min_x), np.asarray(columns.min_y)
    max_x, max_y = np.asarray(columns.max_x), np.asarray(columns.max_y)
    with np.errstate(over="ignore"):   # Java's double subtraction overflows to Infinity silently
        widths, heights = max_x - min_x, max_y - min_y

    distinct_z = np.unique(z[~np.isnan(z)])
    non_integral = int(np.count_nonzero(distinct_z > np.trunc(distinct_z)))

    bounds = omit_none({
        "minX": _nan_min(min_x), "minY": _nan_min(min_y), "minZ": _nan_min(z),
        "maxX": _nan_max(max_x), "maxY": _nan_max(max_y), "maxZ": _nan_max(z),
    })
    return omit_none({
        "stackBounds": bounds,
        "sectionCount": int(distinct_z.size),
        "nonIntegralSectionCount": non_integral,
        "tileCount": len(columns.z),
        "transformCount": int(transform_count),
        "minTileWidth": _truncated(_nan_min(widths)),
        "maxTileWidth": _truncated(_nan_max(widths)),
        "minTileHeight": _truncated(_nan_min(heights)),
        "maxTileHeight": _truncated(_nan_max(heights)),
        "channelNames": sorted(columns.channel_names),
    })


def _section_data(columns: _TileColumns) -> list[dict]:
    group_count = len(columns.section_keys)
    if group_count == 0:
        return []
    labels = np.asarray(columns.section_labels)
    member = labels >= 0
    labels = labels[member]
    counts = np.bincount(labels, minlength=group_count)

    def reduce(values: list[float], ufunc: np.ufunc, start: float) -> np.ndarray:
        out = np.full(group_count, start)
        ufunc.at(out, labels, np.asarray(values)[member])  # fmin/fmax skip NaN (missing fields)
        return out

    min_x = reduce(columns.min_x, np.fmin, np.inf)
    max_x = reduce(columns.max_x, np.fmax, -np.inf)
    min_y = reduce(columns.min_y, np.fmin, np.inf)
    max_y = reduce(columns.max_y, np.fmax, -np.inf)

    def finite(value: float) -> float | None:
        return float(value) if math.isfinite(value) else None

    sections = []
    for (section_id, z), label in columns.section_keys.items():
        sections.append(omit_none({
            "sectionId": section_id,
            "z": z,
            "tileCount": int(counts[label]),
            "minX": finite(min_x[label]),
            "maxX": finite(max_x[label]),
            "minY": finite(min_y[label]),
            "maxY": finite(max_y[label]),
        }))
    sections.sort(key=section_sort_key)
    return sections


def section_sort_key(section: dict) -> tuple:
    """SectionData order: by sectionId (string order), then z."""
    return (str(section["sectionId"]), section["z"])
