"""Redirect targets from user input may only point back into this site."""

import re
from urllib.parse import urlsplit

# One pass in C rather than a Python loop over every character: a garbage `next` may be megabytes.
CONTROL_CHARACTER = re.compile(r"[\x00-\x1f]")


def is_safe_next(target: str | None) -> bool:
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or CONTROL_CHARACTER.search(target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc
