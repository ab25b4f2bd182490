"""The fake's own web pages: Stripe's hosted onboarding, and a small test-mode dashboard.

Every page says plainly that it is a local pretend Stripe in test mode: no real money, no real
bank details.
"""

import secrets
from html import escape

from werkzeug.utils import redirect
from werkzeug.wrappers import Request, Response

STYLE = """
body { font-family: system-ui, sans-serif; margin: 0; color: #1a1a1a; background: #f6f9fc; }
header { background: #635bff; color: #fff; padding: 1rem; }
.badge { display: inline-block; background: #ffcf56; color: #1a1a1a; font-weight: 700;
  padding: .25rem .75rem; border-radius: 999px; }
main { max-width: 40rem; margin: 0 auto; padding: 1rem; }
label { display: block; font-weight: 700; margin: 1rem 0 .25rem; }
input { font: inherit; width: 100%; min-height: 44px; padding: .5rem; box-sizing: border-box; }
button { font: inherit; min-height: 48px; padding: .5rem 1.25rem; margin: 1rem .5rem 0 0;
  border-radius: 8px; border: 2px solid #635bff; background: #fff; color: #3c35c7; }
button.primary { background: #635bff; color: #fff; }
table { border-collapse: collapse; width: 100%; } td, th { text-align: left; padding: .25rem;
  border-bottom: 1px solid #ccd; vertical-align: top; }
form.inline { display: inline; } form.inline button { margin: .25rem .25rem 0 0; min-height: 44px; }
"""


def _page(title: str, body: str, status: int = 200) -> Response:
    html = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} · Fake Stripe (test mode)</title><style>{STYLE}</style></head>
<body><header><span class="badge">TEST MODE</span>
<p>Fake Stripe on this computer: nothing here is real. No real money moves and no real
details are needed.</p></header>
<main><h1>{escape(title)}</h1>{body}</main></body></html>"""
    return Response(html, status=status, content_type="text/html; charset=utf-8")


def onboarding(fake, request: Request, account_id: str, token: str) -> Response:
    with fake.lock:
        link = fake.state.links.get(token)
        if link is None or link["account"] != account_id:
            return _page("This link doesn't work", "<p>Go back and try again.</p>", 404)
        if link["used"] or fake.state.now() >= link["expires_at"]:
            # Stripe sends a used or expired link to the platform's refresh_url for a new one.
            return redirect(link["refresh_url"], 302)
        link["used"] = True
        link["session"] = secrets.token_urlsafe(16)
    body = f"""
<p>Stripe would ask for your name, date of birth, address and bank account here, to send
payments to your bank.</p>
<form method="post">
  <input type="hidden" name="session" value="{link["session"]}">
  <label for="name">Full name</label>
  <input id="name" name="name" value="Test Person" autocomplete="off">
  <label for="sort_code">Sort code</label>
  <input id="sort_code" name="sort_code" value="10-88-00" inputmode="numeric">
  <label for="account_number">Account number</label>
  <input id="account_number" name="account_number" value="00012345" inputmode="numeric">
  <button type="submit" name="action" value="finish" class="primary">Finish setup</button>
  <button type="submit" name="action" value="later">Save and finish later</button>
</form>"""
    return _page("Set up payments to your bank", body)


def onboarding_done(fake, request: Request, account_id: str, token: str) -> Response:
    with fake.lock:
        link = fake.state.links.get(token)
        session = request.form.get("session", "")
        if link is None or not secrets.compare_digest(link.get("session") or "", session):
            return _page("This link doesn't work", "<p>Go back and try again.</p>", 400)
        link["session"] = None
        if request.form.get("action") == "finish":
            fake.state.finish_onboarding(account_id)
        else:
            fake.state.save_onboarding_for_later(account_id)
    return redirect(link["return_url"], 303)


def _button(fake, action: str, label: str, **fields) -> str:
    hidden = "".join(
        f'<input type="hidden" name="{escape(k)}" value="{escape(str(v))}">'
        for k, v in {"token": fake._page_token, **fields}.items()
    )
    return (
        f'<form class="inline" method="post" action="/_fake/{action}">{hidden}'
        f"<button type=submit>{escape(label)}</button></form>"
    )


def _deliveries(fake) -> str:
    if fake.webhooks.shuffle_and_repeat:
        return "mixed up: any order, some twice " + _button(
            fake, "deliveries", "Deliver in order, once each", mix=""
        )
    return "in order, once each " + _button(
        fake, "deliveries", "Mix up: any order, some twice", mix="1"
    )


def dashboard(fake, request: Request) -> Response:
    with fake.lock:
        state = fake.state
        state.verify_due()
        accounts = "".join(
            f"<tr><td>{escape(a['id'])}</td><td>{escape(a['capabilities'].get('transfers', '-'))}"
            f"</td><td>{_button(fake, 'payout', 'Payout paid', account=a['id'])}"
            f"{_button(fake, 'payout', 'Payout failed', account=a['id'], failed='1')}"
            f"{_button(fake, 'restrict', 'Restrict', account=a['id'])}</td></tr>"
            for a in state.accounts.values()
        )
        transfers = "".join(
            f"<tr><td>{escape(t['id'])}<br>{escape(t['transfer_group'] or '')}</td>"
            f"<td>£{t['amount'] / 100:.2f} (reversed £{t['amount_reversed'] / 100:.2f})</td>"
            f"<td>{_button(fake, 'reverse', 'Reverse', transfer=t['id'])}</td></tr>"
            for t in reversed(list(state.transfers.values()))
        )
        balance = state.balance
    body = f"""
<p>Platform balance: <strong>£{balance / 100:,.2f}</strong>
{_button(fake, "balance", "Add £1,000", amount=100000)}
{_button(fake, "balance", "Empty balance", amount=-balance)}</p>
<h2>Connected accounts</h2><table><tr><th>Account</th><th>Transfers</th><th>Try</th></tr>
{accounts or "<tr><td colspan=3>None yet</td></tr>"}</table>
<h2>Transfers</h2><table><tr><th>Transfer</th><th>Amount</th><th>Try</th></tr>
{transfers or "<tr><td colspan=3>None yet</td></tr>"}</table>
<h2>Webhooks</h2>
<p>They go to: {escape(fake.webhook_url or "nowhere")}</p>
<p>Deliveries: {_deliveries(fake)}</p>"""
    return _page("Fake Stripe dashboard", body)


def control(fake, request: Request, action: str) -> Response:
    form = request.form
    if not secrets.compare_digest(form.get("token", ""), fake._page_token):
        return _page("Refused", "<p>Open the dashboard and try again.</p>", 400)
    with fake.lock:
        state = fake.state
        if action == "balance":
            state.balance = max(0, state.balance + int(form.get("amount", "0")))
        elif action == "payout":
            state.payout(form["account"], 1000, failed=bool(form.get("failed")))
        elif action == "restrict":
            state.restrict(form["account"])
        elif action == "reverse":
            state.reverse_transfer(form["transfer"], {})
        elif action == "deliveries":
            # Stripe may deliver events late, out of order and more than once: try the app so.
            fake.webhooks.shuffle_and_repeat = bool(form.get("mix"))
    return redirect("/", 303)
