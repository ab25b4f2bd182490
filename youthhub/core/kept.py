"""Answers made once and kept with the app: a menu, an address, a translated list, a picture.

Each is the same for the same key for as long as the app runs, and making it again on every
page cost more than the page's own work. Each kind of answer has a store of its own in
`app.extensions`, bounded: a store that reaches its limit is emptied and filled again, so a key
that keeps changing (a new mount point, a function made per request) never grows it for good.
"""

from collections.abc import Callable, Hashable, MutableMapping
from typing import TypeVar

from flask import current_app

T = TypeVar("T")
#: A handful of languages, roles and endpoints: a store never needs more in use.
MOST = 256


def kept(name: str, key: Hashable, make: Callable[[], T], most: int = MOST) -> T:
    """`make()`, made once per `key` in the store `name` of this app."""
    # The real app: through the proxy, `extensions` would cost an AttributeError made and dropped.
    return kept_in(current_app._get_current_object().extensions, name, key, make, most)


def kept_in(
    extensions: MutableMapping, name: str, key: Hashable, make: Callable[[], T], most: int = MOST
) -> T:
    """`kept`, given the app's `extensions` (the app itself is at hand, no proxy needed). An
    unhashable key raises TypeError, as a dict does."""
    store = extensions.setdefault(f"youthhub_{name}", {})
    try:
        return store[key]
    except KeyError:
        if len(store) >= most:
            store.clear()
        store[key] = made = make()
        return made
