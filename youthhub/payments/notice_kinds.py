"""How a young person's money notices read when several wait: "3 claims paid — £112.50"."""

from flask_babel import ngettext

from youthhub.core.templating import format_money
from youthhub.notices.kinds import NoticeKind, group_notices_of

CLAIM_APPROVED, CLAIM_REJECTED, CLAIM_PAID = "claim_approved", "claim_rejected", "claim_paid"

KINDS = (
    NoticeKind(
        CLAIM_PAID,
        lambda n, pence: ngettext(
            "%(num)d claim paid — %(amount)s",
            "%(num)d claims paid — %(amount)s",
            n,
            amount=format_money(pence or 0),
        ),
    ),
    NoticeKind(
        CLAIM_APPROVED,
        lambda n, pence: ngettext(
            "%(num)d claim approved — %(amount)s",
            "%(num)d claims approved — %(amount)s",
            n,
            amount=format_money(pence or 0),
        ),
    ),
    NoticeKind(
        CLAIM_REJECTED,
        lambda n, _pence: ngettext(
            "%(num)d claim wasn't approved. Open it on your Money page to see why.",
            "%(num)d claims weren't approved. Open them on your Money page to see why.",
            n,
        ),
    ),
)


def connect_notice_kinds() -> None:
    for kind in KINDS:
        group_notices_of(kind)
