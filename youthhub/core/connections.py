"""Database connections that dropped while they waited in the pool, without a ping per request.

SQLAlchemy's `pool_pre_ping` tries every connection before each use: a round trip to the
database server on every request (on PostgreSQL a tenth of a young person's page, client and
server), to guard against something that happens a few times a year. Instead:

- A connection that sat unused in the pool for `PING_AFTER_IDLE_SECONDS` is tried before a
  request gets it, and replaced if it does not answer. Connections drop while idle: a firewall
  or proxy forgetting a quiet connection, the server restarted overnight. A busy app hands its
  connections on within milliseconds, so it almost never pings.
- No connection is kept longer than `pool_recycle` (youthhub/config.py), whatever its use.
- A connection found dropped in use (the server restarted under load) fails the statement;
  SQLAlchemy then replaces every connection made before that moment. The request is answered
  again from the start, once, when that is safe: a GET (which never writes, `core/transaction`),
  or any request whose view had not started (the signed-in person is read before it, so the
  first statement of most requests is there). Anything else fails as any error does: rolled
  back, nothing kept.
"""

import logging
import time

from flask import Flask, current_app, g, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, InvalidatePoolError

from youthhub.core.kept import kept_in
from youthhub.core.transaction import SAFE_METHODS, forget_after_commit
from youthhub.extensions import db

#: A connection unused for longer than this is tried before it is used.
PING_AFTER_IDLE_SECONDS = 10
MOST_FUNCTIONS = 512
_RETURNED_AT = "youthhub_returned_at"
_VIEW_STARTED = "youthhub_view_started"
log = logging.getLogger(__name__)


def ping_idle_connections(engine: Engine) -> None:
    """Try a connection that waited in the pool a while before handing it out (`checkout`);
    if it does not answer, it and every older one are thrown away, and the pool hands out a
    new one."""

    def returned(dbapi_connection, record) -> None:
        record.info[_RETURNED_AT] = time.monotonic()

    def handed_out(dbapi_connection, record, proxy) -> None:
        # A new connection has no time of return (the pool clears `info` when it replaces one).
        returned_at = record.info.get(_RETURNED_AT)
        if returned_at is None or time.monotonic() - returned_at < PING_AFTER_IDLE_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            log.warning("A database connection idle in the pool had dropped: replaced")
            # As `pool_pre_ping` does: every connection made before now is replaced when next
            # handed out (what dropped one most likely dropped them all).
            raise InvalidatePoolError("idle connection did not answer") from error

    event.listen(engine, "checkin", returned)
    event.listen(engine, "checkout", handed_out)


class App(Flask):
    """Flask, answering a request again when its database connection had dropped (see above),
    and remembering which functions are plain ones (`ensure_sync`)."""

    def ensure_sync(self, func):
        # Flask asks this of every hook, context processor and view on every request (about 25
        # times a page), and `inspect` reads the function's code flags each time; the answer
        # for a function never changes. A few dozen functions; bounded all the same, as
        # `after_this_request` hands in a new one each time.
        synced = super().ensure_sync
        try:
            return kept_in(self.extensions, "sync", func, lambda: synced(func), MOST_FUNCTIONS)
        except TypeError:  # not hashable
            return synced(func)

    def dispatch_request(self):
        g.setdefault(_VIEW_STARTED, True)
        return super().dispatch_request()

    def full_dispatch_request(self):
        try:
            return super().full_dispatch_request()
        except DBAPIError as error:
            if not (error.connection_invalidated and _safe_to_answer_again()):
                raise
            log.warning("The database connection had dropped: answering the request again")
            db.session.rollback()
            forget_after_commit()
            g.__dict__.clear()  # start over as the request came in (who is signed in, too)
            return super().full_dispatch_request()  # once: a second failure is the answer


def _safe_to_answer_again() -> bool:
    if not g.get(_VIEW_STARTED):
        return True  # nothing was done yet
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    return request.method in SAFE_METHODS and not getattr(view, "writes_on_get", False)
