"""The code's shape, as the style guide asks: small modules and functions, no import cycles, a
solver core that knows nothing else of `tours`, a CLI whose commands are documented."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tours"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "data" in path.relative_to(PACKAGE).parts[:1]:
            continue
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def imports(path: Path, known: set[str]) -> set[str]:
    """The `tours` modules a module imports at its top level (not under TYPE_CHECKING, not
    inside functions), with the packages whose `__init__` each import runs."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    is_package = path.name == "__init__.py"
    here = ".".join(path.relative_to(ROOT).with_suffix("").parts[: -1 if is_package else None])
    for node in tree.body:
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            if node.level:
                base = ".".join(
                    here.split(".")[: len(here.split(".")) - node.level + (1 if is_package else 0)]
                )
                base = f"{base}.{node.module}" if node.module else base
            names = [base] + [f"{base}.{a.name}" for a in node.names]
        for name in names:
            while name and name not in known:
                name = name.rpartition(".")[0]
            while name:
                found.add(name)
                name = name.rpartition(".")[0]
    # a package's own __init__ runs before any of its modules: not an edge of the graph
    ancestors = {".".join(here.split(".")[:i]) for i in range(1, here.count(".") + 1)}
    return found - ancestors - {here}


def graph() -> dict[str, set[str]]:
    mods = modules()
    return {name: imports(path, set(mods)) - {name} for name, path in mods.items()}


def test_no_module_is_over_the_size_the_style_guide_calls_a_split() -> None:
    long = {n: len(p.read_text(encoding="utf-8").splitlines()) for n, p in modules().items()}
    assert {n: k for n, k in long.items() if k > MAX_MODULE_LINES} == {}


def test_no_function_is_over_sixty_lines() -> None:
    too_long: list[str] = []
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                size = (node.end_lineno or node.lineno) - node.lineno + 1
                if size > MAX_FUNCTION_LINES:
                    too_long.append(f"{name}.{node.name}: {size} lines")
    assert too_long == []


def test_no_import_cycle() -> None:
    g = graph()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(g.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = 2

    for node in sorted(g):
        if node not in state:
            visit(node, [node])
    assert cycles == []


def test_the_solver_core_imports_nothing_else_of_tours() -> None:
    g = graph()
    outside = {
        name: sorted(n for n in deps if not n.startswith("tours.solver") and n != "tours")
        for name, deps in g.items()
        if name.startswith("tours.solver")
    }
    assert {k: v for k, v in outside.items() if v} == {}
    # and not inside functions either
    for path in (PACKAGE / "solver").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("tours"):
                assert node.module.startswith("tours.solver"), (path.name, node.module)


@pytest.mark.parametrize(
    ("module", "heavy"),
    [
        ("folium", "tours.export.webmap"),
        ("jinja2", "tours.export.render"),
        ("ortools", "tours.solver.polish"),
        ("matplotlib", "tours.analysis.heatmap"),
        ("dask", "tours.analysis.dask_sweep"),
    ],
)
def test_each_heavy_dependency_lives_in_one_module(module: str, heavy: str) -> None:
    users = []
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                if any(n == module or n.startswith(module + ".") for n in names):
                    users.append(name)
    assert set(users) == {heavy}


def test_nothing_under_tours_imports_click() -> None:
    for path in modules().values():
        assert "import click" not in path.read_text(encoding="utf-8"), path
