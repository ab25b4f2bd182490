"""The rate card (admins): kinds of paid contribution and their rates over time."""

from flask import Blueprint, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from youthhub.accounts.models import Role
from youthhub.accounts.second_step import recent_factor_required
from youthhub.core.access import roles
from youthhub.core.forms import form_action
from youthhub.core.time import london_today
from youthhub.extensions import db
from youthhub.payments import queries, rates
from youthhub.payments.forms import KindForm, PaySettingsForm, RateForm
from youthhub.payments.models import ContributionKind

blueprint = Blueprint("rates", __name__, url_prefix="/manage/rates", template_folder="templates")


def _forms(rate_form=None, kind_form=None):
    kinds = queries.rate_card()
    choices = [(kind.id, rates.kind_name(kind)) for kind in kinds]
    return {
        "kinds": kinds,
        "today": london_today(),
        "rate_form": rate_form or RateForm(choices, effective_from=london_today()),
        "kind_form": kind_form or KindForm(prefix="kind", effective_from=london_today()),
        "settings_form": PaySettingsForm(prefix="pay", show_rates=rates.pay_settings().show_rates),
    }


@blueprint.get("")
@roles(Role.ADMIN)
def rate_card():
    return render_template("payments/manage/rates.html", **_forms())


@blueprint.post("")
@roles(Role.ADMIN)
@recent_factor_required(back=lambda: url_for("rates.rate_card"))
def set_rate():
    form = RateForm([(kind.id, "") for kind in queries.kinds()])
    return form_action(
        form,
        lambda: rates.set_rate(
            db.session.get(ContributionKind, form.kind.data),
            actor=current_user,
            hourly_pence=form.hourly.data,
            minimum_pence=form.minimum.data or 0,
            effective_from=form.effective_from.data,
        ),
        done=_("Rate saved. Work done from that date will be paid at it."),
        then=url_for("rates.rate_card"),
        page=lambda: render_template("payments/manage/rates.html", **_forms(rate_form=form)),
    )


@blueprint.post("/kinds")
@roles(Role.ADMIN)
@recent_factor_required(back=lambda: url_for("rates.rate_card"))
def add_kind():
    form = KindForm(prefix="kind")
    return form_action(
        form,
        lambda: rates.add_kind(
            form.name.data,
            actor=current_user,
            hourly_pence=form.hourly.data,
            minimum_pence=form.minimum.data or 0,
            effective_from=form.effective_from.data,
        ),
        done=_("New kind of contribution added."),
        then=url_for("rates.rate_card"),
        page=lambda: render_template("payments/manage/rates.html", **_forms(kind_form=form)),
    )


@blueprint.post("/settings")
@roles(Role.ADMIN)
def pay_settings():
    form = PaySettingsForm(prefix="pay")
    return form_action(
        form,
        lambda: rates.set_show_rates(form.show_rates.data, actor=current_user),
        done=_("Saved. What's on shows paid roles as you chose."),
        then=url_for("rates.rate_card"),
        page=lambda: render_template("payments/manage/rates.html", **_forms()),
    )
