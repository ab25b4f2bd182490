"""Small numbers hidden, so that no young person can be picked out of a report.

Every monitoring table, chart and CSV counts young people through here. A count of fewer than
the programme's threshold (`REPORT_SMALL_NUMBER_THRESHOLD`, 10 unless set) shows as "fewer than
10". That alone is not enough where parts add up to a total that is shown: with the total and
all but one part known, the hidden one is a subtraction away. So when a group of parts has
exactly one small part, the next smallest is hidden too (complementary suppression). When the
total itself is small, everything in its group is hidden with it.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from flask import current_app

SHOWN, SMALL, HIDDEN = "shown", "small", "hidden"


@dataclass(frozen=True)
class Cell:
    """One count of young people as a report may show it: the number, or why it is not shown."""

    value: int | None
    state: str = SHOWN

    @property
    def shown(self) -> bool:
        return self.state == SHOWN


def threshold() -> int:
    return current_app.config["REPORT_SMALL_NUMBER_THRESHOLD"]


def count(value: int, limit: int) -> Cell:
    """A count standing on its own (no total beside it that it adds up to)."""
    return Cell(value) if value >= limit else Cell(None, SMALL)


def parts_of(total: int, parts: Sequence[int], limit: int) -> tuple[Cell, list[Cell]]:
    """A total and the parts it is made of, each hidden where needed so no small part can be
    worked out from the others."""
    if total < limit:
        return Cell(None, SMALL), [Cell(None, HIDDEN) for _ in parts]
    small = {index for index, value in enumerate(parts) if value < limit}
    hidden = set()
    if len(small) == 1 and len(parts) > 1:
        # Hide the next smallest too, so the total minus the others can't give the small one.
        others = sorted((value, index) for index, value in enumerate(parts) if index not in small)
        hidden.add(others[0][1])
    cells = [
        Cell(None, SMALL)
        if index in small
        else Cell(None, HIDDEN)
        if index in hidden
        else Cell(value)
        for index, value in enumerate(parts)
    ]
    return Cell(total), cells


def hidden_with(cell: Cell, value) -> object:
    """A figure that describes the people counted in `cell` (their attendances, an average):
    shown only when that count is."""
    return value if cell.shown else Cell(None, HIDDEN)


def text(cell: Cell, small: str, hidden: str) -> object:
    """A cell as it appears in a table or CSV: the number, or the words saying it is hidden."""
    if cell.shown:
        return cell.value
    return small if cell.state == SMALL else hidden
