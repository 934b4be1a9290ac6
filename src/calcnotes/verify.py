"""The book's checking mechanism: every stated formula and answer is proved and tested.

A chapter puts a hidden cell (tagged ``remove-cell``) after each worked answer::

    import sympy as sp
    from calcnotes.verify import Ledger

    x = sp.Symbol("x")
    check = Ledger("book/derivatives/index.md")
    check.derivative(sp.tan(x), sp.sec(x) ** 2, x)

A :class:`Ledger` check passes only when SymPy proves the statement *and* the numbers
agree at sample points; otherwise it raises :class:`VerificationError`, which fails the
build. The comparison itself lives in ``calcnotes._comparison``; the formula checker
(``calcnotes.bookcheck``) reads which ledgers a cell creates.

Examples
--------
>>> import sympy as sp
>>> from calcnotes.verify import Ledger
>>> x = sp.Symbol("x")
>>> check = Ledger("book/example.md")
>>> check.derivative(sp.sin(x) ** 2, sp.sin(2 * x), x)
>>> check.count
1
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextvars import ContextVar
from typing import Any

import numpy as np
import sympy as sp

from calcnotes import _comparison
from calcnotes._comparison import (
    _ABS_TOL,
    _MIN_VALID_POINTS,
    _REL_TOL,
    _RULE_POINTS,
    _as_expr,
    _close,
    _concrete_sets,
    _d_dx,
    _derivatives_as_subs,
    _describe,
    _evaluate,
    _exact,
    _exact_floats,
    _format_number,
    _format_pair,
    _format_pair_any,
    _has_float,
    _is_plain_number,
    _is_symbolic,
    _NotANumberError,
    _numbers_close,
    _parameter_values,
    _proves_zero,
    _sample_points,
    _shifted_point,
    _significant,
    _substitute_functions,
    _undefined_names,
    _unfold,
)
from calcnotes.rules import DerivativeRule, _text

__all__ = ["VerificationError", "Ledger", "DEFAULT_POINTS", "PARAMETER_SAMPLES"]

#: The sample points used when none are given, of both signs, below and above 1, and
#: irregular so that a wrong formula cannot agree with the right one by coincidence. Points
#: where the true value is undefined (outside the domain) are skipped; two must remain.
DEFAULT_POINTS: tuple[float, ...] = _comparison.DEFAULT_POINTS

#: Values tried for the parameters of a formula (other free symbols get 1.5 and 2.5).
PARAMETER_SAMPLES: dict[str, tuple[float, ...]] = _comparison.PARAMETER_SAMPLES


class VerificationError(AssertionError):
    """A formula or answer stated in the book is wrong, or could not be proved.

    The message names the page, the formula and the point where it failed.

    Examples
    --------
    >>> import sympy as sp
    >>> from calcnotes.verify import Ledger, VerificationError
    >>> x = sp.Symbol("x")
    >>> try:
    ...     Ledger("book/derivatives.md").derivative(sp.tan(x), sp.sec(x), x)
    ... except VerificationError as error:
    ...     print(error)
    book/derivatives.md: d/dx tan(x) stated as sec(x), differs at x = 0.3: 1.047 vs 1.096
    >>> issubclass(VerificationError, AssertionError)
    True
    """


# -- Tracking the ledgers a piece of code creates (for the formula checker) ---------------

_COLLECTORS: ContextVar[tuple[list[Ledger], ...]] = ContextVar("calcnotes_ledgers", default=())
_COUNTING: ContextVar[bool] = ContextVar("calcnotes_counting", default=False)


@contextlib.contextmanager
def _collect_ledgers() -> Iterator[list[Ledger]]:
    """Collect every Ledger created inside the ``with`` block."""
    found: list[Ledger] = []
    token = _COLLECTORS.set((*_COLLECTORS.get(), found))
    try:
        yield found
    finally:
        _COLLECTORS.reset(token)


class Ledger:
    """The checks of one hidden cell of a page; counts the checks that passed.

    Parameters
    ----------
    page : str
        The page the checked statements appear on, e.g. ``"book/derivatives/index.md"``;
        every failure message starts with it.

    Attributes
    ----------
    page : str
        As given.
    count : int
        Number of checks that have passed.

    Examples
    --------
    >>> import sympy as sp
    >>> from calcnotes.verify import Ledger
    >>> x = sp.Symbol("x")
    >>> check = Ledger("book/intuition.md")
    >>> check.derivative(x**3, 3 * x**2, x)
    >>> check.equal(0.1 + 0.2, 0.3, label="sum")
    >>> check
    Ledger('book/intuition.md', count=2)
    """

    def __init__(self, page: str) -> None:
        if not isinstance(page, str) or not page:
            raise TypeError(f"page must be a non-empty string, got {page!r}")
        self.page = page
        self.count = 0
        self._approximate = False
        #: what the passed checks were about (the formula checker ties the prose to these)
        self.facts: list[Any] = []
        for collector in _COLLECTORS.get():
            collector.append(self)

    def __repr__(self) -> str:
        return f"Ledger({self.page!r}, count={self.count})"

    def _fail(self, message: str) -> VerificationError:
        return VerificationError(f"{self.page}: {message}")

    # -- derivatives ---------------------------------------------------------------------

    def _compare(
        self,
        computed: sp.Expr,
        stated: sp.Expr,
        var: sp.Symbol,
        points: Sequence[float],
        params: Mapping[Any, Iterable[float]],
        what: str,
    ) -> tuple[str, str, str] | None:
        """Numeric comparison at every sample: the first disagreement (where, stated
        value, true value, as text), or None."""
        names = _undefined_names(computed, stated)
        others = sorted((computed.free_symbols | stated.free_symbols) - {var}, key=lambda s: s.name)
        choices = [_parameter_values(s, params) for s in others]
        valid = 0
        for functions in _concrete_sets(names):
            left = _substitute_functions(computed, functions)
            right = _substitute_functions(stated, functions)
            shown = ", ".join(f"{n}(t) = {_text(functions[n].expr)}" for n in names)
            for combo in itertools.product(*choices):
                values = dict(zip(others, combo, strict=False))
                for point in points:
                    at = {var: point, **values}
                    where = ", ".join(f"{s} = {_format_number(v)}" for s, v in at.items())
                    if shown:
                        where += f" with {shown}"
                    try:
                        a = _evaluate(left, at)
                    except _NotANumberError:
                        continue  # outside the domain: the point says nothing
                    valid += 1
                    try:
                        b = _evaluate(right, at)
                    except _NotANumberError as error:
                        return where, f"undefined ({error})", _significant(a, 4)
                    if not _close(a, b):
                        stated_text, true_text = _format_pair(b, a)
                        return where, stated_text, true_text
        if valid < _MIN_VALID_POINTS:
            raise self._fail(
                f"{what}: the true value can be evaluated at only {valid} of the sample points;"
                " choose points inside the domain"
            )
        return None

    def _check_derivative(
        self,
        expr: Any,
        stated: Any,
        var: sp.Symbol,
        order: int,
        label: str | None,
        points: Iterable[float] | None,
        params: Mapping[Any, Iterable[float]] | None,
        prefix: str = "",
    ) -> None:
        if not isinstance(var, sp.Symbol):
            raise TypeError(f"var must be a SymPy Symbol, got {type(var).__name__}")
        if not isinstance(order, int) or order < 1:
            raise ValueError(f"order must be a positive integer, got {order!r}")
        expr, stated = _as_expr(expr, var), _as_expr(stated, var)
        points = _sample_points(points)
        what = f"{prefix}{_d_dx(var, order)} {label or _text(expr)} stated as {_text(stated)}"
        computed = sp.diff(_unfold(expr), var, order)
        stated_u = _unfold(stated)
        difference = _derivatives_as_subs(computed) - _derivatives_as_subs(stated_u)
        if difference == 0:
            return
        mismatch = self._compare(computed, stated_u, var, points, params or {}, what)
        if mismatch is not None:
            where, stated_text, true_text = mismatch
            raise self._fail(f"{what}, differs at {where}: {stated_text} vs {true_text}")
        if _proves_zero(_exact_floats(difference)):
            return
        raise self._fail(
            f"{what}: the numbers agree at every sample point but SymPy could not prove"
            " the two equal; restate the formula in a form SymPy can simplify"
        )

    def derivative(
        self,
        expr: Any,
        stated: Any,
        var: sp.Symbol,
        *,
        order: int = 1,
        label: str | None = None,
        points: Iterable[float] | None = None,
        params: Mapping[Any, Iterable[float]] | None = None,
    ) -> None:
        """Check that the ``order``-th derivative of ``expr`` is ``stated``.

        SymPy must prove the difference is 0, and the two must agree numerically at
        every sample point (for every sample value of other symbols, and with concrete
        functions in place of undefined ones such as ``u(x)``).

        Parameters
        ----------
        expr : sympy.Expr or str
            The function.
        stated : sympy.Expr or str or float
            The derivative as the book states it.
        var : sympy.Symbol
            The variable of differentiation.
        order : int
            Which derivative (default 1, the first).
        label : str or None
            How the function is named in a failure message (default: ``str(expr)``).
        points : Iterable[float] or None
            Sample points; default ``DEFAULT_POINTS``, of both signs; points outside
            the domain of the true derivative are skipped (at least two must remain).
        params : Mapping or None
            Sample values for other symbols, keyed by Symbol or name; default
            ``PARAMETER_SAMPLES`` (n, a, c), else 1.5 and 2.5.

        Raises
        ------
        VerificationError
            If the two differ at a sample point, or if SymPy cannot prove them equal.

        Examples
        --------
        >>> import sympy as sp
        >>> from calcnotes.verify import Ledger
        >>> x = sp.Symbol("x")
        >>> check = Ledger("book/derivatives.md")
        >>> check.derivative(sp.tan(x), 1 + sp.tan(x) ** 2, x)
        >>> check.derivative(sp.sin(x**2), sp.cos(x**2), x)
        Traceback (most recent call last):
        ...
        calcnotes.verify.VerificationError: book/derivatives.md: d/dx sin(x**2) stated as cos(x**2), differs at x = 0.3: 0.996 vs 0.5976
        >>> check.derivative(x**4, 12 * x**2, x, order=2)
        >>> check.count
        2
        """
        self._check_derivative(expr, stated, var, order, label, points, params)
        self.facts += [expr, stated]
        self.count += 1

    def not_derivative(
        self,
        expr: Any,
        wrong: Any,
        var: sp.Symbol,
        *,
        label: str | None = None,
        order: int = 1,
        points: Iterable[float] | None = None,
        params: Mapping[Any, Iterable[float]] | None = None,
    ) -> None:
        """Check that ``wrong`` really is NOT the derivative (a common-mistakes row).

        Passes when ``wrong`` differs from the true derivative at some sample point.

        Parameters
        ----------
        expr : sympy.Expr or str
            The function.
        wrong : sympy.Expr or str or float
            The mistaken derivative shown in the book.
        var : sympy.Symbol
            The variable of differentiation.
        label : str or None
            How the function is named in a failure message (default: ``str(expr)``).
        order : int
            Which derivative (default 1, the first).
        points : Iterable[float] or None
            Sample points; default ``DEFAULT_POINTS``.
        params : Mapping or None
            Sample values for other symbols, as in :meth:`derivative`.

        Raises
        ------
        VerificationError
            If ``wrong`` agrees with the derivative at every sample point.

        Examples
        --------
        >>> import sympy as sp
        >>> from calcnotes.verify import Ledger
        >>> x = sp.Symbol("x")
        >>> check = Ledger("book/derivatives/practice.md")
        >>> check.not_derivative(sp.exp(x**2), sp.exp(x**2), x)
        >>> check.not_derivative(sp.exp(x**2), 2 * x * sp.exp(x**2), x)
        Traceback (most recent call last):
        ...
        calcnotes.verify.VerificationError: book/derivatives/practice.md: d/dx exp(x**2) = 2*x*exp(x**2) is shown as a mistake, but it is the derivative
        """
        if not isinstance(var, sp.Symbol):
            raise TypeError(f"var must be a SymPy Symbol, got {type(var).__name__}")
        expr, wrong = _as_expr(expr, var), _as_expr(wrong, var)
        what = f"{_d_dx(var, order)} {label or _text(expr)} = {_text(wrong)}"
        computed = sp.diff(_unfold(expr), var, order)
        wrong_u = _unfold(wrong)
        difference = _derivatives_as_subs(computed) - _derivatives_as_subs(wrong_u)
        if difference != 0:
            if self._compare(computed, wrong_u, var, _sample_points(points), params or {}, what):
                self.count += 1
                return
            if not _proves_zero(difference):
                raise self._fail(
                    f"{what} is shown as a mistake, but it agrees with the derivative at"
                    " every sample point; choose points where it differs"
                )
        raise self._fail(f"{what} is shown as a mistake, but it is the derivative")

    def rule(self, rule: DerivativeRule) -> None:
        """Check a rules-table row: its formula and its worked example.

        Sample points are those of ``0.3, 0.7, 1.6, -0.6, 2.5`` inside ``rule.domain``.

        Parameters
        ----------
        rule : DerivativeRule
            The row, e.g. ``calcnotes.rules.rule("chain")``.

        Raises
        ------
        VerificationError
            If the formula or the example is wrong; the message names the rule's key.

        Examples
        --------
        >>> import dataclasses
        >>> from calcnotes.rules import rule
        >>> from calcnotes.verify import Ledger
        >>> check = Ledger("book/derivatives.md")
        >>> check.rule(rule("quotient"))
        >>> wrong = dataclasses.replace(rule("cos"), derivative=rule("sin").function)
        >>> check.rule(wrong)
        Traceback (most recent call last):
        ...
        calcnotes.verify.VerificationError: book/derivatives.md: rule 'cos': d/dx cos(x) stated as sin(x), differs at x = 0.3: 0.2955 vs -0.2955
        """
        if not isinstance(rule, DerivativeRule):
            raise TypeError(f"rule must be a DerivativeRule, got {type(rule).__name__}")
        points = [p for p in _RULE_POINTS if rule.domain.contains(_exact(p)) == sp.true]
        if not points:
            raise ValueError(f"rule {rule.key!r}: no sample point inside its domain {rule.domain}")
        prefix = f"rule {rule.key!r}: "
        for function, derivative in (
            (rule.function, rule.derivative),
            (rule.example, rule.example_derivative),
        ):
            self._check_derivative(function, derivative, rule.var, 1, None, points, None, prefix)
        self.facts.append(rule)
        self.count += 1

    # -- equality ------------------------------------------------------------------------

    def equal(
        self,
        computed: Any,
        stated: Any,
        *,
        label: str | None = None,
        rel: float = _REL_TOL,
        abs_tol: float = _ABS_TOL,
        points: Iterable[float] | None = None,
        approx: bool = False,
    ) -> None:
        """Check that a computed answer equals the one stated in the book.

        Numbers (and NumPy arrays, elementwise) agree within ``rel`` relative tolerance
        (or ``abs_tol`` near 0). SymPy expressions must simplify to the same thing and,
        when they have free symbols, agree at sample points. Lists and tuples are
        compared item by item, SymPy matrices entry by entry, dicts key by key; strings
        and other objects with ``==``.

        Parameters
        ----------
        computed : object
            The value the code computed.
        stated : object
            The value the prose states.
        label : str or None
            Name of the quantity in a failure message (default: the stated value).
        rel : float
            Relative tolerance for numbers (default 1e-9).
        abs_tol : float
            Absolute tolerance for numbers near 0 (default 1e-12).
        points : Iterable[float] or None
            Values used for free symbols in spot checks; default ``DEFAULT_POINTS``.
        approx : bool
            The statement is approximate (it contains rounded decimals): expressions with
            floats are then decided by the numbers alone, within ``rel``. Otherwise a float
            never skips the proof: it stands for the exact decimal written.

        Raises
        ------
        VerificationError
            If the two differ, or SymPy cannot prove two expressions equal.

        Examples
        --------
        >>> import sympy as sp
        >>> from calcnotes.verify import Ledger
        >>> x = sp.Symbol("x")
        >>> check = Ledger("book/derivatives/applications.md")
        >>> check.equal(sp.sqrt(2) / 2, 1 / sp.sqrt(2), label="sin(pi/4)")
        >>> check.equal((x + 1) ** 2, x**2 + 2 * x + 1, label="square")
        >>> check.equal([0.25, 0.5], (0.25, 0.5), label="gradient")
        >>> check.equal(0.1966, 0.2, label="sigma'(1)")
        Traceback (most recent call last):
        ...
        calcnotes.verify.VerificationError: book/derivatives/applications.md: sigma'(1): computed 0.1966 vs stated 0.2
        """
        name = label if label is not None else _describe(stated)
        self._approximate = approx
        try:
            self._equal(computed, stated, name, rel, abs_tol, _sample_points(points))
        finally:
            self._approximate = False
        self.facts += [computed, stated]
        self.count += 1

    def _equal(
        self, a: Any, b: Any, name: str, rel: float, abs_tol: float, points: Sequence[float]
    ) -> None:
        if _is_plain_number(a) and _is_plain_number(b):
            if not _numbers_close(complex(a), complex(b), rel, abs_tol):
                left, right = _format_pair_any(a, b)
                raise self._fail(f"{name}: computed {left} vs stated {right}")
            return
        if isinstance(a, sp.MatrixBase) or isinstance(b, sp.MatrixBase):
            left, right = sp.Matrix(a), sp.Matrix(b)
            if left.shape != right.shape:
                raise self._fail(f"{name}: computed shape {left.shape} vs stated {right.shape}")
            for i, j in itertools.product(*map(range, left.shape)):
                self._equal(left[i, j], right[i, j], f"{name}[{i}, {j}]", rel, abs_tol, points)
            return
        if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
            self._equal_arrays(a, b, name, rel, abs_tol)
            return
        if isinstance(a, Mapping) and isinstance(b, Mapping):
            if set(a) != set(b):
                raise self._fail(
                    f"{name}: computed keys {sorted(map(str, a))} vs stated {sorted(map(str, b))}"
                )
            for key in a:
                self._equal(a[key], b[key], f"{name}[{key!r}]", rel, abs_tol, points)
            return
        if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
            if len(a) != len(b):
                raise self._fail(f"{name}: computed {len(a)} items vs stated {len(b)}")
            for i, (x, y) in enumerate(zip(a, b, strict=False)):
                self._equal(x, y, f"{name}[{i}]", rel, abs_tol, points)
            return
        if _is_symbolic(a) and _is_symbolic(b):
            self._equal_expressions(_as_expr(a), _as_expr(b), name, rel, abs_tol, points)
            return
        if not bool(a == b):
            raise self._fail(f"{name}: computed {a!r} vs stated {b!r}")

    def _equal_arrays(self, a: Any, b: Any, name: str, rel: float, abs_tol: float) -> None:
        left, right = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
        if left.shape != right.shape:
            raise self._fail(f"{name}: computed shape {left.shape} vs stated {right.shape}")
        with np.errstate(all="ignore"):
            bad = ~(
                np.abs(left - right)
                <= np.maximum(rel * np.maximum(np.abs(left), np.abs(right)), abs_tol)
            )
        if bad.any():
            index = tuple(int(i) for i in np.argwhere(bad)[0])
            where = index[0] if len(index) == 1 else index
            x, y = _format_pair(float(left[index]), float(right[index]))
            raise self._fail(f"{name}[{where}]: computed {x} vs stated {y}")

    def _equal_expressions(
        self, a: sp.Expr, b: sp.Expr, name: str, rel: float, abs_tol: float, points: Sequence[float]
    ) -> None:
        if isinstance(a, sp.Set) or isinstance(b, sp.Set):
            if isinstance(a, sp.FiniteSet) and isinstance(b, sp.FiniteSet) and len(a) == len(b):
                key = sp.default_sort_key
                self._equal(sorted(a, key=key), sorted(b, key=key), name, rel, abs_tol, points)
                return
            if a != b:
                raise self._fail(f"{name}: computed {_text(a)} vs stated {_text(b)}")
            return
        a_u, b_u = _unfold(a), _unfold(b)
        symbols = sorted(a_u.free_symbols | b_u.free_symbols, key=lambda s: s.name)
        difference = a_u - b_u
        if difference == 0:
            return
        samples = [
            {s: _shifted_point(s, points, i + j) for j, s in enumerate(symbols)}
            for i in range(len(points) if symbols else 1)
        ]
        valid = 0
        for values in samples:
            where = ", ".join(f"{s} = {_format_number(v)}" for s, v in values.items())
            try:
                x = _evaluate(a_u, values)
            except _NotANumberError as error:
                if symbols:
                    continue  # outside the domain of the computed value: the point says nothing
                raise self._fail(f"{name}: cannot evaluate ({error})") from None
            try:
                y = _evaluate(b_u, values)
            except _NotANumberError as error:
                raise self._fail(
                    f"{name}: the stated value is undefined at {where} ({error})"
                ) from None
            valid += 1
            if not _close(x, y, rel, abs_tol):
                left, right = _format_pair(x, y)
                shown = f"computed {_text(a)} vs stated {_text(b)}"
                if values:
                    where = ", ".join(f"{s} = {_format_number(v)}" for s, v in values.items())
                    raise self._fail(f"{name}: {shown}, differs at {where}: {left} vs {right}")
                raise self._fail(f"{name}: computed {left} vs stated {right}")
        if symbols and valid < min(_MIN_VALID_POINTS, len(samples)):
            raise self._fail(f"{name}: the computed value is defined at only {valid} sample points")
        if self._approximate and _has_float(a_u, b_u):
            return  # an approximate statement: the numbers decide, and the caller said so
        if _proves_zero(_exact_floats(difference)):
            return
        raise self._fail(
            f"{name}: computed {_text(a)} vs stated {_text(b)}: the numbers agree but SymPy"
            " could not prove them equal; restate the answer in a form SymPy can simplify"
        )
