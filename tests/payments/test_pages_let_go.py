"""The money pages free what they showed as the request ends (core/page_templates.py). The
money page and finance's queue import macros with context, so their template context used to
wait, with every row it held, for Python's cyclic garbage collector."""

import gc

import pytest
from jinja2.runtime import Context

from tests.factories import log_in
from tests.payments.test_query_counts import add_money


def contexts_alive() -> int:
    return sum(1 for thing in gc.get_objects() if isinstance(thing, Context))


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("young", "/money"),
        ("worker", "/manage/claims?status=approved"),
        ("finance", "/manage/finance"),
    ],
)
def test_a_money_page_leaves_no_template_context_behind(client, cast, who, url):
    log_in(client, getattr(cast, who))
    add_money(cast, 2)
    assert client.get(url).status_code == 200  # templates loaded, modules Jinja keeps made
    gc.collect()
    gc.disable()  # what reference counting alone frees
    try:
        before = contexts_alive()
        assert client.get(url).status_code == 200
        assert contexts_alive() == before
    finally:
        gc.enable()
