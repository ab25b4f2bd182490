"""Make the screenshots the install sheet shows (`static/screenshots/`): the demo young person's
"What's on", as a phone shows it (narrow) and as a laptop does (wide).

Run: .venv/bin/python -m devtools.screenshots   (again whenever that page's look changes)

The images are committed rather than made at build time: they change rarely, and making them
needs Chromium and the demo data. The manifest reads their sizes from the files themselves.
"""

import tempfile
import threading

import flask_migrate
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from youthhub import create_app
from youthhub.accounts.queries import DEMO_ACCOUNTS, DEMO_PASSWORD
from youthhub.config import PROJECT_ROOT

FOLDER = PROJECT_ROOT / "static" / "screenshots"
# Chromium shows at most 2.3 times as long as wide; a phone of 390 by 844 CSS pixels is within.
SHOTS = {
    "whats-on-narrow.png": {"viewport": {"width": 390, "height": 844}, "is_mobile": True},
    "whats-on-wide.png": {"viewport": {"width": 1280, "height": 800}},
}
CHROMIUM = {"executable_path": "/usr/bin/chromium", "args": ["--no-sandbox", "--disable-gpu"]}


def _serve_demo(folder: str):
    app = create_app(
        {
            "SECRET_KEY": "s" * 40,
            "INSTANCE_PATH": folder,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/demo.sqlite",
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        flask_migrate.upgrade()
        result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, (result.output, result.exception)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    young_email = next(email for email, _name, _roles in DEMO_ACCOUNTS)
    FOLDER.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        server = _serve_demo(folder)
        browser = playwright.chromium.launch(**CHROMIUM)
        try:
            for name, options in SHOTS.items():
                context = browser.new_context(
                    base_url=f"http://127.0.0.1:{server.server_port}", **options
                )
                page = context.new_page()
                page.goto("/login")
                page.get_by_label("Email").fill(young_email)
                page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
                page.get_by_role("button", name="Log in").click()
                page.goto("/whats-on")
                page.screenshot(path=FOLDER / name)
                context.close()
                print(f"wrote {FOLDER / name}")
        finally:
            browser.close()
            server.shutdown()


if __name__ == "__main__":
    main()
