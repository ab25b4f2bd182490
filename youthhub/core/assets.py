"""Fingerprinted static files: `url_for('static', ...)` adds a content hash (`?v=`), and a
request carrying the current hash is cached for a year, since its content can never change."""

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Flask, current_app, request

ONE_YEAR = 365 * 24 * 3600


@lru_cache(maxsize=256)
def _digest(path: str, mtime: float) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def fingerprint(filename: str) -> str | None:
    path = Path(current_app.static_folder) / filename
    try:
        return _digest(str(path), path.stat().st_mtime)
    except OSError:
        return None


def _add_fingerprint(endpoint: str, values: dict) -> None:
    if endpoint == "static" and "filename" in values and "v" not in values:
        digest = fingerprint(values["filename"])
        if digest:
            values["v"] = digest


def _cache_static(response):
    if request.endpoint != "static" or response.status_code not in (200, 304):
        return response
    filename = (request.view_args or {}).get("filename", "")
    version = request.args.get("v")
    if version and version == fingerprint(filename):
        response.cache_control.public = True
        response.cache_control.max_age = ONE_YEAR
        response.cache_control.immutable = True
    else:
        response.cache_control.no_cache = True
    return response


def register_assets(app: Flask) -> None:
    app.url_defaults(_add_fingerprint)
    app.after_request(_cache_static)
