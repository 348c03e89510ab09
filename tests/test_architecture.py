"""No import cycles among cimview's packages.

grimp (import-linter's graph) sees every import, module level or inside a function, and those
under ``if TYPE_CHECKING``: a module that imports another lazily to dodge a cycle still has
one. For each direct import a → b, no chain may lead from b back to a.
"""

from __future__ import annotations

import pytest

grimp = pytest.importorskip("grimp")

PACKAGES = ("app", "viewer", "layers", "store")


def import_cycles(graph) -> list[list[str]]:  # noqa: ANN001  (a grimp ImportGraph)
    """Each cycle once, as the chain of modules a → … → a, shortest first."""
    seen: set[frozenset[str]] = set()
    cycles: list[list[str]] = []
    for importer in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            back = graph.find_shortest_chain(importer=imported, imported=importer)
            if back is None:
                continue
            cycle = [importer, *back]
            key = frozenset(cycle)
            if key not in seen:
                seen.add(key)
                cycles.append(cycle)
    return sorted(cycles, key=len)


def test_import_cycles_are_found() -> None:
    graph = grimp.ImportGraph()
    for name in ("a", "a.b", "a.c"):
        graph.add_module(name)
    graph.add_import(importer="a.b", imported="a.c")
    graph.add_import(importer="a.c", imported="a.b")
    assert import_cycles(graph) == [["a.b", "a.c", "a.b"]]


def test_no_import_cycles() -> None:
    graph = grimp.build_graph(*PACKAGES, cache_dir=None)
    cycles = import_cycles(graph)
    assert not cycles, "import cycles:\n" + "\n".join(" → ".join(c) for c in cycles)
