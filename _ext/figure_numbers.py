"""Figure numbers are assigned again only when a page was read or removed.

With ``numfig`` on, Sphinx's toctree collector numbers every figure, table and code block
on every build, and to do so it loads every pickled doctree (the API page's alone is 3 MB):
about a second of a build that reads nothing. The numbers depend only on the doctrees and
the toctree, and neither changes unless a page is read again or removed, so this collector
keeps the numbers of the last build in that case and otherwise does exactly what Sphinx's
does. Section numbers, which need no doctree, are assigned on every build as before.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors.toctree import TocTreeCollector

__all__ = ["FigureNumbersOnChange", "setup"]


class FigureNumbersOnChange(TocTreeCollector):
    """Sphinx's toctree collector, skipping figure numbering when no page changed."""

    pages_changed = False

    def enable(self, app: Sphinx) -> None:
        super().enable(app)
        # After every other handler, which may add pages to read.
        app.connect("env-before-read-docs", self._note_reads, priority=900)
        app.connect("env-purge-doc", self._note_removal)

    def _note_reads(self, app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
        self.pages_changed |= bool(docnames)

    def _note_removal(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        self.pages_changed = True

    def get_updated_docs(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        if self.pages_changed:
            return super().get_updated_docs(app, env)
        return self.assign_section_numbers(env)


def _replace_toctree_collector(app: Sphinx) -> None:
    for listener in list(app.events.listeners["env-get-updated"]):
        collector = getattr(listener.handler, "__self__", None)
        if type(collector) is TocTreeCollector:
            collector.disable(app)
            app.add_env_collector(FigureNumbersOnChange)
            return
    msg = "figure_numbers: Sphinx's toctree collector was not found to replace"
    raise RuntimeError(msg)


def setup(app: Sphinx) -> dict[str, object]:
    _replace_toctree_collector(app)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
