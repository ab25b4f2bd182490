"""Certificate codes: 28 characters of Crockford base32 (140 random bits), printed in groups of
four so a person can type one in, and forgiving of the usual misreadings."""

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # no I, L, O or U
LENGTH = 28
BITS = LENGTH * 5  # each character carries 5 bits
GROUP = 4
MISREAD = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def format_code(code: str) -> str:
    """ABCD-EFGH-…: how a code is printed and linked."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def normalise_code(text: str) -> str | None:
    """The stored form of a typed or scanned code, or None if it cannot be one."""
    if len(text) > 80:
        return None
    cleaned = "".join(text.split()).replace("-", "").upper().translate(MISREAD)
    if len(cleaned) != LENGTH or any(char not in ALPHABET for char in cleaned):
        return None
    return cleaned
