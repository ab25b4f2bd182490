"""Adding a young person without an account on the register (searched for first)."""

from flask_login import current_user

from youthhub.accounts import people
from youthhub.accounts.forms_people import NewYoungPersonForm
from youthhub.accounts.queries import similar_young_people


def new_person_context(search: str, form: NewYoungPersonForm | None) -> dict:
    """What the register's "not on YouthHub yet?" part needs: the form (with the searched name
    typed in) and, once a name was sent, the people it might already be."""
    if not people.may_add_people(current_user):
        return {"may_add_people": False}
    if form is None and not search:
        # The form shows only after a search: no form made for the register as it opens.
        return {"may_add_people": True, "show_new_person": False, "maybe_already_here": []}
    if form is None:
        form = NewYoungPersonForm(formdata=None, preferred_name=search)
    name = form.preferred_name.data if form.is_submitted() else ""
    return {
        "may_add_people": True,
        "new_person": form,
        "show_new_person": bool(search) or form.is_submitted(),
        "maybe_already_here": similar_young_people(name) if name else [],
    }
