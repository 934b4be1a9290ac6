"""Side-by-side accuracy benchmark: calcnotes against scipy.differentiate and numdifftools.

Run it with ``make bench`` (which installs the pinned peers from ``requirements-bench.lock``
into ``.venv``) or ``python bench/accuracy.py``.  Every method gets the same suite of first
derivatives, one scalar point per call:

* ``ordinary``: 25 smooth functions at 10 random points each (fixed seed) inside their domains;
* ``wide |x|``: sin, cos, log, sqrt, x**3 and 1/x at |x| = 10**k, k drawn from -6 to 8 (the
  step must follow the function, not |x|);
* ``near poles, kinks, edges``: 1/x and tan within 1e-9..1e-3 of a pole, |x| and ReLU within
  1e-9..1e-3 of their kink, sqrt and log within 1e-9..1e-3 of the edge of their domain;
* ``MSA``: the complex-step test function of Martins, Sturdza and Alonso (2003),
  f(x) = exp(x) / sqrt(sin(x)**3 + cos(x)**3) at x = 1.5.

The exact derivative comes from SymPy, evaluated with mpmath at 40 significant digits at the
(binary) float point.  For each method the script reports, per category and overall: how
many calls answered and how many reported a failure (an exception for calcnotes,
``success=False`` or a non-finite value for the peers), the median and worst relative error
of the answers, the **silent wrong** answers (relative error above 1e-6 with no failure
reported), the mean number of evaluations of f per call (counted by wrapping f: each point
counts once) and the mean time per call.

The script exits with status 1 if calcnotes' default method (``derivative``) gives a silent
wrong answer, is less accurate at the median than the better peer on the ordinary points,
or needs as many evaluations per call there as scipy.
"""

from __future__ import annotations

import math
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

import mpmath
import numpy as np
import sympy as sp

from calcnotes.activations import relu
from calcnotes.numdiff import complex_step, derivative, richardson

__all__ = ["main", "suite"]

x = sp.Symbol("x", real=True)
SEED = 20240611
POINTS_PER_FUNCTION = 10
SILENT = 1e-6

PANEL: tuple[tuple[sp.Expr, float, float], ...] = (
    (sp.sin(x), -2.0, 2.0),
    (sp.cos(x), -2.0, 2.0),
    (sp.exp(x), -2.0, 2.0),
    (sp.exp(-(x**2)), -2.0, 2.0),
    (sp.log(1 + x**2), -2.0, 2.0),
    (sp.sqrt(1 + x**2), -2.0, 2.0),
    (x**5 - 3 * x**3 + 2 * x, -2.0, 2.0),
    (1 / (1 + x**2), -2.0, 2.0),
    (sp.tanh(x), -2.0, 2.0),
    (1 / (1 + sp.exp(-x)), -2.0, 2.0),
    (sp.atan(x), -2.0, 2.0),
    (sp.sin(x) * sp.exp(x), -2.0, 2.0),
    (x * sp.log(x), 0.5, 3.0),
    (sp.sin(3 * x) + sp.cos(x) ** 2, -2.0, 2.0),
    (sp.exp(sp.sin(x)), -2.0, 2.0),
    (sp.log(x), 0.5, 4.0),
    (sp.sqrt(x), 0.5, 4.0),
    (x**3 * sp.cos(x), -2.0, 2.0),
    (sp.cosh(x) / (2 + sp.sin(x)), -2.0, 2.0),
    (sp.asin(x / 2), -1.0, 1.0),
    (sp.exp(x) / x, 1.0, 3.0),
    (sp.log(1 + sp.exp(x)), -2.0, 2.0),
    (sp.sin(x**2) + x, -1.5, 1.5),
    (sp.exp(-x) * sp.cos(2 * x), 0.0, 5.0),
    ((x**2 - 1) / (x**2 + 4), -10.0, 10.0),
)

RELU = sp.Piecewise((0, x < 0), (x, True))


@dataclass(frozen=True)
class Case:
    """One call of the suite: a function, a point and the exact derivative there."""

    category: str
    expr: sp.Expr
    f: Callable[[np.ndarray], np.ndarray]
    point: float
    exact: float


def _exact(expr: sp.Expr, point: float) -> float:
    """The derivative of ``expr`` at the float ``point``, with 40 significant digits."""
    g = sp.lambdify(x, sp.diff(expr, x), modules="mpmath")
    with mpmath.workdps(40):
        return float(g(mpmath.mpf(point)))


def _numpy(expr: sp.Expr) -> Callable[[np.ndarray], np.ndarray]:
    if expr == RELU:
        return relu
    return sp.lambdify(x, expr, modules="numpy")


def suite() -> list[Case]:
    """The cases, in a fixed order (the random points come from a seeded generator)."""
    rng = np.random.default_rng(SEED)
    cases: list[Case] = []

    def add(category: str, expr: sp.Expr, point: float) -> None:
        exact = _exact(expr, point)
        if exact != 0.0 and math.isfinite(exact):
            cases.append(Case(category, expr, _numpy(expr), float(point), exact))

    for expr, low, high in PANEL:
        for point in rng.uniform(low, high, POINTS_PER_FUNCTION):
            add("ordinary", expr, float(point))
    wide = (sp.sin(x), sp.cos(x), sp.log(x), sp.sqrt(x), x**3, 1 / x)
    for expr in wide:
        positive = expr in (sp.log(x), sp.sqrt(x))
        for k in rng.uniform(-6.0, 8.0, 20):
            sign = 1.0 if positive else float(rng.choice([-1.0, 1.0]))
            add("wide |x|", expr, sign * 10.0**k)
    for _ in range(16):
        d = 10.0 ** rng.uniform(-9.0, -3.0)
        side = float(rng.choice([-1.0, 1.0]))
        add("near poles, kinks, edges", 1 / x, side * d)
        add("near poles, kinks, edges", sp.tan(x), math.pi / 2 + side * d)
        add("near poles, kinks, edges", sp.Abs(x), side * d)
        add("near poles, kinks, edges", RELU, side * d)
        add("near poles, kinks, edges", sp.sqrt(x), d)
        add("near poles, kinks, edges", sp.log(x), d)
    add(
        "MSA",
        sp.exp(x) / sp.sqrt(sp.sin(x) ** 3 + sp.cos(x) ** 3),
        1.5,
    )
    return cases


# ---------------------------------------------------------------- the methods

Answer = tuple[float, bool]  # (value, failure reported)


def _scipy(f: Callable[[np.ndarray], np.ndarray], point: float) -> Answer:
    from scipy.differentiate import derivative as scipy_derivative

    result = scipy_derivative(f, point)
    value = float(result.df)
    return value, not (bool(result.success) and math.isfinite(value))


def _numdifftools(f: Callable[[np.ndarray], np.ndarray], point: float) -> Answer:
    import numdifftools

    value = float(numdifftools.Derivative(f)(point))
    return value, not math.isfinite(value)


def _ours(estimator: Callable[..., float]) -> Callable[[Callable, float], Answer]:
    def run(f: Callable[[np.ndarray], np.ndarray], point: float) -> Answer:
        try:
            return float(estimator(f, point)), False
        except (ValueError, TypeError, ArithmeticError):
            return math.nan, True

    return run


METHODS: dict[str, Callable[[Callable, float], Answer]] = {
    "calcnotes derivative (central)": _ours(derivative),
    "calcnotes derivative, forward": _ours(lambda f, t: derivative(f, t, method="forward")),
    "calcnotes richardson": _ours(richardson),
    "calcnotes complex_step": _ours(complex_step),
    "scipy.differentiate.derivative": _scipy,
    "numdifftools.Derivative": _numdifftools,
}
DEFAULT = "calcnotes derivative (central)"
PEERS = ("scipy.differentiate.derivative", "numdifftools.Derivative")


@dataclass
class Tally:
    """What one method did on one group of cases."""

    calls: int = 0
    failures: int = 0
    silent: int = 0
    errors: list[float] = field(default_factory=list)
    evaluations: int = 0
    seconds: float = 0.0

    def add(self, other: Tally) -> None:
        self.calls += other.calls
        self.failures += other.failures
        self.silent += other.silent
        self.errors += other.errors
        self.evaluations += other.evaluations
        self.seconds += other.seconds


def _counting(f: Callable[[np.ndarray], np.ndarray], counter: list[int]) -> Callable:
    def counted(t: object) -> object:
        counter[0] += int(np.size(t))
        return f(t)

    return counted


def run(method: Callable[[Callable, float], Answer], case: Case) -> Tally:
    """One call, measured."""
    counter = [0]
    f = _counting(case.f, counter)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        start = time.perf_counter()
        try:
            value, failed = method(f, case.point)
        except Exception:  # a peer that raises has reported a failure too
            value, failed = math.nan, True
        seconds = time.perf_counter() - start
    tally = Tally(calls=1, evaluations=counter[0], seconds=seconds)
    if failed:
        tally.failures = 1
        return tally
    error = abs(value - case.exact) / abs(case.exact)
    tally.errors.append(error)
    tally.silent = int(not error <= SILENT)
    return tally


def _row(name: str, tally: Tally) -> str:
    errors = np.array(tally.errors) if tally.errors else np.array([math.nan])
    answered = tally.calls - tally.failures
    return (
        f"| {name} | {answered}/{tally.calls} | {tally.failures} | "
        f"{np.median(errors):.1e} | {np.max(errors):.1e} | **{tally.silent}** | "
        f"{tally.evaluations / tally.calls:.1f} | {1e6 * tally.seconds / tally.calls:.0f} |"
    )


HEADER = (
    "| method | answered | failures reported | median rel. error | worst rel. error | "
    "silent wrong (> 1e-6) | f evaluations per call | µs per call |\n"
    "|---|---|---|---|---|---|---|---|"
)


def main() -> int:
    """Print one table per category and one overall; return 1 if a goal is missed."""
    cases = suite()
    categories = list(dict.fromkeys(case.category for case in cases))
    results: dict[str, dict[str, Tally]] = {name: {} for name in METHODS}
    for name, method in METHODS.items():
        for category in categories:
            tally = Tally()
            for case in cases:
                if case.category == category:
                    tally.add(run(method, case))
            results[name][category] = tally
    print(
        f"{len(cases)} first derivatives (seed {SEED}); relative error "
        f"|estimate - exact| / |exact| against SymPy/mpmath at 40 digits.\n"
    )
    for category in categories:
        count = sum(case.category == category for case in cases)
        print(f"### {category} ({count} points)\n")
        print(HEADER)
        for name in METHODS:
            print(_row(name, results[name][category]))
        print()
    print(f"### all {len(cases)} points\n")
    print(HEADER)
    overall: dict[str, Tally] = {}
    for name in METHODS:
        total = Tally()
        for category in categories:
            total.add(results[name][category])
        overall[name] = total
        print(_row(name, total))
    print()
    missed = []
    ours = overall[DEFAULT]
    if ours.silent:
        missed.append(f"{DEFAULT} gave {ours.silent} silent wrong answer(s)")
    ordinary = {name: results[name]["ordinary"] for name in METHODS}
    best_peer = min(float(np.median(ordinary[p].errors)) for p in PEERS)
    our_median = float(np.median(ordinary[DEFAULT].errors))
    if our_median > best_peer:
        missed.append(
            f"median error on ordinary points {our_median:.1e} > better peer's {best_peer:.1e}"
        )
    scipy_evals = ordinary[PEERS[0]].evaluations / ordinary[PEERS[0]].calls
    our_evals = ordinary[DEFAULT].evaluations / ordinary[DEFAULT].calls
    if our_evals >= scipy_evals:
        missed.append(f"{our_evals:.1f} evaluations per call, scipy needs {scipy_evals:.1f}")
    for line in missed:
        print("goal missed:", line)
    if not missed:
        print(
            f"goals met: no silent wrong answer from {DEFAULT}; median error on ordinary "
            f"points {our_median:.1e} (better peer {best_peer:.1e}); {our_evals:.1f} "
            f"evaluations per call there against scipy's {scipy_evals:.1f}"
        )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
