"""How the activity table's who-attended words are said, in the person's language. The English
are a programme's own words from its activity table."""

from flask import g
from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _l

from youthhub.reports.activity_table import WhoAttended

WHO_ATTENDED_WORDS = {
    WhoAttended.NEW_MEMBERS: _l("New members"),
    WhoAttended.MOVEMENT_MEMBERS: _l("Movement members"),
    WhoAttended.NEW_AND_OLD_MEMBERS: _l("New and old members"),
    WhoAttended.YOUNG_PEOPLE: _l("Young people"),
    WhoAttended.PROFESSIONALS: _l("Professionals & YP's"),
    WhoAttended.ONLINE: _l("Online"),
}


def who_attended_words(words) -> str:
    # Said once per request for each combination: a long table repeats a handful thousands of
    # times, and each translation lookup costs.
    said = g.setdefault("who_attended_words", {})
    if words not in said:
        said[words] = ", ".join(str(WHO_ATTENDED_WORDS[word]) for word in words)
    return said[words]


def who_attended_text(row) -> str:
    """A row's who-attended words: as a programme's own table gave them for an imported past
    activity (nobody's name is known, so nothing can be derived), else from who came."""
    return row.activity.stated_who_attended or who_attended_words(row.who_attended)


def breakdown(counts) -> str:
    """Everyone who came, each once: "3 new members · 2 movement members · 1 guest"."""
    parts = [
        ngettext("%(num)d new member", "%(num)d new members", counts.new_members),
        ngettext("%(num)d movement member", "%(num)d movement members", counts.movement_members),
        ngettext(
            "%(num)d young person without a name",
            "%(num)d young people without names",
            counts.unnamed,
        ),
        ngettext("%(num)d professional", "%(num)d professionals", counts.professionals),
        ngettext("%(num)d guest", "%(num)d guests", counts.guests),
    ]
    numbers = (
        counts.new_members,
        counts.movement_members,
        counts.unnamed,
        counts.professionals,
        counts.guests,
    )
    shown = [part for part, number in zip(parts, numbers, strict=True) if number]
    return " · ".join(shown) or gettext("Nobody")
