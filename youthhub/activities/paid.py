"""What a paid role pays, for "What's on" and an activity's page.

Rates are the payments domain's, which sits above activities, so activities never imports it:
it asks this signal, and payments answers (`payments/paid_roles.py`, connected in the app
factory's `register_signals`), saying nothing for a programme that shows no rates.
"""

from flask.signals import Namespace

signals = Namespace()
#: Sent with no sender and `activities` (paid roles); a receiver answers a dict of activity id
#: to the hourly rate in pence that may be shown, leaving out any it shows no rate for.
paid_role_rates = signals.signal("paid-role-rates")


def hourly_rates(activities) -> dict[int, int]:
    """The hourly rate (pence) each paid role among `activities` may show, by activity id."""
    paid = [activity for activity in activities if activity.is_paid_role]
    if not paid:
        return {}
    found: dict[int, int] = {}
    for _receiver, answer in paid_role_rates.send(None, activities=paid):
        found.update(answer)
    return found
