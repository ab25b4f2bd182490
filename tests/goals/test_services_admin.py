"""Setting up goals: the seeded areas and help contacts, and what admins may change."""

import flask_babel
import pytest
from sqlalchemy import func, select

from tests.factories import make_admin, make_worker, make_young_person
from youthhub.core.audit import AuditEntry
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.extensions import db
from youthhub.goals import queries, services_admin
from youthhub.goals.defaults import (
    DEFAULT_AREAS,
    ensure_default_areas,
    ensure_default_help_contacts,
)
from youthhub.goals.models import Area, HelpContact

EIGHT_AREAS = [
    "Looking after your family",
    "Training and learning",
    "Being in a job",
    "Studying and achieving",
    "Feeling empowered",
    "Feeling happy",
    "Staying healthy",
    "Managing independence",
]


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


@pytest.fixture
def admin():
    return make_admin()


def area_details(**changes):
    return {
        "names": {"en": "Having fun", "cy": "Cael hwyl"},
        "descriptions": {"en": "Doing things you enjoy.", "cy": ""},
        "icon": "star",
        "offers_help": False,
        **changes,
    }


class TestDefaults:
    def test_the_eight_areas_in_order_in_english_and_welsh(self, app):
        assert [area.name for area in queries.areas()] == EIGHT_AREAS
        with flask_babel.force_locale("cy"):
            names = [area.name for area in queries.areas()]
        assert names[5:7] == ["Teimlo'n hapus", "Cadw'n iach"]
        assert all(area.names["cy"] and area.descriptions["cy"] for area in queries.areas())

    def test_feeling_happy_and_staying_healthy_offer_help(self, app):
        assert [area.slug for area in queries.areas() if area.offers_help] == ["happy", "healthy"]

    def test_seeding_again_adds_nothing_and_keeps_admin_changes(self, app, admin):
        happy = next(area for area in queries.areas() if area.slug == "happy")
        services_admin.update_area(happy, **area_details(names={"en": "Feeling good"}), actor=admin)
        ensure_default_areas()
        ensure_default_areas()
        assert db.session.scalar(select(func.count(Area.id))) == len(DEFAULT_AREAS)
        assert happy.name == "Feeling good"

    def test_help_contacts_are_seeded_once(self, app):
        ensure_default_help_contacts()
        ensure_default_help_contacts()
        contacts = queries.help_contacts()
        assert [contact.name for contact in contacts] == ["Samaritans", "Shout"]
        assert contacts[0].phone_link == "tel:116123"


class TestAreas:
    def test_an_admin_adds_an_area_at_the_end(self, admin):
        area = services_admin.create_area(**area_details(), actor=admin)
        assert queries.areas()[-1] == area
        assert area.names == {"en": "Having fun", "cy": "Cael hwyl"}
        assert area.descriptions == {"en": "Doing things you enjoy."}
        assert actions() == ["goal_area.created"]

    def test_a_missing_welsh_name_falls_back_to_english(self, admin):
        area = services_admin.create_area(**area_details(names={"en": "Having fun"}), actor=admin)
        with flask_babel.force_locale("cy"):
            assert area.name == "Having fun"

    def test_renaming_in_both_languages(self, admin):
        area = queries.areas()[0]
        services_admin.update_area(
            area,
            **area_details(names={"en": " Family ", "cy": " Teulu "}, offers_help=True),
            actor=admin,
        )
        assert area.names == {"en": "Family", "cy": "Teulu"}
        assert area.offers_help
        with flask_babel.force_locale("cy"):
            assert area.name == "Teulu"
        assert actions() == ["goal_area.updated"]

    def test_languages_the_app_does_not_speak_are_dropped(self, admin):
        area = services_admin.create_area(
            **area_details(names={"en": "Fun", "fr": "Amusement"}), actor=admin
        )
        assert area.names == {"en": "Fun"}

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"names": {"en": " ", "cy": "Cael hwyl"}}, "name in English"),
            ({"names": {"en": "x" * 81}}, "80 characters"),
            ({"descriptions": {"en": "x" * 301}}, "300 characters"),
            ({"icon": "skull"}, "picture from the list"),
        ],
    )
    def test_bad_areas_are_refused(self, admin, changes, message):
        with pytest.raises(DomainError, match=message):
            services_admin.create_area(**area_details(**changes), actor=admin)

    def test_moving_areas_up_and_down(self, admin):
        first, second = queries.areas()[:2]
        services_admin.move_area(second, "up", actor=admin)
        assert queries.areas()[:2] == [second, first]
        services_admin.move_area(second, "down", actor=admin)
        assert queries.areas()[:2] == [first, second]
        services_admin.move_area(first, "up", actor=admin)  # already at the top
        assert queries.areas()[0] == first
        last = queries.areas()[-1]
        services_admin.move_area(last, "down", actor=admin)
        assert queries.areas()[-1] == last

    def test_an_unknown_direction_is_refused(self, admin):
        with pytest.raises(DomainError):
            services_admin.move_area(queries.areas()[0], "sideways", actor=admin)

    @pytest.mark.parametrize("make_someone", [make_young_person, make_worker])
    def test_only_admins_change_areas(self, make_someone):
        someone = make_someone()
        area = queries.areas()[0]
        for change in (
            lambda: services_admin.create_area(**area_details(), actor=someone),
            lambda: services_admin.update_area(area, **area_details(), actor=someone),
            lambda: services_admin.move_area(area, "down", actor=someone),
        ):
            with pytest.raises(NotAllowed):
                change()


class TestHelpContacts:
    def details(self, **changes):
        return {
            "name": "Local crisis line",
            "descriptions": {"en": "Open 9 to 5.", "cy": "Ar agor 9 tan 5."},
            "phone": "0800 000 000",
            "website": "https://example.org",
            **changes,
        }

    def test_add_change_and_remove(self, admin):
        contact = services_admin.create_help_contact(**self.details(), actor=admin)
        services_admin.update_help_contact(
            contact, **self.details(name="Crisis line", phone="", website=""), actor=admin
        )
        assert (contact.name, contact.phone, contact.website) == ("Crisis line", None, None)
        services_admin.remove_help_contact(contact, actor=admin)
        db.session.flush()
        assert db.session.scalar(select(func.count(HelpContact.id))) == 0
        assert actions() == ["help_contact.created", "help_contact.updated", "help_contact.removed"]

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"name": " "}, "Give the contact a name"),
            ({"phone": "call me"}, "numbers and spaces"),
            ({"website": "javascript:alert(1)"}, "starting with https://"),
            ({"website": "example.org"}, "starting with https://"),
            ({"descriptions": {"cy": "Dim ond Cymraeg"}}, "how they can help in English"),
        ],
    )
    def test_bad_contacts_are_refused(self, admin, changes, message):
        with pytest.raises(DomainError, match=message):
            services_admin.create_help_contact(**self.details(**changes), actor=admin)

    def test_only_admins_change_contacts(self):
        with pytest.raises(NotAllowed):
            services_admin.create_help_contact(**self.details(), actor=make_worker())
