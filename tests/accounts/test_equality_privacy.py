"""Equality answers are never shown per person to any staff member: no code outside the young
person's own pages, their data rights and the monitoring's counting reads the answers table,
and a walk of every page and CSV an admin, a youth worker, finance and an evaluator can open
finds no trace of one young person's answers."""

import ast
import html
from pathlib import Path

import pytest

import youthhub
from tests.core.test_routes import (  # noqa: F401  (the fixtures: one of everything)
    ACCESS,
    client_as,
    committed_world,
    routes,
    world,
)
from youthhub.accounts.equality_questions import question

PACKAGE = Path(youthhub.__file__).parent
# Who may import what from `youthhub.accounts.equality` (the model and its services).
MAY_READ_ANSWERS = {
    "accounts/views_equality.py": {"equality"},  # the young person's own form
    "accounts/personal_data.py": {"EqualityAnswers"},  # their download, erasure, merging
    "reports/monitoring/equality.py": {"NOT_ANSWERED", "tally"},  # counts, never who
}


def imports_of_the_answers() -> dict[str, set[str]]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        names = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module == "youthhub.accounts.equality":
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module == "youthhub.accounts":
                names |= {alias.name for alias in node.names if alias.name == "equality"}
            elif isinstance(node, ast.Import):
                names |= {
                    alias.name for alias in node.names if alias.name == "youthhub.accounts.equality"
                }
        if names:
            found[str(path.relative_to(PACKAGE))] = names
    return found


def test_only_the_young_persons_pages_rights_and_counting_read_the_answers():
    assert imports_of_the_answers() == MAY_READ_ANSWERS


def test_no_other_code_names_the_answers_table():
    naming = {
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*")
        if path.is_file()
        and path.suffix in {".py", ".html", ".sql"}
        and "equality_answers" in path.read_text()
    }
    assert naming == {"accounts/equality.py", "accounts/personal_data.py"}


def traces_of(answers) -> list[str]:
    """What would give away the world's young person's answers: the codes, and the words for
    the detailed ethnic group (the monitoring only ever counts the five groups)."""
    ethnicity = question("ethnicity")
    codes = [code for code in answers.values() if code not in {"yes", "no"}]  # words, too
    return [*codes, str(ethnicity.words_for(answers["ethnicity"]))]


def traces_on_pages(app, world, role) -> list[tuple[str, str]]:  # noqa: F811
    from tests.core.test_routes import WORLD_EQUALITY_ANSWERS

    client = client_as(app, world, role)
    pages = []
    for rule in routes(app, "GET"):
        allowed = ACCESS[rule.endpoint]
        if allowed == "public" or role not in allowed:
            continue
        pages.append(world.url(rule))
    period = "start=2024-01-01&end=2030-12-31"
    pages += [f"/manage/monitoring?{period}"] + [
        f"/manage/monitoring/equality/equality-{key}.csv?{period}"
        for key in ("age-band", "ethnicity", "gender", "disability", "care-status", "parent")
    ]
    seen = []
    for address in pages:
        response = client.get(address)
        if response.status_code == 200 and response.mimetype.startswith("text/"):
            text = html.unescape(response.get_data(as_text=True))
            seen += [
                (address, trace) for trace in traces_of(WORLD_EQUALITY_ANSWERS) if trace in text
            ]
    return seen


@pytest.mark.parametrize("role", ["youth_worker", "finance", "admin", "evaluator"])
def test_no_staff_page_or_csv_shows_one_young_persons_answers(app, world, role):  # noqa: F811
    assert traces_on_pages(app, world, role) == []


def test_the_walk_does_find_them_on_the_young_persons_own_page(app, world):  # noqa: F811
    assert ("/profile/about-you", "white-gypsy-traveller") in traces_on_pages(
        app, world, "young_person"
    )
