"""The words of a page, looked up in its language's catalogue without asking flask_babel each time.

A template's `_()` and `{% trans %}` go through Flask-Babel's gettext, which finds the request's
babel context, the domain, the locale and the catalogue again for every string: about 15 calls
each, and a page shows 25-70 strings (the base template alone about 20). The catalogue cannot
change during one render, so the context processor hands each render these functions, already
bound to that render's catalogue (`core/i18n.page_translations`, Flask-Babel's, which
honours `force_locale`). They behave as Jinja's own "newstyle" gettext (`jinja2.ext`, which
`Babel.init_app` installs): the text is always a format string, marked safe and then filled with
escaped values when the template autoescapes, so pages read exactly as before.
"""

from functools import lru_cache

from jinja2 import pass_eval_context
from markupsafe import Markup

from youthhub.core.i18n import page_translations


def _filled(eval_ctx, text: str, variables: dict) -> str:
    if eval_ctx.autoescape:
        text = Markup(text)  # noqa: S704 - the catalogue's own text, as Jinja's gettext marks it
    return text % variables


@lru_cache(maxsize=16)  # one per catalogue (language); Flask-Babel keeps the catalogues for good
def _bound(translations) -> dict:
    @pass_eval_context
    def gettext(eval_ctx, string, /, **variables):
        return _filled(eval_ctx, translations.ugettext(string), variables)

    @pass_eval_context
    def ngettext(eval_ctx, singular, plural, num, /, **variables):
        variables.setdefault("num", num)
        return _filled(eval_ctx, translations.ungettext(singular, plural, num), variables)

    @pass_eval_context
    def pgettext(eval_ctx, context, string, /, **variables):
        variables.setdefault("context", context)
        return _filled(eval_ctx, translations.upgettext(context, string), variables)

    @pass_eval_context
    def npgettext(eval_ctx, context, singular, plural, num, /, **variables):
        variables.setdefault("context", context)
        variables.setdefault("num", num)
        text = translations.unpgettext(context, singular, plural, num)
        return _filled(eval_ctx, text, variables)

    # `_` is Jinja's alias for gettext; giving it directly saves a look-up per string.
    return {
        "gettext": gettext,
        "_": gettext,
        "ngettext": ngettext,
        "pgettext": pgettext,
        "npgettext": npgettext,
    }


def page_gettext() -> dict:
    """Template gettext functions for this render, bound to the page's catalogue."""
    return _bound(page_translations())


def install_page_gettext(jinja_env) -> None:
    """Jinja's own gettext, for what the context processor's do not reach (macros imported
    without the page's context), asking for the page's catalogue the quick way."""
    jinja_env.install_gettext_callables(
        gettext=lambda string: page_translations().ugettext(string),
        ngettext=lambda singular, plural, n: page_translations().ungettext(singular, plural, n),
        pgettext=lambda context, string: page_translations().upgettext(context, string),
        npgettext=lambda context, singular, plural, n: page_translations().unpgettext(
            context, singular, plural, n
        ),
        newstyle=True,
    )
