"""Functions of two variables drawn from above: level curves, gradient arrows, descent paths.

:func:`plot_contours` draws the level curves of ``f(x, y)`` over a rectangle and, on request,
the gradient as arrows at chosen points and the path of an optimiser through the plane. It
is the figure of the chapter on partial derivatives and the gradient: the arrows cross the
level curves at right angles, and a gradient-descent path runs against them.

The axes are drawn with equal scales by default, because an angle is only a right angle on
screen when one unit of ``x`` is as long as one unit of ``y``. The figure uses the book's
style (:func:`calcnotes.plotting.use_book_style`): an opaque white face that reads on a light
and a dark page, and the Okabe–Ito colours, level curves in blue, arrows in vermillion and
the path in bluish green.

Examples
--------
>>> from calcnotes.fields import plot_contours
>>> fig = plot_contours(lambda x, y: x**2 + y**2, (-2, 2), (-2, 2), arrows=[(1.0, 1.0)])
>>> ax = fig.axes[0]
>>> ax.get_xlabel(), ax.get_ylabel(), ax.get_aspect()
('$x$', '$y$', 1.0)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import sympy as sp
from matplotlib.axes import Axes
from matplotlib.contour import QuadContourSet
from matplotlib.figure import Figure
from matplotlib.quiver import Quiver

from calcnotes._validation import as_finite_points, require_callable
from calcnotes.errors import DomainError
from calcnotes.plotting import use_book_style

__all__ = ["plot_contours"]

_GRID = 151  # points per side of the grid the level curves are traced on (smooth, and light as SVG)

Field = Callable[[np.ndarray, np.ndarray], Any]


def _require_range(pair: object, name: str) -> tuple[float, float]:
    """A pair (low, high) of finite numbers with low < high."""
    if isinstance(pair, (str, bytes)) or not isinstance(pair, Sequence | np.ndarray):
        raise TypeError(f"{name} must be a pair (low, high), got {type(pair).__name__}")
    if len(pair) != 2:
        raise ValueError(f"{name} must be a pair (low, high), got {len(pair)} values")
    low, high = (float(v) for v in as_finite_points(np.asarray(pair, dtype=float), name))
    if not low < high:
        raise ValueError(f"{name} must have low < high, got ({low:g}, {high:g})")
    return low, high


def _variables(expr: sp.Expr, variables: object) -> tuple[sp.Symbol, sp.Symbol]:
    """The two variables of a SymPy expression, in the order (x, y) of the plot."""
    free = sorted(expr.free_symbols, key=str)
    if variables is None:
        if len(free) != 2:
            names = ", ".join(map(str, free)) or "none"
            raise ValueError(
                f"f must have exactly two variables (or pass variables=(x, y)), got {names}"
            )
        return free[0], free[1]
    if (
        isinstance(variables, (str, bytes))
        or not isinstance(variables, Sequence)
        or len(variables) != 2
        or not all(isinstance(v, sp.Symbol) for v in variables)
    ):
        raise TypeError("variables must be a pair of SymPy symbols (x, y)")
    first, second = variables
    if first == second:
        raise ValueError("variables must be two different symbols")
    extra = set(free) - {first, second}
    if extra:
        raise ValueError(
            f"f has variables other than {first} and {second}: {sorted(map(str, extra))}"
        )
    return first, second


def _as_field(
    f: object, grad: object, variables: object
) -> tuple[Field, Callable[[np.ndarray, np.ndarray], tuple[Any, Any]] | None, tuple[str, str]]:
    """A NumPy-callable ``f(x, y)``, its exact gradient when one is known, the axis labels."""
    if isinstance(f, sp.Basic):
        if not isinstance(f, sp.Expr):
            raise TypeError(f"f must be a callable or a SymPy expression, got {type(f).__name__}")
        first, second = _variables(f, variables)
        func = sp.lambdify((first, second), f, modules="numpy")
        exact = sp.lambdify(
            (first, second), (sp.diff(f, first), sp.diff(f, second)), modules="numpy"
        )
        names = (f"${sp.latex(first)}$", f"${sp.latex(second)}$")
    else:
        if variables is not None:
            raise TypeError("variables is only for a SymPy expression f")
        func = require_callable(f, "f")
        exact = None
        names = ("$x$", "$y$")
    if grad is not None:
        return func, require_callable(grad, "grad"), names
    return func, exact, names


def _values(func: Field, xs: np.ndarray, ys: np.ndarray, name: str) -> np.ndarray:
    """``func`` on a grid as floats; points outside its domain become NaN (masked)."""
    with np.errstate(all="ignore"):
        try:
            raw = np.asarray(func(xs, ys))
        except (TypeError, ValueError):  # a function of scalars: call it point by point
            raw = np.array([func(a, b) for a, b in zip(xs.ravel(), ys.ravel(), strict=True)])
        if raw.size == 1:
            raw = np.full(xs.shape, raw.reshape(()))  # a constant function
        if raw.size != xs.size:
            raise ValueError(f"{name} must return one value per point, got shape {raw.shape}")
        if raw.dtype.kind not in "iufb":
            raise TypeError(f"{name} must return real numbers, got {raw.dtype}")
        values = raw.reshape(xs.shape).astype(float)
    values[~np.isfinite(values)] = np.nan
    return values


def _points(points: object, name: str) -> np.ndarray:
    """An array of shape (k, 2) of finite points."""
    arr = as_finite_points(points, name)
    if arr.ndim == 1 and arr.size == 2:
        arr = arr.reshape(1, 2)
    if arr.ndim != 2 or arr.shape[1] != 2 or arr.shape[0] == 0:
        raise ValueError(f"{name} must be points (x, y), an array of shape (k, 2); got {arr.shape}")
    return arr


def _arrow_points(
    arrows: object, x_range: tuple[float, float], y_range: tuple[float, float]
) -> np.ndarray:
    """The points the gradient arrows start from: given, or an n-by-n grid inside the ranges."""
    if isinstance(arrows, (int, np.integer)) and not isinstance(arrows, bool):
        n = int(arrows)
        if n < 1:
            raise ValueError(f"arrows must be a positive number of arrows per side, got {n}")
        # cell centres, so no arrow starts on the frame
        gx = x_range[0] + (np.arange(n) + 0.5) * (x_range[1] - x_range[0]) / n
        gy = y_range[0] + (np.arange(n) + 0.5) * (y_range[1] - y_range[0]) / n
        mx, my = np.meshgrid(gx, gy)
        return np.column_stack([mx.ravel(), my.ravel()])
    if isinstance(arrows, (bool, float, np.floating)):
        raise TypeError(f"arrows must be an int or points (x, y), got {type(arrows).__name__}")
    return _points(arrows, "arrows")


def _gradients(
    func: Field,
    exact: Callable[[np.ndarray, np.ndarray], tuple[Any, Any]] | None,
    points: np.ndarray,
) -> np.ndarray:
    """The gradient at each point, shape (k, 2): exact when known, else by central differences."""
    if exact is not None:
        with np.errstate(all="ignore"):
            parts = exact(points[:, 0], points[:, 1])
        try:
            gx, gy = (
                np.broadcast_to(np.asarray(p, dtype=float), points[:, 0].shape) for p in parts
            )
        except (TypeError, ValueError) as err:
            raise ValueError(f"grad must return two arrays (df/dx, df/dy): {err}") from None
        grads = np.column_stack([gx, gy])
    else:
        from calcnotes.numdiff import gradient

        def along(v: np.ndarray) -> float:
            return float(func(v[0], v[1]))

        grads = np.array([gradient(along, p) for p in points])
    bad = ~np.all(np.isfinite(grads), axis=1)
    if np.any(bad):
        where = points[bad][0]
        raise DomainError(f"the gradient is not finite at ({where[0]:g}, {where[1]:g})")
    return grads


def _style(ax: Axes) -> None:
    """The book's colours on an Axes (also one made before the style was applied)."""
    rc = mpl.rcParams
    ax.set_facecolor(rc["axes.facecolor"])
    for side, spine in ax.spines.items():
        spine.set_color(rc["axes.edgecolor"])
        spine.set_visible(side in ("left", "bottom"))
    ax.tick_params(colors=rc["xtick.color"], labelcolor=rc["xtick.labelcolor"])
    ax.grid(False)  # level curves are the grid of this plot


def plot_contours(
    f: Field | sp.Expr,
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    *,
    levels: int | Sequence[float] = 12,
    variables: tuple[sp.Symbol, sp.Symbol] | None = None,
    grad: Callable[[np.ndarray, np.ndarray], tuple[Any, Any]] | None = None,
    arrows: int | Sequence[Sequence[float]] | np.ndarray | None = None,
    arrow_length: float | None = None,
    path: Sequence[Sequence[float]] | np.ndarray | None = None,
    path_label: str | None = None,
    label_levels: bool = False,
    equal_aspect: bool = True,
    axis_labels: tuple[str, str] | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Plot the level curves of ``f(x, y)``, with gradient arrows and a descent path if asked.

    Parameters
    ----------
    f : Callable or sympy.Expr
        ``f(x, y)``, vectorised over NumPy arrays (a function of two numbers is called
        point by point), or a SymPy expression in two variables.
    x_range, y_range : tuple of float
        ``(low, high)`` of each axis; the level curves fill this rectangle.
    levels : int or Sequence of float
        How many level curves Matplotlib chooses (default 12), or the increasing values
        ``c`` of the curves ``f(x, y) = c``.
    variables : tuple of sympy.Symbol or None
        For a SymPy *f*: which symbol runs along the horizontal axis and which along the
        vertical one (default: the two free symbols in alphabetical order).
    grad : Callable or None
        ``grad(x, y) -> (df/dx, df/dy)`` for the arrows. Without it the gradient is exact for
        a SymPy *f* and found by :func:`calcnotes.numdiff.gradient` for a callable.
    arrows : int, array_like or None
        Where to draw the gradient as arrows: an array of points ``(x, y)``, shape
        ``(k, 2)``, or ``n`` for an ``n``-by-``n`` grid of points in the rectangle. Each
        arrow starts at its point and points along the gradient there.
    arrow_length : float or None
        ``None`` (default) draws every arrow in proportion to the size of the gradient, the
        longest a tenth of the wider side of the plot; a number draws every arrow with
        that length in data units, showing the direction only.
    path : array_like or None
        The successive points of an optimiser, shape ``(k, 2)``, joined by a line with a
        marker at each point; the start is ringed.
    path_label : str or None
        The legend entry of the path (no legend without it).
    label_levels : bool
        Write the value of ``f`` on each level curve.
    equal_aspect : bool
        Draw one unit of ``x`` as long as one unit of ``y`` (default), so that right angles
        look right.
    axis_labels : tuple of str or None
        The labels of the horizontal and vertical axes (default: the SymPy variables, or
        ``"$x$"`` and ``"$y$"``).
    ax : matplotlib.axes.Axes or None
        Where to draw; a new figure is made when omitted.

    Returns
    -------
    matplotlib.figure.Figure
        The figure. Its Axes holds the level curves (a ``QuadContourSet``), the arrows (a
        ``Quiver``, when asked for) and the path (a line, when given).

    Raises
    ------
    TypeError
        If *f* or *grad* is not callable (or a SymPy expression), *variables* is not a pair
        of symbols, *arrows* is neither a count nor points, or *ax* is not an Axes.
    ValueError
        If a range is not a pair ``low < high``, *levels* are not increasing, points are
        not of shape ``(k, 2)`` or not finite, *arrow_length* is not positive, or *f*
        returns the wrong number of values.
    calcnotes.errors.DomainError
        If *f* is not finite anywhere on the grid, or the gradient is not finite at an
        arrow's point.

    Examples
    --------
    The bowl ``x**2 + 4 y**2``: the gradient at ``(1, 1)`` is ``(2, 8)``, and its arrow is
    drawn along it.

    >>> import numpy as np
    >>> from calcnotes.fields import plot_contours
    >>> fig = plot_contours(lambda x, y: x**2 + 4 * y**2, (-2, 2), (-1.5, 1.5),
    ...                     levels=[1, 2, 4], arrows=[(1.0, 1.0)])
    >>> ax = fig.axes[0]
    >>> arrow = ax.collections[-1]
    >>> np.round([arrow.U[0] / arrow.V[0]], 6)  # the direction of (2, 8)
    array([0.25])

    A SymPy expression gets an exact gradient; a path is drawn as one line:

    >>> import sympy as sp
    >>> x, y = sp.symbols("x y")
    >>> fig = plot_contours(x**2 - y, (-1, 1), (-1, 1), path=[(1, 1), (0.5, 0.5), (0, 0)],
    ...                     path_label="descent")
    >>> fig.axes[0].lines[0].get_label()
    'descent'
    """
    x_low, x_high = _require_range(x_range, "x_range")
    y_low, y_high = _require_range(y_range, "y_range")
    func, exact, names = _as_field(f, grad, variables)
    if axis_labels is not None:
        if (
            isinstance(axis_labels, (str, bytes))
            or not isinstance(axis_labels, Sequence)
            or len(axis_labels) != 2
            or not all(isinstance(n, str) for n in axis_labels)
        ):
            raise TypeError("axis_labels must be a pair of strings")
        names = (axis_labels[0], axis_labels[1])
    if not (isinstance(levels, (int, np.integer)) and not isinstance(levels, bool)):
        if isinstance(levels, (bool, float, str, bytes)):
            raise TypeError(f"levels must be a count or a sequence of values, got {levels!r}")
        values = as_finite_points(levels, "levels")
        if values.ndim != 1 or values.size == 0 or np.any(np.diff(values) <= 0):
            raise ValueError("levels must be a non-empty sequence of increasing values")
        level_spec: int | np.ndarray = values
    else:
        if levels < 1:
            raise ValueError(f"levels must be at least 1, got {levels}")
        level_spec = int(levels)
    if arrow_length is not None:
        length = float(as_finite_points(arrow_length, "arrow_length"))
        if length <= 0:
            raise ValueError(f"arrow_length must be positive, got {length:g}")
    arrow_at = None if arrows is None else _arrow_points(arrows, (x_low, x_high), (y_low, y_high))
    route = None if path is None else _points(path, "path")
    if ax is not None and not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes, got {type(ax).__name__}")

    gx, gy = np.meshgrid(np.linspace(x_low, x_high, _GRID), np.linspace(y_low, y_high, _GRID))
    heights = _values(func, gx, gy, "f")
    if not np.any(np.isfinite(heights)):
        raise DomainError("f is not finite anywhere in the plotted rectangle")
    grads = None if arrow_at is None else _gradients(func, exact, arrow_at)

    with mpl.rc_context():
        use_book_style()
        colours = mpl.rcParams["axes.prop_cycle"].by_key()["color"]
        blue, vermillion, green = colours[0], colours[1], colours[2]
        if ax is None:
            fig = plt.figure(figsize=(6.4, 4.8), layout="constrained")
            ax = fig.add_subplot()
            plt.close(fig)
        else:
            root = ax.get_figure(root=True)
            if not isinstance(root, Figure):
                raise TypeError("the Axes is not placed on a Figure")
            fig = root
        _style(ax)
        contours: QuadContourSet = ax.contour(
            gx,
            gy,
            np.ma.masked_invalid(heights),
            levels=level_spec,
            colors=blue,
            linestyles="solid",
            linewidths=1.1,
        )
        if label_levels:
            ax.clabel(contours, fontsize=8, fmt="%g")
        if grads is not None and arrow_at is not None:
            span = max(x_high - x_low, y_high - y_low)
            sizes = np.hypot(grads[:, 0], grads[:, 1])
            with np.errstate(invalid="ignore", divide="ignore"):
                if arrow_length is None:
                    largest = float(sizes.max())
                    scale = 0.1 * span / largest if largest > 0 else 0.0
                    drawn = grads * scale
                else:
                    drawn = np.where(sizes[:, None] > 0, grads / sizes[:, None], 0.0) * length
            arrow: Quiver = ax.quiver(
                arrow_at[:, 0],
                arrow_at[:, 1],
                drawn[:, 0],
                drawn[:, 1],
                angles="xy",
                scale_units="xy",
                scale=1.0,
                color=vermillion,
                width=0.006,
                zorder=3,
            )
            arrow.set_label("gradient $\\nabla f$")
        if route is not None:
            ax.plot(
                route[:, 0],
                route[:, 1],
                "o-",
                color=green,
                markersize=3.5,
                linewidth=1.6,
                label=path_label if path_label is not None else "_path",
                zorder=4,
            )
            ax.plot(
                [route[0, 0]],
                [route[0, 1]],
                "o",
                markersize=9,
                markerfacecolor="none",
                markeredgecolor=green,
                markeredgewidth=1.8,
                label="_start",
                zorder=4,
            )
            if path_label is not None:
                ax.legend(loc="upper right")
        ax.set_xlim(x_low, x_high)
        ax.set_ylim(y_low, y_high)
        if equal_aspect:
            ax.set_aspect("equal", adjustable="box")
        ax.set_xlabel(names[0])
        ax.set_ylabel(names[1])
    return fig
