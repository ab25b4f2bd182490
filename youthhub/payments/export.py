"""Finance's CSV of payments for the accounts: one row per payment, young people by reference
number only, every cell safe to open in a spreadsheet (`core.csv`)."""

from flask import Response

from youthhub.core.csv import csv_download
from youthhub.core.time import LONDON
from youthhub.payments.queries import ExportRow
from youthhub.payments.rates import kind_name

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


def _values(row: ExportRow) -> tuple:
    claim, payment = row.claim, row.payment
    approved_on = claim.approved_at.astimezone(LONDON).date() if claim.approved_at else None
    return (
        claim.id,
        f"YP-{claim.person_id:06d}",
        kind_name(row.kind),
        f"{claim.minutes / 60:g}",
        pounds(payment.amount_pence),
        pounds(payment.reversed_pence),
        payment.method.value,
        claim.work_date.isoformat(),
        approved_on.isoformat() if approved_on else "",
        payment.paid_on.isoformat(),
        row.approver.preferred_name if row.approver else "",
        row.payer.preferred_name if row.payer else "",
        payment.reference,
    )


def payments_csv(rows: list[ExportRow], filename: str) -> Response:
    """The payments as a CSV download: a header row, then one row per payment."""
    return csv_download([COLUMNS, *(_values(row) for row in rows)], filename)
