"""Calendar files (iCalendar, RFC 5545) for one activity or a young person's private feed.

An event's UID is `activity-<id>@<PUBLIC_BASE_URL's host>`: configuration only, never the
request's Host, so the same session has the same UID however the file was fetched (localhost or
127.0.0.1 in development, any proxy in production) and a calendar app updates it instead of
adding a copy. Its SEQUENCE counts the changes a calendar shows (`queries.calendar_sequences`),
so every app takes a moved, renamed or cancelled session as a newer version of the same event.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from flask import current_app
from icalendar import Calendar, Event, vDuration

from youthhub.activities.models import Activity
from youthhub.core.time import utcnow

PRODUCT_ID = "-//YouthHub//Activities//EN"
# Without PUBLIC_BASE_URL (development only: production requires it) UIDs still must not
# follow the request; `.invalid` (RFC 6761) can never be anyone else's domain.
DEVELOPMENT_UID_DOMAIN = "youthhub.invalid"
# How often a subscribed calendar should fetch the feed again (RFC 7986 REFRESH-INTERVAL, and
# X-PUBLISHED-TTL, which Outlook and Apple read): a moved session shows within the hour.
FEED_REFRESH = timedelta(hours=1)


def uid_domain() -> str:
    configured = current_app.config["PUBLIC_BASE_URL"]
    return urlsplit(configured).hostname if configured else DEVELOPMENT_UID_DOMAIN


def event_uid(activity: Activity) -> str:
    return f"activity-{activity.id}@{uid_domain()}"


def _event(activity: Activity, url: str, sequence: int) -> Event:
    event = Event()
    event.add("uid", event_uid(activity))
    event.add("sequence", sequence)
    event.add("dtstamp", utcnow())
    event.add("dtstart", activity.starts_at)
    event.add("dtend", activity.ends_at)
    event.add("summary", activity.title)
    location = activity.place or activity.online_link
    if location:
        event.add("location", location)
    notes = [activity.description or "", activity.what_to_bring or "", activity.contact or ""]
    description = "\n\n".join(part for part in notes if part)
    if description:
        event.add("description", description)
    event.add("url", url)
    if activity.is_cancelled:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    return event


def calendar_file(
    activities, *, name: str, url_for_activity, sequences: dict[int, int], feed: bool = False
) -> bytes:
    """One .ics file holding an event per activity (cancelled ones marked so calendars drop
    them). `sequences` is each activity's SEQUENCE by id; a `feed` (a subscribed address, not
    a one-off download) also says how often to fetch it again."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    if feed:
        calendar.add("refresh-interval", vDuration(FEED_REFRESH), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", vDuration(FEED_REFRESH))
    for activity in activities:
        sequence = sequences.get(activity.id, 0)
        calendar.add_component(_event(activity, url_for_activity(activity), sequence))
    return calendar.to_ical()
