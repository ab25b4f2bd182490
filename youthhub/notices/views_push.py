"""Notifications on this phone: the page that turns them on and off, and the words a woken
service worker fetches for a push (the push itself carries only a notice's id)."""

from flask import Blueprint, current_app, jsonify, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from youthhub.core.access import signed_in
from youthhub.core.forms import button_action
from youthhub.core.redirects import is_safe_next
from youthhub.extensions import db
from youthhub.notices import push
from youthhub.notices.forms import PhoneOffForm, PhoneOnForm
from youthhub.notices.models import Notice
from youthhub.notices.services import is_theirs

blueprint = Blueprint("push", __name__, url_prefix="/notices", template_folder="templates")


@blueprint.get("/phone")
@signed_in
def phone():
    return render_template(
        "notices/phone.html",
        set_up=push.push_is_set_up(),
        phones_on=push.phones_on(current_user),
        public_key=current_app.config["VAPID_PUBLIC_KEY"],
        on_form=PhoneOnForm(),
        off_form=PhoneOffForm(),
    )


@blueprint.post("/phone/on")
@signed_in
def turn_on():
    """The page's script sends the browser's subscription here (JSON, with the CSRF token in
    a header); a refusal is answered as JSON by the request rule."""
    answer = request.get_json(silent=True) or {}
    keys = answer.get("keys") if isinstance(answer.get("keys"), dict) else {}
    text = lambda value: value if isinstance(value, str) else ""  # noqa: E731
    push.turn_on(
        current_user,
        endpoint=text(answer.get("endpoint")),
        p256dh=text(keys.get("p256dh")),
        auth=text(keys.get("auth")),
        user_agent=request.user_agent.string,
        actor=current_user,
    )
    return jsonify(message=_("Notifications are on for this phone."))


@blueprint.post("/phone/off")
@signed_in
def turn_off():
    form = PhoneOffForm()
    endpoint = form.endpoint.data or None
    return button_action(
        lambda: push.turn_off(current_user, endpoint=endpoint, actor=current_user),
        done=_("Notifications are off for this phone.")
        if endpoint
        else _("Notifications are off on all your phones."),
        then=url_for("push.phone"),
        form=form,
    )


@blueprint.get("/pushed.json")
@signed_in
def pushed():
    """The words for a push: the notice's own for its recipient, and for a push this session
    can't match to one of its notices (none named), words that say nothing about anyone.
    Someone else's notice is a 404, as if it did not exist."""
    programme = current_app.config["PROGRAMME_NAME"]
    notice_id = request.args.get("notice", type=int)
    if notice_id is None:
        return jsonify(title=programme, body=_("You have news."), url=url_for("notices.index"))
    notice = db.session.get(Notice, notice_id)
    if notice is None or not is_theirs(notice, current_user):
        return jsonify(error="not found"), 404
    link = notice.link if is_safe_next(notice.link) else url_for("notices.index")
    return jsonify(title=programme, body=notice.text, url=link)
