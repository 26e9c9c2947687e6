"""The package's layout: a shared core, ``render/`` (inside ``pelican``) and
``publish/`` (inside ``pelican-posse``) that never import each other, no import
cycle, and no module too long to read."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "plugins" / "pelican" / "plugins" / "posse"
NAME = "pelican.plugins.posse"
MAX_LINES = 600
MAX_FUNCTION_LINES = 80
# Modules over MAX_LINES still to split: each may shrink, none may grow.
NOT_SPLIT_YET: dict[str, int] = {}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join([NAME, *parts])] = path
    return found


MODULES = _modules()


def _package_of(module: str, path: Path) -> str:
    return module if path.name == "__init__.py" else module.rpartition(".")[0]


def _imports(module: str, path: Path) -> set[str]:
    """The package's modules that ``module`` imports, at any depth of its code
    (imports inside functions count: they run too)."""
    out = set()
    package = _package_of(module, path)
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                stem = ".".join([*base, *([node.module] if node.module else [])])
            else:
                stem = node.module or ""
            names = [stem] + [f"{stem}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            # "from . import x" names a module; "from .x import f" names x.
            found = name
            while found and found not in MODULES:
                found = found.rpartition(".")[0]
            if found and found != module and found.startswith(NAME + "."):
                out.add(found)
    return out


GRAPH = {module: _imports(module, path) for module, path in MODULES.items()}


def _wing(module: str) -> str | None:
    rest = module[len(NAME) + 1 :].split(".")
    return rest[0] if rest[0] in ("render", "publish") else None


def test_the_wings_never_import_each_other():
    crossing = [
        (module, imported)
        for module, imports in GRAPH.items()
        for imported in imports
        if {_wing(module), _wing(imported)} == {"render", "publish"}
    ]
    assert crossing == []


def test_the_core_imports_neither_wing():
    core = [m for m in GRAPH if _wing(m) is None and m != f"{NAME}.cli"]
    # __init__.register() is the build's entry point: it connects render/.
    leaks = [
        (module, imported)
        for module in core
        if module != NAME
        for imported in GRAPH[module]
        if _wing(imported) is not None
    ]
    assert leaks == []


def test_no_import_cycle():
    """Packages import their own modules (re-exports); a cycle is a module
    that, through the modules it imports, imports itself."""
    cycles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for imported in sorted(GRAPH[module]):
            if imported == _package_of(module, MODULES[module]):
                continue  # a module's own package, imported for a sibling
            if state.get(imported) == 1:
                cycles.append([*path[path.index(imported) :], imported])
            elif imported not in state:
                visit(imported, [*path, imported])
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_no_module_is_too_long():
    long = {
        module: lines
        for module, path in MODULES.items()
        if (lines := len(path.read_text(encoding="utf-8").splitlines()))
        > NOT_SPLIT_YET.get(module, MAX_LINES)
    }
    assert long == {}


def test_every_module_says_its_job_in_its_first_line():
    silent = [
        module
        for module, path in MODULES.items()
        if not (ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or "")
        .strip()
        .split("\n")[0]
    ]
    assert silent == []


def test_no_function_is_too_long():
    """No function or method over 80 lines (issue 13), anywhere in the package."""
    long = {
        f"{module}.{node.name}": node.end_lineno - node.lineno + 1
        for module, path in MODULES.items()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    }
    assert long == {}
