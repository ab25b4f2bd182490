"""Support given is the young person's personal data: in their download, gone when they are
erased, moved when two records of them are merged. A worker's erasure keeps the counts."""

from sqlalchemy import func, select

from tests.factories import make_admin, make_worker, make_young_person
from youthhub.accounts import people
from youthhub.extensions import db
from youthhub.rights import merging
from youthhub.rights.export import collect
from youthhub.support.models import SupportGiven
from youthhub.support.personal_data import SupportData
from youthhub.support.services import log_support


def given_to(person) -> int:
    return db.session.scalar(
        select(func.count(SupportGiven.id)).where(SupportGiven.person_id == person.id)
    )


def test_the_download_has_each_support_given(app, kinds):
    young, worker = make_young_person(), make_worker()
    log_support(young, kinds[1], actor=worker)
    log_support(young, kinds[2], actor=worker)
    log_support(make_young_person(), kinds[0], actor=worker)
    with app.test_request_context():
        support = collect(young)["support"]
    assert [given["kind"] for given in support] == ["Lifelong Links referral", "Housing advice"]
    assert support[0]["given_on"] and support[0]["logged_at"]


def test_erasure_deletes_theirs_and_no_one_elses(app, kinds):
    young, other, worker = make_young_person(), make_young_person(), make_worker()
    log_support(young, kinds[0], actor=worker)
    log_support(other, kinds[0], actor=worker)
    SupportData().erase(young)
    assert (given_to(young), given_to(other)) == (0, 1)


def test_merging_moves_them_to_the_kept_record(app, kinds):
    worker = make_worker()
    merged = people.add_young_person(preferred_name="Remi", actor=worker, someone_new=True)
    kept = make_young_person()
    log_support(merged, kinds[0], actor=worker)
    log_support(kept, kinds[1], actor=worker)
    merging.merge_people(merged, into=kept, actor=make_admin())
    assert (given_to(merged), given_to(kept)) == (0, 2)
