"""Run the fake Stripe on its own: `python -m devtools.fake_stripe --port 12111`."""

import argparse
import time

from devtools.fake_stripe import DEFAULT_SECRET_KEY, DEFAULT_WEBHOOK_SECRET, FakeStripe


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=12111)
    parser.add_argument("--secret-key", default=DEFAULT_SECRET_KEY)
    parser.add_argument("--webhook-secret", default=DEFAULT_WEBHOOK_SECRET)
    parser.add_argument("--webhook-url", default="http://127.0.0.1:5000/stripe/webhook")
    args = parser.parse_args()
    fake = FakeStripe(
        secret_key=args.secret_key,
        webhook_secret=args.webhook_secret,
        webhook_url=args.webhook_url,
        host=args.host,
        port=args.port,
    ).start()
    print(f"Fake Stripe (test mode) on {fake.url}, webhooks to {args.webhook_url}")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    main()
