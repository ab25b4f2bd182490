"""Absolute links (in emails, QR codes, badges, calendar UIDs) from configuration only.

PUBLIC_BASE_URL is the site's address (required in production). Without it, in development,
links use the address of the request, which only a trusted host reaches (TRUSTED_HOSTS): a
hostile `Host` or `X-Forwarded-Host` header is refused before any view runs.
"""

from urllib.parse import urlsplit

import click
from flask import current_app, has_request_context, request, url_for
from werkzeug.sansio.utils import host_is_trusted


def public_base_url() -> str:
    """The site's address without a trailing slash; empty outside a request when none is set."""
    configured = current_app.config["PUBLIC_BASE_URL"]
    if configured:
        return configured
    return request.host_url.rstrip("/") if has_request_context() else ""


def public_url(endpoint: str, **values) -> str:
    """`url_for` as an absolute link on the site's public address."""
    return public_base_url() + url_for(endpoint, **values)


def command_base_url(given: str | None) -> str:
    """The address a command-line task builds links on: PUBLIC_BASE_URL wins (a link must
    not depend on who typed the command), then `--base-url` (on a trusted host), then the
    development server."""
    if current_app.config["PUBLIC_BASE_URL"]:
        return current_app.config["PUBLIC_BASE_URL"]
    base = given or "http://127.0.0.1:5000"
    if not host_is_trusted(urlsplit(base).netloc, current_app.config["TRUSTED_HOSTS"]):
        raise click.UsageError(
            f"{base} is not an address this app answers to: set PUBLIC_BASE_URL, "
            "or add its host to TRUSTED_HOSTS."
        )
    return base
