"""Adding a young person without an account on the register: searched for first (so nobody is
added twice), then added by name and marked as here, as any walk-in."""

from datetime import date, datetime

from youthhub.accounts import people
from youthhub.accounts.models import User
from youthhub.activities.models import Activity
from youthhub.activities.register import _check_register_open, add_walk_in


def add_new_young_person(
    activity: Activity,
    *,
    actor: User,
    preferred_name: str,
    pronouns: str | None = None,
    date_of_birth: date | None = None,
    someone_new: bool = False,
    taken_at: datetime | None = None,
) -> User:
    """Add someone new (see `accounts.people.add_young_person`, whose refusals this raises,
    including `MaybeAlreadyHere` with the people to pick from) and mark them as here."""
    _check_register_open(activity, actor)
    person = people.add_young_person(
        preferred_name=preferred_name,
        pronouns=pronouns,
        date_of_birth=date_of_birth,
        actor=actor,
        someone_new=someone_new,
    )
    add_walk_in(activity, person, actor=actor, taken_at=taken_at)
    return person
