"""Sybil wiring: every snippet in ``book/`` and every docstring example in ``src/calcnotes``.

Book cells run one by one, each in a fresh namespace: that proves a reader can copy any
single cell and run it on its own.
"""

from __future__ import annotations

import matplotlib

# Snippets draw off screen here. Set in-process, not through MPLBACKEND, which would leak
# into the book build's kernels and stop figures from being captured as images.
matplotlib.use("Agg")

from doctest import ELLIPSIS, NORMALIZE_WHITESPACE  # noqa: E402

from sybil import Example, Sybil  # noqa: E402
from sybil.evaluators.python import pad  # noqa: E402
from sybil.parsers.myst import CodeBlockParser  # noqa: E402
from sybil.parsers.rest import DocTestParser  # noqa: E402


def run_in_fresh_namespace(example: Example) -> None:
    """Execute one code cell with nothing defined beforehand, then close its figures."""
    import matplotlib.pyplot as plt

    source = pad(example.parsed, example.line + example.parsed.line_offset)
    namespace: dict[str, object] = {"__name__": "__snippet__"}
    try:
        exec(compile(source, str(example.path), "exec"), namespace)
    finally:
        plt.close("all")


book = Sybil(
    parsers=[CodeBlockParser(language="python", evaluator=run_in_fresh_namespace)],
    patterns=["book/*.md", "book/**/*.md"],
    name="book",
)

package = Sybil(
    parsers=[DocTestParser(optionflags=ELLIPSIS | NORMALIZE_WHITESPACE)],
    patterns=["src/calcnotes/*.py", "src/calcnotes/**/*.py"],
    name="docstrings",
)

pytest_collect_file = (book + package).pytest()
