"""Finance's CSV of payments for the accounts: one row per payment, young people by reference
number only, every cell safe to open in a spreadsheet (`core.csv`), written as it is read from
the database (`core.csv.csv_stream`), so years of payments take no more memory than a day's."""

from collections.abc import Callable, Iterable, Iterator

from flask import Response
from sqlalchemy import Row

from youthhub.core.csv import csv_stream
from youthhub.core.time import LONDON
from youthhub.payments.rates import kind_label

COLUMNS = [
    "claim",
    "young_person_ref",
    "kind",
    "hours",
    "amount_gbp",
    "reversed_gbp",
    "method",
    "work_date",
    "approved_on",
    "paid_on",
    "approved_by",
    "paid_by",
    "reference",
]


def pounds(pence: int) -> str:
    return f"{pence // 100}.{pence % 100:02d}"


def _values(row: Row) -> tuple:
    approved_on = row.approved_at.astimezone(LONDON).date() if row.approved_at else None
    return (
        row.claim_id,
        f"YP-{row.person_id:06d}",
        kind_label(row.kind_code, row.kind_name),
        f"{row.minutes / 60:g}",
        pounds(row.amount_pence),
        pounds(row.reversed_pence),
        row.method.value,
        row.work_date.isoformat(),
        approved_on.isoformat() if approved_on else "",
        row.paid_on.isoformat(),
        row.approver or "",
        row.payer or "",
        row.reference,
    )


def payments_csv(read_rows: Callable[[], Iterable[Row]], filename: str) -> Response:
    """The payments `read_rows()` reads (`queries.payments_between`) as a CSV download: a header
    row, then one row per payment, each written as it is read."""

    def lines() -> Iterator[tuple]:
        yield tuple(COLUMNS)
        for row in read_rows():
            yield _values(row)

    return csv_stream(lines, filename)
