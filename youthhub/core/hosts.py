"""Answer only to the site's own hosts (TRUSTED_HOSTS, see config.trusted_hosts).

Flask checks TRUSTED_HOSTS when it binds the URL map, but then its error page itself cannot
build links; this refuses an unknown `Host` (or, behind PROXY_COUNT proxies, `X-Forwarded-Host`:
it runs after ProxyFix has applied them) with a plain 400 before the app sees the request.
"""

from werkzeug.exceptions import SecurityError
from werkzeug.wsgi import get_host


class TrustedHostsOnly:
    def __init__(self, wsgi_app, config: dict):
        self.wsgi_app = wsgi_app
        self.config = config

    def __call__(self, environ, start_response):
        try:
            get_host(environ, self.config["TRUSTED_HOSTS"])
        except SecurityError:
            start_response("400 Bad Request", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"This address does not serve this site.\n"]
        return self.wsgi_app(environ, start_response)
