"""Which fields of a request the app reads by name (form and query string), found by running the
request with a request class that notes every name asked for.

The garbage-input walk in tests/core/test_routes.py sends each malformed value only in the
fields a route reads: a field no code asks for cannot reach validation, and parsing 100 fields of
percent-encoded emoji for every route was most of that walk's time. Looking through all the fields
(`items()`, iterating, ...) counts as reading every one, except in the guard that refuses NUL bytes
in any field before every request, which reads them all for every route alike.
"""

import contextlib
import sys

from flask import Flask, Request
from werkzeug.datastructures import ImmutableMultiDict

from youthhub.core import security

EVERY_FIELD = "*"
_read: set[str] | None = None
_NUL_GUARD = security._refuse_nul_bytes.__code__


def _note(name: str) -> None:
    if _read is not None:
        _read.add(name)


def _note_all(caller) -> None:
    if caller.f_code is not _NUL_GUARD:
        _note(EVERY_FIELD)


class RecordingMultiDict(ImmutableMultiDict):
    def __getitem__(self, key):
        _note(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        _note(key)
        return super().__contains__(key)

    def get(self, key, default=None, type=None):
        _note(key)
        return super().get(key, default, type)

    def getlist(self, key, type=None):
        _note(key)
        return super().getlist(key, type)

    def __iter__(self):
        _note_all(sys._getframe(1))
        return super().__iter__()

    def keys(self):
        _note_all(sys._getframe(1))
        return super().keys()

    def items(self, multi=False):
        _note_all(sys._getframe(1))
        return super().items(multi)

    def values(self):
        _note_all(sys._getframe(1))
        return super().values()

    def lists(self):
        _note_all(sys._getframe(1))
        return super().lists()

    def listvalues(self):
        _note_all(sys._getframe(1))
        return super().listvalues()

    def to_dict(self, flat=True):
        _note_all(sys._getframe(1))
        return super().to_dict(flat)


class RecordingRequest(Request):
    parameter_storage_class = RecordingMultiDict


@contextlib.contextmanager
def recording(app: Flask):
    """Within this block, the app's requests note the names they read into the yielded set."""
    global _read
    names: set[str] = set()
    original, app.request_class, _read = app.request_class, RecordingRequest, names
    try:
        yield names
    finally:
        app.request_class, _read = original, None
