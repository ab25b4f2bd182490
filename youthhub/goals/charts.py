"""Geometry for the server-drawn SVG charts: a rating history line and the wheel of areas.

Only numbers live here; the words (titles, descriptions, labels) are in the templates so they
are translated like everything else.
"""

import math
from dataclasses import dataclass
from functools import lru_cache

# Strong colours with at least 3:1 contrast on white, one per area (repeating after eight).
PALETTE = (
    "#5b2a86",
    "#1e6b3a",
    "#0b5cad",
    "#a4262c",
    "#8a4b00",
    "#006d77",
    "#a0136f",
    "#3d4a5c",
)
MAX_SCORE = 10


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


# The line chart ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    x: str
    y: str
    score: int
    rating: object


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    points: list[Point]
    path: str
    gridlines: list[tuple[int, str]]  # (score, y)
    show_scores: bool

    @property
    def first(self):
        return self.points[0].rating

    @property
    def last(self):
        return self.points[-1].rating


def line_chart(ratings, width=320, height=200) -> LineChart | None:
    """Ratings (oldest first) as evenly spaced dots joined by a line, 0 to 10 up the side."""
    if not ratings:
        return None
    left, right, top, bottom = 32, width - 16, 16, height - 36

    def y_for(score: float) -> float:
        return bottom - (bottom - top) * score / MAX_SCORE

    count = len(ratings)
    step = (right - left) / (count - 1) if count > 1 else 0
    points = [
        Point(
            x=_number(left + step * index if count > 1 else (left + right) / 2),
            y=_number(y_for(rating.score)),
            score=rating.score,
            rating=rating,
        )
        for index, rating in enumerate(ratings)
    ]
    path = "M" + " L".join(f"{point.x} {point.y}" for point in points)
    return LineChart(
        width=width,
        height=height,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        points=points,
        path=path,
        gridlines=[(score, _number(y_for(score))) for score in (0, 5, 10)],
        show_scores=count <= 12,
    )


# The wheel ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Wedge:
    area: object
    score: int | None  # the latest score, or None
    colour: str
    outline: str  # the whole slice: how far 10 reaches
    filled: str | None  # the part up to the latest score
    label_x: str
    label_y: str


def _slice(cx: float, cy: float, radius: float, start: float, end: float) -> str:
    if end - start >= 2 * math.pi - 1e-9:  # a single area is a whole circle
        return (
            f"M{_number(cx - radius)} {_number(cy)} "
            f"a{_number(radius)} {_number(radius)} 0 1 1 {_number(2 * radius)} 0 "
            f"a{_number(radius)} {_number(radius)} 0 1 1 {_number(-2 * radius)} 0Z"
        )
    x0, y0 = cx + radius * math.cos(start), cy + radius * math.sin(start)
    x1, y1 = cx + radius * math.cos(end), cy + radius * math.sin(end)
    large = 1 if end - start > math.pi else 0
    return (
        f"M{_number(cx)} {_number(cy)} L{_number(x0)} {_number(y0)} "
        f"A{_number(radius)} {_number(radius)} 0 {large} 1 {_number(x1)} {_number(y1)}Z"
    )


@dataclass(frozen=True)
class Wheel:
    size: int
    centre: int
    radius: int
    wedges: list[Wedge]
    rings: list[int]


# Every page draws the same few slices (areas x scores): each slice's numbers are worked out once.
@lru_cache(maxsize=1024)
def _wedge_shape(size: int, count: int, index: int, score: int | None) -> tuple:
    """A slice's outline, filled part and label position: only numbers, no words."""
    centre = size / 2
    radius = size / 2 - 30
    turn = 2 * math.pi / max(count, 1)
    start = -math.pi / 2 + index * turn
    end = start + turn
    middle = (start + end) / 2
    return (
        _slice(centre, centre, radius, start, end),
        _slice(centre, centre, radius * score / MAX_SCORE, start, end) if score else None,
        _number(centre + (radius + 16) * math.cos(middle)),
        _number(centre + (radius + 16) * math.sin(middle)),
    )


def wheel(areas, scores: dict[int, int], size=320) -> Wheel:
    """One slice per area, clockwise from the top, filled out to the latest score."""
    centre = size / 2
    radius = size / 2 - 30
    wedges = []
    for index, area in enumerate(areas):
        score = scores.get(area.id)
        outline, filled, label_x, label_y = _wedge_shape(size, len(areas), index, score)
        wedges.append(
            Wedge(
                area=area,
                score=score,
                colour=colour(index),
                outline=outline,
                filled=filled,
                label_x=label_x,
                label_y=label_y,
            )
        )
    rings = [round(radius * score / MAX_SCORE) for score in (2, 4, 6, 8)]
    return Wheel(size=size, centre=round(centre), radius=round(radius), wedges=wedges, rings=rings)
