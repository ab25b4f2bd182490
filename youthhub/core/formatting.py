"""Dates, times, numbers and money in the page's language, formatted cheaply.

A list page formats hundreds of values. Through flask_babel each one looks up the locale, the
time zone and the named format again, converts the time with pytz and has Babel read its locale
data and build the text. The text depends only on the value, the format and the locale (times
are always shown in Europe/London), so each is made by Babel once and remembered in a bounded
cache: the same session time, date or amount on many rows, or on the next person's page, costs
a dictionary look-up. The text is Babel's own, so English and Welsh read exactly as before.

The locale is the one flask_babel keeps for the request (`core/i18n.page_locale`, which honours
`force_locale` in emails and background work); outside any request or app context these fall
back to flask_babel itself.
"""

from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal
from functools import lru_cache

import flask_babel
from babel import Locale, dates, numbers

from youthhub.core.i18n import LONDON, page_locale

# Enough for every session, date and amount a busy page shows, in each language; a few MB.
REMEMBERED = 8192
# flask_babel's defaults when a filter is used without a format ("medium").
DEFAULT_FORMAT = "medium"


@lru_cache(maxsize=1)
def _london():
    # The same tzinfo flask_babel would use (pytz when installed), so times read the same.
    return dates.get_timezone(LONDON)


def _locale() -> Locale | None:
    return page_locale()


@lru_cache(maxsize=REMEMBERED)
def _date(value: date, format: str, locale: Locale) -> str:
    if isinstance(value, datetime):  # shown as the London date it falls on
        value = value.astimezone(_london())
    return dates.format_date(value, format, locale=locale)


@lru_cache(maxsize=REMEMBERED)
def _datetime(value: datetime, format: str, locale: Locale) -> str:
    return dates.format_datetime(value, format, tzinfo=_london(), locale=locale)


@lru_cache(maxsize=REMEMBERED)
def _time(value: datetime | time, format: str, locale: Locale) -> str:
    return dates.format_time(value, format, tzinfo=_london(), locale=locale)


@lru_cache(maxsize=REMEMBERED, typed=True)
def _money(pence: int, locale: Locale) -> str:
    return numbers.format_currency(Decimal(pence) / 100, "GBP", locale=locale)


@lru_cache(maxsize=REMEMBERED, typed=True)
def _number(value, format: str | None, locale: Locale) -> str:
    return numbers.format_decimal(value, format=format, locale=locale)


def _utc(value: datetime) -> datetime:
    # As flask_babel does: a naive datetime is taken as UTC.
    return value if value.tzinfo is not None else value.replace(tzinfo=dates.UTC)


def format_date(value: date, format: str | None = None) -> str:
    """A date (or the London date of a moment), e.g. "27 March 2026" for "long"."""
    locale = _locale()
    if locale is None:
        return flask_babel.format_date(value, format)
    if isinstance(value, datetime):
        value = _utc(value)
    return _date(value, format or DEFAULT_FORMAT, locale)


def format_datetime(value: datetime, format: str | None = None) -> str:
    """A moment in London time, e.g. "Fri 27 Mar, 18:30" for "EEE d MMM, HH:mm"."""
    locale = _locale()
    if locale is None:
        return flask_babel.format_datetime(value, format)
    return _datetime(_utc(value), format or DEFAULT_FORMAT, locale)


def format_time(value: datetime, format: str | None = None) -> str:
    """The London time of a moment, e.g. "18:30" for "HH:mm"."""
    locale = _locale()
    if locale is None:
        return flask_babel.format_time(value, format)
    if isinstance(value, datetime):
        value = _utc(value)
    return _time(value, format or DEFAULT_FORMAT, locale)


def format_money(pence: int) -> str:
    """Integer pence shown as pounds in the page's locale, e.g. "£12.50"."""
    locale = _locale()
    if locale is None:
        return flask_babel.format_currency(Decimal(pence) / 100, "GBP")
    return _money(int(pence), locale)


def format_decimal(value, format: str | None = None) -> str:
    """A number in the page's locale, e.g. "1,234.5"."""
    locale = _locale()
    if locale is None:
        return flask_babel.format_decimal(value, format)
    return _number(value, format, locale)


def datetime_formatter(format: str) -> Callable[[datetime], str]:
    """`format_datetime(value, format)` for the many values of one list, the page's locale
    read once (a list of fifty sessions asked for it a hundred times)."""
    locale = _locale()
    if locale is None:
        return lambda value: flask_babel.format_datetime(value, format)
    return lambda value: _datetime(_utc(value), format, locale)


def time_formatter(format: str) -> Callable[[datetime], str]:
    """`format_time(value, format)` for the many values of one list, the locale read once."""
    locale = _locale()
    if locale is None:
        return lambda value: flask_babel.format_time(value, format)
    return lambda value: _time(_utc(value), format, locale)
