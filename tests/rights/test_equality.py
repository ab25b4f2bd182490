"""Equality answers and data rights: in the young person's own download (in words, in their
language), left out of a download made by staff, deleted on erasure, and on a merge the kept
record's answers win (or it takes the merged record's when it has none)."""

import json

from sqlalchemy import select

from tests.factories import log_in, make_admin, make_young_person
from tests.rights.test_erasure import erase
from tests.rights.test_export import unzip
from tests.rights.test_merging import merge, without_account
from youthhub.accounts import equality
from youthhub.accounts.equality import EqualityAnswers
from youthhub.extensions import db
from youthhub.rights.export import my_data_zip


def answers_of(person) -> dict | None:
    row = db.session.scalar(select(EqualityAnswers).where(EqualityAnswers.person_id == person.id))
    return row.answers() if row else None


def test_their_own_download_holds_their_answers_in_words(app, everywhere):
    with app.test_request_context():
        files = unzip(my_data_zip(everywhere.person))
    data = json.loads(files["my-data.json"])["equality"]
    assert data["left_out"] is False and data["updated_at"]
    assert data["answers"]["ethnicity"] == "white-roma"
    assert data["answers"]["gender"] is None
    html = files["my-data.html"].decode()
    assert "What is your ethnic group?" in html and "Roma" in html and "Not answered" in html


def test_the_welsh_download_says_them_in_welsh(app, everywhere):
    everywhere.person.locale = "cy"
    db.session.commit()
    with app.test_request_context():
        html = unzip(my_data_zip(everywhere.person))["my-data.html"].decode()
    assert "Beth yw eich grŵp ethnig?" in html


def test_a_download_made_by_staff_leaves_them_out(app, client, everywhere, staff):
    log_in(client, staff.worker)
    response = client.post(f"/manage/data/people/{everywhere.person.id}/export")
    assert response.status_code == 200
    files = unzip(response.data)
    data = json.loads(files["my-data.json"])["equality"]
    assert data == {"left_out": True, "updated_at": None, "answers": None}
    html = files["my-data.html"].decode()
    assert "left out of a download made by staff" in html and "white-roma" not in html
    assert "Roma" not in html


def test_erasure_deletes_them(app, everywhere, staff):
    erase(everywhere, staff)
    assert answers_of(everywhere.person) is None


def test_merging_keeps_the_kept_records_answers(app):
    kept, merged = make_young_person(), without_account()
    equality.save_answers(kept, {"parent": "no"}, actor=kept)
    db.session.add(EqualityAnswers(person_id=merged.id, parent="yes", gender="woman"))
    db.session.commit()
    merge(merged, kept, actor=make_admin())
    assert answers_of(kept)["parent"] == "no" and answers_of(kept)["gender"] is None
    assert answers_of(merged) is None


def test_merging_takes_the_merged_records_answers_when_the_kept_has_none(app):
    kept, merged = make_young_person(), make_young_person()
    equality.save_answers(merged, {"gender": "woman"}, actor=merged)
    db.session.commit()
    merge(merged, kept, actor=make_admin())
    assert answers_of(kept)["gender"] == "woman"
    assert answers_of(merged) is None


def test_the_merge_page_and_its_audit_entry_never_say_whether_there_were_answers(app):
    from youthhub.core.audit import AuditEntry
    from youthhub.rights.merging import moving_summary

    kept, merged = make_young_person(), without_account()
    without_answers = moving_summary(merged.id)
    db.session.add(EqualityAnswers(person_id=merged.id, parent="yes"))
    db.session.commit()
    assert moving_summary(merged.id) == without_answers
    merge(merged, kept, actor=make_admin())
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "young_person.merged"))
    assert "equality_answers.person_id" not in entry.details["moved"]
    assert answers_of(kept)["parent"] == "yes"
