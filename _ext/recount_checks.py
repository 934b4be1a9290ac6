"""Keep the book's count of machine checks current in incremental builds.

``book/verification.md`` re-runs every hidden check cell of the book to count them, so it
must be read again whenever any other page changed, not only when it changed itself.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

__all__ = ["setup"]

COUNTING_PAGE = "verification"


def _recount_when_pages_change(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    others = (added | changed | removed) - {COUNTING_PAGE}
    return [COUNTING_PAGE] if others and COUNTING_PAGE in env.found_docs else []


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("env-get-outdated", _recount_when_pages_change)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
