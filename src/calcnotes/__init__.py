"""calcnotes: the helper package behind the calcnotes book on derivatives for machine learning.

Every public name of every module is re-exported here, so a snippet can write
``from calcnotes import derivative, sigmoid``.

Examples
--------
>>> import calcnotes
>>> round(calcnotes.derivative(calcnotes.sigmoid, 0.0), 10)
0.25
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from calcnotes import (
    activations,
    errors,
    extrema,
    network,
    numdiff,
    optimize,
    plotting,
    rules,
    symbolic,
    verify,
)
from calcnotes.activations import *  # noqa: F403
from calcnotes.errors import *  # noqa: F403
from calcnotes.extrema import *  # noqa: F403
from calcnotes.network import *  # noqa: F403
from calcnotes.numdiff import *  # noqa: F403
from calcnotes.optimize import *  # noqa: F403
from calcnotes.plotting import *  # noqa: F403
from calcnotes.rules import *  # noqa: F403
from calcnotes.symbolic import *  # noqa: F403
from calcnotes.verify import *  # noqa: F403

try:
    __version__ = version("calcnotes")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = [
    "__version__",
    *activations.__all__,
    *errors.__all__,
    *extrema.__all__,
    *network.__all__,
    *numdiff.__all__,
    *optimize.__all__,
    *plotting.__all__,
    *rules.__all__,
    *symbolic.__all__,
    *verify.__all__,
]
