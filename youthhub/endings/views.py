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
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from youthhub.accounts.models import Role
from youthhub.core.access import public, roles
from youthhub.core.forms import form_action
from youthhub.core.i18n import chosen_language, locale_for
from youthhub.core.text import N_
from youthhub.endings import (
    baking,
    certificates,
    credentials,
    journey,
    queries,
    rules,
    services,
    signing,
    status_list,
)
from youthhub.endings.codes import format_code, normalise_code
from youthhub.endings.forms import (
    PLAN_QUESTIONS,
    BadgeEmailForm,
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


@blueprint.route("/my-ending/badge-email", methods=["GET", "POST"])
@roles(Role.YOUNG_PERSON)
def my_badge_email():
    ending = _my_ending()
    form = BadgeEmailForm(
        data={"include": "yes" if ending.badge_shows_email_hash else "no"}
        if request.method == "GET"
        else None
    )
    return form_action(
        form,
        lambda: services.choose_badge_email(
            ending, include=form.include.data == "yes", actor=current_user
        ),
        done=_("Saved. Your next badge download has your choice."),
        then=url_for("endings.my_ending"),
        page=lambda: render_template("endings/badge_email.html", form=form),
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
    return file_response(token, signing.VC_JWT_MEDIA_TYPE, "graduation-open-badge.jwt")


@blueprint.get("/my-ending/badge.png")
@roles(Role.YOUNG_PERSON)
def my_baked_badge():
    """The badge image with the signed credential baked in: drop it into any badge backpack."""
    certificate = queries.current_certificate(current_user) or abort(404)
    token = credentials.credential_jwt(certificate, _my_ending())
    return file_response(baking.baked_badge(token), "image/png", "graduation-badge.png")


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


def _page_language(certificate) -> str:
    """The certificate's own language (a Welsh certificate's page is in Welsh, whoever opens
    it), unless the reader chose the other one with the page's link (`?lang=`)."""
    asked = request.args.get("lang")
    if asked in current_app.config["LANGUAGES"]:
        return asked
    if certificate is not None and not certificate.is_withdrawn:
        return certificate.language
    return chosen_language()


@blueprint.get("/verify/<code>")
@public
@verify_limit
def verify(code):
    certificate = queries.certificate_by_code(code)
    language = _page_language(certificate)
    with force_locale(locale_for(language)):
        page = render_template(
            "endings/verify.html",
            certificate=certificate,
            form=VerifyForm(),
            other_languages=_other_languages(language),
        )
    return _private(make_response(page, 200 if certificate else 404))


# Each link is written in the language it leads to, so a reader who only reads that one sees it.
READ_IN = {"en": N_("Read this page in English"), "cy": N_("Read this page in Welsh")}


def _other_languages(language: str) -> list[tuple[str, str]]:
    """The languages the page is not in, each with its link's words in that language."""
    links = []
    for code in current_app.config["LANGUAGES"]:
        if code != language and code in READ_IN:
            with force_locale(locale_for(code)):
                links.append((code, _(READ_IN[code])))
    return links


def _public_json(data, mimetype: str = "application/json"):
    response = jsonify(data)
    response.mimetype = mimetype
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Vary"] = "Accept"
    return response


def _wants_json() -> bool:
    """A verifier or wallet (asking for JSON or JSON-LD) gets the Open Badges JSON; a browser,
    which prefers HTML, gets a page."""
    accept = request.accept_mimetypes
    best = accept.best_match(["text/html", "application/json", "application/ld+json"])
    return (
        best in ("application/json", "application/ld+json") and accept[best] > accept["text/html"]
    )


@blueprint.get("/.well-known/jwks.json")
@public
def jwks():
    response = _public_json(signing.key_set(), signing.JWK_SET_MEDIA_TYPE)
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@blueprint.get("/issuer")
@public
def issuer():
    """The programme as an Open Badges issuer: a Profile in JSON, or a page."""
    profile = credentials.issuer()
    if _wants_json():
        return _public_json(profile)
    response = make_response(render_template("endings/issuer.html", profile=profile))
    response.headers["Vary"] = "Accept"
    return response


@blueprint.get("/achievements/graduation")
@public
def achievement():
    """What graduating means: an Open Badges Achievement in JSON, or a page."""
    data = credentials.achievement()
    if _wants_json():
        return _public_json(data)
    response = make_response(render_template("endings/achievement.html", achievement=data))
    response.headers["Vary"] = "Accept"
    return response


@blueprint.get("/achievements/graduation.png")
@public
def achievement_image():
    response = make_response(baking.badge_image())
    response.mimetype = "image/png"
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


@blueprint.get("/credentials/status/revocation")
@public
def revocation_list():
    """The revocation status list, signed; worked out afresh, so a revoke shows at once to
    any verifier that does not keep it longer than a minute."""
    response = make_response(status_list.signed_status_list())
    response.mimetype = signing.VC_JWT_MEDIA_TYPE
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cache-Control"] = "public, max-age=60"
    return response
