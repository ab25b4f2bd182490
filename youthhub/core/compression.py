"""Pages sent gzipped to browsers that accept it, where it pays (over ~1 KB): a page is mostly
repeated markup and shrinks to about a fifth. Static files come pre-compressed (core/assets.py).

Compressing a page that holds a secret (the CSRF token) next to text an attacker can choose is
what BREACH measures; as Django does ("Heal the BREACH", Paulsen et al. 2023), each answer gets a
random-length file name in its gzip header, so its length no longer tells what matched.
"""

import gzip
import secrets

from flask import Flask, request

#: Pages, and the install manifest every page links; other answers are small or files.
COMPRESSED_TYPES = {"text/html", "application/manifest+json"}
#: Under this, the gzip header and the extra round of work cost more than they save.
MIN_SIZE = 1024
#: The most random bytes a gzip header gets: enough to hide a match of a few bytes.
MAX_RANDOM_BYTES = 100


def gzip_with_random_name(data: bytes) -> bytes:
    compressed = gzip.compress(data, compresslevel=6, mtime=0)
    header = bytearray(compressed[:10])
    header[3] |= gzip.FNAME
    length = 1 + secrets.randbelow(MAX_RANDOM_BYTES)
    # What hides the match is the name's random length. Drawn in one call (URL-safe letters,
    # digits, "-" and "_": no NUL, which would end it): one `secrets.choice` a letter cost as
    # much as compressing the page.
    name = secrets.token_urlsafe(MAX_RANDOM_BYTES)[:length]
    return bytes(header) + name.encode() + b"\x00" + compressed[10:]


def _worth_compressing(response) -> bool:
    return (
        response.mimetype in COMPRESSED_TYPES
        and response.status_code not in (204, 304)
        and not response.direct_passthrough
        and not response.is_streamed
        and "Content-Encoding" not in response.headers
    )


def _compress_page(response):
    if not _worth_compressing(response):
        return response
    response.vary.add("Accept-Encoding")
    if not request.accept_encodings["gzip"]:
        return response
    body = response.get_data()
    if len(body) < MIN_SIZE:
        return response
    response.set_data(gzip_with_random_name(body))
    response.headers["Content-Encoding"] = "gzip"
    return response


def register_compression(app: Flask) -> None:
    """Registered before the other request hooks, so it runs after them on the finished page."""
    app.after_request(_compress_page)
