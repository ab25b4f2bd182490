"""What a monitoring section gives the page, the CSVs and the board's PDF: numbers and the
words for them, already made safe to show (`core.small_numbers`)."""

from dataclasses import dataclass, field

from youthhub.core.small_numbers import Cell

# A value in a table: a label (str), a count of young people (Cell), or another number (int,
# float, or already formatted text such as money).
Value = object


@dataclass(frozen=True)
class Figure:
    """One headline number, for the period and for the one before it."""

    label: str
    now: Value
    before: Value


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: its label and its stacked parts (one per series)."""

    label: str
    parts: tuple[Value, ...]


@dataclass(frozen=True)
class Chart:
    """A bar chart drawn on the server; `series` names each stacked part. The table it is drawn
    from is its text alternative."""

    title: str
    summary: str
    series: tuple[str, ...]
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Table:
    key: str  # in the CSV's address and file name: lowercase words joined by "-"
    caption: str
    headings: tuple[str, ...]
    rows: tuple[tuple[Value, ...], ...]
    chart: Chart | None = None
    note: str | None = None


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    figures: tuple[Figure, ...] = ()
    tables: tuple[Table, ...] = ()
    notes: tuple[str, ...] = field(default=())

    def table(self, key: str) -> Table | None:
        return next((table for table in self.tables if table.key == key), None)


def is_count(value: Value) -> bool:
    return isinstance(value, Cell)
