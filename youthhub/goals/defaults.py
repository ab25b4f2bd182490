"""The eight areas of a positive destination and the help contacts every programme starts with.

Migration 0002 seeds a frozen copy of these; `ensure_defaults()` adds any that are missing
(`flask seed-demo`, and tests, which start from empty tables) and never changes what admins
have edited.
"""

from sqlalchemy import select

from youthhub.extensions import db
from youthhub.goals.models import Area, HelpContact

# In the young people's own words, from "What does positive destinations mean?".
DEFAULT_AREAS = (
    {
        "slug": "family",
        "icon": "family",
        "offers_help": False,
        "names": {"en": "Looking after your family", "cy": "Gofalu am eich teulu"},
        "descriptions": {
            "en": "Being there for the people you care about, like your children, brothers "
            "and sisters, or others you look after.",
            "cy": "Bod yno i'r bobl sy'n bwysig i chi, fel eich plant, eich brodyr a'ch "
            "chwiorydd, neu eraill rydych chi'n gofalu amdanyn nhw.",
        },
    },
    {
        "slug": "training",
        "icon": "learning",
        "offers_help": False,
        "names": {"en": "Training and learning", "cy": "Hyfforddiant a dysgu"},
        "descriptions": {
            "en": "Learning new skills, on a course, an apprenticeship or in your own way.",
            "cy": "Dysgu sgiliau newydd, ar gwrs, prentisiaeth neu yn eich ffordd eich hun.",
        },
    },
    {
        "slug": "job",
        "icon": "job",
        "offers_help": False,
        "names": {"en": "Being in a job", "cy": "Bod mewn swydd"},
        "descriptions": {
            "en": "Finding work, keeping a job, or getting closer to the work you want.",
            "cy": "Dod o hyd i waith, cadw swydd, neu ddod yn nes at y gwaith rydych chi "
            "eisiau ei wneud.",
        },
    },
    {
        "slug": "studying",
        "icon": "studying",
        "offers_help": False,
        "names": {"en": "Studying and achieving", "cy": "Astudio a llwyddo"},
        "descriptions": {
            "en": "School, college or university, and getting the results that matter to you.",
            "cy": "Ysgol, coleg neu brifysgol, a chael y canlyniadau sy'n bwysig i chi.",
        },
    },
    {
        "slug": "empowered",
        "icon": "empowered",
        "offers_help": False,
        "names": {"en": "Feeling empowered", "cy": "Teimlo'n gryf"},
        "descriptions": {
            "en": "Feeling confident, having a say, and making your own choices.",
            "cy": "Teimlo'n hyderus, cael dweud eich dweud, a gwneud eich dewisiadau eich hun.",
        },
    },
    {
        "slug": "happy",
        "icon": "happy",
        "offers_help": True,
        "names": {"en": "Feeling happy", "cy": "Teimlo'n hapus"},
        "descriptions": {
            "en": "How you feel inside, and doing things that make you smile.",
            "cy": "Sut rydych chi'n teimlo tu mewn, a gwneud pethau sy'n gwneud i chi wenu.",
        },
    },
    {
        "slug": "healthy",
        "icon": "healthy",
        "offers_help": True,
        "names": {"en": "Staying healthy", "cy": "Cadw'n iach"},
        "descriptions": {
            "en": "Looking after your body and mind: sleep, food, moving, and getting help "
            "when you need it.",
            "cy": "Gofalu am eich corff a'ch meddwl: cysgu, bwyd, symud, a chael help pan "
            "fyddwch chi ei angen.",
        },
    },
    {
        "slug": "independence",
        "icon": "independence",
        "offers_help": False,
        "names": {"en": "Managing independence", "cy": "Byw'n annibynnol"},
        "descriptions": {
            "en": "Your home, money, bills and everyday life, done your way.",
            "cy": "Eich cartref, arian, biliau a bywyd bob dydd, yn eich ffordd chi.",
        },
    },
)

DEFAULT_HELP_CONTACTS = (
    {
        "slug": "samaritans",
        "name": "Samaritans",
        "phone": "116 123",
        "website": "https://www.samaritans.org",
        "descriptions": {
            "en": "Talk about anything that's upsetting you, any time, day or night. Free to call.",
            "cy": "Siaradwch am unrhyw beth sy'n eich poeni, unrhyw bryd, ddydd a nos. "
            "Am ddim i'w ffonio.",
        },
    },
    {
        "slug": "shout",
        "name": "Shout",
        "phone": None,
        "website": "https://giveusashout.org",
        "descriptions": {
            "en": "If you'd rather text than talk, text SHOUT to 85258, any time. Free.",
            "cy": "Os yw'n well gennych decstio na siarad, tecstiwch SHOUT i 85258, "
            "unrhyw bryd. Am ddim.",
        },
    },
)


def ensure_default_areas() -> list[Area]:
    """Add any of the eight areas that are missing; leave existing ones as admins left them."""
    existing = {area.slug: area for area in db.session.scalars(select(Area)) if area.slug}
    for number, data in enumerate(DEFAULT_AREAS, start=1):
        if data["slug"] not in existing:
            existing[data["slug"]] = Area(**data, position=number)
            db.session.add(existing[data["slug"]])
    db.session.flush()
    return sorted(existing.values(), key=lambda area: (area.position, area.id))


def ensure_default_help_contacts() -> None:
    """Add the starting help contacts if they are missing."""
    existing = set(
        db.session.scalars(select(HelpContact.slug).where(HelpContact.slug.is_not(None)))
    )
    for number, data in enumerate(DEFAULT_HELP_CONTACTS, start=1):
        if data["slug"] not in existing:
            db.session.add(HelpContact(**data, position=number))
    db.session.flush()


def ensure_defaults() -> None:
    ensure_default_areas()
    ensure_default_help_contacts()
