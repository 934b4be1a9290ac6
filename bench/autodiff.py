"""Forward mode against reverse mode on a scalar loss of n parameters: time and operations.

Run it with ``python -m bench.autodiff``. The loss is a logistic-regression loss with weight
decay, ``L(w) = -ln σ(Σ w_i x_i) + λ Σ w_i²``, a scalar function of ``n`` parameters. Its
gradient is computed three ways and timed (best of several repeats):

* forward mode, :func:`calcnotes.dual.forward_gradient`: ``n`` passes, one per parameter;
* reverse mode, :func:`calcnotes.autodiff.grad`: one forward pass that records the graph,
  then one backward pass;
* a plain evaluation of the loss with floats, the unit of cost.

It also counts the operations each mode performs (nodes of the graph), prints the ratios,
and checks that the two gradients agree. It prints and never asserts on time.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from calcnotes import autodiff, dual
from calcnotes.autodiff import Value, grad, topological_order
from calcnotes.dual import forward_gradient

__all__ = ["loss", "main"]

SIZES = (10, 30, 100, 300, 1000)
DECAY = 0.01


def inputs(n: int) -> list[float]:
    """A fixed input vector of length ``n`` (no randomness: the figures are reproducible)."""
    return [math.sin(1.0 + i) for i in range(n)]


def loss(w: Sequence[Any], x: Sequence[float], sigmoid: Callable[[Any], Any], log: Any) -> Any:
    """``-ln σ(w · x) + λ ‖w‖²`` written once, for floats, dual numbers and Values alike."""
    score = w[0] * x[0]
    for wi, xi in zip(w[1:], x[1:], strict=True):
        score = score + wi * xi
    decay = w[0] * w[0]
    for wi in w[1:]:
        decay = decay + wi * wi
    return -log(sigmoid(score)) + DECAY * decay


def _best(f: Callable[[], object], repeats: int) -> float:
    best = math.inf
    for _ in range(repeats):
        start = time.perf_counter()
        f()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    """Print the table of timings and operation counts."""
    print("gradient of L(w) = -ln sigma(w.x) + 0.01 |w|^2, n parameters")
    print(
        f"{'n':>6} {'ops/eval':>9} {'plain (ms)':>11} {'forward (ms)':>13} {'reverse (ms)':>13}"
        f" {'fwd/plain':>10} {'rev/plain':>10} {'fwd/rev':>8} {'max |diff|':>11}"
    )
    for n in SIZES:
        x = inputs(n)
        w0 = [0.01 * (i % 7 - 3) for i in range(n)]
        repeats = 5 if n <= 300 else 2

        def plain(w: Sequence[float] = w0, x: list[float] = x) -> float:
            return float(loss(w, x, dual.sigmoid, dual.log))

        def fwd(*w: dual.Dual, x: list[float] = x) -> dual.Dual:
            return loss(w, x, dual.sigmoid, dual.log)

        def rev(*w: Value, x: list[float] = x) -> Value:
            return loss(w, x, autodiff.sigmoid, autodiff.log)

        t_plain = _best(plain, repeats)
        t_fwd = _best(partial(forward_gradient, fwd, *w0), repeats)
        t_rev = _best(partial(grad, rev, *w0), repeats)
        ops = len(topological_order(rev(*[Value(v) for v in w0]))) - n  # nodes that compute
        g_fwd = forward_gradient(fwd, *w0)
        g_rev = grad(rev, *w0)
        diff = max(abs(a - b) for a, b in zip(g_fwd, g_rev, strict=True))
        print(
            f"{n:>6} {ops:>9} {1e3 * t_plain:>11.3f} {1e3 * t_fwd:>13.2f} {1e3 * t_rev:>13.3f}"
            f" {t_fwd / t_plain:>10.0f} {t_rev / t_plain:>10.1f} {t_fwd / t_rev:>8.0f}"
            f" {diff:>11.1e}"
        )


if __name__ == "__main__":
    main()
