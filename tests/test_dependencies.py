"""Every library the code imports is declared in pyproject.toml: the app's own code and its
migrations need it in `dependencies`, the tests, tools and benchmarks may also use the `test`
extra. A library that only arrives because another one needs it today (e.g. `requests`, which
`stripe` brings) can disappear with that library's next release."""

import ast
import functools
import re
import sys
import tomllib
from importlib.metadata import packages_distributions

import pytest

from youthhub.config import PROJECT_ROOT

RUNTIME_CODE = ("youthhub", "migrations")
TEST_CODE = ("tests", "devtools", "bench")
OUR_PACKAGES = {"youthhub", "tests", "devtools", "bench", "migrations"}


def _distribution_name(requirement: str) -> str:
    name = re.match(r"[A-Za-z0-9._-]+", requirement.strip()).group(0)
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> tuple[set[str], set[str]]:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    runtime = {_distribution_name(req) for req in project["dependencies"]}
    test = {_distribution_name(req) for req in project["optional-dependencies"]["test"]}
    return runtime, test


def _top_level_imports(folder: str) -> dict[str, str]:
    """Each third-party top-level module imported under `folder`, with one file importing it.
    A script's neighbours (e.g. bench/pages.py imported as `pages`) are its own, not a library."""
    found = {}
    for path in sorted((PROJECT_ROOT / folder).rglob("*.py")):
        neighbours = {sibling.stem for sibling in path.parent.glob("*.py")}
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top in OUR_PACKAGES | neighbours:
                    continue
                if top == "__future__":
                    continue
                found.setdefault(top, str(path.relative_to(PROJECT_ROOT)))
    return found


@functools.cache
def _installed() -> dict[str, list[str]]:
    return packages_distributions()


def _distributions_of(module: str) -> set[str]:
    return {_distribution_name(name) for name in _installed().get(module, [])}


def _undeclared(folders, allowed: set[str]) -> list[str]:
    missing = []
    for folder in folders:
        for module, path in _top_level_imports(folder).items():
            distributions = _distributions_of(module)
            if not distributions & allowed:
                missing.append(f"{path} imports {module} (from {sorted(distributions) or '?'})")
    return missing


def test_the_app_declares_every_library_it_imports():
    runtime, _test = _declared()
    assert _undeclared(RUNTIME_CODE, runtime) == []


def test_tests_and_tools_declare_every_library_they_import():
    runtime, test = _declared()
    assert _undeclared(TEST_CODE, runtime | test) == []


@pytest.mark.parametrize(
    ("requirement", "name"),
    [("psycopg[binary]>=3.2,<4", "psycopg"), ("Flask-SQLAlchemy>=3.1", "flask-sqlalchemy")],
)
def test_requirement_names_are_read_as_pip_does(requirement, name):
    assert _distribution_name(requirement) == name
