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


def _tags(region: object) -> str:
    return str(getattr(region, "lexemes", {}).get("options", {}).get("tags", ""))


def _page_prelude(example: Example) -> str | None:
    """The source of the page's prelude cell (tagged ``prelude``), if it has one."""
    for _, region in example.document.regions:
        if "prelude" in _tags(region):
            return str(region.parsed)
    return None


def run_in_fresh_namespace(example: Example) -> None:
    """Execute one code cell with nothing defined beforehand, then close its figures.

    A hidden check cell (tagged ``remove-cell`` or ``remove-input``) runs after its page's
    prelude, as it does in the book; every cell a reader sees runs on its own.
    """
    import matplotlib.pyplot as plt

    namespace: dict[str, object] = {"__name__": "__snippet__"}
    tags = _tags(example.region)
    hidden = "remove-cell" in tags or "remove-input" in tags
    prelude = _page_prelude(example) if hidden and "prelude" not in tags else None
    try:
        if prelude is not None:
            exec(compile(prelude, f"{example.path} (prelude)", "exec"), namespace)
        source = pad(example.parsed, example.line + example.parsed.line_offset)
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
