"""Geometry for the monitoring charts: stacked bars, drawn on the server as SVG.

A hidden count (`core.small_numbers`) is drawn as no bar at all and marked, so a chart never
shows more than its table does.
"""

from dataclasses import dataclass

from youthhub.core.small_numbers import Cell

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 8, 12, 44
# At least 3:1 against white and against each other's neighbour.
COLOURS = ("#0b5cad", "#8a4b00", "#1e6b3a", "#a4262c")
GRIDLINES = 4


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    colour: str


@dataclass(frozen=True)
class DrawnBar:
    label: str
    label_x: float
    rects: tuple[Rect, ...]
    hidden: bool  # a part is not shown: marked under the bar


@dataclass(frozen=True)
class Drawing:
    width: int
    height: int
    left: int
    right: int
    baseline: float
    gridlines: tuple[tuple[int, float], ...]
    bars: tuple[DrawnBar, ...]
    colours: tuple[str, ...]


def _number(value) -> int:
    if isinstance(value, Cell):
        return value.value if value.shown else 0
    return value if isinstance(value, int) else 0


def _step(top: int) -> int:
    """A round gridline step so that GRIDLINES steps reach `top`."""
    raw = max(1, -(-top // GRIDLINES))
    magnitude = 10 ** (len(str(raw)) - 1)
    for nice in (1, 2, 5, 10):
        if raw <= nice * magnitude:
            return nice * magnitude
    return raw


def draw(chart) -> Drawing:
    totals = [sum(_number(part) for part in bar.parts) for bar in chart.bars] or [0]
    step = _step(max(totals))
    top = step * GRIDLINES
    plot_height = HEIGHT - TOP - BOTTOM
    baseline = HEIGHT - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(1, len(chart.bars))
    bar_width = slot * 0.7
    bars = []
    for index, bar in enumerate(chart.bars):
        x = LEFT + slot * index + (slot - bar_width) / 2
        y, rects = baseline, []
        for part_index, part in enumerate(bar.parts):
            height = plot_height * _number(part) / top
            if height:
                y -= height
                colour = COLOURS[part_index % len(COLOURS)]
                rects.append(
                    Rect(round(x, 1), round(y, 1), round(bar_width, 1), round(height, 1), colour)
                )
        hidden = any(isinstance(part, Cell) and not part.shown for part in bar.parts)
        bars.append(DrawnBar(bar.label, round(x + bar_width / 2, 1), tuple(rects), hidden))
    gridlines = tuple(
        (step * n, round(baseline - plot_height * n / GRIDLINES, 1)) for n in range(GRIDLINES + 1)
    )
    return Drawing(WIDTH, HEIGHT, LEFT, WIDTH - RIGHT, baseline, gridlines, tuple(bars), COLOURS)
