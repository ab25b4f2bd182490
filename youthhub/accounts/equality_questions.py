"""The equality monitoring questions a young person may answer about themselves, and the fixed
code stored for each answer.

A code is what the database, the download and the monitoring's counts use; the words are only
for showing. Never change or reuse a code: answers already given would change meaning. An
unanswered question is stored as nothing (NULL); "Prefer not to say" is an answer of its own.
Ethnicity uses the 2021 census categories for England and Wales (ONS): 19 detailed answers in
5 high-level groups, and the monitoring counts the groups.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

PREFER_NOT = "prefer-not"
PREFER_NOT_LABEL = _l("Prefer not to say")


@dataclass(frozen=True)
class Group:
    """A high-level group of answers (an ethnic group), with its detailed answers."""

    code: str
    label: object
    options: tuple[tuple[str, object], ...]


@dataclass(frozen=True)
class Question:
    key: str  # the column its answer is stored in, and the key in the download
    label: object
    hint: object | None
    options: tuple[tuple[str, object], ...] = ()  # (code, words), "Prefer not to say" last
    groups: tuple[Group, ...] = ()  # when answers come in groups (ethnicity)

    @property
    def all_options(self) -> tuple[tuple[str, object], ...]:
        grouped = tuple(option for group in self.groups for option in group.options)
        return (*grouped, *self.options, (PREFER_NOT, PREFER_NOT_LABEL))

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(code for code, _ in self.all_options)

    def words_for(self, code: str | None):
        return dict(self.all_options).get(code) if code else None

    def group_of(self, code: str) -> str:
        """The code a count is kept under: a detailed answer's group, or the answer itself."""
        for group in self.groups:
            if any(option == code for option, _ in group.options):
                return group.code
        return code

    @property
    def counted_as(self) -> tuple[tuple[str, object], ...]:
        """What the monitoring counts: the groups (or the answers) and "Prefer not to say"."""
        if self.groups:
            groups = ((group.code, group.label) for group in self.groups)
            return (*groups, (PREFER_NOT, PREFER_NOT_LABEL))
        return self.all_options


YES_NO = (("yes", _l("Yes")), ("no", _l("No")))

ETHNIC_GROUPS = (
    Group(
        "asian",
        _l("Asian, Asian British or Asian Welsh"),
        (
            ("asian-bangladeshi", _l("Bangladeshi")),
            ("asian-chinese", _l("Chinese")),
            ("asian-indian", _l("Indian")),
            ("asian-pakistani", _l("Pakistani")),
            ("asian-other", _l("Any other Asian background")),
        ),
    ),
    Group(
        "black",
        _l("Black, Black British, Black Welsh, Caribbean or African"),
        (
            ("black-african", _l("African")),
            ("black-caribbean", _l("Caribbean")),
            ("black-other", _l("Any other Black, Black British or Caribbean background")),
        ),
    ),
    Group(
        "mixed",
        _l("Mixed or Multiple ethnic groups"),
        (
            ("mixed-white-asian", _l("White and Asian")),
            ("mixed-white-black-african", _l("White and Black African")),
            ("mixed-white-black-caribbean", _l("White and Black Caribbean")),
            ("mixed-other", _l("Any other Mixed or Multiple ethnic background")),
        ),
    ),
    Group(
        "white",
        _l("White"),
        (
            ("white-british", _l("English, Welsh, Scottish, Northern Irish or British")),
            ("white-irish", _l("Irish")),
            ("white-gypsy-traveller", _l("Gypsy or Irish Traveller")),
            ("white-roma", _l("Roma")),
            ("white-other", _l("Any other White background")),
        ),
    ),
    Group(
        "other",
        _l("Other ethnic group"),
        (
            ("other-arab", _l("Arab")),
            ("other-any", _l("Any other ethnic group")),
        ),
    ),
)

QUESTIONS = (
    Question(
        "age_band",
        _l("How old are you?"),
        None,
        (
            ("16-17", _l("16 to 17")),
            ("18-21", _l("18 to 21")),
            ("22-25", _l("22 to 25")),
            ("over-25", _l("Over 25")),
        ),
    ),
    Question(
        "ethnicity",
        _l("What is your ethnic group?"),
        _l("These are the groups the 2021 census used in England and Wales."),
        groups=ETHNIC_GROUPS,
    ),
    Question(
        "gender",
        _l("What is your gender?"),
        None,
        (
            ("woman", _l("Woman")),
            ("man", _l("Man")),
            ("non-binary", _l("Non-binary")),
            ("another-way", _l("In another way")),
        ),
    ),
    Question(
        "disability",
        _l("Do you consider yourself disabled?"),
        _l(
            "For example, a physical or mental health condition that has a big effect on your "
            "day-to-day life and has lasted, or is likely to last, a year or more."
        ),
        YES_NO,
    ),
    Question(
        "care_status",
        _l("Are you in care, or a care leaver?"),
        None,
        (("in-care", _l("In care")), ("care-leaver", _l("Care leaver"))),
    ),
    Question("parent", _l("Are you a parent?"), None, YES_NO),
)

QUESTION_KEYS = tuple(question.key for question in QUESTIONS)


def question(key: str) -> Question:
    return next(question for question in QUESTIONS if question.key == key)
