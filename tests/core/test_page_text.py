"""A template's words come from the page's catalogue exactly as Jinja's own gettext gives them
(bound once per render instead of asked of Flask-Babel per string), and the page's locale read
straight from the request is Flask-Babel's, whatever language is forced or chosen again."""

import flask_babel
import pytest
from flask import render_template_string
from flask_babel.speaklater import LazyString

from youthhub.core.i18n import page_locale
from youthhub.core.labels import in_page_language

TEMPLATE = """\
{{ _("Log out") }}|{{ gettext("Hi %(name)s!", name=name) }}|{{ _("Hi %(name)s!", name=name) }}
{% trans %}Log in{% endtrans %}|{% trans name=name %}Hi {{ name }}!{% endtrans %}
{{ ngettext("Worked on %(num)d goal", "Worked on %(num)d goals", 1) }}
{{ ngettext("Worked on %(num)d goal", "Worked on %(num)d goals", 3) }}
{% trans count=2 %}{{ count }} month with us{% pluralize %}{{ count }} months with us{% endtrans %}
{{ pgettext("menu", "Home") }}|{{ npgettext("menu", "%(num)d goal", "%(num)d goals", 2) }}
{% autoescape false %}{{ _("Hi %(name)s!", name=name) }}{% endautoescape %}
"""


def flask_babels_own(app):
    """The app's templates with the gettext Flask-Babel installs (`Babel.init_app`)."""
    env = app.jinja_env.overlay()
    translations = flask_babel.get_translations
    env.install_gettext_callables(
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
    return env


@pytest.mark.parametrize("language", ["en_GB", "cy"])
def test_template_words_read_as_flask_babels_gettext_gives_them(app, language):
    name = "<b>Jo & Sam</b>"
    with app.test_request_context("/"), flask_babel.force_locale(language):
        bound = render_template_string(TEMPLATE, name=name)  # the context processor's gettext
        # Without the context processor (as in a macro imported without the page's context).
        installed = app.jinja_env.from_string(TEMPLATE).render(name=name)
        own = flask_babels_own(app).from_string(TEMPLATE).render(name=name)
    assert bound == installed == own
    assert "&lt;b&gt;Jo &amp; Sam&lt;/b&gt;" in bound and "<b>Jo & Sam</b>" in bound
    if language == "cy":
        assert "Allgofnodi" in bound


def test_the_page_locale_is_flask_babels_as_it_changes(app):
    with app.test_request_context("/"):
        assert page_locale() == flask_babel.get_locale()
        with flask_babel.force_locale("cy"):
            assert str(page_locale()) == "cy" == str(flask_babel.get_locale())
        assert page_locale() == flask_babel.get_locale()
        flask_babel.refresh()
        assert page_locale() == flask_babel.get_locale()
    with app.app_context():
        assert page_locale() == flask_babel.get_locale()


def test_fixed_names_in_the_page_language_made_once_per_language(app):
    asked = []

    def gettext(text):  # Flask-Babel's, counting what is translated
        asked.append(text)
        return flask_babel.gettext(text)

    names = {"trip": LazyString(gettext, "Trip"), "meal": LazyString(gettext, "Meal")}
    with app.test_request_context("/"):
        for language, trip, meal in [("en_GB", "Trip", "Meal"), ("cy", "Taith", "Pryd o fwyd")] * 3:
            with flask_babel.force_locale(language):
                assert in_page_language(names) == {"trip": trip, "meal": meal}
    assert sorted(asked) == ["Meal", "Meal", "Trip", "Trip"]  # once in each language
    with app.app_context():  # no page: simply translated
        assert in_page_language(names) == {"trip": "Trip", "meal": "Meal"}
