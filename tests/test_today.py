"""The suite's own guard: a module's `TODAY`, taken when it was imported, is today's date again
before each test (see `today_is_still_today` in conftest.py)."""

from datetime import timedelta

from youthhub.core.time import london_today

TODAY = london_today() - timedelta(days=1)  # as if this module was imported before midnight


def test_a_stale_today_is_brought_up_to_date():
    assert london_today() == TODAY
