"""calcnotes: the helper package behind the calcnotes book on derivatives for machine learning.

The names a reader of the book uses are importable from here, so a snippet can write
``from calcnotes import derivative, sigmoid``; :data:`__all__` lists them. Everything else
(the rule-checking machinery, printers, SymPy function classes) lives in its module:
``calcnotes.verify``, ``calcnotes.printing``, ``calcnotes.sympy_functions``, ...

Examples
--------
>>> import calcnotes
>>> round(calcnotes.derivative(calcnotes.sigmoid, 0.0), 10)
0.25
"""

# ruff: noqa: F401  (_load imports the exported names to hand them on through locals())
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Any

try:
    __version__ = version("calcnotes")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = [
    "__version__",
    # numerical derivatives (calcnotes.numdiff)
    "derivative",
    "gradient",
    "default_step",
    "complex_step",
    "richardson",
    "relative_error",
    "gradient_check",
    # Jacobians and Hessians of functions of several variables (calcnotes.multivariate)
    "jacobian",
    "hessian",
    # root finding (calcnotes.roots)
    "bisect",
    "Bisection",
    # numerical integration (calcnotes.quadrature)
    "trapezoid",
    "simpson",
    "gauss_legendre",
    # activations (calcnotes.activations)
    "sigmoid",
    "sigmoid_derivative",
    "tanh",
    "tanh_derivative",
    "relu",
    "relu_derivative",
    "softplus",
    "softplus_derivative",
    # symbolic differentiation (calcnotes.symbolic, calcnotes.extrema)
    "nth_derivative",
    "tangent_line",
    "linear_approximation",
    "taylor_polynomial",
    "implicit_derivative",
    "logarithmic_derivative",
    "mean_value_points",
    "critical_points",
    "classify_critical_point",
    "absolute_extrema",
    "CriticalPoint",
    "Extrema",
    # optimisers and a small network (calcnotes.optimize, calcnotes.network)
    "gradient_descent",
    "momentum",
    "newton",
    "sgd",
    "Trajectory",
    "forward",
    "backward",
    "squared_error",
    "ForwardPass",
    "Gradients",
    # The book's hidden check cells import these two from here; the network's worked
    # example and its loss (calcnotes.network.EXAMPLE_NETWORK, calcnotes.network.loss).
    "EXAMPLE_NETWORK",
    "loss",
    # automatic differentiation: forward mode (calcnotes.dual), reverse mode
    # (calcnotes.autodiff); their elementary functions (exp, sin, ...) stay in the modules
    "Dual",
    "forward_derivative",
    "forward_gradient",
    "Value",
    "grad",
    "topological_order",
    # derivative rules as data, their tables and the book's LaTeX (calcnotes.rules, ...)
    "BASIC_RULES",
    "COMMON_DERIVATIVES",
    "DerivativeRule",
    "rule",
    "rules_table",
    "latex",
    "Sigmoid",  # the symbolic sigmoid of the rules tables (calcnotes.sympy_functions)
    # checking what the book states (calcnotes.verify)
    "Ledger",
    "VerificationError",
    # plots (calcnotes.plotting)
    "use_book_style",
    "plot_tangent",
    "plot_with_derivative",
    "plot_activations",
    "plot_secants",
    "plot_step_error",
    # errors
    "DomainError",
    # level curves, gradient arrows and descent paths (calcnotes.fields)
    "plot_contours",
    # matrix calculus (calcnotes.matrix_calculus): gradients by vectors and matrices, a
    # two-layer network in matrix form; its softmax and cross_entropy stay in the module
    "entry_matrix",
    "symbolic_gradient",
    "numerical_gradients",
    "check_gradients",
    "two_layer_forward",
    "two_layer_backward",
    "two_layer_loss",
    "TwoLayerPass",
    "TwoLayerGradients",
]


# The names load on first use (PEP 562), not with the package: `import calcnotes._book` in the
# build's extensions then costs no SymPy, NumPy or Matplotlib import.
def _load() -> dict[str, Any]:
    """Import every exported name from its module (the modules are their homes)."""
    from calcnotes.activations import (
        relu,
        relu_derivative,
        sigmoid,
        sigmoid_derivative,
        softplus,
        softplus_derivative,
        tanh,
        tanh_derivative,
    )
    from calcnotes.autodiff import Value, grad, topological_order
    from calcnotes.dual import Dual, forward_derivative, forward_gradient
    from calcnotes.errors import DomainError
    from calcnotes.extrema import (
        CriticalPoint,
        Extrema,
        absolute_extrema,
        classify_critical_point,
        critical_points,
    )
    from calcnotes.fields import plot_contours
    from calcnotes.matrix_calculus import (
        TwoLayerGradients,
        TwoLayerPass,
        check_gradients,
        entry_matrix,
        numerical_gradients,
        symbolic_gradient,
        two_layer_backward,
        two_layer_forward,
        two_layer_loss,
    )
    from calcnotes.multivariate import hessian, jacobian
    from calcnotes.network import (
        EXAMPLE_NETWORK,
        ForwardPass,
        Gradients,
        backward,
        forward,
        loss,
        squared_error,
    )
    from calcnotes.numdiff import (
        complex_step,
        default_step,
        derivative,
        gradient,
        gradient_check,
        relative_error,
        richardson,
    )
    from calcnotes.optimize import Trajectory, gradient_descent, momentum, newton, sgd
    from calcnotes.plotting import (
        plot_activations,
        plot_secants,
        plot_step_error,
        plot_tangent,
        plot_with_derivative,
        use_book_style,
    )
    from calcnotes.printing import latex
    from calcnotes.quadrature import gauss_legendre, simpson, trapezoid
    from calcnotes.roots import Bisection, bisect
    from calcnotes.rules import BASIC_RULES, COMMON_DERIVATIVES, DerivativeRule, rule
    from calcnotes.symbolic import (
        implicit_derivative,
        linear_approximation,
        logarithmic_derivative,
        mean_value_points,
        nth_derivative,
        tangent_line,
        taylor_polynomial,
    )
    from calcnotes.sympy_functions import Sigmoid
    from calcnotes.tables import rules_table
    from calcnotes.verify import Ledger, VerificationError

    return {name: value for name, value in locals().items() if name in __all__}


def __getattr__(name: str) -> Any:
    if name in __all__:
        exports = _load()
        globals().update(exports)
        return exports[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
