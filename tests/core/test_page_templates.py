"""Pages free what they were given as soon as they are written (core/page_templates.py), not
at the cyclic garbage collector's next round: a macro and its template's context hold each
other, and the context holds the page's data."""

import gc
import weakref
from contextlib import contextmanager

import pytest
from jinja2 import DictLoader, Environment

from youthhub.core.page_templates import PageTemplate

TEMPLATES = {
    "macros.html": "{% macro shout(text) %}{{ text | upper }}{{ mark }}{% endmacro %}",
    "own_macro.html": (
        "{% macro line(row) %}<li>{{ row.name }}</li>{% endmacro %}"
        "{% for row in rows %}{{ line(row) }}{% endfor %}"
    ),
    "with_context.html": (
        '{% from "macros.html" import shout with context %}'
        "{% for row in rows %}{{ shout(row.name) }}{% endfor %}"
    ),
    "without_context.html": (
        '{% from "macros.html" import shout %}'
        "{% for row in rows %}{{ shout(row.name) }}{% endfor %}"
    ),
    "includes.html": '{% for row in rows %}{% include "own_macro.html" %}{% endfor %}',
    "inner.html": "{% macro twice(x) %}{{ x }}{{ x }}{% endmacro %}{{ twice(word) }}",
    "outer.html": (
        "{% macro wrap(x) %}[{{ x }}]{% endmacro %}{{ wrap(render_inner()) }}{{ rows[0].name }}"
    ),
}


class Row:
    def __init__(self, name: str):
        self.name = name


def environment() -> Environment:
    env = Environment(loader=DictLoader(TEMPLATES), autoescape=True)
    env.template_class = PageTemplate
    return env


@contextmanager
def collector_off():
    """What reference counting alone frees, as between two of the collector's rounds."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def rendered_and_freed(env: Environment, name: str, **page) -> tuple[str, bool]:
    rows = [Row("ash"), Row("bo")]
    watched = weakref.ref(rows[0])
    with collector_off():
        text = env.get_template(name).render(rows=rows, **page)
        del rows
        return text, watched() is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("own_macro.html", "<li>ash</li><li>bo</li>"),
        ("with_context.html", "ASH!BO!"),
        ("includes.html", "<li>ash</li><li>bo</li>" * 2),
    ],
)
def test_a_page_with_macros_frees_its_data_when_written(name, expected):
    text, freed = rendered_and_freed(environment(), name, mark="!")
    assert text == expected
    assert freed


def test_without_page_templates_the_same_page_waits_for_the_collector():
    """The cycle this module breaks is real: Jinja's own template keeps the page's rows."""
    env = Environment(loader=DictLoader(TEMPLATES), autoescape=True)
    text, freed = rendered_and_freed(env, "with_context.html", mark="!")
    assert text == "ASH!BO!"
    assert not freed


def test_a_module_jinja_keeps_still_works_on_the_next_page():
    """A template imported without context is made once and used again by later pages: its
    context must not be emptied with the page's."""
    env = environment()
    env.globals["mark"] = "?"
    first, freed = rendered_and_freed(env, "without_context.html")
    second, _ = rendered_and_freed(env, "without_context.html")
    assert first == second == "ASH?BO?"
    assert freed


def test_a_render_inside_a_render_keeps_each_its_own_data():
    env = environment()

    def render_inner() -> str:
        return env.get_template("inner.html").render(word="hi")

    text, freed = rendered_and_freed(env, "outer.html", render_inner=render_inner)
    assert text == "[hihi]ash"
    assert freed


def test_a_failed_page_keeps_its_data_for_the_traceback():
    page = "{% macro m() %}{% endmacro %}{{ rows[0].name }}{{ 1 / 0 }}"
    template = environment().from_string(page)
    rows = [Row("ash")]
    with pytest.raises(ZeroDivisionError) as failure:
        template.render(rows=rows)
    frame = failure.value.__traceback__
    contexts = []
    while frame is not None:
        if "ctx" in frame.tb_frame.f_locals:  # Jinja's Template.render
            contexts.append(frame.tb_frame.f_locals["ctx"])
        frame = frame.tb_next
    assert contexts
    assert contexts[0].parent["rows"] is rows
    assert "m" in contexts[0].vars


def test_the_app_uses_page_templates(app):
    assert app.jinja_env.template_class is PageTemplate
    assert isinstance(app.jinja_env.get_template("base.html"), PageTemplate)
