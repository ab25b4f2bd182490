"""The home pages (a young person's, and staff's) and the language choice."""

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user

from youthhub.accounts import queries
from youthhub.accounts.models import Role
from youthhub.accounts.services import set_language
from youthhub.core.access import public, roles
from youthhub.core.redirects import is_safe_next
from youthhub.endings.queries import home_ending
from youthhub.goals import queries as goals_queries
from youthhub.home import worker_day
from youthhub.notices.services import news_for
from youthhub.rights.overdue import admin_counts

blueprint = Blueprint("home", __name__, template_folder="templates")


@blueprint.get("/")
@public
def home():
    if not current_user.is_authenticated:
        return render_template("home/welcome.html")
    if not current_user.is_young_person:
        if not current_user.is_staff:  # an evaluator
            return redirect(url_for("monitoring.page"))
        return redirect(url_for("home.staff_home"))
    return render_template(
        "home/home_young_person.html",
        user=current_user,
        worker_name=queries.key_worker_name(current_user),
        news=news_for(current_user),
        ending=home_ending(current_user),
    )


@blueprint.get("/manage/")
@roles(Role.YOUTH_WORKER, Role.FINANCE, Role.ADMIN)
def staff_home():
    summary = queries.staff_home_summary(current_user)
    if current_user.has_role(Role.YOUTH_WORKER):
        summary["goals"] = goals_queries.staff_summary(current_user)
    if current_user.has_role(Role.ADMIN):
        summary["data_rights"] = admin_counts()
    if worker_day.takes_registers(current_user):
        summary["days"] = worker_day.sessions_today_and_tomorrow(current_user)
        summary["waiting"] = worker_day.waiting_counts(current_user)
    return render_template("home/home_staff.html", user=current_user, summary=summary)


@blueprint.post("/language")
@public
def choose_language():
    locale = request.form.get("locale", "")
    if locale in current_app.config["LANGUAGES"]:
        session["locale"] = locale
        if current_user.is_authenticated:
            set_language(current_user, locale)
    target = request.form.get("next", "")
    return redirect(target if is_safe_next(target) else url_for("home.home"))
