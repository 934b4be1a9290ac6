"""Critical points and extrema of a function of one real variable, found exactly with SymPy.

A *critical point* is a point ``c`` of the domain where ``f'(c) = 0`` or ``f'(c)``
does not exist (the kink of ``|x|`` at 0). :func:`classify_critical_point` decides
what kind of point it is with the higher-derivative test: the first derivative of
order ``k >= 2`` that does not vanish at ``c`` settles it (``k`` even and positive →
local minimum, ``k`` even and negative → local maximum, ``k`` odd → neither).
Where ``f'`` does not exist the sign change of ``f'`` across ``c`` decides instead.
When no derivative up to ``max_order`` settles it, or a sign cannot be decided,
the answer is ``"inconclusive"``: the module never guesses.

Examples
--------
>>> import sympy as sp
>>> from calcnotes.extrema import critical_points
>>> x = sp.Symbol("x")
>>> [(p.x, p.kind) for p in critical_points(x**3 - 3*x, x)]
[(-1, 'local maximum'), (1, 'local minimum')]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import sympy as sp
from sympy.calculus.util import continuous_domain

from calcnotes._symbolic_support import (
    as_expr,
    as_point,
    is_undefined,
    kink_candidates,
    not_differentiable_at,
    one_sided_sign,
    real_roots,
    real_var,
    require_interval,
    require_only,
    require_order,
    require_symbol,
    sort_key,
    value_at,
)
from calcnotes.errors import DomainError

__all__ = [
    "CriticalPoint",
    "classify_critical_point",
    "critical_points",
    "Extrema",
    "absolute_extrema",
]

Kind = Literal["local minimum", "local maximum", "neither", "inconclusive"]

# A value within this distance of 0 counts as 0 only when the point itself is an
# approximate (Float) root; exact points are decided exactly.
_FLOAT_TOL = 1e-9


@dataclass(frozen=True)
class CriticalPoint:
    """A critical point of a function and what the derivative tests say about it.

    Attributes
    ----------
    x : sympy.Expr
        Where it is (exact when SymPy could solve ``f'(x) = 0``, else a ``Float``).
    value : sympy.Expr
        The function value ``f(x)``.
    kind : str
        One of ``"local minimum"``, ``"local maximum"``, ``"neither"``, ``"inconclusive"``.
    test : str
        Which test decided: ``"second derivative"``, ``"derivative of order 4"``,
        ``"first derivative"`` (sign change of ``f'`` where ``f'`` does not exist), or
        why none did (``"derivatives up to order 8 vanish"``).

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> classify_critical_point(x**4, x, 0)
    CriticalPoint(x=0, value=0, kind='local minimum', test='derivative of order 4')
    """

    x: sp.Expr
    value: sp.Expr
    kind: Kind
    test: str


@dataclass(frozen=True)
class Extrema:
    """The absolute (global) minimum and maximum of a function on a closed interval.

    Attributes
    ----------
    minimum : tuple
        ``(x, f(x))`` where the smallest value is attained (the leftmost such ``x``
        if there are several).
    maximum : tuple
        ``(x, f(x))`` where the largest value is attained (leftmost on ties).
    candidates : tuple
        Every candidate ``(x, f(x))`` that was compared, in increasing ``x``: the
        endpoints and the critical points inside the interval.

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> result = absolute_extrema(x**2, x, -1, 2)
    >>> result.minimum, result.maximum
    ((0, 0), (2, 4))
    >>> result.candidates
    ((-1, 1), (0, 0), (2, 4))
    """

    minimum: tuple[sp.Expr, sp.Expr]
    maximum: tuple[sp.Expr, sp.Expr]
    candidates: tuple[tuple[sp.Expr, sp.Expr], ...]


def _sign(value: sp.Expr, approximate: bool) -> int | None:
    """Sign of a number: 1, -1, 0, or None when it cannot be decided."""
    if approximate:
        number = sp.N(value, 30)
        if not number.is_number or number.is_real is not True:
            return None
        return 0 if abs(number) <= _FLOAT_TOL else (1 if number > 0 else -1)
    value = sp.simplify(value)
    if value.is_zero:
        return 0
    if value.is_positive:
        return 1
    if value.is_negative:
        return -1
    if value.is_number:
        number = sp.N(value, 50)
        if number.is_real and abs(number) > sp.Float("1e-40", 50):
            return 1 if number > 0 else -1
    return None


def _first_derivative_test(fr: sp.Expr, xr: sp.Symbol, c: sp.Expr) -> tuple[Kind, str]:
    """Classify a point where f' does not exist by the sign of f' on either side."""
    derivative = sp.diff(fr, xr)
    s_left = one_sided_sign(derivative, xr, c, -1)
    s_right = one_sided_sign(derivative, xr, c, 1)
    if s_left is None or s_right is None:
        return "inconclusive", "first derivative (sign of f' on one side undecided)"
    if s_left < 0 < s_right:
        return "local minimum", "first derivative"
    if s_left > 0 > s_right:
        return "local maximum", "first derivative"
    return "neither", "first derivative"


def _classify(
    fr: sp.Expr, xr: sp.Symbol, c: sp.Expr, f_label: str, var: sp.Symbol, max_order: int
) -> CriticalPoint:
    """Classify *c* for the real-variable expression *fr* (validation already done)."""
    value = sp.simplify(value_at(fr, xr, c, f_label, var))
    approximate = c.has(sp.Float)
    if not_differentiable_at(fr, xr, c):
        kind, test = _first_derivative_test(fr, xr, c)
        return CriticalPoint(c, value, kind, test)
    current = sp.diff(fr, xr)
    slope = current.subs(xr, c)
    slope_sign = _sign(slope, approximate)
    if slope_sign is None:
        return CriticalPoint(c, value, "inconclusive", "sign of f' undecided")
    if slope_sign != 0:
        raise ValueError(f"{var} = {c} is not a critical point of {f_label}: f'({c}) = {slope}")
    for k in range(2, max_order + 1):
        current = sp.diff(current, xr)
        test = "second derivative" if k == 2 else f"derivative of order {k}"
        at_c = current.subs(xr, c)
        if is_undefined(at_c):
            return CriticalPoint(c, value, "inconclusive", f"{test} undefined")
        sign = _sign(at_c, approximate)
        if sign is None:
            return CriticalPoint(c, value, "inconclusive", f"sign of the {test} undecided")
        if sign == 0:
            continue
        if k % 2 == 1:
            return CriticalPoint(c, value, "neither", test)
        extremum: Kind = "local minimum" if sign > 0 else "local maximum"
        return CriticalPoint(c, value, extremum, test)
    return CriticalPoint(c, value, "inconclusive", f"derivatives up to order {max_order} vanish")


def classify_critical_point(
    expr: sp.Expr | str, var: sp.Symbol, c: Any, *, max_order: int = 8
) -> CriticalPoint:
    """Classify the critical point ``c`` of *expr* as a local minimum, maximum or neither.

    Uses the second-derivative test and, when ``f''(c) = 0``, the first derivative
    of higher order that does not vanish at ``c`` (even order: its sign decides;
    odd order: neither). Where ``f'(c)`` does not exist, the signs of ``f'`` just
    left and right of ``c`` decide (first-derivative test).

    Parameters
    ----------
    expr : sympy.Expr or str
        The function.
    var : sympy.Symbol
        Its variable.
    c : int, float or sympy.Expr
        The critical point (``f'(c) = 0`` or ``f'(c)`` undefined).
    max_order : int
        The highest derivative order tried (default 8) before answering ``"inconclusive"``.

    Returns
    -------
    CriticalPoint
        ``kind`` is ``"inconclusive"`` when every derivative of order 2 to
        *max_order* vanishes at ``c`` or a sign cannot be decided.

    Raises
    ------
    ValueError
        If ``c`` is not a critical point (``f'(c) != 0``), or *max_order* < 2.
    calcnotes.errors.DomainError
        If *expr* is undefined at ``c``.

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> classify_critical_point(x**3 - 3*x, x, -1)
    CriticalPoint(x=-1, value=2, kind='local maximum', test='second derivative')
    >>> classify_critical_point(x**3, x, 0).kind
    'neither'
    >>> classify_critical_point(x**10, x, 0)
    CriticalPoint(x=0, value=0, kind='inconclusive', test='derivatives up to order 8 vanish')
    >>> classify_critical_point(sp.Abs(x), x, 0)
    CriticalPoint(x=0, value=0, kind='local minimum', test='first derivative')
    """
    var = require_symbol(var)
    f = as_expr(expr, var)
    point = as_point(c, var, "c")
    max_order = require_order(max_order, "max_order", minimum=2)
    xr = real_var(var)
    return _classify(f.subs(var, xr), xr, point, str(f), var, max_order)


def _domain_from(interval: Any, var: sp.Symbol) -> sp.Set:
    """The search domain: all reals, a closed [a, b] from a pair, or a SymPy Interval."""
    if interval is None:
        return sp.S.Reals
    if isinstance(interval, sp.Interval):
        return interval
    if isinstance(interval, (str, bytes)) or not hasattr(interval, "__len__"):
        kind = type(interval).__name__
        raise TypeError(f"interval must be None, a pair (a, b) or a sympy Interval, got {kind}")
    if len(interval) != 2:
        raise ValueError(f"interval must be a pair (a, b), got {len(interval)} values")
    lo, hi = require_interval(interval[0], interval[1], var)
    return sp.Interval(lo, hi)


def _critical_xs(fr: sp.Expr, xr: sp.Symbol, domain: sp.Set, label: str) -> list[sp.Expr]:
    """Sorted critical points of *fr* in *domain*: zeros of f' and points where f' fails."""
    derivative = sp.diff(fr, xr)
    if sp.simplify(derivative) == 0:
        raise ValueError(f"{label} is constant: every point is critical")
    found = real_roots(derivative, xr, domain, f"f'(x) = 0 for f = {label}")
    found = [c for c in found if not is_undefined(fr.subs(xr, c))]
    found.extend(kink_candidates(fr, xr, domain))
    unique: dict[sp.Expr, None] = {}
    for c in found:
        if not any(sp.simplify(c - other) == 0 for other in unique):
            unique[c] = None
    return sorted(unique, key=sort_key)


def critical_points(
    expr: sp.Expr | str, var: sp.Symbol, interval: Any = None
) -> list[CriticalPoint]:
    """Find and classify the real critical points of *expr*, in increasing order.

    Critical points are the real solutions of ``f'(x) = 0`` that lie in the domain
    of *expr*, plus the points where *expr* is defined but ``f'`` is not, as far as
    they can be detected (kinks of ``Abs``, ``Max``/``Min``, ``Piecewise`` breaks,
    zeros of the denominator of ``f'``).

    Parameters
    ----------
    expr : sympy.Expr or str
        The function.
    var : sympy.Symbol
        Its variable.
    interval : None, tuple or sympy.Interval
        Where to look (default ``None``). ``None`` means the whole real line; a pair
        ``(a, b)`` means the closed interval ``[a, b]``. With a bounded interval, an
        equation SymPy cannot solve exactly is solved numerically (``Float`` points,
        found through sign changes).

    Returns
    -------
    list of CriticalPoint
        Each point classified by :func:`classify_critical_point`.

    Raises
    ------
    ValueError
        If *expr* is constant or has symbols other than *var*, there are infinitely
        many critical points (pass an interval), or ``a >= b``.

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> for point in critical_points(x**3 - 3*x, x):
    ...     print(point.x, point.value, point.kind)
    -1 2 local maximum
    1 -2 local minimum
    >>> [p.x for p in critical_points(sp.sin(x), x, (0, 2 * sp.pi))]
    [pi/2, 3*pi/2]
    """
    var = require_symbol(var)
    f = as_expr(expr, var)
    require_only(f, var)
    domain = _domain_from(interval, var)
    xr = real_var(var)
    fr = f.subs(var, xr)
    return [_classify(fr, xr, c, str(f), var, 8) for c in _critical_xs(fr, xr, domain, str(f))]


def absolute_extrema(expr: sp.Expr | str, var: sp.Symbol, a: Any, b: Any) -> Extrema:
    """Find the absolute minimum and maximum of *expr* on the closed interval [a, b].

    The closed-interval method: compare *expr* at the endpoints and at every critical
    point inside (including points where ``f'`` does not exist, such as the kink of
    ``|x|``). *expr* must be continuous on [a, b], as the Extreme Value Theorem needs.

    Parameters
    ----------
    expr : sympy.Expr or str
        The function.
    var : sympy.Symbol
        Its variable.
    a, b : int, float or sympy.Expr
        The interval ends, real numbers with ``a < b``.

    Returns
    -------
    Extrema
        ``minimum`` and ``maximum`` as ``(x, f(x))`` pairs, and all ``candidates``.

    Raises
    ------
    ValueError
        If ``a >= b``, or *expr* has symbols other than *var*.
    calcnotes.errors.DomainError
        If *expr* is undefined or not continuous somewhere on [a, b].

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> result = absolute_extrema(x**3 - 3*x, x, 0, 3)
    >>> result.minimum, result.maximum
    ((1, -2), (3, 18))
    >>> absolute_extrema(sp.Abs(x - 1), x, -1, 2).minimum
    (1, 0)
    """
    var = require_symbol(var)
    f = as_expr(expr, var)
    require_only(f, var)
    lo, hi = require_interval(a, b, var)
    xr = real_var(var)
    fr = f.subs(var, xr)
    for end in (lo, hi):
        value_at(fr, xr, end, str(f), var)
    closed = sp.Interval(lo, hi)
    try:
        continuous = continuous_domain(fr, xr, closed)
    except (NotImplementedError, ValueError, TypeError):  # pragma: no cover
        continuous = closed
    if continuous != closed:
        gaps = closed - continuous
        raise DomainError(f"{f} is not continuous on [{lo}, {hi}]: trouble at {gaps}")
    if sp.simplify(sp.diff(fr, xr)) == 0:  # constant: the endpoints say it all
        inside: list[sp.Expr] = []
    else:
        inside = [c for c in _critical_xs(fr, xr, closed, str(f)) if c not in (lo, hi)]
    xs = [lo, *inside, hi]
    xs.sort(key=sort_key)
    candidates = tuple((c, sp.simplify(value_at(fr, xr, c, str(f), var))) for c in xs)
    minimum = min(candidates, key=lambda pair: (sort_key(pair[1]), sort_key(pair[0])))
    maximum = max(candidates, key=lambda pair: (sort_key(pair[1]), -sort_key(pair[0])))
    return Extrema(minimum=minimum, maximum=maximum, candidates=candidates)
