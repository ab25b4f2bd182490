"""Support given on the young person's page (two taps, no JavaScript needed), and the admin's
list of kinds of support."""

from datetime import timedelta

import pytest

from tests.factories import log_in, make_admin, make_finance, make_worker, make_young_person
from tests.support.queries import count_queries
from youthhub.core.time import london_today, utcnow
from youthhub.extensions import db
from youthhub.support import queries
from youthhub.support.models import SupportGiven
from youthhub.support.services import log_support


def page_of(person) -> str:
    return f"/manage/reports/people/{person.id}/attendance"


@pytest.fixture
def young():
    return make_young_person(name="Jordan")


class TestTwoTaps:
    def test_a_tap_logs_it_says_so_and_counts_it(self, client, kinds, young):
        worker = make_worker()
        log_in(client, worker)
        page = client.get(page_of(young)).get_data(as_text=True)
        assert f'name="kind" value="{kinds[0].id}" class="button">Journey bag given<' in page
        response = client.post(
            f"/manage/young-people/{young.id}/support",
            data={"kind": kinds[0].id},
            follow_redirects=True,
        )
        page = response.get_data(as_text=True)
        assert "Journey bag given: logged for Jordan today." in page
        assert "1 time" in page and "Take back" in page
        (given,) = db.session.query(SupportGiven).all()
        assert (given.given_on, given.logged_by_id) == (london_today(), worker.id)

    def test_take_back_a_mistaken_tap(self, client, kinds, young):
        worker = make_worker()
        given_id = log_support(young, kinds[1], actor=worker).id
        db.session.commit()
        log_in(client, worker)
        response = client.post(f"/manage/support/{given_id}/remove", follow_redirects=True)
        assert "Lifelong Links referral: taken back." in response.get_data(as_text=True)
        assert queries.given(given_id) is None

    def test_someone_elses_or_yesterdays_is_refused_with_a_message(self, client, kinds, young):
        given = log_support(young, kinds[1], actor=make_worker())
        db.session.commit()
        log_in(client, make_admin())
        page = client.get(page_of(young)).get_data(as_text=True)
        assert "Take back" not in page
        response = client.post(f"/manage/support/{given.id}/remove", follow_redirects=True)
        assert "Only the worker who logged it" in response.get_data(as_text=True)
        assert queries.given(given.id) is not None

    def test_a_retired_kind_has_no_button_and_is_refused(self, client, kinds, young):
        kinds[2].retired_at = utcnow()
        db.session.commit()
        log_in(client, make_worker())
        assert "Housing advice" not in client.get(page_of(young)).get_data(as_text=True)
        response = client.post(
            f"/manage/young-people/{young.id}/support",
            data={"kind": kinds[2].id},
            follow_redirects=True,
        )
        assert "no longer offered" in response.get_data(as_text=True)

    @pytest.mark.parametrize("kind", ["", "x", "99999", "1" * 40])
    def test_an_unknown_kind_is_not_found(self, client, kinds, young, kind):
        log_in(client, make_worker())
        response = client.post(f"/manage/young-people/{young.id}/support", data={"kind": kind})
        assert response.status_code == 404

    def test_finance_sees_no_buttons_and_may_not_log(self, client, kinds, young):
        log_in(client, make_finance())
        response = client.post(
            f"/manage/young-people/{young.id}/support", data={"kind": kinds[0].id}
        )
        assert response.status_code == 403

    def test_in_welsh(self, client, kinds, young):
        worker = make_worker(locale="cy")
        log_in(client, worker)
        page = client.get(page_of(young)).get_data(as_text=True)
        assert "Bag taith wedi&#39;i roi" in page and "Cymorth a roddwyd" in page

    def test_the_page_runs_the_same_queries_as_support_grows(self, client, kinds, young):
        worker = make_worker()
        log_in(client, worker)
        log_support(young, kinds[0], actor=worker)
        db.session.commit()
        with count_queries(db.engine) as few:
            assert client.get(page_of(young)).status_code == 200
        for kind in kinds * 4:
            log_support(young, kind, actor=worker)
            log_support(young, kind, actor=make_worker()).given_on -= timedelta(days=3)
        db.session.commit()
        with count_queries(db.engine) as many:
            assert client.get(page_of(young)).status_code == 200
        assert len(many) == len(few)


class TestKindsPages:
    def test_the_list_in_order_with_retired_ones_marked(self, client, kinds):
        kinds[1].retired_at = utcnow()
        db.session.commit()
        log_in(client, make_admin())
        page = client.get("/manage/support-kinds").get_data(as_text=True)
        assert (
            page.index("Journey bag given")
            < page.index("Lifelong Links")
            < page.index("Housing advice")
        )
        assert "Retired" in page and "Offer again" in page

    def test_add_one_and_a_missing_name_keeps_what_was_typed(self, client, kinds):
        log_in(client, make_admin())
        response = client.post(
            "/manage/support-kinds/new", data={"name_en": "", "name_cy": "Taleb bwyd"}
        )
        page = response.get_data(as_text=True)
        assert "Give the kind of support a name in English." in page
        assert 'value="Taleb bwyd"' in page
        response = client.post(
            "/manage/support-kinds/new",
            data={"name_en": "Food voucher", "name_cy": "Taleb bwyd"},
            follow_redirects=True,
        )
        assert "Kind of support saved." in response.get_data(as_text=True)
        assert [kind.name for kind in queries.offered()][-1] == "Food voucher"

    def test_rename_shows_the_names_then_saves(self, client, kinds):
        log_in(client, make_admin())
        url = f"/manage/support-kinds/{kinds[2].id}"
        assert 'value="Cyngor ar dai"' in client.get(url).get_data(as_text=True)
        client.post(url, data={"name_en": "Housing help", "name_cy": "Help gyda thai"})
        assert kinds[2].names == {"en": "Housing help", "cy": "Help gyda thai"}

    def test_move_retire_and_offer_again(self, client, kinds):
        log_in(client, make_admin())
        client.post(f"/manage/support-kinds/{kinds[2].id}/move", data={"direction": "up"})
        assert [kind.slug for kind in queries.kinds()][1] == "housing-advice"
        client.post(f"/manage/support-kinds/{kinds[0].id}/retire")
        assert kinds[0].is_retired
        client.post(f"/manage/support-kinds/{kinds[0].id}/bring-back")
        assert not kinds[0].is_retired
        response = client.post(
            f"/manage/support-kinds/{kinds[0].id}/move",
            data={"direction": "sideways"},
            follow_redirects=True,
        )
        assert "Choose from the list." in response.get_data(as_text=True)


def test_an_admin_reaches_the_young_persons_page_from_people(client, kinds, young):
    log_in(client, make_admin())
    page = client.get(f"/manage/people/{young.id}").get_data(as_text=True)
    assert f'href="{page_of(young)}">Their activities and support given<' in page
    assert "Journey bag given" in client.get(page_of(young)).get_data(as_text=True)
