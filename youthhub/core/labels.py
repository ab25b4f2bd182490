"""Fixed names (claim states, kinds of session, ...) translated once per page, not per row.

Names are kept as lazy strings so each person reads them in their own language; but a lazy
string asks flask_babel for the catalogue every time it is shown, so a list of 500 claims would
translate "Approved, waiting to be paid" 500 times. These helpers translate each name the first
time a page needs it and hand out the plain string after that. Nothing is kept beyond the
request, and answers are kept per language (an email sent in another language during a request
gets its own).
"""

from collections.abc import Callable, Iterator, Mapping
from functools import wraps

from flask import g, has_request_context

from youthhub.core.i18n import page_locale
from youthhub.core.kept import kept


class TranslatedOnce(Mapping):
    """A mapping of lazy names, read as plain strings translated on first use.

    Make one per page (e.g. in a context processor, which runs once per render): it keeps the
    translation it made, in the language of that render.
    """

    def __init__(self, names: Mapping):
        self._names = names
        self._translated: dict | None = None

    def _strings(self) -> dict:
        if self._translated is None:
            self._translated = {key: str(name) for key, name in self._names.items()}
        return self._translated

    def __getitem__(self, key):
        return self._strings()[key]

    def __iter__(self) -> Iterator:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


def per_request(function: Callable) -> Callable:
    """Remember `function`'s answers (text in the page's language) for the rest of the request.

    For functions of a few repeated arguments that translate or format, called once per row
    (e.g. "1.5 hours" from 90 minutes). Outside a request it simply calls `function`.
    """
    key = f"_per_request:{function.__module__}.{function.__qualname__}"

    @wraps(function)
    def remembered(*args):
        if not has_request_context():
            return function(*args)
        answers = g._get_current_object().setdefault(key, {})  # not through the proxy: per row
        asked = (page_locale(), args)
        try:  # one look-up when remembered (hashing a `Locale` is a few calls each time)
            return answers[asked]
        except KeyError:
            answers[asked] = answer = function(*args)
            return answer

    return remembered


def in_page_language(names: Mapping) -> dict:
    """`names` (a module's fixed mapping of lazy names) as plain strings in the page's language.

    Made once per mapping and language and kept with the app, as the menus are: a catalogue
    never changes while the app runs, and translating a lazy name asks Flask-Babel for its
    context, domain and catalogue again each time (a page listing nine kinds of session did that
    nine times and more). Outside a request it simply translates them.
    """
    locale = page_locale() if has_request_context() else None
    if locale is None:  # no page, or its language not chosen yet
        return _translated(names)
    # Fixed name lists (kinds, audiences, ...) times languages: a handful.
    return kept("names", (id(names), locale), lambda: _translated(names))


def _translated(names: Mapping) -> dict:
    return {entry: str(name) for entry, name in names.items()}
