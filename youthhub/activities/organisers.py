"""Who may run an activity, and which groups an activity may belong to.

Staff organisers run every activity. A power group's own leads run their group's sessions, but
groups sit above activities (a group schedules its sessions through activities), so activities
never imports groups: it asks these two signals, and groups answers them
(`youthhub/groups/permissions.py`, connected in the app factory's `register_signals`).
"""

from flask.signals import Namespace

from youthhub.accounts.models import Role

ORGANISER_ROLES = frozenset({Role.YOUTH_WORKER, Role.ADMIN})
signals = Namespace()
#: Sent with the user as sender and `group`; a receiver answers True if the user runs that group.
runs_group = signals.signal("runs-group")
#: Sent with no sender; a receiver answers the list of groups an activity may be put in.
group_choices = signals.signal("group-choices")


def is_staff_organiser(user) -> bool:
    return user.has_any_role(ORGANISER_ROLES)


def can_run(user, group) -> bool:
    """Staff run everything; a lead runs only their own group's sessions and members."""
    if is_staff_organiser(user):
        return True
    if group is None:
        return False
    return any(answer for _receiver, answer in runs_group.send(user, group=group))


def all_groups() -> list:
    """Every group an activity may be put in, as the groups domain lists them."""
    return [group for _receiver, groups in group_choices.send() for group in groups]
