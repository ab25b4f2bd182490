"""Absolute links (in emails, QR codes, badges, calendar UIDs) from configuration only.

PUBLIC_BASE_URL is the site's address (required in production). Without it, in development,
links use the address of the request, which only a trusted host reaches (TRUSTED_HOSTS): a
hostile `Host` or `X-Forwarded-Host` header is refused before any view runs.
"""

from urllib.parse import urlsplit

import click
from flask import current_app, has_request_context, request, url_for
from werkzeug.sansio.utils import host_is_trusted

from youthhub.core.kept import kept, kept_in


def public_base_url() -> str:
    """The site's address without a trailing slash; empty outside a request when none is set."""
    configured = current_app.config["PUBLIC_BASE_URL"]
    if configured:
        return configured
    return request.host_url.rstrip("/") if has_request_context() else ""


def public_url(endpoint: str, **values) -> str:
    """`url_for` as an absolute link on the site's public address."""
    return public_base_url() + url_for(endpoint, **values)


# An id no row has, standing in for the row's own while the address is built once.
_STAND_IN = 2**31 - 1  # core/converters.LARGEST_ID


def row_link(endpoint: str, name: str):
    """`url_for(endpoint, **{name: id})` for each row of a list, the address built only once.

    A list of 40 goals or 50 claims built the same address 40 or 50 times, each `url_for` about
    twenty calls. The address differs only in the id, so it is built once (per app and mount
    point) with a stand-in id and the row's id put in its place, giving the same text
    `url_for` gives (ids are plain numbers in addresses).
    """

    def split_at_stand_in() -> list[str] | None:
        built = url_for(endpoint, **{name: _STAND_IN})
        return built.split(str(_STAND_IN)) if built.count(str(_STAND_IN)) == 1 else None

    key = (endpoint, name, request._get_current_object().script_root)
    parts = kept("row_links", key, split_at_stand_in)
    if parts is None:
        return lambda value: url_for(endpoint, **{name: value})
    before, after = parts
    return lambda value: f"{before}{int(value)}{after}"


def fixed_url(endpoint: str, **values) -> str:
    """`url_for(endpoint, **values)` for an address that is the same on every page (the base
    template's links, a static file's fingerprinted name in production), built once per app and
    mount point. In development static files are looked at on every request (core/assets.py),
    so their addresses are built every time."""
    # The real app and request: an attribute read through a proxy costs an AttributeError made
    # and dropped, and a page has ~11 links.
    extensions = current_app._get_current_object().extensions
    if endpoint == "static" and extensions["youthhub_static"]["autorefresh"]:
        return url_for(endpoint, **values)
    given = tuple(values.items()) if len(values) < 2 else tuple(sorted(values.items()))
    key = (endpoint, given, request._get_current_object().script_root)
    return kept_in(extensions, "fixed_links", key, lambda: url_for(endpoint, **values))


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
