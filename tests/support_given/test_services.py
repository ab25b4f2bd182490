"""Support given: who may log it, taking back a mistaken tap, and the admin's kinds."""

from datetime import timedelta

import flask_babel
import pytest
from sqlalchemy import func, select

from tests.factories import (
    make_admin,
    make_evaluator,
    make_finance,
    make_worker,
    make_young_person,
)
from youthhub.core.audit import AuditEntry
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.core.time import london_today, utcnow
from youthhub.extensions import db
from youthhub.support import queries, services
from youthhub.support.defaults import ensure_default_kinds
from youthhub.support.models import SupportGiven, SupportKind


def actions() -> list[str]:
    found = select(AuditEntry.action).where(AuditEntry.action.startswith("support"))
    return list(db.session.scalars(found.order_by(AuditEntry.id)))


class TestDefaults:
    def test_three_kinds_in_english_and_welsh(self, kinds):
        assert [kind.name for kind in queries.offered()] == [
            "Journey bag given",
            "Lifelong Links referral",
            "Housing advice",
        ]
        with flask_babel.force_locale("cy"):
            assert queries.offered()[2].name == "Cyngor ar dai"

    def test_seeding_again_adds_nothing_and_keeps_an_admins_names(self, kinds):
        services.rename_kind(kinds[0], names={"en": "Bag"}, actor=make_admin())
        ensure_default_kinds()
        assert db.session.scalar(select(func.count(SupportKind.id))) == 3
        assert kinds[0].name == "Bag"


class TestLogging:
    def test_a_worker_logs_it_for_today(self, kinds):
        worker, young = make_worker(), make_young_person()
        given = services.log_support(young, kinds[0], actor=worker)
        assert (given.person_id, given.given_on, given.logged_by_id) == (
            young.id,
            london_today(),
            worker.id,
        )
        assert actions() == ["support.given"]

    def test_an_admin_may_log_it_too(self, kinds):
        services.log_support(make_young_person(), kinds[1], actor=make_admin())
        assert db.session.scalar(select(func.count(SupportGiven.id))) == 1

    @pytest.mark.parametrize("who", [make_finance, make_evaluator, make_young_person])
    def test_nobody_else_may(self, kinds, who):
        with pytest.raises(NotAllowed):
            services.log_support(make_young_person(), kinds[0], actor=who())

    def test_a_switched_off_worker_may_not(self, kinds):
        worker = make_worker(disabled_at=utcnow())
        with pytest.raises(NotAllowed):
            services.log_support(make_young_person(), kinds[0], actor=worker)

    def test_only_for_a_young_person(self, kinds):
        with pytest.raises(DomainError, match="only be logged for a young person"):
            services.log_support(make_worker(), kinds[0], actor=make_worker())

    def test_a_retired_kind_cannot_be_logged_but_stays_in_the_history(self, kinds):
        worker, young, admin = make_worker(), make_young_person(), make_admin()
        services.log_support(young, kinds[0], actor=worker)
        services.retire_kind(kinds[0], actor=admin)
        with pytest.raises(DomainError, match="no longer offered"):
            services.log_support(young, kinds[0], actor=worker)
        panel = queries.panel(young, worker)
        assert kinds[0] not in panel.kinds
        assert panel.history == [(kinds[0], 1)]
        services.bring_back_kind(kinds[0], actor=admin)
        services.log_support(young, kinds[0], actor=worker)
        assert queries.panel(young, worker).history == [(kinds[0], 2)]


class TestTakingBack:
    def test_the_worker_who_logged_it_takes_it_back_the_same_day(self, kinds):
        worker, young = make_worker(), make_young_person()
        given = services.log_support(young, kinds[0], actor=worker)
        assert queries.panel(young, worker).removable == {given.id}
        services.remove_support(given, actor=worker)
        db.session.flush()
        assert queries.panel(young, worker).history == []
        assert actions() == ["support.given", "support.removed"]

    def test_another_worker_may_not(self, kinds):
        given = services.log_support(make_young_person(), kinds[0], actor=make_worker())
        other = make_admin()
        assert not services.may_remove(given, other)
        with pytest.raises(NotAllowed):
            services.remove_support(given, actor=other)

    def test_not_on_a_later_day(self, kinds):
        worker = make_worker()
        given = services.log_support(make_young_person(), kinds[0], actor=worker)
        given.given_on = london_today() - timedelta(days=1)
        with pytest.raises(NotAllowed):
            services.remove_support(given, actor=worker)


class TestKinds:
    def test_an_admin_adds_renames_and_reorders(self, kinds):
        admin = make_admin()
        added = services.create_kind(
            names={"en": " Food bank voucher ", "cy": "Taleb banc bwyd"}, actor=admin
        )
        assert added.names == {"en": "Food bank voucher", "cy": "Taleb banc bwyd"}
        services.move_kind(added, "up", actor=admin)
        services.move_kind(kinds[0], "up", actor=admin)  # already first: nothing moves
        assert [kind.slug for kind in queries.kinds()] == [
            "journey-bag",
            "lifelong-links",
            None,
            "housing-advice",
        ]
        services.rename_kind(added, names={"en": "Food voucher", "cy": ""}, actor=admin)
        assert added.names == {"en": "Food voucher"}
        assert services.kind_moves(queries.kinds())[kinds[0].id] == ("down",)

    @pytest.mark.parametrize(
        ("names", "message"),
        [
            ({"en": "", "cy": "Rhywbeth"}, "a name in English"),
            ({"en": "x" * 81}, "80 characters"),
        ],
    )
    def test_bad_names_are_refused_with_a_message(self, kinds, names, message):
        with pytest.raises(DomainError, match=message):
            services.create_kind(names=names, actor=make_admin())

    def test_only_an_admin(self, kinds):
        worker = make_worker()
        for attempt in (
            lambda: services.create_kind(names={"en": "X"}, actor=worker),
            lambda: services.rename_kind(kinds[0], names={"en": "X"}, actor=worker),
            lambda: services.move_kind(kinds[0], "down", actor=worker),
            lambda: services.retire_kind(kinds[0], actor=worker),
        ):
            with pytest.raises(NotAllowed):
                attempt()

    def test_retiring_twice_is_refused(self, kinds):
        admin = make_admin()
        services.retire_kind(kinds[2], actor=admin)
        with pytest.raises(DomainError, match="already retired"):
            services.retire_kind(kinds[2], actor=admin)
