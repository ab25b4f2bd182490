"""A test client that behaves like a browser on its own: each request gets its own app context
and database session (as in production), and forms carry a valid CSRF token."""

import contextvars
import secrets

from flask import has_app_context
from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer

from youthhub.extensions import db


class YouthHubClient(FlaskClient):
    send_csrf = True

    def open(self, *args, **kwargs):
        if self.send_csrf and kwargs.get("method", "GET").upper() == "POST":
            data = kwargs.get("data")
            if data is None or (isinstance(data, dict) and "csrf_token" not in data):
                kwargs["data"] = {**(data or {}), "csrf_token": self.csrf_token()}
        # A fresh contextvars context hides the test's own app context, so the request pushes
        # (and tears down) its own, exactly as a real server would.
        response = contextvars.Context().run(super().open, *args, **kwargs)
        if has_app_context():
            db.session.expire_all()
        return response

    def csrf_token(self) -> str:
        def read_token():
            with self.session_transaction() as session:
                return session.setdefault("csrf_token", secrets.token_hex(20))

        raw = contextvars.Context().run(read_token)
        return URLSafeTimedSerializer(self.application.secret_key, salt="wtf-csrf-token").dumps(raw)
