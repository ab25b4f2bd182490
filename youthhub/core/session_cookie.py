"""Flask's signed session cookie, sent again only when it changed or is an hour old.

Flask re-signs and re-sends a lasting ("remember me") session's cookie on every answer, so its
expiry moves with each request (`SESSION_REFRESH_EACH_REQUEST`): a signature and a
`Set-Cookie` header on every page of a young person's phone, for an expiry that moves on by
seconds. Here it is sent when the session changed (as always) or when the cookie was signed
over an hour ago: the expiry still moves with use, to within the hour, and what the cookie
holds, how it is signed and checked, and when the server ends the session are all unchanged.

Opening the cookie (its signature, its zlib, its tagged JSON) was ~2 % of the instructions of a
young person's page (issue 19), for the same cookie on every page. A cookie that opened is
remembered by its exact text, with what it held and when it was signed: the same text again is
the same signed value, so only its age is checked again (as `loads` checks it). Only cookies
holding plain values are remembered (a list of flashed messages would be changed in place); the
memory is bounded, and a cookie found too old is forgotten.
"""

import time

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import BadSignature

#: How old a lasting session's cookie may be before an answer sends it again.
REFRESH_AFTER_SECONDS = 60 * 60
#: Cookies remembered once opened, per app: the devices in use at once, many times over.
MOST_REMEMBERED = 2048
_PLAIN = (str, int, float, bool, type(None))


class SessionCookie(SecureCookieSessionInterface):
    def __init__(self):
        self.opened: dict[str, tuple[dict, int]] = {}

    def open_session(self, app: Flask, request):
        if not app.secret_key:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        remembered = self.opened.get(value)
        if remembered is not None:
            data, signed_at = remembered
            if 0 <= int(time.time()) - signed_at <= max_age:  # as itsdangerous's age check
                return self._session(data, signed_at)
            del self.opened[value]  # too old: `loads` below refuses it as before
        try:
            signer = self.get_signing_serializer(app)
            data, signed = signer.loads(value, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return self.session_class()
        signed_at = int(signed.timestamp())
        if all(isinstance(held, _PLAIN) for held in data.values()):
            if len(self.opened) >= MOST_REMEMBERED:
                self.opened.clear()
            self.opened[value] = (data, signed_at)
        return self._session(data, signed_at)

    def _session(self, data: dict, signed_at: int):
        session = self.session_class(data)  # its own dict: the remembered one never changes
        session.signed_at = signed_at
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
