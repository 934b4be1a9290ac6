"""Side-by-side accuracy benchmark: calcnotes against scipy.differentiate and numdifftools.

Run it with ``.venv/bin/python -m bench.accuracy`` (the peers are pinned in
``requirements.lock`` through the ``bench`` dependency group of ``pyproject.toml``, so
``make html`` installs them into ``.venv``; the book itself never imports them).  It prints
the tables and writes them to ``bench/accuracy.md``.  Every method gets the same suite of
first derivatives, one scalar point per call:

* ``issue 12``: the cases a review found answered wrongly: sin at 1e4 and 1e6, 1/x at 1e-7
  and 0.03, tan just below pi/2, ReLU and |x| at 1e-6, x |x| at 2, exp at 100 and a sine
  computed in float32 (where the bar for a wrong answer is 1e-4, since f's own values carry
  float32's rounding);
* ``no derivative``: points where f has no (finite) derivative, |x|, ReLU and sqrt at 0: the
  right answer is a reported failure, and any number counts as a silent wrong answer (for
  the forward difference, whose answer at a kink is the derivative from the right, that
  derivative is the right answer where it exists);

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
from pathlib import Path
from typing import Any

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
REPORT = Path(__file__).with_name("accuracy.md")

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
    exact: float  # NaN where f has no derivative at the point
    right: float = math.nan  # the derivative from the right, where only that one exists
    silent: float = SILENT  # the relative error above which an answer is wrong


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

    def add_issue(expr: sp.Expr, point: float, f: Callable | None = None) -> None:
        exact = _exact(expr, point)
        cases.append(Case("issue 12", expr, f or _numpy(expr), float(point), exact))

    add_issue(sp.sin(x), 1e6)
    add_issue(sp.sin(x), 1e4)
    add_issue(1 / x, 1e-7)
    add_issue(1 / x, 0.03)
    add_issue(sp.tan(x), math.pi / 2 - 1e-6)
    add_issue(RELU, 1e-6)
    add_issue(sp.Abs(x), 1e-6)
    add_issue(x * sp.Abs(x), 2.0)
    add_issue(sp.exp(x), 100.0)
    # f's values carry float32's rounding (6e-8), so 1e-6 is out of any method's reach; a
    # one-sided difference can reach about sqrt(6e-8), so the bar here is 1e-4.
    cases.append(
        Case(
            "issue 12", sp.sin(x), lambda t: np.sin(np.float32(t)), 1.0, math.cos(1.0), silent=1e-4
        )
    )
    for expr, right in ((sp.Abs(x), 1.0), (RELU, 1.0), (sp.sqrt(x), math.nan)):
        cases.append(Case("no derivative", expr, _numpy(expr), 0.0, math.nan, right))
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


def _ours(estimator: Callable[..., Any]) -> Callable[[Callable, float], Answer]:
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
    def counted(t: Any) -> Any:
        counter[0] += int(np.size(t))
        return f(t)

    return counted


def run(method: Callable[[Callable, float], Answer], case: Case, one_sided: bool = False) -> Tally:
    """One call, measured (a one-sided method is judged by the derivative from its side)."""
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
    exact = case.right if one_sided and math.isnan(case.exact) else case.exact
    if math.isnan(exact):  # a number where f has no derivative
        tally.errors.append(math.inf)
        tally.silent = 1
        return tally
    error = abs(value - exact) / abs(exact)
    tally.errors.append(error)
    tally.silent = int(not error <= case.silent)
    return tally


def _row(name: str, tally: Tally) -> str:
    errors = np.array(tally.errors) if tally.errors else np.array([math.nan])
    answered = tally.calls - tally.failures
    return (
        f"| {name} | {answered}/{tally.calls} | {tally.failures} | "
        f"{np.median(errors):.1e} | {np.max(errors):.1e} | **{tally.silent}** | "
        f"{tally.evaluations / tally.calls:.1f} | {1e6 * tally.seconds / tally.calls:.0f} | "
        f"{tally.calls / tally.seconds:,.0f} |"
    )


HEADER = (
    "| method | answered | failures reported | median rel. error | worst rel. error | "
    "silent wrong (> 1e-6) | f evaluations per call | µs per call | calls per second |\n"
    "|---|---|---|---|---|---|---|---|---|"
)


def main() -> int:
    """Print one table per category and one overall; return 1 if a goal is missed."""
    lines: list[str] = []

    def emit(text: str = "") -> None:
        print(text)
        lines.append(text)

    cases = suite()
    categories = list(dict.fromkeys(case.category for case in cases))
    results: dict[str, dict[str, Tally]] = {name: {} for name in METHODS}
    for name, method in METHODS.items():
        run(method, cases[-1])  # warm up: imports and caches are not what is measured
        for category in categories:
            tally = Tally()
            for case in cases:
                if case.category == category:
                    tally.add(run(method, case, one_sided="forward" in name))
            results[name][category] = tally
    emit(
        f"{len(cases)} first derivatives (seed {SEED}); relative error "
        f"|estimate - exact| / |exact| against SymPy/mpmath at 40 digits.\n"
    )
    for category in categories:
        count = sum(case.category == category for case in cases)
        emit(f"### {category} ({count} points)\n")
        emit(HEADER)
        for name in METHODS:
            emit(_row(name, results[name][category]))
        emit()
    emit(f"### all {len(cases)} points\n")
    emit(HEADER)
    overall: dict[str, Tally] = {}
    for name in METHODS:
        total = Tally()
        for category in categories:
            total.add(results[name][category])
        overall[name] = total
        emit(_row(name, total))
    emit()
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
        emit(f"goal missed: {line}")
    if not missed:
        emit(
            f"goals met: no silent wrong answer from {DEFAULT}; median error on ordinary "
            f"points {our_median:.1e} (better peer {best_peer:.1e}); {our_evals:.1f} "
            f"evaluations per call there against scipy's {scipy_evals:.1f}"
        )
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
