"""A local fake Stripe for development and tests (see `server.py`)."""

from devtools.fake_stripe.server import (
    DEFAULT_SECRET_KEY,
    DEFAULT_WEBHOOK_SECRET,
    FakeStripe,
)

__all__ = ["DEFAULT_SECRET_KEY", "DEFAULT_WEBHOOK_SECRET", "FakeStripe"]
