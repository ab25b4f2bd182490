"""`make run`: serve YouthHub for development on http://127.0.0.1:5000.

Without STRIPE_SECRET_KEY in the environment, payments go to the project's fake Stripe, started
here on a loopback port, so the whole money flow works with no Stripe account or network (the
app says "test mode" wherever money moves). With a key, the app talks to Stripe itself.
"""

import os
import socket

from devtools.fake_stripe import DEFAULT_SECRET_KEY, DEFAULT_WEBHOOK_SECRET, FakeStripe

HOST, PORT = "127.0.0.1", 5000
FAKE_STRIPE_PORT = 12111


def _free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex((HOST, port)) != 0


def start_fake_stripe() -> FakeStripe:
    fake = FakeStripe(
        secret_key=DEFAULT_SECRET_KEY,
        webhook_secret=DEFAULT_WEBHOOK_SECRET,
        webhook_url=f"http://{HOST}:{PORT}/stripe/webhook",
        port=FAKE_STRIPE_PORT if _free(FAKE_STRIPE_PORT) else 0,
    ).start()
    os.environ.update(
        STRIPE_SECRET_KEY=fake.secret_key,
        STRIPE_WEBHOOK_SECRET=fake.webhook_secret,
        STRIPE_API_BASE=fake.url,
    )
    print(f"No STRIPE_SECRET_KEY set: payments go to the fake Stripe at {fake.url} (test mode).")
    print(f"Its dashboard (balance, payouts, reversals) is at {fake.url}/")
    return fake


def main() -> None:
    if not os.environ.get("STRIPE_SECRET_KEY", "").strip():
        start_fake_stripe()
    from youthhub import create_app

    print(f"YouthHub is starting on http://{HOST}:{PORT}")
    create_app().run(host=HOST, port=PORT)


if __name__ == "__main__":
    main()
