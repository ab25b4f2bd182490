"""The POST forms on a page, read the way a browser reads them: each form's action and its
fields, with the values the page gives them (what a browser would send untouched)."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

# Boxes that show what was typed again when the form comes back; the rest are choices
# (radio, checkbox, select), secrets (password) or the page's own (hidden, submit).
TYPED = {"text", "email", "search", "tel", "url", "number", "date", "time", "textarea"}


@dataclass
class FormField:
    name: str
    kind: str  # an input's type, or "textarea" / "select"
    value: str = ""
    options: list[str] = field(default_factory=list)
    checked: bool = False

    @property
    def typed(self) -> bool:
        return self.kind in TYPED


@dataclass
class PageForm:
    action: str
    fields: list[FormField]

    def field(self, name: str) -> FormField | None:
        return next((f for f in self.fields if f.name == name), None)

    def as_sent(self) -> dict[str, list[str]]:
        """What a browser sends when the person presses the first button, changing nothing."""
        sent: dict[str, list[str]] = {}
        for f in self.fields:
            if f.kind in ("checkbox", "radio") and not f.checked:
                continue
            if f.kind in ("submit", "button", "reset", "file"):
                continue
            if f.kind == "select" and not f.value and f.options:
                f.value = f.options[0]
            sent.setdefault(f.name, []).append(f.value)
        return sent

    def names(self) -> list[str]:
        """Each field a person can change, once, in page order."""
        seen = []
        for f in self.fields:
            if f.kind not in ("hidden", "submit", "button", "reset") and f.name not in seen:
                seen.append(f.name)
        return seen


class FormReader(HTMLParser):
    def __init__(self, page_path: str):
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms: list[PageForm] = []
        self._form: PageForm | None = None
        self._textarea: FormField | None = None
        self._select: FormField | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value if value is not None else "" for name, value in attrs}
        if tag == "form":
            if attrs.get("method", "get").lower() == "post":
                action = (attrs.get("action") or self.page_path).split("#")[0]
                self._form = PageForm(action, [])
            return
        if self._form is None or not attrs.get("name"):
            if tag == "option" and self._select is not None:
                self._option(attrs)
            return
        name = attrs["name"]
        if tag == "input":
            kind = attrs.get("type", "text").lower()
            value = attrs.get("value", "on" if kind in ("checkbox", "radio") else "")
            self._form.fields.append(FormField(name, kind, value, checked="checked" in attrs))
        elif tag == "button" and attrs.get("type", "submit") == "submit":
            self._form.fields.append(FormField(name, "submit", attrs.get("value", "")))
        elif tag == "textarea":
            self._textarea = FormField(name, "textarea")
            self._form.fields.append(self._textarea)
        elif tag == "select":
            self._select = FormField(name, "select")
            self._form.fields.append(self._select)

    def _option(self, attrs):
        value = attrs.get("value", "")
        self._select.options.append(value)
        if "selected" in attrs:
            self._select.value = value

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            if self._form is not None:
                self.forms.append(self._form)
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            # HTML drops one newline straight after <textarea> (WTForms writes one to keep a
            # value's own leading newline).
            value = self._textarea.value
            if value.startswith("\r\n"):
                value = value[2:]
            self._textarea.value = (
                value.removeprefix("\n") if value == self._textarea.value else value
            )
            self._textarea = None
        elif tag == "select":
            self._select = None


def post_forms(html: str, page_path: str) -> list[PageForm]:
    reader = FormReader(page_path)
    reader.feed(html)
    reader.close()
    return reader.forms
