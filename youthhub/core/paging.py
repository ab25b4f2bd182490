"""Long lists shown a page at a time, with plain links (`?page=2`) that work without JavaScript.

A page reads only its own rows (LIMIT and OFFSET on the list's own order, which an index
answers) and one count, so it costs the same however long the list grows.
"""

import math
import re
from dataclasses import dataclass
from typing import Generic, TypeVar

from flask import request
from sqlalchemy import Integer, bindparam
from sqlalchemy.sql.elements import BindParameter

Row = TypeVar("Row")
# Rows a staff list shows at once: a morning's work, and quick to read on a laptop.
PAGE_SIZE = 50
_WHOLE_NUMBER = re.compile(r"[1-9][0-9]{0,5}")


def counted(name: str) -> BindParameter:
    """A LIMIT or OFFSET given when the statement runs, written into its SQL as a number.

    PostgreSQL plans a prepared statement for its values at first; after five runs it keeps one
    plan for all values if that plan looks no dearer. With LIMIT as a parameter it cannot know
    a page is 50 rows, guesses a tenth of the table, finds every plan for all values dearer, and
    so plans the statement again on every run: ~0.3 ms of the server's CPU a statement (with
    the numbers written in, PostgreSQL's CPU for finance's queue page fell from 2.9-3.5 to
    1.2-2.2 ms). Each number is a statement of its own (a page size, a few offsets).
    """
    return bindparam(name, type_=Integer, literal_execute=True)


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
