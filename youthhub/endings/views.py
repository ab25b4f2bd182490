"""A young person's own ending pages, and the public pages anyone can use to check a
certificate: the verification page, the programme's public key and the achievement."""

from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from youthhub.accounts.models import Role
from youthhub.core.access import public, roles
from youthhub.core.forms import form_action
from youthhub.core.i18n import chosen_language
from youthhub.endings import certificates, credentials, journey, queries, rules, services
from youthhub.endings.codes import format_code, normalise_code
from youthhub.endings.forms import (
    PLAN_QUESTIONS,
    CertificateChoicesForm,
    KeepsakeGoalsForm,
    PlanForm,
    VerifyForm,
)
from youthhub.endings.models import PLAN_FIELDS
from youthhub.extensions import limiter

blueprint = Blueprint("endings", __name__, template_folder="templates")
blueprint.add_app_template_filter(format_code, "certificate_code")
# The pages ask the rules the services raise from, so they offer only what will be accepted.
blueprint.add_app_template_global(rules.certificate_offers, "certificate_offers")


def file_response(data, mimetype: str, filename: str):
    response = make_response(data)
    response.mimetype = mimetype
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _my_ending():
    return services.ending_for(current_user)


@blueprint.get("/my-ending")
@roles(Role.YOUNG_PERSON)
def my_ending():
    ending = _my_ending()
    chosen = set(ending.highlight_keys)
    highlights = [
        journey.describe(item)
        for item in journey.available_highlights(current_user, ending)
        if item.key in chosen
    ]
    certificate = queries.current_certificate(current_user)
    return render_template(
        "endings/my_ending.html",
        ending=ending,
        offers=rules.ending_offers(ending, current_user, current=certificate),
        questions=PLAN_QUESTIONS,
        highlights=highlights,
        certificate=certificate,
    )


@blueprint.route("/my-ending/plan", methods=["GET", "POST"])
@roles(Role.YOUNG_PERSON)
def my_plan():
    ending = _my_ending()
    form = PlanForm(obj=ending)
    return form_action(
        form,
        lambda: save_plan(ending, form),
        done=_("Your ending plan is saved. Your worker can see it too."),
        then=url_for("endings.my_ending"),
        page=lambda: render_template(
            "endings/plan.html", form=form, person=current_user, staff=False
        ),
    )


def save_plan(ending, form: PlanForm) -> None:
    """The plan as typed, saved by whoever typed it (the young person or their worker)."""
    answers = {name: form[name].data for name in PLAN_FIELDS}
    services.update_plan(
        ending, actor=current_user, share_message=form.share_message.data, **answers
    )


@blueprint.route("/my-ending/certificate", methods=["GET", "POST"])
@roles(Role.YOUNG_PERSON)
def my_certificate_choices():
    ending = _my_ending()
    available = journey.available_highlights(current_user, ending)
    form = CertificateChoicesForm(
        data={"printed_name": ending.printed_name or current_user.preferred_name}
        if request.method == "GET"
        else None,
    )
    form.highlights.choices = [(item.key, journey.describe(item)) for item in available]
    if request.method == "GET":
        form.highlights.data = ending.highlight_keys
    return form_action(
        form,
        lambda: services.choose_certificate_details(
            ending,
            printed_name=form.printed_name.data,
            highlight_keys=form.highlights.data,
            actor=current_user,
        ),
        done=_("Saved. That's what your certificate will show."),
        then=url_for("endings.my_ending"),
        page=lambda: render_template(
            "endings/certificate_choices.html",
            form=form,
            certificate=queries.current_certificate(current_user),
        ),
    )


@blueprint.route("/my-ending/keepsake", methods=["GET", "POST"])
@roles(Role.YOUNG_PERSON)
def my_keepsake_choices():
    from youthhub.goals.journey import goals_to_choose_from

    ending = _my_ending()
    goals = goals_to_choose_from(current_user)
    form = KeepsakeGoalsForm()
    form.goals.choices = [(str(goal.id), goal.title) for goal in goals]
    if request.method == "GET":
        form.goals.data = [str(goal_id) for goal_id in ending.keepsake_goal_ids]
    return form_action(
        form,
        lambda: services.choose_keepsake_goals(
            ending, goal_ids=[int(value) for value in form.goals.data], actor=current_user
        ),
        done=_("Saved. Those goals will be in your keepsake."),
        then=url_for("endings.my_ending"),
        page=lambda: render_template("endings/keepsake_choices.html", form=form, goals=goals),
    )


@blueprint.get("/my-ending/certificate.pdf")
@roles(Role.YOUNG_PERSON)
def my_certificate_pdf():
    certificate = queries.current_certificate(current_user) or abort(404)
    pdf = certificates.certificate_pdf(certificate)
    return file_response(pdf, "application/pdf", "certificate.pdf")


@blueprint.get("/my-ending/open-badge.jwt")
@roles(Role.YOUNG_PERSON)
def my_open_badge():
    certificate = queries.current_certificate(current_user) or abort(404)
    token = credentials.credential_jwt(certificate, _my_ending())
    return file_response(token, credentials.MEDIA_TYPE, "graduation-open-badge.jwt")


@blueprint.get("/my-journey/<id:user_id>.pdf")
@roles(Role.YOUNG_PERSON)
def keepsake(user_id):
    # Theirs alone: nobody else, staff included, can download it.
    if user_id != current_user.id:
        abort(404)
    pdf = certificates.keepsake_pdf(current_user, _my_ending(), language=chosen_language())
    return file_response(pdf, "application/pdf", "my-journey.pdf")


# Public: checking a certificate ------------------------------------------------------------


def _too_many_lookups(_limit):
    page = render_template("endings/verify_limit.html")
    return make_response(page, 429)


verify_limit = limiter.shared_limit(
    lambda: current_app.config["VERIFY_LIMIT"], scope="verify", on_breach=_too_many_lookups
)


def _private(response):
    # The address holds the code: keep it out of search engines and shared caches.
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.get("/verify")
@public
@verify_limit
def verify_form():
    form = VerifyForm(request.args)
    if "code" in request.args and form.validate():
        code = normalise_code(form.code.data)
        if code:
            return redirect(url_for("endings.verify", code=format_code(code)))
        form.code.errors.append(
            _("That doesn't look like a certificate code. Check it and try again.")
        )
    return _private(make_response(render_template("endings/verify_form.html", form=form)))


@blueprint.get("/verify/<code>")
@public
@verify_limit
def verify(code):
    certificate = queries.certificate_by_code(code)
    page = render_template("endings/verify.html", certificate=certificate, form=VerifyForm())
    return _private(make_response(page, 200 if certificate else 404))


@blueprint.get("/.well-known/jwks.json")
@public
def jwks():
    response = jsonify(credentials.key_set())
    response.mimetype = credentials.JWK_SET_MEDIA_TYPE
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@blueprint.get("/achievements/graduation")
@public
def achievement():
    response = jsonify(credentials.achievement())
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
