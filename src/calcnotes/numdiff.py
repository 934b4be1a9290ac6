"""Numerical differentiation with error control: finite differences, Richardson, complex step.

Every function here estimates derivatives from values of ``f`` alone and is vectorised: a
scalar point gives a Python ``float``, an array of points gives an array of the same shape.

How the estimates are made
--------------------------
:func:`derivative` and :func:`richardson`, called without a step, sample ``f`` on a stencil
of points ``x + k h`` and combine the samples into several difference formulas of rising
accuracy (their weights come from Fornberg's algorithm).  The most accurate formula gives the
value; its distance from the next most accurate one estimates the truncation error, and a
bound on the rounding error of ``f``'s values (from ``f``'s floating-point precision and a
measurement of the noise in its values) is added.  The step ``h`` starts at a size suited to a
function that varies on the scale ``max(1, |x|)`` and is then moved to where the estimates
settle: smaller when they disagree (the stencil is too wide for ``f``, or reaches a pole, a
kink or the edge of ``f``'s domain), larger when rounding error dominates.  The result is
returned only if its estimated error is within the tolerance ``atol + rtol * |f'(x)|``;
otherwise the call raises.  Pass ``full_output=True`` to get a :class:`DerivativeResult`
with the error estimate, the step and the number of evaluations of ``f``.

``f`` is evaluated with NumPy warnings silenced and its values are then checked.  A point
where ``f`` itself is NaN or infinite, or where the stencil cannot be made to fit between
the singularities of ``f``, raises :class:`~calcnotes.errors.DomainError`; a central
stencil whose left and right halves see different slopes (a kink exactly at ``x``) raises
it too, naming both one-sided slopes.  An ``f`` that overflows raises
:class:`NumericalOverflowError`.

Examples
--------
>>> import numpy as np
>>> from calcnotes.numdiff import derivative
>>> round(derivative(np.sin, 0.0), 12)
1.0
>>> result = derivative(np.exp, 1.0, full_output=True)
>>> abs(result.value - np.e) <= result.error < 1e-12
True
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache
from typing import Any, Literal, overload

import numpy as np

from calcnotes._validation import (
    as_finite_points,
    require_callable,
    require_choice,
    require_count,
    require_positive,
    require_positive_step,
)
from calcnotes.errors import DomainError

__all__ = [
    "DerivativeResult",
    "NumericalOverflowError",
    "complex_step",
    "default_step",
    "derivative",
    "gradient",
    "gradient_check",
    "relative_error",
    "richardson",
]

_EPS = float(np.finfo(np.float64).eps)
_TINY = float(np.finfo(np.float64).tiny)
# Below the smallest normal number (gradual underflow) a value carries an absolute rounding
# error of up to half this spacing however small it is, on top of its relative error eps:
# the spacing of each floating-point type near zero, by its eps.
_UNDERFLOW_SPACING = {
    float(np.finfo(kind).eps): float(np.finfo(kind).smallest_subnormal)
    for kind in (np.float16, np.float32, np.float64)
}
METHODS = ("central", "forward", "backward")
ORDERS = (1, 2, 3, 4)
MAX_LEVELS = 8
# Power of h in the truncation error of each plain difference formula.
_ACCURACY = {"central": 2, "forward": 1, "backward": 1}

# Stencils of the plain formulas (used with an explicit step h) as (offsets in units of h,
# integer weights, common denominator): the n-th derivative is
# sum(weight * f(x + offset*h)) / (denominator * h**n).  The centre point is always part of
# a stencil (with weight 0 if unused) so that a point outside the domain is reported as
# such rather than as a stencil problem.
_CENTRAL: dict[int, tuple[tuple[int, ...], tuple[int, ...], int]] = {
    1: ((-1, 0, 1), (-1, 0, 1), 2),
    2: ((-1, 0, 1), (1, -2, 1), 1),
    3: ((-2, -1, 0, 1, 2), (-1, 2, 0, -2, 1), 2),
    4: ((-2, -1, 0, 1, 2), (1, -4, 6, -4, 1), 1),
}

Points = float | np.ndarray
Func = Callable[[Any], Any]

# ---------------------------------------------------------------- results and errors


class NumericalOverflowError(OverflowError, ValueError):
    """A value of ``f``, or a difference quotient built from its values, overflowed.

    It subclasses both :class:`OverflowError` and :class:`ValueError`, so either ``except``
    clause catches it.

    Examples
    --------
    >>> import numpy as np
    >>> from calcnotes.numdiff import NumericalOverflowError, derivative
    >>> try:
    ...     derivative(np.exp, 1000.0)
    ... except NumericalOverflowError as err:
    ...     print(err)
    f overflows at x = 1000.0: its value is beyond the float64 range (about 1.8e308)
    """


@dataclass(frozen=True)
class DerivativeResult:
    """A derivative estimate together with what it cost and how far it can be trusted.

    Attributes
    ----------
    value : float or numpy.ndarray
        The estimate (a float for a scalar point, else an array of the points' shape).
    error : float or numpy.ndarray
        An estimate of ``|value - true derivative|``: the truncation error (the distance
        between the two most accurate formulas) plus a bound on the rounding error.
    step : float or numpy.ndarray
        The step ``h`` of the stencil that gave the value.
    nfev : int or numpy.ndarray
        How many times ``f`` was evaluated for each point (a point of the stencil counts
        once, whether ``f`` received it alone or in an array).
    method : str
        The method that produced the value.
    order : int
        Which derivative.

    Examples
    --------
    >>> import numpy as np
    >>> from calcnotes.numdiff import derivative
    >>> result = derivative(np.sin, 1.0, full_output=True)
    >>> result.method, result.order, result.nfev
    ('central', 1, 9)
    >>> bool(abs(result.value - np.cos(1.0)) <= result.error)
    True
    """

    value: Points
    error: Points
    step: Points
    nfev: int | np.ndarray
    method: str
    order: int


def _output(values: np.ndarray) -> Points:
    """A 0-d array becomes a Python float; anything else stays an array."""
    if values.ndim == 0:
        return float(values)
    return values


def _fmt(value: float) -> str:
    """Shortest text of a float, as ``repr`` writes it."""
    return repr(float(value))


def _result(
    shape: tuple[int, ...],
    value: np.ndarray,
    error: np.ndarray,
    step: np.ndarray,
    nfev: np.ndarray,
    method: str,
    order: int,
) -> DerivativeResult:
    """Pack flat per-point arrays into a :class:`DerivativeResult` of the points' shape."""
    if shape == ():
        return DerivativeResult(
            float(value[0]), float(error[0]), float(step[0]), int(nfev[0]), method, order
        )
    return DerivativeResult(
        value.reshape(shape),
        error.reshape(shape),
        step.reshape(shape),
        nfev.astype(int).reshape(shape),
        method,
        order,
    )


# ---------------------------------------------------------------- evaluating f


def _is_domain_failure(err: Exception) -> bool:
    """Whether an exception raised by ``f`` means "outside the domain" (math.log(-1), 1/0)."""
    return isinstance(err, ArithmeticError) or "domain" in str(err)


def _run(f: Func, argument: Any) -> tuple[Any, set[str]]:
    """Call ``f`` with NumPy's floating-point warnings caught, and return which ones fired."""
    fired: set[str] = set()

    def record(kind: str, flag: int) -> None:
        fired.add(kind)

    with np.errstate(divide="call", over="call", invalid="call", under="ignore", call=record):
        value = f(argument)
    return value, fired


def _precision(dtype: np.dtype) -> float:
    """Machine epsilon of the floating-point type ``f`` computes in (float64 if unsure)."""
    if dtype.kind in "fc" and np.finfo(dtype).eps > _EPS:
        return float(np.finfo(dtype).eps)
    return _EPS


def _real_values(value: Any, shape: tuple[int, ...]) -> np.ndarray:
    """Check that ``f`` returned real numbers of the points' shape."""
    result = np.asarray(value)
    if result.dtype.kind == "c":
        raise TypeError(
            "f returned complex values; finite differences need a real-valued f "
            "(complex_step is the method that feeds f complex points)"
        )
    if result.dtype.kind not in "biuf":
        raise TypeError(f"f must return real numbers, got {type(value).__name__}")
    if result.shape != shape:
        raise ValueError(
            f"f returned shape {result.shape} for points of shape {shape}; f must act "
            "elementwise (use gradient for a function of several variables)"
        )
    return result


class _Elementwise:
    """``f`` of one variable, applied elementwise to the (flattened) points."""

    def __init__(self, f: Func, xs: np.ndarray) -> None:
        self.f = f
        self.xs = xs
        self.scalar = xs.ndim == 0
        self.eps = _EPS

    def _argument(self, t: np.ndarray) -> Any:
        return t.reshape(())[()] if self.scalar else t

    def centre(self) -> np.ndarray:
        """``f`` at the points themselves: errors here are the caller's to hear about."""
        t = self.xs.reshape(-1) if not self.scalar else self.xs.reshape(1)
        try:
            value, fired = _run(self.f, self._argument(t))
        except OverflowError as err:
            raise NumericalOverflowError(f"f overflows near {self.where(t)}: {err}") from err
        except (ValueError, ArithmeticError) as err:
            if not _is_domain_failure(err):
                raise
            raise DomainError(
                f"f could not be evaluated near {self.where(t)} (outside its domain?): {err}"
            ) from err
        result = _real_values(value, () if self.scalar else t.shape)
        self.eps = _precision(result.dtype)
        out = np.asarray(result, dtype=np.float64).reshape(-1)
        _refuse_non_finite(out, t, fired, lambda i: self.where(t[i : i + 1]))
        return out

    def where(self, t: np.ndarray) -> str:
        if t.size == 1:
            return f"x = {_fmt(t[0])}"
        return "the given points"

    def __call__(self, index: np.ndarray, t: np.ndarray) -> np.ndarray:
        """``f`` at the stencil points ``t`` (non-finite values and domain errors give NaN)."""
        try:
            value, _ = _run(self.f, self._argument(t))
        except (ValueError, ArithmeticError) as err:
            if not _is_domain_failure(err):
                raise
            if t.size == 1:
                return np.array([np.nan])
            return np.concatenate([self(index[i : i + 1], t[i : i + 1]) for i in range(t.size)])
        result = _real_values(value, () if self.scalar else t.shape)
        self.eps = max(self.eps, _precision(result.dtype))
        return np.asarray(result, dtype=np.float64).reshape(-1)


def _refuse_non_finite(
    values: np.ndarray, t: np.ndarray, fired: set[str], where: Callable[[int], str]
) -> None:
    """Raise the right error if ``f`` is NaN or infinite at one of the points."""
    bad = ~np.isfinite(values)
    if not np.any(bad):
        return
    first = int(np.flatnonzero(bad)[0])
    more = int(np.sum(bad)) - 1
    tail = f"; {more} more point(s) fail too" if more else ""
    if np.isinf(values[first]) and "overflow" in fired:
        raise NumericalOverflowError(
            f"f overflows at {where(first)}: its value is beyond the float64 range "
            f"(about 1.8e308){tail}"
        )
    if np.isinf(values[first]) and "divide by zero" in fired:
        raise DomainError(f"f is infinite at {where(first)} (a pole?){tail}")
    raise DomainError(f"f is not finite at {where(first)} (outside its domain?){tail}")


# ---------------------------------------------------------------- difference formulas


def _fornberg(z: np.ndarray, n: int) -> np.ndarray:
    """Weights of the ``n``-th derivative at 0 from the nodes ``z`` (one row per point).

    Returns ``w`` of shape ``(P, m, m)``: ``w[p, L - 1, j]`` is the weight of node ``j`` in
    the formula that uses the first ``L`` nodes of row ``p`` (zero when ``L <= n``).  This is
    Fornberg's recursion (Math. Comp. 51, 1988), which is accurate for any distinct nodes.
    """
    points, m = z.shape
    c = np.zeros((points, m, n + 1))
    out = np.zeros((points, m, m))
    c[:, 0, 0] = 1.0
    if n == 0:
        out[:, 0, 0] = 1.0
    c1 = np.ones(points)
    c4 = z[:, 0].copy()
    for i in range(1, m):
        top = min(i, n)
        c2 = np.ones(points)
        c5 = c4
        c4 = z[:, i]
        for j in range(i):
            c3 = z[:, i] - z[:, j]
            c2 = c2 * c3
            if j == i - 1:
                for k in range(top, 0, -1):
                    c[:, i, k] = c1 * (k * c[:, i - 1, k - 1] - c5 * c[:, i - 1, k]) / c2
                c[:, i, 0] = -c1 * c5 * c[:, i - 1, 0] / c2
            for k in range(top, 0, -1):
                c[:, j, k] = (c4 * c[:, j, k] - k * c[:, j, k - 1]) / c3
            c[:, j, 0] = c4 * c[:, j, 0] / c3
        c1 = c2
        out[:, i, : i + 1] = c[:, : i + 1, n]
    return out


@dataclass(frozen=True)
class _Scheme:
    """A stencil and the nested difference formulas taken from it."""

    label: str  # "central", "forward", "backward" or "Richardson"
    order: int
    nodes: tuple[float, ...]  # offsets in units of h; the centre 0 first
    prefixes: tuple[int, ...]  # the formulas use the first L nodes, L in prefixes
    accuracy: tuple[int, ...]  # power of h in each formula's truncation error
    use: int  # index of the formula whose value is returned
    start: float  # first step, for a function varying on the scale 1, in float64
    sides: tuple[tuple[int, ...], tuple[int, ...]] | None = None  # right and left nodes

    @property
    def other(self) -> int:
        """The formula compared with the returned one to estimate its error."""
        return self.use - 1 if self.use > 0 else self.use + 1


@cache
def _exact_weights(nodes: tuple[float, ...], order: int) -> np.ndarray:
    """Fornberg weights for the exact offsets ``nodes`` (all prefixes), correctly rounded.

    The recursion is run in exact rational arithmetic, so that each weight is the float
    nearest to its true value.
    """
    z = [Fraction(node) for node in nodes]
    m = len(z)
    c = [[Fraction(0)] * (order + 1) for _ in range(m)]
    out = np.zeros((m, m))
    c[0][0] = Fraction(1)
    if order == 0:
        out[0, 0] = 1.0
    c1 = Fraction(1)
    c4 = z[0]
    for i in range(1, m):
        top = min(i, order)
        c2 = Fraction(1)
        c5 = c4
        c4 = z[i]
        for j in range(i):
            c3 = z[i] - z[j]
            c2 = c2 * c3
            if j == i - 1:
                for k in range(top, 0, -1):
                    c[i][k] = c1 * (k * c[i - 1][k - 1] - c5 * c[i - 1][k]) / c2
                c[i][0] = -c1 * c5 * c[i - 1][0] / c2
            for k in range(top, 0, -1):
                c[j][k] = (c4 * c[j][k] - k * c[j][k - 1]) / c3
            c[j][0] = c4 * c[j][0] / c3
        c1 = c2
        out[i, : i + 1] = [float(c[j][order]) for j in range(i + 1)]
    return out


@cache
def _noise_weights(nodes: tuple[float, ...]) -> np.ndarray | None:
    """Unit-norm weights of the three highest differences of equally spaced ``nodes``.

    On a smooth ``f`` sampled at a small step these differences are almost pure rounding
    noise, so the smallest of them measures the noise in ``f``'s values (the idea of Moré
    and Wild's ECnoise); at a wide step they hold truncation too and overstate it.  Returns
    None when the nodes are not equally spaced.
    """
    ordered = sorted(nodes)
    gaps = np.diff(ordered)
    if len(ordered) < 6 or not np.allclose(gaps, gaps[0]):
        return None
    rows = []
    top = len(ordered) - 1
    for k in (top - 2, top - 1, top):
        weights = np.zeros(len(nodes))
        for i in range(k + 1):
            weights[nodes.index(ordered[i])] = (-1) ** (k - i) * math.comb(k, i)
        rows.append(weights / np.linalg.norm(weights))
    return np.array(rows)


@cache
def _scheme(kind: str, order: int, levels: int = 4) -> _Scheme:
    """The stencil of each adaptive method."""
    if kind == "central":
        pairs = 4 if order <= 2 else 5
        nodes = [0.0]
        for k in range(1, pairs + 1):
            nodes += [float(k), float(-k)]
        low = 1 if order <= 2 else 2
        prefixes = tuple(2 * m + 1 for m in range(low, pairs + 1))
        accuracy = tuple(2 * m - 2 * (low - 1) for m in range(low, pairs + 1))
        right = tuple([0] + [2 * k - 1 for k in range(1, pairs + 1)])
        left = tuple([0] + [2 * k for k in range(1, pairs + 1)])
        start = {1: 0.01, 2: 0.02, 3: 0.03, 4: 0.04}[order]
        return _Scheme(
            "central",
            order,
            tuple(nodes),
            prefixes,
            accuracy,
            len(prefixes) - 1,
            start,
            (right, left),
        )
    if kind in ("forward", "backward"):
        sign = 1.0 if kind == "forward" else -1.0
        count = order + 6
        sided = tuple(sign * k for k in range(count))
        prefixes = tuple(range(order + 1, count + 1))
        accuracy = tuple(p - order for p in prefixes)
        start = {1: 0.004, 2: 0.01, 3: 0.02, 4: 0.04}[order]
        return _Scheme(kind, order, sided, prefixes, accuracy, len(prefixes) - 1, start)
    # Richardson: central differences with steps h, h/2, h/4, ...; the n-th derivative of
    # order 3 or 4 needs the points +-2h as well.
    computed = max(levels, 3)
    nodes = [0.0]
    if order >= 3:
        nodes += [2.0, -2.0]
    for k in range(computed):
        nodes += [2.0**-k, -(2.0**-k)]
    first = 3 if order <= 2 else 5
    prefixes = tuple(first + 2 * k for k in range(computed))
    accuracy = tuple(2 * (k + 1) for k in range(computed))
    right = tuple(i for i, o in enumerate(nodes) if o >= 0)
    left = tuple(i for i, o in enumerate(nodes) if o <= 0)
    start = 3.0 * _EPS ** (1.0 / (2 * levels + order))
    return _Scheme(
        "Richardson", order, tuple(nodes), prefixes, accuracy, levels - 1, start, (right, left)
    )


# ---------------------------------------------------------------- one attempt at one step

_SAFETY = 4.0  # rounding: f's values are taken to be within 4 ulp of the truth
_SETTLE = 0.5  # each formula must be at least this much closer to the next one
_NOISE = 4.0  # a difference within 4 rounding bounds is noise, not truncation


@dataclass
class _Attempt:
    """The outcome of sampling ``f`` on a stencil of one step, per point."""

    finite: np.ndarray
    bad_point: np.ndarray
    value: np.ndarray
    truncation: np.ndarray
    rounding: np.ndarray
    model_rounding: np.ndarray
    #: the part of the rounding that underflow alone explains: no step resolves finer
    underflow: np.ndarray
    noise: np.ndarray
    settled: np.ndarray
    ratio: np.ndarray
    variation: np.ndarray
    scale: np.ndarray
    kink: np.ndarray
    gap: np.ndarray
    slopes: np.ndarray


def _value_rounding(epsilon: float, values: np.ndarray | float) -> np.ndarray:
    """How far computed values of f may be from the truth: ``_SAFETY`` units of ``epsilon``
    relative to their size and, below the smallest normal number, of the subnormal spacing."""
    spacing = _UNDERFLOW_SPACING.get(epsilon, _UNDERFLOW_SPACING[_EPS])
    return _SAFETY * (epsilon * np.abs(values) + spacing)


def _weights_for(scheme_nodes: tuple[float, ...], order: int, u: np.ndarray) -> np.ndarray:
    """Weights for every point: cached ones where the offsets came out exact."""
    exact = _exact_weights(scheme_nodes, order)
    weights = np.broadcast_to(exact, (u.shape[0],) + exact.shape).copy()
    inexact = ~np.all(u == np.asarray(scheme_nodes), axis=1)
    if np.any(inexact):
        weights[inexact] = _fornberg(u[inexact], order)
    return weights


def _attempt(
    scheme: _Scheme,
    fetch: Callable[[np.ndarray, np.ndarray], np.ndarray],
    index: np.ndarray,
    x: np.ndarray,
    centre: np.ndarray,
    h: np.ndarray,
    eps: Callable[[], float],
) -> _Attempt:
    """Sample ``f`` around the points ``x`` with steps ``h`` and judge the estimates."""
    nodes = np.asarray(scheme.nodes)
    m = nodes.size
    n = scheme.order
    with np.errstate(all="ignore"):
        t = x[:, None] + nodes[None, :] * h[:, None]
    t[:, 0] = x
    values = np.empty((x.size, m))
    values[:, 0] = centre
    for j in range(1, m):
        values[:, j] = fetch(index, t[:, j])
    finite_each = np.isfinite(values)
    finite = np.all(finite_each, axis=1)
    bad_point = np.where(finite, np.nan, t[np.arange(x.size), np.argmin(finite_each, axis=1)])
    f_values = np.where(finite_each, values, 0.0)
    with np.errstate(all="ignore"):
        u = (t - x[:, None]) / h[:, None]
        weights = _weights_for(scheme.nodes, n, u)
        chosen = weights[:, [p - 1 for p in scheme.prefixes], :]
        hn = h**n
        estimates = np.einsum("pkm,pm->pk", chosen, f_values) / hn[:, None]
        epsilon = eps()
        value_rounding = _value_rounding(epsilon, f_values)
        underflow = _value_rounding(epsilon, 0.0) * np.sum(np.abs(chosen), axis=2) / hn[:, None]
        model = np.einsum("pkm,pm->pk", np.abs(chosen), value_rounding) / hn[:, None]
        noise_weights = _noise_weights(scheme.nodes)
        if noise_weights is None:
            noise = np.zeros(x.size)
        else:
            # ECnoise's test: for pure noise the three normalised differences are all
            # about the noise level; with truncation in them they differ a lot.
            levels = np.abs(f_values @ noise_weights.T)
            agree = np.max(levels, axis=1) <= 4.0 * np.min(levels, axis=1)
            noise = np.where(agree, np.mean(levels, axis=1), 0.0)
        noisy = noise[:, None] * np.sum(np.abs(chosen), axis=2) / hn[:, None]
        rounding_all = np.maximum(model, noisy)
        use, other = scheme.use, scheme.other
        value = estimates[:, use]
        truncation = np.abs(estimates[:, use] - estimates[:, other])
        d1 = np.abs(estimates[:, -1] - estimates[:, -2])
        d2 = np.abs(estimates[:, -2] - estimates[:, -3])
        if use == len(scheme.prefixes) - 1 and use >= 3:
            # Two formulas can agree by chance; the rate at which the earlier ones
            # converged bounds the last step from below.
            d3 = np.abs(estimates[:, -3] - estimates[:, -4])
            truncation = np.maximum(
                truncation, np.where(d3 > 0, d2 * d2 / np.where(d3 > 0, d3, 1.0), 0.0)
            )
        settled = (d1 <= _SETTLE * d2) | (d1 <= _NOISE * model[:, -1])
        ratio = np.where(d2 > 0, np.minimum(d1 / np.where(d2 > 0, d2, 1.0), 1.0), 1.0)
        spread = np.max(np.abs(u), axis=1) * h
        variation = np.max(np.abs(f_values - f_values[:, :1]), axis=1) / spread
        # The slope of a function of f(x)'s size varying on the scale max(1, |x|): what a
        # derivative that is zero to within rounding is measured against.
        scale = np.abs(f_values[:, 0]) / np.maximum(1.0, np.abs(x))
    kink = np.zeros(x.size, dtype=bool)
    gap = np.zeros(x.size)
    slopes = np.zeros((x.size, 2))
    if scheme.sides is not None:
        sided = []
        for side in scheme.sides:
            side_nodes = tuple(scheme.nodes[i] for i in side)
            with np.errstate(all="ignore"):
                w = _weights_for(side_nodes, n, u[:, list(side)])[:, -3:, :]
                est = np.einsum("pkm,pm->pk", w, f_values[:, list(side)]) / hn[:, None]
                bound = np.einsum("pm,pm->p", np.abs(w[:, 2]), value_rounding[:, list(side)]) / hn
                s1 = np.abs(est[:, 2] - est[:, 1])
                s2 = np.abs(est[:, 1] - est[:, 0])
                calm = (s1 <= _SETTLE * s2) | (s1 <= _NOISE * bound)
            sided.append((est[:, 2], s1 + bound, calm))
        (right, e_right, calm_right), (left, e_left, calm_left) = sided
        with np.errstate(all="ignore"):
            gap = np.abs(right - left)
            kink = finite & calm_right & calm_left & (gap > 4.0 * (e_right + e_left)) & (gap > 0)
        slopes = np.stack([left, right], axis=1)
    finite = finite & np.isfinite(value) & np.isfinite(truncation)
    return _Attempt(
        finite,
        bad_point,
        value,
        truncation,
        rounding_all[:, use],
        model[:, use],
        underflow[:, use],
        noise,
        settled,
        ratio,
        variation,
        scale,
        kink,
        gap,
        slopes,
    )


# ---------------------------------------------------------------- the adaptive search

_MAX_ATTEMPTS = 24
_CONFIRM_BELOW = 64.0
_GRADIENT_CHECK_ATOL = 1e-10  # gradient_check's tolerance, relative to the norm of grad(x)  # an estimate at a step this much below the first one is confirmed


@dataclass
class _Search:
    """Per-point state of the search for a step."""

    h: float
    first: float
    hi: float = math.inf  # the smallest step known to be too wide
    lo: float = 0.0  # the largest step known to drown in rounding error
    unsettled: int = 0
    refined: bool = False
    best: tuple[float, float, float] | None = None  # (error, value, step) of a settled try
    accepted: tuple[float, float, float] | None = None
    history: list[tuple[float, float, float]] = field(default_factory=list)
    reason: str = ""
    bad_point: float = math.nan
    kink: tuple[float, float, float, float] | None = None  # (h, gap, left, right)
    noise: float = 0.0
    model_noise: float = 0.0
    rounding_limited: bool = False
    confirming: tuple[float, float, float] | None = None  # the estimate being confirmed
    suspect: bool = False  # settled estimates at different steps disagreed
    slope: float = 0.0  # the largest slope of f seen on a settled stencil
    conflict: tuple[float, float, float, float, float, float] | None = None
    done: bool = False


def _adaptive(
    scheme: _Scheme,
    fetch: Callable[[np.ndarray, np.ndarray], np.ndarray],
    xs: np.ndarray,
    centre: np.ndarray,
    eps: Callable[[], float],
    rtol: float | None,
    atol: float,
    strict: bool,
    where: Callable[[int], str],
    slopes: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Search a step for each point; return value, error, step and evaluations per point.

    ``slopes``, if given, receives for each point the largest slope ``|f(t) - f(x)| / |t - x|``
    seen on a settled stencil, the scale on which a difference of two estimates is judged.
    """
    points = xs.size
    epsilon = eps()
    n = scheme.order
    p_use = scheme.accuracy[scheme.use]
    p_err = min(p_use, scheme.accuracy[scheme.other])
    start = scheme.start * (epsilon / _EPS) ** (1.0 / (p_use + n))
    states = [
        _Search(h=_representable(float(x), max(start, abs(float(x)) * 2.0**-40)), first=0.0)
        for x in xs
    ]
    for state in states:
        state.first = state.h
    nfev = np.ones(points, dtype=np.int64)
    smallest = min(abs(o) for o in scheme.nodes if o != 0)
    for _ in range(_MAX_ATTEMPTS):
        active = np.array([i for i, s in enumerate(states) if not s.done], dtype=np.int64)
        if active.size == 0:
            break
        steps = np.array([states[i].h for i in active])
        trial = _attempt(scheme, fetch, active, xs[active], centre[active], steps, eps)
        nfev[active] += len(scheme.nodes) - 1
        tolerance_rel = rtol if rtol is not None else _default_rtol(eps(), n)
        for k, i in enumerate(active):
            _decide(
                states[i],
                trial,
                k,
                float(xs[i]),
                scheme,
                tolerance_rel,
                atol,
                n,
                p_use,
                p_err,
                smallest,
            )
    value = np.empty(points)
    error = np.empty(points)
    step = np.empty(points)
    for i, state in enumerate(states):
        if not state.done:
            state.reason = state.reason or "unsettled"
        if state.accepted is None:
            if (
                not strict
                and state.best is not None
                and (state.reason == "tolerance" or state.rounding_limited)
            ):
                error[i], value[i], step[i] = state.best
                continue
            raise _failure(state, scheme, float(xs[i]), where(i), rtol, eps())
        error[i], value[i], step[i] = state.accepted
    if slopes is not None:
        slopes[:] = [state.slope for state in states]
    return value, error, step, nfev


def _default_rtol(eps: float, order: int) -> float:
    """The default relative tolerance: sqrt(eps), ten times looser per derivative order."""
    return math.sqrt(eps) * 10.0 ** (order - 1)


def _decide(
    state: _Search,
    trial: _Attempt,
    k: int,
    x: float,
    scheme: _Scheme,
    rtol: float,
    atol: float,
    n: int,
    p_use: int,
    p_err: int,
    smallest: float,
) -> None:
    """Judge one point's attempt and choose its next step (or finish it)."""
    h = state.h
    new = h
    if state.confirming is not None:
        _confirm(state, trial, k)
        return
    if not trial.finite[k]:
        state.reason = "nonfinite"
        state.bad_point = float(trial.bad_point[k])
        state.hi = min(state.hi, h)
        new = h / 16.0
    elif trial.kink[k]:
        gap = float(trial.gap[k])
        left, right = (float(s) for s in trial.slopes[k])
        if (
            state.kink is not None
            and state.kink[0] >= 8 * h
            and abs(left - state.kink[2]) <= 0.01 * gap
            and abs(right - state.kink[3]) <= 0.01 * gap
        ):
            state.reason = "kink"
            state.kink = (h, gap, left, right)
            state.done = True
            return
        state.kink = (h, gap, left, right)
        state.reason = "kink"
        state.hi = min(state.hi, h)
        new = h / 16.0
    elif trial.variation[k] == 0 and h < state.first:
        # f takes one and the same value on the whole stencil of a step the search shrank
        # to: f no longer resolves the step (1 + h rounds to 1 inside f), and the estimate
        # 0 with error 0 would be an artefact.
        state.reason = "flat"
        state.rounding_limited = True
        state.lo = max(state.lo, h)
        new = math.sqrt(h * state.hi) if math.isfinite(state.hi) else 1000.0 * h
        if new <= 1.5 * h:
            state.done = True
            return
    elif not trial.settled[k]:
        state.unsettled += 1
        state.reason = "unsettled"
        state.hi = min(state.hi, h)
        new = h / 10.0**state.unsettled
    else:
        state.unsettled = 0
        value = float(trial.value[k])
        truncation = float(trial.truncation[k])
        rounding = float(trial.model_rounding[k])
        error = truncation + float(trial.rounding[k])
        # An error the floating-point type cannot resolve passes any tolerance: underflow's
        # rounding, and a truncation estimate within the noise of it.
        tolerance = atol + rtol * abs(value) + (1.0 + _NOISE) * float(trial.underflow[k])
        target = max(tolerance, rtol * float(trial.variation[k]), _TINY)
        # A derivative that is zero to within rounding (at a maximum, say) has no relative
        # accuracy to speak of; it passes when its value is within its error of 0, and
        # that error is small next to the slopes f shows (or could show) near x.
        slope_scale = max(float(trial.variation[k]), float(trial.scale[k]))
        zero_like = (
            abs(value) <= error
            and truncation <= _NOISE * rounding
            and float(trial.rounding[k]) <= rtol * slope_scale
        )
        state.noise = float(trial.rounding[k])
        state.slope = max(state.slope, float(trial.variation[k]))
        state.model_noise = rounding
        clashes = [item for item in state.history if abs(value - item[1]) > 2.0 * (error + item[0])]
        narrower = bool(clashes) and all(item[2] > h for item in clashes)
        if narrower:
            # A wider step settled on another value: either it was too wide for f (a
            # periodic f sampled at nearly a multiple of its period looks smooth) or this
            # narrower one drowns in rounding that f's type does not explain.  Keep going
            # from this step, but trust what it finds only if a wider step confirms it.
            state.suspect = True
            state.history = [item for item in state.history if item[2] <= h]
        if clashes and not narrower:
            # Another step gave a different settled value, so this wider one is too wide
            # for f (a periodic f sampled at nearly a multiple of its period looks smooth).
            state.reason = "unsettled"
            state.hi = min(state.hi, h)
            if state.accepted is not None:
                state.done = True
                return
            state.history = [item for item in state.history if item[2] < h]
            lower = max((item[2] for item in state.history), default=0.0)
            new = math.sqrt(lower * h) if lower > 0 else h / 10.0
        else:
            state.history.append((error, value, h))
            if state.best is None or error < state.best[0]:
                state.best = (error, value, h)
            if error <= tolerance or zero_like:
                if state.accepted is None or error < state.accepted[0]:
                    state.accepted = (error, value, h)
                if (state.suspect or h < state.first / _CONFIRM_BELOW) and not zero_like:
                    # The search shrank the step a long way.  Values of f that carry more
                    # rounding than its type explains (an intermediate result near 1, say)
                    # can line up on such a narrow stencil and fake a settled estimate, so
                    # one wider step must agree before the value is trusted.
                    state.confirming = (error, value, h)
                    wider = 8.0 * h
                    if math.isfinite(state.hi):
                        wider = min(wider, math.sqrt(h * state.hi))
                    state.h = _representable(x, wider)
                    return
                better = _better_step(trial, k, h, n, p_use, p_err, state)
                if better is None or state.refined:
                    state.done = True
                    return
                state.refined = True
                new = better
            elif truncation > _NOISE * rounding:
                state.reason = "tolerance"
                state.hi = min(state.hi, h)
                shrink = (0.1 * target / truncation) ** (1.0 / p_err)
                new = h * min(max(shrink, 0.01), 0.5)
            else:
                state.reason = "tolerance"
                state.rounding_limited = True
                state.lo = max(state.lo, h)
                grow = (rounding / (0.3 * target)) ** (1.0 / n)
                new = min(h * min(grow, 1000.0), state.hi / 2.0)
                if new <= 1.5 * h:
                    state.done = True
                    return
    if new <= state.lo * 1.5 and new < h:
        state.done = True
        return
    new = _representable(x, new)
    if not (new > 0) or x + smallest * new == x or x - smallest * new == x:
        state.done = True
        return
    state.h = new


def _confirm(state: _Search, trial: _Attempt, k: int) -> None:
    """Judge the wider step that checks an estimate found at a much smaller one."""
    assert state.confirming is not None
    state.done = True
    error, value, h = state.confirming
    other = float(trial.value[k])
    other_error = float(trial.truncation[k] + trial.rounding[k])
    if not (trial.finite[k] and trial.settled[k]) or trial.kink[k]:
        if not state.suspect:
            return  # too wide to say anything: keep the estimate
    elif abs(other - value) <= 2.0 * (error + other_error):
        return
    state.accepted = None
    state.reason = "inconsistent"
    state.conflict = (value, error, h, other, other_error, state.h)


def _better_step(
    trial: _Attempt, k: int, h: float, n: int, p_use: int, p_err: int, state: _Search
) -> float | None:
    """A step predicted to give a much smaller error, or None if this one is about right."""
    truncation = float(trial.truncation[k])
    rounding = float(trial.model_rounding[k])
    if truncation <= 0 or rounding <= 0:
        return None
    top = truncation * float(trial.ratio[k])  # the returned formula's own truncation
    if top <= 0:
        return None
    best = h * (n * rounding / (p_use * top)) ** (1.0 / (p_use + n))
    best = min(max(best, 2.0 * state.lo), state.hi / 2.0)
    if 0.3 * h <= best <= 3.0 * h:
        return None
    predicted = truncation * (best / h) ** p_err + rounding * (h / best) ** n
    if predicted * 20.0 > truncation + float(trial.rounding[k]):
        return None
    return best


def _failure(
    state: _Search, scheme: _Scheme, x: float, where: str, rtol: float | None, eps: float
) -> Exception:
    """The error that explains why no step gave an estimate within the tolerance."""
    label = scheme.label
    if state.reason == "kink" and state.kink is not None:
        _, _, left, right = state.kink
        return DomainError(
            f"f is not differentiable at {where}: its one-sided derivatives differ "
            f"({left:.6g} from the left, {right:.6g} from the right), so the {label} "
            "stencil meets a kink; use method='forward' or 'backward' for a one-sided "
            "derivative"
        )
    if state.reason == "inconsistent" and state.conflict is not None:
        value, error, h, other, other_error, wider = state.conflict
        return ValueError(
            f"the {label} derivative of f at {where} is not reliable: the step "
            f"{h:.3g} gives {value:.8g} (estimated error {error:.2g}) but the step "
            f"{wider:.3g} gives {other:.8g} (estimated error {other_error:.2g}); f's values "
            "carry more rounding error than its floating-point type explains (a sum such as "
            "1 + x**2 rounded before a log?), so no difference quotient can be trusted here"
        )
    if state.reason == "nonfinite":
        return DomainError(
            f"f is not finite at {_fmt(state.bad_point)}, a point of the {label} stencil "
            f"for {where} (step h = {state.h:.3g}): the stencil leaves f's domain or meets "
            "a singularity, and no smaller step cleared it; try another method"
        )
    if state.reason in ("unsettled", "kink") and not state.rounding_limited:
        return DomainError(
            f"f is not smooth near {where}: the {label} estimates do not settle as the "
            f"step shrinks from {state.first:.3g} to {state.h:.3g}, so the stencil meets a "
            "point where f is not smooth (a pole, a kink or the edge of its domain), or f's "
            "values carry far more rounding error than its floating-point type explains"
        )
    tol_text = f"rtol = {rtol if rtol is not None else _default_rtol(eps, scheme.order):.2g}"
    best = state.best
    detail = (
        f"the best estimate is {best[1]:.6g} with estimated error {best[0]:.2g}"
        if best is not None
        else "no estimate settled"
    )
    noisy = ""
    if state.noise > 100.0 * max(state.model_noise, 0.0) and state.noise > 0:
        noisy = (
            "; f's values carry more noise than its floating-point type explains "
            "(does it compute in lower precision?)"
        )
    return ValueError(
        f"the {label} derivative of f at {where} cannot be estimated within {tol_text}: "
        f"{detail}{noisy}; rounding error of f's values limits finite differences here "
        "(pass a larger rtol or an atol, or use complex_step for an analytic f)"
    )


# ---------------------------------------------------------------- steps


def _representable(x: Any, h: Any) -> Any:
    """Adjust ``h`` so that ``(x + h) - x == h`` holds exactly in floating point."""
    with np.errstate(all="ignore"):
        for _ in range(3):
            h = (x + h) - x
    return h


def _steps(h: object, xs: np.ndarray) -> np.ndarray:
    """A caller's step(s), checked, broadcast to the points and tested against rounding."""
    step = np.asarray(require_positive_step(h), dtype=np.float64)
    try:
        step = np.broadcast_to(step, xs.shape)
    except ValueError:
        raise ValueError(
            f"step h of shape {step.shape} does not match points of shape {xs.shape}"
        ) from None
    with np.errstate(all="ignore"):
        lost = (xs + step == xs) | (xs - step == xs)
    if np.any(lost):
        i = int(np.flatnonzero(np.atleast_1d(lost))[0])
        raise ValueError(
            f"step h = {np.atleast_1d(step).flat[i]:.3g} is too small for "
            f"x = {_fmt(np.atleast_1d(xs).flat[i])}: x + h rounds back to x"
        )
    return step


def _tolerances(rtol: object, atol: object) -> tuple[float | None, float]:
    """Check the caller's tolerances."""
    relative = None if rtol is None else require_positive(rtol, "rtol")
    if isinstance(atol, bool) or not isinstance(atol, (int, float, np.integer, np.floating)):
        raise TypeError(f"atol must be a real number, got {type(atol).__name__}")
    absolute = float(atol)
    if not (math.isfinite(absolute) and absolute >= 0):
        raise ValueError(f"atol must be a finite number >= 0, got {absolute!r}")
    return relative, absolute


def default_step(x: Points, *, order: int = 1, method: str = "central") -> Points:
    """Return the textbook heuristic step ``eps**(1 / (n + p)) * max(1, |x|)``.

    A difference formula of accuracy ``p`` for the ``n``-th derivative has a truncation
    error of about ``C h**p |f^(n+p)(x)|`` and a rounding error of about
    ``eps |f(x)| / h**n``.  The two balance at ``h ∝ (eps |f| / |f^(n+p)|)**(1 / (n + p))``,
    which depends on ``f``.  This heuristic assumes that ``f`` and its derivatives are
    about equally large and that ``f`` varies on the scale ``max(1, |x|)``, which gives
    ``h = eps**(1 / (n + p)) * max(1, |x|)``: ``eps**(1/3)`` for a central first derivative,
    ``eps**(1/2)`` for a one-sided one.  The step is then nudged so that
    ``(x + h) - x == h`` exactly.  It is a starting point, not an optimum: for
    ``sin`` at ``x = 1e6`` it is a million times too large, since ``sin`` varies on the scale
    1 wherever ``x`` is.  :func:`derivative` without ``h`` therefore searches for its step
    and checks its error instead of using this one.

    Parameters
    ----------
    x : float or array_like
        The point(s) at which a derivative will be taken.
    order : int, optional
        The order of the derivative.
    method : str, optional
        The difference formula.

    Returns
    -------
    float or numpy.ndarray
        One step per point: a float for a scalar ``x``, else an array of ``x``'s shape.

    Raises
    ------
    ValueError
        If ``x`` is not finite, or ``order``/``method`` is not one of the allowed values.

    Examples
    --------
    >>> from calcnotes.numdiff import default_step
    >>> print(f"{default_step(1.0):.3e}")
    6.055e-06
    >>> print(f"{default_step(1.0, method='forward'):.3e}")
    1.490e-08
    >>> h = default_step(3.7)
    >>> (3.7 + h) - 3.7 == h
    True
    """
    order = require_choice(order, ORDERS, "order")
    method = require_choice(method, METHODS, "method")
    xs = as_finite_points(x)
    power = 1.0 / (order + _ACCURACY[method])
    h = _EPS**power * np.maximum(1.0, np.abs(xs))
    return _output(_representable(xs, h))


# ---------------------------------------------------------------- plain formulas


def _stencil(order: int, method: str) -> tuple[tuple[int, ...], tuple[int, ...], int]:
    """Offsets, weights and denominator of the plain finite-difference formula."""
    if method == "central":
        return _CENTRAL[order]
    weights = []
    coefficient = 1
    for k in range(order + 1):
        weights.append((-1) ** (order - k) * coefficient)
        coefficient = coefficient * (order - k) // (k + 1)
    if method == "forward":
        return tuple(range(order + 1)), tuple(weights), 1
    return tuple(range(-order, 1)), tuple(weights), 1


def _plain(
    target: _Elementwise,
    centre: np.ndarray,
    xs: np.ndarray,
    h: np.ndarray,
    order: int,
    method: str,
) -> tuple[np.ndarray, np.ndarray]:
    """The plain difference quotient with steps ``h``, and the rounding bound of its value."""
    offsets, weights, denominator = _stencil(order, method)
    total = np.zeros(xs.size)
    value_rounding = np.zeros(xs.size)
    index = np.arange(xs.size)
    for k, w in zip(offsets, weights, strict=True):
        if k == 0:
            v = centre
        else:
            with np.errstate(all="ignore"):
                t = xs + k * h
            v = target(index, t)
            bad = ~np.isfinite(v)
            if np.any(bad):
                i = int(np.flatnonzero(bad)[0])
                raise DomainError(
                    f"f is not finite at {_fmt(t[i])}, a point of the {method} stencil for "
                    f"x = {_fmt(xs[i])} (step h = {h[i]:.3g}): the stencil leaves f's "
                    "domain; try another method or a smaller h"
                )
        total = total + w * v
        value_rounding = value_rounding + abs(w) * _value_rounding(target.eps, v)
    with np.errstate(all="ignore"):
        estimate = total / (denominator * h**order)
        rounding = value_rounding / (denominator * h**order)
    if not np.all(np.isfinite(estimate)):
        raise NumericalOverflowError(
            "the difference quotient overflows: f's values divided by h**order exceed the "
            "float64 range at these points"
        )
    return estimate, rounding


# ---------------------------------------------------------------- public estimators


@overload
def derivative(
    f: Func,
    x: Points,
    *,
    order: int = 1,
    method: str = "central",
    h: float | np.ndarray | None = None,
    rtol: float | None = None,
    atol: float = 0.0,
    full_output: Literal[False] = False,
) -> Points: ...


@overload
def derivative(
    f: Func,
    x: Points,
    *,
    order: int = 1,
    method: str = "central",
    h: float | np.ndarray | None = None,
    rtol: float | None = None,
    atol: float = 0.0,
    full_output: Literal[True],
) -> DerivativeResult: ...


def derivative(
    f: Func,
    x: Points,
    *,
    order: int = 1,
    method: str = "central",
    h: float | np.ndarray | None = None,
    rtol: float | None = None,
    atol: float = 0.0,
    full_output: bool = False,
) -> Points | DerivativeResult:
    """Estimate the ``order``-th derivative of ``f`` at ``x`` by finite differences.

    Without ``h`` (the default) the derivative comes with error control.  ``f`` is sampled
    at ``x + k h``: ``k = -4..4`` for central differences of order 1 or 2 (``-5..5`` for
    orders 3 and 4), ``k = 0..n+5`` for forward and ``k = -(n+5)..0`` for backward ones.
    Difference formulas of rising accuracy are taken from these points (for central
    differences of the first derivative, accuracy ``h**2``, ``h**4``, ``h**6`` and
    ``h**8``); the most accurate one gives the value and its distance from the next one,
    plus a bound on the rounding error of ``f``'s values, gives the error estimate.  The
    step starts near the best one for a function that varies on the scale
    ``max(1, |x|)`` and moves until the formulas agree: smaller when the stencil is too
    wide for ``f`` (or reaches a pole, a kink or the edge of the domain), larger when
    rounding dominates.  A central stencil also compares the slopes of its right and left
    halves, so a kink exactly at ``x`` is reported instead of averaged away.  The value is
    returned only if its estimated error is at most ``atol + rtol * |value|``: the default
    tolerance is relative to the derivative itself, so a derivative far smaller than ``f``'s
    values (``cos`` near 0, ``sigmoid`` at 30) may be refused with a message that rounding is
    the limit; pass an ``atol`` to accept an absolute accuracy instead.  A derivative that is
    zero to within its error (at a maximum, say) passes when that error is within ``rtol``
    of the slopes ``f`` shows across the stencil (or of ``|f(x)| / max(1, |x|)``).  A value
    found at a step far smaller than the first one tried, or after the estimates at two
    steps disagreed, must be confirmed at a wider step; if the two disagree, ``f``'s values
    carry more rounding than its type explains, and the call raises a ``ValueError`` that
    gives both.

    With an explicit ``h`` the textbook formula is used as it is, with no search and no
    tolerance: ``(f(x + h) - f(x - h)) / (2h)`` for the central first derivative,
    ``(f(x + h) - f(x)) / h`` forward, ``(f(x) - f(x - h)) / h`` backward, and the usual
    second differences for higher orders.  That is what the book's experiments with the
    step need; ``full_output`` then estimates the error from the same formula at ``2h``.

    Parameters
    ----------
    f : callable
        A real function of one real variable, applied elementwise (a NumPy ufunc or an
        expression built from them).  Its precision is read from the type of its values:
        for a ``float32`` result the steps and the default tolerance follow ``float32``.
    x : float or array_like
        The point(s).
    order : int, optional
        Which derivative (1 to 4).
    method : str, optional
        ``"central"`` (both sides of ``x``), ``"forward"`` or ``"backward"`` (one side
        only: at a kink these give the one-sided derivative).
    h : float or array_like, optional
        A fixed step for the plain formula (see above).
    rtol : float, optional
        Relative tolerance; by default the square root of ``f``'s machine epsilon
        (``1.5e-8`` for float64).  Without ``h`` only.
    atol : float, optional
        Absolute tolerance (default 0).  Without ``h`` only.
    full_output : bool, optional
        Return a :class:`DerivativeResult` (value, error estimate, step, evaluations)
        instead of the value alone.

    Returns
    -------
    float or numpy.ndarray or DerivativeResult
        A Python float for a scalar ``x``, else an array of ``x``'s shape; a
        :class:`DerivativeResult` with ``full_output=True``.

    Raises
    ------
    TypeError
        If ``f`` is not callable or returns non-real values.
    ValueError
        If ``x`` is not finite, ``h`` is not a positive finite number (or so small that
        ``x + h`` rounds to ``x``), ``order``/``method`` is unknown, or no step gives an
        estimate within the tolerance because of rounding error (the message gives the
        best estimate and its error), or estimates at two steps disagree beyond their
        errors (the message gives both).
    DomainError
        If ``f`` is NaN or infinite at ``x``, raises a math domain or arithmetic error
        there, or the stencil cannot be made to fit where ``f`` is smooth (a pole, a kink
        or the edge of the domain at ``x`` or very close to it).
    NumericalOverflowError
        If ``f`` overflows at ``x`` or the difference quotient overflows.

    Examples
    --------
    >>> import numpy as np
    >>> from calcnotes.numdiff import derivative
    >>> round(derivative(np.exp, 1.0), 12)
    2.718281828459
    >>> round(derivative(np.sin, 0.5, order=2), 10)
    -0.4794255386
    >>> np.round(derivative(lambda t: t**3, np.array([0.5, 1.0, 2.0])), 12)
    array([ 0.75,  3.  , 12.  ])
    >>> bool(abs(derivative(np.sin, 1e6) - np.cos(1e6)) < 1e-12)
    True
    >>> round(derivative(np.abs, 0.0, method="forward"), 12)
    1.0
    >>> derivative(np.abs, 0.0)
    Traceback (most recent call last):
    ...
    calcnotes.errors.DomainError: f is not differentiable at x = 0.0: its one-sided derivatives differ (-1 from the left, 1 from the right), so the central stencil meets a kink; use method='forward' or 'backward' for a one-sided derivative
    >>> derivative(np.log, -1.0)
    Traceback (most recent call last):
    ...
    calcnotes.errors.DomainError: f is not finite at x = -1.0 (outside its domain?)
    """
    require_callable(f)
    order = require_choice(order, ORDERS, "order")
    method = require_choice(method, METHODS, "method")
    relative, absolute = _tolerances(rtol, atol)
    xs = as_finite_points(x)
    shape = xs.shape
    target = _Elementwise(f, xs)
    steps = None if h is None else _steps(h, xs).reshape(-1)
    flat = xs.reshape(-1)
    if flat.size == 0:
        empty = np.zeros(shape)
        if full_output:
            return DerivativeResult(
                empty, empty.copy(), empty.copy(), np.zeros(shape, int), method, order
            )
        return empty
    centre = target.centre()
    if steps is not None:
        value, rounding = _plain(target, centre, flat, steps, order, method)
        if not full_output:
            return _output(value.reshape(shape))
        double, _ = _plain(target, centre, flat, 2.0 * steps, order, method)
        accuracy = _ACCURACY[method]
        error = np.abs(double - value) / (2.0**accuracy - 1.0) + rounding
        offsets = _stencil(order, method)[0]
        nfev = np.full(flat.size, 1 + 2 * (len(offsets) - 1))
        return _result(shape, value, error, steps, nfev, method, order)

    def where(i: int) -> str:
        return f"x = {_fmt(flat[i])}"

    value, error, step, nfev = _adaptive(
        _scheme(method, order),
        target,
        flat,
        centre,
        lambda: target.eps,
        relative,
        absolute,
        True,
        where,
    )
    if full_output:
        return _result(shape, value, error, step, nfev, method, order)
    return _output(value.reshape(shape))


@overload
def richardson(
    f: Func,
    x: Points,
    *,
    order: int = 1,
    h: float | np.ndarray | None = None,
    levels: int = 4,
    rtol: float | None = None,
    atol: float = 0.0,
    full_output: Literal[False] = False,
) -> Points: ...


@overload
def richardson(
    f: Func,
    x: Points,
    *,
    order: int = 1,
    h: float | np.ndarray | None = None,
    levels: int = 4,
    rtol: float | None = None,
    atol: float = 0.0,
    full_output: Literal[True],
) -> DerivativeResult: ...


def richardson(
    f: Func,
    x: Points,
    *,
    order: int = 1,
    h: float | np.ndarray | None = None,
    levels: int = 4,
    rtol: float | None = None,
    atol: float = 0.0,
    full_output: bool = False,
) -> Points | DerivativeResult:
    """Estimate a derivative by Richardson extrapolation of central differences.

    Central differences with steps ``h, h/2, h/4, …`` (``levels`` of them) have errors
    ``c1 h**2 + c2 h**4 + …``; combining them in a Neville tableau cancels the terms one by
    one, leaving an error of size ``h**(2*levels)``.  Because that is so small, a much
    larger starting step than :func:`default_step` suits it, which also keeps rounding error
    low.  The tableau's last two diagonal entries estimate the error (for ``levels`` below
    3, the levels needed for that are computed too, but not used in the value).

    Without ``h`` the starting step begins at ``2 * eps**(1 / (2*levels + order)) *
    max(1, |x|)`` (``0.037`` at ``|x| <= 1`` for the first derivative with 4 levels) and is
    searched and checked exactly as in :func:`derivative`, including the comparison of the
    two one-sided halves of the stencil that catches a kink at ``x``.  With an explicit
    ``h`` the tableau for that step is returned as it is.

    Parameters
    ----------
    f : callable
        A smooth real function of one real variable, applied elementwise.
    x : float or array_like
        The point(s).
    order : int, optional
        Which derivative (1 to 4).
    h : float or array_like, optional
        The largest (first) step, used as it is.
    levels : int, optional
        How many step sizes to combine, 1 to 8 (``levels=1`` is a plain central
        difference; each level halves the step, and beyond 8 rounding error swamps the
        gain).
    rtol, atol : float, optional
        Tolerances, as in :func:`derivative` (without ``h`` only).
    full_output : bool, optional
        Return a :class:`DerivativeResult` instead of the value alone.

    Returns
    -------
    float or numpy.ndarray or DerivativeResult
        A Python float for a scalar ``x``, else an array of ``x``'s shape; a
        :class:`DerivativeResult` with ``full_output=True``.

    Raises
    ------
    TypeError
        If ``f`` is not callable or ``levels`` is not an integer.
    ValueError
        If ``x`` or ``h`` is invalid, ``order`` is unknown, ``levels`` is not between 1
        and 8, or the tolerance cannot be met because of rounding error.
    DomainError
        If ``f`` is NaN or infinite at ``x``, or no step keeps the stencil where ``f`` is
        smooth (with an explicit ``h``: if the stencil leaves the domain).
    NumericalOverflowError
        If ``f`` overflows at ``x``.

    Examples
    --------
    >>> import numpy as np
    >>> from calcnotes.numdiff import richardson
    >>> round(richardson(np.exp, 1.0), 12)
    2.718281828459
    >>> round(richardson(np.cos, 0.0, order=2), 10)
    -1.0
    >>> richardson(np.sin, 0.0, levels=60)
    Traceback (most recent call last):
    ...
    ValueError: levels must be between 1 and 8 (each level halves the step, and beyond 8 rounding error swamps the gain), got 60
    """
    require_callable(f)
    order = require_choice(order, ORDERS, "order")
    levels = require_count(levels, "levels", minimum=1)
    if levels > MAX_LEVELS:
        raise ValueError(
            f"levels must be between 1 and {MAX_LEVELS} (each level halves the step, and "
            f"beyond {MAX_LEVELS} rounding error swamps the gain), got {levels}"
        )
    relative, absolute = _tolerances(rtol, atol)
    xs = as_finite_points(x)
    shape = xs.shape
    flat = xs.reshape(-1)
    scheme = _scheme("Richardson", order, levels)
    if h is not None:
        first = _steps(h, xs).reshape(-1)
        _steps(first / 2.0 ** (levels - 1), flat)
    if flat.size == 0:
        empty = np.zeros(shape)
        if full_output:
            return DerivativeResult(
                empty, empty.copy(), empty.copy(), np.zeros(shape, int), "Richardson", order
            )
        return empty
    target = _Elementwise(f, xs)
    centre = target.centre()
    if h is not None:
        trial = _attempt(
            scheme, target, np.arange(flat.size), flat, centre, first, lambda: target.eps
        )
        if not np.all(trial.finite):
            i = int(np.flatnonzero(~trial.finite)[0])
            raise DomainError(
                f"f is not finite at {_fmt(trial.bad_point[i])}, a point of the central "
                f"stencil for x = {_fmt(flat[i])} (step h = {first[i]:.3g}): the stencil "
                "leaves f's domain; pass a smaller h"
            )
        value = trial.value
        if not full_output:
            return _output(value.reshape(shape))
        error = trial.truncation + trial.rounding
        nfev = np.full(flat.size, len(scheme.nodes))
        return _result(shape, value, error, first, nfev, "Richardson", order)

    def where(i: int) -> str:
        return f"x = {_fmt(flat[i])}"

    value, error, step, nfev = _adaptive(
        scheme, target, flat, centre, lambda: target.eps, relative, absolute, True, where
    )
    if full_output:
        return _result(shape, value, error, step, nfev, "Richardson", order)
    return _output(value.reshape(shape))


@overload
def complex_step(
    f: Func,
    x: Points,
    *,
    h: float = 1e-20,
    check: bool = True,
    rtol: float | None = None,
    atol: float = 0.0,
    full_output: Literal[False] = False,
) -> Points: ...


@overload
def complex_step(
    f: Func,
    x: Points,
    *,
    h: float = 1e-20,
    check: bool = True,
    rtol: float | None = None,
    atol: float = 0.0,
    full_output: Literal[True],
) -> DerivativeResult: ...


def complex_step(
    f: Func,
    x: Points,
    *,
    h: float = 1e-20,
    check: bool = True,
    rtol: float | None = None,
    atol: float = 0.0,
    full_output: bool = False,
) -> Points | DerivativeResult:
    """First derivative by the complex-step method, ``Im f(x + i h) / h``.

    For a function that is complex-analytic (given by a power series, like ``exp``,
    ``sin`` and polynomials) the formula has no subtraction, hence no cancellation: ``h``
    can be tiny and the result is accurate to rounding error, even where ``f'`` is far
    smaller than ``f`` (``sigmoid`` at 40).  ``f`` must accept complex input (NumPy
    functions, not the ``math`` module) and be analytic: ``abs``, ``conj``, real or
    imaginary parts, and comparisons break the method, sometimes silently.  So by default
    (``check=True``) the complex-step value is compared with a central finite difference
    (the search of :func:`derivative`, about 8 more evaluations of ``f``), and a
    disagreement beyond that difference's error estimate raises.  The same real stencil
    catches a point where ``f`` is not smooth (``sqrt`` at 0, ``relu`` at 0), which the
    complex step alone would answer with a wrong number.

    Parameters
    ----------
    f : callable
        An analytic function, applied elementwise to complex arrays.
    x : float or array_like
        The real point(s).
    h : float, optional
        The imaginary step: positive, normal (not subnormal) and small against the
        distance from ``x`` to ``f``'s nearest singularity.
    check : bool, optional
        Compare with a real finite difference (see above).  Pass ``False`` only for an
        ``f`` known to be analytic near ``x``.
    rtol, atol : float, optional
        Tolerances on the error estimate, as in :func:`derivative`.
    full_output : bool, optional
        Return a :class:`DerivativeResult` instead of the value alone.

    Returns
    -------
    float or numpy.ndarray or DerivativeResult
        A Python float for a scalar ``x``, else an array of ``x``'s shape; a
        :class:`DerivativeResult` with ``full_output=True``.  Its error estimate is a few
        units of rounding of the value plus, with ``check``, a bound on the complex step's
        truncation error ``h**2 |f'''| / 6``.

    Raises
    ------
    TypeError
        If ``f`` is not callable, rejects complex input, or returns real values for complex
        input (it is then not analytic, e.g. ``np.abs``).
    ValueError
        If ``x`` is not finite, ``h`` is not a positive normal number, ``f`` is not
        complex-analytic (the check), or the result's imaginary part underflows.
    DomainError
        If ``f`` is NaN or infinite at the real point ``x`` (checked first) or at
        ``x + i h``, or (with ``check``) is not smooth at ``x``.

    Examples
    --------
    >>> import numpy as np
    >>> from calcnotes.numdiff import complex_step
    >>> complex_step(np.sin, 0.0)
    1.0
    >>> np.round(complex_step(lambda t: t**2, np.array([1.0, 2.5])), 12)
    array([2., 5.])
    >>> try:
    ...     complex_step(lambda t: t * np.abs(t), 2.0)  # not analytic: |t| is no power series
    ... except ValueError as err:
    ...     print(str(err).split(" (")[0])
    complex step: f does not look complex-analytic at x = 2.0: Im f(x + ih)/h gives 2 but a real central difference gives 4
    """
    require_callable(f)
    xs = as_finite_points(x)
    try:
        step_value = require_positive_step(h)
    except (TypeError, ValueError) as err:
        raise type(err)(f"complex step: {err}") from None
    if not isinstance(step_value, float):
        raise TypeError("complex step: the step h must be a single number")
    if step_value < _TINY:
        raise ValueError(
            f"complex step: the step h = {step_value:.3g} is subnormal, so Im f(x + ih) / h "
            f"would lose precision; use h >= {_TINY:.3g} (the default 1e-20 suits most f)"
        )
    relative, absolute = _tolerances(rtol, atol)
    shape = xs.shape
    flat = xs.reshape(-1)
    if flat.size == 0:
        empty = np.zeros(shape)
        if full_output:
            return DerivativeResult(
                empty, empty.copy(), empty.copy(), np.zeros(shape, int), "complex step", 1
            )
        return empty
    target = _Elementwise(f, xs)
    centre = target.centre()
    z = flat + 1j * step_value
    argument = z.reshape(())[()] if xs.ndim == 0 else z.reshape(shape)
    needs_complex = (
        "complex step: f must accept complex input (use NumPy functions such as "
        "np.sin rather than math.sin)"
    )
    try:
        with warnings.catch_warnings(record=True) as caught, np.errstate(all="ignore"):
            warnings.simplefilter("always", np.exceptions.ComplexWarning)
            value = f(argument)
    except TypeError as err:
        raise TypeError(f"{needs_complex}: {err}") from err
    for w in caught:  # pass on any other warning f raised
        if not issubclass(w.category, np.exceptions.ComplexWarning):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    if any(issubclass(w.category, np.exceptions.ComplexWarning) for w in caught):
        raise TypeError(f"{needs_complex}: f discarded the imaginary part of its input")
    result = np.asarray(value)
    if result.dtype.kind != "c":
        raise TypeError(
            "complex step: f must be analytic and return complex values for complex "
            f"input; f returned {result.dtype} (abs, comparisons or math functions?)"
        )
    if result.shape != shape:
        raise ValueError(
            f"complex step: f returned shape {result.shape} for points of shape {shape}; "
            "f must act elementwise"
        )
    result = result.reshape(-1)
    eps = max(target.eps, _precision(result.dtype))
    bad = ~np.isfinite(result)
    if np.any(bad):
        point = flat[bad][0]
        raise DomainError(
            f"complex step: f is not finite at x + ih = {_fmt(point)} + {step_value:.3g}i"
        )
    imaginary = result.imag
    tiny_part = (imaginary != 0) & (np.abs(imaginary) < _TINY)
    if np.any(tiny_part):
        point = flat[tiny_part][0]
        raise ValueError(
            f"complex step: Im f(x + ih) underflows at x = {_fmt(point)} (it is subnormal, "
            f"{float(np.abs(imaginary[tiny_part][0])):.3g}); use a larger h"
        )
    estimate = imaginary / step_value
    error = 16.0 * eps * np.abs(estimate)
    nfev = np.full(flat.size, 2)
    if check:

        def where(i: int) -> str:
            return f"x = {_fmt(flat[i])}"

        slopes = np.zeros(flat.size)
        try:
            real, real_error, real_step, real_nfev = _adaptive(
                _scheme("central", 1),
                target,
                flat,
                centre,
                lambda: target.eps,
                1e-6,
                0.0,
                False,
                where,
                slopes,
            )
        except DomainError as err:
            raise DomainError(f"complex step: {err}") from err
        nfev = nfev + real_nfev - 1
        with np.errstate(all="ignore"):
            gap = np.abs(estimate - real)
            # A function that is not analytic misses by a fraction of its slopes (t |t| gives
            # half its derivative); a gap below sqrt(eps) of the slopes f shows across the
            # real stencil is rounding (f's values may carry more of it than its type
            # explains, as in x - x**3 / 2 - x computed at 0).
            allowed = (
                2.0 * real_error
                + 8.0 * eps * np.abs(estimate)
                + 2.0 * error
                + math.sqrt(eps) * slopes
            )
            # The complex step's own truncation, -h**2 f'''(x) / 6, is at most about
            # (h / H)**2 times the real stencil's spread of slopes (H its half-width).
            width = 4.0 * real_step
            error = error + (step_value / width) ** 2 * (np.abs(real) + gap)
        wrong = gap > allowed
        if np.any(wrong):
            i = int(np.flatnonzero(wrong)[0])
            raise ValueError(
                f"complex step: f does not look complex-analytic at x = {_fmt(flat[i])}: "
                f"Im f(x + ih)/h gives {estimate[i]:.6g} but a real central difference "
                f"gives {real[i]:.6g} (error about {real_error[i]:.2g}); does f use abs, "
                "conj, real or imaginary parts, or comparisons? Use derivative instead"
            )
    size = np.abs(estimate)
    if check:
        # a derivative that is 0 (or nearly) is judged against the real stencil's error
        size = np.maximum(size, np.abs(real) + real_error)
    rtol_used = relative if relative is not None else math.sqrt(eps)
    tolerance = absolute + rtol_used * size
    over = error > tolerance
    if check:
        # as in derivative: a value that is 0 to within its error passes when that error
        # is small next to the slopes f shows near x (-x**5 / 4 at 0 gives -h**4 / 4)
        over &= ~((np.abs(estimate) <= error) & (error <= rtol_used * slopes))
    if np.any(over):
        i = int(np.flatnonzero(over)[0])
        raise ValueError(
            f"complex step: the estimate {estimate[i]:.6g} at x = {_fmt(flat[i])} has an "
            f"estimated error of {error[i]:.2g}, above the tolerance; use a smaller h"
        )
    if full_output:
        steps = np.full(flat.size, step_value)
        return _result(shape, estimate, error, steps, nfev, "complex step", 1)
    return _output(np.asarray(estimate, dtype=np.float64).reshape(shape))


# ---------------------------------------------------------------- several variables


def _call_scalar(f: Func, point: np.ndarray) -> tuple[float, float]:
    """A function of several variables at ``point``: its real scalar value and precision."""
    argument = point.copy() if point.ndim else point[()]
    try:
        value, _ = _run(f, argument)
    except OverflowError as err:
        raise NumericalOverflowError(f"f overflows at x = {point.tolist()}: {err}") from err
    except (ValueError, ArithmeticError) as err:
        if not _is_domain_failure(err):
            raise
        raise DomainError(f"f could not be evaluated at x = {point.tolist()}: {err}") from err
    result = np.asarray(value)
    if result.dtype.kind not in "biuf":
        raise TypeError(f"f must return a real number, got {type(value).__name__}")
    if result.size != 1:
        raise ValueError(
            f"f must return a single number (a scalar function of x), got shape {result.shape}"
        )
    return float(result.reshape(())), _precision(result.dtype)


class _Coordinates:
    """``f`` of several variables, seen as one function of each coordinate in turn."""

    def __init__(self, f: Func, xs: np.ndarray) -> None:
        self.f = f
        self.xs = xs
        self.eps = _EPS

    def __call__(self, index: np.ndarray, t: np.ndarray) -> np.ndarray:
        out = np.empty(t.size)
        for k, (i, ti) in enumerate(zip(index, t, strict=True)):
            shifted = self.xs.copy()
            shifted.flat[int(i)] = ti
            try:
                out[k], eps = _call_scalar(self.f, shifted)
            except (DomainError, NumericalOverflowError):
                out[k] = np.nan
                continue
            self.eps = max(self.eps, eps)
        return out


@overload
def gradient(
    f: Func,
    x: object,
    *,
    h: float | np.ndarray | None = None,
    rtol: float | None = None,
    atol: float = 0.0,
    full_output: Literal[False] = False,
) -> np.ndarray: ...


@overload
def gradient(
    f: Func,
    x: object,
    *,
    h: float | np.ndarray | None = None,
    rtol: float | None = None,
    atol: float = 0.0,
    full_output: Literal[True],
) -> DerivativeResult: ...


def gradient(
    f: Func,
    x: object,
    *,
    h: float | np.ndarray | None = None,
    rtol: float | None = None,
    atol: float = 0.0,
    full_output: bool = False,
) -> np.ndarray | DerivativeResult:
    """Gradient of a scalar function of several variables by central differences.

    Each partial derivative is the derivative of ``t -> f(x with x_i = t)`` at ``x_i``.
    Without ``h`` each one is found as :func:`derivative` finds a first derivative: a
    9-point central stencil whose step is searched until the formulas agree, with an
    error estimate and the same tolerances; a partial derivative that is zero to within
    the rounding of ``f``'s values passes when that rounding is within ``rtol`` of the
    slopes ``f`` shows along that coordinate.  With ``h`` it is the plain
    ``(f(x + h_i e_i) - f(x - h_i e_i)) / (2 h_i)``.

    Parameters
    ----------
    f : callable
        Takes an array shaped like ``x`` and returns one real number (a loss, say).
    x : array_like
        The point, of any shape (a vector, or a weight matrix).
    h : float or array_like, optional
        A fixed step, one for all coordinates or one per coordinate.
    rtol, atol : float, optional
        Tolerances, as in :func:`derivative` (without ``h`` only).
    full_output : bool, optional
        Return a :class:`DerivativeResult` (arrays of ``x``'s shape) instead.

    Returns
    -------
    numpy.ndarray or DerivativeResult
        The gradient, with the same shape as ``x``.

    Raises
    ------
    TypeError
        If ``f`` is not callable or does not return a real number.
    ValueError
        If ``x`` is not finite, ``h`` is invalid, ``f`` returns more than one number, or
        a partial derivative cannot be estimated within the tolerance.
    DomainError
        If ``f`` is NaN or infinite at ``x``, or along some coordinate no step keeps the
        stencil where ``f`` is smooth.

    Examples
    --------
    >>> import numpy as np
    >>> from calcnotes.numdiff import gradient
    >>> np.round(gradient(lambda v: v[0] ** 2 + 3 * v[0] * v[1], [1.0, 2.0]), 10)
    array([8., 3.])
    """
    require_callable(f)
    relative, absolute = _tolerances(rtol, atol)
    xs = as_finite_points(x)
    steps = None if h is None else np.asarray(_steps(h, xs), dtype=np.float64)
    centre_value, eps = _call_scalar(f, xs)
    if not np.isfinite(centre_value):
        raise DomainError(f"f is not finite at x = {xs.tolist()} (outside its domain?)")
    target = _Coordinates(f, xs)
    target.eps = eps
    flat = xs.reshape(-1)
    if flat.size == 0:
        empty = np.zeros(xs.shape)
        if full_output:
            return DerivativeResult(
                empty, empty.copy(), empty.copy(), np.zeros(xs.shape, int), "central", 1
            )
        return empty
    centre = np.full(flat.size, centre_value)
    if steps is not None:
        flat_steps = steps.reshape(-1)
        index = np.arange(flat.size)
        sides = []
        for sign in (1.0, -1.0):
            moved = flat + sign * flat_steps
            values = target(index, moved)
            bad = ~np.isfinite(values)
            if np.any(bad):
                i = int(np.flatnonzero(bad)[0])
                raise DomainError(
                    f"f is not finite when coordinate {i} of x is moved by "
                    f"{sign * flat_steps[i]:+.3g} (to {_fmt(moved[i])}): the stencil "
                    "leaves f's domain; try a smaller h"
                )
            sides.append(values)
        with np.errstate(all="ignore"):
            grad = (sides[0] - sides[1]) / (2.0 * flat_steps)
            rounding = (
                _SAFETY * target.eps * (np.abs(sides[0]) + np.abs(sides[1])) / (2.0 * flat_steps)
            )
        if not np.all(np.isfinite(grad)):
            raise NumericalOverflowError(
                "the finite-difference gradient overflows: f's values are too large"
            )
        if not full_output:
            return grad.reshape(xs.shape)
        nfev = np.full(flat.size, 3)
        result = _result(xs.shape, grad, rounding, flat_steps, nfev, "central", 1)
        return result

    def where(i: int) -> str:
        return f"x = {xs.tolist()} when coordinate {i} of x is moved"

    value, error, step, nfev = _adaptive(
        _scheme("central", 1),
        target,
        flat,
        centre,
        lambda: target.eps,
        relative,
        absolute,
        True,
        where,
    )
    if full_output:
        return _result(xs.shape, value, error, step, nfev, "central", 1)
    return value.reshape(xs.shape)


def relative_error(a: object, b: object, *, floor: float = 0.0) -> float:
    """Norm-wise relative difference ``||a - b|| / max(||a||, ||b||, floor)`` of two arrays.

    The norm is the Euclidean one of all entries together, so one tiny or zero component
    does not dominate the result (an elementwise ratio would call ``1e-17`` against ``0`` a
    100 % error).  ``floor`` is an absolute lower bound on the denominator, for arrays that
    are themselves nearly zero; two equal arrays (two zeros, say) have error ``0``.

    Parameters
    ----------
    a, b : float or array_like
        Numbers or arrays of the same (or broadcastable) shape.
    floor : float, optional
        The smallest denominator, in the units of ``a`` and ``b`` (default 0).

    Returns
    -------
    float
        The relative difference (``0.0`` for empty arrays).

    Raises
    ------
    ValueError
        If an entry is NaN or infinite, the shapes do not match, or ``floor`` is negative.

    Examples
    --------
    >>> from calcnotes.numdiff import relative_error
    >>> print(f"{relative_error([3.0, 4.0], [3.0, 4.001]):.6e}")
    1.999680e-04
    >>> relative_error(0.0, 0.0)
    0.0
    >>> relative_error(1e-12, 0.0, floor=1e-6)
    1e-06
    """
    aa = as_finite_points(a, "a")
    bb = as_finite_points(b, "b")
    if isinstance(floor, bool) or not isinstance(floor, (int, float, np.integer, np.floating)):
        raise TypeError(f"floor must be a real number, got {type(floor).__name__}")
    if not (math.isfinite(floor) and floor >= 0):
        raise ValueError(f"floor must be a finite number >= 0, got {floor!r}")
    try:
        aa, bb = np.broadcast_arrays(aa, bb)
    except ValueError:
        raise ValueError(
            f"a and b must have the same shape, got {aa.shape} and {bb.shape}"
        ) from None
    if aa.size == 0:
        return 0.0
    difference = float(np.linalg.norm((aa - bb).ravel()))
    if difference == 0.0:
        return 0.0
    scale = max(float(np.linalg.norm(aa.ravel())), float(np.linalg.norm(bb.ravel())), floor)
    return difference / scale


def gradient_check(
    f: Func,
    grad: Func,
    x: object,
    *,
    h: float | np.ndarray | None = None,
    floor: float | None = None,
) -> float:
    """Compare an analytic gradient with the numerical one; return their relative error.

    This is the standard test of a backpropagation implementation.  The score is
    ``relative_error(grad(x), gradient(f, x), floor=floor)``: the Euclidean norm of the
    difference over the larger norm of the two gradients, so that a correct gradient scores
    about ``1e-8`` or (much) less whatever its components (a zero component does not make
    it look wrong), and a wrong one scores ``1e-2`` to ``1``.  Near a minimum, where the
    gradient itself vanishes, the denominator would shrink to the numerical noise; the
    ``floor`` keeps it at least ``1e8`` times the numerical gradient's error estimate by
    default, so a correct gradient still scores at most about ``1e-8`` there.  Without
    ``h`` each partial derivative is found to within ``1e-10`` times the norm of
    ``grad(x)`` (an absolute tolerance for :func:`gradient`), which is all a norm-wise score
    needs.

    Parameters
    ----------
    f : callable
        The scalar function (a loss) of an array shaped like ``x``.
    grad : callable
        The claimed gradient of ``f``: takes ``x``, returns an array of ``x``'s shape.
    x : array_like
        The point at which to compare.
    h : float or array_like, optional
        A fixed step for :func:`gradient` (by default it searches its own).
    floor : float, optional
        The absolute floor of the denominator (see above).

    Returns
    -------
    float
        The norm-wise relative error.

    Raises
    ------
    TypeError
        If ``f`` or ``grad`` is not callable.
    ValueError
        If ``grad(x)`` has the wrong shape or is not finite, or for the reasons of
        :func:`gradient`.

    Examples
    --------
    >>> import numpy as np
    >>> from calcnotes.numdiff import gradient_check
    >>> f = lambda v: v[0] ** 2 + v[1] ** 3
    >>> gradient_check(f, lambda v: np.array([2 * v[0], 3 * v[1] ** 2]), [1.0, 0.0]) < 1e-8
    True
    >>> gradient_check(f, lambda v: np.array([2 * v[0], 2 * v[1]]), [1.0, 0.5]) > 0.1
    True
    """
    require_callable(f)
    require_callable(grad, "grad")
    xs = as_finite_points(x)
    analytic = np.asarray(grad(xs.copy()))
    if analytic.shape != xs.shape:
        raise ValueError(f"grad returned shape {analytic.shape} but x has shape {xs.shape}")
    if analytic.dtype.kind not in "biuf" or not np.all(np.isfinite(analytic)):
        raise ValueError("grad(x) must be a finite real array")
    if h is None:
        # The score is norm-wise, so each partial derivative is needed only to a fraction
        # of the gradient's norm, not to its own relative accuracy (a component a million
        # times smaller than the others would otherwise be refused as unresolvable).
        atol = _GRADIENT_CHECK_ATOL * float(np.linalg.norm(analytic.ravel()))
        numeric = gradient(f, xs, atol=atol, full_output=True)
    else:
        numeric = gradient(f, xs, h=h, full_output=True)
    if floor is None:
        floor = 1e8 * float(np.linalg.norm(np.ravel(numeric.error)))
    return relative_error(analytic, np.reshape(numeric.value, xs.shape), floor=floor)
