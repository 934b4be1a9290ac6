"""Exception types of calcnotes: one job, naming what can go wrong numerically.

Examples
--------
>>> from calcnotes.errors import DomainError
>>> issubclass(DomainError, ValueError)
True
"""

from __future__ import annotations

__all__ = ["DomainError"]


class DomainError(ValueError):
    """A function was evaluated at a point outside its domain.

    Raised when a function returns NaN or infinity at the requested point or at one
    of the nearby points a finite-difference formula needs. It subclasses
    :class:`ValueError`, so ``except ValueError`` also catches it.

    Examples
    --------
    >>> import numpy as np
    >>> from calcnotes.numdiff import derivative
    >>> from calcnotes.errors import DomainError
    >>> try:
    ...     derivative(np.log, -1.0)
    ... except DomainError as err:
    ...     print(err)
    f is not finite at x = -1.0 (outside its domain?)
    """
