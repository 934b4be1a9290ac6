"""Accessibility fixes to the markup the theme generates, applied to every rendered page.

pydata-sphinx-theme makes each expandable entry of the navigation sidebar a ``<details>``
whose ``<summary>`` holds nothing but a chevron icon, so a screen reader announces an
unnamed control (axe rule ``summary-name``, serious). This extension names it.
"""

from __future__ import annotations

import re

from sphinx.application import Sphinx

__all__ = ["label_toctree_toggles", "setup"]

TOCTREE_SUMMARY = re.compile(r'<summary>(\s*<span class="toctree-toggle")')
TOGGLE_LABEL = "Show or hide the pages in this section"


def label_toctree_toggles(html: str) -> str:
    """``html`` with an accessible name on every unlabelled sidebar toggle.

    Examples
    --------
    >>> label_toctree_toggles('<summary><span class="toctree-toggle" role="presentation"></span></summary>')
    '<summary aria-label="Show or hide the pages in this section"><span class="toctree-toggle" role="presentation"></span></summary>'
    """
    return TOCTREE_SUMMARY.sub(rf'<summary aria-label="{TOGGLE_LABEL}">\1', html)


def _wrap_renderer(app: Sphinx) -> None:
    templates = getattr(app.builder, "templates", None)
    if app.builder.format != "html" or templates is None:
        return
    render = templates.render

    def render_labelled(template: str, context: dict) -> str:
        return label_toctree_toggles(render(template, context))

    templates.render = render_labelled


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("builder-inited", _wrap_renderer)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
