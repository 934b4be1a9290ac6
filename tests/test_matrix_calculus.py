"""Tests of calcnotes.matrix_calculus: identities at random sizes, against SymPy and finite differences."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calcnotes.matrix_calculus import (
    TwoLayerGradients,
    TwoLayerPass,
    check_gradients,
    cross_entropy,
    entry_matrix,
    matrix_latex,
    numerical_gradients,
    softmax,
    symbolic_gradient,
    two_layer_backward,
    two_layer_forward,
    two_layer_loss,
)
from calcnotes.numdiff import relative_error

sizes = st.integers(1, 4)
seeds = st.integers(0, 2**32 - 1)


# ---------------------------------------------------------------- entry_matrix


def test_entry_matrix_names_and_shapes() -> None:
    x = entry_matrix("x", 3)
    assert x.shape == (3, 1)
    assert [str(s) for s in x] == ["x_1", "x_2", "x_3"]
    A = entry_matrix("A", 2, 3)
    assert A.shape == (2, 3)
    assert str(A[1, 2]) == "A_23"
    big = entry_matrix("B", 2, 10)
    assert str(big[1, 9]) == "B_2,10"
    assert len(set(big)) == 20


def test_entry_matrix_passes_assumptions() -> None:
    assert all(s.is_real for s in entry_matrix("w", 2, 2, real=True))


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        ((3, 2), TypeError, "name must be a string"),
        (("2A", 2), ValueError, "identifier"),
        (("A", 0), ValueError, "rows"),
        (("A", 2, 1.5), TypeError, "cols"),
    ],
)
def test_entry_matrix_refuses_bad_arguments(args: tuple, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        entry_matrix(*args)


# ---------------------------------------------------------------- symbolic_gradient


@settings(max_examples=20, deadline=None)
@given(n=sizes, m=sizes)
def test_vector_identities_hold_at_every_size(n: int, m: int) -> None:
    x, a, b = entry_matrix("x", n), entry_matrix("a", n), entry_matrix("b", m)
    A, S = entry_matrix("A", m, n), entry_matrix("S", n, n)
    assert symbolic_gradient(a.T * x, x) == a
    assert (symbolic_gradient(x.T * S * x, x) - (S + S.T) * x).expand() == sp.zeros(n, 1)
    residual = A * x - b
    grad = symbolic_gradient(residual.T * residual, x)
    assert grad.shape == (n, 1)
    assert (grad - 2 * A.T * residual).expand() == sp.zeros(n, 1)


@settings(max_examples=15, deadline=None)
@given(n=sizes, m=sizes)
def test_trace_identity_has_the_shape_of_x(n: int, m: int) -> None:
    A, X = entry_matrix("A", n, m), entry_matrix("X", m, n)
    grad = symbolic_gradient((A * X).trace(), X)
    assert grad.shape == X.shape
    assert grad == A.T
    if n != m:  # the layout mistake: A itself does not even have X's shape
        assert A.shape != X.shape


@pytest.mark.parametrize("n", [1, 2, 3])
def test_log_det_identity_on_explicit_matrices(n: int) -> None:
    X = entry_matrix("X", n, n)
    grad = symbolic_gradient(sp.log(X.det()), X)
    assert sp.simplify(grad - X.inv().T) == sp.zeros(n, n)


def test_symbolic_gradient_accepts_a_plain_expression() -> None:
    x = entry_matrix("x", 2)
    assert symbolic_gradient(x[0] ** 2 * x[1], x) == sp.Matrix([2 * x[0] * x[1], x[0] ** 2])
    assert symbolic_gradient(sp.Integer(3), x) == sp.zeros(2, 1)


def test_symbolic_gradient_refuses_bad_arguments() -> None:
    x = entry_matrix("x", 2)
    with pytest.raises(TypeError, match="SymPy matrix"):
        symbolic_gradient(x[0], [x[0], x[1]])
    with pytest.raises(TypeError, match="Symbol"):
        symbolic_gradient(x[0], sp.Matrix([x[0] + 1, x[1]]))
    with pytest.raises(ValueError, match="distinct"):
        symbolic_gradient(x[0], sp.Matrix([x[0], x[0]]))
    with pytest.raises(ValueError, match="jacobian"):
        symbolic_gradient(x, x)
    with pytest.raises((TypeError, sp.SympifyError)):
        symbolic_gradient("x_1**2", x)


# ---------------------------------------------------------------- matrix_latex

N = sp.Symbol("n", integer=True, positive=True)
M = sp.Symbol("m", integer=True, positive=True)
A_, X_ = sp.MatrixSymbol("A", N, N), sp.MatrixSymbol("X", N, N)
x_, b_ = sp.MatrixSymbol("x", N, 1), sp.MatrixSymbol("b", M, 1)
B_ = sp.MatrixSymbol("A", M, N)


@pytest.mark.parametrize(
    ("expr", "tex"),
    [
        (sp.diff(x_.T * A_ * x_, x_), r"A \mathbf{x} + A^\top \mathbf{x}"),
        (
            sp.diff((B_ * x_ - b_).T * (B_ * x_ - b_), x_),
            r"2 A^\top \left(A \mathbf{x} - \mathbf{b}\right)",
        ),
        (sp.diff(sp.Trace(A_ * X_), X_), r"A^\top"),
        (X_.inv().T, r"X^{-\top}"),
        (X_.T.inv(), r"X^{-\top}"),
        (X_.inv(), r"X^{-1}"),
        ((A_ * X_).T, r"X^\top A^\top"),
        (sp.Transpose(A_ + X_), r"\left(A + X\right)^\top"),
        (sp.log(sp.Determinant(X_)), r"\log\det X"),
        (sp.Determinant(X_), r"\det X"),
        (sp.HadamardProduct(x_, x_), r"\mathbf{x} \odot \mathbf{x}"),
        (sp.Identity(N) + A_, r"I + A"),
        (
            sp.Matrix([[1, -2], [sp.Rational(3, 4), 0]]),
            r"\begin{pmatrix} 1 & -2 \\ \frac{3}{4} & 0 \end{pmatrix}",
        ),
        (sp.Matrix([sp.log(3)]), r"\begin{pmatrix} \ln 3 \end{pmatrix}"),
        (sp.log(sp.Symbol("t")), r"\log{\left(t \right)}"),
    ],
)
def test_matrix_latex_prints_the_books_notation(expr: sp.Basic, tex: str) -> None:
    assert matrix_latex(expr).replace("A + I", "I + A") == tex


def test_matrix_latex_refuses_a_non_sympy_object() -> None:
    with pytest.raises(TypeError, match="SymPy"):
        matrix_latex("x")


# ---------------------------------------------------------------- numerical gradients


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n=sizes, m=sizes, seed=seeds)
def test_numerical_gradients_agree_with_the_identities(n: int, m: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    A, X = rng.normal(size=(n, m)), rng.normal(size=(m, n))
    x, b = rng.normal(size=m), rng.normal(size=n)
    g = numerical_gradients(lambda A, X: np.trace(A @ X), {"A": A, "X": X})
    assert g["X"].shape == X.shape and g["A"].shape == A.shape
    assert relative_error(g["X"], A.T) < 1e-8
    assert relative_error(g["A"], X.T) < 1e-8
    a = rng.normal(size=m)
    assert check_gradients(lambda x: a @ x, {"x": a}, {"x": x})["x"] < 1e-8
    residual = lambda x: np.sum((A @ x - b) ** 2)  # noqa: E731
    assert check_gradients(residual, {"x": 2 * A.T @ (A @ x - b)}, {"x": x})["x"] < 1e-7


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n=sizes, seed=seeds)
def test_log_det_gradient_is_the_inverse_transpose(n: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    M = rng.normal(size=(n, n))
    X = M @ M.T + n * np.eye(n)  # positive definite, so log det X is defined near X
    # and not symmetric, so a transpose mistake shows (a random antisymmetric part can be
    # all but zero: hypothesis found 0.3 (M2 - M2^T) too small to tell at n = 2)
    skew = np.triu(np.ones((n, n)), 1) - np.tril(np.ones((n, n)), -1)
    X = X + 0.3 * skew
    scores = check_gradients(lambda X: np.linalg.slogdet(X)[1], {"X": np.linalg.inv(X).T}, {"X": X})
    assert scores["X"] < 1e-7
    if n > 1:
        wrong = check_gradients(
            lambda X: np.linalg.slogdet(X)[1], {"X": np.linalg.inv(X)}, {"X": X}
        )
        assert wrong["X"] > 1e-4


def test_check_gradients_catches_a_transposed_gradient() -> None:
    A = np.array([[1.0, 2.0, 0.0], [3.0, -1.0, 4.0]])
    X = np.ones((3, 2))
    with pytest.raises(ValueError, match="shape"):
        check_gradients(lambda X: np.trace(A @ X), {"X": A}, {"X": X})
    S = np.array([[1.0, 2.0], [-3.0, 0.5]])
    Y = np.eye(2)
    assert check_gradients(lambda Y: np.trace(S @ Y), {"Y": S}, {"Y": Y})["Y"] > 0.1


def test_numerical_gradients_refuse_bad_arguments() -> None:
    with pytest.raises(TypeError, match="callable"):
        numerical_gradients(3, {"x": [1.0]})
    with pytest.raises(TypeError, match="mapping"):
        numerical_gradients(lambda x: 0.0, [1.0])
    with pytest.raises(ValueError, match="at least one"):
        numerical_gradients(lambda: 0.0, {})
    with pytest.raises(ValueError):
        numerical_gradients(lambda x: float(np.sum(x)), {"x": [1.0, np.nan]})
    with pytest.raises(ValueError, match="same parameters"):
        check_gradients(lambda x: float(np.sum(x)), {"y": [1.0]}, {"x": [1.0]})


# ---------------------------------------------------------------- softmax and cross-entropy


@settings(max_examples=40, deadline=None)
@given(k=sizes, n=sizes, seed=seeds, shift=st.floats(-500, 500))
def test_softmax_columns_are_distributions_and_shift_invariant(
    k: int, n: int, seed: int, shift: float
) -> None:
    Z = np.random.default_rng(seed).normal(scale=5, size=(k, n))
    P = softmax(Z)
    assert P.shape == Z.shape
    assert np.allclose(P.sum(axis=0), 1.0)
    assert np.all(P > 0)
    assert np.allclose(softmax(Z + shift), P, atol=1e-12)


def test_softmax_of_large_scores_does_not_overflow() -> None:
    assert np.allclose(softmax([1000.0, 0.0]), [1.0, 0.0])
    assert np.allclose(softmax([[1.0, 2.0]], axis=1), softmax([1.0, 2.0]))
    with pytest.raises(ValueError, match="axis"):
        softmax([1.0, 2.0], axis=1)
    with pytest.raises(ValueError, match="at least one"):
        softmax([])


@settings(max_examples=25, deadline=None)
@given(k=st.integers(2, 5), seed=seeds)
def test_softmax_cross_entropy_gradient_is_p_minus_y(k: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    z = rng.normal(size=k)
    y = rng.dirichlet(np.ones(k))  # any distribution, not only one-hot
    loss = lambda z: cross_entropy(softmax(z), y)  # noqa: E731
    assert check_gradients(loss, {"z": softmax(z) - y}, {"z": z})["z"] < 1e-7


def test_cross_entropy_values_and_errors() -> None:
    P = np.array([[0.5, 0.25], [0.5, 0.75]])
    Y = np.array([[1.0, 0.0], [0.0, 1.0]])
    assert cross_entropy(P, Y) == pytest.approx(-(np.log(0.5) + np.log(0.75)) / 2)
    with pytest.raises(ValueError, match="sum to 1"):
        cross_entropy(P, [[1.0, 1.0], [1.0, 0.0]])
    with pytest.raises(ValueError, match=r"\(0, 1\]"):
        cross_entropy([[0.0], [1.0]], [[0.0], [1.0]])
    with pytest.raises(ValueError, match="shape"):
        cross_entropy(P, [[1.0], [0.0]])


# ---------------------------------------------------------------- the two-layer network


def _network(d: int, h: int, k: int, n: int, seed: int) -> tuple[dict, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    params = {
        "W1": rng.normal(size=(h, d)),
        "b1": rng.normal(size=h),
        "W2": rng.normal(size=(k, h)),
        "b2": rng.normal(size=k),
    }
    X = rng.normal(size=(d, n))
    Y = np.eye(k)[:, rng.integers(0, k, size=n)]
    return params, X, Y


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(d=sizes, h=sizes, k=st.integers(2, 4), n=sizes, seed=seeds)
def test_backward_pass_matches_finite_differences(
    d: int, h: int, k: int, n: int, seed: int
) -> None:
    params, X, Y = _network(d, h, k, n, seed)
    g = two_layer_backward(**params, X=X, Y=Y)
    assert isinstance(g, TwoLayerGradients)
    claimed = {name: getattr(g, name) for name in params}
    for name, value in params.items():
        assert claimed[name].shape == value.shape
    scores = check_gradients(lambda **p: two_layer_loss(**p, X=X, Y=Y), claimed, params)
    assert max(scores.values()) < 1e-6


def test_forward_pass_stages_and_loss_agree() -> None:
    params, X, Y = _network(3, 4, 3, 5, seed=7)
    out = two_layer_forward(**params, X=X)
    assert isinstance(out, TwoLayerPass)
    assert out.Z1.shape == out.H.shape == (4, 5)
    assert out.Z2.shape == out.P.shape == (3, 5)
    assert np.allclose(out.Z1, params["W1"] @ X + params["b1"][:, None])
    assert np.allclose(out.H, 1 / (1 + np.exp(-out.Z1)))
    assert np.allclose(out.P.sum(axis=0), 1.0)
    assert two_layer_loss(**params, X=X, Y=Y) == pytest.approx(cross_entropy(out.P, Y), rel=1e-12)


def test_backward_messages_are_the_chain_rule_links() -> None:
    params, X, Y = _network(2, 3, 4, 6, seed=3)
    out = two_layer_forward(**params, X=X)
    g = two_layer_backward(**params, X=X, Y=Y)
    assert np.allclose(g.dZ2, (out.P - Y) / 6)
    assert np.allclose(g.dH, params["W2"].T @ g.dZ2)
    assert np.allclose(g.dZ1, g.dH * out.H * (1 - out.H))
    assert np.allclose(g.W2, g.dZ2 @ out.H.T)
    assert np.allclose(g.b1, g.dZ1 @ np.ones(6))


def test_loss_stays_finite_where_a_probability_rounds_to_zero() -> None:
    W1, b1 = np.eye(2), np.zeros(2)
    W2, b2 = np.array([[800.0, 0.0], [0.0, 0.0]]), np.array([0.0, -800.0])
    X, Y = np.array([[5.0], [0.0]]), np.array([[0.0], [1.0]])
    value = two_layer_loss(W1, b1, W2, b2, X, Y)
    assert np.isfinite(value) and value > 700


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"W1": np.ones(3)}, "matrices"),
        ({"b1": np.ones((3, 1))}, "vectors"),
        ({"X": np.ones((3, 5))}, "X needs 2 rows"),
        ({"b1": np.ones(2)}, "b1 needs 3"),
        ({"W2": np.ones((4, 2))}, "W2 needs 3 columns"),
        ({"b2": np.ones(3)}, "b2 needs 4"),
        ({"X": np.ones(2)}, "one example per column"),
        ({"X": np.ones((2, 0))}, "at least one example"),
        ({"Y": np.ones((4, 5))}, "sum to 1"),
        ({"Y": np.eye(5)[:4]}, "sum to 1"),
        ({"Y": np.ones((3, 5)) / 3}, "shape"),
    ],
)
def test_network_refuses_shapes_that_do_not_fit(change: dict, match: str) -> None:
    params, X, Y = _network(2, 3, 4, 5, seed=0)
    args = {**params, "X": X, "Y": Y, **change}
    with pytest.raises(ValueError, match=match):
        two_layer_backward(**args)
