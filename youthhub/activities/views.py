"""Young people's side of activities: what's on, booking, my activities, calendars."""

from datetime import date, timedelta

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from youthhub.accounts.models import PROGRAMME_ROLES, Role
from youthhub.activities import calendar, cards, paid, queries, services
from youthhub.activities.labels import AUDIENCE_NAMES, KIND_NAMES
from youthhub.activities.models import BookingStatus
from youthhub.activities.organisers import can_run
from youthhub.activities.queries import activity_or_404
from youthhub.core.access import public, roles
from youthhub.core.formatting import format_time
from youthhub.core.forms import ConfirmForm, button_action
from youthhub.core.labels import in_page_language, per_request
from youthhub.core.links import public_url
from youthhub.core.time import london_today
from youthhub.core.transaction import refused_goes_to

blueprint = Blueprint("activities", __name__, template_folder="templates")
# What's on can be paged this far ahead (sessions are planned months, not years, ahead).
FURTHEST_AHEAD_DAYS = 2 * 366


@blueprint.get("/whats-on")
@roles(*PROGRAMME_ROLES)
def whats_on():
    kind = request.args.get("kind", "")[:20]
    paid_only = request.args.get("paid") == "1"
    person = current_user if current_user.is_young_person else None
    window = queries.whats_on_from(person, _asked_start(), kind, paid_only=paid_only)
    rows = window.listings
    soon, later = queries.this_week_and_later(rows) if window.starts_today else ([], rows)
    rates = paid.hourly_rates(rows)
    kind = kind if kind in KIND_NAMES else ""
    return render_template(
        "activities/whats_on.html",
        window=window,
        soon=cards.cards(soon, rates),
        later=cards.cards(later, rates),
        kind=kind,
        paid_only=paid_only,
        filters={"kind": kind or None, "paid": "1" if paid_only else None},
        kind_names=in_page_language(KIND_NAMES),
    )


def _asked_start() -> date:
    """The first day asked for (`?start=2026-12-15`); today for anything else, or for a day
    further ahead than anything is planned."""
    today = london_today()
    try:
        asked = date.fromisoformat(request.args.get("start", "")[:10])
    except ValueError:
        return today
    return asked if today <= asked <= today + timedelta(days=FURTHEST_AHEAD_DAYS) else today


@blueprint.get("/activities/<id:activity_id>")
@roles(*PROGRAMME_ROLES)
def activity(activity_id):
    activity = activity_or_404(activity_id)
    listing = queries.listing(activity, current_user)
    waiting = listing.my_status == BookingStatus.WAITLISTED
    return render_template(
        "activities/activity.html",
        activity=activity,
        listing=listing,
        hourly_rate=paid.hourly_rates([activity]).get(activity.id),
        position=queries.queue_position(activity, current_user) if waiting else None,
        options=services.booking_options(activity, current_user),
        can_run=can_run(current_user, activity.group),
        confirm=ConfirmForm(),
    )


def _booking_action(activity_id, act, done):
    """A booking button: its message depends on what the service did (a place, or the queue),
    so this is `button_action` with the result passed to `done`."""
    activity = activity_or_404(activity_id)
    page = url_for("activities.activity", activity_id=activity.id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    refused_goes_to(page)
    result = act(activity)
    flash(done(activity, result), "success")
    return redirect(page)


def _booked_message(activity, booking):
    if booking.status == BookingStatus.WAITLISTED:
        return _("You're on the waiting list. We'll tell you straight away if a place comes up.")
    return _("You're booked on %(title)s. See you there!", title=activity.title)


@blueprint.post("/activities/<id:activity_id>/book")
@roles(Role.YOUNG_PERSON)
def book(activity_id):
    return _booking_action(
        activity_id, lambda a: services.book_activity(a, actor=current_user), _booked_message
    )


@blueprint.post("/activities/<id:activity_id>/waiting-list")
@roles(Role.YOUNG_PERSON)
def join_waiting_list(activity_id):
    return _booking_action(
        activity_id,
        lambda a: services.book_activity(a, actor=current_user, waiting_list=True),
        _booked_message,
    )


@blueprint.post("/activities/<id:activity_id>/cancel-booking")
@roles(Role.YOUNG_PERSON)
def cancel_booking(activity_id):
    return _booking_action(
        activity_id,
        lambda a: services.cancel_booking(a, actor=current_user),
        lambda a, _b: _("Done. Your place at %(title)s is cancelled.", title=a.title),
    )


@blueprint.get("/my-activities")
@roles(Role.YOUNG_PERSON)
def my_activities():
    upcoming, past = queries.my_activities(current_user)
    return render_template("activities/my_activities.html", upcoming=upcoming, past=past)


def _ics_response(activities, name: str, filename: str, *, feed: bool = False):
    body = calendar.calendar_file(
        activities,
        name=name,
        url_for_activity=lambda a: public_url("activities.activity", activity_id=a.id),
        sequences=queries.calendar_sequences(activities),
        feed=feed,
    )
    response = current_app.response_class(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@blueprint.get("/activities/<id:activity_id>/calendar.ics")
@roles(*PROGRAMME_ROLES)
def activity_ics(activity_id):
    activity = activity_or_404(activity_id)
    return _ics_response([activity], activity.title, f"activity-{activity.id}.ics")


@blueprint.get("/calendar/<feed_token>.ics")
@public
def calendar_feed(feed_token):
    # Phone calendars fetch this without logging in: the signed token is the only key.
    person = services.find_feed_owner(feed_token)
    if person is None:
        abort(404)
    name = current_app.config["PROGRAMME_NAME"]
    return _ics_response(queries.calendar_activities(person), name, "youthhub.ics", feed=True)


@blueprint.get("/my-activities/calendar")
@roles(Role.YOUNG_PERSON)
def calendar_settings():
    # Reading the page never makes a link: a person without one gets a button that does.
    feed = services.calendar_feed_of(current_user)
    feed_url = None
    if feed is not None:
        feed_url = public_url(
            "activities.calendar_feed", feed_token=services.feed_address_token(feed)
        )
    return render_template(
        "activities/calendar.html",
        feed_url=feed_url,
        webcal_url=feed_url and "webcal://" + feed_url.split("://", 1)[1],
        confirm=ConfirmForm(),
    )


@blueprint.post("/my-activities/calendar/link")
@roles(Role.YOUNG_PERSON)
def make_calendar_link():
    return button_action(
        lambda: services.calendar_feed_for(current_user),
        done=_("Your calendar link is ready."),
        then=url_for("activities.calendar_settings"),
    )


@blueprint.post("/my-activities/calendar/reset")
@roles(Role.YOUNG_PERSON)
def reset_calendar():
    return button_action(
        lambda: services.reset_calendar_feed(actor=current_user),
        done=_("You have a new calendar link. The old one has stopped working."),
        then=url_for("activities.calendar_settings"),
    )


@blueprint.app_template_filter("kind_name")
@per_request  # once per page, not once per card
def kind_name(kind) -> str:
    return str(KIND_NAMES.get(kind, kind))


@blueprint.app_template_filter("audience_names")
def audience_names(tags) -> str:
    return ", ".join(str(AUDIENCE_NAMES[tag]) for tag in tags)


@blueprint.app_template_filter("when")
def when(moment) -> str:
    return services.when(moment)


@blueprint.app_template_filter("clock")
def clock(moment) -> str:
    return format_time(moment, services.CLOCK_FORMAT)
