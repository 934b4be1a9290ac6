"""Check every formula of a page: definitions bind names, relations are proven, the rest is tied.

The page is read in order (:mod:`calcnotes.bookcheck.reader`). Each formula is parsed
(:mod:`calcnotes.bookcheck.tex`) under the names in scope, and each of its statements is:

* a **definition** when it introduces a name (``u = 3x^2 + 1``, ``f(x) = x^3 - 3x``): the
  name is bound for the rest of its scope (the section, or the admonition, dropdown or proof
  it stands in);
* a **relation** to prove otherwise (``=``, ``\\approx``, ``\\neq``, ``<``, ``\\le`` ...,
  a chain link by link): under the definitions in scope it must hold at sample points
  spread over the admissible domain and, for ``=``, SymPy must prove it;
* **tied** when it states no relation: its value must be one the page's check cells in the
  same section computed (or part of one), so that the words and the check cannot drift;
* a **name** when it only names something (``$f$``, ``$x$``, ``$f'(x)$``);
* **exempt** when the source marks it ``% unchecked: reason``.

Anything else is a :class:`Finding`, which the Sphinx extension turns into a located error.

Examples
--------
>>> from calcnotes.bookcheck.checker import check_items
>>> from calcnotes.bookcheck.reader import read_page
>>> page = "Let $f(x) = x^2$, so $f'(x) = 2x$ and $f'(3) = 7$."
>>> for finding in check_items("book/demo.md", read_page(page), []).findings:
...     print(finding)
book/demo.md:1: f'(3) = 7: f'(3) = 7: the two sides differ (6 vs 7)
book/demo.md:1: f(x) = x^2: it defines f as a value the section's check cells do not compute (compute it there, so that the definition is tied to the check)
"""

from __future__ import annotations

import decimal
import functools
import hashlib
import itertools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import mpmath
import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef

from calcnotes._comparison import (
    _close,
    _concrete_sets,
    _evaluate,
    _format_pair,
    _NotANumberError,
    _proves_zero,
    _substitute_functions,
)
from calcnotes.bookcheck import arrays as _arrays
from calcnotes.bookcheck.arrays import is_array
from calcnotes.bookcheck.cells import CellRun, facts_in, is_check_cell, keep_runs, run_cell
from calcnotes.bookcheck.reader import Item, read_page
from calcnotes.bookcheck.tex import (
    ELLIPSIS,
    RELATIONS,
    SPACE,
    Context,
    Statement,
    TexError,
    defined_name,
    parse,
    symbol,
)
from calcnotes.rules import _text as _rules_text

__all__ = [
    "Finding",
    "PageReport",
    "check_page",
    "check_items",
    "check_edits",
    "run_check_cells",
    "SAMPLE_POINTS",
]

#: Candidate values for each free variable: both signs, small and large.
SAMPLE_POINTS: tuple[float, ...] = (0.7, -1.3, 2.2, -0.4, 3.1, 0.3, -2.6, 1.6)
_MIN_POINTS = 3

#: Functions every page knows by name.
_FUNCTION_LETTERS = {"f", "g", "F", "G"}


@dataclass(frozen=True)
class Finding:
    """A formula that is wrong, or that the checker cannot bind to a check."""

    page: str
    line: int
    tex: str
    message: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.tex}: {self.message}"


@dataclass
class PageReport:
    """What the checker found on one page."""

    page: str
    definitions: int = 0
    relations: int = 0
    tied: int = 0
    names: int = 0
    generated: int = 0
    conditions: int = 0
    #: statements about an arbitrary function, checked on the example a marker names
    instances: int = 0
    ledger_checks: int = 0
    exemptions: list[tuple[int, str, str]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


@dataclass
class _Frame:
    """One scope: a section, or a directive's body."""

    level: int
    symbols: dict[str, sp.Expr] = field(default_factory=dict)
    functions: dict[str, sp.Lambda] = field(default_factory=dict)
    dependent: dict[str, str] = field(default_factory=dict)
    #: vectors and matrices bound to explicit values (``\\mathbf u = (3/5, 4/5)``)
    arrays: dict[str, sp.ImmutableMatrix] = field(default_factory=dict)
    #: vectors and matrices declared with a symbolic shape (``A \\in \\mathbb{R}^{m \\times n}``)
    shapes: dict[str, tuple[sp.Expr, sp.Expr]] = field(default_factory=dict)
    #: declared names bound to numbers in this scope (a worked example): not symbolic here
    hidden: set[str] = field(default_factory=set)
    #: what is declared of them: "symmetric", "positive definite"
    properties: dict[str, set[str]] = field(default_factory=dict)
    #: names defined by a formula in symbolic sizes: name -> (parameters, TeX of the definition)
    macros: dict[str, tuple[tuple[str, ...], str]] = field(default_factory=dict)
    positive: set[str] = field(default_factory=set)
    #: curves F = 0 the scope's dependent names lie on (``% where: x^2 + y^2 = 25``)
    constraints: list[sp.Expr] = field(default_factory=list)
    #: where the limits written in this scope take their variables (``\\lim_{h \\to 0}``)
    limits: dict[str, set[sp.Basic]] = field(default_factory=dict)
    #: values after an update (``% instance: w = 1, w \\leftarrow 7/5``)
    updated: dict[str, sp.Expr] = field(default_factory=dict)
    #: conditions between names (``0 < x < r``): sample points must satisfy them
    bounds: list[tuple[tuple[sp.Basic, ...], tuple[str, ...]]] = field(default_factory=list)
    pool: set[float] | None = None
    #: the parts of formulas checked in this section so far (a later fragment may repeat them)
    formulas: set[Any] = field(default_factory=set)
    #: the directive whose body this scope is (``prf:theorem``); "" for a section
    directive: str = ""
    #: the sides of relations in symbolic sizes checked in this section: at each size tried
    sized_parts: list[dict[tuple[tuple[str, int], ...], sp.Basic]] = field(default_factory=list)
    #: the definitions made in this scope, tied to the checks when the scope closes:
    #: name -> (line, TeX, value, the pool before the definition)
    definitions: dict[str, tuple[int, str, sp.Basic, set[Any]]] = field(default_factory=dict)


class _Scope:
    def __init__(self) -> None:
        self.frames: list[_Frame] = [_Frame(0)]
        #: the formula being checked: (line, TeX)
        self.current: tuple[int, str] = (0, "")
        #: the number glued right after it, as printed, and its rounding (``f(2) =`` {glue})
        self.glued_after: tuple[float, float] | None = None
        #: checking a statement on an instance: every name in it must be bound
        self.instance = False
        #: definitions whose scope has closed: (line, TeX, name, value, the pool as it was
        #: before the definition)
        self.closed: list[tuple[int, str, str, sp.Basic, set[float]]] = []
        #: the vectors the formula being checked names without declaring, read as vectors of
        #: as many entries as the function of several variables they are passed to has
        self.implicit: dict[str, sp.ImmutableMatrix] = {}

    def enter(self, level: int) -> None:
        if level < 90:
            while len(self.frames) > 1 and self.frames[-1].level >= level:
                self._pop()
        self.frames.append(_Frame(level))

    def leave(self) -> None:
        if len(self.frames) > 1:
            self._pop()

    def close(self) -> None:
        while self.frames:
            self._pop()

    def retire(self, frame: _Frame, name: str) -> None:
        """A name defined anew: its earlier definition must still be tied to the checks."""
        if name in frame.definitions:
            line, tex, value, pool = frame.definitions.pop(name)
            self.closed.append((line, tex, name, value, pool))

    def _pop(self) -> None:
        frame = self.frames.pop()
        for name, (line, tex, value, pool) in frame.definitions.items():
            self.closed.append((line, tex, name, value, pool))

    def lookup_symbol(self, name: str) -> tuple[sp.Expr, _Frame] | None:
        for frame in reversed(self.frames):
            if name in frame.symbols:
                return frame.symbols[name], frame
        return None

    def lookup_function(self, name: str) -> tuple[sp.Lambda, _Frame] | None:
        for frame in reversed(self.frames):
            if name in frame.functions:
                return frame.functions[name], frame
        return None

    def context(self) -> Context:
        functions = set(_FUNCTION_LETTERS)
        dependent: dict[str, str] = {}
        parameters: dict[str, tuple[str, ...]] = {}
        arrays: dict[str, sp.ImmutableMatrix] = {}
        unary: set[str] = set()
        for frame in self.frames:
            functions |= set(frame.functions)
            dependent.update(frame.dependent)
            functions -= set(frame.symbols)  # u = 3x^2 + 1 names a value: u(1 - u) multiplies
            for name, function in frame.functions.items():
                variables = tuple(v.name for v in function.variables)
                if len(variables) > 1:
                    parameters[name] = variables
                    unary.discard(name)
                else:
                    parameters.pop(name, None)
                    unary.add(name)
            for name in frame.symbols:
                arrays.pop(name, None)
            arrays.update(frame.arrays)
        var = "x"
        return Context(
            functions=functions,
            var=var,
            dependent=dependent,
            parameters=parameters,
            arrays=arrays,
            unary=unary - set().union(*(f.symbols for f in self.frames)),
            macros=self.macros(),
        )

    def section(self) -> _Frame:
        """The innermost heading section: where shapes and names in symbolic sizes live (a
        definition block or a theorem declares them for the proof that follows too)."""
        return next(f for f in reversed(self.frames) if f.level < 90)

    def shapes(self) -> dict[str, tuple[sp.Expr, sp.Expr]]:
        found: dict[str, tuple[sp.Expr, sp.Expr]] = {}
        for frame in self.frames:
            found.update(frame.shapes)
            for name in frame.hidden:  # bound to numbers here: a worked example
                found.pop(name, None)
        return found

    def properties(self, name: str) -> set[str]:
        return set().union(*(frame.properties.get(name, set()) for frame in self.frames))

    def macros(self) -> dict[str, tuple[tuple[str, ...], str]]:
        found: dict[str, tuple[tuple[str, ...], str]] = {}
        for frame in self.frames:
            found.update(frame.macros)
        return found

    def sizes(self) -> list[str]:
        """The symbolic sizes of the declared shapes, in the order they were declared."""
        names: list[str] = []
        for rows, cols in self.shapes().values():
            for size in (rows, cols):
                for s in sorted(sp.sympify(size).free_symbols, key=str):
                    if s.name not in names:
                        names.append(s.name)
        return names

    def instances(self) -> list[tuple[dict[str, int], Context]]:
        """The contexts a formula in symbolic sizes is read in: one per row of sizes tried,
        each declared name a matrix of entry symbols of that size."""
        base = self.context()
        out = []
        names = self.sizes()
        for row in _arrays.SIZES:
            sizes = {name: row[i % len(row)] + i // len(row) for i, name in enumerate(names)}
            arrays = dict(base.arrays)
            values = {symbol(k): v for k, v in sizes.items()} | {
                sp.Symbol(k): v for k, v in sizes.items()
            }
            for name, (rows, cols) in self.shapes().items():
                r, c = (int(sp.sympify(size).xreplace(values)) for size in (rows, cols))
                arrays[name] = _arrays.entries(name, r, c)
            out.append((sizes, replace(base, arrays=arrays, sizes=sizes, macros=self.macros())))
        return out

    def bounds(self) -> list[tuple[tuple[sp.Basic, ...], tuple[str, ...]]]:
        return [b for frame in self.frames for b in frame.bounds]

    def constraints(self) -> list[sp.Expr]:
        return [c for frame in self.frames for c in frame.constraints]

    def positive(self) -> set[str]:
        return set().union(*(frame.positive for frame in self.frames))

    def pool(self) -> set[Any]:
        """What a formula may be tied to: the values the innermost section's check cells
        compute (the page's, outside any section), and the parts of the formulas checked
        so far in the enclosing sections."""
        cells = next((f.pool for f in reversed(self.frames[1:]) if f.pool is not None), None)
        if cells is None:
            cells = self.frames[0].pool or set()
        return cells.union(*(frame.formulas for frame in self.frames))

    def substitute(
        self, expr: sp.Basic, keep: Iterable[sp.Symbol] = (), evaluate: bool = True
    ) -> sp.Basic:
        """Replace every bound name by its definition (inner scopes first) and evaluate.

        Inside a derivative, the names it differentiates by stay until it is taken:
        with ``u = 3x^2 + 1`` and ``y = u^5``, ``dy/du`` is ``5u^4`` and only then
        ``5(3x^2 + 1)^4``.
        """
        symbols: dict[sp.Symbol, sp.Basic] = {}
        functions: dict[str, sp.Lambda] = {}
        for frame in self.frames:
            for name, var in frame.dependent.items():
                # once r = r(t), the r of V = 4/3 pi r^3 is r(t) too
                symbols[symbol(name)] = sp.Function(name)(symbol(var))
            symbols.update({symbol(name): value for name, value in frame.symbols.items()})
            functions.update(frame.functions)
        for name in keep:  # a definition's own parameters stay themselves
            symbols.pop(name, None)
        replaced = _replace_names(expr, symbols, functions)
        return _evaluate_operators(replaced) if evaluate else replaced


def _replace_names(
    expr: sp.Basic,
    symbols: dict[sp.Symbol, sp.Basic],
    functions: dict[str, sp.Lambda],
    depth: int = 0,
) -> sp.Basic:
    """Replace bound names by their definitions, which may name other bound names in turn."""
    if depth > 12:
        raise ValueError("the definitions in scope refer to each other in a circle")
    if isinstance(expr, sp.MatrixBase):
        return sp.ImmutableMatrix(
            expr.applyfunc(lambda entry: _replace_names(entry, symbols, functions, depth))
        )
    if isinstance(expr, sp.Symbol):
        if expr in symbols:
            return _replace_names(symbols[expr], symbols, functions, depth + 1)
        return expr
    if isinstance(expr, AppliedUndef):
        args = [_replace_names(a, symbols, functions, depth) for a in expr.args]
        definition = functions.get(expr.func.__name__)
        if definition is not None and len(definition.variables) == len(args):
            return _replace_names(definition(*args), symbols, functions, depth + 1)
        if definition is not None and len(args) == 1 and args[0] in definition.variables:
            # dF/dx for F(x, y): F in its own variables
            return _replace_names(definition.expr, symbols, functions, depth + 1)
        return expr.func(*args)
    if isinstance(expr, sp.Derivative):
        variables = {variable for variable, _ in expr.variable_count}
        inner = _replace_names(
            expr.expr, {k: v for k, v in symbols.items() if k not in variables}, functions
        )
        counts = [
            (variable, _replace_names(count, symbols, functions, depth))
            for variable, count in expr.variable_count
        ]  # f^{(n)} with n bound: the order is a number now
        try:
            taken = sp.diff(inner, *counts)
        except Exception:  # noqa: BLE001 - a symbolic order: left as it is
            taken = sp.Derivative(inner, *counts)
        bound = {k: v for k, v in symbols.items() if k in variables}
        return taken.xreplace(bound) if bound else taken
    if isinstance(expr, sp.Sum) and _symbolic_order_sum(expr):
        # f^{(n)}(a) under a sum over n: the terms one by one, as far as they matter
        (index, low, high), *_ = expr.limits
        high = _replace_names(high, symbols, functions, depth)
        count = _SERIES_TERMS if high == sp.oo else int(high - low) + 1 if high.is_Integer else None
        if count is not None and 0 <= count <= _SERIES_TERMS:
            terms = [expr.function.xreplace({index: low + k}) for k in range(count)]
            return _replace_names(sp.Add(*terms), symbols, functions, depth)
    if not expr.args:
        return expr
    return expr.func(*[_replace_names(a, symbols, functions, depth) for a in expr.args])


#: Terms of an infinite series with n-th derivatives summed on an instance (e^x about a point
#: within 4 of x: the next term is below 1e-17 of the sum).
_SERIES_TERMS = 40


def _symbolic_order_sum(expr: sp.Basic) -> bool:
    """A sum whose terms take derivatives of an order set by its index (T_n, a Taylor series)."""
    if not isinstance(expr, sp.Sum) or len(expr.limits) != 1:
        return False
    index = expr.limits[0][0]
    return any(
        isinstance(node, sp.Derivative)
        and any(index in sp.sympify(c).free_symbols for _, c in node.variable_count)
        for node in sp.preorder_traversal(expr.function)
    )


def _truncated_series(full: sp.Expr, shown: sp.Expr, var: sp.Symbol, centre: float) -> str | None:
    """``f(x) = A + B + C + \\cdots``: the terms shown are the series of f to the order of
    their highest power of (x - centre): what is left over shrinks faster than that power.
    """
    powers = [
        sp.Poly(term.subs(var, var + centre), var).degree()
        for term in sp.Add.make_args(sp.expand(shown))
        if term.free_symbols <= {var}
    ]
    if not powers:
        return "the terms shown are not powers of the variable"
    order = max(powers) + 1
    gaps = []
    rest = full - shown
    for step in (sp.Rational(1, 100), sp.Rational(1, 10000)):
        try:
            gaps.append(abs(sp.N(rest.subs(var, sp.nsimplify(centre) + step), 40)))
        except Exception:  # noqa: BLE001
            return "it cannot be evaluated near the centre of the series"
    if gaps[1] > 10 * gaps[0] * sp.Rational(1, 100) ** order + sp.Float("1e-35"):
        return (
            f"the terms shown are not the series to order {order - 1}"
            f" (the rest is {float(gaps[0]):.3g} then {float(gaps[1]):.3g} near {centre:g})"
        )
    return None


def _evaluate_operators(expr: sp.Basic) -> sp.Basic:
    if expr.has(sp.Derivative, sp.Subs, sp.Limit, sp.Sum):
        try:
            return expr.doit()
        except Exception:  # noqa: BLE001 - left unevaluated, the numeric check decides
            return expr
    return expr


def _text(expr: Any) -> str:
    """The expression as a message shows it (SymPy's own form if the book's printer balks)."""
    if isinstance(expr, sp.MatrixBase):  # a vector (a, b); a matrix row by row [a, b; c, d]
        if expr.shape[1] == 1:
            return "(" + ", ".join(_text(entry) for entry in expr) + ")"
        rows = ("[" + ", ".join(_text(entry) for entry in expr.row(i)) + "]"
                for i in range(expr.shape[0]))  # fmt: skip
        return "[" + ", ".join(rows) + "]"
    try:
        return _rules_text(expr)
    except Exception:  # noqa: BLE001 - a message must not fail
        return str(expr)


# -- stand-ins for the functions a page leaves generic ---------------------------------------

_T = sp.symbols("t_1 t_2", real=True)
#: Concrete functions of two variables for a generic F(x, y), two sets as for one variable.
_PLANE = (
    sp.Lambda(_T, _T[0] ** 2 * _T[1] + sp.sin(_T[0] * _T[1]) + 3),
    sp.Lambda(_T, sp.exp(_T[0] / 3) + _T[0] * _T[1] ** 2 + 1),
)


def _generic_names(*exprs: sp.Basic) -> list[str]:
    return sorted({c.func.__name__ for e in exprs for c in e.atoms(AppliedUndef)})


def _stand_ins(*exprs: sp.Basic) -> list[dict[str, sp.Lambda]]:
    """Concrete functions for the generic ones (u, v, f of one variable; F of two): two sets."""
    calls = {c for e in exprs for c in e.atoms(AppliedUndef)}
    single = sorted({c.func.__name__ for c in calls if len(c.args) == 1})
    double = sorted({c.func.__name__ for c in calls if len(c.args) == 2})
    if any(len(c.args) > 2 for c in calls):
        raise ValueError("functions of more than two variables are not checked")
    sets = _concrete_sets(single)
    for index, chosen in enumerate(sets):
        for offset, name in enumerate(double):
            chosen[name] = _PLANE[(index + offset) % len(_PLANE)]
    return sets


# -- sampling -------------------------------------------------------------------------------


Bounds = Sequence[tuple[tuple[sp.Basic, ...], tuple[str, ...]]]


def _points(
    symbols: Sequence[sp.Symbol], positive: set[str], bounds: Bounds = ()
) -> list[dict[sp.Symbol, float]]:
    """Sample assignments: every symbol gets each point in turn, rotated per symbol.

    Assignments that break a condition of the scope (``0 < x < r``) are skipped.
    """
    out: list[dict[sp.Symbol, float]] = []
    for shift in (3, 5, 1, 2):
        for i in range(len(SAMPLE_POINTS)):
            values = {}
            for j, s in enumerate(symbols):
                value = SAMPLE_POINTS[(i + shift * j) % len(SAMPLE_POINTS)]
                if s.name in positive or s.is_positive or s.is_nonnegative:
                    value = abs(value)
                if s.is_integer:
                    value = float(max(1, round(abs(value) * 2)))
                values[s] = value
            if values not in out and _within(values, bounds):
                out.append(values)
            if len(out) == len(SAMPLE_POINTS):
                return out
    return out


def _within(values: dict[sp.Symbol, float], bounds: Bounds) -> bool:
    by_name = {s.name: v for s, v in values.items()}
    for parts, relations in bounds:
        numbers = []
        for part in parts:
            free = {s.name for s in part.free_symbols}
            if not free <= set(by_name):
                break
            numbers.append(float(part.subs({s: by_name[s.name] for s in part.free_symbols})))
        else:
            for a, relation, b in zip(numbers, relations, numbers[1:], strict=False):
                if not _holds(a, b, relation, 0.0):
                    return False
    return True


def _free(*exprs: sp.Basic) -> list[sp.Symbol]:
    found: set[sp.Symbol] = set()
    for expr in exprs:
        found |= {s for s in expr.free_symbols if isinstance(s, sp.Symbol)}
    return sorted(found, key=lambda s: s.name)


def _value(expr: sp.Basic, at: dict[sp.Symbol, float]) -> mpmath.mpf:
    return _evaluate(expr, at)


@dataclass
class _Verdict:
    ok: bool
    message: str = ""


def _tolerance(texts: Sequence[str]) -> float:
    """Half a unit in the last digit of the most precise decimal typed in the formula."""
    decimals = [len(m) for text in texts for m in re.findall(r"\d\.(\d+)", text.replace(" ", ""))]
    if not decimals:
        return 0.5
    return 0.5 * 10 ** (-max(decimals)) * 1.0001


def _on_curve(
    left: sp.Basic, right: sp.Basic, curve: sp.Expr, relation: str, tolerance: float
) -> _Verdict | None:
    """Check a relation about y(x) at points of the curve F(x, y(x)) = 0 (None: no y on it).

    Derivatives of y come from implicit differentiation: y' = -F_x / F_y, and so on.
    """
    calls = sorted(curve.atoms(AppliedUndef), key=str)
    if len(calls) != 1 or len(calls[0].args) != 1:
        return None
    call = calls[0]
    var = call.args[0]
    if not (left.has(call.func) or right.has(call.func)):
        return None
    y = sp.Dummy("y", real=True)
    shape = curve.subs(call, y)
    slopes = [-sp.diff(shape, var) / sp.diff(shape, y)]
    for _ in range(2):
        last = slopes[-1]
        slopes.append(sp.diff(last, var) + sp.diff(last, y) * slopes[0])

    def on_curve(expr: sp.Basic) -> sp.Basic:
        for order in (3, 2, 1):
            expr = expr.subs(sp.Derivative(call, (var, order)), slopes[order - 1])
        return expr.subs(call, y)

    lhs, rhs = on_curve(left), on_curve(right)
    valid = 0
    for x_value in SAMPLE_POINTS:
        for y_value in _curve_points(shape, var, y, x_value):
            at = {var: x_value, y: y_value}
            others = {s: 1.37 for s in _free(lhs, rhs) if s not in at}
            at.update(others)
            try:
                a, b = _value(lhs, at), _value(rhs, at)
            except _NotANumberError:
                continue
            valid += 1
            if not _holds(a, b, relation, tolerance):
                shown_a, shown_b = _format_pair(a, b)
                where = f"{var} = {x_value:g}, {call.func} = {y_value:.6g} on the curve"
                return _Verdict(
                    False, f"{_RELATION_WORDS[relation]} (at {where}: {shown_a} vs {shown_b})"
                )
    if valid < _MIN_POINTS:
        return _Verdict(False, f"it can be evaluated at only {valid} points of the curve")
    return _Verdict(True)


def _curve_points(shape: sp.Expr, var: sp.Symbol, y: sp.Symbol, x_value: float) -> list[float]:
    """The real y with F(x_value, y) = 0 (polynomial curves; at most three)."""
    try:
        polynomial = sp.Poly(sp.nsimplify(shape.subs(var, sp.Rational(repr(x_value)))), y)
        roots = [complex(r) for r in polynomial.nroots(n=30)]
    except (sp.PolynomialError, sp.polys.polyerrors.PolynomialError, TypeError, ValueError):
        return []
    return [r.real for r in roots if abs(r.imag) < 1e-12 and abs(r.real) > 1e-9][:3]


def _compare(
    left: sp.Basic,
    right: sp.Basic,
    relation: str,
    tolerance: float,
    positive: set[str],
    constraints: Sequence[sp.Expr] = (),
    bounds: Bounds = (),
) -> _Verdict:
    """Whether the relation holds at the sample points (on the scope's curves, if any)."""
    return _compare_cached(
        left, right, relation, tolerance, frozenset(positive), tuple(constraints), tuple(bounds)
    )


@functools.lru_cache(maxsize=8192)
def _compare_cached(
    left: sp.Basic,
    right: sp.Basic,
    relation: str,
    tolerance: float,
    positive: set[str],
    constraints: Sequence[sp.Expr] = (),
    bounds: Bounds = (),
) -> _Verdict:
    for curve in constraints:
        verdict = _on_curve(left, right, curve, relation, tolerance)
        if verdict is not None:
            return verdict
    names = _generic_names(left, right)
    symbols = _free(left, right)
    valid = 0
    for functions in _stand_ins(left, right):
        lhs = _substitute_functions(left, functions) if functions else left
        rhs = _substitute_functions(right, functions) if functions else right
        if lhs.has(AppliedUndef) or rhs.has(AppliedUndef):
            return _Verdict(False, "it uses a function the page does not define")
        for at in _points(symbols, positive, bounds) if symbols else [{}]:
            try:
                a, b = _value(lhs, at), _value(rhs, at)
            except _NotANumberError:
                continue
            valid += 1
            holds = _holds(a, b, relation, tolerance)
            if not holds:
                where = ", ".join(f"{s} = {v:g}" for s, v in at.items())
                shown_a, shown_b = _format_pair(a, b)
                place = f"at {where}: " if where else ""
                return _Verdict(
                    False, f"{_RELATION_WORDS[relation]} ({place}{shown_a} vs {shown_b})"
                )
            if not symbols:
                break
    if valid == 0:
        return _Verdict(False, "it cannot be evaluated at any sample point")
    if symbols and valid < _MIN_POINTS and not names:
        return _Verdict(False, f"it can be evaluated at only {valid} sample points")
    return _Verdict(True)


_RELATION_WORDS = {
    "=": "the two sides differ",
    "~": "the two sides are not approximately equal",
    "!=": "the two sides are equal",
    "<": "the left side is not smaller",
    ">": "the left side is not larger",
    "<=": "the left side is larger",
    ">=": "the left side is smaller",
}


def _holds(a: Any, b: Any, relation: str, tolerance: float) -> bool:
    if relation == "=":
        return _close(a, b)
    if relation == "~":
        return bool(abs(a - b) <= tolerance)
    if relation == "!=":
        return not _close(a, b)
    if relation == "<":
        return bool(a < b)
    if relation == ">":
        return bool(a > b)
    if relation == "<=":
        return bool(a <= b or _close(a, b))
    if relation == ">=":
        return bool(a >= b or _close(a, b))
    raise ValueError(relation)


# -- ties ---------------------------------------------------------------------------------


_PROBES = 3  # probe points per name: an expression need only be defined at one of them
#: where each probe point lies: inside (0, 1), beyond 1, and negative
_PROBE_RANGES = ((0.1, 0.85), (1.1, 1.3), (-2.2, 2.0))


def _probe_values(expr: sp.Basic, probe: int = 0) -> float | None:
    """The expression's value at probe point number ``probe`` (None: not a real number there)."""
    if not isinstance(expr, sp.Expr):
        return None
    at = {s: _probe_point(s.name, probe) for s in _free(expr)}
    try:
        if expr.has(AppliedUndef):
            expr = _substitute_functions(expr, _stand_ins(expr)[0])
        value = complex(sp.N(expr.xreplace({k: sp.Float(v) for k, v in at.items()}), 15))
    except Exception:  # noqa: BLE001 - anything SymPy cannot evaluate ties to nothing
        return None
    if not math.isfinite(value.real) or abs(value.imag) > 1e-9 * max(1, abs(value.real)):
        return None
    return value.real


def _probe_point(name: str, probe: int = 0) -> float:
    """The value a name takes when probing: fixed per name and probe, different across names."""
    digest = int(hashlib.sha256(f"{probe}:{name}".encode()).hexdigest()[:8], 16)
    fraction = (digest % 100_003) / 100_003
    low, width = _PROBE_RANGES[probe % len(_PROBE_RANGES)]
    return low + width * fraction


@functools.lru_cache(maxsize=16384)
def _probe_keys(expr: sp.Basic) -> frozenset[tuple[int, float]]:
    """The expression's value at each probe point where it has one, as (probe, key)."""
    keys = set()
    for probe in range(_PROBES):
        value = _probe_values(expr, probe)
        if value is not None:
            keys.add((probe, _key(value)))
    return frozenset(keys)


def _tied(expr: sp.Basic, pool: set[Any]) -> bool | None:
    """Whether the expression matches a value in the pool (None: it has no value to match)."""
    keys = _probe_keys(expr)
    if not keys:
        return None
    return bool(keys & pool)


def _key(value: float) -> float:
    return float(f"{value:.9g}")


def _number_tied(value: sp.Basic, pool: set[Any]) -> bool:
    """Whether a number typed in the prose is one the checks computed as a whole value."""
    probed = _probe_values(value)
    return probed is not None and ("#", _key(probed)) in pool


def _point_tied(value: sp.Basic, pool: set[Any]) -> bool:
    """Whether a point the prose names (at $x = 1$, $h = 10^{-5}$) is one the checks use.

    A point must be a number the section's check cells pass to the functions they call
    (``derivative(f, 1.0)``, ``.subs(x, 1)``), not merely any number they compute.
    """
    probed = _probe_values(value)
    return probed is not None and ("@", _key(probed)) in pool


def _subexpressions(expr: sp.Basic) -> Iterable[sp.Basic]:
    for node in sp.preorder_traversal(expr):
        if not isinstance(node, sp.Expr):
            continue
        yield node
        if isinstance(node, (sp.Add, sp.Mul)) and 2 < len(node.args) <= 6:
            for size in range(2, len(node.args)):
                for subset in itertools.combinations(node.args, size):
                    yield node.func(*subset)


def build_pool(values: Iterable[sp.Basic]) -> set[Any]:
    """The probe values of the expressions and all their parts: what a formula may be tied to.

    A part's value at each probe point is kept as (probe, value); a number computed as a whole
    also as ("#", value), the only thing a number typed in the prose may match.
    """
    pool: set[Any] = set()
    for value in values:
        pool |= _expression_pool(value)
    return pool


def _array_key(value: sp.Basic) -> tuple[Any, ...] | None:
    """A matrix or vector of numbers as one key: its shape (a vector's is its length) and entries."""
    if isinstance(value, sp.Tuple):
        value = sp.ImmutableMatrix(list(value))
    if not isinstance(value, sp.MatrixBase):
        return None
    keys = []
    for entry in value:
        probed = _probe_values(entry) if entry.is_number else None
        if probed is None:
            return None
        keys.append(_key(probed))
    shape = (len(keys),) if 1 in value.shape else value.shape
    return ("array", shape, tuple(keys))


@functools.lru_cache(maxsize=8192)
def _expression_pool(value: sp.Basic) -> frozenset[Any]:
    pool: set[Any] = set()
    if isinstance(value, sp.MatrixBase):
        array = _array_key(value)
        return frozenset({array} if array else ())
    if isinstance(value, sp.Expr) and value.is_number:
        probed = _probe_values(value)
        if probed is not None:  # a number computed as a whole: what a typed number may match
            pool.add(("#", _key(probed)))
    try:
        unfolded = value.doit() if value.has(sp.Derivative, sp.Subs) else value
    except Exception:  # noqa: BLE001
        unfolded = value
    for candidate in (value, unfolded):
        for node in _subexpressions(candidate):
            for probe, key in _probe_keys(node):
                pool.add((probe, key))
                pool.add((probe, _key(-key)))
    return frozenset(pool)


# -- the page -----------------------------------------------------------------------------


def check_page(
    path: Path,
    page: str,
    text: str | None = None,
    runs: list[CellRun] | None = None,
    keep: Path | None = None,
) -> PageReport:
    """Check every formula of one page.

    Parameters
    ----------
    path : Path
        The page's file (its folder is where check cells run).
    page : str
        The name used in messages, e.g. ``book/intuition.md``.
    text : str or None
        The page's source (default: read ``path``).
    runs : list[CellRun] or None
        The page's check cells already run (default: run them now).
    keep : Path or None
        A folder to keep the check cells' results in, for the mutation test
        (:func:`calcnotes.bookcheck.cells.keep_runs`).
    """
    text = path.read_text(encoding="utf-8") if text is None else text
    items = read_page(text)
    if runs is None:
        runs = run_check_cells(path, page, items)
    report = check_items(page, items, runs)
    if keep is not None:
        keep_runs(keep, path, page, runs)  # with the pools the check computed
    return report


def run_check_cells(path: Path, page: str, items: Sequence[Item]) -> list[CellRun]:
    """Run the page's check cells in order, each after the page's prelude (if it has one)."""
    cells = [item for item in items if item.kind == "cell"]
    prelude = next((item.text for item in cells if "prelude" in item.tags), "")
    return [
        run_cell(path, item.line, item.text, page, "" if "prelude" in item.tags else prelude)
        for item in cells
        if is_check_cell(item.text, item.tags)
    ]


def _section_spans(items: Sequence[Item]) -> list[tuple[int, int, int]]:
    """(start index, end index, level) of every heading section."""
    spans = []
    headings = [(i, item.level) for i, item in enumerate(items) if item.kind == "heading"]
    for position, (index, level) in enumerate(headings):
        end = next((j for j, lv in headings[position + 1 :] if lv <= level), len(items))
        spans.append((index, end, level))
    return spans


def check_items(
    page: str, items: Sequence[Item], runs: Sequence[CellRun], stop_after: int | None = None
) -> PageReport:
    """Check the formulas of a page already read, given its check cells' results.

    With ``stop_after``, the check stops as soon as it has more findings than that (the
    mutation test needs to know only whether an edit adds one), and the report is partial.
    """
    walk = _Walk(page, items, runs)
    return walk.run(0, stop_after)


def check_edits(
    page: str,
    items: Sequence[Item],
    runs: Sequence[CellRun],
    edits: Sequence[Sequence[Item]],
    stop_early: bool = False,
) -> tuple[PageReport, list[PageReport]]:
    """Check edited versions of a page, each as :func:`check_items` would, sharing the work.

    Each edit is the page read again after a change to its formulas (the mutation test's single
    edits). The page as written is walked once, and its state kept where the edits start and
    just inside each section. An edit resumes from the state just before its first changed
    item, so the formulas before it are not checked again; and once past its last change, in a
    section where its state is the page's own again, the rest of its walk is the page's, so it
    is not walked again either. An edit that changes more than the text of formulas (an item
    added, moved or of another kind) is checked from the start.

    Returns the report of the page as written and those of the edits. With ``stop_early``, an
    edit's walk stops as soon as it has more findings than the page as written (the mutation
    test asks only that), and its report is partial.
    """
    spans = [_resume_at(items, edited) for edited in edits]
    kept = {span[0] for span in spans if span is not None}
    # just inside each section: the state of the section before it is gone from the scope
    kept |= {index + 1 for index, item in enumerate(items) if item.kind == "heading"}
    walk = _Walk(page, items, runs)
    saved: dict[int, _Walk] = {}
    for index in range(len(items) + 1):
        if index in kept:
            saved[index] = walk.fork(items)
        if index < len(items):
            walk.step(index)
    written = walk.finish()
    stop_after = len(written.findings) if stop_early else None
    reports = []
    for edited, span in zip(edits, spans, strict=True):
        if span is None:
            reports.append(_run_edit(_Walk(page, edited, runs), 0, stop_after))
            continue
        start, last = span
        rejoin = {index: state for index, state in saved.items() if index > last + 1}
        reports.append(_run_edit(saved[start].fork(edited), start, stop_after, rejoin, written))
    return written, reports


def _run_edit(
    walk: _Walk,
    start: int,
    stop_after: int | None,
    rejoin: dict[int, _Walk] | None = None,
    written: PageReport | None = None,
) -> PageReport:
    """An edited page's walk from ``start``; the checker failing on it is a finding, as the
    build would fail on it."""
    try:
        return walk.run(start, stop_after, rejoin, written)
    except Exception as error:  # noqa: BLE001 - reported, as the build reports it
        walk.report.findings.append(
            Finding(walk.report.page, 0, "", f"the checker failed: {error!r}")
        )
        return walk.report


def _resume_at(items: Sequence[Item], edited: Sequence[Item]) -> tuple[int, int] | None:
    """Where a walk of ``items`` can go on with ``edited`` instead, and the last item that
    differs: None when only a walk from the start gives the same report."""
    if len(items) != len(edited):
        return None
    changed = []
    for index, (before, after) in enumerate(zip(items, edited, strict=True)):
        if before == after:
            continue
        if before.kind != "math" or replace(before, text=after.text) != after:
            return None
        changed.append(index)
    if not changed:
        return len(items), len(items)
    first, last = changed[0], changed[-1]
    if any("mathbb" in items[i].text or "mathbb" in edited[i].text for i in changed):
        # a section's shape declarations are read at its heading (they hold for all of it)
        return max((i for i in range(first) if items[i].kind == "heading"), default=0), last
    return max(first - 1, 0), last  # the item before a formula looks at it (a glued number)


def _joined(edited: PageReport, rejoined: PageReport, written: PageReport) -> PageReport:
    """The report of an edit whose walk is the page's own from some point on: what the edit
    found up to there, and what the page's walk found after it (``rejoined`` is the page's
    report at that point, ``written`` at its end). Every count adds, every list extends."""
    joined = PageReport(edited.page)
    for name in (f.name for f in fields(PageReport) if f.name != "page"):
        mine, before, after = (getattr(r, name) for r in (edited, rejoined, written))
        added = after[len(before) :] if isinstance(mine, list) else after - before
        setattr(joined, name, mine + added)
    return joined


def _same(a: Any, b: Any) -> bool:
    """Whether two states of a walk are the same, as :func:`_fork` copies them (in order)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return len(a) == len(b) and all(
            ka == kb and _same(va, vb)
            for (ka, va), (kb, vb) in zip(a.items(), b.items(), strict=True)
        )
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, (_Frame, _Scope)):
        return _same(vars(a), vars(b))
    try:
        return bool(a == b)
    except Exception:  # noqa: BLE001 - an array's elementwise == : not known to be the same
        return False


def _fork(value: Any) -> Any:
    """A copy of the walk's state deep enough for two walks to go on from it apart: containers
    and dataclasses are copied; SymPy's expressions, tuples and strings are immutable."""
    if isinstance(value, dict):
        return {key: _fork(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_fork(item) for item in value]
    if isinstance(value, set):
        return set(value)
    if isinstance(value, (_Frame, _Scope, PageReport)):
        copy = object.__new__(type(value))
        copy.__dict__.update({key: _fork(item) for key, item in vars(value).items()})
        return copy
    return value


class _Walk:
    """The checker's walk through one page, item by item; its state can be forked, so that an
    edited page can go on from where it first differs (:func:`check_edits`)."""

    def __init__(self, page: str, items: Sequence[Item], runs: Sequence[CellRun]) -> None:
        self.items = items
        self.report = PageReport(page)
        self.report.ledger_checks = sum(run.checks for run in runs)
        self.run_at = {run.line: run for run in runs}
        self.glued: dict[str, Any] = {}
        for run in runs:
            self.glued.update(run.glued)
        self.spans = _section_spans(items)
        # Each section's pool: the values of the check cells inside it (subsections included).
        self.pools: dict[int, set[float]] = {}
        for start, end, _level in self.spans:
            self.pools[start] = set().union(
                *(_run_pool(self.run_at[item.line]) for item in items[start:end]
                  if item.kind == "cell" and item.line in self.run_at)
            )  # fmt: skip
        self.scope = _Scope()
        self.scope.frames[0].pool = set().union(*(_run_pool(run) for run in runs))
        self.opened: list[bool] = []
        self.exempt_until = -1
        self.exempt_reason = ""
        self.exempt_tex: dict[str, str] = {}
        self.instance_tex: dict[str, tuple[int, str]] = {}
        self.instance_until, self.instance = -1, (0, "")

    #: what the page gives the walk: never changed by a step
    _GIVEN = frozenset({"items", "run_at", "glued", "spans", "pools"})

    def fork(self, items: Sequence[Item]) -> _Walk:
        """A copy of the walk so far, to go on through ``items`` (the same up to here)."""
        copy = object.__new__(_Walk)
        copy.__dict__.update(
            {
                key: value if key in self._GIVEN else _fork(value)
                for key, value in vars(self).items()
            }
        )
        copy.items = items
        return copy

    def run(
        self,
        start: int,
        stop_after: int | None,
        rejoin: dict[int, _Walk] | None = None,
        written: PageReport | None = None,
    ) -> PageReport:
        """Walk from item ``start`` to the end, or until more than ``stop_after`` findings.

        ``rejoin`` holds the states of the page's own walk (whose report is ``written``) at
        items where this walk may find itself in the same state: from there on it would find
        what the page's walk found, so it stops and takes those findings.
        """
        for index in range(start, len(self.items)):
            if stop_after is not None and len(self.report.findings) > stop_after:
                return self.report
            page = rejoin.get(index) if rejoin else None
            if page is not None and written is not None and self.same_state(page):
                return _joined(self.report, page.report, written)
            self.step(index)
        return self.finish()

    def same_state(self, other: _Walk) -> bool:
        """Whether the rest of the page would be walked alike from here: the same state,
        what the page gives and the report (which a step only adds to) aside."""
        return all(
            _same(value, getattr(other, name))
            for name, value in vars(self).items()
            if name not in self._GIVEN and name != "report"
        )

    def step(self, index: int) -> None:
        item, items, scope, report = self.items[index], self.items, self.scope, self.report
        if item.kind == "heading":
            scope.enter(item.level)
            scope.frames[-1].pool = set(self.pools.get(index, ()))
            self.exempt_tex = {}
            _unused_instances(report, self.instance_tex)
            # "z = W x + b, with W \in R^{h x d}": a shape declared in the section holds
            # for all of it, also before the sentence that declares it
            end = next((e for start, e, _ in self.spans if start == index), len(items))
            depth = 0
            for later in items[index + 1 : end]:
                if later.kind == "heading":
                    break
                depth += {"open": 1, "close": -1}.get(later.kind, 0)
                if later.kind == "math" and depth == 0 and "mathbb" in later.text:
                    _declare_in_tex(scope.frames[-1], later.text)  # in the prose, not a block
        elif item.kind == "open":
            # An exercise states what its solution works on: its names stay for the section.
            self.opened.append(not item.text.startswith(_STATEMENT_BLOCKS))
            if self.opened[-1]:
                scope.enter(99)
                scope.frames[-1].directive = item.text.split()[0] if item.text else ""
        elif item.kind == "close":
            if self.opened.pop() if self.opened else True:
                scope.leave()
        elif item.kind == "misplaced":
            report.findings.append(Finding(
                report.page, item.line, item.text,
                "a marker inside a paragraph or list splits it in two (a comment ends the block):"
                " put it before the block, after a blank line",
            ))  # fmt: skip
        elif item.kind == "marker":
            if item.word == "unchecked":
                if item.tex:
                    self.exempt_tex[item.tex] = item.text
                else:
                    self.exempt_until, self.exempt_reason = item.level, item.text
            elif item.word == "where":
                _declare(scope, item, report)
            elif item.word == "instance":
                if item.tex:
                    self.instance_tex[item.tex] = (item.line, item.text)
                else:
                    self.instance_until, self.instance = item.level, (item.line, item.text)
        elif item.kind == "rules":
            rows, formulas = _rules_table(item.text, item.tags)
            _remember(scope, [fact for row in rows for fact in facts_in(row)])  # checked rows
            for tex in formulas:
                report.generated += 1
                _check_formula(scope, report, item.line, tex, generated=True)
        elif item.kind == "glue":
            value = self.glued.get(item.text)
            if item.line < self.exempt_until:
                report.exemptions.extend(
                    (item.line, tex, self.exempt_reason) for tex in _glued_formulas(value)
                )
                return
            for tex in _glued_formulas(value):
                report.generated += 1
                _check_formula(scope, report, item.line, tex, generated=True)
        elif item.kind == "math":
            if item.text in self.exempt_tex:
                report.exemptions.append((item.line, item.text, self.exempt_tex.pop(item.text)))
                return
            if item.line < self.exempt_until:
                report.exemptions.append((item.line, item.text, self.exempt_reason))
                return
            following = items[index + 1] if index + 1 < len(items) else None
            scope.glued_after = _glued_after(item, following, self.glued)
            example = self.instance_tex.pop(item.text, None) or (
                self.instance if item.line < self.instance_until else None
            )
            if example:
                _check_instance(scope, report, item, *example)
            else:
                _check_formula(scope, report, item.line, item.text)
            scope.glued_after = None

    def finish(self) -> PageReport:
        report, scope = self.report, self.scope
        _unused_instances(report, self.instance_tex)
        scope.close()
        for line, tex, name, value, pool in scope.closed:
            if _generic_only(value, scope):
                continue  # the tangent line of an arbitrary f: nothing concrete to tie it to
            if not _tied(value, pool):
                report.findings.append(Finding(
                    report.page, line, tex,
                    f"it defines {name} as a value the section's check cells do not compute"
                    " (compute it there, so that the definition is tied to the check)",
                ))  # fmt: skip
        return report


#: Function names a formula may name on their own ("the slope of $\\sin$").
_FUNCTION_NAMES = {r"\sin", r"\cos", r"\tan", r"\ln", r"\log", r"\exp", r"\sigma", r"\tanh"}

#: Directives whose definitions hold for the rest of their section, not just their body.
_STATEMENT_BLOCKS = ("exercise",)


def _run_pool(run: CellRun) -> set[Any]:
    if run.pool is None:
        run.pool = (
            build_pool(run.values)
            | {("#", _key(float(n))) for n in run.arguments}
            | {("@", _key(float(n))) for n in run.arguments}
        )
    return run.pool


def _rules_table(rules: str, columns: Sequence[str]) -> tuple[list[Any], list[str]]:
    """The rows of a ``{rules-table}`` and its formulas, as the directive renders them."""
    from calcnotes.rules import named_rules, rules_table

    rows = named_rules(rules)
    table = rules_table(rows, columns=tuple(columns))
    return rows, [item.text for item in read_page(table) if item.kind == "math"]


_OPEN_RELATION = re.compile(r"(=|\\approx|<|>|\\le|\\ge|\\leq|\\geq)\s*$")


def _glued_after(
    item: Item, following: Item | None, glued: dict[str, Any]
) -> tuple[float, float] | None:
    """``$f^{(4)}(0) =$ {glue:text}`key```: the number the reader sees after the typed side.

    Returns the number as printed (rounded by the glue's format) and half a unit of its last
    digit (0 when it is printed in full), or None when no number follows the formula.
    """
    if (
        following is None
        or following.kind != "glue"
        or following.line - item.line > 1
        or not _OPEN_RELATION.search(item.text)
    ):
        return None
    value = glued.get(following.text)
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        return None
    spec = following.tex or ""
    shown = format(value, spec) if spec and not spec.startswith(("%", "#")) else repr(value)
    try:
        number = float(shown)
    except ValueError:
        return None
    if not math.isfinite(number) or float(value) == number:
        return (number, 0.0) if math.isfinite(number) else None
    exponent = decimal.Decimal(shown.strip()).as_tuple().exponent
    return number, 0.5 * 10.0 ** int(exponent) * 1.0001  # half a unit of the last digit shown


def _glued_formulas(value: Any) -> list[str]:
    """The formulas inside a glued value: a Markdown text's, or a Math value's own TeX."""
    data = getattr(value, "data", None)
    if not isinstance(data, str):
        return []
    if type(value).__name__ == "Math":
        return [data.strip().strip("$")]
    return [item.text for item in read_page(data) if item.kind == "math"]


def _declare(scope: _Scope, item: Item, report: PageReport) -> None:
    """``% where: y = y(x), x > 0, y = \\sqrt{25 - x^2}``: names of the scope, not shown."""
    frame = scope.frames[-1]
    for part in _split_top_level(item.text):
        part = part.strip().strip("$")
        update = re.fullmatch(r"(.+?)\\leftarrow(.+)", part)
        if update:
            try:
                name = parse(update[1], scope.context()).statements[0].parts[0]
                frame.updated[str(name)] = parse(update[2], scope.context()).statements[0].parts[0]
            except TexError as error:
                report.findings.append(
                    Finding(report.page, item.line, part, f"cannot read the declaration: {error}")
                )
            continue
        dependent = re.fullmatch(r"(\w+)\s*=\s*\1\((\w+)\)", part)
        positive = re.fullmatch(r"(\w+)\s*>\s*0", part)
        symmetric = re.fullmatch(r"(\w+)\s*=\s*\1\s*\^\s*\{?\s*(?:\\top|T)\s*\}?", part.strip())
        if symmetric:  # A = A^\top: a symmetric matrix
            frame.properties.setdefault(symmetric[1], set()).add("symmetric")
        elif dependent:
            frame.dependent[dependent[1]] = dependent[2]
        elif positive:
            frame.positive.add(positive[1])
        else:
            try:
                formula = parse(part, scope.context())
            except TexError as error:
                named = _sized_definition(scope, part)
                if named is not None:  # L = -\\mathbf y^\\top \\ln \\mathbf p: read where used
                    frame.macros[named[0]] = named[1]
                    continue
                report.findings.append(
                    Finding(report.page, item.line, part, f"cannot read the declaration: {error}")
                )
                continue
            counted = report.conditions
            statements = _declarations(scope, report, formula.statements)
            report.conditions = counted  # a marker declares; it is not a formula a reader sees
            for statement in statements:
                hypothesis = _hypothesis(scope, statement.texts, statement.relations)
                if hypothesis is not None:  # % where: \det X > 0, or 1^T y = 1
                    frame.properties.setdefault(hypothesis[0], set()).add(hypothesis[1])
                    continue
                introduced = (
                    _sized_name(statement.texts[0]) if statement.relations == ("=",) else None
                )
                if introduced and introduced[1] and introduced[0].endswith("bold"):
                    frame.macros[introduced[0]] = (introduced[1], statement.texts[1])
                    continue  # \\mathbf f(u, v) = (u^2, uv): an instance's vector function
                if (
                    introduced
                    and scope.shapes()
                    and introduced[0] not in scope.shapes()
                    and _mentions_sized(scope, [statement])
                ):  # % where: L = -\\mathbf y^\\top \\ln \\mathbf p: a name in symbolic sizes
                    frame.macros[introduced[0]] = (introduced[1], statement.texts[1])
                    continue
                if (
                    statement.relations == ("=",)
                    and isinstance(statement.parts[0], sp.Symbol)
                    and isinstance(statement.parts[1], (sp.MatrixBase, sp.Tuple))
                ):  # \\mathbf p = (1, 1): a vector of the scope (an instance's point)
                    frame.arrays[statement.parts[0].name] = sp.ImmutableMatrix(
                        scope.substitute(_arrays.column(statement.parts[1]))
                    )
                    continue
                if _define(scope, statement, force=True):
                    continue
                if statement.relations == ("=",) and any(
                    isinstance(call, AppliedUndef)
                    for p in statement.parts
                    for call in p.atoms(AppliedUndef)
                ):
                    frame.constraints.append(
                        scope.substitute(statement.parts[0] - statement.parts[1])
                    )
                    continue
                report.findings.append(
                    Finding(
                        report.page, item.line, part, "a declaration must define a name or a curve"
                    )
                )


def _sized_definition(scope: _Scope, part: str) -> tuple[str, tuple[tuple[str, ...], str]] | None:
    """``% where: \\mathbf p = \\operatorname{softmax}(\\mathbf z)``: a name defined in symbolic
    sizes by a marker, read at each size wherever it is used (as a formula's definition is)."""
    if not scope.shapes() or part.count("=") != 1 or re.search(r"\\[lg]eq?\b|<|>", part):
        return None
    left, right = (side.strip() for side in part.split("="))
    named = defined_name(" ".join(_spaced(left)))
    if named is None or not right or named[0] in scope.shapes():
        return None
    try:  # it must read at the first size tried
        _sizes, context = scope.instances()[0]
        parse(right, replace(context, macros={**context.macros}))
    except TexError:
        return None
    return named[0], (named[1], right)


def _unused_instances(report: PageReport, instance_tex: dict[str, tuple[int, str]]) -> None:
    """A marker's formula must follow it in its section (else it names a formula that changed)."""
    for tex, (line, _) in instance_tex.items():
        report.findings.append(
            Finding(
                report.page,
                line,
                tex,
                "the % instance marker names no formula after it in its section",
            )
        )
    instance_tex.clear()


def _check_instance(scope: _Scope, report: PageReport, item: Item, line: int, names: str) -> None:
    """``% instance $f''(c) > 0$: f(x) = x^2/4, c = 0``: a statement about an arbitrary
    function, checked on the example the marker names, with every name in it bound.

    The example stands for the claim the words make (here a local minimum at c), so a sign
    or digit changed in the typed statement makes it false on the example.
    """
    findings = len(report.findings)
    counts = ("relations", "definitions", "tied", "conditions", "names")
    before = {name: getattr(report, name) for name in counts}
    scope.enter(98)
    _declare(scope, Item("marker", line, text=names), report)
    scope.instance = True
    try:
        _check_formula(scope, report, item.line, item.text)
    finally:
        scope.instance = False
        scope.frames.pop()  # the example's names end with the statement
    if len(report.findings) == findings:  # counted once, as checked on an instance
        for name, count in before.items():
            setattr(report, name, count)
        report.instances += 1


def _split_top_level(text: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for char in text:
        depth += {"(": 1, "{": 1, "[": 1, ")": -1, "}": -1, "]": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return [p for p in parts if p.strip()]


def _define(scope: _Scope, statement: Statement, force: bool = False) -> bool:
    """Bind the name a statement introduces; False if it introduces none."""
    if statement.relations[:1] != ("=",):
        return False
    lhs, rhs = statement.parts[0], statement.parts[1]
    frame = scope.frames[-1]
    if not isinstance(rhs, sp.Expr):
        return False  # x = \\pm 1 is two values, not a definition
    if isinstance(lhs, sp.Symbol) and lhs.name != "_blank":
        if rhs.is_number and not force:
            return False  # "x = 2" is a value the page states, not a definition
        if lhs in rhs.free_symbols:
            return False
        # kept as written: with u = 3x^2 + 1, y = u^5 stays a function of u (dy/du = 5u^4)
        frame.symbols[lhs.name] = rhs
        variable = symbol(scope.context().var)
        frame.functions[lhs.name] = sp.Lambda(variable, rhs)
        if not force:
            scope.retire(frame, lhs.name)
            frame.definitions[lhs.name] = (*scope.current, scope.substitute(rhs), set(scope.pool()))
        return True
    if isinstance(lhs, AppliedUndef) and all(isinstance(a, sp.Symbol) for a in lhs.args):
        if len(set(lhs.args)) != len(lhs.args):
            return False
        name = lhs.func.__name__
        frame.functions[name] = sp.Lambda(lhs.args, scope.substitute(rhs, keep=lhs.args))
        frame.symbols.pop(name, None)
        if not force:
            scope.retire(frame, name)
            frame.definitions[name] = (
                *scope.current,
                frame.functions[name].expr,
                set(scope.pool()),
            )
        return True
    return False


def _introduces(scope: _Scope, statement: Statement) -> bool:
    """Whether the statement's first link defines a name (``u = ...``, ``f(x) = ...``).

    A name is defined anew each time (a page may reuse ``f`` for its next example), unless
    the right side equals what the name is already bound to: then it is a restatement, and
    is proven like any other relation.
    """
    if statement.relations[:1] != ("=",) or scope.instance:
        return False  # on an instance, F(x, y) = 0 is a claim about the example
    lhs, rhs = statement.parts[0], statement.parts[1]
    if _is_value_statement(scope, statement.parts[:2], statement.relations[:1]):
        return False
    if rhs == sp.Symbol("_blank"):
        return False  # "x =" before a glued value
    if isinstance(lhs, sp.Symbol):
        if lhs.name == "_blank" or rhs.is_number or lhs in rhs.free_symbols:
            return False
        bound = scope.lookup_symbol(lhs.name)
    elif isinstance(lhs, AppliedUndef) and all(isinstance(a, sp.Symbol) for a in lhs.args):
        if isinstance(rhs, AppliedUndef) and rhs.func == lhs.func:
            return False  # f(a) = f(b) is a condition on a and b
        bound = scope.lookup_function(lhs.func.__name__)
    else:
        return False
    if bound is None:
        return True
    try:
        same = _compare(scope.substitute(lhs), scope.substitute(rhs), "=", 0, scope.positive()).ok
    except Exception:  # noqa: BLE001
        same = False
    # "Let u = 3x^2 + 1, so y = u^5": equal to y's definition, but now in terms of u,
    # which the chain rule's dy/du needs: it is bound anew in that form.
    in_terms_of_bound = any(
        scope.lookup_symbol(s.name)
        for s in rhs.free_symbols
        if isinstance(s, sp.Symbol) and s != lhs
    )
    return not same or in_terms_of_bound


def _check_formula(
    scope: _Scope, report: PageReport, line: int, tex: str, generated: bool = False
) -> None:
    scope.current = (line, tex)
    if (
        tex.strip() in RELATIONS or tex.strip() in _FUNCTION_NAMES
    ):  # "$\approx$", "$\sin$": notation
        report.names += 1
        return
    if "mathbb" in tex:
        _declare_in_tex(scope.frames[-1], tex)
    shapes = scope.shapes()
    context = scope.context()
    implicit = {} if shapes else _implicit_vectors(scope, tex)
    if implicit:  # s^T \nabla^2 f(a) s of an f of several variables the page leaves generic
        context = replace(
            context,
            arrays={**context.arrays, **implicit},
            parameters={**_generic_parameters(scope, tex), **context.parameters},
        )
    try:
        formula = parse(tex, context)
    except TexError as error:
        if shapes:  # \nabla_{\mathbf x}, A^\top: read at the declared sizes
            _check_sized(scope, report, line, tex)
            return
        report.findings.append(
            Finding(report.page, line, tex, f"the checker cannot read it: {error}")
        )
        return
    except Exception as error:  # noqa: BLE001 - SymPy refusing an expression
        report.findings.append(
            Finding(
                report.page,
                line,
                tex,
                f"the checker cannot read it: {type(error).__name__}: {error}",
            )
        )
        return
    scope.implicit = implicit
    statements = _declarations(scope, report, formula.statements)
    if shapes and statements and _mentions_sized(scope, statements):
        _check_sized(scope, report, line, tex, skip=len(formula.statements) - len(statements))
        return
    try:
        for statement in statements:
            try:
                problem = _check_statement(scope, report, statement, generated)
            except Exception as error:  # noqa: BLE001 - SymPy failing on an expression
                problem = (
                    f"the checker failed on it: {type(error).__name__}: {str(error).strip()[:120]}"
                )
            if problem:
                report.findings.append(Finding(report.page, line, tex, problem))
    finally:
        scope.implicit = {}


#: ``f(\mathbf a + \tau \mathbf s)``: a function applied to an expression in vectors
_APPLIED_TO_VECTOR = re.compile(
    r"(?<![\\A-Za-z])([A-Za-z])\s*\((?:[^()]|\([^()]*\))*?\\(?:mathbf|boldsymbol)"
)
_BOLD_NAME = re.compile(r"\\(?:mathbf|boldsymbol)\s*\{?\s*\\?([A-Za-z]+)\s*\}?(?:_\{?(\w+)\}?)?")


def _applied_to_vectors(tex: str) -> list[str]:
    """The scalar functions a formula applies to vectors: ``f`` of ``f(\\mathbf a)``, not the
    vector function ``\\mathbf g`` of ``\\mathbf g(\\mathbf x)``."""
    return [
        m[1]
        for m in _APPLIED_TO_VECTOR.finditer(tex)
        if not re.search(r"\\(?:mathbf|boldsymbol)\s*\{?\s*$", tex[: m.start(1)])
    ]


def _generic_parameters(scope: _Scope, tex: str) -> dict[str, tuple[str, ...]]:
    """The functions a formula applies to vectors that the page leaves generic: functions of
    two variables (f(\\mathbf a) of a vector (a_1, a_2), not f applied entry by entry)."""
    functions = scope.context().functions
    return {
        name: ("x", "y")
        for name in _applied_to_vectors(tex)
        if scope.lookup_function(name) is None and name in functions
    }


def _implicit_vectors(scope: _Scope, tex: str) -> dict[str, sp.ImmutableMatrix]:
    """The vectors a formula names but neither declares nor binds, when it passes them to a
    function of several variables (``\\mathbf s^\\top \\nabla^2 f(\\mathbf a)\\, \\mathbf s``): each
    has as many entries as that function has variables (two for an f the page leaves
    generic, whose stand-ins are functions of two variables)."""
    context = scope.context()
    applied = [name for name in _applied_to_vectors(tex) if name in context.functions]
    if not applied:
        return {}
    counts = {len(context.parameters.get(name, ("x", "y"))) for name in applied}
    if len(counts) != 1:
        return {}
    (length,) = counts
    found: dict[str, sp.ImmutableMatrix] = {}
    for match in _BOLD_NAME.finditer(tex):
        if match[1] in ("0", "1") or match[2] or re.match(r"\s*[=(]", tex[match.end() :]):
            continue  # \mathbf g = \nabla f(\mathbf p) defines g; \mathbf g(\mathbf x) applies it
        name = f"{match[1]}bold"
        if name in context.arrays or name in context.macros or name in context.functions:
            continue
        found[name] = _arrays.entries(name, length, 1)
    return found


# -- vectors and matrices of symbolic size (level 2 of issue 15) -----------------------------


_DECLARED = re.compile(
    r"(?:^|[,;$]|\\q?quad|\\text\{[^}]*\}|\b(?:Let|with|and))\s*"
    r"(?:\\(?P<style>mathbf|boldsymbol)\s*\{?\s*\\?(?P<bold>[A-Za-z]+)\s*\}?|(?P<capital>[A-Z]))"
    r"(?:_\{?(?P<sub>\w+)\}?)?\s*\\in\s*\\mathbb\{?(?P<letter>[RS])\}?"
    r"(?:\^(?:\{(?P<sizes>[^{}]*)\}|(?P<size>\w)))?"
)


def _declare_in_tex(frame: _Frame, tex: str) -> None:
    """Declare the shapes a formula states (``W_1 \\in \\mathbb{R}^{h \\times d}``) by their
    text, ahead of reading it."""
    for match in _DECLARED.finditer(tex):
        name = f"{match['bold']}bold" if match["bold"] else match["capital"]
        if match["sub"]:
            name += f"_{match['sub']}"
        sizes = (match["sizes"] or match["size"] or "").split(r"\times")
        try:
            values = [
                parse(size, Context(functions=set())).statements[0].parts[0]
                for size in sizes
                if size.strip()
            ]
        except TexError:
            continue
        if not values or len(values) > 2:
            continue
        if len(values) == 1:
            values.append(values[0] if match["letter"] == "S" else sp.Integer(1))
        frame.shapes.setdefault(name, (values[0], values[1]))
        if match["letter"] == "S":
            frame.properties.setdefault(name, set()).add("symmetric")


def _is_declaration(statement: Statement) -> bool:
    last = statement.parts[-1]
    return (
        statement.relations[-1:] == ("in",)
        and isinstance(last, AppliedUndef)
        and last.func == SPACE
    ) or (statement.relations in ((">>",), (">>=",)) and statement.parts[1] == 0)


def _declarations(
    scope: _Scope, report: PageReport, statements: Sequence[Statement]
) -> list[Statement]:
    """Declare the shapes a formula states (``A, B \\in \\mathbb{R}^{n \\times n}``,
    ``X \\succ 0``); return the statements left to check."""
    if not any(_is_declaration(s) for s in statements):
        return list(statements)
    left: list[Statement] = []
    pending: list[sp.Basic] = []  # "A, B \in ...": the bare names before the declaration
    frame = scope.frames[-1]
    for statement in statements:
        if not statement.relations and isinstance(statement.parts[0], sp.Symbol):
            pending.append(statement.parts[0])
            continue
        if not _is_declaration(statement):
            left.extend(Statement((p,), (), (str(p),)) for p in pending)
            pending = []
            left.append(statement)
            continue
        names = [*pending, *statement.parts[:-1]]
        pending = []
        if statement.relations[0] in (">>", ">>="):
            for name in names:
                frame.properties.setdefault(str(name), set()).add("positive definite")
            report.conditions += 1
            continue
        space = statement.parts[-1]
        letter, rows, cols = space.args
        for name in names:
            if not isinstance(name, sp.Symbol):
                report.findings.append(Finding(
                    report.page, scope.current[0], scope.current[1],
                    f"{_text(name)} \\in ...: only a name can be declared with a shape",
                ))  # fmt: skip
                continue
            if rows == 1 and cols == 1:
                continue  # x \in \mathbb{R}: a number, as every name is
            frame.shapes[name.name] = (rows, cols)
            frame.arrays.pop(name.name, None)
            frame.macros.pop(name.name, None)
            if str(letter) == "S":
                frame.properties.setdefault(name.name, set()).add("symmetric")
        report.conditions += 1
    left.extend(Statement((p,), (), (str(p),)) for p in pending)
    return left


def _mentions_sized(scope: _Scope, statements: Sequence[Statement]) -> bool:
    """Whether statements name a vector or matrix of symbolic size (or an entry of one), a
    size, or a name defined in symbolic sizes."""
    names = set(scope.shapes()) | set(scope.sizes()) | set(scope.macros())
    letters = {n.removesuffix("bold") for n in names if n.endswith("bold")} | {
        n for n in names if re.fullmatch(r"[A-Z]", n)
    }
    for statement in statements:
        if (
            statement.relations == ("=",)
            and isinstance(statement.parts[0], sp.Symbol)
            and isinstance(statement.parts[1], (sp.MatrixBase, sp.Tuple))
            and _numeric(statement.parts[1])
        ):
            continue  # z = (0, ln 3, -ln 3): bound to numbers, read as it is
        for part in statement.parts:
            if isinstance(part, sp.Basic) and any(
                isinstance(s, sp.Symbol) and s.name.split("_")[0] in letters
                for s in part.free_symbols
                if "_" in getattr(s, "name", "")
            ):
                return True  # p_i, A_{ij}: an entry
        for part in statement.parts:
            if not isinstance(part, sp.Basic):
                continue
            found = {s.name for s in part.free_symbols if isinstance(s, sp.Symbol)}
            found |= {c.func.__name__ for c in part.atoms(AppliedUndef)}
            if found & names:
                return True
    return False


_sized_name = defined_name


def _shape_words(value: sp.Basic, sizes: dict[str, int]) -> str:
    """A shape as the page's sizes name it: ``a 3 x 2 matrix (m x n)``."""
    words = _arrays.describe(value)
    if not is_array(value):
        return words
    names = []
    for size in value.shape:
        matching = [name for name, v in sizes.items() if v == size]
        names.append(matching[0] if len(matching) == 1 else str(size))
    return f"{words} ({' x '.join(names)})"


def _at(sizes: dict[str, int]) -> str:
    return ", ".join(f"{name} = {value}" for name, value in sizes.items())


def _check_sized(scope: _Scope, report: PageReport, line: int, tex: str, skip: int = 0) -> None:
    """A formula in vectors and matrices of symbolic size: read at each size tried, and each
    statement checked at every one of them."""
    fresh = _predefine(scope, tex)
    instances = []
    for sizes, context in scope.instances():
        instances.extend(_free_index_instances(tex, sizes, context))
    formulas = []
    for sizes, context in instances:
        try:
            formulas.append(parse(tex, context))
        except TexError as error:
            report.findings.append(Finding(
                report.page, line, tex, f"the checker cannot read it at {_at(sizes)}: {error}"
            ))  # fmt: skip
            return
        except Exception as error:  # noqa: BLE001 - SymPy refusing an expression
            report.findings.append(Finding(
                report.page, line, tex,
                f"the checker cannot read it at {_at(sizes)}: {type(error).__name__}: {error}",
            ))  # fmt: skip
            return
    count = len(formulas[0].statements)
    for index in range(skip, count):
        versions = [formula.statements[index] for formula in formulas]
        try:
            problem = _check_sized_statement(
                scope, report, versions, [s for s, _ in instances], fresh
            )
        except Exception as error:  # noqa: BLE001 - SymPy failing on an expression
            problem = (
                f"the checker failed on it: {type(error).__name__}: {str(error).strip()[:120]}"
            )
        if problem:
            report.findings.append(Finding(report.page, line, tex, problem))


_FREE_INDEX = re.compile(r"_\{?\s*([ijkl])(?:\s*,?\s*([ijkl]))?\s*\}?")
_SUMMED = re.compile(r"\\sum_\{?\s*([ijkl])(?:\s*,\s*([ijkl]))?")


def _free_index_instances(
    tex: str, sizes: dict[str, int], context: Context
) -> list[tuple[dict[str, int], Context]]:
    """``softmax(z)_i = e^{z_i} / \\sum_j e^{z_j}``: a formula with an index no sum binds holds
    for every value of it; one context per value (up to the size of the largest array)."""
    free = {i for match in _FREE_INDEX.finditer(tex) for i in match.groups() if i}
    free -= {i for match in _SUMMED.finditer(tex) for i in match.groups() if i}
    if not free or not context.arrays:
        return [(sizes, context)]
    largest = max(max(a.shape) for a in context.arrays.values())
    names = sorted(free)
    out = []
    for values in itertools.product(range(1, largest + 1), repeat=len(names)):
        indices = dict(zip(names, values, strict=True))
        try:
            parse(tex, replace(context, indices=indices))
        except TexError as error:
            if "entries" in str(error) or "outside" in str(error):
                continue  # the index runs past this vector: not a value it takes
        out.append(({**sizes, **indices}, replace(context, indices=indices)))
    return out or [(sizes, context)]


def _home(scope: _Scope) -> _Frame:
    """Where a name defined in symbolic sizes lives: its scope, except in a theorem, whose
    \\mathbf p = \\operatorname{softmax}(\\mathbf z) holds for the proof after it (in the section)."""
    frame = scope.frames[-1]
    if scope.instance or frame.directive not in _STATED:
        return frame
    return scope.section()


#: Directives whose names in symbolic sizes hold for the rest of the section: a theorem's
#: hypotheses are the proof's (a definition block's or an example's stay in the block).
_STATED = ("prf:theorem", "prf:lemma", "prf:corollary", "prf:proposition")


def _predefine(scope: _Scope, tex: str) -> set[str]:
    """``\\mathbf z_1 = W_1 \\mathbf x + \\mathbf b_1, \\qquad \\mathbf h = \\sigma(\\mathbf z_1)``:
    the names a formula defines, known before it is read (a later one uses an earlier one)."""
    if "=" not in tex:
        return set()
    pieces = [
        piece
        for chunk in re.split(r"\\q?quad|\\text\{[^}]*\}", tex)
        for piece in _split_top_level(chunk)
    ]
    fresh: set[str] = set()
    shapes, macros = scope.shapes(), scope.macros()
    for piece in pieces:
        if piece.count("=") != 1 or re.search(r"\\[lg]eq?\b|<|>", piece):
            continue
        left, right = (side.strip().rstrip(".") for side in piece.split("="))
        named = defined_name(" ".join(_spaced(left)))
        if named is None or named[0] in shapes or named[0] in macros or not right:
            continue
        if re.fullmatch(r"[JHD]_\w+", named[0]) or "matrix}" in right:
            continue
        _home(scope).macros[named[0]] = (named[1], right)
        fresh.add(named[0])
    return fresh


def _spaced(tex: str) -> list[str]:
    """TeX as the parser's tokens (so that a name reads as it does in a statement's text)."""
    return re.findall(r"\\[A-Za-z]+|\\.|[A-Za-z]+|\d+|\S", tex)


def _check_sized_statement(
    scope: _Scope,
    report: PageReport,
    versions: list[Statement],
    sizes: list[dict[str, int]],
    fresh: set[str] = frozenset(),  # type: ignore[assignment]
) -> str | None:
    first = versions[0]
    relations = first.relations
    if ":" in relations or (
        not relations
        and (
            _BOLD_NAMES.fullmatch(first.texts[0].strip())
            or _SHAPE_WORDS.fullmatch(first.texts[0].strip())
        )
    ):
        report.names += 1
        return None
    if not relations:
        if _sized_tied(scope, versions, sizes):
            report.tied += 1  # delta_2 h^T: a side of a relation checked before
            return None
        report.names += 1  # an expression in symbolic sizes whose shapes fit at every size
        return None
    hypothesis = _hypothesis(scope, first.texts, relations)
    if hypothesis is not None:
        name, word = hypothesis
        scope.section().properties.setdefault(name, set()).add(word)
        report.conditions += 1  # det X > 0, 1^T y = 1: what the entries drawn must satisfy
        return None
    if relations[0] in ("in", ">>", ">>=") or "->" in relations or "!=" in relations:
        report.conditions += 1  # x \\in R^n, X \\succ 0, X v \\ne 0: hypotheses
        return None
    if "<-" in relations:
        report.names += 1  # X \\leftarrow X - \\eta \\nabla_X f: an update, notation for a step
        return None
    links = list(range(len(relations)))
    if relations[0] == "=" and not scope.instance:
        introduced = _sized_name(first.texts[0])
        derived = introduced is not None and re.fullmatch(r"[JHD]_(\w+)", introduced[0])
        if derived and (derived[1] in scope.macros() or f"{derived[1]}bold" in scope.macros()):
            introduced = None  # H_f(\mathbf x) = ...: the Hessian of f, a claim to check
        if introduced is not None and introduced[0] in fresh:
            report.definitions += 1  # defined by this formula, read ahead of it
            links = links[1:]
            introduced = None
        if (
            introduced is not None
            and "matrixslot" not in first.texts[1]
            and introduced[0] not in scope.macros()  # defined already: a restatement to prove
        ):
            name, parameters = introduced
            declared = scope.shapes().get(name)
            if declared is not None:
                # z \in R^m declared, then z = W x + b: the definition must have z's shape
                for version, at in zip(versions, sizes, strict=True):
                    lhs, rhs = version.parts[0], _arrays.scalar(_arrays.column(version.parts[1]))
                    if _arrays.describe(_arrays.scalar(lhs)) != _arrays.describe(rhs) or (
                        is_array(lhs) and is_array(rhs) and lhs.shape != rhs.shape
                    ):
                        return (
                            f"at {_at(at)}: {name.removesuffix('bold')} is declared"
                            f" {_shape_words(lhs, at)} but defined as {_shape_words(rhs, at)}"
                        )
                report.definitions += 1
                links = links[1:]
            elif name not in scope.shapes() and (not is_array(first.parts[0]) or parameters):
                _home(scope).macros[name] = (parameters, first.texts[1])
                report.definitions += 1
                links = links[1:]
    named = defined_name(first.texts[0]) if relations[:1] == ("=",) else None
    for link in links:
        relation = relations[link]
        for version, at in zip(versions, sizes, strict=True):
            lhs = scope.substitute(version.parts[link], evaluate=False)
            rhs = scope.substitute(version.parts[link + 1], evaluate=False)
            problem = _sized_link(scope, lhs, rhs, relation, at, _tolerance(version.texts))
            if (
                problem
                and link == 0
                and named is not None
                and not named[1]
                and named[0] in scope.macros()
                and not scope.instance
            ):  # \\mathbf h = \\sigma(\\mathbf z) after \\mathbf h = f(\\mathbf z): defined anew here
                _home(scope).macros[named[0]] = ((), first.texts[1])
                report.definitions += 1
                break
            if problem and len(relations) > 1:  # name the link of the chain that fails
                return f"{version.texts[link]} {relation} {version.texts[link + 1]}: {problem}"
            if problem:
                return problem
        else:
            report.relations += 1
            for side in (link, link + 1):  # a later bare expression may repeat either side
                scope.section().sized_parts.append(
                    {
                        _size_key(at): scope.substitute(version.parts[side], evaluate=False)
                        for version, at in zip(versions, sizes, strict=True)
                    }
                )
    return None


def _size_key(at: dict[str, int]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(at.items()))


def _sized_tied(scope: _Scope, versions: list[Statement], sizes: list[dict[str, int]]) -> bool:
    """Whether a bare expression in symbolic sizes equals, at every size tried, a side of a
    relation checked earlier in its section (the matrix the theorem stated, named again)."""
    values = [scope.substitute(v.parts[0], evaluate=False) for v in versions]
    if not all(is_array(_arrays.column(value)) for value in values):
        return False
    for frame in scope.frames:
        for part in frame.sized_parts:
            if all(_size_key(at) in part for at in sizes) and all(
                _sized_link(scope, value, part[_size_key(at)], "=", at, 0.0) is None
                for value, at in zip(values, sizes, strict=True)
            ):
                return True
    return False


#: Random draws of the entries per size tried.
_DRAWS = 2

_NAME = r"(?:(?P<capital>[A-Z])|\\(?:mathbf|boldsymbol)\s*\{?\s*\\?(?P<bold>[A-Za-z]+)\s*\}?)(?:_\{?(?P<sub>\w+)\}?)?"
#: ``\det X > 0``, ``\det(X) < 0``: the sign of a declared square matrix's determinant
_DET_SIGN = re.compile(rf"\\det\s*(?:\(\s*{_NAME}\s*\)|{_NAME.replace('?P<', '?P<d_')})")
#: ``\mathbf 1^\top \mathbf y``: the sum of a declared vector's entries
_ENTRY_SUM = re.compile(
    rf"\\mathbf\s*\{{?\s*1\s*\}}?\s*\^\s*\{{?\s*(?:\\top|T)\s*\}}?\s*{_NAME.replace('?P<', '?P<d_')}"
)


def _declared_name(match: re.Match[str]) -> str:
    """The checker's name of the matrix or vector a pattern of :data:`_NAME` matched."""
    groups = {k.removeprefix("d_"): v for k, v in match.groupdict().items() if v}
    name = f"{groups['bold']}bold" if "bold" in groups else groups.get("capital", "")
    return f"{name}_{groups['sub']}" if "sub" in groups else name


def _hypothesis(
    scope: _Scope, texts: Sequence[str], relations: Sequence[str]
) -> tuple[str, str] | None:
    """``\\det X > 0`` or ``\\mathbf 1^\\top \\mathbf y = 1`` of a declared name: a hypothesis
    on its entries (the name and the property), not a claim."""
    if len(relations) != 1 or len(texts) != 2 or texts[1].strip() not in ("0", "1"):
        return None
    left, relation, right = texts[0].strip(), relations[0], texts[1].strip()
    shapes = scope.shapes()
    det = _DET_SIGN.fullmatch(left)
    if det and right == "0" and relation in (">", "<"):
        name = _declared_name(det)
        shape = shapes.get(name)
        if shape is not None and shape[0] == shape[1]:
            return name, "positive determinant" if relation == ">" else "negative determinant"
    total = _ENTRY_SUM.fullmatch(left)
    if total and right == "1" and relation == "=":
        name = _declared_name(total)
        shape = shapes.get(name)
        if shape is not None and 1 in shape:
            return name, "entries sum to one"
    return None


def _sample_entries(
    scope: _Scope, symbols: set[sp.Symbol], at: dict[str, int], draw: int, seed: str
) -> dict[sp.Symbol, sp.Expr]:
    """Values for the entries of the declared names (random small rationals; symmetric or
    positive definite where declared) and the sample points for every other name."""
    import random

    generator = random.Random(f"{seed}:{draw}:{sorted(at.items())}")
    values: dict[sp.Symbol, sp.Expr] = {}
    context = dict(scope.instances()[0][1].arrays)  # names only; shapes come from `at`
    values_at = {symbol(k): v for k, v in at.items()}
    for name, (rows, cols) in scope.shapes().items():
        r, c = (int(sp.sympify(size).xreplace(values_at | {sp.Symbol(k): v for k, v in at.items()})) for size in (rows, cols))  # fmt: skip
        entries = _arrays.entries(name, r, c)
        if not set(entries) & symbols:
            continue
        properties = scope.properties(name)

        def number() -> sp.Rational:
            return sp.Rational(
                generator.choice([-3, -2, -1, 1, 2, 3, 4]), generator.choice([1, 2, 3])
            )

        matrix = sp.Matrix(r, c, lambda i, j: number())
        if "positive definite" in properties and r == c:
            matrix = matrix * matrix.T + sp.eye(r)
        elif "symmetric" in properties and r == c:
            matrix = matrix + matrix.T
        if "entries sum to one" in properties:  # a distribution: positive, summing to one
            matrix = matrix.applyfunc(abs)
            matrix = matrix / sum(matrix)
        sign = {"positive determinant": 1, "negative determinant": -1}
        wanted = next((v for k, v in sign.items() if k in properties), 0)
        if wanted and r == c:
            while matrix.det() == 0:
                matrix = matrix + sp.eye(r)
            if sp.sign(matrix.det()) != wanted:
                matrix[0, :] = -matrix[0, :]  # one row negated: the determinant changes sign
        values.update(dict(zip(entries, matrix, strict=True)))
    del context
    others = sorted((s for s in symbols if s not in values), key=str)
    positive = scope.positive()
    for index, s in enumerate(others):
        value = SAMPLE_POINTS[(index * 3 + draw * 5) % len(SAMPLE_POINTS)]
        if s.name in positive or s.is_positive:
            value = abs(value)
        values[s] = sp.Rational(repr(value))
    return values


def _entry_value(expr: sp.Basic, values: dict[sp.Symbol, sp.Expr]) -> Any:
    """An entry's value: every name but those a derivative in it takes is a number first,
    then the derivatives are taken (small, with numbers for coefficients), then the rest."""
    expr = sp.sympify(expr)
    kept: set[sp.Basic] = set()
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Derivative):
            kept |= {v for v, _ in node.variable_count}
        elif isinstance(node, sp.Subs):
            kept |= set(node.variables)
    exact = not any(not isinstance(f, AppliedUndef) for f in expr.atoms(sp.Function)) and all(
        p.exp.is_Integer for p in expr.atoms(sp.Pow)
    )
    numbers = {k: (v if exact else sp.Float(v, 30)) for k, v in values.items()}
    first = expr.xreplace({k: v for k, v in numbers.items() if k not in kept})
    if kept:
        try:
            first = first.doit()
        except Exception as error:  # noqa: BLE001 - a derivative SymPy cannot take
            raise _NotANumberError(str(error)) from error
        first = first.xreplace({k: v for k, v in numbers.items() if k in kept})
    return _value(first, {})


def _sized_link(
    scope: _Scope, lhs: sp.Basic, rhs: sp.Basic, relation: str, at: dict[str, int], tolerance: float
) -> str | None:
    """One link at one size: the shapes agree, and every entry holds at random entries."""
    lhs, rhs = _arrays.column(lhs), _arrays.column(rhs)
    for one, other in ((lhs, rhs), (rhs, lhs)):
        if is_array(one) and not is_array(other) and other == 0:
            zero = sp.ImmutableMatrix(sp.zeros(*one.shape))
            lhs, rhs = (one, zero) if one is lhs else (zero, one)
    lhs, rhs = _arrays.scalar(lhs), _arrays.scalar(rhs)
    if is_array(lhs) != is_array(rhs) or (is_array(lhs) and lhs.shape != rhs.shape):
        return (
            f"the shapes differ at {_at(at)}: {_shape_words(lhs, at)} on the left,"
            f" {_shape_words(rhs, at)} on the right"
        )
    if is_array(lhs) and relation not in ("=", "~"):
        return "only = and \\approx are read between vectors or matrices"
    if relation not in _RELATION_WORDS:
        return None
    left = list(lhs) if is_array(lhs) else [lhs]
    right = list(rhs) if is_array(rhs) else [rhs]
    symbols: set[sp.Symbol] = set()
    for entry in (*left, *right):
        symbols |= {s for s in sp.sympify(entry).free_symbols if isinstance(s, sp.Symbol)}
    generic = [e for e in (*left, *right) if isinstance(e, sp.Basic) and e.has(AppliedUndef)]
    if generic:  # f(\\mathbf z) of an f the page leaves generic: each set of stand-ins
        for functions in _stand_ins(*generic):
            left = [_substitute_functions(sp.sympify(e), functions) for e in left]
            right = [_substitute_functions(sp.sympify(e), functions) for e in right]
            break  # one set: the sizes and draws vary the rest
        if any(isinstance(e, sp.Basic) and e.has(AppliedUndef) for e in (*left, *right)):
            return "it uses a function the page does not define"
    valid = 0
    for draw in range(_DRAWS):
        values = _sample_entries(scope, symbols, at, draw, scope.current[1])
        for index, (a, b) in enumerate(zip(left, right, strict=True)):
            try:
                x_value, y_value = _entry_value(a, values), _entry_value(b, values)
            except _NotANumberError:
                continue
            valid += 1
            if not _holds(x_value, y_value, relation, tolerance):
                place = ""
                if is_array(lhs):
                    i, j = divmod(index, lhs.shape[1])
                    place = (
                        f"entry ({i + 1}, {j + 1}) "
                        if 1 not in lhs.shape
                        else f"entry {index + 1} "
                    )
                shown_a, shown_b = _format_pair(x_value, y_value)
                return (
                    f"{_RELATION_WORDS[relation]} at {_at(at)}: {place}{shown_a} vs {shown_b}"
                    " (random entries)"
                )
    if valid == 0:
        return (
            f"it cannot be evaluated at {_at(at)} (declare X \\succ 0 where a log or root needs it)"
        )
    return None


def _is_name(expr: sp.Basic) -> bool:
    if isinstance(expr, (sp.Symbol, sp.FunctionClass)):
        return True
    if isinstance(expr, sp.MatrixBase):  # \nabla f(x, y): the column of partials of a name
        return all(_is_name(entry) for entry in expr)
    if (
        isinstance(expr, sp.Expr)
        and expr.has(AppliedUndef)
        and not expr.atoms(sp.Number) - {sp.S.NegativeOne}
    ):
        # f(x)^{g(x)}, f - g: an expression of functions the page leaves generic, no number in it
        return all(
            isinstance(a, (sp.Symbol, AppliedUndef)) for a in expr.atoms(sp.Symbol, AppliedUndef)
        )
    if isinstance(expr, AppliedUndef):
        return all(isinstance(a, sp.Symbol) for a in expr.args)
    if isinstance(expr, (sp.Derivative, sp.Subs)):
        return _is_name(expr.expr if isinstance(expr, sp.Derivative) else expr.expr)
    return False


#: Names of small steps: a formula with one of them and \\approx holds as the step shrinks.
_SMALL_STEPS = {"h", "Delta_x", "Delta_t", "Delta_w", "epsilon", "delta"}


def _approaches(lhs: sp.Basic, rhs: sp.Basic, step: sp.Symbol) -> str | None:
    """``f'(x) \\approx (f(x + h) - f(x - h))/(2h)``: the gap closes as the step shrinks."""
    difference = lhs - rhs
    for functions in _stand_ins(difference):
        concrete = _substitute_functions(difference, functions) if functions else difference
        others = [s for s in _free(concrete) if s != step]
        for at in _points(others, set()) if others else [{}]:
            try:
                gaps = [abs(_value(concrete, {**at, step: size})) for size in (1e-2, 1e-4)]
            except _NotANumberError:
                continue
            if gaps[1] > 0.1 * gaps[0] + 1e-9:
                where = ", ".join(f"{s} = {v:g}" for s, v in at.items())
                return f"the gap does not close as {step} shrinks ({gaps[0]:.3g} then {gaps[1]:.3g} at {where})"
    return None


def _taylor_order(
    lhs: sp.Basic, rhs: sp.Basic, vectors: dict[str, sp.ImmutableMatrix]
) -> str | None:
    """``f(\\mathbf a + \\mathbf s) \\approx f(\\mathbf a) + \\nabla f(\\mathbf a)^\\top \\mathbf s``:
    with the step scaled to t s, the right side is a polynomial in t of some degree d, and the
    error must shrink faster than t^d (a first-order approximation's error is o(t), a
    second-order one's o(t^2)), for each set of stand-ins of the generic functions.

    None when it does; a message when it does not; "" when no vector of the formula is a step
    (the right side is not a polynomial in it).
    """
    t = sp.Dummy("t", positive=True)
    stand_ins = [
        (_substitute_functions(lhs, f).doit(), _substitute_functions(rhs, f).doit())
        for f in _stand_ins(lhs, rhs)
    ]  # the derivatives taken first: a point's entries are the variables they are taken by
    for name, vector in vectors.items():
        scaled = {entry: t * entry for entry in vector}
        checked = False
        for concrete_lhs, concrete_rhs in stand_ins:
            concrete_left = concrete_lhs.xreplace(scaled)
            concrete_right = concrete_rhs.xreplace(scaled)
            if not concrete_left.has(t) or not concrete_right.has(t):
                break
            others = [s for s in _free(concrete_left, concrete_right) if s != t]
            for at in (_points(others, set()) if others else [{}])[:3]:
                numbers = {s: sp.Rational(repr(v)) for s, v in at.items()}
                try:
                    degree = sp.Poly(sp.expand(concrete_right.xreplace(numbers)), t).degree()
                except sp.PolynomialError:
                    break  # not a step of the approximation: the next vector, perhaps
                if degree < 1:
                    break
                gap = concrete_left - concrete_right
                try:
                    gaps = [abs(_value(gap, {**at, t: step})) for step in (0.01, 0.001)]
                except _NotANumberError:
                    continue
                checked = True
                if gaps[1] > gaps[0] * 10 ** -(degree + 0.5) + 1e-20:
                    step = name.removesuffix("bold")
                    return (
                        f"the error does not shrink faster than the step to the power {degree}"
                        f" (with {step} scaled by 1/100 then 1/1000: {float(gaps[0]):.3g} then"
                        f" {float(gaps[1]):.3g})"
                    )
        if checked:
            return None
    return ""


def _up_to_order(lhs: sp.Basic, rhs: sp.Basic) -> str | None:
    """Check ``lhs = rhs + O(h^n)``: the difference shrinks at least like h^n as h -> 0."""
    orders = [o for side in (lhs, rhs) for o in side.atoms(sp.Order)]
    (order,) = orders[:1] or [None]
    if order is None or len(order.variables) != 1:
        return "only one O(h^n) term in one variable can be checked"
    h = order.variables[0]
    bound = order.expr
    difference = lhs.removeO() - rhs.removeO()
    for functions in _stand_ins(difference):
        concrete = _substitute_functions(difference, functions) if functions else difference
        others = {s: 0.7 for s in concrete.free_symbols if s != h}
        ratios = []
        for step in ("1/100", "1/1000"):
            at = {**others, h: float(sp.Rational(step))}
            try:
                ratios.append(abs(_value(concrete / bound, at)))
            except _NotANumberError:
                return "it cannot be evaluated near h = 0"
        if ratios[1] > 2 * ratios[0] + 1e-6:
            return f"the difference does not shrink like {_text(bound)} ({ratios[0]:.3g} then {ratios[1]:.3g})"
    return None


@functools.lru_cache(maxsize=4096)
def _proven(lhs: sp.Basic, rhs: sp.Basic) -> bool:
    """SymPy proves ``lhs = rhs``; with generic functions, for each set of concrete ones too."""
    if _proves_zero(lhs - rhs):
        return True
    if not _generic_names(lhs, rhs):
        return False
    return all(
        _proves_zero(_substitute_functions(lhs, functions) - _substitute_functions(rhs, functions))
        for functions in _stand_ins(lhs, rhs)
    )


def _generic_only(value: sp.Basic, scope: _Scope) -> bool:
    """Whether a value is built from functions the page leaves generic (``f(a) + f'(a)(x - a)``)."""
    calls = value.atoms(AppliedUndef)
    return bool(calls) and not any(scope.lookup_function(c.func.__name__) for c in calls)


def _declares_dependence(
    scope: _Scope, parts: Sequence[sp.Basic], relations: Sequence[str]
) -> bool:
    """``y = y(x)``: y stands for a function of x for the rest of the scope."""
    if tuple(relations) != ("=",) or parts[0] != parts[1] or not isinstance(parts[0], AppliedUndef):
        return False
    call = parts[0]
    if len(call.args) != 1 or not isinstance(call.args[0], sp.Symbol):
        return False
    scope.frames[-1].dependent[call.func.__name__] = call.args[0].name
    return True


def _is_value_statement(scope: _Scope, parts: Sequence[sp.Basic], relations: Sequence[str]) -> bool:
    """``x = 2``, ``h = 10^{-7}``, ``x = \\pm 1``, ``x = 1 + h``: a point, not a definition.

    The variable ``x`` itself is never bound: "from $x = 1$ to $x = 1 + h$" names points.
    """
    value = parts[1]
    if (
        relations[:1] == ("=",)
        and isinstance(parts[0], sp.Symbol)
        and parts[0].name == scope.context().var
        and isinstance(value, sp.Expr)
        and parts[0] not in value.free_symbols
    ):
        return True
    numbers = (
        value.is_number
        if isinstance(value, sp.Expr)
        else (isinstance(value, sp.FiniteSet) and all(v.is_number for v in value))
    )
    if not (relations[:1] == ("=",) and isinstance(parts[0], sp.Symbol) and numbers):
        return False
    bound = scope.lookup_symbol(parts[0].name)
    # "such as h = 10^{-7}" for an h defined by a formula: a value it may take
    return bound is None or not bound[0].is_number


def _atomic(expr: sp.Basic, scope: _Scope, bounds: bool = False) -> bool:
    """A number, an unbound name, or a function (or its derivative) at unbound names.

    ``f'(a)`` is atomic whatever ``f`` is: a statement about it at an unnamed point is a
    condition. ``f'(1)`` is atomic only while ``f`` is generic; once ``f`` is defined, it is
    a value to check.
    """
    if isinstance(expr, sp.Mul) and expr.args[0] == -1 and len(expr.args) == 2:
        expr = expr.args[1]
    if expr.is_number:
        return True
    if isinstance(expr, sp.Tuple):
        return all(_atomic(item, scope) for item in expr)
    if isinstance(expr, sp.MatrixBase):  # \nabla f(a, b) = 0: a condition on a, b
        return not _numeric(expr) and all(_atomic(item, scope) for item in expr)
    if isinstance(expr, sp.Symbol):
        return scope.lookup_symbol(expr.name) is None
    if isinstance(expr, sp.Abs) and bounds:
        return _atomic(expr.args[0], scope)  # |x| < 1 bounds x; |x| = x is a claim
    if isinstance(expr, sp.Subs):
        points, inner = expr.point, expr.expr
        if isinstance(inner, sp.Derivative):
            inner = inner.expr
    elif isinstance(expr, sp.Derivative):
        points, inner = (), expr.expr
    else:
        points, inner = (), expr
    if not isinstance(inner, AppliedUndef):
        return False
    arguments = [*points, *(a for a in inner.args if not isinstance(a, sp.Dummy))]
    bound = scope.lookup_function(inner.func.__name__)
    generic = bound is None
    if (
        bound is not None
        and len(bound[0].variables) > 1
        and not points
        and tuple(inner.args) == tuple(bound[0].variables)
    ):
        return False  # f_{xy} of an f(x, y) the page defines: a function to check, not a name

    return all(
        (isinstance(a, sp.Symbol) and scope.lookup_symbol(a.name) is None)
        or (generic and a.is_number)
        for a in arguments
    )


def _numeric(value: sp.Basic) -> bool:
    """A number, or a vector or matrix of numbers."""
    if isinstance(value, (sp.MatrixBase, sp.Tuple)):
        return all(_numeric(item) for item in value)
    return bool(value.is_number)


def _is_condition(parts: Sequence[sp.Basic], relations: Sequence[str], scope: _Scope) -> bool:
    """``x > 0``, ``a < b``, ``f'(c) = 0``: a hypothesis about names, not a claim to prove."""
    if all(_numeric(p) for p in parts):
        return False
    arrays = [p for p in parts if isinstance(p, sp.MatrixBase)]
    if (
        len(arrays) > 1
        and not any(_numeric(a) for a in arrays)
        and all(entry.has(AppliedUndef) or entry == 0 for a in arrays for entry in a)
    ):
        return False  # \nabla^2 f(\mathbf x) = J_{\nabla f}(\mathbf x): two notations, one claim
    if any(isinstance(p, sp.Symbol) and p.name == "_blank" for p in parts):
        return False
    if any(_numeric(a) and _numeric(b) for a, b in zip(parts, parts[1:], strict=False)):
        return False  # dV/dt = 4 pi 5^2 2 = 200 pi: a chain with arithmetic to check
    bounds = "=" not in relations
    return all(_atomic(p, scope, bounds) for p in parts)


def _assume(scope: _Scope, parts: Sequence[sp.Basic], relations: Sequence[str]) -> None:
    """``x > 0`` restricts the samples of ``x`` to positive values for the rest of the scope."""
    if (
        len(parts) == 2
        and isinstance(parts[0], sp.Symbol)
        and parts[1] == 0
        and relations[0] in (">", ">=")
    ):
        scope.frames[-1].positive.add(parts[0].name)
    simple = all(
        isinstance(p, sp.Expr) and (p.is_number or isinstance(p, sp.Symbol) or (-p).is_Symbol)
        for p in parts
    )
    if simple and set(relations) <= {"<", ">", "<=", ">="}:
        scope.frames[-1].bounds.append((tuple(parts), tuple(relations)))


def _check_statement(
    scope: _Scope, report: PageReport, statement: Statement, generated: bool
) -> str | None:
    parts, relations = statement.parts, statement.relations
    function = (
        defined_name(statement.texts[0])
        if relations[:1] == ("=",) and not scope.instance and len(statement.texts) > 1
        else None
    )
    if (
        function is not None
        and function[1]
        and function[0].endswith("bold")
        and isinstance(parts[1], (sp.MatrixBase, sp.Tuple))
        and len(relations) == 1
    ):
        # \mathbf f(r, \theta) = (r \cos\theta, r \sin\theta): a vector function of named
        # variables, read again wherever it is used (J_{\mathbf f}(r, \theta), \mathbf f(2, 0))
        scope.frames[-1].macros[function[0]] = (function[1], statement.texts[1])
        report.definitions += 1
        return None
    if (
        relations == ("=",)
        and isinstance(parts[0], sp.Symbol)
        and isinstance(parts[1], (sp.MatrixBase, sp.Tuple))
    ):
        # "W = (matrix)", "b = (0.1, 0.1)": an array the checks compute, entry for entry;
        # a vector or a capital name binds it for the scope
        return _bind_array(scope, report, parts[0], parts[1])
    introduced = (
        _sized_name(statement.texts[0]) if relations[:1] == ("=",) and not scope.instance else None
    )
    if (
        introduced is not None
        and introduced[1]
        and not any(p.endswith("bold") or p in scope.shapes() for p in introduced[1])
        and introduced[0].endswith("bold")
        and introduced[0] not in scope.macros()
    ):  # \mathbf f(x, y) = (x^2 y, x + y^3): a vector function, read again where it is used
        _home(scope).macros[introduced[0]] = (introduced[1], statement.texts[1])
        report.definitions += 1
        if len(relations) == 1:
            return None
        statement = Statement(statement.parts[1:], relations[1:], statement.texts[1:])
        parts, relations = statement.parts, statement.relations
    rebound = _sized_name(statement.texts[0]) if relations == ("=",) else None
    if (
        rebound is not None
        and not rebound[1]
        and is_array(parts[0])
        and isinstance(parts[1], (sp.MatrixBase, sp.Tuple))
        and rebound[0] in scope.context().arrays
        and not scope.instance
    ):  # \mathbf u = (0, 1) after \mathbf u = (1, 0): bound anew
        return _bind_array(scope, report, symbol(rebound[0]), parts[1])
    if (
        relations == ("=",)
        and isinstance(parts[0], sp.Tuple)
        and isinstance(parts[1], sp.Tuple)
        and len(parts[0]) == len(parts[1])
        and all(isinstance(p, sp.Symbol) and not scope.lookup_symbol(p.name) for p in parts[0])
        and not _numeric(parts[1])
        and not scope.instance
    ):  # (\Delta x, \Delta y) = (t u_1, t u_2): each name bound to its entry
        for name, value in zip(parts[0], parts[1], strict=True):
            if name in value.free_symbols:
                return f"{_text(name)} is defined in terms of itself"
            scope.frames[-1].symbols[name.name] = value
        report.definitions += 1
        return None
    if ":" in relations:
        report.names += 1  # \\mathbf f : \\mathbb{R}^n \\to \\mathbb{R}^m: a map named
        return None
    if not relations and (
        _BOLD_NAMES.fullmatch(statement.texts[0].strip())
        or _SHAPE_WORDS.fullmatch(statement.texts[0].strip())
    ):
        report.names += (
            1  # \\mathbf u, \\mathbf p - \\mathbf y, m \\times n: vectors or a shape named
        )
        return None
    if not relations and _notation_of_generic(scope, parts[0], statement.texts[0]):
        report.names += 1  # -\\nabla f, \\lVert \\nabla f \\rVert of an f left generic: notation
        return None
    if not relations and is_array(parts[0]):
        value = scope.substitute(parts[0])
        at_point = parts[0].has(sp.Subs) and any(
            scope.lookup_function(c.func.__name__) for c in parts[0].atoms(AppliedUndef)
        )
        if _is_name(parts[0]) and not at_point:
            report.names += 1  # \nabla f(x, y) alone: notation (at a point, a value to tie)
            return None
        if _array_tied(value, scope.pool()):
            report.tied += 1
            return None
        return f"the array {_text(value)} is not one the section's check cells compute"
    if not relations:
        expr = parts[0]
        if isinstance(expr, sp.Tuple):  # a point (3, 3): each coordinate must be computed
            expr = sp.Tuple(
                *[v for item in expr for v in (item if isinstance(item, sp.FiniteSet) else [item])]
            )
            missing = [
                item for item in expr
                if item != 0 and item not in (sp.oo, -sp.oo) and not (_atomic(item, scope) and not item.is_number)
                and not (_number_tied(item, scope.pool()) if item.is_number
                         else bool(_tied(scope.substitute(item), scope.pool())))
            ]  # fmt: skip
            if missing:
                return f"the coordinate {_text(missing[0])} is not one the section's check cells compute"
            report.tied += 1
            return None
        if _is_name(expr) or (expr.is_number and expr == 0):
            report.names += 1
            return None
        if expr.is_number:
            if _number_tied(expr, scope.pool()):
                report.tied += 1
                return None
            return f"the number {_text(expr)} is not one the section's check cells compute"
        tied = _tied(scope.substitute(expr), scope.pool())
        if tied:
            report.tied += 1
            return None
        if tied is None:
            return "it is not a value the checker can evaluate; mark it % unchecked with a reason"
        return "it matches no value the section's check cells compute (tie it to a check, or mark it % unchecked)"
    for part in parts:
        if isinstance(part, sp.Basic):
            for limit in part.atoms(sp.Limit):
                _, variable, point, _ = limit.args
                section = next(f for f in reversed(scope.frames) if f.level < 90)
                section.limits.setdefault(str(variable), set()).add(point)
    if "->" in relations and len(parts) == 2 and isinstance(parts[0], sp.Symbol):
        problem = _limit_point(scope, parts[0], parts[1])
        if problem:
            return problem
    if scope.instance and relations and "->" not in relations:
        unbound = [name for name in _unbound(scope, parts) if name not in _SMALL_STEPS]
        if unbound:
            return f"the instance leaves {', '.join(unbound)} unbound"
    if _declares_dependence(scope, parts, relations):
        report.names += 1
        return None
    if any(isinstance(p, sp.FiniteSet) for p in parts) and not _is_value_statement(
        scope, parts, relations
    ):
        return "\\pm gives two values here; state them one by one"
    if _introduces(scope, statement) and _define(scope, statement):
        report.definitions += 1
        _remember(scope, parts[1:])
        parts, relations = parts[1:], relations[1:]
        if not relations:
            return None
    elif _is_value_statement(scope, parts, relations):
        pass  # "x = 2": a value the page states; tied below
    elif "<-" in relations and scope.instance:
        # on an instance, the update must give the new value the marker states
        target = next((f.updated[str(parts[0])] for f in reversed(scope.frames)
                       if str(parts[0]) in f.updated), None)  # fmt: skip
        if target is None:
            return f"the instance states no new value for {_text(parts[0])} (write {_text(parts[0])} \\leftarrow value)"
        verdict = _compare(
            scope.substitute(parts[1]), scope.substitute(target), "=", 0, scope.positive()
        )
        if not verdict.ok:
            return f"the update gives {_text(scope.substitute(parts[1]))}, not {_text(target)}: {verdict.message}"
        report.relations += 1
        return None
    elif "<-" in relations:  # w <- w - eta dL/dw: an update, notation for a step
        report.names += 1
        return None
    elif (
        scope.instance
        and "->" not in relations
        and ("in" in relations or _is_condition(parts, relations, scope))
        and (unbound := _unbound(scope, parts))
    ):
        return f"the instance leaves {', '.join(unbound)} unbound"
    elif scope.instance and "in" in relations:
        return _check_membership(scope, parts, relations)
    elif "->" in relations or (
        not scope.instance and ("in" in relations or _is_condition(parts, relations, scope))
    ):
        constants = [p for p in parts if p.is_number and p != 0]
        untied = (
            [c for c in constants if not _point_tied(c, scope.pool())]
            if "->" not in relations
            else []
        )
        if untied:
            return (
                f"the condition compares with {_text(untied[0])}, a number the section's checks"
                " do not use (a condition compares names, or with 0)"
            )
        report.conditions += 1
        _assume(scope, parts, relations)
        return None
    blank = sp.Symbol("_blank")
    for left, relation, right in zip(parts, relations, parts[1:], strict=False):
        if blank in (left, right):
            # "\\sigma'(5) \\approx" before a glued value: the side typed must be a value
            # the section's checks compute
            typed = scope.substitute(right if left == blank else left)
            if typed.is_number and scope.glued_after is not None:
                shown, rounding = scope.glued_after
                try:
                    exact = _value(typed, {})
                except _NotANumberError:
                    return f"{_text(typed)} has no value to compare with the glued {shown:g}"
                word = relation if rounding == 0 or relation != "=" else "~"
                holds = (
                    abs(exact - shown) <= rounding + 1e-12 * abs(shown)
                    if word in ("=", "~")
                    else _holds(exact, shown, word, 0)
                )
                if not holds:
                    return f"{_text(typed)} is {float(exact):.6g}, not the glued {shown:g} after it"
                report.relations += 1
                continue
            if typed.is_number and not _number_tied(typed, scope.pool()):
                return f"{_text(typed)} is not a value the section's check cells compute"
            continue
        if left.has(ELLIPSIS) != right.has(ELLIPSIS):
            problem = _series_link(scope, left, right)
            if problem is None:
                report.relations += 1
                continue
            if problem:
                return problem
        if ELLIPSIS in (left, right):
            continue  # "= \\dots =": the elided link states nothing to check
        if left.has(ELLIPSIS) or right.has(ELLIPSIS):
            return (
                f"{_text(left)} {relation} {_text(right)}: a pattern elided with \\cdots"
                " cannot be checked; write it out, or mark it % unchecked with a reason"
            )
        if len(relations) > 1 and _is_condition([left, right], [relation], scope):
            report.conditions += 1  # dV/dt = (the value at the moment named): a condition
            continue
        lhs, rhs = scope.substitute(left), scope.substitute(right)
        if any(is_array(side) or isinstance(side, sp.Tuple) for side in (lhs, rhs)):
            problem = _array_link(scope, lhs, rhs, relation, _tolerance(statement.texts))
            named = defined_name(statement.texts[0]) if problem and left is parts[0] else None
            if named and not named[1] and named[0] in scope.macros() and not scope.instance:
                # \\mathbf h = \\sigma(\\mathbf z) after \\mathbf h = f(\\mathbf z): defined anew
                _home(scope).macros[named[0]] = ((), statement.texts[1])
                report.definitions += 1
                continue
            if problem:
                return f"{_text(left)} {relation} {_text(right)}: {problem}"
            report.relations += 1
            continue
        if _is_value_statement(scope, (left, right), (relation,)):
            # "x = 2": a value the page states; it must be one the checks use
            values = list(right) if isinstance(right, sp.FiniteSet) else [rhs]
            # a point of the variable or a step (x = 1, h = 10^{-5}) must be one the checks
            # evaluate at; a constant named (M = e, eta = 0.1) one they compute
            point = isinstance(left, sp.Symbol) and (
                left.name == scope.context().var or left.name in _SMALL_STEPS
            )
            for value in values:
                tied = (
                    (_point_tied if point else _number_tied)(value, scope.pool())
                    if value.is_number
                    else _tied(value, scope.pool())
                )
                if not tied:
                    return f"the value {_text(value)} of {left} is not one the section's check cells use"
            report.tied += 1
            continue
        if isinstance(left, sp.FiniteSet) or isinstance(right, sp.FiniteSet):
            return f"{_text(left)} {relation} {_text(right)}: \\pm gives two values; state them one by one"
        if relation == "=" and (lhs.has(sp.Order) or rhs.has(sp.Order)):
            problem = _up_to_order(lhs, rhs)
            if problem:
                return f"{_text(left)} = {_text(right)}: {problem}"
            report.relations += 1
            continue
        small = [v for v in (lhs.free_symbols | rhs.free_symbols) if v.name in _SMALL_STEPS]
        if relation == "~" and scope.implicit and not small:
            problem = _taylor_order(lhs, rhs, scope.implicit)
            if problem:
                return f"{_text(left)} \\approx {_text(right)}: {problem}"
            if problem is None:
                report.relations += 1
                continue
        if relation == "~" and small:
            problem = _approaches(lhs, rhs, small[0])
            if problem:
                return f"{_text(left)} \\approx {_text(right)}: {problem}"
            report.relations += 1
            continue
        tolerance = _tolerance(statement.texts)
        verdict = _compare(
            lhs, rhs, relation, tolerance, scope.positive(), scope.constraints(), scope.bounds()
        )
        if not verdict.ok:
            return f"{_text(left)} {relation} {_text(right)}: {verdict.message}"
        positive = {symbol(name): sp.Symbol(name, positive=True) for name in scope.positive()}
        on_curve = scope.constraints() and (lhs.has(AppliedUndef) or rhs.has(AppliedUndef))
        summed = scope.instance and any(
            _symbolic_order_sum(node)
            for side in (left, right)
            for node in sp.preorder_traversal(side)
        )  # a series summed term by term on the example: the numbers decide
        if (
            relation == "="
            and not on_curve
            and not summed
            and not _proven(lhs.xreplace(positive), rhs.xreplace(positive))
        ):
            return f"{_text(left)} = {_text(right)}: the numbers agree but SymPy cannot prove it; restate it"
        report.relations += 1
    _remember(scope, parts)
    return None


_BOLD = r"\\(?:mathbf|boldsymbol)\s*(?:\{\s*\\?\w+\s*\}|\\?\w+)"
_NORM = rf"\\(?:lVert|\|)\s*{_BOLD}\s*\\(?:rVert|\|)(?:\s*_\s*2)?(?:\s*\^\s*\{{?\s*\d\s*\}}?)?"
#: a vector or a sum of vectors named: ``\\mathbf u``, ``\\mathbf p - \\mathbf y``, a norm of one
_BOLD_NAMES = re.compile(rf"-?\s*(?:{_BOLD}|{_NORM})(?:\s*[-+]\s*{_BOLD})*")
#: a shape: ``m \\times n``, ``3 \\times 4``, ``(m \\times k)(k \\times n)``
_SHAPE_WORDS = re.compile(r"(?:\(?\s*\w+\s*\\times\s*\w+\s*\)?\s*)+")


def _notation_of_generic(scope: _Scope, expr: sp.Basic, text: str) -> bool:
    """An expression of functions the page leaves generic, with no number typed in it."""
    calls = expr.atoms(AppliedUndef) if isinstance(expr, sp.Basic) else set()
    notation = {
        s
        for s in (expr.free_symbols if isinstance(expr, sp.Basic) else ())
        if re.match(r"[JH]_", s.name)
    }
    if notation and not re.search(r"\d", re.sub(r"_\s*\{?\s*\w+\s*\}?", "", text)):
        return True  # J_{\\mathbf f}(\\mathbf x) \\mathbf s of an f the page leaves generic
    several = re.search(r"\\nabla|\\mathbf|\\boldsymbol|\\lVert|\\\|", text) or any(
        len(c.args) > 1 for c in calls
    )  # notation of several variables (one-variable formulas keep their ties)
    return (
        bool(calls)
        and bool(several)
        and not re.search(r"\d", re.sub(r"_\s*\{?\s*\w+\s*\}?", "", text))
        and not any(scope.lookup_function(c.func.__name__) for c in calls)
    )


def _bind_array(scope: _Scope, report: PageReport, name: sp.Symbol, value: sp.Basic) -> str | None:
    """``\\mathbf u = (3/5, 4/5)``, ``H = \\begin{pmatrix} ... \\end{pmatrix}``: a vector or matrix
    the section's checks compute; a bold or capital name is bound to it for the scope."""
    value = scope.substitute(_arrays.column(value))
    bold = name.name.endswith("bold")
    if name.name in scope.shapes() and _numeric(value):
        scope.frames[-1].hidden.add(name.name)  # z = (0, ln 3, -ln 3): a worked example's z
    if bold or (is_array(value) and re.fullmatch(r"[A-Z](_\w+)?", name.name)):
        scope.frames[-1].arrays[name.name] = sp.ImmutableMatrix(value)
    if (bold or is_array(value)) and not _numeric(value):
        # \\mathbf w = (w_1, w_2), \\mathbf q = \\mathbf p - \\tau \\mathbf g: a vector of the page's
        # names, checked wherever the relations that use it are
        report.definitions += 1
        return None
    if _array_key(value) is None and not _array_keys(value):
        return f"{_text(value)} is not an array the checker can evaluate"
    if not _array_tied(value, scope.pool()):
        return f"the array {_text(value)} is not one the section's check cells compute"
    report.tied += 1
    return None


def _array_keys(value: sp.Basic) -> set[tuple[Any, ...]]:
    """An array with names in its entries, at each probe point: ("array", probe, shape, keys)."""
    if not isinstance(value, sp.MatrixBase):
        return set()
    shape = (len(value),) if 1 in value.shape else tuple(value.shape)
    found = set()
    for probe in range(_PROBES):
        values = [_probe_values(entry, probe) for entry in value]
        if all(v is not None for v in values):
            found.add(("array", probe, shape, tuple(_key(v) for v in values)))  # type: ignore[arg-type]
    return found


def _array_tied(value: sp.Basic, pool: set[Any]) -> bool:
    """Whether an array is one the checks compute (entry for entry, at every probe point)."""
    value = _arrays.column(value)
    key = _array_key(value)
    if key is not None:
        return key in pool
    keys = _array_keys(value)
    return bool(keys) and keys <= pool


def _array_link(
    scope: _Scope, lhs: sp.Basic, rhs: sp.Basic, relation: str, tolerance: float
) -> str | None:
    """One link between vectors or matrices: the shapes agree, and every entry holds."""
    lhs, rhs = _arrays.column(lhs), _arrays.column(rhs)
    if relation not in ("=", "~"):
        return "only = and \\approx are read between vectors or matrices"
    for one, other in ((lhs, rhs), (rhs, lhs)):
        if is_array(one) and not is_array(other) and other == 0:
            other = sp.zeros(*one.shape)
            lhs, rhs = (one, other) if one is lhs else (other, one)
    lhs, rhs = _arrays.scalar(lhs), _arrays.scalar(rhs)
    if is_array(lhs) != is_array(rhs):
        return f"{_arrays.describe(lhs)} on the left, {_arrays.describe(rhs)} on the right"
    if is_array(lhs) and lhs.shape != rhs.shape:
        return f"the shapes differ: {_arrays.describe(lhs)} on the left, {_arrays.describe(rhs)} on the right"
    pairs = (
        [((i, j), lhs[i, j], rhs[i, j]) for i in range(lhs.shape[0]) for j in range(lhs.shape[1])]
        if is_array(lhs)
        else [(None, lhs, rhs)]
    )
    positive = {symbol(name): sp.Symbol(name, positive=True) for name in scope.positive()}
    for place, a, b in pairs:
        where = f"entry ({place[0] + 1}, {place[1] + 1}): " if place and is_array(lhs) and 1 not in lhs.shape else (
            f"entry {max(place) + 1}: " if place else "")  # fmt: skip
        verdict = _compare(
            a, b, relation, tolerance, scope.positive(), scope.constraints(), scope.bounds()
        )
        if not verdict.ok:
            return f"{where}{_text(a)} vs {_text(b)}: {verdict.message}"
        if relation == "=" and not _proven(a.xreplace(positive), b.xreplace(positive)):
            return f"{where}the numbers agree but SymPy cannot prove {_text(a)} = {_text(b)}; restate it"
    return None


def _limit_point(scope: _Scope, variable: sp.Symbol, point: sp.Basic) -> str | None:
    """``as $h \\to 0$``: the point a variable approaches must be one the section's limits
    take it to, infinity, or a point the checks use (0 too, when no limit names the variable)."""
    written = set().union(*(f.limits.get(variable.name, set()) for f in scope.frames))
    if written:
        if point in written or point in (sp.oo, -sp.oo) or _point_tied(point, scope.pool()):
            return None
        places = ", ".join(sorted(_text(p) for p in written))
        return f"the limits here take {variable} to {places}, not {_text(point)}"
    if point in (0, sp.oo, -sp.oo) or not point.is_number or _point_tied(point, scope.pool()):
        return None
    return f"{variable} approaches {_text(point)}, a point the section's checks do not use"


def _unbound(scope: _Scope, parts: Sequence[sp.Basic]) -> list[str]:
    """The names an instance leaves free, other than the variable (sampled as usual)."""
    free = {s.name for p in parts for s in scope.substitute(p).free_symbols}
    # a name the example's function ignores (f(x_3) with f constant) is unbound all the same
    free |= {
        s.name
        for p in parts
        for s in p.free_symbols
        if not isinstance(s, sp.Dummy) and scope.lookup_symbol(s.name) is None
    }
    return sorted(free - {"_blank", "_ellipsis", scope.context().var})


def _check_membership(
    scope: _Scope, parts: Sequence[sp.Basic], relations: Sequence[str]
) -> str | None:
    """``c \\in (a, b)`` with every name bound: c lies in the open interval."""
    for left, relation, right in zip(parts, relations, parts[1:], strict=False):
        if relation != "in":
            continue
        value = _value(scope.substitute(left), {})
        ends = scope.substitute(right)
        if isinstance(ends, sp.Tuple) and len(ends) == 2:
            low, high = (_value(end, {}) for end in ends)
            if not low < value < high:
                return (
                    f"{_text(left)} = {float(value):g} is not in ({float(low):g}, {float(high):g})"
                )
        elif isinstance(ends, sp.Set):
            if not ends.contains(sp.Float(float(value))):
                return f"{_text(left)} = {float(value):g} is not in {_text(ends)}"
        else:
            return f"{_text(right)} is not an interval"
    return None


def _series_link(scope: _Scope, left: sp.Basic, right: sp.Basic) -> str | None:
    """Check ``f(x) = A + B + \\cdots``; "" when the link is not such a series."""
    series, other = (left, right) if left.has(ELLIPSIS) else (right, left)
    if not isinstance(series, sp.Add) or not all(
        not term.has(ELLIPSIS) or term in (ELLIPSIS, -ELLIPSIS) for term in series.args
    ):
        return ""
    shown = scope.substitute(series.xreplace({ELLIPSIS: 0}))
    full = scope.substitute(other)
    var = symbol(scope.context().var)
    if not (isinstance(shown, sp.Expr) and isinstance(full, sp.Expr)):
        return ""
    if (shown.free_symbols | full.free_symbols) - {var} or shown.has(AppliedUndef):
        return ""  # a series about an unnamed point or of an arbitrary f: nothing to evaluate
    bound = scope.lookup_symbol("a")
    centre = float(bound[0]) if bound and bound[0].is_number else 0.0
    problem = _truncated_series(full, shown, var, centre)
    return None if problem is None else f"{_text(other)} = {_text(series)}: {problem}"


def _remember(scope: _Scope, parts: Sequence[sp.Basic]) -> None:
    """A checked formula's parts join the section's pool: a later fragment may repeat them."""
    found = {key for key in build_pool(scope.substitute(p) for p in parts if isinstance(p, sp.Expr))
             if key[0] != "#"}  # typed numbers tie only to computed ones  # fmt: skip
    for frame in scope.frames:
        if frame.level < 90:
            frame.formulas |= found
