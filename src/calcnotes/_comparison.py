"""The comparison engine behind :class:`~calcnotes.verify.Ledger` and the formula checker.

SymPy proves a difference zero; the numbers are compared at sample points spread over the
domain, at working precision; unspecified functions (u, v, f, g) are replaced by concrete
smooth stand-ins, two sets of them, so that a wrong rule cannot hide behind one.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import mpmath
import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef

from calcnotes.rules import _DefinedFunction, _text

#: The sample points used when none are given, of both signs, below and above 1, and
#: irregular so that a wrong formula cannot agree with the right one by coincidence. Points
#: where the true value is undefined (outside the domain) are skipped; two must remain.
DEFAULT_POINTS: tuple[float, ...] = (0.3, 0.7, -0.6, 1.6, -2.3, 3.1)

_MIN_VALID_POINTS = 2

#: Values tried for the parameters of a formula (other free symbols get 1.5 and 2.5).
PARAMETER_SAMPLES: dict[str, tuple[float, ...]] = {"n": (2, 3.5, -1), "a": (2, 10), "c": (5,)}

_OTHER_PARAMETER_SAMPLES = (1.5, 2.5)

#: Candidate points for a rule row; those inside the rule's domain are used.
_RULE_POINTS = (0.3, 0.7, 1.6, -0.6, 2.5)

_REL_TOL = 1e-9
_ABS_TOL = 1e-12
_DIGITS = 30  # working precision of numeric comparisons

_t = sp.Symbol("t")

#: Concrete smooth functions that stand in for the undefined u, v, f, g, h of a generic
#: rule in the numeric check. Two sets, so that a wrong rule cannot hide behind one.
_SUBSTITUTIONS: tuple[dict[str, sp.Lambda], ...] = (
    {
        "u": sp.Lambda(_t, sp.sin(_t)),
        "v": sp.Lambda(_t, sp.exp(_t)),
        "f": sp.Lambda(_t, sp.log(_t)),
        "g": sp.Lambda(_t, _t**2 + 1),
        "h": sp.Lambda(_t, sp.cos(_t)),
    },
    {
        "u": sp.Lambda(_t, _t**3 + 2 * _t),
        "v": sp.Lambda(_t, sp.cos(_t) + 2),
        "f": sp.Lambda(_t, sp.exp(_t)),
        "g": sp.Lambda(_t, sp.sin(_t)),
        "h": sp.Lambda(_t, _t**2 + _t),
    },
)
_SPARE_FUNCTIONS = (
    sp.Lambda(_t, _t**2 + _t + 1),
    sp.Lambda(_t, sp.exp(_t / 2)),
    sp.Lambda(_t, sp.cosh(_t)),
    sp.Lambda(_t, sp.atan(_t) + 2),
)


# -- Expression helpers --------------------------------------------------------------------


def _as_expr(value: Any, var: sp.Symbol | None = None) -> sp.Expr:
    """SymPy expression from an expression, a number or a string (``var`` keeps its identity)."""
    if isinstance(value, str):
        names = {var.name: var} if var is not None else {}
        return sp.sympify(value, locals=names)
    if isinstance(value, np.generic):
        value = value.item()
    return sp.sympify(value)


def _unfold(expr: sp.Expr) -> sp.Expr:
    """Replace named functions such as Sigmoid by their defining formulas."""
    return expr.replace(lambda e: isinstance(e, _DefinedFunction), lambda e: e.definition())


def _derivatives_as_subs(expr: sp.Expr) -> sp.Expr:
    """Rewrite ``Derivative(f(g(x)), g(x))`` as ``Subs(Derivative(f(t), t), t, g(x))``.

    Both mean f'(g(x)); only the second survives replacing g by a concrete function.
    """

    def needs(e: sp.Basic) -> bool:
        return isinstance(e, sp.Derivative) and any(not v.is_Symbol for v in e.variables)

    def rewrite(e: sp.Derivative) -> sp.Expr:
        body = e.expr
        counts = []
        olds, news = [], []
        for variable, count in e.variable_count:
            if variable.is_Symbol:
                counts.append((variable, count))
            else:
                dummy = sp.Dummy("xi")
                body = body.subs(variable, dummy)
                counts.append((dummy, count))
                olds.append(dummy)
                news.append(variable)
        return sp.Subs(sp.Derivative(body, *counts), olds, news)

    return expr.replace(needs, rewrite)


def _undefined_names(*exprs: sp.Expr) -> list[str]:
    """Names of the undefined functions (u, v, f, g, ...) in the expressions."""
    names = set()
    for expr in exprs:
        for call in expr.atoms(AppliedUndef):
            if len(call.args) != 1:
                raise ValueError(f"only functions of one variable can be checked, got {call}")
            names.add(call.func.__name__)
    return sorted(names)


def _concrete_sets(names: Sequence[str]) -> list[dict[str, sp.Lambda]]:
    """Concrete stand-ins for the undefined functions: one dict per substitution set."""
    if not names:
        return [{}]
    result = []
    for known in _SUBSTITUTIONS:
        spare = iter(_SPARE_FUNCTIONS)
        chosen = {}
        for name in names:
            chosen[name] = known[name] if name in known else next(spare)
        result.append(chosen)
    return result


def _substitute_functions(expr: sp.Expr, functions: Mapping[str, sp.Lambda]) -> sp.Expr:
    if not functions:
        return expr
    expr = _derivatives_as_subs(expr)
    for name, concrete in functions.items():
        expr = expr.replace(sp.Function(name), concrete)
    return expr.doit()


def _admissible(symbol: sp.Symbol, value: float) -> bool:
    """Whether ``value`` respects the assumptions declared on ``symbol``."""
    if symbol.is_positive and not value > 0:
        return False
    if symbol.is_nonnegative and not value >= 0:
        return False
    if symbol.is_negative and not value < 0:
        return False
    if symbol.is_nonzero and value == 0:
        return False
    return not (symbol.is_integer and not float(value).is_integer())


def _parameter_values(symbol: sp.Symbol, given: Mapping[Any, Iterable[float]]) -> list[float]:
    for key in (symbol, symbol.name):
        if key in given:
            values = [float(v) if not isinstance(v, int) else v for v in given[key]]
            break
    else:
        values = list(PARAMETER_SAMPLES.get(symbol.name, _OTHER_PARAMETER_SAMPLES))
        values = (
            [v for v in values if _admissible(symbol, v)]
            or [v for v in (1, 2, 3) if _admissible(symbol, v)]
            or [-2]
        )
    if not values:
        raise ValueError(f"no sample values given for parameter {symbol}")
    return values


def _exact(value: float) -> sp.Expr:
    """The exact rational a decimal literal stands for (0.3 -> 3/10)."""
    if isinstance(value, (int, np.integer)):
        return sp.Integer(int(value))
    return sp.Rational(repr(float(value)))


class _NotANumberError(Exception):
    """An expression did not evaluate to a finite real number."""


def _evaluate(expr: sp.Expr, values: Mapping[sp.Symbol, float]) -> mpmath.mpf:
    """Evaluate ``expr`` with 30 digits at the exact values the decimals stand for."""
    exact = {symbol: _exact(v) for symbol, v in values.items()}
    try:
        result = expr.evalf(_DIGITS, subs=exact)
        if result.free_symbols:
            result = expr.subs(exact).evalf(_DIGITS)
        if result.free_symbols:
            names = ", ".join(sorted(map(str, result.free_symbols)))
            raise _NotANumberError(f"it still contains {names}")
        if result.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
            raise _NotANumberError("it is not finite")
        real, imag = (sp.Float(part, _DIGITS) for part in result.as_real_imag())
    except (TypeError, ValueError, ZeroDivisionError, OverflowError) as error:
        raise _NotANumberError("it is not a finite number") from error
    real, imag = mpmath.mpf(real._mpf_), mpmath.mpf(imag._mpf_)
    if not (mpmath.isfinite(real) and mpmath.isfinite(imag)):
        raise _NotANumberError("it is not finite")
    if abs(imag) > mpmath.mpf("1e-20") * max(1, abs(real)):
        raise _NotANumberError("it is not real")
    return real


def _close(a: Any, b: Any, rel: float = _REL_TOL, abs_tol: float = _ABS_TOL) -> bool:
    """``|a - b| <= max(rel * max(|a|, |b|), abs_tol)``; works for floats and mpf."""
    return bool(abs(a - b) <= max(rel * max(abs(a), abs(b)), abs_tol))


def _significant(value: Any, digits: int) -> str:
    if value == 0 or 1e-300 < abs(value) < 1e300:
        return f"{float(value):.{digits}g}"
    return mpmath.nstr(mpmath.mpf(value), digits)


def _format_pair(a: Any, b: Any) -> tuple[str, str]:
    """Both numbers to 4 significant digits, or more if that is needed to tell them apart."""
    for digits in range(4, 18):
        left, right = _significant(a, digits), _significant(b, digits)
        if left != right:
            break
    return left, right


def _format_number(value: float) -> str:
    return f"{value:g}"


def _exact_floats(expr: sp.Expr) -> sp.Expr:
    """Each float as the exact decimal it was written as (2.0000000001 stays that, not 2)."""
    return expr.replace(lambda e: isinstance(e, sp.Float), lambda e: sp.Rational(repr(float(e))))


def _has_float(*exprs: sp.Expr) -> bool:
    return any(expr.atoms(sp.Float) for expr in exprs)


def _proves_zero(difference: sp.Expr) -> bool:
    """Try hard to show ``difference`` is identically 0; True only for a real proof."""
    if difference == 0 or difference.is_zero is True:
        return True
    attempts = (
        sp.simplify,
        lambda e: sp.simplify(sp.trigsimp(e)),
        lambda e: sp.simplify(e.rewrite(sp.exp)),
        lambda e: sp.simplify(sp.expand_log(sp.expand(e), force=True)),
        lambda e: sp.simplify(sp.powsimp(sp.expand(e), force=True)),
    )
    for attempt in attempts:
        try:
            reduced = attempt(difference)
        except Exception:  # noqa: BLE001 - a failed attempt proves nothing either way
            continue
        if reduced == 0 or reduced.is_zero is True:
            return True
    try:
        return difference.equals(0) is True
    except Exception:  # noqa: BLE001 - undecided
        return False


def _d_dx(var: sp.Symbol, order: int) -> str:
    return f"d/d{var}" if order == 1 else f"d^{order}/d{var}^{order}"


# -- The ledger ----------------------------------------------------------------------------


def _sample_points(points: Iterable[float] | None) -> list[float]:
    if points is None:
        return list(DEFAULT_POINTS)
    values: list[Any] = [points] if isinstance(points, (int, float, np.number)) else list(points)
    if not values:
        raise ValueError("points must not be empty")
    for value in values:
        if isinstance(value, bool) or not isinstance(value, (numbers.Real, np.number)):
            raise TypeError(f"points must be real numbers, got {value!r}")
        if not math.isfinite(float(value)):
            raise ValueError(f"points must be finite, got {value!r}")
    return [value if isinstance(value, int) else float(value) for value in values]


def _shifted_point(symbol: sp.Symbol, points: Sequence[float], index: int) -> float:
    """Sample value number ``index`` for ``symbol``: the points, rotated per symbol."""
    candidates = [p for p in points if _admissible(symbol, p)]
    if not candidates:
        candidates = [v for v in (1, 2, 3, -1, -2) if _admissible(symbol, v)]
    return candidates[index % len(candidates)]


def _is_plain_number(value: Any) -> bool:
    if isinstance(value, (bool, np.bool_)):
        return False
    if isinstance(value, (numbers.Number, np.number)):
        return True
    if isinstance(value, np.ndarray) and value.ndim == 0:
        return value.dtype.kind in "iufc"
    return isinstance(value, sp.Float)


def _is_symbolic(value: Any) -> bool:
    if isinstance(value, (bool, np.bool_, str)):
        return False
    return isinstance(value, (sp.Basic, numbers.Number, np.number))


def _numbers_close(a: complex, b: complex, rel: float, abs_tol: float) -> bool:
    return abs(a - b) <= max(rel * max(abs(a), abs(b)), abs_tol)


def _format_pair_any(a: Any, b: Any) -> tuple[str, str]:
    x, y = complex(a), complex(b)
    if x.imag == 0 and y.imag == 0:
        return _format_pair(x.real, y.real)
    return str(x), str(y)


def _describe(value: Any) -> str:
    if isinstance(value, sp.Basic):
        return _text(value)
    return repr(value)


# -- Counting the checks of the whole book -------------------------------------------------

_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})\{code-cell\}\s*(?P<lang>\S*)\s*$")
_USES_LEDGER = re.compile(r"\bLedger\s*\(")
