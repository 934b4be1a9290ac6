"""Exact derivatives with SymPy: the symbolic side of every result the book states.

Each function takes a SymPy expression (or a string SymPy can parse) and the
:class:`sympy.Symbol` to differentiate with respect to, and returns an exact SymPy
expression. The variable is treated as a *real* variable, as in a first calculus
course: ``Abs(x)`` differentiates to ``sign(x)`` and a point where the expression
is not a real number (``log(x)`` at ``x = -1``) is outside the domain.

Errors follow one scheme: a wrong *type* (a lambda instead of an expression, a
string instead of a Symbol) raises :class:`TypeError`; a wrong *value* (a negative
order, an empty interval) raises :class:`ValueError`; a point where the expression
or a derivative it needs is undefined raises :class:`calcnotes.errors.DomainError`
(a :class:`ValueError`) naming that point.

Examples
--------
>>> import sympy as sp
>>> from calcnotes.symbolic import nth_derivative, tangent_line
>>> x = sp.Symbol("x")
>>> nth_derivative(sp.sin(x), x, 2)
-sin(x)
>>> tangent_line(x**2, x, 1)
2*x - 1
"""

from __future__ import annotations

import numbers
from typing import Any

import sympy as sp

from calcnotes.errors import DomainError

__all__ = [
    "nth_derivative",
    "tangent_line",
    "linear_approximation",
    "taylor_polynomial",
    "implicit_derivative",
    "logarithmic_derivative",
    "mean_value_points",
]

# Values that mean "no real number here".
_UNDEFINED = (sp.nan, sp.zoo, sp.oo, -sp.oo)


# --------------------------------------------------------------------------- helpers
# Private, but also used by calcnotes.extrema (same author, same conventions).


def _require_symbol(var: object, name: str = "var") -> sp.Symbol:
    """Return *var* if it is a SymPy Symbol, else raise TypeError."""
    if not isinstance(var, sp.Symbol):
        raise TypeError(f"{name} must be a sympy Symbol, got {type(var).__name__}")
    return var


def _sympify(obj: object, symbols: tuple[sp.Symbol, ...], name: str) -> sp.Basic:
    """Turn an expression, a string or a plain number into a SymPy object.

    Names in a string that match one of *symbols* are bound to those very symbols,
    so ``"x**2"`` uses the caller's ``x`` even when it carries assumptions.
    """
    if isinstance(obj, bool) or not isinstance(obj, (sp.Basic, str, numbers.Number)):
        raise TypeError(f"{name} must be a sympy expression or a string, got {type(obj).__name__}")
    if isinstance(obj, str):
        try:
            return sp.sympify(obj, locals={s.name: s for s in symbols})
        except (sp.SympifyError, SyntaxError, TypeError) as err:
            raise ValueError(f"could not parse {name} {obj!r} as a sympy expression") from err
    return sp.sympify(obj)


def _as_expr(expr: object, var: sp.Symbol, name: str = "expr") -> sp.Expr:
    """Validate *expr* (expression or string) and return it as a SymPy ``Expr``."""
    out = _sympify(expr, (var,), name)
    if not isinstance(out, sp.Expr):
        raise TypeError(f"{name} must be an expression, got {type(out).__name__}")
    return out


def _require_order(n: object, name: str = "n", minimum: int = 0) -> int:
    """Return *n* as an int if it is an integer >= *minimum*, else raise ValueError."""
    if isinstance(n, bool) or not isinstance(n, numbers.Integral):
        raise ValueError(f"{name} must be an integer >= {minimum}, got {n!r}")
    if int(n) < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {int(n)}")
    return int(n)


def _as_point(a: object, var: sp.Symbol, name: str = "a") -> sp.Expr:
    """Validate a point: a real number (or a symbolic expression free of *var*)."""
    point = _sympify(a, (), name)
    if not isinstance(point, sp.Expr):
        raise TypeError(f"{name} must be a number or a sympy expression, got {point!r}")
    if point.has(*_UNDEFINED):
        raise ValueError(f"{name} must be finite, got {point}")
    if point.has(var):
        raise ValueError(f"{name} must not contain the variable {var}, got {point}")
    if point.is_real is False:
        raise ValueError(f"{name} must be real, got {point}")
    return point


def _as_real_number(a: object, var: sp.Symbol, name: str) -> sp.Expr:
    """Validate a point that must be a definite real number (an interval end)."""
    point = _as_point(a, var, name)
    if not point.is_number:
        raise ValueError(f"{name} must be a real number, got {point}")
    return point


def _require_only(f: sp.Expr, var: sp.Symbol) -> None:
    """ValueError when *f* has symbols besides *var* (solving needs numbers)."""
    extra = sorted(map(str, f.free_symbols - {var}))
    if extra:
        raise ValueError(f"expr must depend on {var} alone, got other symbols: {', '.join(extra)}")


def _require_interval(a: object, b: object, var: sp.Symbol) -> tuple[sp.Expr, sp.Expr]:
    """Validate interval ends ``a < b`` (real numbers) and return them as SymPy numbers."""
    lo = _as_real_number(a, var, "a")
    hi = _as_real_number(b, var, "b")
    if not bool(lo < hi):
        raise ValueError(f"need a < b, got a = {lo}, b = {hi}")
    return lo, hi


def _real_var(var: sp.Symbol) -> sp.Symbol:
    """A real stand-in for *var* (var itself when SymPy already knows it is real)."""
    return var if var.is_real else sp.Dummy(var.name, real=True)


def _is_undefined(value: sp.Expr) -> bool:
    """True when *value* is not a finite real number (nan, infinity, complex, ...)."""
    if value.has(*_UNDEFINED) or value.has(sp.DiracDelta):
        return True
    return value.is_real is False or value.is_finite is False


def _value_at(expr: sp.Expr, xr: sp.Symbol, a: sp.Expr, what: str, var: sp.Symbol) -> sp.Expr:
    """``expr`` at ``xr = a``; DomainError (naming the point) when it is undefined."""
    value = expr.subs(xr, a)
    if _is_undefined(value):
        raise DomainError(f"{what} is undefined at {var} = {a} (got {value})")
    return value


def _one_sided(expr: sp.Expr, xr: sp.Symbol, point: sp.Expr, side: int) -> sp.Expr | None:
    """The limit of *expr* as ``xr`` approaches *point* from the left (-1) or right (+1).

    Substituting ``point ± t`` with a positive ``t`` lets ``Piecewise`` conditions and
    ``Abs``/``sign`` resolve before the limit is taken, which SymPy's own one-sided
    ``limit`` does not always do. ``None`` when SymPy cannot find the limit.
    """
    t = sp.Dummy("t", positive=True)
    try:
        return sp.limit(expr.subs(xr, point + side * t), t, 0, "+")
    except (NotImplementedError, ValueError, TypeError, AttributeError):  # pragma: no cover
        return None


def _one_sided_sign(expr: sp.Expr, xr: sp.Symbol, point: sp.Expr, side: int) -> int | None:
    """Sign (1 or -1) of *expr* just left (-1) or right (+1) of *point*; None if undecided."""
    limit = _one_sided(expr, xr, point, side)
    if limit is None:
        return None
    if limit in (sp.oo, -sp.oo):
        return 1 if limit == sp.oo else -1
    if _is_undefined(limit):
        return None
    value = sp.simplify(limit)
    if value.is_positive or value.is_negative:
        return 1 if value.is_positive else -1
    if not value.is_zero:
        return None
    t = sp.Dummy("t", positive=True)  # the limit is 0: the leading term gives the sign
    try:
        lead = expr.subs(xr, point + side * t).as_leading_term(t)
    except (NotImplementedError, ValueError, TypeError, AttributeError):  # pragma: no cover
        return None
    sign = sp.sign(lead)
    return int(sign) if sign in (1, -1) else None


def _not_differentiable_at(expr: sp.Expr, xr: sp.Symbol, point: sp.Expr) -> bool:
    """True when the real function *expr* is defined at *point* but not differentiable there.

    Catches kinks and cusps that SymPy's formal derivative hides (``Abs`` differentiates
    to ``sign``, which is 0 at 0) by comparing the one-sided limits of the derivative,
    and points where the derivative itself is undefined (``sqrt(x)`` at 0).
    """
    if _is_undefined(expr.subs(xr, point)):
        return False  # not in the domain at all
    derivative = sp.diff(expr, xr)
    if _is_undefined(derivative.subs(xr, point)):
        return True
    if not expr.has(
        sp.Abs,
        sp.sign,
        sp.Heaviside,
        sp.Piecewise,
        sp.Max,
        sp.Min,
        sp.floor,
        sp.ceiling,
        sp.DiracDelta,
    ):
        return False
    left, right = (_one_sided(derivative, xr, point, side) for side in (-1, 1))
    f_left, f_right = (_one_sided(expr, xr, point, side) for side in (-1, 1))
    if any(v is None for v in (left, right, f_left, f_right)):
        return False  # cannot tell: treat as smooth
    if any(_is_undefined(v) for v in (left, right)):
        return True
    f_point = expr.subs(xr, point)
    return any(
        sp.simplify(p - q) != 0 for p, q in ((left, right), (f_left, f_point), (f_right, f_point))
    )


def _kink_candidates(expr: sp.Expr, xr: sp.Symbol, domain: sp.Set) -> list[sp.Expr]:
    """Points of *domain* where *expr* may fail to be differentiable (best effort)."""
    pieces: list[sp.Expr] = []
    for atom in expr.atoms(sp.Abs, sp.sign, sp.Heaviside):
        pieces.append(atom.args[0])
    for atom in expr.atoms(sp.Max, sp.Min):
        args = atom.args
        pieces.extend(p - q for i, p in enumerate(args) for q in args[i + 1 :])
    for atom in expr.atoms(sp.Piecewise):
        for _, cond in atom.args:
            for rel in cond.atoms(sp.core.relational.Relational):
                pieces.append(rel.lhs - rel.rhs)
    pieces.append(sp.denom(sp.together(sp.diff(expr, xr))))
    found: set[sp.Expr] = set()
    for piece in pieces:
        if not piece.has(xr):
            continue
        try:
            solutions = sp.solveset(piece, xr, domain)
        except (NotImplementedError, ValueError, TypeError):  # pragma: no cover
            continue
        if isinstance(solutions, sp.FiniteSet):
            found.update(s for s in solutions if s.is_real)
    return [c for c in found if _not_differentiable_at(expr, xr, c)]


def _sort_key(value: sp.Expr) -> float:
    return float(sp.N(value, 30))


def _numeric_roots(g: sp.Expr, xr: sp.Symbol, lo: sp.Expr, hi: sp.Expr) -> list[sp.Expr]:
    """Sign-change roots of *g* on [lo, hi], refined with mpmath (approximate Floats)."""
    import mpmath

    func = sp.lambdify(xr, g, modules="mpmath")
    a, b = mpmath.mpf(str(sp.N(lo, 30))), mpmath.mpf(str(sp.N(hi, 30)))
    grid = [a + (b - a) * k / 800 for k in range(801)]

    def value(t: Any) -> Any:
        try:
            v = func(t)
        except (ZeroDivisionError, ValueError, TypeError, OverflowError):
            return None
        if isinstance(v, mpmath.mpc):
            return None if abs(v.imag) > 1e-20 else v.real
        return v if mpmath.isfinite(v) else None

    values = [value(t) for t in grid]
    roots: list[sp.Expr] = []
    for i in range(len(grid) - 1):
        (t0, v0), (t1, v1) = (grid[i], values[i]), (grid[i + 1], values[i + 1])
        if v0 is None or v1 is None:
            continue
        if v0 == 0:
            roots.append(sp.Float(t0, 15))
        elif v0 * v1 < 0:
            try:
                root = mpmath.findroot(func, (t0, t1), solver="anderson")
            except (ValueError, ZeroDivisionError):  # pragma: no cover
                continue
            roots.append(sp.Float(mpmath.re(root), 15))
    if values[-1] == 0:
        roots.append(sp.Float(grid[-1], 15))
    return roots


def _real_roots(
    g: sp.Expr, xr: sp.Symbol, domain: sp.Set, what: str, *, numeric: bool = True
) -> list[sp.Expr]:
    """Real solutions of ``g = 0`` in *domain*, sorted; exact when SymPy can solve it.

    Falls back to a numerical search on a bounded *domain* when SymPy returns an
    unsolved ``ConditionSet``; raises ValueError when there are infinitely many
    solutions or no way to find them.
    """
    solutions = sp.solveset(g, xr, domain)
    if solutions is sp.S.EmptySet:
        return []
    if isinstance(solutions, sp.FiniteSet):
        return sorted((s for s in solutions if s.is_real is not False), key=_sort_key)
    bounded = bool(domain.inf.is_finite and domain.sup.is_finite)
    if isinstance(solutions, sp.ConditionSet) and numeric and bounded:
        lo, hi = domain.inf, domain.sup
        roots = _numeric_roots(g, xr, lo, hi)
        return [r for r in roots if domain.contains(r) is not sp.false]
    if isinstance(solutions, sp.ConditionSet):
        raise ValueError(
            f"SymPy cannot solve {what} exactly; pass a bounded interval to search numerically"
        )
    try:
        continuum = solutions.measure != 0
    except NotImplementedError:  # e.g. a union of ImageSets: discrete points
        continuum = False
    if continuum:
        raise ValueError(
            f"{what} holds on a whole interval ({solutions}): every point there qualifies"
        )
    raise ValueError(f"{what} has infinitely many solutions ({solutions}); pass a bounded interval")


# --------------------------------------------------------------------------- public API


def nth_derivative(expr: sp.Expr | str, var: sp.Symbol, n: int = 1) -> sp.Expr:
    """Return the derivative of order *n* of *expr* with respect to *var*.

    Parameters
    ----------
    expr : sympy.Expr or str
        The function, e.g. ``x**3`` or ``"sin(x)"``.
    var : sympy.Symbol
        The variable of differentiation (treated as real).
    n : int
        The order, 0 or more (default 1); ``0`` returns *expr* unchanged.

    Returns
    -------
    sympy.Expr
        :math:`\\frac{d^n}{dx^n}` of *expr*, as SymPy computes it (not simplified).

    Raises
    ------
    TypeError
        If *expr* is not an expression or string, or *var* is not a Symbol.
    ValueError
        If *n* is negative or not an integer.

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> nth_derivative(x**3, x, 2)
    6*x
    >>> nth_derivative("exp(2*x)", x, 3)
    8*exp(2*x)
    >>> nth_derivative(sp.Abs(x), x)
    sign(x)
    """
    var = _require_symbol(var)
    f = _as_expr(expr, var)
    n = _require_order(n)
    xr = _real_var(var)
    return sp.diff(f.subs(var, xr), xr, n).subs(xr, var)


def tangent_line(expr: sp.Expr | str, var: sp.Symbol, a: Any) -> sp.Expr:
    """Return the tangent line of *expr* at ``var = a``: ``f(a) + f'(a) (var - a)``, expanded.

    Parameters
    ----------
    expr : sympy.Expr or str
        The function.
    var : sympy.Symbol
        Its variable.
    a : int, float or sympy.Expr
        The point of tangency (a real number, or a symbol for the general line).

    Returns
    -------
    sympy.Expr
        The line, expanded (``2*x - 1`` rather than ``1 + 2*(x - 1)``).

    Raises
    ------
    calcnotes.errors.DomainError
        If *expr* or its derivative is undefined at *a*.

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> tangent_line(x**2, x, 1)
    2*x - 1
    >>> tangent_line(sp.sin(x), x, 0)
    x
    >>> tangent_line(sp.log(x), x, -1)
    Traceback (most recent call last):
    ...
    calcnotes.errors.DomainError: log(x) is undefined at x = -1 (got I*pi)
    """
    var = _require_symbol(var)
    f = _as_expr(expr, var)
    point = _as_point(a, var)
    xr = _real_var(var)
    fr = f.subs(var, xr)
    fa = _value_at(fr, xr, point, str(f), var)
    slope = _value_at(sp.diff(fr, xr), xr, point, f"the derivative of {f}", var)
    return sp.expand(fa + slope * (xr - point)).subs(xr, var)


def linear_approximation(expr: sp.Expr | str, var: sp.Symbol, a: Any) -> sp.Expr:
    """Return the linear approximation ``L(x) = f(a) + f'(a) (x - a)`` of *expr* near *a*.

    It is the tangent line of :func:`tangent_line` under the name used when it serves
    to estimate values of *expr* close to *a*; both return the same expanded expression.

    Parameters
    ----------
    expr : sympy.Expr or str
        The function.
    var : sympy.Symbol
        Its variable.
    a : int, float or sympy.Expr
        The base point, where *expr* and its derivative are easy to evaluate.

    Returns
    -------
    sympy.Expr
        The linear polynomial ``L``.

    Raises
    ------
    calcnotes.errors.DomainError
        If *expr* or its derivative is undefined at *a*.

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> L = linear_approximation(sp.sqrt(x), x, 4)
    >>> L
    x/4 + 1
    >>> L.subs(x, sp.Rational(41, 10))
    81/40
    """
    return tangent_line(expr, var, a)


def taylor_polynomial(expr: sp.Expr | str, var: sp.Symbol, a: Any, n: int) -> sp.Expr:
    """Return the Taylor polynomial of order *n* of *expr* about *a*.

    ``sum(f^(k)(a) / k! * (var - a)**k for k = 0..n)``, with the powers of
    ``(var - a)`` kept unexpanded so the structure stays visible.

    Parameters
    ----------
    expr : sympy.Expr or str
        The function.
    var : sympy.Symbol
        Its variable.
    a : int, float or sympy.Expr
        The centre of the expansion.
    n : int
        The order (highest power), ``n >= 0``.

    Returns
    -------
    sympy.Expr
        The polynomial.

    Raises
    ------
    ValueError
        If *n* is negative or not an integer.
    calcnotes.errors.DomainError
        If *expr* or one of its first *n* derivatives is undefined at *a*.

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> taylor_polynomial(sp.exp(x), x, 0, 3)
    x**3/6 + x**2/2 + x + 1
    >>> taylor_polynomial(sp.log(x), x, 1, 2)
    x - (x - 1)**2/2 - 1
    """
    var = _require_symbol(var)
    f = _as_expr(expr, var)
    point = _as_point(a, var)
    n = _require_order(n)
    xr = _real_var(var)
    current = f.subs(var, xr)
    terms = []
    for k in range(n + 1):
        if k:
            current = sp.diff(current, xr)
        what = str(f) if k == 0 else f"the derivative of order {k} of {f}"
        value = _value_at(current, xr, point, what, var)
        terms.append(value / sp.factorial(k) * (xr - point) ** k)
    return sp.Add(*terms).subs(xr, var)


def implicit_derivative(F: sp.Expr | sp.Eq | str, x: sp.Symbol, y: sp.Symbol) -> sp.Expr:  # noqa: N803
    """Return dy/dx for the curve ``F(x, y) = 0``, computed as ``-F_x / F_y``, simplified.

    Parameters
    ----------
    F : sympy.Expr, sympy.Eq or str
        Either an expression meaning ``F = 0``, an equation ``sp.Eq(lhs, rhs)``
        (read as ``lhs - rhs = 0``), or a string such as ``"x**2 + y**2 = 25"``.
    x, y : sympy.Symbol
        The independent and the dependent variable.

    Returns
    -------
    sympy.Expr
        The slope in terms of *x* and *y*; substitute a point of the curve to get a number.

    Raises
    ------
    TypeError
        If *F* is not an expression/equation/string or *x*, *y* are not Symbols.
    ValueError
        If *x* and *y* are the same symbol, or *F* does not depend on *y*.

    Examples
    --------
    >>> import sympy as sp
    >>> x, y = sp.symbols("x y")
    >>> slope = implicit_derivative(x**2 + y**2 - 25, x, y)
    >>> slope
    -x/y
    >>> slope.subs({x: 3, y: 4})
    -3/4
    >>> implicit_derivative(sp.Eq(x * y, 1), x, y)
    -y/x
    """
    x = _require_symbol(x, "x")
    y = _require_symbol(y, "y")
    if x == y:
        raise ValueError(f"x and y must be different symbols, got {x} twice")
    if isinstance(F, str) and F.count("=") == 1 and not any(op in F for op in "<>!"):
        lhs, rhs = F.split("=")
        given: object = sp.Eq(_sympify(lhs, (x, y), "F"), _sympify(rhs, (x, y), "F"))
    else:
        given = F
    relation = _sympify(given, (x, y), "F")
    if isinstance(relation, sp.Equality):
        relation = relation.lhs - relation.rhs
    if not isinstance(relation, sp.Expr):
        raise TypeError(
            f"F must be an expression or an sp.Eq equation, got {type(relation).__name__}"
        )
    xr, yr = _real_var(x), _real_var(y)
    real_relation = relation.subs({x: xr, y: yr}, simultaneous=True)
    partial_y = sp.diff(real_relation, yr)
    if sp.simplify(partial_y) == 0:
        raise ValueError(f"F = {relation} does not depend on {y}: dy/dx is not determined")
    slope = sp.simplify(-sp.diff(real_relation, xr) / partial_y)
    return slope.subs({xr: x, yr: y}, simultaneous=True)


def logarithmic_derivative(expr: sp.Expr | str, var: sp.Symbol) -> sp.Expr:
    """Differentiate *expr* by logarithmic differentiation: ``y' = y * d/dx ln(y)``, simplified.

    The logarithm is expanded first (``ln(x**x) = x ln(x)``, ``ln(u v) = ln u + ln v``),
    which is what makes the method useful for variable exponents and long products.
    The result equals the ordinary derivative wherever both are defined.

    Parameters
    ----------
    expr : sympy.Expr or str
        The function ``y``; must not be identically zero.
    var : sympy.Symbol
        Its variable.

    Returns
    -------
    sympy.Expr
        The derivative, simplified.

    Raises
    ------
    ValueError
        If *expr* is zero (its logarithm does not exist).

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> logarithmic_derivative(x**x, x)
    x**x*(log(x) + 1)
    >>> logarithmic_derivative(x**sp.sin(x), x)
    x**(sin(x) - 1)*(x*log(x)*cos(x) + sin(x))
    """
    var = _require_symbol(var)
    f = _as_expr(expr, var)
    if f.is_zero:
        raise ValueError("expr is zero, so ln(expr) does not exist")
    xr = _real_var(var)
    y = f.subs(var, xr)
    log_derivative = sp.diff(sp.expand_log(sp.log(y), force=True), xr)
    simplified = sp.simplify(y * log_derivative)
    factored = sp.factor(simplified)
    if sp.count_ops(factored) < sp.count_ops(simplified):
        simplified = factored
    return simplified.subs(xr, var)


def mean_value_points(expr: sp.Expr | str, var: sp.Symbol, a: Any, b: Any) -> list[sp.Expr]:
    """Return every point ``c`` in the open interval (a, b) promised by the Mean Value Theorem.

    Solves ``f'(c) = (f(b) - f(a)) / (b - a)`` and keeps the real solutions strictly
    inside (a, b) at which *expr* is differentiable. When the theorem's hypotheses
    fail (``|x|`` on [-1, 2]) the list may be empty. Solutions are exact when SymPy
    can solve the equation, otherwise numerical ``Float`` roots (15 digits) found by
    sign changes on a fine grid.

    Parameters
    ----------
    expr : sympy.Expr or str
        The function ``f``.
    var : sympy.Symbol
        Its variable.
    a, b : int, float or sympy.Expr
        The interval ends, real numbers with ``a < b``.

    Returns
    -------
    list of sympy.Expr
        The points ``c``, in increasing order.

    Raises
    ------
    ValueError
        If ``a >= b``, *expr* has symbols other than *var*, or the slope equation holds
        on a whole sub-interval (e.g. *expr* is linear, so every point works).
    calcnotes.errors.DomainError
        If *expr* is undefined at *a* or *b*.

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> mean_value_points(x**2, x, 0, 2)
    [1]
    >>> mean_value_points(x**3, x, 0, 3)
    [sqrt(3)]
    >>> mean_value_points(x**3 - x, x, -2, 2)
    [-2*sqrt(3)/3, 2*sqrt(3)/3]
    """
    var = _require_symbol(var)
    f = _as_expr(expr, var)
    _require_only(f, var)
    lo, hi = _require_interval(a, b, var)
    xr = _real_var(var)
    fr = f.subs(var, xr)
    f_lo = _value_at(fr, xr, lo, str(f), var)
    f_hi = _value_at(fr, xr, hi, str(f), var)
    slope = sp.simplify((f_hi - f_lo) / (hi - lo))
    derivative = sp.diff(fr, xr)
    domain = sp.Interval.open(lo, hi)
    points = _real_roots(derivative - slope, xr, domain, f"f'(c) = {slope}")
    kinks = set(_kink_candidates(fr, xr, domain))
    return [c for c in points if c not in kinks and not _is_undefined(derivative.subs(xr, c))]
