"""Each payment knows the young person's payment before it (`Payment.previous_paid_on`, not
counting pay given to charity, and `previous_same_way_on`, by the same way of paying), so
monitoring counts the young people paid in a period as the payments whose one before is older,
from the period's payments alone, without sorting out who is who. Kept as payments are saved
(`core.history_links`); payments moved or deleted in bulk (a merge, retention) are relinked by
asking."""

from sqlalchemy import case, func

from youthhub.core.history_links import History
from youthhub.payments.models import Payment, PaymentMethod


def _links() -> dict:
    """From the person's payments in the order they were made (the same day in the order
    saved)."""
    in_time = (Payment.paid_on, Payment.id)
    donated = Payment.method == PaymentMethod.DONATED
    # Payments that reached the young person follow each other; one given to charity has none.
    reached = func.lag(Payment.paid_on).over(
        partition_by=(Payment.person_id, donated), order_by=in_time
    )
    same_way = func.lag(Payment.paid_on).over(
        partition_by=(Payment.person_id, Payment.method), order_by=in_time
    )
    return {
        "previous_paid_on": case((donated, None), else_=reached),
        "previous_same_way_on": same_way,
    }


PAYMENTS = History(
    name="payments_to_relink",
    model=Payment,
    owner="person_id",
    watched=("person_id", "method", "paid_on"),
    links=_links,
).keep()
relink, relink_everyone = PAYMENTS.relink, PAYMENTS.relink_everyone
