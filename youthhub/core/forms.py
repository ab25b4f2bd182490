"""The shapes every write view shares, and the form pieces every domain uses.

A write view reads one way: validate, call one service, say what happened, go on. It never
commits and never catches a refusal: `core.transaction` commits once after the view and
answers every `DomainError` (rolling back, saying why, keeping what was typed).
"""

import re
from collections.abc import Callable
from decimal import Decimal

from flask import abort, flash, redirect
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget, TextInput

from youthhub.core.transaction import refused_goes_to, refused_shows

CHOOSE_FROM_LIST = _l("Choose from the list.")
WHOLE_NUMBER = _l("Enter a whole number, like 12.")
MONEY = _l("Enter an amount in pounds, like 12.50.")
QUARTER_HOURS = _l("Enter the hours in quarter hours, like 1.5 or 2.25.")
NO_HOURS = _l("Enter more than 0 hours.")


def form_action(form, action: Callable[[], object], *, done: str, then: str, page: Callable):
    """Run `action` (one service call) if `form` is valid, then say `done` and go to `then`.
    A form that does not validate, or a service that refuses, shows `page()` again, so nothing
    typed is lost."""
    if not form.validate_on_submit():
        return page()
    refused_shows(page)
    action()
    flash(done, "success")
    return redirect(then)


def button_action(action: Callable[[], object], *, done: str, then: str, form=None):
    """A one-tap button (a `ConfirmForm` unless `form` is given): run `action`, say `done`, go
    to `then`. A refusal is said on `then` too."""
    if not (form or ConfirmForm()).validate_on_submit():
        abort(400)
    refused_goes_to(then)
    action()
    flash(done, "success")
    return redirect(then)


class ConfirmForm(FlaskForm):
    """A button-only form: CSRF protection for one-tap actions."""


class CheckboxListField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("invalid_choice_message", CHOOSE_FROM_LIST)
        super().__init__(*args, **kwargs)


# Plain digits only, with at most one decimal point: no exponents ("1e308"), no "inf" or "NaN",
# no other scripts' digits, no underscores ("1_000" is 1000 to Python). Twelve digits before the
# point and six after are far more than any box needs, and small enough that no sum, product or
# database column the number reaches afterwards can overflow.
NUMBER_TEXT = re.compile(r"-?[0-9]{1,12}(?:\.[0-9]{1,6})?")


def read_number(text: str | None, *, least, most, places: int = 0) -> Decimal | None:
    """The number written in `text` if it is one from `least` to `most` with at most `places`
    decimal places, else None. Nothing unbounded is ever made: the text is checked first."""
    cleaned = (text or "").strip()
    if not NUMBER_TEXT.fullmatch(cleaned):
        return None
    value = Decimal(cleaned)
    if value != value.quantize(Decimal(1).scaleb(-places)):
        return None
    return value if Decimal(least) <= value <= Decimal(most) else None


class NumberField(Field):
    """A number box whose value is bounded before anything uses it. A text box with a number
    keypad: browsers' number boxes change value when scrolled and refuse to keep what was typed.

    `.data` is a whole number of `unit`s (1 for whole numbers, 100 for pence from pounds, 60 for
    minutes from hours), or None when the box was left empty; it is a multiple of `step` (with
    `step=None`, a part of a unit is dropped).
    Whatever was typed is shown again with the complaint: `message` when it is not a number of
    the right shape, `range_message` (default `message`) when it is outside `least`..`most` or
    not a multiple of `step`. Each of those rules may have its own words instead, so nobody is
    told the wrong rule: `high_message` (above `most`), `step_message` (not a multiple of `step`)
    and `low_message` (below `least`), checked in that order.
    `tidy` first turns what people write ("£1,250.50", "1,5") into plain digits.
    """

    widget = TextInput()
    pad_places = False  # show "12.50", not "12.5" (money)

    def __init__(
        self,
        label=None,
        validators=None,
        *,
        least,
        most,
        message,
        range_message=None,
        high_message=None,
        step_message=None,
        low_message=None,
        places: int = 0,
        unit: int = 1,
        step: int | None = 1,
        tidy: Callable[[str], str] = str,
        **kwargs,
    ):
        keypad = "numeric" if places == 0 else "decimal"
        kwargs.setdefault("render_kw", {"inputmode": keypad, "autocomplete": "off"})
        super().__init__(label, validators, **kwargs)
        self.least, self.most, self.places = Decimal(least), Decimal(most), places
        self.unit, self.step, self.tidy = unit, step, tidy
        self.message = message
        range_message = range_message or message
        self.high_message = high_message or range_message
        self.step_message = step_message or range_message
        self.low_message = low_message or range_message

    def process_formdata(self, valuelist):
        self.data = None
        text = self.tidy(valuelist[0] if valuelist else "").strip()
        if not text:
            # A box of spaces is an empty box: InputRequired (which sees only the raw text)
            # must say so, rather than let no number through to the service.
            self.raw_data = []
            return
        if not NUMBER_TEXT.fullmatch(text):
            raise ValueError(self.message)
        value = read_number(text, least=-(10**12), most=10**12, places=self.places)
        if value is None:
            raise ValueError(self.message)
        units = value * self.unit
        if value > self.most:
            raise ValueError(self.high_message)
        # Off the step before too low: "0.1" hours is not a quarter hour, where "0" is too few.
        if self.step and units % self.step:
            raise ValueError(self.step_message)
        if value < self.least:
            raise ValueError(self.low_message)
        self.data = int(units)

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        shown = Decimal(self.data) / self.unit
        if self.pad_places and shown != shown.to_integral_value():
            return f"{shown.quantize(Decimal(1).scaleb(-self.places)):f}"
        return f"{shown.normalize():f}"


class WholeNumberField(NumberField):
    """A whole number from `least` to `most`."""

    def __init__(self, label=None, validators=None, *, least, most, **kwargs):
        kwargs.setdefault("message", WHOLE_NUMBER)
        kwargs.setdefault(
            "range_message",
            _l("Enter a whole number from %(least)s to %(most)s.", least=least, most=most),
        )
        super().__init__(label, validators, least=least, most=most, **kwargs)


class MoneyField(NumberField):
    """Pounds and pence ("12.50", "£12.5", "1,000"), as whole pence in `.data`."""

    pad_places = True

    def __init__(self, label=None, validators=None, *, most=1_000_000, **kwargs):
        kwargs.setdefault("message", MONEY)
        super().__init__(
            label, validators, least=0, most=most, places=2, unit=100, tidy=_pounds, **kwargs
        )


class HoursField(NumberField):
    """Hours ("1.5", "2,25"), as whole minutes in `.data`, a multiple of `step` minutes. Each
    rule says its own words: not quarter hours, more than `most`, and none or fewer."""

    def __init__(self, label=None, validators=None, *, least="0.25", most=12, step=15, **kwargs):
        kwargs.setdefault("message", QUARTER_HOURS)
        if "range_message" not in kwargs:  # a box with its own words for the range keeps them
            kwargs.setdefault("high_message", _l("Enter %(most)s hours or fewer.", most=most))
            kwargs.setdefault("low_message", NO_HOURS)
        super().__init__(
            label,
            validators,
            least=least,
            most=most,
            places=2,
            unit=60,
            step=step,
            tidy=_decimal_comma,
            **kwargs,
        )


def _pounds(text: str) -> str:
    return text.replace("£", "").replace(",", "")


def _decimal_comma(text: str) -> str:
    return text.replace(",", ".")
