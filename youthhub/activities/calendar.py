"""Calendar files (iCalendar, RFC 5545) for one activity or a young person's private feed."""

from icalendar import Calendar, Event

from youthhub.activities.models import Activity
from youthhub.core.time import utcnow

PRODUCT_ID = "-//YouthHub//Activities//EN"


def _event(activity: Activity, url: str, domain: str) -> Event:
    event = Event()
    event.add("uid", f"activity-{activity.id}@{domain}")
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


def calendar_file(activities, *, name: str, url_for_activity, domain: str) -> bytes:
    """One .ics file holding an event per activity (cancelled ones marked so calendars drop
    them)."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for activity in activities:
        calendar.add_component(_event(activity, url_for_activity(activity), domain))
    return calendar.to_ical()
