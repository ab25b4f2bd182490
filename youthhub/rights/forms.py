"""Forms for data rights: an admin's reason for holding an erasure, and the retention setting."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from youthhub.core.forms import WHOLE_NUMBER, WholeNumberField


class HoldForm(FlaskForm):
    reason = TextAreaField(
        _l("Why are you holding it? The young person will read this."),
        [
            DataRequired(_l("Say why, so the young person understands.")),
            Length(max=500, message=_l("Keep it to 500 characters or fewer.")),
        ],
    )


class RetentionForm(FlaskForm):
    keep_months = WholeNumberField(
        _l("Months to keep a young person's data after their planned ending"),
        [InputRequired(WHOLE_NUMBER)],
        least=1,
        most=120,
        range_message=_l("Choose from 1 to 120 months."),
    )
