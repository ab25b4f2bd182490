"""Long lists shown a page at a time, with plain links (`?page=2`) that work without JavaScript.

A page reads only its own rows (LIMIT and OFFSET on the list's own order, which an index
answers) and one count, so it costs the same however long the list grows.
"""

import math
import re
from dataclasses import dataclass
from typing import Generic, TypeVar

from flask import request

Row = TypeVar("Row")
# Rows a staff list shows at once: a morning's work, and quick to read on a laptop.
PAGE_SIZE = 50
_WHOLE_NUMBER = re.compile(r"[1-9][0-9]{0,5}")


def asked_page() -> int:
    """The page asked for in `?page=`; the first page for anything but a whole number from 1."""
    asked = request.args.get("page", "")
    return int(asked) if _WHOLE_NUMBER.fullmatch(asked) else 1


def page_within(asked: int, total: int, size: int) -> int:
    """The page to show: one past the end shows the last page (the list may have shrunk since
    the link was made), never an error."""
    return min(max(asked, 1), max(1, math.ceil(total / size)))


@dataclass
class Page(Generic[Row]):
    rows: list[Row]
    number: int
    total: int
    size: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.size))

    @property
    def first(self) -> int:
        """The position of the page's first row in the whole list, counting from 1."""
        return (self.number - 1) * self.size + 1 if self.rows else 0

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1 if self.rows else 0

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.pages else None

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size
