"""Baking: the badge image with the signed credential inside it, as the Open Badges 3.0 baking
rules say for PNG: one `iTXt` chunk with the keyword "openbadgecredential", uncompressed, whose
text is the VC-JWT itself. Any badge backpack or verifier that reads a dropped PNG finds it."""

import struct
import zlib
from functools import cache
from pathlib import Path

from flask import current_app

KEYWORD = b"openbadgecredential"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
BADGE_IMAGE = "badges/graduation.png"


@cache
def _read(path: str) -> bytes:
    return Path(path).read_bytes()


def badge_image() -> bytes:
    """The achievement's image, the same for every graduate (served at a public address)."""
    return _read(str(Path(current_app.static_folder) / BADGE_IMAGE))


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def itxt_chunk(keyword: bytes, text: str) -> bytes:
    """An iTXt chunk: keyword, NUL, no compression (flag and method 0), an empty language tag
    and translated keyword (each NUL-ended), then the UTF-8 text."""
    data = keyword + b"\x00" + b"\x00\x00" + b"\x00" + b"\x00" + text.encode("utf-8")
    return _chunk(b"iTXt", data)


def bake(png: bytes, credential_jwt: str) -> bytes:
    """The PNG with the credential's chunk just before IEND (the image itself unchanged)."""
    if not png.startswith(PNG_SIGNATURE):
        raise ValueError("not a PNG")
    end = png.rindex(b"IEND") - 4  # the chunk starts with its 4-byte length
    return png[:end] + itxt_chunk(KEYWORD, credential_jwt) + png[end:]


def baked_badge(credential_jwt: str) -> bytes:
    return bake(badge_image(), credential_jwt)
