"""Tests of calcnotes.fields: level curves, gradient arrows at right angles to them, paths."""

from __future__ import annotations

from collections.abc import Iterator

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import sympy as sp  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from matplotlib.contour import QuadContourSet  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.quiver import Quiver  # noqa: E402

import calcnotes  # noqa: E402
from calcnotes.errors import DomainError  # noqa: E402
from calcnotes.fields import plot_contours  # noqa: E402

x, y = sp.symbols("x y")


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def parts(fig: Figure) -> tuple[QuadContourSet, list[Quiver]]:
    (ax,) = fig.axes
    contours = [c for c in ax.collections if isinstance(c, QuadContourSet)]
    arrows = [c for c in ax.collections if isinstance(c, Quiver)]
    assert len(contours) == 1
    return contours[0], arrows


def curve_points(contours: QuadContourSet) -> np.ndarray:
    """Every vertex of every drawn level curve, shape (k, 2)."""
    return np.vstack([np.asarray(p.vertices) for p in contours.get_paths() if len(p.vertices)])


def arrow_vectors(fig: Figure) -> np.ndarray:
    _, arrows = parts(fig)
    (quiver,) = arrows
    return np.column_stack([quiver.U, quiver.V])


def test_returns_a_figure_with_the_level_curves_asked_for() -> None:
    fig = plot_contours(lambda a, b: a**2 + b**2, (-2, 2), (-2, 2), levels=[0.5, 1, 2])
    contours, arrows = parts(fig)
    assert list(contours.levels) == [0.5, 1, 2]
    assert arrows == []
    ax = fig.axes[0]
    assert ax.get_xlim() == (-2, 2) and ax.get_ylim() == (-2, 2)
    assert ax.get_aspect() == 1.0
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("$x$", "$y$")


def test_a_level_curve_is_where_f_takes_its_value() -> None:
    fig = plot_contours(lambda a, b: a**2 + 4 * b**2, (-3, 3), (-2, 2), levels=[4.0])
    contours, _ = parts(fig)
    vx, vy = curve_points(contours).T
    assert np.allclose(vx**2 + 4 * vy**2, 4.0, atol=1e-3)


def test_sympy_variables_name_the_axes_and_fix_their_order() -> None:
    w1, w2 = sp.symbols("w_1 w_2")
    fig = plot_contours(w1 + 10 * w2, (-1, 1), (-1, 1), arrows=[(0.0, 0.0)])
    assert (fig.axes[0].get_xlabel(), fig.axes[0].get_ylabel()) == ("$w_{1}$", "$w_{2}$")
    u, v = arrow_vectors(fig)[0]
    assert v / u == pytest.approx(10.0)
    swapped = plot_contours(w1 + 10 * w2, (-1, 1), (-1, 1), arrows=[(0.0, 0.0)], variables=(w2, w1))
    u, v = arrow_vectors(swapped)[0]
    assert u / v == pytest.approx(10.0)
    labelled = plot_contours(w1 * w2, (-1, 1), (-1, 1), axis_labels=("weight 1", "weight 2"))
    assert labelled.axes[0].get_xlabel() == "weight 1"


def arrow_against_level_curve(
    expr: sp.Expr, point: tuple[float, float]
) -> tuple[np.ndarray, np.ndarray]:
    """The drawn arrow at *point*, and the tangent of the drawn level curve through it."""
    level = float(expr.subs({x: point[0], y: point[1]}))
    fig = plot_contours(expr, (-3, 3), (-3, 3), levels=[level], arrows=[point])
    contours, _ = parts(fig)
    vertices = curve_points(contours)
    nearest = int(np.argmin(np.hypot(*(vertices - point).T)))
    lo, hi = max(nearest - 1, 0), min(nearest + 1, len(vertices) - 1)
    tangent = vertices[hi] - vertices[lo]
    return arrow_vectors(fig)[0], tangent / np.linalg.norm(tangent)


@pytest.mark.parametrize(
    ("expr", "point"),
    [
        (x**2 + 4 * y**2, (1.0, 0.5)),
        (x**2 - y**2 + x * y, (1.2, -0.4)),
        (sp.sin(x) + y**2 / 2, (0.7, 1.1)),
    ],
)
def test_each_arrow_crosses_its_level_curve_at_a_right_angle(
    expr: sp.Expr, point: tuple[float, float]
) -> None:
    arrow, tangent = arrow_against_level_curve(expr, point)
    cosine = arrow @ tangent / np.linalg.norm(arrow)
    assert abs(cosine) < 0.02


@settings(max_examples=30, deadline=None)
@given(
    a=st.floats(0.2, 3.0),
    b=st.floats(-1.0, 1.0),
    c=st.floats(0.2, 3.0),
    px=st.floats(-1.5, 1.5),
    py=st.floats(-1.5, 1.5),
)
def test_numerical_arrows_point_where_sympy_gradient_points(
    a: float, b: float, c: float, px: float, py: float
) -> None:
    expr = a * x**2 + b * x * y + c * y**2 + sp.sin(x + 2 * y)
    exact = np.array([float(sp.diff(expr, v).subs({x: px, y: py})) for v in (x, y)])
    func = sp.lambdify((x, y), expr, "numpy")
    fig = plot_contours(func, (-2, 2), (-2, 2), arrows=[(px, py)], arrow_length=0.5)
    drawn = arrow_vectors(fig)[0]
    if np.linalg.norm(exact) < 1e-6:
        assert np.allclose(drawn, 0.0)
    else:
        assert drawn == pytest.approx(0.5 * exact / np.linalg.norm(exact), abs=1e-6)


def test_arrows_keep_the_ratio_of_gradient_sizes_and_the_longest_is_a_tenth_of_the_span() -> None:
    fig = plot_contours(x**2 + y**2, (-4, 4), (-2, 2), arrows=[(1.0, 0.0), (0.0, 2.0)])
    drawn = arrow_vectors(fig)
    assert np.allclose(drawn[0], [0.4, 0.0]) and np.allclose(drawn[1], [0.0, 0.8])
    _, (quiver,) = parts(fig)
    assert np.allclose(quiver.X, [1.0, 0.0]) and np.allclose(quiver.Y, [0.0, 2.0])


def test_a_grid_of_arrows_sits_inside_the_rectangle() -> None:
    fig = plot_contours(x * y, (0, 3), (-1, 1), arrows=3)
    _, (quiver,) = parts(fig)
    assert len(quiver.X) == 9
    assert np.allclose(sorted(set(np.round(quiver.X, 9))), [0.5, 1.5, 2.5])
    assert np.allclose(sorted(set(np.round(quiver.Y, 9))), [-2 / 3, 0.0, 2 / 3])


def test_an_explicit_gradient_is_used_for_the_arrows() -> None:
    fig = plot_contours(
        lambda a, b: a + b,
        (-1, 1),
        (-1, 1),
        grad=lambda a, b: (np.ones_like(a), 0 * b),
        arrows=[(0.0, 0.0)],
        arrow_length=1.0,
    )
    assert np.allclose(arrow_vectors(fig)[0], [1.0, 0.0])


def test_a_descent_path_is_one_line_through_its_points_with_its_start_ringed() -> None:
    route = np.array([[2.0, 1.0], [1.0, 0.5], [0.5, 0.25]])
    fig = plot_contours(x**2 + y**2, (-3, 3), (-3, 3), path=route, path_label="$\\eta = 0.25$")
    ax = fig.axes[0]
    line, start = ax.lines
    assert np.allclose(line.get_xydata(), route)
    assert np.allclose(start.get_xydata(), route[:1])
    legend = ax.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == ["$\\eta = 0.25$"]


def test_draws_on_a_given_axes_and_can_keep_free_aspect() -> None:
    fig, (left, right) = plt.subplots(1, 2)
    out = plot_contours(x**2 + y**2, (-1, 1), (-5, 5), ax=right, equal_aspect=False)
    assert out is fig
    assert len(right.collections) == 1 and len(left.collections) == 0
    assert right.get_aspect() == "auto"


def test_points_outside_the_domain_leave_gaps_not_errors() -> None:
    fig = plot_contours(lambda a, b: np.log(a) + b, (-1, 2), (-1, 1), levels=[0.0])
    contours, _ = parts(fig)
    vertices = curve_points(contours)
    assert np.all(vertices[:, 0] > 0)


def test_a_function_of_plain_numbers_is_called_point_by_point() -> None:
    import math

    fig = plot_contours(
        lambda a, b: math.exp(a) - b,
        (-1, 1),
        (-1, 1),
        levels=[1.0],
        arrows=[(0.0, 0.0)],
        arrow_length=1.0,
    )
    u, v = arrow_vectors(fig)[0]
    assert (u, v) == pytest.approx((1 / np.sqrt(2), -1 / np.sqrt(2)), abs=1e-6)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"x_range": (1, 1)}, ValueError, "low < high"),
        ({"x_range": (0, 1, 2)}, ValueError, "pair"),
        ({"y_range": "ab"}, TypeError, "pair"),
        ({"y_range": (0, float("nan"))}, ValueError, "finite"),
        ({"levels": [2, 1]}, ValueError, "increasing"),
        ({"levels": 0}, ValueError, "at least 1"),
        ({"levels": 1.5}, TypeError, "levels"),
        ({"arrows": [(1.0, 2.0, 3.0)]}, ValueError, "shape"),
        ({"arrows": 0}, ValueError, "positive"),
        ({"arrows": 2.5}, TypeError, "arrows"),
        ({"arrows": [(0.0, 0.0)], "arrow_length": -1.0}, ValueError, "positive"),
        ({"path": [(0.0, np.inf)]}, ValueError, "finite"),
        ({"path": [[1.0], [2.0]]}, ValueError, "shape"),
        ({"ax": "left"}, TypeError, "Axes"),
        ({"grad": 3}, TypeError, "grad"),
        ({"axis_labels": ("x",)}, TypeError, "pair of strings"),
    ],
)
def test_bad_arguments_raise_clear_errors(kwargs: dict, error: type, message: str) -> None:
    args = {"x_range": (-1, 1), "y_range": (-1, 1)}
    args.update(kwargs)
    with pytest.raises(error, match=message):
        plot_contours(lambda a, b: a + b, args.pop("x_range"), args.pop("y_range"), **args)


def test_bad_functions_raise_clear_errors() -> None:
    with pytest.raises(TypeError, match="callable"):
        plot_contours("x + y", (-1, 1), (-1, 1))
    with pytest.raises(ValueError, match="exactly two variables"):
        plot_contours(x**2, (-1, 1), (-1, 1))
    with pytest.raises(ValueError, match="other than"):
        plot_contours(x * y * sp.Symbol("z"), (-1, 1), (-1, 1), variables=(x, y))
    with pytest.raises(TypeError, match="pair of SymPy symbols"):
        plot_contours(x * y, (-1, 1), (-1, 1), variables=("x", "y"))
    with pytest.raises(TypeError, match="only for a SymPy"):
        plot_contours(lambda a, b: a, (-1, 1), (-1, 1), variables=(x, y))
    with pytest.raises(ValueError, match="one value per point"):
        plot_contours(lambda a, b: np.array([1.0, 2.0]), (-1, 1), (-1, 1))
    with pytest.raises(DomainError, match="not finite anywhere"):
        plot_contours(lambda a, b: np.log(a - 5) + b, (-1, 1), (-1, 1))
    with pytest.raises(DomainError, match="gradient is not finite"):
        plot_contours(sp.sqrt(x**2 + y**2), (-1, 1), (-1, 1), arrows=[(0.0, 0.0)])


def test_plot_contours_is_exported_from_the_package() -> None:
    assert calcnotes.plot_contours is plot_contours
    assert "plot_contours" in calcnotes.__all__
