"""Imports point down, so the code stays a stack of layers a newcomer can read bottom-up.

The import graph of `youthhub/` is read from the source with `ast`, every import counted,
including those inside functions (a "hidden" import is still a dependency). The rules:

- `LAYERS` lists the packages from the bottom up; a module imports only modules of its own
  layer or lower ones. `config` and `extensions` are the foundation; `core` holds the pieces
  every domain shares and imports no domain; then the domains; then `home`, which gathers
  several domains (the home pages, seed-demo); the app factory (`youthhub/__init__.py`) is on
  top and only it registers everything.
- Activities sit below groups (a group schedules its sessions through activities): activities
  asks "does this person lead this group?" through a signal that groups answers. The same
  goes for every "lower domain tells a higher one" seam: accounts' `young_person_joined` and
  the register's `paid_role_attendance`, connected in `create_app`'s `register_signals`.
- No import cycles between modules.
- No domain imports another domain's views (`views*.py`): shared lookups live in `queries.py`.
"""

import ast
from pathlib import Path

import pytest

from youthhub.config import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "youthhub"
APP_FACTORY = "youthhub"
LAYERS = (
    "config",
    "extensions",
    "core",
    "accounts",
    "notices",
    "activities",
    "groups",
    "goals",
    "payments",
    "endings",
    "support",
    "rights",
    "reports",
    "pwa",
    "home",
    APP_FACTORY,
)
DOMAINS = frozenset(LAYERS[3:-2])


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in PACKAGE.rglob("*.py")}


def _imported(node: ast.AST, modules) -> set[str]:
    """The project modules one import statement loads (`from a import b` is a.b if b is a
    module, else a)."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names if alias.name in modules}
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        found = set()
        for alias in node.names:
            submodule = f"{node.module}.{alias.name}"
            found.add(submodule if submodule in modules else node.module)
        return found & modules.keys()
    return set()


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    graph = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(), filename=str(path))
        targets = set().union(*(_imported(node, modules) for node in ast.walk(tree)))
        graph[name] = targets - {name}
    return graph


GRAPH = import_graph()


def package_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else APP_FACTORY


def layer_of(module: str) -> int:
    return LAYERS.index(package_of(module))


def _edges():
    return [(source, target) for source, targets in GRAPH.items() for target in sorted(targets)]


def test_every_package_has_a_place_in_the_layers():
    assert {package_of(module) for module in GRAPH} <= set(LAYERS)


def test_the_graph_sees_imports_inside_functions():
    # The app factory imports every blueprint inside its register_* functions.
    assert "youthhub.home.views" in GRAPH[APP_FACTORY]


def test_core_imports_no_domain():
    wrong = [
        f"{source} imports {target}"
        for source, target in _edges()
        if package_of(source) == "core" and package_of(target) in DOMAINS | {"home"}
    ]
    assert wrong == []


def test_config_imports_no_domain():
    assert {package_of(target) for target in GRAPH["youthhub.config"]} <= {"config"}


def test_imports_point_down():
    wrong = [
        f"{source} (layer {package_of(source)}) imports {target} (layer {package_of(target)})"
        for source, target in _edges()
        if layer_of(target) > layer_of(source)
    ]
    assert wrong == []


def test_no_domain_imports_another_domains_views():
    wrong = [
        f"{source} imports {target}"
        for source, target in _edges()
        if package_of(source) != APP_FACTORY
        and package_of(target) != package_of(source)
        and target.rsplit(".", 1)[-1].startswith("views")
    ]
    assert wrong == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles():
    assert _cycles(GRAPH) == []


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, [["a", "b", "c"]]),
        ({"a": {"b"}, "b": set()}, []),
    ],
)
def test_the_cycle_finder_finds_cycles(graph, expected):
    assert _cycles(graph) == expected
