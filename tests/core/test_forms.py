"""core.forms' number boxes: every number is bounded before anything uses it, a refusal says
what to type, and what was typed is shown again."""

import pytest
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms.validators import InputRequired

from youthhub.core.forms import HoursField, MoneyField, WholeNumberField, read_number


class NumbersForm(FlaskForm):
    class Meta:
        csrf = False

    places = WholeNumberField("Places", least=1, most=10000)
    amount = MoneyField("Amount")
    hours = HoursField("Hours")


def submitted(**values) -> NumbersForm:
    return NumbersForm(formdata=MultiDict(values))


HOSTILE = [
    "1e308",
    "9" * 29,
    "9" * 40,
    "-" + "9" * 40,
    "1E5",
    "inf",
    "-Infinity",
    "NaN",
    "sNaN",
    "0x10",
    "1_000",
    "١٢",  # Arabic-Indic digits: int() would read them
    "²",
    "1\x00",
    "1.2.3",
    "--1",
    "9" * 20_000,
]


@pytest.mark.parametrize("text", HOSTILE)
def test_nothing_unbounded_gets_through_and_the_typed_text_comes_back(app, text):
    with app.test_request_context():
        form = submitted(places=text, amount=text, hours=text)
        assert not form.validate()
        for field in (form.places, form.amount, form.hours):
            assert field.data is None
            assert field.errors
            assert field._value() == text


@pytest.mark.parametrize(
    ("field", "text", "data"),
    [
        ("places", "12", 12),
        ("places", " 10000 ", 10000),
        ("amount", "12.50", 1250),
        ("amount", "£1,250.5", 125050),
        ("amount", "0", 0),
        ("hours", "1.5", 90),
        ("hours", "2,25", 135),
    ],
)
def test_numbers_people_write_are_read(app, field, text, data):
    with app.test_request_context():
        form = submitted(**{field: text})
        form.validate()
        assert form[field].data == data
        assert not form[field].errors


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("places", "lots", "Enter a whole number, like 12."),
        ("places", "0", "Enter a whole number from 1 to 10000."),
        ("places", "10001", "Enter a whole number from 1 to 10000."),
        ("places", "1.5", "Enter a whole number, like 12."),
        ("amount", "12.505", "Enter an amount in pounds, like 12.50."),
        ("amount", "-1", "Enter an amount in pounds, like 12.50."),
        ("amount", "1000000.01", "Enter an amount in pounds, like 12.50."),
        ("hours", "1.1", "Enter the hours in quarter hours, like 1.5 or 2.25."),
        ("hours", "0.1", "Enter the hours in quarter hours, like 1.5 or 2.25."),
        # Each rule in its own words: too many is not "quarter hours" (24 is a quarter hour).
        ("hours", "24", "Enter 12 hours or fewer."),
        ("hours", "12.25", "Enter 12 hours or fewer."),
        ("hours", "12.1", "Enter 12 hours or fewer."),
        ("hours", "0", "Enter more than 0 hours."),
        ("hours", "-2", "Enter more than 0 hours."),
    ],
)
def test_a_refusal_says_what_to_type(app, field, text, message):
    with app.test_request_context():
        form = submitted(**{field: text})
        assert not form.validate()
        assert message in str(form[field].errors[0])


def test_a_box_with_its_own_words_for_the_range_keeps_them(app):
    class ExpectedForm(FlaskForm):
        class Meta:
            csrf = False

        hours = HoursField("Hours", least="0.01", most=24, step=None, range_message="Not so.")

    with app.test_request_context():
        for text in ("0", "25"):
            form = ExpectedForm(formdata=MultiDict({"hours": text}))
            assert not form.validate()
            assert form.hours.errors == ["Not so."]


def test_welsh_says_it_in_welsh(app):
    with app.test_request_context(headers={"Accept-Language": "cy"}):
        from flask_babel import refresh

        refresh()
        form = submitted(places="0")
        form.validate()
        assert "10000" in str(form.places.errors[0])
        assert "whole number" not in str(form.places.errors[0])


class RequiredForm(FlaskForm):
    class Meta:
        csrf = False

    months = WholeNumberField("Months", [InputRequired("Enter a number.")], least=1, most=120)


@pytest.mark.parametrize("text", ["", " ", "\t \n"])
def test_a_box_of_spaces_is_an_empty_box(app, text):
    with app.test_request_context():
        form = RequiredForm(formdata=MultiDict({"months": text}))
        assert not form.validate()
        assert form.months.errors == ["Enter a number."]


def test_a_number_already_saved_is_shown_in_the_units_people_type(app):
    with app.test_request_context():
        form = NumbersForm(data={"places": 12, "amount": 1250, "hours": 90})
        assert (form.places._value(), form.amount._value(), form.hours._value()) == (
            "12",
            "12.50",
            "1.5",
        )


def test_read_number_keeps_to_its_bounds_and_places():
    assert read_number("007", least=0, most=10) == 7
    assert read_number("7.0", least=0, most=10) == 7
    assert read_number("11", least=0, most=10) is None
    assert read_number("7.25", least=0, most=10, places=1) is None
