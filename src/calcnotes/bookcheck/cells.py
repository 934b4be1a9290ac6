"""Run a page's check cells in-process and keep what they computed.

The checker ties the formulas of a page to the values its hidden cells compute: every
SymPy expression and number a check cell binds to a name, every value it glues into the
page, and every expression a :class:`~calcnotes.verify.Ledger` in it checked. Each cell
runs in a fresh namespace from its page's folder, as a reader's copy would.

Examples
--------
>>> import sympy as sp
>>> from calcnotes.bookcheck.cells import facts_in, is_check_cell
>>> x = sp.Symbol("x")
>>> facts_in({"answer": 3 * x**2, "points": (1, 2.5), "flag": True})
[3*x**2, 1, 2.50000000000000]
>>> is_check_cell("check.equal(1 + 1, 2)", ("remove-cell",)), is_check_cell("print(1)", ())
(True, False)
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import numbers
import os
import pickle
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import sympy as sp

from calcnotes.verify import VerificationError, _collect_ledgers

__all__ = ["CellRun", "run_cell", "is_check_cell", "facts_in", "page_key", "keep_runs", "kept_runs"]


@dataclass
class CellRun:
    """What one cell left behind."""

    line: int
    #: SymPy expressions and numbers the cell computed (its variables' values)
    values: list[sp.Basic] = field(default_factory=list)
    #: glue key -> the value glued (Markdown text, a number, ...)
    glued: dict[str, Any] = field(default_factory=dict)
    #: number of Ledger checks that passed
    checks: int = 0
    #: the numbers the cell passes to the functions it calls (the points its checks use)
    arguments: list[sp.Basic] = field(default_factory=list)
    #: the probe values of everything above (filled in by the checker, once)
    pool: set[Any] | None = None


def page_key(path: Path, page: str) -> str:
    """The key of a page's results in a cache: its text and its name."""
    return hashlib.sha256(path.read_bytes() + page.encode()).hexdigest()[:24]


def keep_runs(folder: Path, path: Path, page: str, runs: list[CellRun]) -> None:
    """Keep a page's check cells' results in ``folder``, for another process to reuse
    (the build keeps them, the mutation test reads them). Results that cannot be pickled are
    not kept: the reader runs the cells itself."""
    try:
        data = pickle.dumps(runs, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - a glued value of any kind may refuse to be pickled
        return
    folder.mkdir(parents=True, exist_ok=True)
    file = folder / f"{page_key(path, page)}.runs.pickle"
    partial = file.with_suffix(f".{os.getpid()}.partial")
    partial.write_bytes(data)
    partial.replace(file)  # whole or not at all, for a reader in another process


def kept_runs(folder: Path, path: Path, page: str) -> list[CellRun] | None:
    """The results :func:`keep_runs` kept for this page as it is now, or None."""
    file = folder / f"{page_key(path, page)}.runs.pickle"
    try:
        runs = pickle.loads(file.read_bytes())  # noqa: S301 - the build's own cache
    except Exception:  # noqa: BLE001 - missing, or written by another version: run the cells
        return None
    return runs if isinstance(runs, list) and all(isinstance(r, CellRun) for r in runs) else None


_CHECKS = re.compile(r"\bLedger\(|\bglue(_value)?\(|\bcheck\.\w+\(|\bshow(_value)?\(")


def is_check_cell(source: str, tags: tuple[str, ...]) -> bool:
    """A hidden cell that checks (uses a Ledger) or glues values into the page."""
    hidden = "remove-cell" in tags or "remove-input" in tags
    return hidden and bool(_CHECKS.search(source))


@contextlib.contextmanager
def _recording_glue(glued: dict[str, Any]) -> Iterator[None]:
    import myst_nb

    def record(name: str, variable: Any, display: bool = True) -> None:
        glued[name] = variable

    original = myst_nb.glue
    myst_nb.glue = record
    try:
        yield
    finally:
        myst_nb.glue = original


def run_cell(path: Path, line: int, source: str, page: str, prelude: str = "") -> CellRun:
    """Run one cell as its page would (after the page's prelude) and collect what it left.

    Raises
    ------
    VerificationError
        If a Ledger check in the cell fails.
    RuntimeError
        If the cell fails for another reason (the message names the page and line).
    """
    run = CellRun(line)
    code = compile("\n" * (line - 1) + source, str(path), "exec")
    namespace: dict[str, Any] = {"__name__": "__check_cell__"}
    previous = Path.cwd()
    with _collect_ledgers() as ledgers, _recording_glue(run.glued):
        try:
            os.chdir(path.parent)
            with contextlib.redirect_stdout(io.StringIO()):
                if prelude:
                    exec(compile(prelude, f"{path} (prelude)", "exec"), namespace)
                    before = set(namespace)
                exec(code, namespace)
        except VerificationError:
            raise
        except Exception as error:
            raise RuntimeError(
                f"{page}:{line}: the check cell failed: {type(error).__name__}: {error}"
            ) from error
        finally:
            os.chdir(previous)
    for ledger in ledgers:
        if not ledger.page.endswith(page.removeprefix("book/")):
            raise RuntimeError(
                f"{page}:{line}: the cell creates Ledger({ledger.page!r}); name the page it is on"
            )
        run.checks += ledger.count
        for fact in ledger.facts:
            run.values.extend(facts_in(fact))
    for name, value in namespace.items():
        if name.startswith("_") or (prelude and name in before and name not in _assigned(source)):
            continue
        run.values.extend(facts_in(value))
    for value in run.glued.values():
        run.values.extend(facts_in(value))
    run.arguments = _call_arguments(source, namespace)
    for name, value in namespace.items():
        if not name.startswith("_") and not (prelude and name in before):
            run.arguments.extend(_domain_ends(value))
    return run


#: keyword arguments that set how close a check must be, not where it looks
_TOLERANCES = {"rel", "abs", "rtol", "atol", "tol", "tolerance", "places", "label", "digits"}


def _call_arguments(source: str, namespace: dict[str, Any] | None = None) -> list[sp.Basic]:
    """The numbers passed as arguments of calls: ``derivative(f, 1.0)``, ``.subs(x, 2)``.

    These are the points a check uses; a point the prose names (at $x = 1$) may match one.
    A name passed as an argument counts with the number the cell left in it
    (``point = 1.0; derivative(f, point)``), and so do the numbers a loop runs over.
    Numbers inside arithmetic (the 2 of ``x**2``) are not points.
    """
    import ast

    found: list[sp.Basic] = []
    names = namespace or {}

    def named(value: Any, depth: int = 0) -> None:
        if isinstance(value, bool) or depth > 1:
            return
        if isinstance(value, (int, float, np.integer, np.floating)):
            found.append(sp.sympify(float(value) if isinstance(value, np.floating) else value))
        elif isinstance(value, sp.Expr) and value.is_number and value.is_real:
            found.append(value)
        elif isinstance(value, (list, tuple)) and len(value) <= 64:
            for element in value:
                named(element, depth + 1)
        elif isinstance(value, np.ndarray) and value.ndim == 1 and value.size <= 64:
            for element in value.tolist():
                named(element, depth + 1)

    def number(node: ast.AST) -> None:
        if isinstance(node, ast.Name) and node.id in names:
            named(names[node.id])
        elif isinstance(node, ast.Dict):  # .subs({x: 1, y: 2})
            for value_node in node.values:
                number(value_node)
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            inner = node.operand
            if isinstance(inner, ast.Constant) and isinstance(inner.value, (int, float)):
                found.append(sp.sympify(-inner.value))
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, (int, float))
            and not isinstance(node.value, bool)
        ):
            found.append(sp.sympify(node.value))
        elif isinstance(node, (ast.Tuple, ast.List)):
            for element in node.elts:
                number(element)

    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            points = [k.value for k in node.keywords if k.arg not in _TOLERANCES]
            for argument in [*node.args, *points]:
                number(argument)
        elif isinstance(node, (ast.For, ast.comprehension)):
            number(node.iter)  # for point in (0.0, 2.0, 5.0)
    return found


def _domain_ends(value: Any, depth: int = 0) -> list[sp.Basic]:
    """The finite ends of the domains (intervals) inside a value: bounds the prose may name."""
    if depth > 3:
        return []
    if isinstance(value, (sp.Interval, sp.Union)):
        return facts_in(value)
    if isinstance(value, (list, tuple)):
        return [end for item in list(value)[:64] for end in _domain_ends(item, depth + 1)]
    if isinstance(value, dict):
        return [end for item in list(value.values())[:64] for end in _domain_ends(item, depth + 1)]
    fields = getattr(value, "__dataclass_fields__", None)
    if fields:
        return [end for name in fields for end in _domain_ends(getattr(value, name), depth + 1)]
    return []


def _assigned(source: str) -> set[str]:
    """Names a cell assigns (so that the prelude's own names are not counted as its facts)."""
    import ast

    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
    return names


def facts_in(value: Any, depth: int = 0) -> list[sp.Basic]:
    """The SymPy expressions and numbers inside a value (lists, dicts and rows included)."""
    if depth > 3:
        return []
    if isinstance(value, bool):
        return []
    if isinstance(value, sp.Interval):  # a domain: its ends are numbers the page may quote
        return [end for end in value.boundary if isinstance(end, sp.Expr) and end.is_finite]
    if isinstance(value, sp.Union):
        return [fact for part in value.args for fact in facts_in(part, depth + 1)]
    if isinstance(value, sp.MatrixBase) and len(value) <= 64:
        return [sp.ImmutableMatrix(value)]
    if isinstance(value, sp.Basic) and not isinstance(value, (sp.FunctionClass, sp.Lambda)):
        return [value] if isinstance(value, sp.Expr) else []
    if isinstance(value, (numbers.Number, np.number)):
        if isinstance(value, numbers.Rational):
            return [sp.Rational(int(value.numerator), int(value.denominator))]
        return [sp.Float(float(np.real(value)))]  # type: ignore[arg-type]
    if isinstance(value, np.ndarray) and value.size <= 64 and value.dtype.kind in "iuf":
        entries: list[sp.Basic] = [sp.Float(float(v)) for v in value.ravel()]
        if value.ndim in (1, 2) and value.size > 1:  # the array as a whole: $W = (...)$
            entries.append(sp.ImmutableMatrix(value.tolist()))
        return entries
    if isinstance(value, (list, tuple, set)):
        return [fact for item in list(value)[:64] for fact in facts_in(item, depth + 1)]
    if isinstance(value, dict):
        return [fact for item in list(value.values())[:64] for fact in facts_in(item, depth + 1)]
    fields = getattr(value, "__dataclass_fields__", None)
    if fields:
        return [fact for name in fields for fact in facts_in(getattr(value, name), depth + 1)]
    return []
