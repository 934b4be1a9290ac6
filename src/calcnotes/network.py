"""The one-layer sigmoid network of the reference chapter: its forward and backward pass.

The network maps an input ``x`` to ``z = W x + b`` and ``a = σ(z)`` and is scored with the
squared error ``L = ½‖a − y‖²``.  The backward pass applies the chain rule link by link:
``∂L/∂a = a − y``, ``∂a/∂z = a(1 − a)``, ``∂L/∂z = (a − y)·a(1 − a)``,
``∂L/∂W = outer(∂L/∂z, x)`` and ``∂L/∂b = ∂L/∂z``.

Examples
--------
>>> from calcnotes.network import EXAMPLE_NETWORK, loss
>>> ex = EXAMPLE_NETWORK
>>> round(loss(ex.W, ex.b, ex.x, ex.y_true), 6)
0.384255
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from calcnotes._validation import as_finite_points
from calcnotes.activations import sigmoid

__all__ = [
    "EXAMPLE_NETWORK",
    "ForwardPass",
    "Gradients",
    "backward",
    "forward",
    "loss",
    "squared_error",
]


def _frozen(values: list[float] | list[list[float]]) -> np.ndarray:
    """A read-only float array, so the shared example cannot be changed by accident."""
    arr = np.array(values, dtype=np.float64)
    arr.setflags(write=False)
    return arr


@dataclass(frozen=True)
class _NetworkExample:
    """Parameters, input and target of a worked example (arrays are read-only).

    Examples
    --------
    >>> from calcnotes.network import EXAMPLE_NETWORK
    >>> EXAMPLE_NETWORK.W.shape, EXAMPLE_NETWORK.b.shape
    ((2, 2), (2,))
    """

    W: np.ndarray
    b: np.ndarray
    x: np.ndarray
    y_true: np.ndarray


EXAMPLE_NETWORK = _NetworkExample(
    W=_frozen([[0.5, 0.3], [0.2, 0.7]]),
    b=_frozen([0.1, 0.1]),
    x=_frozen([1.0, 2.0]),
    y_true=_frozen([1.0, 0.0]),
)
"""The worked example of the reference chapter, with ``W = [[0.5, 0.3], [0.2, 0.7]]``, ``b = [0.1, 0.1]``,
``x = [1, 2]``, ``y_true = [1, 0]``.  Its arrays are read-only; copy them (``W.copy()``)
to train."""


@dataclass
class ForwardPass:
    """The intermediate values of the forward pass.

    Attributes
    ----------
    z : numpy.ndarray
        Pre-activations ``W x + b``.
    a : numpy.ndarray
        Activations ``σ(z)``, the network's output.

    Examples
    --------
    >>> import numpy as np
    >>> from calcnotes.network import ForwardPass
    >>> ForwardPass(z=np.zeros(2), a=np.full(2, 0.5)).a
    array([0.5, 0.5])
    """

    z: np.ndarray
    a: np.ndarray


@dataclass
class Gradients:
    """The derivatives of the loss found by the backward pass.

    Attributes
    ----------
    dL_da : numpy.ndarray
        ``∂L/∂a = a − y``.
    dL_dz : numpy.ndarray
        ``∂L/∂z = (a − y)·a(1 − a)`` (elementwise).
    dL_dW : numpy.ndarray
        ``∂L/∂W = outer(∂L/∂z, x)``, shaped like ``W``.
    dL_db : numpy.ndarray
        ``∂L/∂b = ∂L/∂z``.

    Examples
    --------
    >>> from calcnotes.network import EXAMPLE_NETWORK as ex, backward
    >>> backward(ex.W, ex.b, ex.x, ex.y_true).dL_dW.shape
    (2, 2)
    """

    dL_da: np.ndarray
    dL_dz: np.ndarray
    dL_dW: np.ndarray
    dL_db: np.ndarray


def _layer_arrays(W: object, b: object, x: object) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Convert and check the layer's arrays: ``W`` is (m, n), ``b`` is (m,), ``x`` is (n,)."""
    W_ = as_finite_points(W, "W")
    b_ = as_finite_points(b, "b")
    x_ = as_finite_points(x, "x")
    if W_.ndim != 2:
        raise ValueError(f"W must be a 2-D matrix, got shape {W_.shape}")
    if x_.ndim != 1 or b_.ndim != 1:
        raise ValueError(f"x and b must be 1-D vectors, got shapes {x_.shape} and {b_.shape}")
    m, n = W_.shape
    if x_.shape[0] != n:
        raise ValueError(f"W has shape {W_.shape}, so x needs {n} entries, got {x_.shape[0]}")
    if b_.shape[0] != m:
        raise ValueError(f"W has shape {W_.shape}, so b needs {m} entries, got {b_.shape[0]}")
    return W_, b_, x_


def _pair(a: object, y: object) -> tuple[np.ndarray, np.ndarray]:
    """Convert an output and a target and check that their shapes agree."""
    a_ = as_finite_points(a, "a")
    y_ = as_finite_points(y, "y")
    if a_.shape != y_.shape:
        raise ValueError(f"a and y must have the same shape, got {a_.shape} and {y_.shape}")
    return a_, y_


def forward(W: object, b: object, x: object) -> ForwardPass:
    """Run the layer forward: ``z = W x + b`` and ``a = σ(z)``.

    Parameters
    ----------
    W : array_like
        Shape (m, n). Weights.
    b : array_like
        Shape (m,). Biases.
    x : array_like
        Shape (n,). Input.

    Returns
    -------
    ForwardPass
        ``z`` and ``a``, both of shape ``(m,)``.

    Raises
    ------
    ValueError
        If the shapes do not fit together or an entry is not finite.

    Examples
    --------
    >>> import numpy as np
    >>> from calcnotes.network import EXAMPLE_NETWORK as ex, forward
    >>> out = forward(ex.W, ex.b, ex.x)
    >>> out.z
    array([1.2, 1.7])
    >>> np.round(out.a, 6)
    array([0.768525, 0.845535])
    """
    W_, b_, x_ = _layer_arrays(W, b, x)
    z = W_ @ x_ + b_
    return ForwardPass(z=z, a=np.asarray(sigmoid(z)))


def squared_error(a: object, y: object) -> float:
    """The loss ``½ Σ (a − y)²``, whose gradient with respect to ``a`` is ``a − y``.

    Parameters
    ----------
    a : array_like
        The network's output.
    y : array_like
        The target, same shape as ``a``.

    Returns
    -------
    float
        Half the squared Euclidean distance.

    Raises
    ------
    ValueError
        If the shapes differ or an entry is not finite.

    Examples
    --------
    >>> from calcnotes.network import squared_error
    >>> squared_error([0.5, 0.5], [1.0, 0.0])
    0.25
    """
    a_, y_ = _pair(a, y)
    return float(0.5 * np.sum((a_ - y_) ** 2))


def loss(W: object, b: object, x: object, y: object) -> float:
    """The network's loss: the squared error of ``forward(W, b, x).a`` against ``y``.

    Parameters
    ----------
    W, b, x : array_like
        Weights ``(m, n)``, biases ``(m,)`` and input ``(n,)``.
    y : array_like
        Shape (m,). Target.

    Returns
    -------
    float
        ``½‖σ(W x + b) − y‖²``.

    Raises
    ------
    ValueError
        If the shapes do not fit together or an entry is not finite.

    Examples
    --------
    >>> from calcnotes.network import EXAMPLE_NETWORK as ex, loss
    >>> print(f"{loss(ex.W, ex.b, ex.x, ex.y_true):.4f}")
    0.3843
    """
    return squared_error(forward(W, b, x).a, y)


def backward(W: object, b: object, x: object, y: object) -> Gradients:
    """Backpropagate through the layer: every gradient of the loss by the chain rule.

    Parameters
    ----------
    W, b, x : array_like
        Weights ``(m, n)``, biases ``(m,)`` and input ``(n,)``.
    y : array_like
        Shape (m,). Target.

    Returns
    -------
    Gradients
        ``dL_da = a − y``, ``dL_dz = (a − y)·a(1 − a)``, ``dL_dW = outer(dL_dz, x)`` and
        ``dL_db = dL_dz``.

    Raises
    ------
    ValueError
        If the shapes do not fit together or an entry is not finite.

    Examples
    --------
    >>> import numpy as np
    >>> from calcnotes.network import EXAMPLE_NETWORK as ex, backward
    >>> g = backward(ex.W, ex.b, ex.x, ex.y_true)
    >>> np.round(g.dL_dz, 6)
    array([-0.041178,  0.110432])
    >>> np.round(g.dL_dW, 6)
    array([[-0.041178, -0.082356],
           [ 0.110432,  0.220863]])
    """
    W_, b_, x_ = _layer_arrays(W, b, x)
    out = forward(W_, b_, x_)
    a, y_ = _pair(out.a, y)
    dL_da = a - y_
    da_dz = a * (1.0 - a)
    dL_dz = dL_da * da_dz
    return Gradients(dL_da=dL_da, dL_dz=dL_dz, dL_dW=np.outer(dL_dz, x_), dL_db=dL_dz.copy())
