"""Argument checks and solving helpers shared by :mod:`calcnotes.symbolic` and :mod:`calcnotes.extrema`.

Private to the package: its names carry no underscore because the two modules import them,
and nothing outside ``calcnotes`` should. The numeric functions' checks live in
``calcnotes._validation``; :func:`require_order` uses its ``require_count``, so a count
is checked by one rule everywhere.

Examples
--------
>>> import sympy as sp
>>> from calcnotes._symbolic_support import as_expr, require_order
>>> as_expr("x**2", sp.Symbol("x"))
x**2
>>> require_order(1.5)
Traceback (most recent call last):
...
TypeError: n must be an integer, got float
"""

from __future__ import annotations

import numbers
from typing import Any

import sympy as sp

from calcnotes._validation import require_count
from calcnotes.errors import DomainError

__all__ = [
    "UNDEFINED",
    "as_expr",
    "as_point",
    "as_real_number",
    "is_undefined",
    "kink_candidates",
    "not_differentiable_at",
    "numeric_roots",
    "one_sided",
    "one_sided_sign",
    "real_roots",
    "real_var",
    "require_interval",
    "require_only",
    "require_order",
    "require_symbol",
    "sort_key",
    "sympify",
    "value_at",
]

# Values that mean "no real number here".
UNDEFINED = (sp.nan, sp.zoo, sp.oo, -sp.oo)


def require_symbol(var: object, name: str = "var") -> sp.Symbol:
    """Return *var* if it is a SymPy Symbol, else raise TypeError."""
    if not isinstance(var, sp.Symbol):
        raise TypeError(f"{name} must be a sympy Symbol, got {type(var).__name__}")
    return var


def sympify(obj: object, symbols: tuple[sp.Symbol, ...], name: str) -> sp.Basic:
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


def as_expr(expr: object, var: sp.Symbol, name: str = "expr") -> sp.Expr:
    """Validate *expr* (expression or string) and return it as a SymPy ``Expr``."""
    out = sympify(expr, (var,), name)
    if not isinstance(out, sp.Expr):
        raise TypeError(f"{name} must be an expression, got {type(out).__name__}")
    return out


def require_order(n: object, name: str = "n", minimum: int = 0) -> int:
    """Return ``n`` as an int: the package's one rule for counts (see ``require_count``).

    A non-integer (``1.5``, ``True``, ``"2"``) is a TypeError; an integer below ``minimum``
    is a ValueError, exactly as for the numeric functions' step counts.
    """
    return require_count(n, name, minimum)


def as_point(a: object, var: sp.Symbol, name: str = "a") -> sp.Expr:
    """Validate a point: a real number (or a symbolic expression free of *var*)."""
    point = sympify(a, (), name)
    if not isinstance(point, sp.Expr):
        raise TypeError(f"{name} must be a number or a sympy expression, got {point!r}")
    if point.has(*UNDEFINED):
        raise ValueError(f"{name} must be finite, got {point}")
    if point.has(var):
        raise ValueError(f"{name} must not contain the variable {var}, got {point}")
    if point.is_real is False:
        raise ValueError(f"{name} must be real, got {point}")
    return point


def as_real_number(a: object, var: sp.Symbol, name: str) -> sp.Expr:
    """Validate a point that must be a definite real number (an interval end)."""
    point = as_point(a, var, name)
    if not point.is_number:
        raise ValueError(f"{name} must be a real number, got {point}")
    return point


def require_only(f: sp.Expr, var: sp.Symbol) -> None:
    """ValueError when *f* has symbols besides *var* (solving needs numbers)."""
    extra = sorted(map(str, f.free_symbols - {var}))
    if extra:
        raise ValueError(f"expr must depend on {var} alone, got other symbols: {', '.join(extra)}")


def require_interval(a: object, b: object, var: sp.Symbol) -> tuple[sp.Expr, sp.Expr]:
    """Validate interval ends ``a < b`` (real numbers) and return them as SymPy numbers."""
    lo = as_real_number(a, var, "a")
    hi = as_real_number(b, var, "b")
    if not bool(lo < hi):
        raise ValueError(f"need a < b, got a = {lo}, b = {hi}")
    return lo, hi


def real_var(var: sp.Symbol) -> sp.Symbol:
    """A real stand-in for *var* (var itself when SymPy already knows it is real)."""
    return var if var.is_real else sp.Dummy(var.name, real=True)


def is_undefined(value: sp.Expr) -> bool:
    """True when *value* is not a finite real number (nan, infinity, complex, ...)."""
    if value.has(*UNDEFINED) or value.has(sp.DiracDelta):
        return True
    return value.is_real is False or value.is_finite is False


def value_at(expr: sp.Expr, xr: sp.Symbol, a: sp.Expr, what: str, var: sp.Symbol) -> sp.Expr:
    """``expr`` at ``xr = a``; DomainError (naming the point) when it is undefined."""
    value = expr.subs(xr, a)
    if is_undefined(value):
        raise DomainError(f"{what} is undefined at {var} = {a} (got {value})")
    return value


def one_sided(expr: sp.Expr, xr: sp.Symbol, point: sp.Expr, side: int) -> sp.Expr | None:
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


def one_sided_sign(expr: sp.Expr, xr: sp.Symbol, point: sp.Expr, side: int) -> int | None:
    """Sign (1 or -1) of *expr* just left (-1) or right (+1) of *point*; None if undecided."""
    limit = one_sided(expr, xr, point, side)
    if limit is None:
        return None
    if limit in (sp.oo, -sp.oo):
        return 1 if limit == sp.oo else -1
    if is_undefined(limit):
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


def not_differentiable_at(expr: sp.Expr, xr: sp.Symbol, point: sp.Expr) -> bool:
    """True when the real function *expr* is defined at *point* but not differentiable there.

    Catches kinks and cusps that SymPy's formal derivative hides (``Abs`` differentiates
    to ``sign``, which is 0 at 0) by comparing the one-sided limits of the derivative,
    and points where the derivative itself is undefined (``sqrt(x)`` at 0).
    """
    if is_undefined(expr.subs(xr, point)):
        return False  # not in the domain at all
    derivative = sp.diff(expr, xr)
    if is_undefined(derivative.subs(xr, point)):
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
    left, right = (one_sided(derivative, xr, point, side) for side in (-1, 1))
    f_left, f_right = (one_sided(expr, xr, point, side) for side in (-1, 1))
    if left is None or right is None or f_left is None or f_right is None:
        return False  # cannot tell: treat as smooth
    if any(is_undefined(v) for v in (left, right)):
        return True
    f_point = expr.subs(xr, point)
    return any(
        sp.simplify(p - q) != 0 for p, q in ((left, right), (f_left, f_point), (f_right, f_point))
    )


def kink_candidates(expr: sp.Expr, xr: sp.Symbol, domain: sp.Set) -> list[sp.Expr]:
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
    return [c for c in found if not_differentiable_at(expr, xr, c)]


def sort_key(value: sp.Expr) -> float:
    return float(sp.N(value, 30))


def numeric_roots(g: sp.Expr, xr: sp.Symbol, lo: sp.Expr, hi: sp.Expr) -> list[sp.Expr]:
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


def real_roots(
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
        return sorted((s for s in solutions if s.is_real is not False), key=sort_key)
    bounded = bool(domain.inf.is_finite and domain.sup.is_finite)
    if isinstance(solutions, sp.ConditionSet) and numeric and bounded:
        lo, hi = domain.inf, domain.sup
        roots = numeric_roots(g, xr, lo, hi)
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
