"""Kinds of notice that are shown together when several wait: "3 claims paid — £112.50".

The domain that sends a kind of notice says how a group of them reads (notices sit below every
domain that sends them, so the words are handed down here when the app starts, as signals are).
A notice whose kind is not here, or that has no kind, always shows on its own.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class NoticeKind:
    key: str
    #: How `count` notices of this kind read together, with the sum of their amounts in pence
    #: (None when they carry none), in the current language.
    describe: Callable[[int, int | None], str]


GROUPED: dict[str, NoticeKind] = {}


def group_notices_of(kind: NoticeKind) -> None:
    GROUPED[kind.key] = kind
