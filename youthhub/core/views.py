"""Home pages, health check, language choice and error pages."""

from flask import (
    Blueprint,
    Flask,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from sqlalchemy import text

from youthhub.accounts import queries
from youthhub.accounts.models import Role
from youthhub.accounts.services import set_language
from youthhub.core.access import public, roles
from youthhub.core.redirects import is_safe_next
from youthhub.endings.queries import home_ending
from youthhub.extensions import db
from youthhub.goals import queries as goals_queries
from youthhub.notices.services import unread_for

blueprint = Blueprint("core", __name__, template_folder="templates")


@blueprint.get("/")
@public
def home():
    if not current_user.is_authenticated:
        return render_template("core/welcome.html")
    if not current_user.is_young_person:
        return redirect(url_for("core.staff_home"))
    return render_template(
        "core/home_young_person.html",
        user=current_user,
        notices=unread_for(current_user),
        ending=home_ending(current_user),
    )


@blueprint.get("/manage/")
@roles(Role.YOUTH_WORKER, Role.FINANCE, Role.ADMIN)
def staff_home():
    summary = queries.staff_home_summary(current_user)
    if current_user.has_role(Role.YOUTH_WORKER):
        summary["goals"] = goals_queries.staff_summary(current_user)
    return render_template("core/home_staff.html", user=current_user, summary=summary)


@blueprint.get("/privacy")
@public
def privacy():
    return render_template("core/privacy.html")


@blueprint.get("/healthz")
@public
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any database failure means "not healthy", never a 500 page
        db.session.rollback()
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok", database="ok")


@blueprint.post("/language")
@public
def choose_language():
    locale = request.form.get("locale", "")
    if locale in current_app.config["LANGUAGES"]:
        session["locale"] = locale
        if current_user.is_authenticated:
            set_language(current_user, locale)
            db.session.commit()
    target = request.form.get("next", "")
    return redirect(target if is_safe_next(target) else url_for("core.home"))


def _error_page(code: int):
    def handler(error):
        db.session.rollback()
        # Some errors carry their own page (e.g. the login form with a rate-limit message).
        if getattr(error, "response", None) is not None:
            return error.response
        return render_template(f"errors/{code}.html"), code

    return handler


def register_error_pages(app: Flask) -> None:
    for code in (400, 403, 404, 405, 413, 429, 500):
        app.register_error_handler(code, _error_page(code))
