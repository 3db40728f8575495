"""The package layout reads as the pipeline: imports flow one way.

The test walks every module under src/eventwire with ``ast`` (module-level and function-level imports
alike; imports under ``if TYPE_CHECKING:`` are for the type checker only and are skipped) and fails on

- an import cycle between modules (a function-level import hides a cycle, it does not remove it);
- a module that imports a later stage or an interface (``LAYERS``, bottom first);
- a module that imports another module's private name (``_name``): make it public, or move it.

Known violations that cannot be fixed yet are listed in ``KNOWN_VIOLATIONS`` and ``KNOWN_PRIVATE_IMPORTS``
with the reason; the test also fails when one of them disappears, so the lists only shrink (take the line out
when you fix one).
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "eventwire"

# Bottom first; a module may import its own layer and the ones before it, never a later one. A name is a
# module or package prefix; the longest prefix decides.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    # shared records and helpers every stage uses; no pipeline logic
    ("shared", ("errors", "records", "options", "dates")),
    ("ingest", ("ingest",)),
    ("clean", ("clean",)),
    ("nlp", ("nlp",)),
    # places resolves toponyms with the actor dictionaries and the resolver asks places whether a name is a
    # place: one layer (no module cycle between them; see the cycle check)
    ("actors", ("actors", "places")),
    ("events", ("events", "agreements")),
    # the store is the sink of the per-document stages; stories and merging run over stored articles
    # (``stories.merge.finalize(store)``), as in the README's pipeline order
    ("store", ("store", "validate")),
    ("stories", ("stories",)),
    # running the pipeline: the per-document worker, the ingest driver, the engines
    ("run", ("worker", "pipeline", "scale")),
    # read-side reports and measurements over stores and stages
    ("read", ("report", "eval", "bench", "bench_scale")),
    ("interfaces", ("api", "cli")),
]
# The package root only holds ``__version__`` (imported everywhere) and the ``extract`` facade (which
# imports ``events`` inside the function): it has no layer.
UNLAYERED = {"eventwire"}

# (importer, imported): why it stays for now. Each entry must still occur, or the test fails.
KNOWN_VIOLATIONS: dict[tuple[str, str], str] = {
    ("eventwire.actors.measure", "eventwire.eval.common"): (
        "a developer measurement that lives in actors/ (the lead's package) reads the shared datasets folder "
        "through eval.common; tools/measure_actors.py is its entry point, and moving the module to eval/ or "
        "tools/ removes this edge"
    ),
}

# (importer, imported module, private name): why it stays for now. Each entry must still occur.
KNOWN_PRIVATE_IMPORTS: dict[tuple[str, str, str], str] = {
    ("eventwire.actors", "eventwire.actors.resolver", "_named_actor_from_entry"): (
        "lookup_actor builds an actor the way the resolver does; both files are the lead's"
    ),
    ("eventwire.bench", "eventwire.events.coder", "_plan"): "bench.py and events/ belong to other sessions",
    (
        "eventwire.bench_scale",
        "eventwire.bench",
        "_stage_spacy",
    ): "bench.py and bench_scale.py belong to another session",
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    return skip


def _imports(module: str, path: Path, modules: set[str]) -> set[str]:
    """The eventwire modules ``module`` imports (``from pkg import sub`` counts as importing ``pkg.sub``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_nodes(tree)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in modules else target)
    return {m for m in found if m in modules and m != module}


def private_imports() -> set[tuple[str, str, str]]:
    """(importer, imported module, name) for every ``from module import _name`` across eventwire modules."""
    paths = {_module_name(p): p for p in SRC.rglob("*.py")}
    found = set()
    for module, path in paths.items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom):
                continue
            if node.level:
                base = package.split(".")
                target = ".".join(
                    base[: len(base) - (node.level - 1)] + ([node.module] if node.module else [])
                )
            else:
                target = node.module or ""
            if not target.startswith("eventwire"):
                continue
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    found.add((module, target, alias.name))
    return found


def import_graph() -> dict[str, set[str]]:
    """Every module under src/eventwire and the eventwire modules it imports."""
    paths = {_module_name(p): p for p in SRC.rglob("*.py")}
    names = set(paths)
    return {m: _imports(m, p, names) for m, p in sorted(paths.items())}


def layer_of(module: str) -> int | None:
    """The index in ``LAYERS`` of a module (None for the package root)."""
    if module in UNLAYERED:
        return None
    rel = module.removeprefix("eventwire.")
    best: tuple[int, int] | None = None  # (prefix length, layer)
    for i, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (rel == prefix or rel.startswith(prefix + ".")) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), i)
    assert best is not None, f"{module} has no layer: add it to LAYERS in tests/test_layout.py"
    return best[1]


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    m = stack.pop()
                    on_stack.discard(m)
                    component.append(m)
                    if m == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def layer_violations(graph: dict[str, set[str]]) -> set[tuple[str, str]]:
    """(importer, imported) pairs where a module imports a later layer."""
    out = set()
    for module, targets in graph.items():
        mine = layer_of(module)
        for target in targets:
            theirs = layer_of(target)
            if mine is not None and theirs is not None and theirs > mine:
                out.add((module, target))
    return out


def test_every_module_has_a_layer():
    for module in import_graph():
        layer_of(module)  # asserts


def test_no_import_cycles():
    found = cycles(import_graph())
    assert not found, "import cycles (move the shared part into a module both can import): " + "; ".join(
        " <-> ".join(c) for c in found
    )


def test_no_stage_imports_a_later_stage_or_an_interface():
    found = layer_violations(import_graph())
    new = sorted(found - set(KNOWN_VIOLATIONS))
    assert not new, "imports that run back up the pipeline (see LAYERS): " + "; ".join(
        f"{a} ({LAYERS[layer_of(a) or 0][0]}) imports {b} ({LAYERS[layer_of(b) or 0][0]})" for a, b in new
    )
    gone = sorted(set(KNOWN_VIOLATIONS) - found)
    assert not gone, f"fixed: take these out of KNOWN_VIOLATIONS in tests/test_layout.py: {gone}"


def test_no_module_imports_another_modules_private_names():
    found = private_imports()
    new = sorted(found - set(KNOWN_PRIVATE_IMPORTS))
    assert not new, "private names imported across modules (make them public or move them): " + "; ".join(
        f"{a} imports {name} from {b}" for a, b, name in new
    )
    gone = sorted(set(KNOWN_PRIVATE_IMPORTS) - found)
    assert not gone, f"fixed: take these out of KNOWN_PRIVATE_IMPORTS in tests/test_layout.py: {gone}"


def test_the_checker_sees_cycles_and_back_imports():
    graph = {"eventwire.store.db": {"eventwire.cli"}, "eventwire.cli": {"eventwire.store.db"}}
    assert cycles(graph) == [["eventwire.cli", "eventwire.store.db"]]
    assert layer_violations(graph) == {("eventwire.store.db", "eventwire.cli")}
    here = import_graph()
    assert "eventwire.places" in here["eventwire.actors.resolver"]  # a function-level import counts
    assert "eventwire.worker" in here["eventwire.pipeline"]
