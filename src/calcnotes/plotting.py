"""The book's figures: functions, tangents, derivatives and step-size errors, in one style.

Every helper returns a :class:`matplotlib.figure.Figure` and draws on an Axes you
pass (``ax=``) or on a new figure. New figures are created through pyplot (so a
notebook has its display hooks) and closed at once: they are never shown twice
and never pile up. In a notebook, make the returned figure the cell's last value
(``plot_tangent(...)`` or ``fig`` on the last line) to display it; elsewhere call
``fig.savefig(...)``.

Style (one choice, applied by every helper): figures and axes are drawn on an
**opaque white face** with near-black text (#222222, contrast about 16:1) and mid-grey
frames, so they read the same on a light page and on a dark one (#121212), where
they appear as a light card; the book theme also rounds and pads output images in
dark mode. Lines use the colour-blind-safe Okabe–Ito colours (blue, vermillion,
bluish green, reddish purple; yellow is left out because it vanishes on white) and
are told apart by line style as well (derivatives are dashed). The font is
DejaVu Sans, which Matplotlib ships. :func:`use_book_style` applies the same style
to figures you draw yourself.

Examples
--------
>>> import numpy as np
>>> from calcnotes.plotting import plot_tangent
>>> fig = plot_tangent(np.sin, 0.0, x_range=(-3, 3))
>>> fig.axes[0].get_xlabel()
'$x$'
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import sympy as sp
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from calcnotes._validation import as_finite_points, require_callable
from calcnotes.errors import DomainError

__all__ = [
    "use_book_style",
    "plot_secants",
    "plot_tangent",
    "plot_with_derivative",
    "plot_activations",
    "plot_step_error",
]

# Okabe–Ito colours, in the order the helpers use them.
_BLUE = "#0072B2"
_VERMILLION = "#D55E00"
_GREEN = "#009E73"
_PURPLE = "#CC79A7"
_ORANGE = "#E69F00"
_SKY = "#56B4E9"
_INK = "#222222"  # text
_FRAME = "#5a5a5a"  # spines and tick marks
_GRID = "#e3e3e3"
_FACE = "#ffffff"

_BOOK_RC: dict[str, Any] = {
    "figure.facecolor": _FACE,
    "figure.edgecolor": _FACE,
    "figure.figsize": (6.4, 4.0),
    "figure.dpi": 100,
    "figure.constrained_layout.use": True,
    "savefig.facecolor": _FACE,
    "savefig.transparent": False,
    "savefig.dpi": 150,
    "savefig.bbox": "tight",
    "savefig.pad_inches": 0.15,
    "axes.facecolor": _FACE,
    "axes.edgecolor": _FRAME,
    "axes.labelcolor": _INK,
    "axes.titlecolor": _INK,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "axes.linewidth": 0.9,
    "axes.grid": True,
    "axes.axisbelow": True,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.unicode_minus": True,
    "axes.prop_cycle": cycler(color=[_BLUE, _VERMILLION, _GREEN, _PURPLE, _ORANGE, _SKY]),
    "grid.color": _GRID,
    "grid.linewidth": 0.8,
    "text.color": _INK,
    "xtick.color": _FRAME,
    "ytick.color": _FRAME,
    "xtick.labelcolor": _INK,
    "ytick.labelcolor": _INK,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "legend.fontsize": 10,
    "legend.frameon": True,
    "legend.framealpha": 0.92,
    "legend.facecolor": _FACE,
    "legend.edgecolor": _GRID,
    "legend.labelcolor": _INK,
    "lines.linewidth": 2.2,
    "lines.markersize": 6,
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 11,
    "mathtext.fontset": "dejavusans",
    "svg.hashsalt": "calcnotes",  # the same SVG ids on every build
}

_GRID_POINTS = 801


def use_book_style() -> None:
    """Apply the book's Matplotlib style to every figure drawn from now on.

    The helpers of this module use the style on their own; call this only for
    figures you build yourself with Matplotlib so they match. It updates
    ``matplotlib.rcParams`` (undo with ``matplotlib.rcdefaults()``).

    Returns
    -------
    None

    Examples
    --------
    >>> import matplotlib as mpl
    >>> from calcnotes.plotting import use_book_style
    >>> with mpl.rc_context():
    ...     use_book_style()
    ...     print(mpl.rcParams["axes.facecolor"], mpl.rcParams["font.sans-serif"][0])
    #ffffff DejaVu Sans
    """
    mpl.rcParams.update(_BOOK_RC)  # type: ignore[arg-type]
    _prefer_svg()


def _prefer_svg() -> None:
    """In a notebook, show figures as SVG: sharp on any screen, and small for line plots.

    Outside IPython (scripts, tests) this does nothing; ``fig.savefig`` chooses its own format.
    """
    try:
        from IPython import get_ipython
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:  # pragma: no cover - IPython is not needed to draw figures
        return
    if get_ipython() is not None:
        set_matplotlib_formats("svg")


@contextlib.contextmanager
def _book_style() -> Iterator[None]:
    """The book style for the duration of a ``with`` block (rcParams restored after)."""
    _prefer_svg()
    with mpl.rc_context(_BOOK_RC):  # type: ignore[arg-type]
        yield


def _style_axes(ax: Axes) -> None:
    """Set the colours an Axes keeps after the style context ends (ticks are made lazily)."""
    ax.set_facecolor(_FACE)
    for side, spine in ax.spines.items():
        spine.set_color(_FRAME)
        spine.set_visible(side in ("left", "bottom"))
    ax.tick_params(colors=_FRAME, labelcolor=_INK, labelsize=10)
    ax.grid(True, color=_GRID, linewidth=0.8)
    ax.set_axisbelow(True)


def _root_figure(ax: Axes) -> Figure:
    figure = ax.get_figure(root=True)
    if not isinstance(figure, Figure):
        raise TypeError("the Axes is not placed on a Figure")
    return figure


def _new_axes(ncols: int, figsize: tuple[float, float]) -> tuple[Figure, list[Axes]]:
    """A new closed (pyplot-free from now on) figure with one row of *ncols* Axes."""
    fig = plt.figure(figsize=figsize, layout="constrained", facecolor=_FACE)
    axes = fig.subplots(1, ncols, squeeze=False)[0]
    plt.close(fig)
    return fig, list(axes)


def _target_axes(ax: object, figsize: tuple[float, float] = (6.4, 4.0)) -> tuple[Figure, Axes]:
    """The caller's Axes (checked) and its figure, or a new figure with one Axes."""
    if ax is None:
        fig, (new,) = _new_axes(1, figsize)
        return fig, new
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes, got {type(ax).__name__}")
    return _root_figure(ax), ax


def _require_range(x_range: object, name: str = "x_range") -> tuple[float, float]:
    """A pair (low, high) of finite numbers with low < high."""
    if isinstance(x_range, (str, bytes)) or not isinstance(x_range, Sequence | np.ndarray):
        raise TypeError(f"{name} must be a pair (low, high), got {type(x_range).__name__}")
    if len(x_range) != 2:
        raise ValueError(f"{name} must be a pair (low, high), got {len(x_range)} values")
    low, high = (float(v) for v in as_finite_points(np.asarray(x_range, dtype=float), name))
    if not low < high:
        raise ValueError(f"{name} must have low < high, got ({low:g}, {high:g})")
    return low, high


def _as_function(f: object, name: str) -> tuple[Callable[[np.ndarray], Any], sp.Expr | None]:
    """A NumPy-callable for *f*; SymPy expressions in one variable are lambdified."""
    if isinstance(f, sp.Expr):
        free = sorted(f.free_symbols, key=str)
        if len(free) > 1:
            raise ValueError(f"{name} must have one variable, got {', '.join(map(str, free))}")
        var = free[0] if free else sp.Symbol("x")
        return sp.lambdify(var, f, modules="numpy"), f
    return require_callable(f, name), None


def _evaluate(f: Callable[[np.ndarray], Any], xs: np.ndarray) -> np.ndarray:
    """``f`` on a grid as floats; points outside its domain become NaN (gaps in the line)."""
    with np.errstate(all="ignore"):
        try:
            values = np.asarray(f(xs))
        except (TypeError, ValueError):  # a scalar-only function: call it point by point
            values = np.array([f(t) for t in xs])
        values = np.broadcast_to(values, xs.shape)
        if np.iscomplexobj(values):
            values = np.where(np.abs(values.imag) > 0, np.nan, values.real)
        values = values.astype(float)
    values[~np.isfinite(values)] = np.nan
    return values


def _break_jumps(xs: np.ndarray, ys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Insert a gap where the curve jumps (ReLU', poles), so no false vertical line is drawn."""
    finite = ys[np.isfinite(ys)]
    if finite.size < 3:
        return xs, ys
    span = float(finite.max() - finite.min())
    with np.errstate(invalid="ignore"):
        steps = np.abs(np.diff(ys))
    typical = float(np.nanmedian(steps)) if np.any(np.isfinite(steps)) else 0.0
    with np.errstate(invalid="ignore"):
        jumps = np.flatnonzero((steps > 0.2 * span) & (steps > 20 * typical))
    if span == 0 or jumps.size == 0:
        return xs, ys
    mids = (xs[jumps] + xs[jumps + 1]) / 2
    return np.insert(xs, jumps + 1, mids), np.insert(ys, jumps + 1, np.nan)


def _point_value(f: Callable[[np.ndarray], Any], a: float, name: str) -> float:
    value = _evaluate(f, np.array([a]))[0]
    if not np.isfinite(value):
        raise DomainError(f"{name} is not finite at x = {a!r} (outside its domain?)")
    return float(value)


def plot_tangent(
    f: Callable[[np.ndarray], Any] | sp.Expr,
    a: float,
    *,
    x_range: tuple[float, float],
    ax: Axes | None = None,
    label: str | None = None,
    df: Callable[[np.ndarray], Any] | None = None,
) -> Figure:
    """Plot a function, its tangent line at ``x = a`` and the point of tangency.

    The slope is ``df(a)`` when *df* is given, exact when *f* is a SymPy expression,
    and otherwise estimated with :func:`calcnotes.numdiff.derivative`. The legend,
    set above the Axes, states it. The y-limits follow the curve, so the tangent
    never squashes it.

    Parameters
    ----------
    f : Callable or sympy.Expr
        A NumPy-vectorised function (``np.sin``, ``lambda x: x**2``) or a SymPy
        expression in one variable.
    a : float
        The point of tangency; it must lie in *x_range*.
    x_range : tuple of float
        ``(low, high)``, the plotted interval.
    ax : matplotlib.axes.Axes or None
        Where to draw; a new figure is made when omitted.
    label : str or None
        Legend text for the curve (default ``"$f(x)$"``, or the expression's LaTeX).
    df : Callable or None
        The derivative, if known exactly.

    Returns
    -------
    matplotlib.figure.Figure
        The figure holding the Axes; the Axes has three lines: curve, tangent, point.

    Raises
    ------
    TypeError
        If *f* (or *df*) is not callable, or *ax* is not an Axes.
    ValueError
        If *x_range* is not a pair ``low < high`` or *a* lies outside it.
    calcnotes.errors.DomainError
        If *f* (or the slope) is not finite at *a*.

    Examples
    --------
    >>> import numpy as np
    >>> fig = plot_tangent(lambda x: x**2, 1.0, x_range=(-2, 2), df=lambda x: 2 * x)
    >>> ax = fig.axes[0]
    >>> len(ax.lines)
    3
    >>> ax.lines[1].get_label()
    'tangent at $x = 1$, slope $2$'
    """
    low, high = _require_range(x_range)
    a = float(as_finite_points(a, "a"))
    if not low <= a <= high:
        raise ValueError(f"a = {a:g} lies outside x_range ({low:g}, {high:g})")
    func, expr = _as_function(f, "f")
    fa = _point_value(func, a, "f")
    if df is not None:
        slope = _point_value(require_callable(df, "df"), a, "df")
    elif expr is not None:
        var = next(iter(expr.free_symbols), sp.Symbol("x"))
        slope = _point_value(sp.lambdify(var, sp.diff(expr, var), modules="numpy"), a, "f'")
    else:
        from calcnotes.numdiff import derivative

        slope = float(derivative(func, a))
    if label is None:
        label = f"${sp.latex(expr)}$" if expr is not None else "$f(x)$"

    with _book_style():
        fig, ax = _target_axes(ax)
        _style_axes(ax)
        xs = np.linspace(low, high, _GRID_POINTS)
        px, py = _break_jumps(xs, _evaluate(func, xs))
        ax.plot(px, py, color=_BLUE, label=label)
        ax.plot(
            xs,
            fa + slope * (xs - a),
            color=_VERMILLION,
            linestyle="--",
            linewidth=1.8,
            label=f"tangent at $x = {a:g}$, slope ${slope:.3g}$",
        )
        ax.plot([a], [fa], "o", color=_INK, markeredgecolor=_FACE, markersize=7, zorder=3)
        finite = py[np.isfinite(py)]
        lo, hi = float(finite.min()), float(finite.max())
        lo, hi = min(lo, fa), max(hi, fa)
        pad = 0.08 * (hi - lo) if hi > lo else 1.0
        ax.set_ylim(lo - pad, hi + pad)
        ax.set_xlim(low, high)
        ax.set_xlabel("$x$")
        ax.set_ylabel("$y$")
        # above the axes: a tangent crosses the whole plot, so no corner is reliably free
        ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.01), ncols=2, frameon=False)
    return fig


def plot_secants(
    f: Callable[[np.ndarray], Any] | sp.Expr,
    a: float,
    steps: Sequence[float],
    *,
    x_range: tuple[float, float],
    ax: Axes | None = None,
) -> Figure:
    """Plot secant lines through ``x = a`` closing in on the tangent there.

    Each step ``h`` gives the secant through ``(a, f(a))`` and ``(a + h, f(a + h))``,
    whose slope is the average rate of change over ``[a, a + h]``; the tangent (dashed)
    is their limit as ``h`` shrinks, with slope ``f'(a)``. The legend gives every slope.
    This is the picture behind the definition of the derivative.

    Parameters
    ----------
    f : Callable or sympy.Expr
        A NumPy-vectorised function or a SymPy expression in one variable.
    a : float
        The point of tangency; it must lie in *x_range*.
    steps : Sequence of float
        The nonzero steps ``h``, largest first; each ``a + h`` must lie in *x_range*.
    x_range : tuple of float
        ``(low, high)``, the plotted interval.
    ax : matplotlib.axes.Axes or None
        Where to draw; a new figure is made when omitted.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; its Axes has the curve, one line per secant, the tangent and the points.

    Raises
    ------
    TypeError
        If *f* is not callable or *ax* is not an Axes.
    ValueError
        If *x_range* is not a pair ``low < high``, *a* or some ``a + h`` lies outside it,
        or *steps* is empty or holds a zero.
    calcnotes.errors.DomainError
        If *f* is not finite at *a* or at some ``a + h``.

    Examples
    --------
    >>> fig = plot_secants(lambda x: x**2, 1.0, [1.5, 0.5], x_range=(-1, 3))
    >>> [line.get_label() for line in fig.axes[0].lines[1:4]]
    ['secant, $h = 1.5$, slope $3.5$', 'secant, $h = 0.5$, slope $2.5$', 'tangent, slope $2$']
    """
    low, high = _require_range(x_range)
    a = float(as_finite_points(a, "a"))
    hs = np.atleast_1d(as_finite_points(steps, "steps")).astype(float)
    if hs.size == 0 or np.any(hs == 0):
        raise ValueError("steps must hold at least one step, and no step may be 0")
    for point in (a, *(a + hs)):
        if not low <= point <= high:
            raise ValueError(f"x = {point:g} lies outside x_range ({low:g}, {high:g})")
    func, _ = _as_function(f, "f")
    fa = _point_value(func, a, "f")
    from calcnotes.numdiff import derivative

    slope = float(derivative(func, a))
    greys = ["#9a9a9a", "#6f6f6f", "#454545"]
    with _book_style():
        fig, ax = _target_axes(ax)
        _style_axes(ax)
        xs = np.linspace(low, high, _GRID_POINTS)
        ys = _evaluate(func, xs)
        ax.plot(*_break_jumps(xs, ys), color=_BLUE, label="$f(x)$")
        ends = []
        for i, h in enumerate(hs):
            fh = _point_value(func, a + h, "f")
            rise = (fh - fa) / h
            ax.plot(
                xs,
                fa + rise * (xs - a),
                color=greys[min(i, len(greys) - 1)],
                linestyle=":",
                linewidth=1.6,
                label=f"secant, $h = {h:g}$, slope ${rise:.3g}$",
            )
            ends.append((a + h, fh))
        ax.plot(
            xs,
            fa + slope * (xs - a),
            color=_VERMILLION,
            linestyle="--",
            linewidth=2,
            label=f"tangent, slope ${slope:.3g}$",
        )
        ex, ey = zip(*ends, strict=True)
        ax.plot(ex, ey, "o", color=_FRAME, markersize=5, zorder=3)
        ax.plot([a], [fa], "o", color=_INK, markeredgecolor=_FACE, markersize=7, zorder=3)
        finite = ys[np.isfinite(ys)]
        lo, hi = float(finite.min()), float(finite.max())
        pad = 0.1 * (hi - lo or 1.0)
        ax.set_ylim(lo - pad, hi + pad)
        ax.set_xlim(low, high)
        ax.set_xlabel("$x$")
        ax.set_ylabel("$f(x)$")
        ax.legend(loc="upper left")
    return fig


def plot_with_derivative(
    f: Callable[[np.ndarray], Any] | sp.Expr,
    df: Callable[[np.ndarray], Any] | sp.Expr | None,
    *,
    x_range: tuple[float, float],
    ax: Axes | None = None,
    title: str | None = None,
) -> Figure:
    """Plot a function and its derivative together, on one Axes, with the line ``y = 0``.

    Drawing both on shared axes shows the link the chapter is about: where ``f'`` crosses
    zero, ``f`` turns; where ``f'`` is positive, ``f`` rises. The function is a solid
    blue line, the derivative a dashed vermillion one.

    Parameters
    ----------
    f : Callable or sympy.Expr
        The function (NumPy-vectorised, or a SymPy expression in one variable).
    df : Callable, sympy.Expr or None
        Its derivative. ``None`` differentiates *f* (exactly for a SymPy expression,
        else numerically with :func:`calcnotes.numdiff.derivative`).
    x_range : tuple of float
        ``(low, high)``, the plotted interval.
    ax : matplotlib.axes.Axes or None
        Where to draw; a new figure is made when omitted.
    title : str or None
        The Axes title.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; its Axes has three lines: ``f``, ``f'`` and the zero line.

    Raises
    ------
    TypeError
        If *f* or *df* is not callable, or *ax* is not an Axes.
    ValueError
        If *x_range* is not a pair ``low < high``.

    Examples
    --------
    >>> import numpy as np
    >>> fig = plot_with_derivative(np.sin, np.cos, x_range=(0, 2 * np.pi), title="sine")
    >>> [line.get_label() for line in fig.axes[0].lines[:2]]
    ['$f(x)$', "$f'(x)$"]
    """
    low, high = _require_range(x_range)
    func, expr = _as_function(f, "f")
    if df is None and expr is not None:
        var = next(iter(expr.free_symbols), sp.Symbol("x"))
        dfunc, _ = _as_function(sp.diff(expr, var), "df")
    elif df is None:
        from calcnotes.numdiff import derivative

        def dfunc(t: np.ndarray) -> np.ndarray:
            return np.asarray(derivative(func, t))
    else:
        dfunc, _ = _as_function(df, "df")

    with _book_style():
        fig, ax = _target_axes(ax)
        _style_axes(ax)
        xs = np.linspace(low, high, _GRID_POINTS)
        ax.plot(*_break_jumps(xs, _evaluate(func, xs)), color=_BLUE, label="$f(x)$")
        ax.plot(
            *_break_jumps(xs, _evaluate(_safe_derivative(dfunc), xs)),
            color=_VERMILLION,
            linestyle="--",
            label="$f'(x)$",
        )
        ax.axhline(0.0, color=_FRAME, linewidth=0.9, zorder=1)
        ax.set_xlim(low, high)
        ax.set_xlabel("$x$")
        ax.set_ylabel("$y$")
        if title:
            ax.set_title(title)
        ax.legend(loc="best")
    return fig


def _safe_derivative(dfunc: Callable[[np.ndarray], Any]) -> Callable[[np.ndarray], Any]:
    """Wrap a derivative so points where it cannot be computed become NaN, not errors."""

    def wrapped(xs: np.ndarray) -> np.ndarray:
        try:
            return np.asarray(dfunc(xs), dtype=float)
        except (DomainError, ValueError):
            out = np.full(xs.shape, np.nan)
            for i, t in enumerate(xs):
                with contextlib.suppress(DomainError, ValueError):
                    out[i] = float(np.asarray(dfunc(np.array([t])), dtype=float).ravel()[0])
            return out

    return wrapped


def plot_activations(
    *,
    x_range: tuple[float, float] = (-5, 5),
    axes: Sequence[Axes] | None = None,
    which: Sequence[str] = ("sigmoid", "tanh", "ReLU"),
) -> Figure:
    """Plot sigmoid, tanh and ReLU (or those named in *which*) beside their derivatives.

    Each panel shows the activation (solid) and its derivative (dashed), from
    ``calcnotes.activations``. The ReLU derivative is drawn with a gap at 0,
    where it jumps (the package gives it the value 0 there).

    Parameters
    ----------
    x_range : tuple of float
        ``(low, high)``, the plotted interval (default ``(-5, 5)``).
    axes : Sequence of matplotlib.axes.Axes or None
        Where to draw, one Axes per panel; a new figure with one row is made when omitted.
    which : Sequence of str
        The panels, in order, from ``"sigmoid"``, ``"tanh"`` and ``"ReLU"`` (default: all three).

    Returns
    -------
    matplotlib.figure.Figure
        The figure; each panel's Axes has two lines.

    Raises
    ------
    TypeError
        If *axes* does not hold Axes, or *which* is not a sequence of names.
    ValueError
        If *axes* does not hold one Axes per panel, *which* is empty or names an unknown
        or repeated activation, or *x_range* is not a pair ``low < high``.

    Examples
    --------
    >>> fig = plot_activations()
    >>> [ax.get_title() for ax in fig.axes]
    ['sigmoid', 'tanh', 'ReLU']
    >>> [len(ax.lines) for ax in fig.axes]
    [2, 2, 2]
    >>> [ax.get_title() for ax in plot_activations(which=("tanh",)).axes]
    ['tanh']
    """
    from calcnotes import activations as act

    low, high = _require_range(x_range)
    known = {
        "sigmoid": ("sigmoid", r"\sigma", act.sigmoid, act.sigmoid_derivative),
        "tanh": ("tanh", r"\tanh", act.tanh, act.tanh_derivative),
        "ReLU": ("ReLU", r"\mathrm{ReLU}", act.relu, act.relu_derivative),
    }
    if isinstance(which, (str, bytes)) or not isinstance(which, Sequence):
        raise TypeError(f"which must be a sequence of names, got {type(which).__name__}")
    unknown = [name for name in which if name not in known]
    if unknown or not which or len(set(which)) != len(which):
        raise ValueError(
            f"which must name each of {sorted(known)} at most once, got {list(which)!r}"
        )
    panels = [known[name] for name in which]
    count = len(panels)
    if axes is not None:
        if isinstance(axes, Axes) or not isinstance(axes, Sequence | np.ndarray):
            raise TypeError(f"axes must be a sequence of {count} matplotlib Axes")
        axes = list(np.asarray(axes, dtype=object).ravel())
        if len(axes) != count:
            raise ValueError(f"axes must hold exactly {count} Axes, got {len(axes)}")
        if not all(isinstance(a, Axes) for a in axes):
            raise TypeError(f"axes must be a sequence of {count} matplotlib Axes")

    with _book_style():
        if axes is None:
            fig, axes = _new_axes(count, (3.5 * count, 3.4) if count > 1 else (6.4, 3.6))
        else:
            fig = _root_figure(axes[0])
        xs = np.linspace(low, high, _GRID_POINTS)
        for ax, (title, tex, func, deriv) in zip(axes, panels, strict=True):
            _style_axes(ax)
            ax.plot(xs, _evaluate(func, xs), color=_BLUE, label=f"${tex}(x)$")
            ax.plot(
                *_break_jumps(xs, _evaluate(deriv, xs)),
                color=_VERMILLION,
                linestyle="--",
                label=f"${tex}'(x)$",
            )
            ax.set_title(title)
            ax.set_xlabel("$x$")
            ax.set_xlim(low, high)
            ax.legend(loc="upper left")
        axes[0].set_ylabel("$y$")
    return fig


def _sci(value: float) -> str:
    """``6.1\\times 10^{-6}`` for mathtext."""
    mantissa, exponent = f"{value:.1e}".split("e")
    return rf"{mantissa}\times 10^{{{int(exponent)}}}"


def plot_step_error(
    f: Callable[[np.ndarray], Any],
    df: Callable[[np.ndarray], Any] | float,
    x: float,
    *,
    steps: Sequence[float] | np.ndarray | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Plot the error of the central difference at *x* against the step ``h``, log–log.

    The curve has the V shape of every finite-difference formula: on the right the
    truncation error shrinks like ``h**2`` (slope 2); on the left round-off error
    grows like ``eps / h`` (slope −1). Two dotted reference lines with those slopes
    (the slope-2 one a decade below the largest step's error, the slope −1 one through
    the smallest step's error) and a vertical line at the default step of
    :func:`calcnotes.numdiff.default_step` (near the bottom of the V) are drawn too.
    Estimates come from :func:`calcnotes.numdiff.derivative` with ``h`` as given;
    steps for which ``x ± h`` rounds back to ``x`` are left out, and so are exact
    (zero-error) estimates, which a log scale cannot show.

    Parameters
    ----------
    f : Callable
        A NumPy-vectorised function.
    df : Callable or float
        Its exact derivative (a function, or the number ``f'(x)``).
    x : float
        The point.
    steps : Sequence of float, numpy.ndarray or None
        The steps ``h`` to try (positive); by default 61 steps from ``1e-16`` to ``1e-1``.
    ax : matplotlib.axes.Axes or None
        Where to draw; a new figure is made when omitted.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; its Axes has the error curve, the two reference lines and the
        default-step line (four lines; a reference line is dropped if fewer than two
        non-zero errors exist on its side).

    Raises
    ------
    TypeError
        If *f* or *df* is not callable (or a number), or *ax* is not an Axes.
    ValueError
        If *x* is not finite or *steps* are not positive finite numbers.
    calcnotes.errors.DomainError
        If *f* or *df* is not finite at *x* or near it.

    Examples
    --------
    >>> import numpy as np
    >>> fig = plot_step_error(np.exp, np.exp, 1.0)
    >>> ax = fig.axes[0]
    >>> ax.get_xscale(), ax.get_yscale(), len(ax.lines)
    ('log', 'log', 4)
    """
    from calcnotes.numdiff import default_step, derivative

    require_callable(f, "f")
    x = float(as_finite_points(x, "x"))
    if callable(df):
        exact = _point_value(df, x, "df")
    elif isinstance(df, (int, float, np.number)) and not isinstance(df, bool):
        exact = float(as_finite_points(df, "df"))
    else:
        raise TypeError(f"df must be callable or a number, got {type(df).__name__}")
    hs = np.logspace(-16, -1, 61) if steps is None else as_finite_points(steps, "steps")
    hs = np.sort(np.atleast_1d(hs).ravel())
    if hs.size < 2 or np.any(hs <= 0):
        raise ValueError("steps must hold at least two positive numbers")
    usable = hs[(x + hs != x) & (x - hs != x)]
    estimates = np.asarray(derivative(f, np.full(usable.shape, x), h=usable), dtype=float)
    errors = np.abs(estimates - exact)
    nonzero = errors > 0
    h_ok, err_ok = usable[nonzero], errors[nonzero]
    h_best = float(default_step(x))

    with _book_style():
        fig, ax = _target_axes(ax)
        _style_axes(ax)
        ax.loglog(
            h_ok,
            err_ok,
            "o-",
            color=_BLUE,
            markersize=3.5,
            linewidth=1.8,
            label="central difference error",
        )
        right = h_ok >= h_best
        left = h_ok <= h_best
        if right.sum() >= 2:
            hr = h_ok[right]
            # a tenth of the data's level, so the guide runs beside the curve, not on it
            anchor = 0.1 * err_ok[right][-1] / hr[-1] ** 2
            ax.loglog(
                hr,
                anchor * hr**2,
                ":",
                color=_VERMILLION,
                linewidth=2.0,
                label="slope 2 (truncation)",
            )
        if left.sum() >= 2:
            hl = h_ok[left]
            anchor = err_ok[left][0] * hl[0]
            ax.loglog(
                hl, anchor / hl, ":", color=_GREEN, linewidth=2.0, label="slope $-1$ (round-off)"
            )
        ax.axvline(
            h_best,
            color=_FRAME,
            linestyle="--",
            linewidth=1.1,
            label=f"default step ${_sci(h_best)}$",
        )
        ax.set_xlabel("step $h$")
        ax.set_ylabel("absolute error")
        ax.set_title(f"central difference error at $x = {x:g}$")
        ax.legend(loc="best")
    return fig
