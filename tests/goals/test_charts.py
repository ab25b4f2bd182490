"""The SVG geometry: dots where the scores are, slices filled to the latest rating."""

from dataclasses import dataclass

from youthhub.goals import charts


@dataclass
class FakeRating:
    score: int


@dataclass
class FakeArea:
    id: int


def test_a_line_chart_puts_10_at_the_top_and_0_at_the_bottom():
    chart = charts.line_chart([FakeRating(10), FakeRating(5), FakeRating(1)], width=320, height=200)
    xs = [float(point.x) for point in chart.points]
    ys = [float(point.y) for point in chart.points]
    assert xs == [chart.left, (chart.left + chart.right) / 2, chart.right]
    assert ys[0] == chart.top
    assert ys[1] == (chart.top + chart.bottom) / 2
    assert ys[2] > ys[1]
    assert chart.path.startswith(f"M{chart.points[0].x} {chart.points[0].y} L")
    assert [score for score, _ in chart.gridlines] == [0, 5, 10]


def test_one_rating_sits_in_the_middle():
    chart = charts.line_chart([FakeRating(7)])
    [point] = chart.points
    assert float(point.x) == (chart.left + chart.right) / 2


def test_no_ratings_no_chart_and_many_ratings_drop_the_numbers():
    assert charts.line_chart([]) is None
    assert charts.line_chart([FakeRating(5)] * 12).show_scores
    assert not charts.line_chart([FakeRating(5)] * 13).show_scores


def test_the_wheel_has_a_slice_per_area_filled_only_when_rated():
    areas = [FakeArea(n) for n in range(1, 9)]
    wheel = charts.wheel(areas, {2: 10, 3: 5})
    assert len(wheel.wedges) == 8
    filled = [wedge.filled is not None for wedge in wheel.wedges]
    assert filled == [False, True, True] + [False] * 5
    # A full score fills the whole slice.
    assert wheel.wedges[1].filled == wheel.wedges[1].outline
    assert len({wedge.colour for wedge in wheel.wedges}) == 8


def test_the_first_slice_starts_at_the_top():
    wheel = charts.wheel([FakeArea(1), FakeArea(2), FakeArea(3), FakeArea(4)], {})
    first = wheel.wedges[0]
    # The first label sits up and to the right of the centre.
    assert float(first.label_x) > wheel.centre > float(first.label_y)


def test_a_single_area_is_a_whole_circle():
    wheel = charts.wheel([FakeArea(1)], {1: 5})
    assert wheel.wedges[0].outline.count("a") == 2
