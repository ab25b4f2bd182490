"""Lighthouse (mobile) on four pages a young person sees first, at a region's scale (issue 19).

Run: .venv/bin/python bench/lighthouse.py [sqlite|postgresql] [--keep DIR]
Needs `npm ci` (Lighthouse 12.2.3 is in package.json) and Chromium (CHROME_PATH, default
/usr/bin/chromium). Seeds bench/scale.py's data, serves the app with gunicorn in production mode
as bench/load.py does, signs the young person in through the login form and runs Lighthouse,
headless with its default mobile settings (a mid-range phone on a slow 4G line, simulated), on
the login page, the young person's home, goals and what's on, passing the session's cookie
with --extra-headers. Prints the four category scores, the largest contentful paint and the
bytes transferred, and each audit that failed outside performance. --keep DIR keeps each page's
JSON report there.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from load import HOST, app_env, served, sign_in
from scale import database, seed_database

from youthhub.config import PROJECT_ROOT

LIGHTHOUSE = PROJECT_ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
HEADER = f"{'page':<26} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5} {'LCP s':>7} {'KB':>7}"
PAGES = [
    ("login", "/login", False),
    ("young person: home", "/", True),
    ("young person: goals", "/goals/", True),
    ("young person: what's on", "/whats-on", True),
]


def lighthouse(url: str, cookie: str, report: Path) -> dict:
    command = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={report}", "--quiet"]
    command.append("--chrome-flags=--headless=new --no-sandbox --disable-gpu")
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    subprocess.run(command, check=True, env=env)  # noqa: S603 - our own arguments
    return json.loads(report.read_text())


def summary(name: str, result: dict) -> str:
    scores = " ".join(f"{round(result['categories'][key]['score'] * 100):>5}" for key in CATEGORIES)
    audits = result["audits"]
    lcp = audits["largest-contentful-paint"]["numericValue"] / 1000
    kilobytes = audits["total-byte-weight"]["numericValue"] / 1024
    return f"{name:<26} {scores} {lcp:>7.2f} {kilobytes:>7.1f}"


def failures(result: dict) -> list[str]:
    """Audits that failed in accessibility, best practices and SEO (performance is the LCP)."""
    found = []
    for key in CATEGORIES[1:]:
        for ref in result["categories"][key]["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                found.append(f"{key}: {audit['id']} — {audit['title']}")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("database", nargs="?", default="sqlite", help="sqlite or postgresql")
    parser.add_argument("--keep", type=Path, help="a folder to keep the JSON reports in")
    options = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: run `npm ci` in the project folder")
    with tempfile.TemporaryDirectory() as tmp, database(options.database, tmp) as uri:
        accounts, _ = seed_database(uri, tmp)
        reports = options.keep or Path(tmp)
        reports.mkdir(parents=True, exist_ok=True)
        with served("wsgi:app", app_env(uri, tmp, None), Path(tmp) / "app.log") as (address, _):
            cookie = sign_in(address, accounts.young_person, second_factor=False)
            # Chromium asks for the host the app trusts, on gunicorn's port.
            site = address.replace("127.0.0.1", HOST)
            print(HEADER)
            problems = []
            for name, path, signed_in in PAGES:
                report = reports / f"{re.sub(r'[^a-z]+', '-', name.split(':')[-1].strip())}.json"
                result = lighthouse(site + path, cookie if signed_in else "", report)
                print(summary(name, result), flush=True)
                problems += [f"{name}: {failure}" for failure in failures(result)]
            print("\n".join(problems) or "no failed audits outside performance")


if __name__ == "__main__":
    main()
