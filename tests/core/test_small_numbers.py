"""The one rule every monitoring figure goes through: small numbers hidden, and nothing left
that a subtraction would give away."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from youthhub.core.small_numbers import (
    HIDDEN,
    SHOWN,
    SMALL,
    Cell,
    count,
    hidden_with,
    parts_of,
    text,
)

LIMIT = 10


class TestPartsOfATotal:
    def test_a_small_total_hides_everything(self):
        total, parts = parts_of(9, (5, 2, 2), LIMIT)
        assert total == Cell(None, SMALL)
        assert [part.state for part in parts] == [HIDDEN] * 3

    def test_one_small_part_takes_the_next_smallest_with_it(self):
        # Hiding only the 3 would leave it to be worked out as 30 - 15 - 12.
        total, (first, second, third) = parts_of(30, (15, 12, 3), LIMIT)
        assert (total, first) == (Cell(30), Cell(15))
        assert (second.state, third.state) == (HIDDEN, SMALL)

    def test_two_small_parts_are_enough_on_their_own(self):
        total, parts = parts_of(20, (12, 5, 3), LIMIT)
        assert [total, parts[0]] == [Cell(20), Cell(12)]
        assert [part.state for part in parts[1:]] == [SMALL, SMALL]

    def test_new_and_returning_hide_each_other(self):
        total, (new, returning) = parts_of(40, (38, 2), LIMIT)
        assert total == Cell(40)
        assert (new.state, returning.state) == (HIDDEN, SMALL)

    def test_zero_counts_as_small(self):
        _total, parts = parts_of(25, (15, 10, 0), LIMIT)
        assert [part.state for part in parts] == [SHOWN, HIDDEN, SMALL]

    def test_big_enough_parts_all_show(self):
        total, parts = parts_of(30, (10, 10, 10), LIMIT)
        assert [total.state, *(part.state for part in parts)] == [SHOWN] * 4

    @given(st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=6))
    def test_no_hidden_part_can_ever_be_worked_out(self, parts):
        total, cells = parts_of(sum(parts), parts, LIMIT)
        shown = [cell.value for cell in [total, *cells] if cell.shown]
        assert all(value >= LIMIT for value in shown)
        if total.shown and len(parts) > 1:
            assert sum(not cell.shown for cell in cells) != 1


class TestOtherFigures:
    @pytest.mark.parametrize(("value", "state"), [(0, SMALL), (9, SMALL), (10, SHOWN)])
    def test_a_count_on_its_own(self, value, state):
        assert count(value, LIMIT).state == state

    def test_what_describes_hidden_people_is_hidden_too(self):
        assert hidden_with(Cell(None, SMALL), 27) == Cell(None, HIDDEN)
        assert hidden_with(Cell(12), 27) == 27

    def test_a_cell_as_words(self):
        assert text(Cell(12), "fewer than 10", "hidden") == 12
        assert text(Cell(None, SMALL), "fewer than 10", "hidden") == "fewer than 10"
        assert text(Cell(None, HIDDEN), "fewer than 10", "hidden") == "hidden"
