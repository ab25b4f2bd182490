"""How to be paid, as the money page writes its radios (payments/_macros.html `choice_radios`):
exactly what the shared `radios` macro writes with WTForms, with and without a choice saved,
with Stripe offered or not, and after a refusal, in English and Welsh."""

import pytest
from flask import render_template_string

from youthhub.payments.forms import ChoiceForm
from youthhub.payments.models import PaymentChoice

WRITTEN = (
    '{% from "payments/_macros.html" import choice_radios with context %}'
    "{{ choice_radios(form.choice, choice_hints) }}"
)
SHARED = '{% from "macros/forms.html" import radios %}{{ radios(form.choice, choice_hints) }}'
EVERY_WAY = [choice for choice in PaymentChoice if choice != PaymentChoice.DECLINE]


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize(
    ("allowed", "saved", "posted"),
    [
        (EVERY_WAY, None, None),
        (EVERY_WAY[1:], PaymentChoice.CASH, None),
        (list(PaymentChoice), None, {"choice": "cash"}),
        (EVERY_WAY, None, {"choice": "gold bars"}),
        (EVERY_WAY, None, {}),
    ],
)
def test_the_choices_are_what_the_shared_radios_write(app, language, allowed, saved, posted):
    method = "POST" if posted is not None else "GET"
    headers = {"Accept-Language": language}
    with app.test_request_context("/money/choice", method=method, data=posted, headers=headers):
        form = ChoiceForm(allowed, choice=saved, meta={"csrf": False})
        if posted is not None:
            form.validate()
        written = render_template_string(WRITTEN, form=form)
        expected = render_template_string(SHARED, form=form)

    assert written == expected
    assert written.count('type="radio"') == len(allowed)
    assert ("checked" in written) == (saved is not None or posted == {"choice": "cash"})
    assert ('class="error-message"' in written) == (posted in ({"choice": "gold bars"}, {}))
