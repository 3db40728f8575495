"""Functions stay short enough to hold in one's head: at most ``LIMIT`` lines (issue 15).

The test walks every module under src/eventwire with ``ast`` and measures each function and method from its
``def`` line to its last line (decorators not counted; a nested function is measured on its own and also
counts toward the function around it). It fails

- when a function longer than ``LIMIT`` appears that ``KNOWN_LONG`` does not list: split it along the cases
  its comments name (CONTRIBUTING.md, "Short functions");
- when a listed function grew past its recorded length;
- when a listed function is gone or now fits in ``LIMIT``: take its line out, so the list only shrinks.

``KNOWN_LONG`` recorded the long functions there were when the gate was written (29 of them), with their
lengths; all have since been split, so it is empty and must stay so.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "eventwire"
LIMIT = 60

# "path under src/eventwire::qualified name": its length in lines when it was last recorded.
KNOWN_LONG: dict[str, int] = {}


def function_lengths(tree: ast.Module, prefix: str = "") -> dict[str, int]:
    """Qualified name ("Class.method", "outer.inner") -> lines from ``def`` to the function's last line."""
    out: dict[str, int] = {}

    def walk(node: ast.AST, qual: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = qual + child.name
                end = child.end_lineno if child.end_lineno is not None else child.lineno
                out[prefix + name] = end - child.lineno + 1
                walk(child, name + ".")
            elif isinstance(child, ast.ClassDef):
                walk(child, qual + child.name + ".")
            else:
                walk(child, qual)  # functions defined under if/try/with blocks

    walk(tree, "")
    return out


def long_functions() -> dict[str, int]:
    found: dict[str, int] = {}
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        lengths = function_lengths(tree, f"{path.relative_to(SRC).as_posix()}::")
        found.update({name: n for name, n in lengths.items() if n > LIMIT})
    return found


def test_no_new_long_function() -> None:
    new = {name: n for name, n in long_functions().items() if name not in KNOWN_LONG}
    assert not new, (
        f"functions longer than {LIMIT} lines: {new}; split them along the cases their comments name "
        "(CONTRIBUTING.md, 'Short functions'), never add them to KNOWN_LONG"
    )


def test_no_listed_long_function_grew() -> None:
    found = long_functions()
    grown = {
        name: (KNOWN_LONG[name], n)
        for name, n in found.items()
        if name in KNOWN_LONG and n > KNOWN_LONG[name]
    }
    assert not grown, f"these long functions grew (recorded, now): {grown}; make them shorter, not longer"


def test_the_list_of_long_functions_only_shrinks() -> None:
    found = long_functions()
    gone = sorted(set(KNOWN_LONG) - set(found))
    assert not gone, f"now at most {LIMIT} lines, renamed or removed: take these out of KNOWN_LONG: {gone}"


def test_the_measure_counts_nested_functions_and_methods() -> None:
    tree = ast.parse(
        "def f():\n    def g():\n        return 1\n    return g\n\n"
        "class C:\n    @property\n    def m(self):\n        return 2\n\n"
        "if True:\n    def h():\n        pass\n"
    )
    assert function_lengths(tree) == {"f": 4, "f.g": 2, "C.m": 2, "h": 2}
