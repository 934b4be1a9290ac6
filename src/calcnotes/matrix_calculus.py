"""Matrix calculus: gradients by vectors and matrices, symbolic and numerical, and a two-layer network.

The book's convention is numerator layout (the Jacobian of an m-vector by an n-vector is
m x n) with the gradient as its transpose, so that **a gradient always has the shape of its
variable**: the gradient of a scalar by an n-vector is an n-vector, by an m x n matrix an
m x n matrix.  Every function here keeps that shape.

* :func:`entry_matrix` builds an explicit SymPy matrix of entry symbols (``A_11``, ``A_12``,
  ...), the way the book checks an identity at a concrete size; :func:`symbolic_gradient`
  differentiates a scalar SymPy expression by such a matrix, entry by entry.
* :func:`numerical_gradients` finds the gradient of a loss by each of several named
  parameters (a network's weight matrices and bias vectors) with
  :func:`calcnotes.numdiff.gradient`, each in the shape of its parameter, and
  :func:`check_gradients` scores claimed gradients against them with
  :func:`calcnotes.numdiff.gradient_check`.
* :func:`two_layer_forward`, :func:`two_layer_backward` and :func:`two_layer_loss` are a
  two-layer network (sigmoid hidden layer, softmax output, cross-entropy loss) in matrix
  form, on a batch whose examples are the *columns* of ``X``; :func:`softmax` and
  :func:`cross_entropy` are its output layer and loss.

Examples
--------
>>> import sympy as sp
>>> from calcnotes.matrix_calculus import entry_matrix, symbolic_gradient
>>> A = entry_matrix("A", 2, 3)
>>> X = entry_matrix("X", 3, 2)
>>> symbolic_gradient((A * X).trace(), X) == A.T
True
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp
from sympy.printing.latex import LatexPrinter

from calcnotes._validation import as_finite_points, require_callable, require_count
from calcnotes.activations import sigmoid
from calcnotes.numdiff import gradient, gradient_check
from calcnotes.printing import latex as book_latex

__all__ = [
    "TwoLayerGradients",
    "TwoLayerPass",
    "check_gradients",
    "cross_entropy",
    "entry_matrix",
    "matrix_latex",
    "numerical_gradients",
    "softmax",
    "symbolic_gradient",
    "two_layer_backward",
    "two_layer_forward",
    "two_layer_loss",
]

# How far the columns of a target may sum from 1 (they are probability distributions).
_SUM_TOLERANCE = 1e-9

# ---------------------------------------------------------------- symbolic


def entry_matrix(name: str, rows: int, cols: int = 1, **assumptions: Any) -> sp.Matrix:
    """An explicit ``rows x cols`` SymPy matrix whose entries are symbols named after ``name``.

    A column (``cols = 1``) has entries ``x_1, ..., x_n``; any other shape has
    ``A_11, A_12, ...`` (``A_1,10`` once an index needs two digits).  Identities of matrix
    calculus are checked at several concrete sizes with such matrices: SymPy then
    differentiates by each entry.

    Parameters
    ----------
    name : str
        The matrix's name, a non-empty identifier such as ``"A"`` or ``"x"``.
    rows, cols : int
        The shape, each at least 1 (``cols`` defaults to 1: a column vector).
    **assumptions
        SymPy assumptions for every entry, such as ``real=True``.

    Returns
    -------
    sympy.Matrix
        The matrix of distinct symbols.

    Raises
    ------
    TypeError
        If ``name`` is not a string or a size is not an integer.
    ValueError
        If ``name`` is not an identifier or a size is below 1.

    Examples
    --------
    >>> from calcnotes.matrix_calculus import entry_matrix
    >>> entry_matrix("x", 3).T
    Matrix([[x_1, x_2, x_3]])
    >>> entry_matrix("A", 2, 2)
    Matrix([
    [A_11, A_12],
    [A_21, A_22]])
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a string, got {type(name).__name__}")
    if not name.isidentifier():
        raise ValueError(f"name must be an identifier such as 'A' or 'x', got {name!r}")
    m = require_count(rows, "rows", minimum=1)
    n = require_count(cols, "cols", minimum=1)
    if n == 1:
        return sp.Matrix(m, 1, [sp.Symbol(f"{name}_{i + 1}", **assumptions) for i in range(m)])
    sep = "," if max(m, n) > 9 else ""
    return sp.Matrix(
        m,
        n,
        [
            sp.Symbol(f"{name}_{i + 1}{sep}{j + 1}", **assumptions)
            for i in range(m)
            for j in range(n)
        ],
    )


def symbolic_gradient(f: Any, X: sp.Matrix) -> sp.Matrix:
    """The gradient of a scalar SymPy expression by a matrix of symbols, in ``X``'s shape.

    Entry ``(i, j)`` of the result is the partial derivative of ``f`` by ``X[i, j]``: the
    gradient of the book's convention (the transpose of the numerator-layout derivative).
    For a column ``x`` the result is a column; for a vector function use the Jacobian
    ``F.jacobian(x)`` instead, which is numerator layout (one row per output).

    Parameters
    ----------
    f : sympy.Expr or sympy.Matrix
        The scalar function (a ``1 x 1`` matrix such as ``x.T * A * x`` is accepted).
    X : sympy.Matrix
        A matrix whose entries are distinct symbols (see :func:`entry_matrix`).

    Returns
    -------
    sympy.Matrix
        The gradient, of ``X``'s shape.

    Raises
    ------
    TypeError
        If ``X`` is not a SymPy matrix of symbols or ``f`` is not a SymPy expression.
    ValueError
        If ``f`` is a matrix that is not ``1 x 1`` or ``X``'s entries repeat.

    Examples
    --------
    >>> from calcnotes.matrix_calculus import entry_matrix, symbolic_gradient
    >>> x, a = entry_matrix("x", 2), entry_matrix("a", 2)
    >>> symbolic_gradient(a.T * x, x) == a
    True
    >>> A = entry_matrix("A", 2, 2)
    >>> symbolic_gradient(x.T * A * x, x).expand() == ((A + A.T) * x).expand()
    True
    """
    if not isinstance(X, sp.MatrixBase):
        raise TypeError(f"X must be a SymPy matrix of symbols, got {type(X).__name__}")
    entries = list(X)
    if not all(isinstance(s, sp.Symbol) for s in entries):
        raise TypeError("every entry of X must be a SymPy Symbol (build X with entry_matrix)")
    if len(set(entries)) != len(entries):
        raise ValueError("the entries of X must be distinct symbols")
    if isinstance(f, sp.MatrixBase):
        if f.shape != (1, 1):
            raise ValueError(
                f"f must be a scalar, got a {f.shape[0]} x {f.shape[1]} matrix; for a vector "
                "function take the Jacobian F.jacobian(x) (numerator layout)"
            )
        f = f[0, 0]
    if not isinstance(f, sp.Basic):
        f = sp.sympify(f, strict=True)
    if not isinstance(f, sp.Expr):
        raise TypeError(f"f must be a SymPy expression, got {type(f).__name__}")
    return X.applyfunc(lambda s: sp.diff(f, s))


class _BookNotation(LatexPrinter):
    """SymPy's LaTeX printer in the book's notation for vectors and matrices."""

    def _print_MatrixSymbol(self, expr: sp.MatrixSymbol) -> str:
        name = str(expr.name)
        if expr.shape[1] == 1 and name[:1].islower():
            return rf"\mathbf{{{name}}}"
        return name

    def _wrapped(self, mat: sp.MatrixExpr) -> str:
        text = self._print(mat)
        return text if isinstance(mat, sp.MatrixSymbol) else rf"\left({text}\right)"

    def _print_Transpose(self, expr: sp.Transpose) -> str:
        mat = expr.arg
        if isinstance(mat, sp.Inverse):
            return rf"{self._wrapped(mat.arg)}^{{-\top}}"
        return rf"{self._wrapped(mat)}^\top"

    def _print_Inverse(self, expr: sp.Inverse) -> str:
        mat = expr.arg
        if isinstance(mat, sp.Transpose):
            return rf"{self._wrapped(mat.arg)}^{{-\top}}"
        return rf"{self._wrapped(mat)}^{{-1}}"

    def _print_Trace(self, expr: sp.Trace) -> str:
        return rf"\operatorname{{tr}}({self._print(expr.arg)})"

    def _print_Determinant(self, expr: sp.Determinant) -> str:
        return rf"\det {self._wrapped(expr.arg)}"

    def _print_log(self, expr: sp.log, exp: str | None = None) -> str:
        if isinstance(expr.args[0], sp.Determinant) and exp is None:
            return rf"\log\det {self._wrapped(expr.args[0].arg)}"
        return str(super()._print_log(expr, exp))

    def _print_HadamardProduct(self, expr: sp.HadamardProduct) -> str:
        return r" \odot ".join(self._wrapped(arg) for arg in expr.args)

    def _print_Identity(self, expr: sp.Identity) -> str:
        return "I"

    def _print_MatrixBase(self, expr: sp.MatrixBase) -> str:
        rows = (" & ".join(book_latex(v) for v in expr.row(i)) for i in range(expr.rows))
        body = r" \\ ".join(rows)
        return rf"\begin{{pmatrix}} {body} \end{{pmatrix}}"

    _print_ImmutableDenseMatrix = _print_MatrixBase
    _print_MutableDenseMatrix = _print_MatrixBase


def matrix_latex(expr: Any) -> str:
    r"""LaTeX for a SymPy matrix expression in the book's notation.

    A column named by a lower-case letter prints bold (``\mathbf{x}``), a transpose as
    ``^\top``, the inverse of a transpose as ``^{-\top}``, ``log(Determinant(X))`` as
    ``\log\det X``, a trace as ``\operatorname{tr}(...)`` and a Hadamard product with
    ``\odot``, and an explicit matrix as a ``pmatrix`` of entries printed by
    :func:`calcnotes.printing.latex`; everything else as SymPy prints it.  The formulas the
    book shows for its identities are printed by this function from the expressions that
    were checked.

    Parameters
    ----------
    expr : sympy.Basic
        A matrix expression built from :class:`sympy.MatrixSymbol` (or any SymPy object).

    Returns
    -------
    str
        The LaTeX, without dollar signs.

    Raises
    ------
    TypeError
        If ``expr`` is not a SymPy object.

    Examples
    --------
    >>> import sympy as sp
    >>> from calcnotes.matrix_calculus import matrix_latex
    >>> n = sp.Symbol("n", integer=True, positive=True)
    >>> A, X = sp.MatrixSymbol("A", n, n), sp.MatrixSymbol("X", n, n)
    >>> x = sp.MatrixSymbol("x", n, 1)
    >>> matrix_latex(sp.diff(x.T * A * x, x))
    'A \\mathbf{x} + A^\\top \\mathbf{x}'
    >>> matrix_latex(X.inv().T)
    'X^{-\\top}'
    >>> matrix_latex(sp.log(sp.Determinant(X)))
    '\\log\\det X'
    >>> matrix_latex(sp.Matrix([[1, sp.log(3)], [0, sp.Rational(1, 2)]]))
    '\\begin{pmatrix} 1 & \\ln 3 \\\\ 0 & \\frac{1}{2} \\end{pmatrix}'
    """
    if not isinstance(expr, (sp.Basic, sp.MatrixBase)):
        raise TypeError(f"expr must be a SymPy object, got {type(expr).__name__}")
    return str(_BookNotation().doprint(expr))


# ---------------------------------------------------------------- numerical


def _parameters(params: object) -> dict[str, np.ndarray]:
    """Check and convert a mapping of parameter names to finite arrays."""
    if not isinstance(params, Mapping):
        raise TypeError(f"params must be a mapping of names to arrays, got {type(params).__name__}")
    if not params:
        raise ValueError("params must name at least one parameter")
    out: dict[str, np.ndarray] = {}
    for key, value in params.items():
        if not isinstance(key, str):
            raise TypeError(f"parameter names must be strings, got {key!r}")
        out[key] = as_finite_points(value, key)
    return out


def numerical_gradients(
    f: Callable[..., Any], params: Mapping[str, object]
) -> dict[str, np.ndarray]:
    """The gradient of a scalar ``f`` by each named parameter, each in its parameter's shape.

    ``f`` is called with the parameters as keyword arguments (``f(W1=..., b1=..., ...)``).
    For each name, the others are held fixed and :func:`calcnotes.numdiff.gradient` (a
    central-difference stencil with an error estimate) differentiates ``f`` by that
    parameter's entries; a matrix parameter gives a gradient matrix of the same shape.

    Parameters
    ----------
    f : callable
        The loss, taking every parameter by name and returning one real number.
    params : dict
        The point: each parameter's name (a string) and value (a vector, a matrix, any
        shape).

    Returns
    -------
    dict
        The gradient by each parameter, keyed and shaped like ``params``.

    Raises
    ------
    TypeError
        If ``f`` is not callable, ``params`` is not a mapping with string keys, or ``f``
        does not return a real number.
    ValueError
        If ``params`` is empty, an entry is not finite, or a partial derivative cannot be
        estimated (see :func:`calcnotes.numdiff.gradient`).

    Examples
    --------
    >>> import numpy as np
    >>> from calcnotes.matrix_calculus import numerical_gradients
    >>> A = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    >>> X = np.array([[1.0, 0.0, 2.0], [0.0, 1.0, 1.0]])
    >>> g = numerical_gradients(lambda A, X: np.trace(A @ X), {"A": A, "X": X})
    >>> np.allclose(g["X"], A.T), np.allclose(g["A"], X.T)
    (True, True)
    """
    require_callable(f)
    point = _parameters(params)
    result: dict[str, np.ndarray] = {}
    for name, value in point.items():

        def along(t: np.ndarray, name: str = name) -> Any:
            return f(**{**point, name: t})

        result[name] = np.asarray(gradient(along, value.copy())).reshape(value.shape)
    return result


def check_gradients(
    f: Callable[..., Any], grads: Mapping[str, object], params: Mapping[str, object]
) -> dict[str, float]:
    """Score claimed gradients against numerical ones: the relative error for each parameter.

    Each score is :func:`calcnotes.numdiff.gradient_check` of ``f`` along that parameter:
    about ``1e-8`` or less for a right gradient, ``1e-2`` to ``1`` for a wrong one (a
    transposed matrix, a missing factor, a sign).

    Parameters
    ----------
    f : callable
        The loss, taking every parameter by name and returning one real number.
    grads : dict
        The claimed gradient by each parameter, one per name of ``params``, same shapes.
    params : dict
        The point: each parameter's name and value.

    Returns
    -------
    dict
        The norm-wise relative error for each parameter.

    Raises
    ------
    TypeError
        If ``f`` is not callable or a mapping is of the wrong kind.
    ValueError
        If the names of ``grads`` and ``params`` differ, a claimed gradient has the wrong
        shape, or for the reasons of :func:`numerical_gradients`.

    Examples
    --------
    >>> import numpy as np
    >>> from calcnotes.matrix_calculus import check_gradients
    >>> A = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    >>> X = np.array([[1.0, 0.0, 2.0], [0.0, 1.0, 1.0]])
    >>> loss = lambda X: np.trace(A @ X)
    >>> check_gradients(loss, {"X": A.T}, {"X": X})["X"] < 1e-8
    True
    >>> check_gradients(loss, {"X": X * 0 + 1}, {"X": X})["X"] > 0.1
    True
    """
    require_callable(f)
    point = _parameters(params)
    claimed = _parameters(grads)
    if set(claimed) != set(point):
        raise ValueError(
            f"grads must name the same parameters as params: got {sorted(claimed)} "
            f"for {sorted(point)}"
        )
    scores: dict[str, float] = {}
    for name, value in point.items():
        if claimed[name].shape != value.shape:
            raise ValueError(
                f"the gradient by {name} must have {name}'s shape {value.shape} "
                f"(the gradient has the shape of its variable), got {claimed[name].shape}"
            )

        def along(t: np.ndarray, name: str = name) -> Any:
            return f(**{**point, name: t})

        def claim(_t: np.ndarray, name: str = name) -> np.ndarray:
            return claimed[name]

        scores[name] = gradient_check(along, claim, value)
    return scores


# ---------------------------------------------------------------- the two-layer network


def softmax(z: object, axis: int = 0) -> np.ndarray:
    """The softmax ``exp(z_i) / sum_j exp(z_j)``, along ``axis`` (the columns by default).

    Computed as ``exp(z - max z)`` over its sum, which is the same number and never
    overflows.  For a matrix whose columns are examples (the book's batch layout), each
    column becomes a probability distribution.

    Parameters
    ----------
    z : array_like
        Scores (logits): a vector, or a matrix with one example per column.
    axis : int, optional
        The axis along which the entries sum to 1 (default 0).

    Returns
    -------
    numpy.ndarray
        Probabilities, of ``z``'s shape.

    Raises
    ------
    ValueError
        If ``z`` is empty or an entry is not finite, or ``axis`` is out of range.

    Examples
    --------
    >>> import numpy as np
    >>> from calcnotes.matrix_calculus import softmax
    >>> np.round(softmax([1.0, 2.0, 3.0]), 4)
    array([0.09  , 0.2447, 0.6652])
    >>> softmax([1000.0, 1000.0])
    array([0.5, 0.5])
    """
    zs = as_finite_points(z, "z")
    if zs.size == 0:
        raise ValueError("z must have at least one entry")
    if not -zs.ndim <= axis < max(zs.ndim, 1):
        raise ValueError(f"axis {axis} is out of range for z of shape {zs.shape}")
    shifted = zs - np.max(zs, axis=axis, keepdims=True)
    e = np.exp(shifted)
    return np.asarray(e / np.sum(e, axis=axis, keepdims=True))


def _log_softmax(z: np.ndarray) -> np.ndarray:
    """``log softmax(z)`` along the columns, without forming the probabilities."""
    shifted = z - np.max(z, axis=0, keepdims=True)
    return np.asarray(shifted - np.log(np.sum(np.exp(shifted), axis=0, keepdims=True)))


def _targets(Y: object, shape: tuple[int, ...]) -> np.ndarray:
    """Check a target: the output's shape, entries in [0, 1], columns summing to 1."""
    Y_ = as_finite_points(Y, "Y")
    if Y_.shape != shape:
        raise ValueError(f"Y must have the output's shape {shape}, got {Y_.shape}")
    if np.any(Y_ < 0) or np.any(Y_ > 1):
        raise ValueError("the entries of Y must lie in [0, 1] (probabilities)")
    sums = np.sum(Y_, axis=0)
    if np.any(np.abs(sums - 1.0) > _SUM_TOLERANCE):
        raise ValueError(
            "each column of Y must sum to 1 (a one-hot label or a distribution); "
            f"got column sums {np.round(sums, 6).tolist()}"
        )
    return Y_


def cross_entropy(P: object, Y: object) -> float:
    """The mean cross-entropy ``-(1/N) sum_i sum_k Y_ki log P_ki`` of ``N`` columns.

    Parameters
    ----------
    P : array_like
        Predicted probabilities, ``k x N`` (or a single ``k``-vector), each column positive.
    Y : array_like
        Targets of the same shape, each column a distribution (one-hot for a label).

    Returns
    -------
    float
        The mean over the columns.

    Raises
    ------
    ValueError
        If the shapes differ, an entry of ``P`` is not in ``(0, 1]``, or a column of ``Y``
        is not a distribution.

    Examples
    --------
    >>> import numpy as np
    >>> from calcnotes.matrix_calculus import cross_entropy
    >>> bool(np.isclose(cross_entropy([0.25, 0.75], [0.0, 1.0]), -np.log(0.75)))
    True
    """
    P_ = as_finite_points(P, "P")
    if P_.ndim == 1:
        P_ = P_[:, None]
    if P_.ndim != 2:
        raise ValueError(f"P must be a vector or a k x N matrix, got shape {P_.shape}")
    Y_ = as_finite_points(Y, "Y")
    Y_ = _targets(Y_[:, None] if Y_.ndim == 1 else Y_, P_.shape)
    if np.any(P_ <= 0) or np.any(P_ > 1):
        raise ValueError("the entries of P must lie in (0, 1]: the log of 0 is -infinity")
    return float(-np.sum(Y_ * np.log(P_)) / P_.shape[1])


@dataclass(frozen=True)
class TwoLayerPass:
    """The forward pass of :func:`two_layer_forward`, every stage by name (one column per example).

    Attributes
    ----------
    Z1 : numpy.ndarray
        ``W1 X + b1``, shape ``(h, N)``.
    H : numpy.ndarray
        ``σ(Z1)``, the hidden layer, shape ``(h, N)``.
    Z2 : numpy.ndarray
        ``W2 H + b2``, the logits, shape ``(k, N)``.
    P : numpy.ndarray
        ``softmax(Z2)`` column by column, shape ``(k, N)``.

    Examples
    --------
    >>> import numpy as np
    >>> from calcnotes.matrix_calculus import two_layer_forward
    >>> out = two_layer_forward(np.ones((3, 2)), np.zeros(3), np.ones((4, 3)), np.zeros(4),
    ...                         np.zeros((2, 5)))
    >>> out.H.shape, out.P.shape
    ((3, 5), (4, 5))
    """

    Z1: np.ndarray
    H: np.ndarray
    Z2: np.ndarray
    P: np.ndarray


@dataclass(frozen=True)
class TwoLayerGradients:
    """The gradients of :func:`two_layer_backward`, each with the shape of its variable.

    Attributes
    ----------
    W1, b1, W2, b2 : numpy.ndarray
        The gradient of the loss by each parameter: ``(h, d)``, ``(h,)``, ``(k, h)``, ``(k,)``.
    dZ2, dH, dZ1 : numpy.ndarray
        The gradients by the intermediate stages (the backward pass's messages):
        ``(P − Y)/N``, ``W2ᵀ dZ2`` and ``dH ⊙ H ⊙ (1 − H)``.

    Examples
    --------
    >>> import numpy as np
    >>> from calcnotes.matrix_calculus import two_layer_backward
    >>> g = two_layer_backward(np.ones((3, 2)), np.zeros(3), np.ones((4, 3)), np.zeros(4),
    ...                        np.zeros((2, 5)), np.eye(4)[:, [0, 1, 2, 3, 0]])
    >>> g.W1.shape, g.b2.shape
    ((3, 2), (4,))
    """

    W1: np.ndarray
    b1: np.ndarray
    W2: np.ndarray
    b2: np.ndarray
    dZ2: np.ndarray
    dH: np.ndarray
    dZ1: np.ndarray


def _network_arrays(
    W1: object, b1: object, W2: object, b2: object, X: object
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Convert the parameters and the batch, and check that their shapes fit together."""
    arrays = [as_finite_points(v, n) for v, n in ((W1, "W1"), (b1, "b1"), (W2, "W2"), (b2, "b2"))]
    W1_, b1_, W2_, b2_ = arrays
    X_ = as_finite_points(X, "X")
    if W1_.ndim != 2 or W2_.ndim != 2:
        raise ValueError(f"W1 and W2 must be matrices, got shapes {W1_.shape} and {W2_.shape}")
    if b1_.ndim != 1 or b2_.ndim != 1:
        raise ValueError(f"b1 and b2 must be vectors, got shapes {b1_.shape} and {b2_.shape}")
    if X_.ndim != 2:
        raise ValueError(f"X must be a d x N matrix (one example per column), got {X_.shape}")
    h, d = W1_.shape
    k = W2_.shape[0]
    if X_.shape[0] != d:
        raise ValueError(f"W1 has shape {W1_.shape}, so X needs {d} rows, got {X_.shape[0]}")
    if b1_.shape[0] != h:
        raise ValueError(f"W1 has shape {W1_.shape}, so b1 needs {h} entries, got {b1_.shape[0]}")
    if W2_.shape[1] != h:
        raise ValueError(f"W1 has {h} rows, so W2 needs {h} columns, got shape {W2_.shape}")
    if b2_.shape[0] != k:
        raise ValueError(f"W2 has shape {W2_.shape}, so b2 needs {k} entries, got {b2_.shape[0]}")
    if X_.shape[1] == 0:
        raise ValueError("X must hold at least one example (column)")
    return W1_, b1_, W2_, b2_, X_


def two_layer_forward(W1: object, b1: object, W2: object, b2: object, X: object) -> TwoLayerPass:
    """Run the two-layer network forward on a batch whose examples are the columns of ``X``.

    ``Z1 = W1 X + b1 1ᵀ``, ``H = σ(Z1)``, ``Z2 = W2 H + b2 1ᵀ``, ``P = softmax(Z2)`` (each
    column), with ``σ`` the sigmoid.

    Parameters
    ----------
    W1 : array_like
        Shape (h, d). First layer's weights.
    b1 : array_like
        Shape (h,). First layer's biases.
    W2 : array_like
        Shape (k, h). Second layer's weights.
    b2 : array_like
        Shape (k,). Second layer's biases.
    X : array_like
        Shape (d, N). The inputs, one example per column.

    Returns
    -------
    TwoLayerPass
        ``Z1`` and ``H`` of shape ``(h, N)``, ``Z2`` and ``P`` of shape ``(k, N)``.

    Raises
    ------
    ValueError
        If the shapes do not fit together or an entry is not finite.

    Examples
    --------
    >>> import numpy as np
    >>> from calcnotes.matrix_calculus import two_layer_forward
    >>> out = two_layer_forward([[1.0, -1.0]], [0.0], [[2.0], [0.0]], [0.0, 0.0], [[1.0], [1.0]])
    >>> out.H, np.round(out.P, 4)
    (array([[0.5]]), array([[0.7311],
           [0.2689]]))
    """
    W1_, b1_, W2_, b2_, X_ = _network_arrays(W1, b1, W2, b2, X)
    Z1 = W1_ @ X_ + b1_[:, None]
    H = np.asarray(sigmoid(Z1))
    Z2 = W2_ @ H + b2_[:, None]
    return TwoLayerPass(Z1=Z1, H=H, Z2=Z2, P=softmax(Z2, axis=0))


def two_layer_loss(W1: object, b1: object, W2: object, b2: object, X: object, Y: object) -> float:
    """The mean cross-entropy of the network's predictions for ``X`` against the targets ``Y``.

    Computed from the logits with a stable log-softmax, so it stays finite when a predicted
    probability rounds to 0.

    Parameters
    ----------
    W1, b1, W2, b2, X : array_like
        As in :func:`two_layer_forward`.
    Y : array_like
        Shape (k, N). Targets, each column a distribution (one-hot for a class label).

    Returns
    -------
    float
        ``-(1/N) Σ Y ⊙ log P``.

    Raises
    ------
    ValueError
        If the shapes do not fit together, an entry is not finite, or a column of ``Y`` is
        not a distribution.

    Examples
    --------
    >>> import numpy as np
    >>> from calcnotes.matrix_calculus import two_layer_loss
    >>> W1, b1, W2, b2 = np.zeros((3, 2)), np.zeros(3), np.zeros((4, 3)), np.zeros(4)
    >>> X, Y = np.ones((2, 5)), np.eye(4)[:, [0, 1, 2, 3, 0]]
    >>> bool(np.isclose(two_layer_loss(W1, b1, W2, b2, X, Y), np.log(4)))
    True
    """
    W1_, b1_, W2_, b2_, X_ = _network_arrays(W1, b1, W2, b2, X)
    H = np.asarray(sigmoid(W1_ @ X_ + b1_[:, None]))
    Z2 = W2_ @ H + b2_[:, None]
    Y_ = _targets(Y, Z2.shape)
    return float(-np.sum(Y_ * _log_softmax(Z2)) / X_.shape[1])


def two_layer_backward(
    W1: object, b1: object, W2: object, b2: object, X: object, Y: object
) -> TwoLayerGradients:
    """Backpropagate the mean cross-entropy through the two-layer network, in matrix form.

    ``dZ2 = (P − Y)/N``; ``∇W2 = dZ2 Hᵀ``, ``∇b2 = dZ2 1``; ``dH = W2ᵀ dZ2``;
    ``dZ1 = dH ⊙ H ⊙ (1 − H)``; ``∇W1 = dZ1 Xᵀ``, ``∇b1 = dZ1 1``.  Each gradient has the
    shape of its variable.

    Parameters
    ----------
    W1, b1, W2, b2, X, Y : array_like
        As in :func:`two_layer_loss`.

    Returns
    -------
    TwoLayerGradients
        The gradients by the four parameters and the three intermediate messages.

    Raises
    ------
    ValueError
        As :func:`two_layer_loss`.

    Examples
    --------
    >>> import numpy as np
    >>> from calcnotes.matrix_calculus import check_gradients, two_layer_backward, two_layer_loss
    >>> rng = np.random.default_rng(1)
    >>> params = {"W1": rng.normal(size=(3, 2)), "b1": rng.normal(size=3),
    ...           "W2": rng.normal(size=(4, 3)), "b2": rng.normal(size=4)}
    >>> X, Y = rng.normal(size=(2, 5)), np.eye(4)[:, [0, 1, 2, 3, 0]]
    >>> g = two_layer_backward(**params, X=X, Y=Y)
    >>> scores = check_gradients(lambda **p: two_layer_loss(**p, X=X, Y=Y),
    ...                          {name: getattr(g, name) for name in params}, params)
    >>> all(score < 1e-7 for score in scores.values())
    True
    """
    W1_, b1_, W2_, b2_, X_ = _network_arrays(W1, b1, W2, b2, X)
    out = two_layer_forward(W1_, b1_, W2_, b2_, X_)
    Y_ = _targets(Y, out.P.shape)
    n = X_.shape[1]
    dZ2 = (out.P - Y_) / n
    dH = W2_.T @ dZ2
    dZ1 = dH * out.H * (1.0 - out.H)
    return TwoLayerGradients(
        W1=dZ1 @ X_.T,
        b1=np.sum(dZ1, axis=1),
        W2=dZ2 @ out.H.T,
        b2=np.sum(dZ2, axis=1),
        dZ2=dZ2,
        dH=dH,
        dZ1=dZ1,
    )
