"""The form that brings a programme's past activities in from a CSV."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import SubmitField, TextAreaField
from wtforms.validators import Length, ValidationError

MAX_CSV_CHARACTERS = 500_000


class PastActivitiesForm(FlaskForm):
    """A file, or the same text pasted (the preview puts the file's text here, so it can be
    corrected and previewed again, and confirmed without choosing the file again)."""

    upload = FileField(_l("A CSV file"))
    text = TextAreaField(
        _l("Or the CSV's text"),
        validators=[
            Length(max=MAX_CSV_CHARACTERS, message=_l("That's too long: split the file in two."))
        ],
    )
    preview = SubmitField(_l("Preview"))
    confirm = SubmitField(_l("Import these activities"))

    def validate_text(self, field):
        upload = self.upload.data
        if upload and getattr(upload, "filename", ""):
            raw = upload.read(MAX_CSV_CHARACTERS * 4 + 1)
            try:
                field.data = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise ValidationError(
                    _l("We couldn't read that file. Save it as CSV (UTF-8) and try again.")
                ) from None
            if len(field.data) > MAX_CSV_CHARACTERS:
                raise ValidationError(_l("That's too long: split the file in two."))
        if not (field.data or "").strip():
            raise ValidationError(_l("Choose a CSV file, or paste its text."))
