"""No import cycles: the modules of autograd, nn and viz import each other in one direction only.

The check reads every module's imports from its source (top-level and function-level
alike, since a function-level import that closes a cycle is the same cycle hidden;
only imports under ``if TYPE_CHECKING:`` are left out, as they never run), builds the
graph of which module imports which, and looks for a cycle. A second test runs the
check on a small made-up package with a cycle, to show that the check can fail.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest
from conftest import REPO_ROOT

PACKAGES = ("autograd", "nn", "viz")


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runs(node: ast.AST) -> bool:
    """False for ``if TYPE_CHECKING:`` blocks, whose imports are for the type checker only."""
    return not (isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test))


def imported_modules(tree: ast.AST, name: str, is_package: bool, known: set[str]) -> set[str]:
    """The modules of ``known`` that the module ``name`` imports anywhere in ``tree``."""
    found: set[str] = set()
    todo = [tree]
    while todo:
        node = todo.pop()
        for child in ast.iter_child_nodes(node):
            if _runs(child):
                todo.append(child)
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # a relative import: resolve against this module's package
                package = name.split(".") if is_package else name.split(".")[:-1]
                package = package[: len(package) - node.level + 1]
                base = ".".join([*package, base] if base else package)
            for alias in node.names:  # "from nn import naming" imports the module nn.naming
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base)
    return {module for module in found if module in known}


def import_graph(root: Path, packages: tuple[str, ...]) -> dict[str, set[str]]:
    files = {module_name(path, root): path for package in packages for path in (root / package).rglob("*.py")}
    known = set(files)
    return {
        name: imported_modules(ast.parse(path.read_text()), name, path.name == "__init__.py", known) - {name}
        for name, path in files.items()
    }


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a list of modules (first == last), or None. Iterative DFS."""
    state: dict[str, str] = {}  # "open" while on the current path, "done" after
    for start in sorted(graph):
        if start in state:
            continue
        path = [start]
        stack = [iter(sorted(graph[start]))]
        state[start] = "open"
        while stack:
            following = next(stack[-1], None)
            if following is None:
                state[path.pop()] = "done"
                stack.pop()
            elif state.get(following) == "open":
                return [*path[path.index(following) :], following]
            elif following not in state:
                state[following] = "open"
                path.append(following)
                stack.append(iter(sorted(graph[following])))
    return None


def test_no_module_of_chalkgrad_is_part_of_an_import_cycle() -> None:
    cycle = find_cycle(import_graph(REPO_ROOT, PACKAGES))
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_check_finds_a_cycle_when_there_is_one(tmp_path: Path) -> None:
    package = tmp_path / "loop"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from loop.b import f\n")
    (package / "b.py").write_text("def f():\n    from loop import a  # hidden in a function, still a cycle\n")
    (package / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from loop import a\n")
    assert find_cycle(import_graph(tmp_path, ("loop",))) == ["loop.a", "loop.b", "loop.a"]
    (package / "b.py").write_text("def f():\n    pass\n")
    assert find_cycle(import_graph(tmp_path, ("loop",))) is None


@pytest.mark.slow
@pytest.mark.parametrize("package", PACKAGES)
def test_every_module_imports_on_its_own_in_a_fresh_interpreter(package: str) -> None:
    import subprocess

    graph = import_graph(REPO_ROOT, PACKAGES)
    names = sorted(name for name in graph if name.split(".")[0] == package and not name.endswith("__main__"))
    script = "import importlib, sys\nfor name in sys.argv[1:]:\n    importlib.import_module(name)\n"
    for name in names:  # each module first, in a fresh interpreter: an order-dependent import fails here
        result = subprocess.run(
            [sys.executable, "-c", script, name], cwd=REPO_ROOT, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, f"importing {name} first fails:\n{result.stderr[-2000:]}"


def test_an_import_inside_a_function_says_why() -> None:
    """Imports belong at the top; one inside a function (an optional or browser-only package) says why."""
    bare = []
    for package in PACKAGES:
        for path in sorted((REPO_ROOT / package).rglob("*.py")):
            lines = path.read_text().splitlines()
            for function in ast.walk(ast.parse(path.read_text())):
                if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    continue
                for node in ast.walk(function):
                    if isinstance(node, (ast.Import, ast.ImportFrom)):
                        line, above = lines[node.lineno - 1], lines[node.lineno - 2]
                        if "#" not in line and not above.strip().startswith("#"):
                            bare.append(f"{path.relative_to(REPO_ROOT)}:{node.lineno}: {line.strip()}")
    assert not bare, "imports inside functions without a comment saying why:\n" + "\n".join(bare)
