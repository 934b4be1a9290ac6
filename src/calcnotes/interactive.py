"""What the book's interactive pieces know, computed from checked expressions at build time.

An answer box on a page judges a typed answer in the reader's browser. It needs no SymPy
there: the hidden check cell that verifies the answer passes the same SymPy expression to
:func:`glue_answer`, which evaluates it (and each common mistake the box recognises) at
sample points of its domain and glues the numbers into the page as JSON. The browser
evaluates the reader's expression at the same points and compares.

A figure a reader can move draws numbers computed here the same way: :func:`tangent_data`,
:func:`secant_data`, :func:`step_error_data` and :func:`descent_data` tabulate them for
every slider position, and :func:`glue_figure` glues the table.

Examples
--------
>>> import sympy as sp
>>> x = sp.Symbol("x")
>>> data = answer_data(2 * x, x, mistakes={"power-rule": x})
>>> data["variables"], len(data["points"]) >= 4
(['x'], True)
>>> data["values"][0] == 2 * data["points"][0][0]
True
>>> any(p[0] < 0 for p in data["points"])
True
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import sympy as sp

__all__ = [
    "MIME_TYPE",
    "SAMPLE_POINTS",
    "GluedTable",
    "answer_data",
    "descent_data",
    "glue_answer",
    "glue_figure",
    "secant_data",
    "step_error_data",
    "tangent_data",
]

#: Where an answer is sampled: no integers and no zero, where wrong forms often agree by
#: chance, and both signs. Points outside the domain (of the answer, of a mistake, or of
#: a variable declared positive) are left out.
SAMPLE_POINTS = (-2.35, -1.3, -0.7, -0.45, 0.15, 0.4, 0.85, 1.25, 1.6, 2.7)

#: The relative tolerance the browser judges with.
TOLERANCE = 1e-6


def _variables(variables: sp.Symbol | Sequence[sp.Symbol] | None) -> tuple[sp.Symbol, ...]:
    if variables is None:
        return ()
    if isinstance(variables, sp.Symbol):
        return (variables,)
    found = tuple(variables)
    if not all(isinstance(v, sp.Symbol) for v in found):
        raise TypeError(f"the variables must be SymPy symbols, not {found!r}")
    return found


def _real_value(expr: sp.Expr, at: Mapping[sp.Symbol, float]) -> float | None:
    """The value of ``expr`` at a point as a float, or None where it is not a finite real."""
    value = sp.sympify(expr).subs({k: sp.Float(v, 30) for k, v in at.items()}).evalf(30)
    if not value.is_number:
        return None
    number = complex(value)
    if abs(number.imag) > 1e-12 * max(1.0, abs(number.real)) or not math.isfinite(number.real):
        return None
    return float(number.real)


def _admissible(symbol: sp.Symbol, value: float, domain: sp.Set | None) -> bool:
    if symbol.is_positive and value <= 0:
        return False
    if symbol.is_nonnegative and value < 0:
        return False
    return domain is None or bool(domain.contains(sp.Float(value)))


def answer_data(
    expected: sp.Expr | float,
    variables: sp.Symbol | Sequence[sp.Symbol] | None = None,
    *,
    mistakes: Mapping[str, sp.Expr | float] | None = None,
    domain: sp.Set | None = None,
    count: int = 6,
) -> dict[str, Any]:
    """The numbers an answer box judges with: the answer and each mistake at sample points.

    Parameters
    ----------
    expected : SymPy expression or number
        The checked answer.
    variables : Symbol or sequence of Symbols, optional
        The variables a reader may type; none for a number.
    mistakes : mapping, optional
        Name of a common mistake (a key of the answer-box extension's catalogue) to the
        wrong answer it gives.
    domain : SymPy set, optional
        Where a single variable may be sampled (besides what its assumptions say).
    count : int, optional
        How many sample points to keep (at least 4 are required for an expression).

    Returns
    -------
    dict
        ``variables`` (names), ``points`` (one list of coordinates per point), ``values``
        of the answer there, ``mistakes`` (name to values), ``tolerance``.

    Raises
    ------
    TypeError
        If a variable is not a SymPy symbol.
    ValueError
        If the answer has a free symbol that is not a variable, has too few points of its
        domain among the samples, or a mistake agrees with it at every point (a box could
        not tell them apart).

    Examples
    --------
    >>> import sympy as sp
    >>> [round(v, 10) for v in answer_data(sp.sin(2) + 2 * sp.cos(2))["values"]]
    [0.0770037537]
    >>> t = sp.Symbol("t", positive=True)
    >>> all(p[0] > 0 for p in answer_data(sp.log(t), t)["points"])
    True
    >>> answer_data(2 * t, t, mistakes={"same": t + t})
    Traceback (most recent call last):
    ...
    ValueError: the mistake 'same' agrees with the answer at every sample point
    """
    symbols = _variables(variables)
    expected = sp.sympify(expected)
    wrong = {name: sp.sympify(expr) for name, expr in (mistakes or {}).items()}
    for name, expr in [("the answer", expected), *wrong.items()]:
        stray = expr.free_symbols - set(symbols)
        if stray:
            raise ValueError(
                f"{name} has free symbols {sorted(map(str, stray))} that are not variables"
            )
    if domain is not None and len(symbols) != 1:
        raise ValueError("a domain can be given for a single variable only")
    candidates: Iterable[tuple[float, ...]] = itertools.product(SAMPLE_POINTS, repeat=len(symbols))
    if len(symbols) > 1:  # a spread of the grid: shift each coordinate along the list
        n = len(SAMPLE_POINTS)
        candidates = [
            tuple(SAMPLE_POINTS[(i + 2 * j) % n] for j in range(len(symbols))) for i in range(n)
        ] + [
            tuple(SAMPLE_POINTS[(i + 3 * j + 1) % n] for j in range(len(symbols))) for i in range(n)
        ]
    points: list[tuple[float, ...]] = []
    values: list[float] = []
    wrong_values: dict[str, list[float]] = {name: [] for name in wrong}
    for point in candidates:
        if not all(_admissible(s, v, domain) for s, v in zip(symbols, point, strict=True)):
            continue
        at = dict(zip(symbols, point, strict=True))
        value = _real_value(expected, at)
        others = {name: _real_value(expr, at) for name, expr in wrong.items()}
        if value is None or any(v is None for v in others.values()):
            continue
        points.append(point)
        values.append(value)
        for name, other in others.items():
            wrong_values[name].append(float(other))  # type: ignore[arg-type]
    if len(points) > count:  # keep a spread of them, the smallest and the largest included
        keep = sorted({round(i * (len(points) - 1) / (count - 1)) for i in range(count)})
        points = [points[i] for i in keep]
        values = [values[i] for i in keep]
        wrong_values = {name: [got[i] for i in keep] for name, got in wrong_values.items()}
    needed = 4 if symbols else 1
    if len(points) < needed:
        raise ValueError(f"only {len(points)} sample points lie in the domain; need {needed}")
    for name, got in wrong_values.items():
        apart = [abs(a - b) > 1e-3 * max(1.0, abs(b)) for a, b in zip(got, values, strict=True)]
        if not any(apart):
            raise ValueError(f"the mistake {name!r} agrees with the answer at every sample point")
    return {
        "variables": [str(s) for s in symbols],
        "points": [list(p) for p in points],
        "values": values,
        "mistakes": wrong_values,
        "tolerance": TOLERANCE,
    }


#: The MIME type the tables are glued under: JSON text (a notebook stores a glued value
#: under a prefixed type, which must then be a string, not a JSON object).
MIME_TYPE = "application/vnd.calcnotes.interactive+text"


class GluedTable:
    """A table to glue: its JSON text under :data:`MIME_TYPE`, a summary as plain text.

    Examples
    --------
    >>> GluedTable({"steps": [0.5]})._repr_mimebundle_()[MIME_TYPE]
    '{"steps": [0.5]}'
    """

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = dict(data)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {
            "text/plain": f"<table of {', '.join(self.data)}>",
            MIME_TYPE: json.dumps(self.data),
        }


def _glue_json(key: str, data: Mapping[str, Any]) -> None:
    from myst_nb import glue

    glue(key, GluedTable(data), display=False)


def glue_answer(
    key: str,
    expected: sp.Expr | float,
    variables: sp.Symbol | Sequence[sp.Symbol] | None = None,
    *,
    mistakes: Mapping[str, sp.Expr | float] | None = None,
    domain: sp.Set | None = None,
) -> None:
    """Glue :func:`answer_data` as JSON under ``key``, for the page's ``{answer-box} key``."""
    _glue_json(key, answer_data(expected, variables, mistakes=mistakes, domain=domain))


def glue_figure(key: str, data: Mapping[str, Any]) -> None:
    """Glue a figure's table as JSON under ``key``, for the page's ``{interactive-figure} key``."""
    _glue_json(key, dict(data))


def _floats(values: Iterable[Any]) -> list[float]:
    return [float(v) for v in values]


def tangent_data(
    functions: Mapping[str, sp.Expr],
    x: sp.Symbol,
    points: Sequence[float],
    x_range: tuple[float, float],
    samples: int = 121,
) -> dict[str, Any]:
    """Curves and their tangents: for each function, its graph and ``f(a)``, ``f'(a)`` at each ``a``.

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> data = tangent_data({"x^2": x**2}, x, [-1.0, 0.5], (-2.0, 2.0), samples=5)
    >>> data["functions"][0]["slopes"], data["functions"][0]["curve_y"]
    ([-2.0, 1.0], [4.0, 1.0, 0.0, 1.0, 4.0])
    """
    grid = np.linspace(x_range[0], x_range[1], samples)
    made = []
    for name, expr in functions.items():
        f = sp.lambdify(x, expr, "numpy")
        df = sp.lambdify(x, sp.diff(expr, x), "numpy")
        made.append(
            {
                "name": name,
                "curve_y": _floats(np.broadcast_to(f(grid), grid.shape)),
                "values": _floats(np.broadcast_to(f(np.asarray(points, dtype=float)), len(points))),
                "slopes": _floats(
                    np.broadcast_to(df(np.asarray(points, dtype=float)), len(points))
                ),
            }
        )
    return {"x": _floats(grid), "points": _floats(points), "functions": made}


def secant_data(
    expr: sp.Expr,
    x: sp.Symbol,
    at: float,
    steps: Sequence[float],
    x_range: tuple[float, float],
    samples: int = 121,
) -> dict[str, Any]:
    """Secant slopes ``(f(a + h) - f(a)) / h`` for each step ``h``, the tangent's slope, the graph.

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> data = secant_data(x**2, x, 1.0, [1.0, 0.5], (0.0, 2.0), samples=3)
    >>> data["slopes"], data["tangent"], data["curve_y"]
    ([3.0, 2.5], 2.0, [0.0, 1.0, 4.0])
    """
    f = sp.lambdify(x, expr, "math")
    slopes = [(f(at + h) - f(at)) / h for h in steps]
    grid = np.linspace(x_range[0], x_range[1], samples)
    return {
        "name": str(expr).replace("**", "^"),
        "x": _floats(grid),
        "curve_y": [float(f(float(t))) for t in grid],
        "at": float(at),
        "value": float(f(at)),
        "steps": _floats(steps),
        "slopes": _floats(slopes),
        "tangent": float(sp.diff(expr, x).subs(x, at)),
    }


def step_error_data(
    f: Callable[[float], float], exact: float, at: float, steps: Sequence[float]
) -> dict[str, Any]:
    """Errors of the forward and central differences of ``f`` at ``at``, in double precision.

    Examples
    --------
    >>> data = step_error_data(lambda t: t**2, 2.0, 1.0, [0.5])
    >>> data["forward"], data["central"]
    ([0.5], [0.0])
    """
    forward = [abs((f(at + h) - f(at)) / h - exact) for h in steps]
    central = [abs((f(at + h) - f(at - h)) / (2 * h) - exact) for h in steps]
    return {"at": float(at), "steps": _floats(steps), "forward": forward, "central": central}


def descent_data(
    loss: Callable[[float], float],
    grad: Callable[[float], float],
    start: float,
    rates: Sequence[float],
    steps: int,
    *,
    minimum: float,
    w_range: tuple[float, float],
    samples: int = 201,
) -> dict[str, Any]:
    """Gradient-descent paths and losses for each learning rate, by :func:`calcnotes.gradient_descent`.

    The loss curve is tabulated on ``w_range`` for the drawing; ``minimum`` is where the
    loss is smallest (the figure says whether a path oscillates around it).

    Examples
    --------
    >>> data = descent_data(lambda w: (w - 3) ** 2, lambda w: 2 * (w - 3), 0.0, [0.25], 2,
    ...                     minimum=3.0, w_range=(0.0, 6.0), samples=3)
    >>> data["runs"][0]["params"], data["runs"][0]["losses"], data["curve_loss"]
    ([0.0, 1.5, 2.25], [9.0, 2.25, 0.5625], [9.0, 0.0, 9.0])
    """
    from calcnotes.optimize import gradient_descent

    runs = []
    for rate in rates:
        path = gradient_descent(loss, grad, start, learning_rate=rate, steps=steps)
        runs.append(
            {"rate": float(rate), "params": _floats(path.params), "losses": _floats(path.losses)}
        )
    grid = np.linspace(w_range[0], w_range[1], samples)
    return {
        "start": float(start),
        "minimum": float(minimum),
        "curve_w": _floats(grid),
        "curve_loss": [float(loss(float(w))) for w in grid],
        "runs": runs,
    }
