"""Static files served well: each file under `static/` gets a copy named by its content
(`css/app.3f2a1b9c0d1e.css`) with gzip and brotli versions beside it, in a build directory that
is never committed; `url_for('static', ...)` names that copy, and WhiteNoise serves it cached for
a year (its content can never change) in the encoding the browser asks for.

No one runs a build step by hand: the app makes whatever copies are missing when it starts (only
a changed file costs anything; the rest is hashing), and in development again when a file changes
while it runs. `flask static build` does the same ahead of time, e.g. in a deploy script.
"""

import hashlib
import os
import re
import shutil
from functools import lru_cache
from pathlib import Path

import click
from flask import Flask, current_app
from whitenoise import WhiteNoise
from whitenoise.compress import Compressor

from youthhub.core.security import set_static_file_headers

ONE_YEAR = 365 * 24 * 3600
#: A fingerprinted name: the stem, a dot, 12 hex digits of the content's SHA-256, the extension.
FINGERPRINTED = re.compile(r"\.[0-9a-f]{12}\.[A-Za-z0-9]+$")
_compressor = Compressor(quiet=True)


@lru_cache(maxsize=256)
def _digest(path: str, mtime: float) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def fingerprinted_name(filename: str, digest: str) -> str:
    stem, dot, extension = filename.rpartition(".")
    if not dot or "/" in extension:
        return f"{filename}.{digest}"
    return f"{stem}.{digest}.{extension}"


def build_file(source: Path, target: Path) -> None:
    """Write `target` (a copy of `source`) and its `.br`/`.gz` where they save bytes. Each is
    written under a temporary name and renamed into place, the copy itself last: processes
    starting together (gunicorn workers, test workers) never see half a file."""
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    shutil.copyfile(source, temporary)
    if _compressor.should_compress(source.name):
        for written in _compressor.compress(str(temporary)):
            encoding = written.rpartition(".")[2]
            os.replace(written, f"{target}.{encoding}")
    os.replace(temporary, target)


def build_static(source: Path, build: Path) -> dict[str, str]:
    """Build every file under `source` into `build`; answer each name's fingerprinted name."""
    manifest = {}
    for path in sorted(source.rglob("*")):
        if not path.is_file() or path.name.startswith("."):
            continue
        name = path.relative_to(source).as_posix()
        manifest[name] = fingerprinted_name(name, _digest(str(path), path.stat().st_mtime))
        build_file(path, build / manifest[name])
    return manifest


def static_url_name(filename: str) -> str | None:
    """The fingerprinted name `url_for` gives a static file. In development a file edited while
    the app runs gets its new name (and its new copy) at once; in production the names made
    when the app started are used, without looking at the disk again."""
    settings = current_app.extensions["youthhub_static"]
    if not settings["autorefresh"]:
        return settings["manifest"].get(filename)
    path = Path(current_app.static_folder) / filename
    try:
        name = fingerprinted_name(filename, _digest(str(path), path.stat().st_mtime))
    except OSError:
        return None
    build_file(path, settings["build"] / name)
    return name


def _fingerprint_url(endpoint: str, values: dict) -> None:
    if endpoint == "static" and "filename" in values:
        values["filename"] = static_url_name(values["filename"]) or values["filename"]


def _static_headers(production: bool):
    def add_headers(headers, path: str, url: str) -> None:
        # Anything not fingerprinted (a name typed by hand, an old link) is checked every time.
        if not FINGERPRINTED.search(url):
            headers["Cache-Control"] = "no-cache"
        set_static_file_headers(headers, production=production)

    return add_headers


def serve_static(app: Flask) -> None:
    """Put WhiteNoise in front of the app for `/static/`: the fingerprinted copies first, then
    the files under their own names (for anything that links them by hand)."""
    source = Path(app.static_folder)
    build = Path(app.config["STATIC_BUILD_PATH"])
    autorefresh = app.config["YOUTHHUB_ENV"] != "production"
    app.extensions["youthhub_static"] = {
        "build": build,
        "manifest": build_static(source, build),
        "autorefresh": autorefresh,
    }
    whitenoise = WhiteNoise(
        app.wsgi_app,
        autorefresh=autorefresh,
        max_age=None,
        allow_all_origins=False,
        immutable_file_test=lambda path, url: bool(FINGERPRINTED.search(url)),
        add_headers_function=_static_headers(production=not autorefresh),
    )
    whitenoise.FOREVER = ONE_YEAR  # not WhiteNoise's ten years: a year is HTTP's customary most
    prefix = app.static_url_path.strip("/") + "/"
    whitenoise.add_files(str(build), prefix=prefix)
    whitenoise.add_files(str(source), prefix=prefix)
    app.wsgi_app = whitenoise
    app.url_defaults(_fingerprint_url)


@click.group("static")
def static_commands():
    """Static files."""


@static_commands.command("build")
def build_command():
    """Make the fingerprinted, compressed copies of static/ (the app also does it as it starts)."""
    build = current_app.config["STATIC_BUILD_PATH"]
    manifest = build_static(Path(current_app.static_folder), build)
    click.echo(f"{len(manifest)} static files in {build}")
