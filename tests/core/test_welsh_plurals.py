"""Welsh counts things in six ways (CLDR: zero, one, two, few, many, other), and the catalogue
says each of them: "2 rŵp", "3 cham", "6 chod", "12 o godau"."""

import gettext
import re
import shutil

import flask_babel
import pytest
from babel import Locale
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from youthhub.config import PROJECT_ROOT

TRANSLATIONS = PROJECT_ROOT / "translations"
WELSH_PO = TRANSLATIONS / "cy" / "LC_MESSAGES" / "messages.po"
CLDR_ORDER = ["zero", "one", "two", "few", "many", "other"]
PLURAL_FORMS = "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n==3 ? 3 : n==6 ? 4 : 5);"

# Plural entries whose Welsh rightly reads the same for every number.
SAME_IN_EVERY_FORM = {
    # "awr" starts with a vowel, so nothing mutates, and it may be a fraction ("1.5 awr").
    "%(hours)s hour",
    # A count in brackets after a label: the label does not change with the number.
    "My wins (%(num)d)",
    # "%(num)d o'ch ffonau" (of your phones): after "o" the noun is plural whatever the number.
    "Notifications are on for %(num)d of your phones or browsers.",
}
# Messages whose Welsh is spelt like the English on purpose.
SAME_AS_ENGLISH = {
    "%(name)s, %(date)s",  # only placeholders
    "%(number)s %(what)s",
    "Stripe",  # a company's name
    "Stripe:",
    "Panel",  # Welsh has the same word (panel, pl. paneli)
    "Roma",  # the people's own name, as in the 2021 census's Welsh questions
}


def read_welsh(path=WELSH_PO):
    with path.open("rb") as handle:
        return read_po(handle, locale="cy")


@pytest.fixture(scope="module")
def welsh():
    return read_welsh()


def test_the_plural_rule_is_cldrs_rule_for_welsh(welsh):
    cldr = Locale("cy").plural_form
    # CLDR names five categories with rules; every other number is "other".
    assert set(cldr.tags) | {"other"} == set(CLDR_ORDER)
    assert welsh.num_plurals == len(CLDR_ORDER)
    assert welsh.plural_forms == PLURAL_FORMS
    choose = gettext.c2py(welsh.plural_expr)
    for n in range(0, 1001):
        assert CLDR_ORDER[choose(n)] == cldr(n), n


def test_every_plural_entry_says_each_form_unless_welsh_reads_the_same(welsh):
    plurals = [message for message in welsh if message.id and message.pluralizable]
    assert len(plurals) > 20
    repeated = {m.id[0] for m in plurals if len(set(m.string)) == 1}
    assert repeated == SAME_IN_EVERY_FORM
    assert all(len(m.string) == 6 and all(m.string) for m in plurals)


PLACEHOLDER = re.compile(r"%(\(\w+\))?\w")


def words(text: str) -> str:
    """The words of a message, without placeholders, punctuation or capitals: "Trip:" and
    "trip" are the same English left untranslated."""
    return " ".join(re.findall(r"\w+", PLACEHOLDER.sub(" ", text).lower()))


def test_no_welsh_is_left_in_english_except_names(welsh):
    same = set()
    for message in welsh:
        if not message.id:
            continue
        english = message.id if message.pluralizable else (message.id,)
        welsh_forms = message.string if message.pluralizable else (message.string,)
        if {words(text) for text in welsh_forms} & {words(text) for text in english}:
            same.add(english[0])
    assert same == SAME_AS_ENGLISH


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "Wedi arwain 0 o grwpiau pŵer"),
        (1, "Wedi arwain 1 grŵp pŵer"),
        (2, "Wedi arwain 2 rŵp pŵer"),  # dau + soft mutation
        (3, "Wedi arwain 3 grŵp pŵer"),
        (6, "Wedi arwain 6 grŵp pŵer"),
        (7, "Wedi arwain 7 o grwpiau pŵer"),
    ],
)
def test_the_compiled_catalogue_picks_the_form_for_each_number(app, n, expected):
    with app.test_request_context(), flask_babel.force_locale("cy"):
        assert flask_babel.ngettext("Led %(num)d power group", "Led %(num)d power groups", n) == (
            expected
        )


def test_the_compiled_catalogue_mutates_after_three_and_six(app):
    codes = ("You have %(num)d recovery code left.", "You have %(num)d recovery codes left.")
    with app.test_request_context(), flask_babel.force_locale("cy"):
        said = {n: flask_babel.ngettext(*codes, n) for n in (0, 1, 2, 3, 6, 7)}
    assert said == {
        0: "Mae gennych chi 0 o godau adfer ar ôl.",
        1: "Mae gennych chi 1 cod adfer ar ôl.",
        2: "Mae gennych chi 2 god adfer ar ôl.",
        3: "Mae gennych chi 3 chod adfer ar ôl.",
        6: "Mae gennych chi 6 chod adfer ar ôl.",
        7: "Mae gennych chi 7 o godau adfer ar ôl.",
    }


def test_updating_the_catalogues_keeps_the_six_forms(tmp_path):
    # `flask translate update` runs `pybabel update`, which must keep the catalogue's own header
    # and give every plural entry six forms (the catalogue once had a five-form header).
    target = tmp_path / "cy" / "LC_MESSAGES"
    target.mkdir(parents=True)
    shutil.copy(WELSH_PO, target / "messages.po")
    CommandLineInterface().run(
        [
            "pybabel",
            "-q",
            "update",
            "-i",
            str(TRANSLATIONS / "messages.pot"),
            "-d",
            str(tmp_path),
            "--no-fuzzy-matching",
            "--ignore-obsolete",
        ]
    )
    updated = read_welsh(target / "messages.po")
    assert updated.plural_forms == PLURAL_FORMS
    assert all(len(m.string) == 6 for m in updated if m.id and m.pluralizable)
