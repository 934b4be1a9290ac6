"""Accuracy benchmark of calcnotes' numerical derivatives against SymPy's exact ones.

Run it with ``python bench/accuracy.py``.  For a panel of smooth functions, written as SymPy
expressions and turned into NumPy functions with ``lambdify``, and random points drawn with a
fixed seed inside each function's domain, it measures the relative error
``|estimate - exact| / max(|estimate|, |exact|)`` of every method and prints the median and
the worst case.  The exact derivative is evaluated with mpmath at 40 significant digits, so
the reference itself carries no floating-point error worth mentioning.

The script exits with status 1 if a method misses its target median.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass

import mpmath
import numpy as np
import sympy as sp

from calcnotes.numdiff import complex_step, derivative, richardson

__all__ = ["PANEL", "main"]

x = sp.Symbol("x", real=True)
SEED = 20240611
POINTS_PER_FUNCTION = 25


@dataclass(frozen=True)
class Case:
    """One function of the panel and the interval its random points come from."""

    expr: sp.Expr
    low: float = -2.0
    high: float = 2.0


PANEL: tuple[Case, ...] = (
    Case(sp.sin(x)),
    Case(sp.cos(x)),
    Case(sp.exp(x)),
    Case(sp.exp(-(x**2))),
    Case(sp.log(1 + x**2)),
    Case(sp.sqrt(1 + x**2)),
    Case(x**5 - 3 * x**3 + 2 * x),
    Case(1 / (1 + x**2)),
    Case(sp.tanh(x)),
    Case(1 / (1 + sp.exp(-x))),
    Case(sp.atan(x)),
    Case(sp.sin(x) * sp.exp(x)),
    Case(x * sp.log(x), 0.5, 3.0),
    Case(sp.sin(3 * x) + sp.cos(x) ** 2),
    Case(sp.exp(sp.sin(x))),
    Case(sp.log(x), 0.5, 4.0),
    Case(sp.sqrt(x), 0.5, 4.0),
    Case(x**3 * sp.cos(x)),
    Case(sp.cosh(x) / (2 + sp.sin(x))),
    Case(sp.asin(x / 2), -1.0, 1.0),
    Case(sp.exp(x) / x, 1.0, 3.0),
    Case(sp.log(1 + sp.exp(x))),
    Case(sp.sin(x**2) + x, -1.5, 1.5),
    Case(sp.exp(-x) * sp.cos(2 * x), 0.0, 5.0),
    Case((x**2 - 1) / (x**2 + 4), -10.0, 10.0),
)

NAIVE_STEP = 1e-7  # the fixed step of the source documents' numerical_derivative

Method = Callable[[Callable[[np.ndarray], np.ndarray], np.ndarray], "float | np.ndarray"]

METHODS: dict[str, tuple[Method, float | None]] = {
    "central (default step)": (lambda f, t: derivative(f, t), 1e-9),
    "forward (default step)": (lambda f, t: derivative(f, t, method="forward"), None),
    "backward (default step)": (lambda f, t: derivative(f, t, method="backward"), None),
    "Richardson (4 levels)": (lambda f, t: richardson(f, t), 1e-12),
    "complex step": (lambda f, t: complex_step(f, t), 1e-15),
    "naive central, h = 1e-7": (lambda f, t: derivative(f, t, h=NAIVE_STEP), None),
}

SECOND_ORDER: dict[str, tuple[Method, float | None]] = {
    "central (default step)": (lambda f, t: derivative(f, t, order=2), None),
    "Richardson (4 levels)": (lambda f, t: richardson(f, t, order=2), None),
}


def exact_values(expr: sp.Expr, points: np.ndarray) -> np.ndarray:
    """Evaluate ``expr`` at the (exact binary) float points with 40 significant digits."""
    g = sp.lambdify(x, expr, modules="mpmath")
    with mpmath.workdps(40):
        return np.array([float(g(mpmath.mpf(float(p)))) for p in points])


def relative_errors(estimate: np.ndarray, exact: np.ndarray) -> np.ndarray:
    """Elementwise ``|estimate - exact| / max(|estimate|, |exact|)``."""
    scale = np.maximum(np.maximum(np.abs(estimate), np.abs(exact)), np.finfo(float).tiny)
    return np.abs(estimate - exact) / scale


def measure(methods: dict[str, tuple[Method, float | None]], order: int) -> dict[str, np.ndarray]:
    """Relative errors of each method over the whole panel for the ``order``-th derivative."""
    rng = np.random.default_rng(SEED)
    errors: dict[str, list[np.ndarray]] = {name: [] for name in methods}
    for case in PANEL:
        points = rng.uniform(case.low, case.high, POINTS_PER_FUNCTION)
        f = sp.lambdify(x, case.expr, modules="numpy")
        exact = exact_values(sp.diff(case.expr, x, order), points)
        for name, (method, _) in methods.items():
            errors[name].append(relative_errors(np.asarray(method(f, points)), exact))
    return {name: np.concatenate(errs) for name, errs in errors.items()}


def table(
    title: str,
    methods: dict[str, tuple[Method, float | None]],
    results: dict[str, np.ndarray],
) -> tuple[str, list[str]]:
    """A Markdown table of median and worst errors, and the list of missed targets."""
    lines = [
        title,
        "",
        "| method | median rel. error | worst rel. error | target (median) |",
        "|---|---|---|---|",
    ]
    missed = []
    for name, (_, target) in methods.items():
        median = float(np.median(results[name]))
        worst = float(np.max(results[name]))
        if target is None:
            verdict = "—"
        else:
            ok = median <= target
            verdict = f"≤ {target:.0e} {'met' if ok else 'MISSED'}"
            if not ok:
                missed.append(f"{title}: {name} median {median:.2e} > {target:.0e}")
        lines.append(f"| {name} | {median:.2e} | {worst:.2e} | {verdict} |")
    return "\n".join(lines), missed


def main() -> int:
    """Print the tables; return 1 if a target was missed, else 0."""
    n = len(PANEL) * POINTS_PER_FUNCTION
    print(
        f"{len(PANEL)} functions x {POINTS_PER_FUNCTION} points = {n} evaluations per method, seed {SEED}\n"
    )
    text1, missed1 = table("First derivative", METHODS, measure(METHODS, 1))
    print(text1, end="\n\n")
    text2, missed2 = table("Second derivative", SECOND_ORDER, measure(SECOND_ORDER, 2))
    print(text2, end="\n\n")
    missed = missed1 + missed2
    for line in missed:
        print("target missed:", line)
    if not missed:
        print("all targets met")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
