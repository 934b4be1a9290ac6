"""Tests of calcnotes.plotting: every helper returns a Figure, honours ``ax=``, labels its axes."""

from __future__ import annotations

from collections.abc import Iterator

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import sympy as sp  # noqa: E402
from matplotlib.colors import to_rgb  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from calcnotes.errors import DomainError  # noqa: E402
from calcnotes.plotting import (  # noqa: E402
    plot_activations,
    plot_secants,
    plot_step_error,
    plot_tangent,
    plot_with_derivative,
    use_book_style,
)


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def relative_luminance(colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in to_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# --------------------------------------------------------------------------- plot_tangent


def test_plot_tangent_returns_a_figure_with_curve_tangent_and_point() -> None:
    fig = plot_tangent(np.sin, 1.0, x_range=(-3, 3))
    assert isinstance(fig, Figure)
    (ax,) = fig.axes
    assert len(ax.lines) == 3
    assert ax.get_xlabel() == "$x$" and ax.get_ylabel() == "$y$"
    point = ax.lines[2]
    assert point.get_xdata()[0] == 1.0
    assert point.get_ydata()[0] == pytest.approx(np.sin(1.0))
    label = ax.lines[1].get_label()
    assert label.startswith("tangent at $x = 1$") and "0.54" in label


def test_plot_tangent_slope_is_the_derivative() -> None:
    fig = plot_tangent(lambda t: t**2, 1.0, x_range=(-2, 2))
    tangent = fig.axes[0].lines[1]
    xs, ys = np.asarray(tangent.get_xdata()), np.asarray(tangent.get_ydata())
    slope = (ys[-1] - ys[0]) / (xs[-1] - xs[0])
    assert slope == pytest.approx(2.0, rel=1e-8)
    assert ys[np.argmin(abs(xs - 1.0))] == pytest.approx(1.0, abs=0.01)


def test_plot_tangent_uses_a_given_derivative_and_sympy_expressions() -> None:
    fig = plot_tangent(np.exp, 0.0, x_range=(-1, 1), df=np.exp, label="$e^x$")
    assert fig.axes[0].lines[0].get_label() == "$e^x$"
    assert "slope $1$" in fig.axes[0].lines[1].get_label()
    x = sp.Symbol("x")
    fig = plot_tangent(x**3, 1.0, x_range=(-2, 2))
    assert fig.axes[0].lines[0].get_label() == "$x^{3}$"
    assert "slope $3$" in fig.axes[0].lines[1].get_label()


def test_plot_tangent_draws_on_a_given_axes() -> None:
    fig, (left, right) = plt.subplots(1, 2)
    returned = plot_tangent(np.cos, 0.5, x_range=(0, 3), ax=right)
    assert returned is fig
    assert len(right.lines) == 3 and len(left.lines) == 0


def test_plot_tangent_masks_points_outside_the_domain_without_warnings() -> None:
    fig = plot_tangent(np.log, 1.0, x_range=(-1, 3))
    curve = np.asarray(fig.axes[0].lines[0].get_ydata())
    assert np.isnan(curve).any() and np.isfinite(curve).any()


def test_plot_tangent_errors() -> None:
    with pytest.raises(TypeError, match="f must be callable, got int"):
        plot_tangent(3, 0.0, x_range=(-1, 1))
    with pytest.raises(ValueError, match="a = 5 lies outside x_range"):
        plot_tangent(np.sin, 5.0, x_range=(-1, 1))
    with pytest.raises(ValueError, match="x_range must have low < high"):
        plot_tangent(np.sin, 0.0, x_range=(1, -1))
    with pytest.raises(ValueError, match="x_range must be a pair"):
        plot_tangent(np.sin, 0.0, x_range=(1, 2, 3))
    with pytest.raises(DomainError, match="f is not finite at x = 0.0"):
        plot_tangent(np.log, 0.0, x_range=(0, 2))
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        plot_tangent(np.sin, 0.0, x_range=(-1, 1), ax="left")


# --------------------------------------------------------------------------- plot_with_derivative


def test_plot_with_derivative_draws_f_df_and_the_zero_line() -> None:
    fig = plot_with_derivative(np.sin, np.cos, x_range=(0, 6), title="sine")
    (ax,) = fig.axes
    assert len(ax.lines) == 3
    assert [line.get_label() for line in ax.lines[:2]] == ["$f(x)$", "$f'(x)$"]
    assert ax.lines[1].get_linestyle() == "--"
    assert ax.get_title() == "sine"
    assert ax.get_xlabel() == "$x$" and ax.get_ylabel() == "$y$"


def test_plot_with_derivative_without_df() -> None:
    fig = plot_with_derivative(lambda t: t**3, None, x_range=(-1, 1))
    xs = np.asarray(fig.axes[0].lines[1].get_xdata())
    ys = np.asarray(fig.axes[0].lines[1].get_ydata())
    np.testing.assert_allclose(ys, 3 * xs**2, atol=1e-6)
    x = sp.Symbol("x")
    fig = plot_with_derivative(sp.sin(x), None, x_range=(0, 1))
    ys = np.asarray(fig.axes[0].lines[1].get_ydata())
    np.testing.assert_allclose(ys, np.cos(np.asarray(fig.axes[0].lines[1].get_xdata())))


def test_plot_with_derivative_breaks_the_line_at_a_jump() -> None:
    fig = plot_with_derivative(np.abs, np.sign, x_range=(-1, 1))
    derivative = np.asarray(fig.axes[0].lines[1].get_ydata())
    assert np.isnan(derivative).sum() >= 1


def test_plot_with_derivative_draws_on_a_given_axes() -> None:
    fig, ax = plt.subplots()
    assert plot_with_derivative(np.exp, np.exp, x_range=(0, 1), ax=ax) is fig
    assert len(ax.lines) == 3


def test_plot_with_derivative_errors() -> None:
    with pytest.raises(TypeError, match="df must be callable"):
        plot_with_derivative(np.sin, "cos", x_range=(0, 1))
    with pytest.raises(TypeError, match="x_range must be a pair"):
        plot_with_derivative(np.sin, np.cos, x_range=5)


# --------------------------------------------------------------------------- plot_activations


def test_plot_activations_has_three_panels_of_two_lines() -> None:
    fig = plot_activations()
    assert [ax.get_title() for ax in fig.axes] == ["sigmoid", "tanh", "ReLU"]
    assert [len(ax.lines) for ax in fig.axes] == [2, 2, 2]
    assert all(ax.get_xlabel() == "$x$" for ax in fig.axes)
    assert fig.axes[0].get_ylabel() == "$y$"
    sigmoid_prime = np.asarray(fig.axes[0].lines[1].get_ydata())
    assert np.nanmax(sigmoid_prime) == pytest.approx(0.25)


def test_plot_activations_on_given_axes_and_range() -> None:
    fig, axes = plt.subplots(3, 1)
    assert plot_activations(x_range=(-2, 2), axes=axes) is fig
    assert all(ax.get_xlim() == (-2.0, 2.0) for ax in axes)


def test_plot_activations_errors() -> None:
    fig, axes = plt.subplots(1, 2)
    with pytest.raises(ValueError, match="exactly 3 Axes, got 2"):
        plot_activations(axes=axes)
    with pytest.raises(TypeError, match="sequence of 3 matplotlib Axes"):
        plot_activations(axes=axes[0])
    with pytest.raises(ValueError, match="at most once"):
        plot_activations(which=("sigmoid", "softsign"))
    with pytest.raises(ValueError, match="at most once"):
        plot_activations(which=("tanh", "tanh"))
    with pytest.raises(ValueError, match="at most once"):
        plot_activations(which=())
    with pytest.raises(TypeError, match="sequence of names"):
        plot_activations(which="tanh")


def test_plot_activations_which_chooses_and_orders_the_panels() -> None:
    fig = plot_activations(which=("ReLU", "sigmoid"))
    assert [ax.get_title() for ax in fig.axes] == ["ReLU", "sigmoid"]
    assert [len(ax.lines) for ax in fig.axes] == [2, 2]
    fig, axes = plt.subplots(1, 2)
    with pytest.raises(ValueError, match="exactly 1 Axes, got 2"):
        plot_activations(which=("tanh",), axes=axes)


# --------------------------------------------------------------------------- plot_secants


def test_plot_secants_slopes_close_in_on_the_derivative() -> None:
    fig = plot_secants(lambda x: x**2, 1.0, [1.5, 0.5, 0.1], x_range=(-1, 3))
    ax = fig.axes[0]
    # curve, three secants, tangent, the secants' far points, the point of tangency
    assert len(ax.lines) == 7
    xs = np.asarray(ax.lines[1].get_xdata())
    slopes = [np.polyfit(xs, np.asarray(line.get_ydata()), 1)[0] for line in ax.lines[1:5]]
    # the secant slope over [1, 1 + h] of x^2 is 2 + h
    assert slopes == pytest.approx([3.5, 2.5, 2.1, 2.0], rel=1e-9)
    assert ax.lines[4].get_linestyle() == "--"


def test_plot_secants_errors() -> None:
    with pytest.raises(ValueError, match="no step may be 0"):
        plot_secants(np.sin, 0.0, [0.5, 0.0], x_range=(-1, 1))
    with pytest.raises(ValueError, match="outside x_range"):
        plot_secants(np.sin, 0.0, [2.0], x_range=(-1, 1))
    with pytest.raises(TypeError):
        plot_secants("sin", 0.0, [0.5], x_range=(-1, 1))
    with pytest.raises(DomainError):
        plot_secants(np.log, 1.0, [-1.0], x_range=(0, 2))


def test_book_style_prefers_svg_in_a_notebook(monkeypatch: pytest.MonkeyPatch) -> None:
    import IPython
    import matplotlib_inline.backend_inline as inline

    chosen: list[tuple[str, ...]] = []
    monkeypatch.setattr(inline, "set_matplotlib_formats", lambda *f: chosen.append(f))
    monkeypatch.setattr(IPython, "get_ipython", lambda: None)
    plot_secants(np.sin, 0.0, [0.5], x_range=(-1, 1))
    assert chosen == []  # a script or a test: no IPython, nothing to configure
    monkeypatch.setattr(IPython, "get_ipython", lambda: object())
    plot_secants(np.sin, 0.0, [0.5], x_range=(-1, 1))
    assert chosen and chosen[-1] == ("svg",)


# --------------------------------------------------------------------------- plot_step_error


def test_plot_step_error_is_log_log_with_a_v_shape() -> None:
    fig = plot_step_error(np.exp, np.exp, 1.0)
    (ax,) = fig.axes
    assert (ax.get_xscale(), ax.get_yscale()) == ("log", "log")
    assert len(ax.lines) == 4
    assert ax.get_xlabel() == "step $h$" and ax.get_ylabel() == "absolute error"
    h = np.asarray(ax.lines[0].get_xdata())
    err = np.asarray(ax.lines[0].get_ydata())
    best = h[np.argmin(err)]
    assert 1e-8 < best < 1e-3  # the bottom of the V is in the middle, not at an end
    assert err[-1] > 100 * err.min() and err[0] > 100 * err.min()


def test_plot_step_error_reference_slopes() -> None:
    fig = plot_step_error(np.sin, np.cos, 0.5)
    lines = {line.get_label(): line for line in fig.axes[0].lines}
    for label, slope in [("slope 2 (truncation)", 2), ("slope $-1$ (round-off)", -1)]:
        xs = np.log10(np.asarray(lines[label].get_xdata()))
        ys = np.log10(np.asarray(lines[label].get_ydata()))
        assert (ys[-1] - ys[0]) / (xs[-1] - xs[0]) == pytest.approx(slope)


def test_plot_step_error_custom_steps_number_and_axes() -> None:
    fig, ax = plt.subplots()
    steps = np.logspace(-8, -2, 7)
    assert plot_step_error(np.exp, np.exp(1.0), 1.0, steps=steps, ax=ax) is fig
    np.testing.assert_allclose(ax.lines[0].get_xdata(), steps)


def test_plot_step_error_errors() -> None:
    with pytest.raises(ValueError, match="at least two positive"):
        plot_step_error(np.exp, np.exp, 1.0, steps=[1e-3, -1e-3])
    with pytest.raises(ValueError, match="x must be finite"):
        plot_step_error(np.exp, np.exp, float("nan"))
    with pytest.raises(TypeError, match="df must be callable or a number"):
        plot_step_error(np.exp, "exp", 1.0)
    with pytest.raises(DomainError):
        plot_step_error(np.log, lambda t: 1 / t, -1.0)


# --------------------------------------------------------------------------- style


def test_style_reads_on_white_and_on_a_dark_page() -> None:
    fig = plot_tangent(np.sin, 0.0, x_range=(-1, 1))
    ax = fig.axes[0]
    face = matplotlib.colors.to_hex(fig.get_facecolor())
    assert matplotlib.colors.to_rgba(fig.get_facecolor())[3] == 1.0  # opaque: a light card
    assert contrast(ax.xaxis.label.get_color(), face) >= 7
    for line in ax.lines[:2]:
        assert contrast(line.get_color(), face) >= 3  # graphics need 3:1 (WCAG 1.4.11)
    assert contrast(face, "#121212") >= 7  # the card stands out on a dark page


def test_helpers_do_not_leave_global_style_changes() -> None:
    before = dict(matplotlib.rcParams)
    plot_activations()
    assert dict(matplotlib.rcParams) == before


def test_figures_are_closed_in_pyplot() -> None:
    plot_with_derivative(np.sin, np.cos, x_range=(0, 1))
    assert plt.get_fignums() == []


def test_use_book_style_sets_the_rc_params() -> None:
    with matplotlib.rc_context():
        use_book_style()
        assert matplotlib.rcParams["font.sans-serif"][0] == "DejaVu Sans"
        assert matplotlib.rcParams["savefig.transparent"] is False


def test_figures_render_without_font_warnings(caplog: pytest.LogCaptureFixture) -> None:
    import io

    with caplog.at_level("WARNING", logger="matplotlib"):
        plot_activations().savefig(io.BytesIO(), format="png")
        plot_step_error(np.exp, np.exp, 1.0).savefig(io.BytesIO(), format="png")
    assert not [r for r in caplog.records if "findfont" in r.getMessage()]
