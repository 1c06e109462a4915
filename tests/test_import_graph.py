# SPDX-License-Identifier: EUPL-1.2
"""dosa's modules import each other without circles: a module that imports another never gets imported
back by it, directly or through others, not even by an import inside a function."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

SRC = Path(__file__).resolve().parent.parent / "src"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.Module, module: str, is_package: bool, modules: set[str]) -> set[str]:
    """Every dosa module ``tree`` imports, at module level or inside a function (a lazy import hides a
    circle, it does not remove it); imports for type checking only are left out."""
    skipped = {
        id(n) for node in ast.walk(tree) if isinstance(node, ast.If) and _is_type_checking(node) for n in ast.walk(node)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base if is_package else base[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            # ``from package import module`` imports that module; ``from module import name`` the module
            submodules = {f"{target}.{alias.name}" for alias in node.names} & modules
            found.update(submodules or {target})
            if len(submodules) < len(node.names):
                found.add(target)
    return {name for name in found if name == "dosa" or name.startswith("dosa.")}


def import_graph() -> nx.DiGraph:
    paths = {_module_name(p): p for p in SRC.rglob("*.py")}
    graph = nx.DiGraph()
    for module, path in paths.items():
        graph.add_node(module)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for target in _imports(tree, module, path.name == "__init__.py", set(paths)):
            if target in paths and target != module:
                graph.add_edge(module, target)
    return graph


def test_no_import_circles() -> None:
    graph = import_graph()
    assert graph.number_of_nodes() > 100
    cycles = [" -> ".join([*c, c[0]]) for c in nx.simple_cycles(graph)]
    assert cycles == []


def test_no_module_imports_private_names_of_another() -> None:
    private = []
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("dosa"):
                private += [
                    f"{path.name}: {node.module}.{a.name}"
                    for a in node.names
                    if a.name.startswith("_") and not a.name.endswith("__")
                ]
    assert private == []


def test_errors_depend_on_nothing_else_of_dosa() -> None:
    assert set(import_graph().successors("dosa.errors")) == set()


def test_the_clashing_class_names_of_issue_16_are_gone() -> None:
    defined: dict[str, list[str]] = {}
    for path in SRC.rglob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef):
                defined.setdefault(node.name, []).append(_module_name(path))
    for name in ("StackGraph", "Distribution", "Section", "ValidationReport"):
        assert len(defined.get(name, [])) <= 1, (name, defined[name])
