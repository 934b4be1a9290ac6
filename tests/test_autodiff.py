"""Tests of calcnotes.autodiff: the graph, the backward pass, grad, and the book's network."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from random_expressions import (
    FORWARD,
    NUMPY,
    REVERSE,
    evaluate,
    exact_gradient,
    expressions,
    points,
    show,
    trusted_difference,
)

from calcnotes import EXAMPLE_NETWORK, backward, forward, loss
from calcnotes.autodiff import (
    Value,
    cos,
    exp,
    grad,
    log,
    relu,
    sigmoid,
    sin,
    sqrt,
    tanh,
    topological_order,
)
from calcnotes.dual import Dual, forward_gradient
from calcnotes.errors import DomainError

UNDEFINED = (DomainError, OverflowError)


def test_a_leaf_has_no_parents_and_no_gradient_yet() -> None:
    x = Value(2.0, "x")
    assert (x.data, x.grad, x.parents, x.op, x.label) == (2.0, 0.0, (), "", "x")
    assert repr(x) == "Value(2.0, label='x', grad=0.0)"


def test_each_operation_stores_its_local_derivatives() -> None:
    a, b = Value(3.0), Value(2.0)
    assert [d for _, d in (a + b).parents] == [1.0, 1.0]
    assert [d for _, d in (a - b).parents] == [1.0, -1.0]
    assert [d for _, d in (a * b).parents] == [2.0, 3.0]
    assert [d for _, d in (a / b).parents] == [0.5, -0.75]
    assert [d for _, d in (a**2).parents] == [6.0]
    assert [d for _, d in (-a).parents] == [-1.0]
    assert (a * b).op == "*"
    assert exp(a).op == "exp"


def test_backward_applies_the_chain_rule() -> None:
    # f = sin(x y) + x / y at (1, 2): df/dx = y cos(xy) + 1/y, df/dy = x cos(xy) - x/y^2
    x, y = Value(1.0), Value(2.0)
    f = sin(x * y) + x / y
    f.backward()
    assert f.grad == 1.0
    assert x.grad == pytest.approx(2 * math.cos(2.0) + 0.5, rel=1e-15)
    assert y.grad == pytest.approx(math.cos(2.0) - 0.25, rel=1e-15)


def test_shared_subexpressions_accumulate_their_gradients() -> None:
    # a diamond: u = x^2 feeds both v = sin(u) and w = exp(u); f = v * w
    x = Value(0.6)
    u = x * x
    f = sin(u) * exp(u)
    f.backward()
    uu = 0.36
    df_du = math.cos(uu) * math.exp(uu) + math.sin(uu) * math.exp(uu)
    assert u.grad == pytest.approx(df_du, rel=1e-15)
    assert x.grad == pytest.approx(df_du * 2 * 0.6, rel=1e-15)
    # one variable used many times: f = x * x * x + x, f' = 3x^2 + 1
    t = Value(2.0)
    g = t * t * t + t
    g.backward()
    assert t.grad == 13.0


def test_backward_twice_gives_the_same_gradients() -> None:
    x = Value(1.5)
    f = x * x + tanh(x)
    f.backward()
    first = x.grad
    f.backward()
    assert x.grad == first


def test_topological_order_lists_each_node_once_after_its_inputs() -> None:
    x, y = Value(1.0, "x"), Value(2.0, "y")
    u = x * y
    f = u + sin(u) + x
    order = topological_order(f)
    assert order[-1] is f
    assert len({id(n) for n in order}) == len(order)
    position = {id(n): i for i, n in enumerate(order)}
    for node in order:
        for parent, _ in node.parents:
            assert position[id(parent)] < position[id(node)]
    # x, y, u, sin(u), u + sin(u), + x: six nodes, although u is used twice
    assert len(order) == 6


def test_a_deep_chain_does_not_hit_the_recursion_limit() -> None:
    x = Value(0.5)
    y = x
    for _ in range(5000):
        y = y * 1.0001
    y.backward()
    assert x.grad == pytest.approx(1.0001**5000, rel=1e-9)


def test_elementary_functions_agree_with_forward_mode() -> None:
    for f_rev, name in [
        (exp, "exp"),
        (log, "log"),
        (sqrt, "sqrt"),
        (sin, "sin"),
        (cos, "cos"),
        (tanh, "tanh"),
        (sigmoid, "sigmoid"),
        (relu, "relu"),
    ]:
        for a in (0.3, 1.7):
            (g,) = grad(f_rev, a)
            dual = getattr(Dual(a, 1.0), name)()
            assert g == dual.derivative, name
            assert f_rev(a) == dual.value, name
            assert getattr(Value(a), name)().data == dual.value, name


def test_relu_gradient_at_the_corner_is_zero() -> None:
    assert grad(relu, 0.0) == (0.0,)


def test_grad_of_constants_and_unused_variables() -> None:
    assert grad(lambda x, y: 3.0, 1.0, 2.0) == (0.0, 0.0)
    assert grad(lambda x, y: x * 2, 1.0, 2.0) == (2.0, 0.0)
    assert grad(lambda x: x, 5.0) == (1.0,)


def test_mixed_arithmetic_with_plain_numbers() -> None:
    assert grad(lambda x: 1 - x, 2.0) == (-1.0,)
    assert grad(lambda x: 6 / x, 2.0) == (-1.5,)
    assert grad(lambda x: 2**x, 3.0) == pytest.approx((8 * math.log(2),), rel=1e-15)
    assert grad(lambda x, y: x**y, 2.0, 3.0) == pytest.approx((12.0, 8 * math.log(2)), rel=1e-14)
    assert grad(lambda x: np.float64(3.0) * x, 1.0) == (3.0,)


@pytest.mark.parametrize(
    ("f", "x", "message"),
    [
        (log, 0.0, "positive numbers only"),
        (sqrt, -1.0, "positive numbers only"),
        (lambda t: 1 / t, 0.0, "division by zero"),
        (lambda t: t**-2, 0.0, "divides by zero"),
        (lambda t: t**1.5, -1.0, "negative base"),
        (lambda t: t**t, -1.0, "positive numbers only"),
    ],
)
def test_outside_the_domain_is_a_domain_error(f: object, x: float, message: str) -> None:
    with pytest.raises(DomainError, match=message):
        grad(f, x)


def test_overflow_is_an_error_not_an_infinity() -> None:
    with pytest.raises(OverflowError):
        grad(exp, 800.0)
    with pytest.raises(OverflowError):
        grad(lambda x: x * 1e300 * 1e300, 1.0)


def test_bad_operands_and_arguments_are_type_errors() -> None:
    x = Value(1.0)
    for bad in ("1", None, [1.0], True, 1j, Dual(1.0, 1.0)):
        with pytest.raises(TypeError):
            x + bad
        with pytest.raises(TypeError):
            bad * x
    with pytest.raises(TypeError, match="real number"):
        Value("2")
    with pytest.raises(ValueError, match="finite"):
        Value(math.inf)
    with pytest.raises(TypeError, match="Value or a real number"):
        sin([1.0])
    with pytest.raises(TypeError, match="callable"):
        grad(None, 1.0)
    with pytest.raises(TypeError, match="at least one"):
        grad(lambda: 1.0)
    with pytest.raises(TypeError, match="must return a Value"):
        grad(lambda x: "x", 1.0)
    with pytest.raises(ValueError, match="finite"):
        grad(sin, float("nan"))
    with pytest.raises(TypeError, match="root must be a Value"):
        topological_order(1.0)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(expressions(variables=2), points(2))
def test_reverse_mode_agrees_with_sympy_forward_mode_and_finite_differences(
    tree: tuple, point: tuple[float, ...]
) -> None:
    try:
        got = grad(lambda *v: evaluate(tree, v, REVERSE), *point)
    except UNDEFINED as err:
        # forward mode refuses the same point with the same kind of error
        with pytest.raises(type(err)):
            forward_gradient(lambda *v: evaluate(tree, v, FORWARD), *point)
        assume(False)
        return
    value = evaluate(tree, [Value(p) for p in point], REVERSE).data
    assume(abs(value) < 1e6 and all(abs(g) < 1e6 for g in got))
    by_forward = forward_gradient(lambda *v: evaluate(tree, v, FORWARD), *point)
    assert got == pytest.approx(by_forward, rel=1e-10, abs=1e-10), show(tree)
    try:
        exact = exact_gradient(tree, point)
    except ArithmeticError:
        assume(False)
        return
    assert got == pytest.approx(exact, rel=1e-8, abs=1e-8), show(tree)
    for i in range(len(point)):

        def partial(t: float, i: int = i) -> object:
            args = [np.asarray(p) for p in point]
            args[i] = np.asarray(t)
            return evaluate(tree, args, NUMPY)

        numeric = trusted_difference(partial, point[i])
        if numeric is not None:
            assert numeric == pytest.approx(exact[i], rel=1e-4, abs=1e-4), show(tree)


def _network_loss(W: list[list[Value]], b: list[Value]) -> Value:
    """The reference chapter's layer written with Values: z = W x + b, a = σ(z), L = ½‖a − y‖²."""
    x, y = EXAMPLE_NETWORK.x, EXAMPLE_NETWORK.y_true
    total = Value(0.0)
    for i in range(2):
        z = W[i][0] * float(x[0]) + W[i][1] * float(x[1]) + b[i]
        a = sigmoid(z)
        total = total + 0.5 * (a - float(y[i])) ** 2
    return total


def test_network_gradients_equal_the_hand_backward_pass() -> None:
    ex = EXAMPLE_NETWORK
    W = [[Value(float(ex.W[i, j])) for j in range(2)] for i in range(2)]
    b = [Value(float(v)) for v in ex.b]
    L = _network_loss(W, b)
    L.backward()
    hand = backward(ex.W, ex.b, ex.x, ex.y_true)
    assert L.data == pytest.approx(loss(ex.W, ex.b, ex.x, ex.y_true), rel=1e-15)
    assert np.array([[w.grad for w in row] for row in W]) == pytest.approx(hand.dL_dW, rel=1e-13)
    assert np.array([v.grad for v in b]) == pytest.approx(hand.dL_db, rel=1e-13)
    # the numbers the reference chapter prints
    assert np.round([[w.grad for w in row] for row in W], 6).tolist() == [
        [-0.041178, -0.082356],
        [0.110432, 0.220863],
    ]
    assert forward(ex.W, ex.b, ex.x).a == pytest.approx(
        [1 / (1 + math.exp(-1.2)), 1 / (1 + math.exp(-1.7))], rel=1e-15
    )


def test_network_gradient_by_grad_of_six_parameters() -> None:
    ex = EXAMPLE_NETWORK

    def L(w11: Value, w12: Value, w21: Value, w22: Value, b1: Value, b2: Value) -> Value:
        return _network_loss([[w11, w12], [w21, w22]], [b1, b2])

    g = grad(L, *ex.W.ravel().tolist(), *ex.b.tolist())
    hand = backward(ex.W, ex.b, ex.x, ex.y_true)
    assert g == pytest.approx([*hand.dL_dW.ravel(), *hand.dL_db], rel=1e-13)
