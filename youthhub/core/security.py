"""Security headers on every response, with a fresh CSP nonce per request."""

import secrets

from flask import Flask, abort, g, request


def csp_nonce() -> str:
    # Asked several times a page: the real `g`, as `g.get` through the proxy costs an
    # AttributeError made and dropped each time.
    here = g._get_current_object()
    nonce = here.get("csp_nonce")
    if nonce is None:
        nonce = here.csp_nonce = secrets.token_urlsafe(18)
    return nonce


def allow_form_action(origin: str) -> None:
    """Let a form on this page end up at `origin` after its redirect (e.g. Stripe's hosted
    onboarding): browsers apply `form-action` to where a form's redirects lead, too."""
    g.setdefault("form_action_origins", []).append(origin)


def content_security_policy(nonce: str, form_action_origins=()) -> str:
    form_action = " ".join(["'self'", *form_action_origins])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "manifest-src 'self'",
            "worker-src 'self'",
            f"form-action {form_action}",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ]
    )


HSTS = "max-age=31536000; includeSubDomains"
#: For files served as they are (WhiteNoise, `core/assets.py`): nothing in a stylesheet, script or
#: image may load or run anything if it is opened on its own (an SVG could hold a script).
STATIC_FILE_POLICY = "default-src 'none'; style-src 'self'; img-src 'self' data:; " + (
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)


def set_static_file_headers(headers, *, production: bool) -> None:
    headers["Content-Security-Policy"] = STATIC_FILE_POLICY
    if production:
        headers["Strict-Transport-Security"] = HSTS
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "strict-origin-when-cross-origin"


def _set_headers(response):
    headers = response.headers
    headers["Content-Security-Policy"] = content_security_policy(
        csp_nonce(), g.get("form_action_origins", ())
    )
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    headers["X-Frame-Options"] = "DENY"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if _is_production():
        headers["Strict-Transport-Security"] = HSTS
    if request.endpoint != "static" and "Cache-Control" not in headers:
        # Pages can hold personal data: never let shared caches keep them.
        headers["Cache-Control"] = "private, no-cache"
    return response


def _is_production() -> bool:
    from flask import current_app

    return current_app.config["YOUTHHUB_ENV"] == "production"


# The only bodies Werkzeug reads into `request.form`; any other has no form to look at (and
# asking `request.form` of a GET made it set up the form parser for nothing).
FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


def _refuse_nul_bytes():
    # No person types a NUL byte, and PostgreSQL refuses them with an error: stop them at the door.
    sent = (request.args, request.form) if request.mimetype in FORM_TYPES else (request.args,)
    for values in sent:
        if any("\x00" in key or "\x00" in value for key, value in values.items(multi=True)):
            abort(400)
    if "\x00" in request.path:
        abort(400)


def register_security(app: Flask) -> None:
    app.before_request(_refuse_nul_bytes)
    app.after_request(_set_headers)
    app.jinja_env.globals["csp_nonce"] = csp_nonce
