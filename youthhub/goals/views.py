"""A young person's goals: the wheel of areas, goals and steps, ratings, wins and help."""

from functools import partial

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from youthhub.accounts.models import Role
from youthhub.core.access import roles
from youthhub.core.converters import LARGEST_ID
from youthhub.core.forms import ConfirmForm, button_action, form_action
from youthhub.core.labels import in_page_language
from youthhub.core.outbox import applied_once, taken_at
from youthhub.core.transaction import refused_goes_to, refused_shows
from youthhub.goals import charts, queries, services, services_ratings
from youthhub.goals.forms import (
    GoalForm,
    NewGoalForm,
    RatingForm,
    StatusForm,
    StepForm,
    TickForm,
)
from youthhub.goals.icons import area_icon_svg
from youthhub.goals.labels import GOAL_STATUS_NAMES
from youthhub.goals.models import GoalStatus

blueprint = Blueprint("goals", __name__, url_prefix="/goals", template_folder="templates")


@blueprint.record_once
def _template_globals(state):
    # Globals, so the goals macros can use them when imported without context.
    state.app.jinja_env.globals["goal_status_names"] = GOAL_STATUS_NAMES
    state.app.jinja_env.globals["area_icon_svg"] = area_icon_svg


STATUS_MESSAGES = {
    GoalStatus.ACTIVE: _l("Great, this goal is back on."),
    GoalStatus.PAUSED: _l("Goal paused. Pick it back up whenever you're ready."),
    GoalStatus.LET_GO: _l(
        "That's OK. Goals change, and letting one go is fine. You can pick it back up any time."
    ),
}


def _own_goal(goal_id):
    return queries.own_goal(current_user, goal_id) or abort(404)


def _area_or_404(area_id):
    return queries.area(area_id) or abort(404)


def _area_from_query():
    """The `?area=` of the address, if it names an area."""
    area_id = request.args.get("area", type=int)
    return queries.area(area_id) if area_id and 0 < area_id <= LARGEST_ID else None


@blueprint.get("/")
@roles(Role.YOUNG_PERSON)
def index():
    home = queries.goals_home(current_user)
    return render_template(
        "goals/index.html",
        home=home,
        wheel=charts.wheel(home.areas, home.scores),
        goal_status_names=in_page_language(GOAL_STATUS_NAMES),  # not a look-up per goal
        # The rule, asked of each goal, for the person themselves (not the request's proxy).
        is_shared=partial(services.is_shared, owner=current_user._get_current_object()),
    )


# Ratings -----------------------------------------------------------------------------------


def _render_area(area_id, form):
    page = queries.area_page(current_user, area_id) or abort(404)
    chart = charts.line_chart(page.history)
    return render_template(
        "goals/area.html",
        page=page,
        form=form,
        chart=chart,
        goal_status_names=in_page_language(GOAL_STATUS_NAMES),  # not a look-up per goal
    )


@blueprint.get("/areas/<id:area_id>")
@roles(Role.YOUNG_PERSON)
def area(area_id):
    return _render_area(area_id, RatingForm())


@blueprint.post("/areas/<id:area_id>/rate")
@roles(Role.YOUNG_PERSON)
@applied_once
def rate(area_id):
    area = _area_or_404(area_id)
    form = RatingForm()

    def page():
        return _render_area(area_id, form)

    if not form.validate_on_submit():
        return page()
    refused_shows(page)
    outcome = services_ratings.record_rating(
        area, int(form.score.data), form.note.data, actor=current_user, taken_at=taken_at()
    )
    return _after_rating(outcome, area)


def _after_rating(outcome, area):
    if outcome.win:
        flash(
            _(
                "Up from %(before)d to %(after)d. That's a win!",
                before=outcome.win.from_score,
                after=outcome.win.to_score,
            ),
            "win",
        )
    else:
        flash(_("Thanks. Your rating is saved."), "success")
    if outcome.offer_help:
        return redirect(url_for("goals.help", area=area.id))
    return redirect(url_for("goals.area", area_id=area.id))


# Goals -------------------------------------------------------------------------------------


@blueprint.route("/new", methods=["GET", "POST"])
@roles(Role.YOUNG_PERSON)
def new_goal():
    chosen = _area_from_query()
    form = NewGoalForm(area=chosen.id if chosen else None)
    form.set_areas(areas := queries.areas())

    def page():
        return _render_goal_form(form, areas, goal=None)

    if not form.validate_on_submit():
        return page()
    refused_shows(page)  # the new goal's address is only known once it is made
    goal = services.create_goal(
        area=next(a for a in areas if a.id == form.area.data),
        title=form.title.data,
        notes=form.notes.data,
        target_date=form.target_date.data,
        steps=form.steps,
        actor=current_user,
    )
    flash(_("Your goal is saved. It's private unless you share it."), "success")
    return redirect(url_for("goals.goal", goal_id=goal.id))


@blueprint.route("/<id:goal_id>/edit", methods=["GET", "POST"])
@roles(Role.YOUNG_PERSON)
def edit_goal(goal_id):
    goal = _own_goal(goal_id)
    form = GoalForm(obj=goal, area=goal.area_id)
    form.set_areas(areas := queries.areas())
    return form_action(
        form,
        lambda: services.update_goal(
            goal,
            area=next(a for a in areas if a.id == form.area.data),
            title=form.title.data,
            notes=form.notes.data,
            target_date=form.target_date.data,
            actor=current_user,
        ),
        done=_("Changes saved."),
        then=url_for("goals.goal", goal_id=goal.id),
        page=lambda: _render_goal_form(form, areas, goal=goal),
    )


def _render_goal_form(form, areas, goal):
    areas_by_id = {area.id: area for area in areas}
    return render_template("goals/goal_form.html", form=form, goal=goal, areas_by_id=areas_by_id)


def _render_goal(goal_id, step_form):
    goal = queries.goal_page(current_user, goal_id) or abort(404)
    return render_template(
        "goals/goal.html",
        goal=goal,
        actions=services.goal_actions(goal, actor=current_user),
        step_form=step_form,
        confirm=ConfirmForm(),
        worker_name=queries.key_worker_name(current_user),
    )


@blueprint.get("/<id:goal_id>")
@roles(Role.YOUNG_PERSON)
def goal(goal_id):
    return _render_goal(goal_id, StepForm())


def _goal_page(goal, anchor=None) -> str:
    return url_for("goals.goal", goal_id=goal.id, _anchor=anchor)


@blueprint.post("/<id:goal_id>/status")
@roles(Role.YOUNG_PERSON)
def change_status(goal_id):
    goal, form = _own_goal(goal_id), StatusForm()
    if not form.validate_on_submit():
        flash(_("Choose from the list."), "error")
        return redirect(_goal_page(goal))
    refused_goes_to(_goal_page(goal))
    services.change_goal_status(goal, form.status.data, actor=current_user)
    if goal.status == GoalStatus.ACHIEVED:
        flash(_("You did it! This goal is achieved. Be proud of yourself."), "win")
    elif goal.status in STATUS_MESSAGES:
        flash(str(STATUS_MESSAGES[goal.status]), "success")
    return redirect(_goal_page(goal))


# Steps -------------------------------------------------------------------------------------


@blueprint.post("/<id:goal_id>/steps")
@roles(Role.YOUNG_PERSON)
@applied_once
def add_step(goal_id):
    goal, form = _own_goal(goal_id), StepForm()
    return form_action(
        form,
        lambda: services.add_step(goal, form.text.data, actor=current_user),
        done=_("Step added."),
        then=_goal_page(goal, "steps"),
        page=lambda: _render_goal(goal_id, form),
    )


def _own_step(goal_id, step_id):
    return queries.own_step(current_user, goal_id, step_id) or abort(404)


@blueprint.post("/<id:goal_id>/steps/<id:step_id>/toggle")
@roles(Role.YOUNG_PERSON)
@applied_once
def toggle_step(goal_id, step_id):
    step = _own_step(goal_id, step_id)
    steps = _goal_page(step.goal, "steps")
    form = TickForm()
    if not form.validate_on_submit():
        abort(400)
    refused_goes_to(steps)
    # The flash depends on what happened (a first tick is a win), so this is not button_action.
    if services.toggle_step(step, actor=current_user, done=form.wanted, taken_at=taken_at()):
        flash(
            _("Nice one! You ticked off “%(step)s”. Every small step counts.", step=step.text),
            "win",
        )
    else:
        flash(_("Step ticked off.") if step.is_done else _("Step unticked."), "success")
    return redirect(steps)


@blueprint.post("/<id:goal_id>/steps/<id:step_id>/remove")
@roles(Role.YOUNG_PERSON)
def remove_step(goal_id, step_id):
    step = _own_step(goal_id, step_id)
    return button_action(
        lambda: services.remove_step(step, actor=current_user),
        done=_("Step removed."),
        then=_goal_page(step.goal, "steps"),
    )


# Sharing -----------------------------------------------------------------------------------


@blueprint.post("/<id:goal_id>/share")
@roles(Role.YOUNG_PERSON)
def share(goal_id):
    goal = _own_goal(goal_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    refused_goes_to(_goal_page(goal))
    worker = services.share_goal(goal, actor=current_user)
    flash(
        _("Shared with %(name)s. You can stop sharing any time.", name=worker.preferred_name),
        "success",
    )
    return redirect(_goal_page(goal))


@blueprint.post("/<id:goal_id>/unshare")
@roles(Role.YOUNG_PERSON)
def unshare(goal_id):
    goal = _own_goal(goal_id)
    return button_action(
        lambda: services.stop_sharing(goal, actor=current_user),
        done=_("This goal is private again. Only you can see it."),
        then=_goal_page(goal),
    )


# Wins and help -----------------------------------------------------------------------------


@blueprint.get("/wins")
@roles(Role.YOUNG_PERSON)
def wins():
    return render_template("goals/wins.html", wins=queries.wins(current_user))


@blueprint.get("/help")
@roles(Role.YOUNG_PERSON)
def help():
    return render_template(
        "goals/help.html",
        contacts=queries.help_contacts(),
        worker_name=queries.key_worker_name(current_user),
        may_ask=services_ratings.may_ask_for_contact(actor=current_user),
        asked=queries.has_asked_for_contact(current_user),
        confirm=ConfirmForm(),
        area=_area_from_query(),
    )


@blueprint.post("/help/ask")
@roles(Role.YOUNG_PERSON)
def ask_for_contact():
    help_page = url_for("goals.help")
    if not ConfirmForm().validate_on_submit():
        abort(400)
    refused_goes_to(help_page)
    services_ratings.ask_worker_to_get_in_touch(actor=current_user)
    name = queries.key_worker_name(current_user)
    flash(_("Done. We've asked %(name)s to get in touch with you soon.", name=name), "success")
    return redirect(help_page)
