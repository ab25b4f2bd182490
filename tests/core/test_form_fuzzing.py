"""Every form of every write route, posted by its rightful user with values a person (or an
attacker) might type: huge, negative, NaN, inf, exponents, other scripts' digits, NUL, very long.
Never a server error, and a box that comes back shows what was typed.

The routes and their forms are not listed here: the POST routes come from the app's URL map, the
rightful user from the access table in test_routes.py, and each route's form from the pages that
user can open. A write route whose form no page offers fails the test, unless NOT_FROM_A_PAGE
says why. Hypothesis profiles (tests/conftest.py): a few examples per form by default,
`HYPOTHESIS_PROFILE=thorough` for many more.
"""

import re
from collections import Counter
from datetime import UTC, datetime

import pyotp
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.activities.factories import make_activity, make_booking, make_member
from tests.core.test_routes import ACCESS, ANONYMOUS, World, build_world, routes
from tests.factories import (
    in_a_request,
    log_in,
    make_approved_claim,
    make_claim,
    make_worker,
    make_young_person,
    post_login,
)
from tests.goals.factories import make_goal
from tests.support.harness import undone
from tests.support.html_forms import PageForm, post_forms
from youthhub.accounts import mfa, services
from youthhub.accounts.models_mfa import Passkey
from youthhub.accounts.people import add_young_person, make_handover
from youthhub.activities.models import ConflictKind, RegisterConflict
from youthhub.core.time import london_today
from youthhub.endings import services as endings
from youthhub.extensions import db, limiter
from youthhub.groups.models import Group
from youthhub.notices.push_models import PushSubscription
from youthhub.payments import choices
from youthhub.payments.models import ClaimStatus, PaymentChoice
from youthhub.rights.services import ask_to_be_erased
from youthhub.support.services import create_kind, retire_kind

# Who posts each form: the first person here whose role the access table lets in and whose
# pages offer it. The newcomer is a second young person, in the states the first has left; the
# admin half signed in has given their password and not yet their second factor.
RIGHTFUL_ORDER = [
    ANONYMOUS,
    "half_signed_in",
    "young_person",
    "newcomer",
    "youth_worker",
    "finance",
    "admin",
]
ROLE = {"newcomer": "young_person", "half_signed_in": ANONYMOUS}
# Write routes no page offers as a form, and why.
PASSKEY_JSON = "WebAuthn JSON sent by static/js/passkeys.js, not a form; tests/accounts"
NOT_FROM_A_PAGE = {
    "stripe_webhooks.receive": "Stripe posts signed JSON; tests/payments/test_webhooks.py",
    "accounts_mfa.passkey_options": PASSKEY_JSON,
    "accounts_mfa.add_passkey": PASSKEY_JSON,
    "accounts_mfa.passkey_challenge": PASSKEY_JSON,
    "accounts_mfa.passkey_check": PASSKEY_JSON,
    "push.turn_on": "the browser's subscription as JSON from static/js/push.js; tests/notices",
    "register.sync": "a phone's register changes as JSON from static/js/register-offline.js; "
    "tests/activities/test_register_sync.py",
}

TALLY: Counter = Counter()


@pytest.fixture
def world(app) -> World:
    """test_routes' world, and what makes the rest of the forms appear: claims waiting, taken
    less, failed, in flight and to pay through Stripe; a full activity, an unshared goal, a plain
    group member, a staff member switched off, a newcomer who has not graduated and has asked
    to be erased, and a graduate still without a certificate. Their pages are opened too
    (`world.more`), besides those the links lead to."""
    routes_world = build_world(app)
    people = routes_world.people
    young, worker = people["young_person"], people["youth_worker"]
    newcomer = people["newcomer"] = make_young_person(key_worker_id=worker.id)
    graduate = make_young_person(key_worker_id=worker.id)
    waiting, less = make_claim(newcomer), make_approved_claim(newcomer, worker)
    failed, paying = make_approved_claim(young, worker), make_approved_claim(young, worker)
    stripe = make_approved_claim(young, worker, choice=PaymentChoice.STRIPE)
    full = make_activity(capacity=1)
    make_booking(full, make_young_person())
    unshared = make_goal(young, steps=["Ask"])
    group = db.session.get(Group, routes_world.ids["group_id"])
    make_member(group, make_young_person())
    switched_off = make_worker()
    switched_off.disabled_at = datetime.now(UTC)
    with in_a_request():
        choices.take_less(less, 100, actor=newcomer)
        ask_to_be_erased(actor=newcomer)
        endings.record_graduation(
            endings.ending_for(graduate), graduated_on=london_today(), actor=worker
        )
    failed.status, paying.status = ClaimStatus.FAILED, ClaimStatus.PAYING
    paying.paying_since = datetime.now(UTC)
    signing_up = make_young_person(email_confirmed_at=None)
    admin = people["admin"]
    secret = mfa.new_authenticator_secret()
    mfa.set_up_authenticator(admin, secret, pyotp.TOTP(secret).now(), actor=admin)
    db.session.add(Passkey(user_id=admin.id, credential_id=b"k", public_key=b"k", name="Phone"))
    # Notifications on, so the page offers to turn them off.
    db.session.add(
        PushSubscription(
            person_id=young.id, endpoint="https://fcm.googleapis.com/x", p256dh="p", auth="a"
        )
    )
    # Two workers' headcounts that disagree, so the register offers to decide.
    db.session.add(
        RegisterConflict(
            activity_id=routes_world.ids["activity_id"],
            kind=ConflictKind.COUNT,
            count_name="guests",
            first_value=1,
            second_value=2,
            second_by_id=worker.id,
            second_at=datetime.now(UTC),
        )
    )
    people["half_signed_in"] = admin
    with in_a_request():
        unregistered = add_young_person(preferred_name="Robin Without", actor=worker)
        handover = make_handover(unregistered, actor=worker)
        # A retired kind of support, so the kinds page offers "Offer again".
        retire_kind(create_kind(names={"en": "Old kind"}, actor=admin), actor=admin)
    db.session.commit()
    routes_world.more = {
        "token": [services.make_sign_up_token(signing_up), handover],
        "user_id": [newcomer.id, graduate.id, switched_off.id],
        "claim_id": [c.id for c in (waiting, less, failed, paying, stripe)],
        "activity_id": [full.id],
        "goal_id": [unshared.id],
    }
    return routes_world


def client_as(app, world, person):
    client = app.test_client()
    if person == "half_signed_in":
        post_login(client, world.people[person])
    elif person != ANONYMOUS:
        log_in(client, world.people[person])
    return client


def write_endpoints(app) -> set[str]:
    return {rule.endpoint for rule in routes(app, "POST")} - set(NOT_FROM_A_PAGE)


def may(person: str, endpoint: str) -> bool:
    allowed = ACCESS[endpoint]
    return allowed == "public" or ROLE.get(person, person) in allowed


def page_urls(app, world, person) -> list[str]:
    """The pages `person` may open, from the URL map: each about the world's own records, and
    about the fixture's other ones too."""
    urls = []
    for rule in routes(app, "GET"):
        if rule.endpoint != "static" and may(person, rule.endpoint):
            urls.append(world.url(rule))
            for name, ids in world.more.items():
                if re.search(rf"<(?:\w+:)?{name}>", rule.rule):
                    urls += [world.url(rule, **{name: id_}) for id_ in ids]
    return urls


PAGES_OF_A_KIND = 6
LINK = re.compile(r'href="(/[^"#]*)"')
# Downloads hold no forms: fetching them only to find that out laid out PDFs (a board report's
# tables take seconds).
DOWNLOAD = re.compile(r"\.(pdf|csv|ics|json|jwt|png|webmanifest|js)$")
# A register's search finds people to add as walk-ins (the factories call everyone "Person N").
SEARCH = "?q=Person"


def forms_offered(app, client, world, person, wanted: set[str]) -> dict[str, PageForm]:
    """The first form each wanted endpoint has on a page `person` can open: the URL map's pages,
    then the pages they link to (other claims, people, goals...), at most a few of each kind.
    Pages nearest a wanted form's own address go first: a form usually lives near its action."""
    adapter = app.url_map.bind("localhost")
    actions = {rule.endpoint: _segments(world.url(rule)) for rule in routes(app, "POST")}
    found: dict[str, PageForm] = {}
    queue, per_endpoint = list(dict.fromkeys(page_urls(app, world, person))), Counter()
    seen = set(queue)
    while queue and not wanted <= set(found):
        targets = [actions[e] for e in wanted - set(found)]
        scores = {u: max(_shared(_segments(u), t) for t in targets) for u in queue}
        url = max(queue, key=scores.get)
        queue.remove(url)
        endpoint = _endpoint(adapter, url, "GET")
        if endpoint is None or per_endpoint[endpoint] >= PAGES_OF_A_KIND:
            continue
        if DOWNLOAD.search(url.split("?")[0]):
            continue
        per_endpoint[endpoint] += 1
        response = client.get(url)
        TALLY["pages"] += 1
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        html = response.get_data(as_text=True)
        for form in post_forms(html, url.split("?")[0]):
            if (action := _endpoint(adapter, form.action, "POST")) in wanted:
                found.setdefault(action, form)
        links = [link.replace("&amp;", "&") for link in LINK.findall(html)]
        if 'name="q"' in html and "?" not in url:
            links.append(url + SEARCH)
        queue += [link for link in dict.fromkeys(links) if link not in seen]
        seen.update(links)
    return found


def _segments(url: str) -> list[str]:
    return url.split("?")[0].strip("/").split("/")


def _shared(a: list[str], b: list[str]) -> int:
    shared = 0
    while shared < min(len(a), len(b)) and a[shared] == b[shared]:
        shared += 1
    return shared


def _endpoint(adapter, url: str, method: str) -> str | None:
    try:
        return adapter.match(url.split("?")[0].split("#")[0], method=method)[0]
    except Exception:
        return None


# What people type into number boxes, and worse.
NUMBERS = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(lambda x: f"{x:e}"),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.integers(1, 400).map(lambda n: "9" * n),
    st.tuples(st.integers(-9, 9), st.integers(-99999, 99999)).map(lambda p: f"{p[0]}e{p[1]}"),
    st.sampled_from(["NaN", "-inf", "Infinity", "sNaN", "1_000", "0x1F", "١٢", "²", "12.5.1"]),
)
TEXT = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=40),
    st.sampled_from(["\x00", "1\x00", "%00", "9999-12-31", "0000-00-00", "2026-02-30", "25:61"]),
    st.integers(300, 20_000).map(lambda n: "x" * n),
    st.integers(1, 300).map(lambda n: "😀" * n),
)
VALUES = st.one_of(NUMBERS, TEXT)


def comes_back(typed: str, form: PageForm | None, name: str) -> bool:
    """Whether the page that came back shows `typed` in box `name` (if it shows that box)."""
    box = form.field(name) if form else None
    if box is None or not box.typed:
        return True
    TALLY["typed values shown again"] += 1
    return box.value in (typed, typed.strip())


def fuzz(client, form: PageForm, endpoint: str, wrong: list):
    names = form.names()
    if not names:
        # A button: all it can be sent is stray fields.
        names = ["stray"]

    @given(changes=st.dictionaries(st.sampled_from(names), VALUES, min_size=1))
    def post(changes):
        data = {**form.as_sent(), **changes}
        cookies = dict(client._cookies)  # logging out, say, ends only this example's session
        limiter.reset()
        with undone():
            response = client.post(form.action, data=data)
        client._cookies.clear()
        client._cookies.update(cookies)
        TALLY["requests"] += 1
        if response.status_code >= 500:
            TALLY["5xx"] += 1
            wrong.append((endpoint, "status", response.status_code, changes))
            return
        if response.status_code != 200 or response.mimetype != "text/html":
            return
        again = [
            f
            for f in post_forms(response.get_data(as_text=True), form.action)
            if f.action == form.action
        ]
        for name, typed in changes.items():
            if "\x00" not in typed and not comes_back(typed, again[0] if again else None, name):
                wrong.append((endpoint, "lost", name, typed[:40]))

    post()


def forms_and_their_users(app, world) -> tuple[dict, dict]:
    """Each write route's form, found on a page of the first person (in RIGHTFUL_ORDER) who is
    let in and is offered it, with that person's client."""
    clients = {p: client_as(app, world, p) for p in RIGHTFUL_ORDER}
    found: dict = {}
    for person in RIGHTFUL_ORDER:
        wanted = {e for e in write_endpoints(app) if may(person, e)} - set(found)
        if wanted:
            offered = forms_offered(app, clients[person], world, person, wanted)
            found |= {endpoint: (person, form) for endpoint, form in offered.items()}
    return clients, found


def test_every_form_takes_any_value_from_its_rightful_user_without_a_server_error(app, world):
    clients, found = forms_and_their_users(app, world)
    missing = sorted(write_endpoints(app) - set(found))
    assert missing == [], f"write routes with no form on any page: {missing}"
    wrong: list = []
    for endpoint, (role, form) in sorted(found.items()):
        fuzz(clients[role], form, endpoint, wrong)
    print(f"\n{len(found)} forms, {TALLY['pages']} pages, {TALLY['requests']} posts", TALLY)
    assert wrong == []
    assert TALLY["typed values shown again"] > 0
