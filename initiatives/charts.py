"""Charts drawn on the server: horizontal bar charts and a shaded world map, as geometry for SVG templates.

Functions here only compute positions, sizes and shading levels; the templates
in ``templates/initiatives/includes/`` write the SVG, so every label passes
through the template engine's escaping. Nothing is fetched from the network:
the country shapes come from ``static/atlas/world-110m.json``.
"""

import json
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from django.conf import settings

MAP_FILE = settings.BASE_DIR / "static" / "atlas" / "world-110m.json"
MAP_LEVELS = 5

# Bar chart geometry, in SVG user units; the SVG scales to its container.
CHART_WIDTH = 480
NARROW_CHART_WIDTH = 320  # for a sidebar, so that its text is not scaled down too far
LABEL_WIDTH = 150
VALUE_WIDTH = 70
BAR_HEIGHT = 18
BAR_GAP = 8
LABEL_CHARS = 20  # in half-width characters: a Chinese character counts as two


@dataclass(frozen=True)
class Bar:
    label: str
    full_label: str
    value: float
    value_text: str
    url: str
    y: float
    width: float
    text_y: float  # baseline of the label and value, centred on the bar
    value_x: float


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    bar_x: int
    label_x: int
    bar_height: int


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


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def shorten(text: str, *, limit: int = LABEL_CHARS) -> str:
    """``text`` cut to ``limit`` half-width columns, with an ellipsis when cut."""
    if _display_width(text) <= limit:
        return text
    out, width = "", 0
    for char in text:
        width += _display_width(char)
        if width > limit - 1:
            break
        out += char
    return out + "…"


def bar_chart(
    *,
    rows: Iterable[tuple[str, float, str]],
    value_text=str,
    maximum: float | None = None,
    width: int = CHART_WIDTH,
) -> BarChart:
    """A horizontal bar for each ``(label, value, url)``, longest bar for ``maximum`` or the largest value."""
    rows = list(rows)
    top = maximum or max((value for _, value, _ in rows), default=0) or 1
    label_width = round(LABEL_WIDTH * width / CHART_WIDTH)
    span = width - label_width - VALUE_WIDTH
    bars = []
    for i, (label, value, url) in enumerate(rows):
        y = i * (BAR_HEIGHT + BAR_GAP)
        bar_width = max(round(span * value / top, 1), 1 if value else 0)
        bars.append(
            Bar(
                label=shorten(label, limit=round(LABEL_CHARS * width / CHART_WIDTH)),
                full_label=label,
                value=value,
                value_text=value_text(value),
                url=url,
                y=y,
                width=bar_width,
                text_y=round(y + BAR_HEIGHT * 0.7, 1),
                value_x=round(label_width + bar_width + 6, 1),
            )
        )
    return BarChart(
        bars=bars,
        width=width,
        height=max(len(bars) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP, BAR_HEIGHT),
        bar_x=label_width,
        label_x=label_width - 8,
        bar_height=BAR_HEIGHT,
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
