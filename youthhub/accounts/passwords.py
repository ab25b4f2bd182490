"""Passwords: Argon2id hashing (argon2-cffi, tuned from config so tests can run fast) and the
rule a new password must meet (length, and zxcvbn's guessability with the person's own name
and email as words an attacker would try first)."""

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l
from zxcvbn import zxcvbn

MIN_LENGTH = 10
MAX_LENGTH = 128
#: zxcvbn's scale: 3 is "safely unguessable: moderate protection from offline attacks".
MIN_SCORE = 3
#: zxcvbn slows down on long input; the first characters decide its score anyway.
SCORED_LENGTH = 64

TOO_SHORT = _l("Your password needs at least 10 characters.")
TOO_LONG = _l("Your password can be up to 128 characters.")
ABOUT_YOU = _l(
    "That password is too close to your name or email. "
    "Choose something that has nothing to do with you."
)
COMMON = _l(
    "That password is one of the most common ones, so it's among the first anyone would try. "
    "Three or four random words together are easier to remember and much harder to guess."
)
KEYBOARD = _l(
    "Rows of keys like qwerty are easy to guess. Try three or four random words together."
)
PATTERN = _l(
    "Repeats and sequences like aaaa or 1234 are easy to guess. "
    "Try three or four random words together."
)
DATE = _l("Dates and years are easy to guess. Try three or four random words together.")
GUESSABLE = _l(
    "That password would be easy to guess. Try three or four random words together, "
    "or add a few more unusual words."
)


#: Argon2id's costs, measured on the 2-core server (bench/speed.py): OWASP's minimum is 19 MiB,
#: 2 passes, parallelism 1; 24 MiB and 2 passes verify in ~28 ms there (32 MiB took 54 ms).
#: The old 64 MiB, 3 passes, 4 lanes took ~150 ms on a quiet machine and over a second when the
#: cores were busy, since its 4 lanes competed for 2 cores. A hash keeps its own costs, so
#: older hashes still verify, and are made again with these at the next login (`needs_rehash`).
#: Tests set cheaper costs through the config.
TIME_COST = 2
MEMORY_KIB = 24 * 1024
PARALLELISM = 1


def costs() -> tuple[int, int, int]:
    config = current_app.config
    return (
        config.get("ARGON2_TIME_COST", TIME_COST),
        config.get("ARGON2_MEMORY_KIB", MEMORY_KIB),
        config.get("ARGON2_PARALLELISM", PARALLELISM),
    )


def _hasher() -> PasswordHasher:
    time_cost, memory_kib, parallelism = costs()
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism)


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:  # a young person a worker added has no password: nothing matches
        return False
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)


def _dummy_hash() -> str:
    # Made once per app (and per hashing cost), so an unknown email costs one verify, exactly
    # like a known one: hashing it on every request made unknown emails twice as slow.
    key = costs()
    cache = current_app.extensions.setdefault("youthhub_dummy_hash", {})
    if key not in cache:
        cache[key] = hash_password("an equal wait for every email")
    return cache[key]


def dummy_verify(password: str) -> None:
    """Spend the time a real check would, when there is no account to check against."""
    verify_password(_dummy_hash(), password)


def prepare_dummy_hash() -> None:
    """Make the dummy hash before the first login, so that login is not the slow one."""
    _dummy_hash()


def _about_them(name: str, email: str) -> list[str]:
    local_part = email.partition("@")[0]
    words = [name, email, local_part, *re.split(r"[\s._+-]+", f"{name} {local_part}")]
    return [word.lower() for word in words if len(word) >= 3]


def _advice(matches) -> object:
    """The most useful thing to say about a guessable password, from what zxcvbn found."""
    dictionaries = {m.get("dictionary_name") for m in matches if m["pattern"] == "dictionary"}
    patterns = {m["pattern"] for m in matches}
    if "user_inputs" in dictionaries:
        return ABOUT_YOU
    if "passwords" in dictionaries:
        return COMMON
    if "spatial" in patterns:
        return KEYBOARD
    if patterns & {"repeat", "sequence"}:
        return PATTERN
    if patterns & {"date", "regex"}:
        return DATE
    return GUESSABLE


def password_problem(password: str, *, name: str = "", email: str = ""):
    """Why this password will not do for this person (a translated message), or None."""
    if len(password) < MIN_LENGTH:
        return TOO_SHORT
    if len(password) > MAX_LENGTH:
        return TOO_LONG
    result = zxcvbn(password[:SCORED_LENGTH], user_inputs=_about_them(name, email))
    if result["score"] >= MIN_SCORE:
        return None
    return _advice(result["sequence"])
