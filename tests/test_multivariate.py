"""Tests of calcnotes.multivariate: numerical Jacobians and Hessians against SymPy."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from calcnotes.errors import DomainError
from calcnotes.multivariate import hessian, jacobian
from calcnotes.numdiff import DerivativeResult, NumericalOverflowError

X, Y, Z = sp.symbols("x y z")
SYMBOLS = (X, Y, Z)

# Random polynomials in three variables: up to four terms, each a small integer coefficient
# times a monomial of degree at most three in each variable.
_monomials = st.builds(
    lambda c, a, b, d: c * X**a * Y**b * Z**d,
    st.integers(-5, 5),
    st.integers(0, 3),
    st.integers(0, 3),
    st.integers(0, 3),
)
polynomials = st.lists(_monomials, min_size=1, max_size=4).map(lambda terms: sp.Add(*terms))
points = st.lists(st.floats(-2.0, 2.0, allow_nan=False), min_size=3, max_size=3)


def _numeric(expr: sp.Expr):
    """The polynomial as a function of a NumPy vector (x, y, z)."""
    function = sp.lambdify(SYMBOLS, expr, "numpy")
    return lambda v: np.asarray(function(*v), dtype=float) + 0.0 * v[0]


@settings(max_examples=40, deadline=None)
@given(components=st.lists(polynomials, min_size=1, max_size=3), point=points)
def test_jacobian_agrees_with_sympy_within_its_error_estimate(components, point) -> None:
    exact = np.array(
        sp.Matrix(components)
        .jacobian(sp.Matrix(SYMBOLS))
        .subs(dict(zip(SYMBOLS, point, strict=True))),
        dtype=float,
    )
    functions = [sp.lambdify(SYMBOLS, c, "numpy") for c in components]

    def f(v):
        return np.array([float(g(*v)) for g in functions])

    # an entry far below the row's scale (z^3 at z = 1e-6) needs an absolute tolerance
    result = jacobian(f, point, atol=1e-9, full_output=True)
    assert np.shape(result.value) == (len(components), 3)  # numerator layout: m x n
    scale = max(1.0, float(np.max(np.abs(exact))))
    assert np.all(np.abs(result.value - exact) <= result.error + 1e-9 * scale)
    assert np.all(result.error <= 1e-6 * scale)


@settings(max_examples=40, deadline=None)
@given(polynomial=polynomials, point=points)
def test_hessian_agrees_with_sympy_within_its_error_estimate(polynomial, point) -> None:
    exact = np.array(
        sp.hessian(polynomial, SYMBOLS).subs(dict(zip(SYMBOLS, point, strict=True))), dtype=float
    )
    result = hessian(_numeric(polynomial), point, atol=1e-9, full_output=True)
    assert np.shape(result.value) == (3, 3)
    scale = max(1.0, float(np.max(np.abs(exact))))
    assert np.all(np.abs(result.value - exact) <= result.error + 1e-9 * scale)
    assert np.all(result.error <= 1e-5 * scale)


@settings(max_examples=25, deadline=None)
@given(polynomial=polynomials, point=points)
def test_hessian_is_symmetric_and_is_the_jacobian_of_the_gradient(polynomial, point) -> None:
    H = hessian(_numeric(polynomial), point, atol=1e-9)
    assert np.array_equal(H, H.T)  # Schwarz: symmetric by construction
    gradient_expr = [sp.diff(polynomial, s) for s in SYMBOLS]
    functions = [sp.lambdify(SYMBOLS, g, "numpy") for g in gradient_expr]
    J = jacobian(lambda v: np.array([float(g(*v)) for g in functions]), point, atol=1e-9)
    scale = max(1.0, float(np.max(np.abs(J))))
    np.testing.assert_allclose(H, J, atol=1e-5 * scale)


def test_chain_rule_is_a_product_of_jacobians() -> None:
    def g(v):
        return np.array([v[0] * v[1], np.sin(v[0]), v[1] ** 2])

    def f(u):
        return np.array([u[0] + u[1] * u[2], np.exp(u[1])])

    x = np.array([0.7, -1.3])
    composite = jacobian(lambda v: f(g(v)), x)
    product = jacobian(f, g(x)) @ jacobian(g, x)
    assert composite.shape == (2, 2)
    np.testing.assert_allclose(composite, product, rtol=1e-7, atol=1e-9)


def test_softmax_jacobian_is_diag_p_minus_p_p_transpose() -> None:
    def softmax(z):
        e = np.exp(z - np.max(z))
        return e / e.sum()

    z = np.array([1.0, -0.5, 2.0, 0.0])
    p = softmax(z)
    J = jacobian(softmax, z)
    np.testing.assert_allclose(J, np.diag(p) - np.outer(p, p), atol=1e-10)
    np.testing.assert_allclose(J.sum(axis=0), 0.0, atol=1e-10)  # the outputs sum to one


def test_shapes_follow_output_then_input() -> None:
    A = np.arange(6.0).reshape(2, 3)
    assert jacobian(lambda v: A @ v, np.ones(3)).shape == (2, 3)
    np.testing.assert_allclose(jacobian(lambda v: A @ v, np.ones(3)), A, atol=1e-10)
    # a scalar function: the Jacobian is the gradient
    np.testing.assert_allclose(jacobian(lambda v: v @ v, [1.0, 2.0]), [2.0, 4.0], atol=1e-10)
    # a scalar variable and a matrix variable
    np.testing.assert_allclose(jacobian(lambda t: np.array([t, t**2]), 3.0), [1.0, 6.0])
    W = np.array([[1.0, 2.0], [0.5, -1.0]])
    J = jacobian(lambda M: M @ np.array([1.0, 2.0]), W)
    assert J.shape == (2, 2, 2)
    assert J[0, 0, 1] == pytest.approx(2.0) and J[1, 0, 1] == pytest.approx(0.0, abs=1e-12)
    H = hessian(lambda M: float(np.sum(M**2)), W)
    assert H.shape == (2, 2, 2, 2)
    assert H[1, 0, 1, 0] == pytest.approx(2.0) and H[0, 1, 1, 0] == pytest.approx(0.0, abs=1e-6)
    assert hessian(lambda t: t**3, 2.0) == pytest.approx(12.0)


def test_rows_share_evaluations() -> None:
    calls = []

    def f(v):
        calls.append(v.copy())
        return np.array([v[0] + v[1], v[0] * v[1], v[0] - v[1]])

    result = jacobian(f, [1.0, 2.0], full_output=True)
    assert isinstance(result, DerivativeResult)
    assert result.nfev == len(calls)  # each distinct point once, though three rows use it


def test_fixed_step_gives_the_plain_central_difference() -> None:
    def f(v):
        return np.array([v[0] ** 3, v[0] * v[1]])

    h = 0.1
    J = jacobian(f, [1.0, 2.0], h=h)
    assert J[0, 0] == pytest.approx(((1 + h) ** 3 - (1 - h) ** 3) / (2 * h), rel=1e-12)
    H = hessian(lambda v: v[0] ** 4 + v[0] * v[1], [1.0, 2.0], h=h)
    assert H[0, 0] == pytest.approx(((1 + h) ** 4 - 2 + (1 - h) ** 4) / h**2, rel=1e-10)
    assert H[0, 1] == pytest.approx(1.0, rel=1e-10)


def test_saddle_of_x2_minus_y2() -> None:
    H = hessian(lambda v: v[0] ** 2 - v[1] ** 2, [0.0, 0.0])
    np.testing.assert_allclose(H, [[2.0, 0.0], [0.0, -2.0]], atol=1e-8)
    eigenvalues = np.linalg.eigvalsh(H)
    assert eigenvalues[0] < 0 < eigenvalues[1]


def test_bad_arguments_raise_clear_errors() -> None:
    with pytest.raises(TypeError, match="f must be callable"):
        jacobian(3, [1.0])
    with pytest.raises(TypeError, match="f must be callable"):
        hessian("f", [1.0])
    with pytest.raises(ValueError, match="must be finite"):
        jacobian(lambda v: v, [1.0, np.nan])
    with pytest.raises(ValueError, match="must be finite"):
        hessian(lambda v: v[0], [np.inf])
    with pytest.raises(TypeError, match="real numbers"):
        jacobian(lambda v: "text", [1.0])
    with pytest.raises(ValueError, match="single number"):
        hessian(lambda v: v, [1.0, 2.0])
    with pytest.raises(ValueError, match="positive finite"):
        hessian(lambda v: v[0] ** 2, [1.0], h=-0.1)
    with pytest.raises(TypeError, match="single step"):
        hessian(lambda v: v[0] ** 2, [1.0], h=[0.1, 0.2])
    with pytest.raises(ValueError, match="keep one shape"):
        jacobian(lambda v: np.ones(2) if v[0] == 1.0 else np.ones(3), [1.0])


def test_points_outside_the_domain_raise_domain_errors() -> None:
    with pytest.raises(DomainError, match="not finite"):
        jacobian(lambda v: np.log(v), [1.0, -1.0])
    with pytest.raises(DomainError, match="not finite"):
        hessian(lambda v: np.log(v[0]) + v[1], [0.0, 1.0])
    with pytest.raises(DomainError, match="output component 0"):
        jacobian(lambda v: np.array([np.abs(v[0]), v[1]]), [0.0, 1.0])
    with pytest.raises(NumericalOverflowError):
        jacobian(lambda v: np.exp(v), [1000.0])


def test_a_kink_in_the_hessian_is_refused_not_averaged() -> None:
    with pytest.raises((ValueError, DomainError), match=r"Hessian entry \(0, 0\)"):
        hessian(lambda v: np.abs(v[0]) + v[1] ** 2, [0.0, 1.0])


def test_never_returns_nan_near_the_edge_of_the_domain() -> None:
    # sqrt(x) y near x = 0: the stencil is shrunk to stay inside the domain
    H = hessian(lambda v: np.sqrt(v[0]) * v[1], [1e-3, 2.0], full_output=True)
    exact = np.array([[-0.25 * 1e-3**-1.5 * 2.0, 0.5 * 1e-3**-0.5], [0.5 * 1e-3**-0.5, 0.0]])
    assert np.all(np.isfinite(H.value))
    assert np.all(np.abs(H.value - exact) <= H.error + 1e-9 * np.abs(exact).max())
