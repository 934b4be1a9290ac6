"""Vectors and matrices for the formula checker: the arithmetic the TeX reader needs.

The reader (:mod:`calcnotes.bookcheck.tex`) reads every vector and matrix as an explicit
SymPy matrix: a ``pmatrix`` as typed, a vector bound on the page (``\\mathbf u = (3/5, 4/5)``)
as its value, and a name declared with a symbolic size (``A \\in \\mathbb{R}^{m \\times n}``)
as a matrix of entry symbols ``A_11, A_12, ...`` at one concrete size; the checker reads such
a formula once per size it tries (:data:`SIZES`), so that a shape that fits only one size
(a transposed one) fails on another.

The helpers here combine such values as the book's notation means them: a product in the
order written (never commuted), a 1 x 1 product that stands for a number, ``\\cdot`` of two
vectors as their dot product, a sum or product whose shapes do not fit as a
:class:`ShapeMismatchError` naming both shapes.

Examples
--------
>>> import sympy as sp
>>> from calcnotes.bookcheck.arrays import multiply, describe, entries
>>> A = entries("A", 2, 3)
>>> A
Matrix([
[A_11, A_12, A_13],
[A_21, A_22, A_23]])
>>> describe(multiply(A, entries("x", 3, 1)))
'a 2 x 1 vector'
>>> multiply(A, entries("x", 2, 1))
Traceback (most recent call last):
...
calcnotes.bookcheck.arrays.ShapeMismatchError: a product of a 2 x 3 matrix and a 2 x 1 vector: the 3 columns do not meet the 2 rows
"""

from __future__ import annotations

from typing import Any

import sympy as sp

__all__ = [
    "ShapeMismatchError",
    "IDENTITY",
    "SIZES",
    "is_array",
    "entries",
    "describe",
    "add",
    "multiply",
    "dot",
    "hadamard",
    "transpose",
    "inverse",
    "scalar",
    "column",
    "gradient",
    "jacobian",
    "vectorize",
]

#: The concrete sizes a formula with symbolic sizes is read at: each size name in turn takes
#: the values of one row (n, m, k, ... in the order the page declares them). Two different
#: non-square sizes, then the other way round, so that a transposed shape fits at most one.
SIZES: tuple[tuple[int, ...], ...] = ((2, 3, 4, 2), (3, 2, 2, 3))

#: The identity matrix of a size the formula leaves to its neighbours (``A + \\lambda I``).
IDENTITY = sp.Symbol("_identity")


class ShapeMismatchError(ValueError):
    """Two vectors or matrices whose shapes do not fit the operation written between them."""


def is_array(value: Any) -> bool:
    """Whether a value read from TeX is a vector or matrix."""
    return isinstance(value, sp.MatrixBase)


def entries(name: str, rows: int, cols: int, symmetric: bool = False) -> sp.ImmutableMatrix:
    """A matrix of entry symbols named after ``name``: ``A_12`` is row 1, column 2 (a vector's
    entries have one index: ``x_2``). A symmetric matrix shares ``A_12`` and ``A_21``."""
    base = name.removesuffix("bold")

    def entry(i: int, j: int) -> sp.Symbol:
        if symmetric and j < i:
            i, j = j, i
        if cols == 1:
            return sp.Symbol(f"{base}_{i + 1}", real=True)
        if rows == 1:
            return sp.Symbol(f"{base}_{j + 1}", real=True)
        return sp.Symbol(f"{base}_{i + 1}{j + 1}", real=True)

    return sp.ImmutableMatrix(rows, cols, lambda i, j: entry(i, j))


def describe(value: Any) -> str:
    """A value's shape in words: ``a 2 x 1 vector``, ``a 1 x 3 row``, ``a 2 x 3 matrix``."""
    if not is_array(value):
        return "a number"
    rows, cols = value.shape
    if cols == 1 and rows > 1:
        return f"a {rows} x 1 vector"
    if rows == 1 and cols > 1:
        return f"a 1 x {cols} row"
    return f"a {rows} x {cols} matrix"


def scalar(value: Any) -> Any:
    """A 1 x 1 matrix as the number it stands for; anything else unchanged."""
    if is_array(value) and value.shape == (1, 1):
        return value[0, 0]
    return value


def column(value: Any) -> Any:
    """A point ``(4, 1)`` as the column vector it stands for."""
    if isinstance(value, sp.Tuple):
        return sp.ImmutableMatrix(list(value))
    return value


def _bold_names(value: Any) -> set[sp.Symbol]:
    """The vectors a scalar expression names without knowing them (``\\mathbf p`` unbound)."""
    if not isinstance(value, sp.Basic) or is_array(value):
        return set()
    return {s for s in value.free_symbols if isinstance(s, sp.Symbol) and s.name.endswith("bold")}


def vectorize(value: Any, length: int) -> Any:
    """An expression in vectors the formula does not bind (``\\mathbf p - \\eta \\mathbf g``) as
    the vector of its entries: ``p_1 - eta g_1, p_2 - eta g_2, ...``; anything else unchanged."""
    names = _bold_names(value)
    if not names:
        return value
    return sp.ImmutableMatrix(
        [
            value.xreplace({s: sp.Symbol(f"{s.name[:-4]}_{i + 1}", real=True) for s in names})
            for i in range(length)
        ]
    )


def _identity_part(value: Any) -> tuple[Any, Any] | None:
    """``c + \\lambda I`` as (c, lambda); None when ``I`` does not occur."""
    if is_array(value) or not isinstance(value, sp.Basic) or not value.has(IDENTITY):
        return None
    expanded = sp.expand(value)
    coefficient = expanded.coeff(IDENTITY)
    rest = sp.expand(expanded - coefficient * IDENTITY)
    if rest.has(IDENTITY):
        raise ShapeMismatchError("the identity I appears in a product with itself")
    return rest, coefficient


def _eye_like(value: Any, coefficient: Any, rest: Any, partner: sp.MatrixBase) -> Any:
    rows, cols = partner.shape
    if rows != cols:
        raise ShapeMismatchError(
            f"the identity I added to {describe(partner)}, which is not square"
        )
    if rest != 0:
        raise ShapeMismatchError(f"a number added to {describe(partner)}")
    return sp.ImmutableMatrix(coefficient * sp.eye(rows))


def add(left: Any, right: Any, sign: int = 1) -> Any:
    """``left + right`` (``sign=-1``: ``left - right``) of numbers, vectors or matrices."""
    left, right = column(left), column(right)
    if is_array(left) and 1 in left.shape and _bold_names(right):
        right = vectorize(right, len(left))
        right = right.T if left.shape[0] == 1 else right
    if is_array(right) and 1 in right.shape and _bold_names(left):
        left = vectorize(left, len(right))
        left = left.T if right.shape[0] == 1 else left
    if is_array(left) and not is_array(right):
        parts = _identity_part(right)
        if parts is not None:
            right = _eye_like(right, parts[1], parts[0], left)
        elif left.shape == (1, 1):
            left = left[0, 0]
        elif right == 0:
            return left
    if is_array(right) and not is_array(left):
        parts = _identity_part(left)
        if parts is not None:
            left = _eye_like(left, parts[1], parts[0], right)
        elif right.shape == (1, 1):
            right = right[0, 0]
        elif left == 0:
            return sign * right
    if is_array(left) and is_array(right):
        if left.shape != right.shape:
            word = "sum" if sign == 1 else "difference"
            raise ShapeMismatchError(f"a {word} of {describe(left)} and {describe(right)}")
        return sp.ImmutableMatrix(left + sign * right)
    if is_array(left) or is_array(right):
        raise ShapeMismatchError(f"a number added to {describe(left if is_array(left) else right)}")
    return left + sign * right


def multiply(left: Any, right: Any) -> Any:
    """``left right`` written side by side: a matrix product in that order, or a scaling."""
    left, right = column(left), column(right)
    if is_array(left) and left.shape[1] > 1 and isinstance(right, sp.Symbol) and _bold_names(right):
        right = vectorize(right, left.shape[1])  # H \\mathbf v of a v the page leaves generic
    if is_array(left) and is_array(right):
        if left.shape[1] == right.shape[0]:
            return sp.ImmutableMatrix(left * right)
        if left.shape == (1, 1) or right.shape == (1, 1):  # (a^T x) b: a number times b
            return sp.ImmutableMatrix(scalar(left) * scalar(right))
        raise ShapeMismatchError(
            f"a product of {describe(left)} and {describe(right)}: the {left.shape[1]} columns"
            f" do not meet the {right.shape[0]} rows"
        )
    if is_array(left) or is_array(right):
        matrix, number = (left, right) if is_array(left) else (right, left)
        if isinstance(number, sp.Basic) and number.has(IDENTITY):
            parts = _identity_part(number)
            assert parts is not None
            rest, coefficient = parts
            if rest != 0:
                raise ShapeMismatchError(f"a number added to I times {describe(matrix)}")
            return sp.ImmutableMatrix(coefficient * matrix)  # I A = A I = A
        return sp.ImmutableMatrix(matrix * number)
    return left * right


def dot(left: Any, right: Any) -> Any:
    """``a \\cdot b``: the dot product of two vectors of one length, else a product."""
    left, right = column(left), column(right)
    if is_array(left) and 1 in left.shape and _bold_names(right):
        right = vectorize(right, len(left))
    if is_array(right) and 1 in right.shape and _bold_names(left):
        left = vectorize(left, len(right))
    if is_array(left) and is_array(right) and 1 in left.shape and 1 in right.shape:
        if len(left) != len(right):
            raise ShapeMismatchError(
                f"a dot product of {describe(left)} and {describe(right)}: the lengths differ"
            )
        return sum((a * b for a, b in zip(left, right, strict=True)), sp.Integer(0))
    return multiply(left, right)


def hadamard(left: Any, right: Any) -> Any:
    """``a \\odot b``: the elementwise product of two arrays of one shape."""
    left, right = column(left), column(right)
    if not (is_array(left) and is_array(right)):
        return multiply(left, right)
    if left.shape != right.shape:
        raise ShapeMismatchError(
            f"an elementwise product of {describe(left)} and {describe(right)}"
        )
    return sp.ImmutableMatrix(left.multiply_elementwise(right))


def transpose(value: Any) -> Any:
    """``v^\\top``: a number is its own transpose."""
    value = column(value)
    return sp.ImmutableMatrix(value.T) if is_array(value) else value


def inverse(value: Any) -> Any:
    """``A^{-1}`` of a square matrix (a number's reciprocal)."""
    value = column(value)
    if not is_array(value):
        return 1 / value
    if value.shape[0] != value.shape[1]:
        raise ShapeMismatchError(f"the inverse of {describe(value)}, which is not square")
    if value.shape == (1, 1):
        return sp.ImmutableMatrix([[1 / value[0, 0]]])
    if value.is_symbolic() and value.shape[0] > 2:
        return sp.ImmutableMatrix(value.adjugate() / value.det())
    return sp.ImmutableMatrix(value.inv())


def gradient(value: Any, variable: sp.MatrixBase) -> sp.ImmutableMatrix:
    """The gradient of a number by a vector or matrix of entry symbols: the variable's shape."""
    value = scalar(value)
    if is_array(value):
        raise ShapeMismatchError(
            f"the gradient of {describe(value)}: a gradient is of a number (use the Jacobian)"
        )
    return sp.ImmutableMatrix(variable.shape[0], variable.shape[1],
                              lambda i, j: sp.diff(value, variable[i, j]))  # fmt: skip


def jacobian(value: Any, variable: sp.MatrixBase) -> sp.ImmutableMatrix:
    """``\\partial f / \\partial x`` in numerator layout: one row per output, one column per input.

    Of a number by a vector, a 1 x n row; of a number by a matrix X (m x n), the n x m
    transpose of the gradient.
    """
    value = scalar(value)
    if not is_array(value):
        if variable.shape[1] != 1 and variable.shape[0] != 1:
            return sp.ImmutableMatrix(gradient(value, variable).T)
        return sp.ImmutableMatrix([[sp.diff(value, v) for v in variable]])
    if 1 not in value.shape:
        raise ShapeMismatchError(f"the derivative of {describe(value)} by a vector or matrix")
    if 1 not in variable.shape:
        raise ShapeMismatchError(f"the derivative of {describe(value)} by {describe(variable)}")
    return sp.ImmutableMatrix([[sp.diff(out, v) for v in variable] for out in value])
