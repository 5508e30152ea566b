"""Charts drawn on the server: horizontal bar charts and a shaded world map, as geometry for templates.

Functions here only compute lengths, positions and shading levels; the templates
in ``templates/initiatives/includes/`` write the HTML and SVG, so every label passes
through the template engine's escaping. Nothing is fetched from the network:
the country shapes come from ``static/atlas/world-110m.json``.
"""

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from django.conf import settings

MAP_FILE = settings.BASE_DIR / "static" / "atlas" / "world-110m.json"
MAP_LEVELS = 5


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    value_text: str
    url: str
    share: float  # the bar's length, in percent of the longest possible bar


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]


@dataclass(frozen=True)
class MapShape:
    m49: str
    name: str
    path: str
    count: int
    level: int
    url: str


@dataclass(frozen=True)
class LegendStep:
    level: int
    low: int
    high: int


@dataclass(frozen=True)
class WorldMap:
    width: int
    height: int
    shapes: list[MapShape]
    legend: list[LegendStep]


def bar_chart(
    *, rows: Iterable[tuple[str, float, str]], value_text=str, maximum: float | None = None
) -> BarChart:
    """A horizontal bar for each ``(label, value, url)``, longest bar for ``maximum`` or the largest value.

    Labels are text of the page, not of the drawing, so that they wrap on a narrow screen
    instead of being cut; only each bar is drawn, as a rectangle of its share of the width.
    """
    rows = list(rows)
    top = maximum or max((value for _, value, _ in rows), default=0) or 1
    return BarChart(
        bars=[
            Bar(
                label=label,
                value=value,
                value_text=value_text(value),
                url=url,
                # A value too small to see still gets a sliver, so that it reads as not zero.
                share=max(round(100 * value / top, 1), 0.5 if value else 0),
            )
            for label, value, url in rows
        ]
    )


_PATH_STEP = re.compile(r"([MLZ])([^MLZ]*)")


def unwrapped_path(path: str, *, width: float) -> str:
    """``path`` with rings that cross the antimeridian (Russia, Fiji) drawn whole past the map's edge.

    A ring that jumps from one edge of the map to the other would draw a line
    across the world; shifting its points by the map's width keeps it in one
    piece, and the SVG viewport hides what falls outside.
    """
    out = []
    previous = None
    for command, args in _PATH_STEP.findall(path):
        if command == "Z":
            out.append("Z")
            continue
        x, y = (float(v) for v in args.split(","))
        if command == "M":
            previous = None
        if previous is not None:
            while x - previous > width / 2:
                x -= width
            while previous - x > width / 2:
                x += width
        previous = x
        out.append(f"{command}{x:.1f},{y:.1f}")
    return "".join(out)


@cache
def map_outlines() -> dict:
    with open(MAP_FILE, encoding="utf-8") as f:
        outlines = json.load(f)
    for shape in outlines["shapes"].values():
        shape["d"] = unwrapped_path(shape["d"], width=outlines["width"])
    return outlines


def shading_level(count: int, *, maximum: int) -> int:
    """0 for none, else 1 to ``MAP_LEVELS`` on a square-root scale, so a few busy countries don't wash out the rest."""
    if count <= 0 or maximum <= 0:
        return 0
    return max(1, min(MAP_LEVELS, math.ceil(MAP_LEVELS * math.sqrt(count / maximum))))


def _legend(maximum: int) -> list[LegendStep]:
    steps: dict[int, list[int]] = {}
    for count in range(1, maximum + 1):
        level = shading_level(count, maximum=maximum)
        steps.setdefault(level, [count, count])[1] = count
    return [LegendStep(level=level, low=low, high=high) for level, (low, high) in sorted(steps.items())]


def world_map(*, counts: Mapping[str, int], names: Mapping[str, str], urls: Mapping[str, str]) -> WorldMap:
    """Every country shape shaded by ``counts`` (keyed by M49 code); ``names`` and ``urls`` by M49 too."""
    outlines = map_outlines()
    maximum = max(counts.values(), default=0)
    shapes = [
        MapShape(
            m49=m49,
            name=names.get(m49) or shape["name"],
            path=shape["d"],
            count=counts.get(m49, 0),
            level=shading_level(counts.get(m49, 0), maximum=maximum),
            url=urls.get(m49, ""),
        )
        for m49, shape in outlines["shapes"].items()
    ]
    return WorldMap(
        width=outlines["width"], height=outlines["height"], shapes=shapes, legend=_legend(maximum)
    )
