"""Every route, crossed with every role: who gets in, which headers come back, CSRF on every
POST, and no malformed input ever producing a server error."""

import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from urllib.parse import urlencode

import pytest

from tests.activities.factories import make_activity, make_booking, make_group, make_member
from tests.conftest import wipe_database
from tests.factories import (
    log_in,
    make_admin,
    make_approved_claim,
    make_evaluator,
    make_finance,
    make_worker,
    make_young_person,
)
from tests.goals.factories import make_goal
from tests.support.fields_read import EVERY_FIELD, recording
from tests.support.harness import undone
from youthhub.accounts import services, sessions
from youthhub.accounts.models import Role, User
from youthhub.activities import services as activity_services
from youthhub.core.time import LONDON, london_today
from youthhub.endings import services as endings
from youthhub.endings.codes import format_code
from youthhub.extensions import db, limiter
from youthhub.goals import queries as goals_queries
from youthhub.goals import services_ratings
from youthhub.goals.defaults import ensure_default_help_contacts
from youthhub.groups.models import MembershipStatus
from youthhub.notices.models import Notice
from youthhub.payments import services as payment_services
from youthhub.payments.models import PaymentMethod

ANONYMOUS = "anonymous"
ROLES = [ANONYMOUS, "young_person", "youth_worker", "finance", "admin", "evaluator"]
STAFF = {"youth_worker", "finance", "admin"}
EVERYONE_SIGNED_IN = {"young_person", *STAFF, "evaluator"}
PROGRAMME = {"young_person", *STAFF}  # who may see activities and groups
ORGANISERS = {"youth_worker", "admin"}
RUNNERS = {"young_person", *ORGANISERS}

# Who may use each endpoint. "public" means anyone, even without an account.
ACCESS = {
    "static": "public",
    "home.home": "public",
    "core.privacy": "public",
    "core.healthz": "public",
    "home.choose_language": "public",
    "pwa.manifest": "public",
    "pwa.service_worker": "public",
    "pwa.offline": "public",
    "accounts.signup": "public",
    "accounts.login": "public",
    "accounts.logout": "public",
    "accounts.forgot_password": "public",
    "accounts.reset_password": "public",
    "accounts.accept_invite": "public",
    "accounts.confirm_sign_up": "public",
    "accounts.profile": EVERYONE_SIGNED_IN,
    "accounts.change_password": EVERYONE_SIGNED_IN,
    "devices.index": EVERYONE_SIGNED_IN,
    "devices.sign_out": EVERYONE_SIGNED_IN,  # one's own devices only (others' are a 404)
    "devices.sign_out_everywhere": EVERYONE_SIGNED_IN,
    # Equality monitoring answers: the young person's own, never any staff member's to see
    "equality.about_you": {"young_person"},
    "equality.remove": {"young_person"},
    "home.staff_home": STAFF,
    "monitoring.page": {"admin", "evaluator"},
    "monitoring.table_csv": {"admin", "evaluator"},
    "monitoring.board_report": {"admin", "evaluator"},
    "accounts_manage.people": {"admin"},
    "accounts_manage.person": {"admin"},
    "accounts_manage.disable": {"admin"},
    "accounts_manage.enable": {"admin"},
    "accounts_manage.invites": {"admin"},
    "accounts_manage.revoke_invite": {"admin"},
    "accounts_manage.reset_factors": {"admin"},
    # Second factors: the second step of logging in is reached before the session is theirs
    "accounts_mfa.second_step": "public",
    "accounts_mfa.passkey_challenge": "public",
    "accounts_mfa.passkey_check": "public",
    "accounts_mfa.confirm": EVERYONE_SIGNED_IN,
    "accounts_mfa.carry_on": EVERYONE_SIGNED_IN,  # what one's own session kept, or home
    "accounts_mfa.security": EVERYONE_SIGNED_IN,
    "accounts_mfa.authenticator": STAFF,
    "accounts_mfa.new_recovery_codes": STAFF,
    "accounts_mfa.remove_authenticator": STAFF,
    "accounts_mfa.passkey_options": EVERYONE_SIGNED_IN,
    "accounts_mfa.add_passkey": EVERYONE_SIGNED_IN,
    "accounts_mfa.remove_passkey": EVERYONE_SIGNED_IN,
    "accounts_manage.my_young_people": {"youth_worker"},
    "accounts_manage.reset_invite_code": {"youth_worker"},
    # Activities, bookings and calendars
    "activities.whats_on": PROGRAMME,
    "activities.activity": PROGRAMME,
    "activities.activity_ics": PROGRAMME,
    "activities.book": {"young_person"},
    "activities.join_waiting_list": {"young_person"},
    "activities.cancel_booking": {"young_person"},
    "activities.my_activities": {"young_person"},
    "activities.calendar_settings": {"young_person"},
    "activities.make_calendar_link": {"young_person"},
    "activities.reset_calendar": {"young_person"},
    "activities.calendar_feed": "public",  # the secret token in the address is the key
    "activities_manage.index": ORGANISERS,
    "activities_manage.new": ORGANISERS,
    "activities_manage.edit": ORGANISERS,
    "activities_manage.detail": ORGANISERS,
    "activities_manage.cancel": ORGANISERS,
    # The register: staff, and the world's young person because they lead the activity's group
    "register.take": RUNNERS,
    "register.walk_in": RUNNERS,
    # The register with no signal: today's registers for a worker's phone, the changes a phone
    # kept (a young person's are each refused unless they lead the group), a conflict decided
    "register.today_json": ORGANISERS,
    "register.sync": RUNNERS,
    "register.decide": RUNNERS,
    # Young people without an account: added on the register by staff, handed their record
    # (the secret token in the take-over address is the key), merged with another record
    "register.add_person": ORGANISERS,
    "people.hand_over": ORGANISERS,
    "people.email_hand_over": ORGANISERS,
    "people.take_over": "public",
    "merging.choose": ORGANISERS,
    "merging.merge": ORGANISERS,
    # Power groups
    "groups.index": PROGRAMME,
    "groups.group": PROGRAMME,
    "groups.join": {"young_person"},
    "groups.leave": {"young_person"},
    "groups.step_down": {"young_person"},
    "groups.accept": RUNNERS,
    "groups.decline": RUNNERS,
    "groups.new_session": RUNNERS,
    "groups.edit_session": RUNNERS,
    "groups.cancel_session": RUNNERS,
    "groups_manage.index": ORGANISERS,
    "groups_manage.new": ORGANISERS,
    "groups_manage.edit": ORGANISERS,
    "groups_manage.make_lead": ORGANISERS,
    "groups_manage.remove_lead": ORGANISERS,
    # Notices and reports
    "notices.index": EVERYONE_SIGNED_IN,
    "notices.read": EVERYONE_SIGNED_IN,
    "notices.read_kind": EVERYONE_SIGNED_IN,  # one's own notices of that kind only
    "notices.read_all": EVERYONE_SIGNED_IN,
    # Notifications on this phone: one's own subscriptions; a push's words one's own notice's
    # (anyone else's is a 404, see tests/notices/test_push.py)
    "push.phone": EVERYONE_SIGNED_IN,
    "push.turn_on": EVERYONE_SIGNED_IN,
    "push.turn_off": EVERYONE_SIGNED_IN,
    "push.pushed": EVERYONE_SIGNED_IN,
    "reports.activities": ORGANISERS,
    "reports.activities_csv": ORGANISERS,
    "reports.summary": ORGANISERS,
    "reports.summary_csv": ORGANISERS,
    "reports.import_past": {"admin"},
    "reports.attendance": ORGANISERS,
    # Endings, certificates and their public checks
    "endings.verify_form": "public",
    "endings.verify": "public",
    "endings.jwks": "public",
    "endings.achievement": "public",
    "endings.achievement_image": "public",
    "endings.issuer": "public",
    "endings.revocation_list": "public",
    "endings.my_ending": {"young_person"},
    "endings.my_plan": {"young_person"},
    "endings.my_certificate_choices": {"young_person"},
    "endings.my_keepsake_choices": {"young_person"},
    "endings.my_certificate_pdf": {"young_person"},
    "endings.my_open_badge": {"young_person"},
    "endings.my_baked_badge": {"young_person"},
    "endings.my_badge_email": {"young_person"},
    "endings.keepsake": {"young_person"},
    "endings_manage.index": {"youth_worker", "admin"},
    "endings_manage.person": {"youth_worker", "admin"},
    "endings_manage.change_date": {"youth_worker", "admin"},
    "endings_manage.plan": {"youth_worker", "admin"},
    "endings_manage.graduation": {"youth_worker", "admin"},
    "endings_manage.issue": {"youth_worker", "admin"},
    "endings_manage.certificate_pdf": {"youth_worker", "admin"},
    "endings_manage.revoke": {"youth_worker", "admin"},
    "endings_manage.reissue": {"youth_worker", "admin"},
    "endings_manage.settings": {"admin"},
    # Money
    "payments.money": {"young_person"},
    "payments.rules": {"young_person"},
    "payments.new_claim": {"young_person"},
    "payments.claim": {"young_person"},
    "payments.choose": {"young_person"},
    "payments.take_less": {"young_person"},
    "payments.full_amount": {"young_person"},
    "payments.withdraw": {"young_person"},
    "payments.default_choice": {"young_person"},
    "payments.stripe_setup": {"young_person"},
    "payments.stripe_refresh": {"young_person"},
    "payments.stripe_return": {"young_person"},
    "payments.receipt": {"young_person"},
    "payments_manage.claims": STAFF,
    "payments_manage.claim": STAFF,
    "payments_manage.new_claim": {"youth_worker"},
    "payments_manage.approve": {"youth_worker"},
    "payments_manage.reject": {"youth_worker"},
    "payments_manage.finance": {"finance"},
    "payments_manage.pay": {"finance"},
    "payments_manage.pay_selected": {"finance"},
    "payments_manage.record_payment": {"finance"},
    "payments_manage.reconcile_claim": {"finance"},
    "payments_manage.retry": {"finance"},
    "payments_manage.give_up": {"finance"},
    "payments_manage.reconcile": {"finance"},
    "payments_manage.export": {"finance", "admin"},
    "rates.rate_card": {"admin"},
    "rates.set_rate": {"admin"},
    "rates.add_kind": {"admin"},
    "rates.pay_settings": {"admin"},
    "stripe_webhooks.receive": "public",
    # Goals (private to the young person; workers see only what is shared with them)
    "goals.index": {"young_person"},
    "goals.area": {"young_person"},
    "goals.rate": {"young_person"},
    "goals.new_goal": {"young_person"},
    "goals.goal": {"young_person"},
    "goals.edit_goal": {"young_person"},
    "goals.change_status": {"young_person"},
    "goals.add_step": {"young_person"},
    "goals.toggle_step": {"young_person"},
    "goals.remove_step": {"young_person"},
    "goals.share": {"young_person"},
    "goals.unshare": {"young_person"},
    "goals.wins": {"young_person"},
    "goals.help": {"young_person"},
    "goals.ask_for_contact": {"young_person"},
    "goals_manage.shared": {"youth_worker"},
    "goals_manage.shared_goal": {"youth_worker"},
    "goals_manage.comment": {"youth_worker"},
    "goals_manage.contact_done": {"youth_worker"},
    # The old distance travelled report: a way on to the monitoring page's goals section
    "goals_manage.report_page": {"admin", "evaluator"},
    "goals_manage.report_csv": {"admin", "evaluator"},
    "goals_admin.areas": {"admin"},
    "goals_admin.new_area": {"admin"},
    "goals_admin.area": {"admin"},
    "goals_admin.move_area": {"admin"},
    "goals_admin.new_help_contact": {"admin"},
    "goals_admin.help_contact": {"admin"},
    "goals_admin.remove_help_contact": {"admin"},
    # Support given: logged by staff who work with young people; kinds kept by admins
    "support.log": {"youth_worker", "admin"},
    "support.remove": {"youth_worker", "admin"},
    "support.kinds": {"admin"},
    "support.new_kind": {"admin"},
    "support.kind": {"admin"},
    "support.move_kind": {"admin"},
    "support.retire_kind": {"admin"},
    "support.bring_back_kind": {"admin"},
    # Data rights (the young person's own; erasure and retention for admins; a download made
    # with a young person in person by an admin or their own youth worker)
    "rights.my_data": {"young_person"},
    "rights.make_download": {"young_person"},
    "rights.download": {"young_person"},
    "rights.ask_erasure": {"young_person"},
    "rights.confirm_erasure": {"young_person"},
    "rights.withdraw": {"young_person"},
    "rights.looks": {"young_person"},
    "rights_manage.requests": {"admin"},
    "rights_manage.carry_out": {"admin"},
    "rights_manage.hold": {"admin"},
    "rights_manage.retention": {"admin"},
    "rights_manage.close_stripe_account": {"admin"},
    "rights_manage.export": {"youth_worker", "admin"},
}
# Stripe signs its webhooks instead (tests/payments/test_webhooks.py checks the signature).
CSRF_EXEMPT = {"stripe_webhooks.receive"}


@dataclass
class World:
    people: dict
    invite_id: int
    invite_token: str
    reset_token: str
    ids: dict  # the ids in the addresses: activity_id, goal_id, area_id, ...

    def url(self, rule, **given) -> str:
        values = {
            "invite_id": self.invite_id,
            "token": self.invite_token if "invite" in rule.rule else self.reset_token,
            "filename": "css/app.css",
            **self.ids,
            **given,
        }
        return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", lambda m: str(values[m.group(1)]), rule.rule)


@pytest.fixture(scope="module")
def committed_world(build_app) -> World:
    """The world of a module's tests, committed once (with people's ids rather than people)
    and wiped when the module's last test is done; each test's own changes are still rolled
    back. Made for every test, it took longer than many a walk, and its names, new each time,
    made each walk lay out its own board report PDF (tests/conftest.py keeps one per HTML).
    A module that imports `world` imports this too (pytest finds fixtures by module)."""
    app = build_app({})
    with app.app_context():
        made = build_world(app)
        world = replace(made, people={role: person.id for role, person in made.people.items()})
        # Reading the ids began a transaction: ended here, or PostgreSQL's wipe would wait on it.
        db.session.remove()
        yield world
        wipe_database()


@pytest.fixture
def world(app, committed_world) -> World:
    """One of everything: the module's committed world, its people read in this test's session
    (a test may change any of it: the change is rolled back)."""
    people = {role: db.session.get(User, id) for role, id in committed_world.people.items()}
    if None in people.values():
        pytest.fail(
            "this module's committed world was wiped: a test marked `committing` ran before "
            "this one in the same module (put it after the tests using `world`)",
            pytrace=False,
        )
    return replace(committed_world, people=people)


def build_world(app) -> World:
    people = {
        "young_person": make_young_person(),
        "youth_worker": make_worker(),
        "finance": make_finance(),
        "admin": make_admin(),
        "evaluator": make_evaluator(),
    }
    make_admin()  # a second admin, so the first may be switched off in the tests
    invite, token = services.invite_staff("new@example.org", [Role.FINANCE], actor=people["admin"])
    reset_token = services.make_password_reset_token(people["young_person"])
    young, worker = people["young_person"], people["youth_worker"]
    claim = make_approved_claim(young, worker)
    paid = make_approved_claim(young, worker)
    with app.test_request_context():
        payment = payment_services.record_payment(
            paid,
            actor=people["finance"],
            method=PaymentMethod.CASH,
            paid_on=london_today(),
            reference="",
        )
    db.session.commit()
    ids = (
        activities_world(people["young_person"])
        | goals_world(people)
        | endings_world(people)
        | {"claim_id": claim.id, "payment_id": payment.id, "passkey_id": 1}
        | {"section_key": "reach", "table_key": "reach-by-month"}
        | rights_world()
        | sessions_world(people["young_person"])
        | people_world(people["youth_worker"])
        | support_world(people)
        | equality_world(people["young_person"])
        | {"user_id": young.id}
    )
    return World(people, invite.id, token, reset_token, ids)


def endings_world(people) -> dict:
    """The young person has graduated and has a current certificate."""
    ending = endings.ending_for(people["young_person"])
    endings.record_graduation(ending, graduated_on=london_today(), actor=people["youth_worker"])
    certificate = endings.issue_certificate(ending, actor=people["youth_worker"])
    db.session.commit()
    return {"certificate_id": certificate.id, "code": format_code(certificate.code)}


def support_world(people) -> dict:
    """A journey bag the youth worker logged for the young person today."""
    from youthhub.support.defaults import ensure_default_kinds
    from youthhub.support.services import log_support

    kind = ensure_default_kinds()[0]
    given = log_support(people["young_person"], kind, actor=people["youth_worker"])
    db.session.commit()
    return {"kind_id": kind.id, "given_id": given.id}


def sessions_world(young) -> dict:
    """The young person is also signed in on another device."""
    from youthhub.accounts.sessions import open_session

    open_session(young, remember=True, user_agent="Firefox/133.0 (Windows NT 10.0)")
    db.session.commit()
    return {"session_id": max(s.id for s in sessions.live_sessions(young))}


def rights_world() -> dict:
    """Another young person has asked for their data to be erased; an erased person's Stripe
    account is still to close."""
    from youthhub.payments.models import StripeClosure
    from youthhub.rights.services import ask_to_be_erased

    ask = ask_to_be_erased(actor=make_young_person())
    closure = StripeClosure(account_id="acct_world", person_id=make_young_person().id)
    db.session.add(closure)
    db.session.commit()
    return {"erasure_id": ask.id, "closure_id": closure.id}


def people_world(worker) -> dict:
    """A young person a worker added on the register, with no account yet."""
    from youthhub.accounts.people import add_young_person

    person = add_young_person(preferred_name="Remi No-account", actor=worker, someone_new=True)
    db.session.commit()
    return {"other_id": person.id}


WORLD_EQUALITY_ANSWERS = {
    "ethnicity": "white-gypsy-traveller",
    "gender": "non-binary",
    "care_status": "in-care",
    "parent": "no",
}


def equality_world(young) -> dict:
    """The young person has answered some "About you" questions (so they may remove them;
    `tests/accounts/test_equality_privacy.py` looks for these answers on every staff page)."""
    from youthhub.accounts import equality

    equality.save_answers(young, WORLD_EQUALITY_ANSWERS, actor=young)
    db.session.commit()
    return {}


def activities_world(young) -> dict:
    """A group the young person leads, with a session today they are booked on, another
    young person asking to join, a notice for the young person, and their calendar feed."""
    group = make_group()
    membership = make_member(group, young, lead=True)
    make_member(group, make_young_person(), status=MembershipStatus.REQUESTED)
    # Today (its register is open) and not started (its lead may still cancel it): only the
    # day's last minute can be both at any time of day but that one.
    today = datetime.now(LONDON).replace(hour=23, minute=59, second=0, microsecond=0)
    activity = make_activity(starts_at=today.astimezone(UTC), hours=0.5, group=group, capacity=5)
    make_booking(make_activity(capacity=3), young)
    notice = Notice(recipient_id=young.id, text="Hello")
    db.session.add(notice)
    feed = activity_services.calendar_feed_for(young)
    db.session.commit()
    return {
        "activity_id": activity.id,
        "group_id": group.id,
        "membership_id": membership.id,
        "notice_id": notice.id,
        "kind": "claim_paid",
        "feed_token": activity_services.feed_address_token(feed),
    }


def goals_world(people) -> dict:
    """A goal of the young person's, shared with their key worker, and what hangs off it."""
    young, worker = people["young_person"], people["youth_worker"]
    young.key_worker_id = worker.id
    db.session.commit()
    goal = make_goal(young, steps=["Find the form", "Fill it in"], shared_with=worker)
    contact = services_ratings.ask_worker_to_get_in_touch(actor=young)
    db.session.commit()
    return {
        "goal_id": goal.id,
        "step_id": goal.steps[0].id,
        "area_id": goal.area_id,
        "request_id": contact.id,
        "contact_id": help_contacts()[0].id,
    }


def help_contacts():
    ensure_default_help_contacts()
    db.session.commit()
    return goals_queries.help_contacts()


def routes(app, method):
    return [rule for rule in app.url_map.iter_rules() if method in rule.methods]


def client_as(app, world, role):
    client = app.test_client()
    if role != ANONYMOUS:
        log_in(client, world.people[role])
    return client


def test_the_access_table_covers_every_route(app):
    assert set(ACCESS) == {rule.endpoint for rule in app.url_map.iter_rules()}


@pytest.mark.parametrize("role", ROLES)
def test_every_page_lets_in_exactly_who_it_should(app, world, role):
    client = client_as(app, world, role)
    wrong = []
    for rule in routes(app, "GET"):
        allowed = ACCESS[rule.endpoint]
        response = client.get(world.url(rule))
        if allowed == "public" or role in allowed:
            ok = response.status_code < 400 or response.status_code == 410
        elif role == ANONYMOUS:
            ok = response.status_code == 302 and "/login" in response.headers["Location"]
        else:
            ok = response.status_code == 403
        if not ok:
            wrong.append((rule.rule, response.status_code))
    assert wrong == []


@pytest.mark.parametrize("role", ROLES)
def test_every_action_refuses_people_without_the_role(app, world, role):
    client = client_as(app, world, role)
    wrong = []
    for rule in routes(app, "POST"):
        allowed = ACCESS[rule.endpoint]
        if allowed == "public" or role in allowed:
            continue
        response = client.post(world.url(rule), data={"roles": ["admin"]})
        expected = 302 if role == ANONYMOUS else 403
        if response.status_code != expected:
            wrong.append((rule.rule, response.status_code))
    assert wrong == []
    assert world.people["young_person"].roles == {Role.YOUNG_PERSON}


def csp_directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


@pytest.mark.parametrize("role", [ANONYMOUS, "admin"])
def test_security_headers_on_every_response(app, world, role):
    client = client_as(app, world, role)
    urls = [world.url(rule) for rule in routes(app, "GET")] + ["/no-such-page"]
    for url in urls:
        response = client.get(url)
        directives = csp_directives(response)
        assert directives["object-src"] == "'none'", url
        assert directives["base-uri"] == "'none'", url
        assert directives["frame-ancestors"] == "'none'", url
        if url.startswith("/static/"):
            # A file served as it is runs nothing, even opened on its own.
            assert directives["default-src"] == "'none'" and "script-src" not in directives
        else:
            assert re.fullmatch(r"'self' 'nonce-[\w-]{20,}'", directives["script-src"]), url
        assert response.headers["X-Content-Type-Options"] == "nosniff", url
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin", url
        assert "Strict-Transport-Security" not in response.headers, url


def test_each_page_gets_a_fresh_nonce_that_its_script_tag_carries(client):
    nonces = []
    for _ in range(2):
        response = client.get("/login")
        nonce = re.search(r"'nonce-([\w-]+)'", response.headers["Content-Security-Policy"])[1]
        assert f'nonce="{nonce}"' in response.get_data(as_text=True)
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_production_adds_hsts(app, client):
    app.config["YOUTHHUB_ENV"] = "production"
    response = client.get("/")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.parametrize("role", [ANONYMOUS, "admin"])
def test_every_post_needs_a_csrf_token(app, world, role):
    client = client_as(app, world, role)
    client.send_csrf = False
    refused = {
        rule.rule: client.post(world.url(rule), data={"locale": "cy"}).status_code
        for rule in routes(app, "POST")
        if rule.endpoint not in CSRF_EXEMPT
    }
    assert set(refused.values()) == {400}, refused


def test_only_the_stripe_webhook_goes_without_csrf(app):
    csrf = app.extensions["csrf"]
    assert csrf._exempt_views == {"youthhub.payments.views_stripe.receive"}
    assert csrf._exempt_blueprints == set()
    assert {app.view_functions[e].__module__ + "." + e.split(".")[-1] for e in CSRF_EXEMPT} == (
        csrf._exempt_views
    )


GARBAGE = [
    "",
    " ",
    "x" * 20_000,
    "😀" * 300,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00",
    "\x00",
    "-1",
    "99999999999999999999",
]
FIELD_NAMES = [
    "email",
    "password",
    "preferred_name",
    "pronouns",
    "birth_day",
    "birth_month",
    "birth_year",
    "invite_code",
    "agree",
    "next",
    "roles",
    "locale",
    "current_password",
    "new_password",
    "remember",
    "q",
    "code",
    "title",
    "kind",
    "description",
    "day",
    "start_time",
    "end_time",
    "place",
    "online_link",
    "what_to_bring",
    "contact",
    "capacity",
    "audience",
    "booking_closes_hours",
    "group_id",
    "is_paid_role",
    "contribution_kind",
    "expected_hours",
    "repeat",
    "sessions",
    "reason",
    "professionals",
    "guests",
    "name",
    "about",
    "meets",
    "kind",
    "start",
    "end",
    "planned_on",
    "proud_of",
    "keep_doing",
    "carrying_on",
    "contacts_after",
    "message_for_members",
    "share_message",
    "printed_name",
    "highlights",
    "graduated_on",
    "default_length_months",
    "programme_ends_on",
    "reminder_days",
    "choice",
    "amount",
    "work_date",
    "hours",
    "claims",
    "method",
    "paid_on",
    "reference",
    "hourly",
    "minimum",
    "effective_from",
    "person",
    "approve-amount",
    "approve-reason",
    "reject-reason",
    "kind-name",
    "kind-hourly",
    "kind-effective_from",
    # goals (and the keepsake's goal choices)
    "goals",
    "notes",
    "target_date",
    "area",
    "step_1",
    "step_2",
    "step_3",
    "text",
    "status",
    "score",
    "note",
    "body",
    "direction",
    "name_en",
    "name_cy",
    "description_en",
    "description_cy",
    "icon",
    "offers_help",
    "phone",
    "website",
    "someone_new",
]


GARBAGE_IDS = [
    "empty",
    "space",
    "very-long",
    "emoji",
    "script",
    "sql",
    "percent-00",
    "nul",
    "minus-one",
    "huge-number",
]
MALFORMED_ROLES = ["anonymous", "young_person", "admin"]
FORM = "application/x-www-form-urlencoded"


# Routes the walk leaves out: logging out would end the rest of this test's session.
SIGNING_OUT = ("accounts.logout", "devices.sign_out_everywhere")
# Routes the walk takes last: a new password through the world's reset link ends the young
# person's sessions, this one too, when a garbage value makes a good enough password (it did
# after another module's wipe had numbered the world from 1 again).
ENDS_SESSIONS = ("accounts.reset_password",)
# Which of FIELD_NAMES each route reads, for each role: (role, method, endpoint) -> names. Found
# once per worker (tests/support/fields_read.py) by a request with plain values, undone after.
FIELDS_READ: dict[tuple[str, str, str], frozenset[str]] = {}


def fields_read(app, client, world, role: str, method: str, rule, failures: list) -> frozenset:
    """The fields a route reads when `role` sends it every field: only those can carry garbage
    to validation. (The probe's own answer is checked for a server error too.)"""
    key = (role, method, rule.endpoint)
    if key not in FIELDS_READ:
        cookies = dict(client._cookies)
        limiter.reset()
        with undone(), recording(app) as names:
            if method == "POST":
                plain = {**dict.fromkeys(FIELD_NAMES, "1"), "csrf_token": client.csrf_token()}
                status = client.post(world.url(rule), data=plain).status_code
            else:
                plain = urlencode(dict.fromkeys(FIELD_NAMES, "1"))
                status = client.get(world.url(rule), query_string=plain).status_code
        client._cookies.clear()
        client._cookies.update(cookies)
        if status >= 500:
            failures.append((method, rule.rule, "1", status))
        everything = EVERY_FIELD in names
        FIELDS_READ[key] = frozenset(n for n in FIELD_NAMES if everything or n in names)
    return FIELDS_READ[key]


# One test per role and garbage value (rather than one per role), so the suite's workers can
# share out these, the heaviest tests; together they check the same requests as before.
@pytest.mark.parametrize("value", GARBAGE, ids=GARBAGE_IDS)
@pytest.mark.parametrize("role", MALFORMED_ROLES)
def test_no_malformed_input_ever_causes_a_server_error(app, world, role, value):
    """Every route gets `value` in every field it reads (the rest could not reach validation,
    and parsing 100 fields of percent-encoded emoji for every route was most of this walk)."""
    client = client_as(app, world, role)
    failures, reached = [], []
    # Each field encoded once, not once a request: the same bytes reach every route.
    encoded = {name: urlencode({name: value}) for name in FIELD_NAMES}
    csrf = urlencode({"csrf_token": client.csrf_token()})
    walk = [("POST", r) for r in routes(app, "POST") if r.endpoint not in SIGNING_OUT]
    walk += [("GET", r) for r in routes(app, "GET")]
    walk.sort(key=lambda step: step[1].endpoint in ENDS_SESSIONS)
    for method, rule in walk:
        names = fields_read(app, client, world, role, method, rule, failures)
        if not names:
            continue
        reached.append((method, rule.endpoint))
        fields = "&".join(encoded[name] for name in names)
        limiter.reset()  # a limit reached would answer before validation
        if method == "POST":
            data = f"{fields}&{csrf}"
            status = client.post(world.url(rule), data=data, content_type=FORM).status_code
        else:
            status = client.get(world.url(rule), query_string=fields).status_code
        if status >= 500:
            failures.append((method, rule.rule, value[:20], status))
    assert failures == []
    # The recording works: each role's own forms are reached (signing in, its profile...).
    assert ("POST", REACHED[role]) in reached


REACHED = {
    ANONYMOUS: "accounts.login",
    "young_person": "accounts.profile",
    "admin": "accounts_manage.person",
}


@pytest.mark.parametrize("role", MALFORMED_ROLES)
def test_no_malformed_address_ever_causes_a_server_error(app, world, role):
    client = client_as(app, world, role)
    failures = []
    for path in [
        "/reset-password/%00",
        "/invite/..%2F..%2Fetc",
        "/static/../../etc/passwd",
        "/manage/people/99999999999999999999",
        "/manage/people/-1",
        "/goals/99999999999999999999",
        "/goals/1/steps/99999999999999999999/toggle",
        "/goals/new?area=99999999999999999999",
        "/goals/help?area=-1",
        "/manage/goals/report?start=9999-99-99&end=0000-00-00",
        "/manage/goals/report?start=2026-05-01&end=2026-01-01",
        "/%FF",
        "/verify/%00",
        "/verify/" + "A" * 5000,
        "/verify/..%2F..%2Fetc",
        "/my-journey/99999999999999999999.pdf",
    ]:
        status = client.get(path).status_code
        if status >= 500:
            failures.append(("GET", path, "", status))
    assert failures == []


def test_garbage_roles_are_refused_with_a_message(app, world):
    client = client_as(app, world, "admin")
    target = world.people["finance"]
    response = client.post(f"/manage/people/{target.id}", data={"roles": ["superuser"]})
    assert response.status_code == 200
    assert "Choose from the list." in response.get_data(as_text=True)
    assert target.roles == {Role.FINANCE}
