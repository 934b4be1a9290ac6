"""Random expressions for the property tests of automatic differentiation.

An expression is a small tree of tuples over the variables ``x`` and ``y`` (indices 0 and
1): sums, differences, products, quotients, constant and variable powers, ``2**e``, and the
elementary functions the book uses. :func:`evaluate` computes one tree with any of four
"libraries": SymPy (exact, to differentiate symbolically), NumPy (plain floats, for finite
differences), :mod:`calcnotes.dual` (forward mode) and :mod:`calcnotes.autodiff` (reverse
mode), so every mode differentiates the very same expression.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp
from hypothesis import strategies as st

import calcnotes.autodiff as rev
import calcnotes.dual as fwd
from calcnotes.activations import sigmoid as np_sigmoid
from calcnotes.numdiff import default_step, derivative

Tree = tuple[Any, ...]

UNARY = ("exp", "log", "sin", "cos", "tanh", "sigmoid", "sqrt")
BINARY = ("add", "sub", "mul", "div", "powv")
EXPONENTS = (2, 3, -1, -2, 0.5, 1.5)


@dataclass(frozen=True)
class Library:
    """How one kind of number computes each operation of a tree."""

    functions: dict[str, Callable[[Any], Any]]
    power: Callable[[Any, Any], Any]
    constant: Callable[[int], Any]  # the constant k/2


def _sympy_sigmoid(e: sp.Expr) -> sp.Expr:
    return 1 / (1 + sp.exp(-e))


SYMPY = Library(
    functions={
        "exp": sp.exp,
        "log": sp.log,
        "sin": sp.sin,
        "cos": sp.cos,
        "tanh": sp.tanh,
        "sigmoid": _sympy_sigmoid,
        "sqrt": sp.sqrt,
    },
    power=lambda a, b: a ** (sp.nsimplify(b) if isinstance(b, float) else b),
    constant=lambda k: sp.Rational(k, 2),
)

NUMPY = Library(
    functions={
        "exp": np.exp,
        "log": np.log,
        "sin": np.sin,
        "cos": np.cos,
        "tanh": np.tanh,
        "sigmoid": np_sigmoid,
        "sqrt": np.sqrt,
    },
    power=np.power,
    constant=lambda k: k / 2,
)

FORWARD = Library(
    functions={name: getattr(fwd, name) for name in UNARY},
    power=lambda a, b: a**b,
    constant=lambda k: fwd.Dual(k / 2),  # a constant: derivative 0
)

REVERSE = Library(
    functions={name: getattr(rev, name) for name in UNARY},
    power=lambda a, b: a**b,
    constant=lambda k: rev.Value(k / 2),  # a leaf nobody asks the gradient of
)


def evaluate(tree: Tree, args: Sequence[Any], lib: Library) -> Any:
    """Compute ``tree`` at the variables ``args`` with the operations of ``lib``."""
    kind = tree[0]
    if kind == "var":
        return args[tree[1]]
    if kind == "const":
        return lib.constant(tree[1])
    if kind in UNARY:
        return lib.functions[kind](evaluate(tree[1], args, lib))
    if kind == "pow":
        return lib.power(evaluate(tree[1], args, lib), tree[2])
    if kind == "exp2":
        return lib.power(lib.constant(4), evaluate(tree[1], args, lib))
    a, b = evaluate(tree[1], args, lib), evaluate(tree[2], args, lib)
    if kind == "add":
        return a + b
    if kind == "sub":
        return a - b
    if kind == "mul":
        return a * b
    if kind == "div":
        return a / b
    if kind == "powv":
        return lib.power(a, b)
    raise ValueError(f"unknown node {kind!r}")


def show(tree: Tree) -> str:
    """The tree as a formula, for the messages of failing examples."""
    return str(evaluate(tree, sp.symbols("x y"), SYMPY))


def _extend(children: st.SearchStrategy[Tree]) -> st.SearchStrategy[Tree]:
    return st.one_of(
        st.tuples(st.sampled_from(UNARY), children),
        st.tuples(st.just("pow"), children, st.sampled_from(EXPONENTS)),
        st.tuples(st.just("exp2"), children),
        st.tuples(st.sampled_from(BINARY), children, children),
    )


def expressions(variables: int = 1, max_leaves: int = 8) -> st.SearchStrategy[Tree]:
    """Random trees over the first ``variables`` variables and constants in halves."""
    leaves = st.one_of(
        st.tuples(st.just("var"), st.integers(0, variables - 1)),
        st.tuples(st.just("const"), st.integers(-6, 6)),
    )
    return st.recursive(leaves, _extend, max_leaves=max_leaves)


def points(variables: int) -> st.SearchStrategy[tuple[float, ...]]:
    """Points with coordinates in [-2, 2], on a grid of step 1/1024 (no subnormal numbers)."""
    coordinate = st.integers(-2048, 2048).map(lambda k: k / 1024)
    return st.tuples(*[coordinate] * variables)


def exact_gradient(tree: Tree, point: Sequence[float]) -> tuple[float, ...]:
    """The gradient of ``tree`` at ``point``, by SymPy: symbolic derivatives, then 30 digits.

    Raises ``ArithmeticError`` where SymPy's formula for the derivative cannot be evaluated
    (it may divide 0 by 0 where the derivative exists, as for ``(x^3)^(3/2)`` at 0).
    """
    symbols = sp.symbols(f"v0:{len(point)}", real=True)
    expr = evaluate(tree, symbols, SYMPY)
    at = {s: sp.Float(repr(p), 30) for s, p in zip(symbols, point, strict=True)}
    partials = []
    for s in symbols:
        try:
            value = complex(sp.diff(expr, s).evalf(30, subs=at))
        except (ArithmeticError, TypeError) as err:  # a removable 0/0 in SymPy's formula
            raise ArithmeticError(f"SymPy's derivative cannot be evaluated here: {err!r}") from err
        if abs(value.imag) > 1e-12 * (1 + abs(value.real)) or not math.isfinite(value.real):
            raise ArithmeticError(f"SymPy's derivative is not a finite real number: {value}")
        partials.append(value.real)
    return tuple(partials)


def trusted_difference(f: Callable[[Any], Any], a: float) -> float | None:
    """``calcnotes.derivative`` of ``f`` at ``a``, or ``None`` where it cannot be trusted.

    A central difference is trusted when its stencil stays in the domain and it agrees
    with the central difference of twice the step to ``1e-6`` (its error grows like the
    step squared, so the two would differ where the curvature is too wild for the step,
    as for ``cos(1/x)`` near 0).
    """
    try:
        first = derivative(f, a)
        coarse = derivative(f, a, h=2 * default_step(a))
    except (ValueError, OverflowError):  # NaN or infinity at a stencil point
        return None
    if abs(first - coarse) > 1e-6 * (1 + abs(first)):
        return None
    return float(first)
