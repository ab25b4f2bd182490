"""Dates, times, numbers and money read exactly as flask_babel wrote them, in English and Welsh and
in London time either side of the clocks changing, while Babel is asked once per value."""

from datetime import UTC, date, datetime, time
from decimal import Decimal
from unittest import mock

import flask_babel
import pytest
from babel import dates

from youthhub.core import formatting

MOMENTS = [
    datetime(2026, 3, 29, 0, 30, tzinfo=UTC),  # 00:30 GMT, before the clocks go forward
    datetime(2026, 3, 29, 1, 30, tzinfo=UTC),  # 02:30 BST
    datetime(2026, 10, 25, 0, 30, tzinfo=UTC),  # 01:30 BST
    datetime(2026, 10, 25, 1, 30, tzinfo=UTC),  # 01:30 GMT, after they go back
    datetime(2026, 12, 31, 23, 59, tzinfo=UTC),
    datetime(2026, 6, 30, 23, 30),  # noqa: DTZ001 - naive is taken as UTC: 00:30 next day
]
DATE_FORMATS = [None, "short", "medium", "long", "full", "d MMM", "MMMM yyyy", "EEEE d MMMM"]
TIME_FORMATS = ["HH:mm", "EEE d MMM, HH:mm", "d MMMM y, HH:mm", "d MMM yyyy, HH:mm", "medium"]


@pytest.fixture(params=["en_GB", "cy"])
def language(request, app):
    with app.test_request_context("/"), flask_babel.force_locale(request.param):
        yield request.param


def test_dates_read_as_flask_babel_writes_them(language):
    for format in DATE_FORMATS:
        for value in [date(2026, 1, 5), date(2026, 7, 31), *MOMENTS]:
            assert formatting.format_date(value, format) == flask_babel.format_date(value, format)


def test_times_read_as_flask_babel_writes_them_in_london_time(language):
    for format in TIME_FORMATS:
        for moment in MOMENTS:
            expected = flask_babel.format_datetime(moment, format)
            assert formatting.format_datetime(moment, format) == expected
    for format in ("HH:mm", "medium"):
        for moment in MOMENTS:
            expected = flask_babel.format_time(moment, format)
            assert formatting.format_time(moment, format) == expected
    assert formatting.format_time(time(9, 5), "HH:mm") == "09:05"


def test_a_lists_formatters_read_as_flask_babel_writes_them(language):
    for format in TIME_FORMATS:
        list_format = formatting.datetime_formatter(format)
        for moment in MOMENTS:
            assert list_format(moment) == flask_babel.format_datetime(moment, format)
    clock = formatting.time_formatter("HH:mm")
    for moment in MOMENTS:
        assert clock(moment) == flask_babel.format_time(moment, "HH:mm")


def test_money_and_numbers_read_as_flask_babel_writes_them(language):
    for pence in (0, 5, 1250, 100_000_00, -375):
        expected = flask_babel.format_currency(Decimal(pence) / 100, "GBP")
        assert formatting.format_money(pence) == expected
    for number in (0, 1.5, Decimal("1.25"), 12345, Decimal("2.50")):
        assert formatting.format_decimal(number) == flask_babel.format_decimal(number)


def test_each_value_is_formatted_by_babel_once_per_language(app):
    moment = datetime(2027, 2, 3, 18, 45, tzinfo=UTC)
    babel_itself = mock.patch.object(dates, "format_datetime", wraps=dates.format_datetime)
    with babel_itself as babel, app.test_request_context("/"):
        for language in ("en_GB", "cy", "en_GB", "cy"):
            with flask_babel.force_locale(language):
                for _ in range(50):
                    formatting.format_datetime(moment, "EEE d MMM, HH:mm")
    assert babel.call_count == 2
    with app.test_request_context("/"), flask_babel.force_locale("cy"):
        assert formatting.format_datetime(moment, "EEE d MMM, HH:mm") == "Mer 3 Chwef, 18:45"


def test_without_a_request_it_is_flask_babel_itself(app):
    with app.app_context():
        assert formatting.format_money(1250) == "£12.50"
        assert formatting.format_date(date(2026, 3, 27), "long") == "27 March 2026"
        moment = datetime(2026, 3, 27, 18, 30, tzinfo=UTC)
        assert formatting.datetime_formatter("d MMM, HH:mm")(moment) == "27 Mar, 18:30"
        assert formatting.time_formatter("HH:mm")(moment) == "18:30"
