"""Jacobians and Hessians of functions of several variables, by finite differences.

Both functions are built on :mod:`calcnotes.numdiff` and keep its promises: every entry
comes with an error estimate (``full_output=True``), an entry that cannot be estimated
within the tolerance raises, and a point outside ``f``'s domain raises
:class:`~calcnotes.errors.DomainError`; no call returns a silent NaN.

* :func:`jacobian` stacks one :func:`~calcnotes.numdiff.gradient` per output component, so
  ``J[i, j]`` is the derivative of output ``i`` by input ``j`` (numerator layout: rows
  follow the output, columns the input).  Values of ``f`` are remembered, so the rows share
  the evaluations their stencils have in common.
* :func:`hessian` takes second derivatives along lines with
  :func:`~calcnotes.numdiff.derivative`: ``H[i, i]`` is the second derivative of
  ``t -> f(x + t e_i)``, and ``H[i, j]`` is a quarter of the difference between the second
  derivatives along ``e_i + e_j`` and ``e_i - e_j`` (polarisation: the curvature of ``f``
  along ``u`` is ``u^T H u``).  The result is symmetric by construction.

The symbolic counterparts are SymPy's own: ``sympy.Matrix.jacobian`` (numerator layout
too) and ``sympy.hessian``; the book uses them directly.

Examples
--------
>>> import numpy as np
>>> from calcnotes.multivariate import hessian, jacobian
>>> polar = lambda p: np.array([p[0] * np.cos(p[1]), p[0] * np.sin(p[1])])
>>> np.round(jacobian(polar, [2.0, 0.0]), 10)
array([[1., 0.],
       [0., 2.]])
>>> np.round(hessian(lambda v: v[0] ** 2 * v[1] + v[1] ** 2, [1.0, 3.0]), 8)
array([[6., 2.],
       [2., 2.]])
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, overload

import numpy as np

from calcnotes._validation import as_finite_points, require_callable, require_positive_step
from calcnotes.errors import DomainError
from calcnotes.numdiff import DerivativeResult, NumericalOverflowError, derivative, gradient

__all__ = ["hessian", "jacobian"]

Func = Callable[[Any], Any]


def _evaluate(f: Func, point: np.ndarray) -> np.ndarray:
    """``f`` at ``point``, with a clear error for values that are not real and finite."""
    fired: set[str] = set()

    def record(kind: str, flag: int) -> None:
        fired.add(kind)

    try:
        with np.errstate(over="call", divide="call", invalid="call", under="ignore", call=record):
            value = f(point.copy() if point.ndim else point[()])
    except OverflowError as err:
        raise NumericalOverflowError(f"f overflows at x = {point.tolist()}: {err}") from err
    except (ValueError, ArithmeticError) as err:
        if not (isinstance(err, ArithmeticError) or "domain" in str(err)):
            raise
        raise DomainError(f"f could not be evaluated at x = {point.tolist()}: {err}") from err
    result = np.asarray(value)
    if result.dtype.kind not in "biuf":
        raise TypeError(f"f must return real numbers, got {type(value).__name__}")
    if not np.all(np.isfinite(result)):
        if "overflow" in fired and np.any(np.isinf(result)):
            raise NumericalOverflowError(
                f"f overflows at x = {point.tolist()}: its value is beyond the float64 range"
            )
        raise DomainError(f"f is not finite at x = {point.tolist()} (outside its domain?)")
    return result


class _Remembered:
    """``f`` with its values remembered, point by point (the stencils of rows overlap)."""

    def __init__(self, f: Func, shape: tuple[int, ...]) -> None:
        self.f = f
        self.shape = shape
        self.values: dict[bytes, np.ndarray] = {}

    def __call__(self, point: np.ndarray) -> np.ndarray:
        key = np.ascontiguousarray(point, dtype=np.float64).tobytes()
        if key not in self.values:
            with np.errstate(all="ignore"):
                value = np.asarray(self.f(point.copy() if point.ndim else point[()]))
            if value.shape != self.shape:
                raise ValueError(
                    f"f returned shape {value.shape} at x = {point.tolist()} but shape "
                    f"{self.shape} at the point itself; its output must keep one shape"
                )
            self.values[key] = value
        return self.values[key]

    def component(self, k: int) -> Func:
        """The scalar function ``v -> f(v).flat[k]``, for :func:`gradient`."""
        return lambda v: self(np.asarray(v, dtype=np.float64)).reshape(-1)[k]


def _with_context(err: Exception, context: str, line: bool = False) -> Exception:
    """The same kind of error with ``context`` in front of its message.

    With ``line``, the message came from a derivative along a line ``x + t u``, and the
    point it names is a value of ``t``.
    """
    kind = type(err)
    if kind in (ValueError, TypeError, DomainError, NumericalOverflowError):
        message = str(err).replace(" x = ", " t = ") if line else str(err)
        return kind(f"{context}: {message}")
    return err


@overload
def jacobian(
    f: Func,
    x: object,
    *,
    h: float | np.ndarray | None = None,
    rtol: float | None = None,
    atol: float = 0.0,
    full_output: Literal[False] = False,
) -> np.ndarray: ...


@overload
def jacobian(
    f: Func,
    x: object,
    *,
    h: float | np.ndarray | None = None,
    rtol: float | None = None,
    atol: float = 0.0,
    full_output: Literal[True],
) -> DerivativeResult: ...


def jacobian(
    f: Func,
    x: object,
    *,
    h: float | np.ndarray | None = None,
    rtol: float | None = None,
    atol: float = 0.0,
    full_output: bool = False,
) -> np.ndarray | DerivativeResult:
    """Jacobian matrix of a vector-valued function by central differences.

    Row ``i`` is the gradient of output component ``i``, found by
    :func:`calcnotes.numdiff.gradient` with its step search, error estimate and
    tolerances, so ``J[i, j]`` is the partial derivative of ``f_i`` by ``x_j``: the
    numerator layout, ``m`` rows for ``m`` outputs and ``n`` columns for ``n`` inputs.
    More generally the result has shape ``f(x).shape + x.shape``; for a scalar ``f`` it is
    the gradient.  ``f``'s values are remembered, so a point that the stencils of several
    rows share is evaluated once.

    Parameters
    ----------
    f : callable
        Takes an array shaped like ``x`` and returns an array of real numbers (always of
        the same shape).
    x : array_like
        The point (a vector, usually).
    h : float or array_like, optional
        A fixed step, one for all coordinates or one per coordinate: then every entry is
        the plain central difference ``(f_i(x + h_j e_j) - f_i(x - h_j e_j)) / (2 h_j)``.
    rtol, atol : float, optional
        Tolerances of each row, as in :func:`calcnotes.numdiff.gradient` (without ``h``).
    full_output : bool, optional
        Return a :class:`~calcnotes.numdiff.DerivativeResult` whose ``value``, ``error``
        and ``step`` have the Jacobian's shape and whose ``nfev`` counts the distinct
        points at which ``f`` was evaluated.

    Returns
    -------
    numpy.ndarray or DerivativeResult
        The Jacobian, of shape ``f(x).shape + x.shape``.

    Raises
    ------
    TypeError
        If ``f`` is not callable or returns values that are not real numbers.
    ValueError
        If ``x`` is not finite, ``h`` is invalid, ``f`` changes the shape of its output, or
        an entry cannot be estimated within the tolerance (the message names the output
        component).
    DomainError
        If ``f`` is NaN or infinite at ``x``, or no step keeps a stencil where ``f`` is
        smooth.

    Examples
    --------
    >>> import numpy as np
    >>> from calcnotes.multivariate import jacobian
    >>> f = lambda v: np.array([v[0] * v[1], v[0] + np.sin(v[1]), v[1] ** 2])
    >>> np.round(jacobian(f, [2.0, 0.0]), 10)
    array([[0., 2.],
           [1., 1.],
           [0., 0.]])
    >>> result = jacobian(f, [2.0, 0.0], full_output=True)
    >>> result.value.shape, bool(np.all(result.error < 1e-8))
    ((3, 2), True)
    >>> jacobian(lambda v: np.log(v), [1.0, -1.0])
    Traceback (most recent call last):
    ...
    calcnotes.errors.DomainError: f is not finite at x = [1.0, -1.0] (outside its domain?)
    """
    require_callable(f)
    xs = as_finite_points(x)
    centre = _evaluate(f, xs)
    remembered = _Remembered(f, centre.shape)
    remembered.values[np.ascontiguousarray(xs, dtype=np.float64).tobytes()] = centre
    shape = centre.shape + xs.shape
    rows: list[DerivativeResult] = []
    for k in range(centre.size):
        label = f"output component {k}" if centre.ndim <= 1 else f"output entry {k} (flat)"
        try:
            rows.append(
                gradient(remembered.component(k), xs, h=h, rtol=rtol, atol=atol, full_output=True)
            )
        except (ValueError, TypeError, DomainError) as err:
            raise _with_context(err, label) from err
    if rows:
        value = np.stack([np.reshape(row.value, xs.shape) for row in rows]).reshape(shape)
        error = np.stack([np.reshape(row.error, xs.shape) for row in rows]).reshape(shape)
        step = np.stack([np.reshape(row.step, xs.shape) for row in rows]).reshape(shape)
    else:
        value, error, step = np.zeros(shape), np.zeros(shape), np.zeros(shape)
    if not full_output:
        return value
    return DerivativeResult(value, error, step, len(remembered.values), "central", 1)


@overload
def hessian(
    f: Func,
    x: object,
    *,
    h: float | None = None,
    rtol: float | None = None,
    atol: float = 0.0,
    full_output: Literal[False] = False,
) -> np.ndarray: ...


@overload
def hessian(
    f: Func,
    x: object,
    *,
    h: float | None = None,
    rtol: float | None = None,
    atol: float = 0.0,
    full_output: Literal[True],
) -> DerivativeResult: ...


def hessian(
    f: Func,
    x: object,
    *,
    h: float | None = None,
    rtol: float | None = None,
    atol: float = 0.0,
    full_output: bool = False,
) -> np.ndarray | DerivativeResult:
    """Hessian matrix of a scalar function of several variables by finite differences.

    The curvature of ``f`` along a direction ``u`` is the second derivative of
    ``t -> f(x + t u)`` at ``t = 0``, which equals ``u^T H u``.  Each one is found by
    :func:`calcnotes.numdiff.derivative` with ``order=2``: its step search, its error
    estimate and its tolerance (by default ``1.5e-7`` relative to that curvature).  The
    diagonal entry ``H[i, i]`` is the curvature along ``e_i``; an off-diagonal entry is

        ``H[i, j] = (curvature along e_i + e_j - curvature along e_i - e_j) / 4``,

    so ``H`` is symmetric by construction and its error estimate is the sum of the two
    curvatures' errors over four.  An entry far smaller than the curvatures it is computed
    from (a nearly separable ``f``) is therefore known to an absolute accuracy set by those
    curvatures, which ``full_output`` reports.  ``x`` of any shape is allowed; the Hessian
    then has shape ``x.shape + x.shape``.

    Parameters
    ----------
    f : callable
        Takes an array shaped like ``x`` and returns one real number.
    x : array_like
        The point.
    h : float, optional
        A fixed step along every direction: the plain second difference
        ``(g(h) - 2 g(0) + g(-h)) / h**2`` of ``g(t) = f(x + t u)``, with no search.
    rtol, atol : float, optional
        Tolerances of each curvature, as in :func:`calcnotes.numdiff.derivative`.
    full_output : bool, optional
        Return a :class:`~calcnotes.numdiff.DerivativeResult` whose ``value`` and ``error``
        have the Hessian's shape, ``step`` holds the step used for each entry (the larger of
        the two for an off-diagonal one) and ``nfev`` counts the evaluations of ``f``.

    Returns
    -------
    numpy.ndarray or DerivativeResult
        The Hessian, of shape ``x.shape + x.shape``.

    Raises
    ------
    TypeError
        If ``f`` is not callable, does not return a real number, or ``h`` is not a single
        real number.
    ValueError
        If ``x`` is not finite, ``f`` returns more than one number (use :func:`jacobian` of
        the gradient for a vector function), ``h`` is not positive, or a curvature cannot
        be estimated within the tolerance (the message names the entry).
    DomainError
        If ``f`` is NaN or infinite at ``x``, or along some direction no step keeps the
        stencil where ``f`` is smooth.

    Examples
    --------
    >>> import numpy as np
    >>> from calcnotes.multivariate import hessian
    >>> f = lambda v: v[0] ** 3 - 3 * v[0] * v[1] + v[1] ** 3
    >>> np.round(hessian(f, [1.0, 1.0]), 8)
    array([[ 6., -3.],
           [-3.,  6.]])
    >>> result = hessian(np.linalg.norm, [3.0, 4.0], full_output=True)
    >>> np.round(result.value * 125, 6)
    array([[ 16., -12.],
           [-12.,   9.]])
    >>> bool(np.all(result.error < 1e-8))
    True
    >>> hessian(lambda v: v, [1.0, 2.0])
    Traceback (most recent call last):
    ...
    ValueError: f must return a single number (a scalar function of x), got shape (2,); use jacobian for a vector-valued f
    """
    require_callable(f)
    xs = as_finite_points(x)
    if h is not None and np.ndim(h) != 0:
        raise TypeError("h must be a single step (the same along every direction)")
    step_h = None if h is None else require_positive_step(h)
    centre = _evaluate(f, xs)
    if centre.size != 1:
        raise ValueError(
            f"f must return a single number (a scalar function of x), got shape "
            f"{centre.shape}; use jacobian for a vector-valued f"
        )
    n = xs.size
    flat = xs.reshape(-1).astype(np.float64)

    def along(u: np.ndarray) -> Func:
        def line(t: Any) -> Any:
            ts = np.asarray(t, dtype=np.float64)
            values = [_scalar(f((flat + ti * u).reshape(xs.shape))) for ti in ts.reshape(-1)]
            # values keep f's own type, so derivative reads f's precision from them
            if ts.ndim == 0:
                return values[0]
            return np.asarray(values).reshape(ts.shape)

        return line

    def curvature(u: np.ndarray, where: str) -> DerivativeResult:
        try:
            return derivative(
                along(u), 0.0, order=2, h=step_h, rtol=rtol, atol=atol, full_output=True
            )
        except (ValueError, TypeError, DomainError) as err:
            raise _with_context(err, where, line=True) from err

    value = np.zeros((n, n))
    error = np.zeros((n, n))
    step = np.zeros((n, n))
    nfev = 0
    eye = np.eye(n)
    point = f"x = {xs.tolist()}"  # the messages of derivative name t, the line's variable
    for i in range(n):
        diagonal = curvature(
            eye[i], f"Hessian entry ({i}, {i}) at {point}, on the line x + t e_{i}"
        )
        value[i, i], error[i, i] = float(diagonal.value), float(diagonal.error)
        step[i, i] = float(diagonal.step)
        nfev += int(diagonal.nfev)
        for j in range(i):
            where = f"Hessian entry ({i}, {j}) at {point}, on the line x + t (e_{i} {{}} e_{j})"
            plus = curvature(eye[i] + eye[j], where.format("+"))
            minus = curvature(eye[i] - eye[j], where.format("-"))
            value[i, j] = value[j, i] = (float(plus.value) - float(minus.value)) / 4.0
            error[i, j] = error[j, i] = (float(plus.error) + float(minus.error)) / 4.0
            step[i, j] = step[j, i] = max(float(plus.step), float(minus.step))
            nfev += int(plus.nfev) + int(minus.nfev)
    shape = xs.shape + xs.shape
    if not full_output:
        return value.reshape(shape)
    return DerivativeResult(
        value.reshape(shape), error.reshape(shape), step.reshape(shape), nfev, "central", 2
    )


def _scalar(value: Any) -> Any:
    """One value of ``f`` on a line through ``x``: a real number, or NaN where undefined."""
    result = np.asarray(value)
    if result.dtype.kind not in "biuf":
        raise TypeError(f"f must return a real number, got {type(value).__name__}")
    if result.size != 1:
        raise ValueError(
            f"f must return a single number (a scalar function of x), got shape "
            f"{result.shape}; use jacobian for a vector-valued f"
        )
    return result.reshape(())[()]
