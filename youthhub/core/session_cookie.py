"""Flask's signed session cookie, sent again only when it changed or is an hour old.

Flask re-signs and re-sends a lasting ("remember me") session's cookie on every answer, so its
expiry moves with each request (`SESSION_REFRESH_EACH_REQUEST`): a signature and a
`Set-Cookie` header on every page of a young person's phone, for an expiry that moves on by
seconds. Here it is sent when the session changed (as always) or when the cookie was signed
over an hour ago: the expiry still moves with use, to within the hour, and what the cookie
holds, how it is signed and checked, and when the server ends the session are all unchanged.
"""

import time

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import BadSignature

#: How old a lasting session's cookie may be before an answer sends it again.
REFRESH_AFTER_SECONDS = 60 * 60


class SessionCookie(SecureCookieSessionInterface):
    def open_session(self, app: Flask, request):
        signer = self.get_signing_serializer(app)
        if signer is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        try:
            data, signed_at = signer.loads(value, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return self.session_class()
        session = self.session_class(data)
        session.signed_at = signed_at.timestamp()
        return session

    def should_set_cookie(self, app: Flask, session) -> bool:
        if session.modified:
            return True
        if not (session.permanent and app.config["SESSION_REFRESH_EACH_REQUEST"]):
            return False
        signed_at = getattr(session, "signed_at", None)
        return signed_at is None or time.time() - signed_at >= REFRESH_AFTER_SECONDS


def use_session_cookie(app: Flask) -> None:
    app.session_interface = SessionCookie()
