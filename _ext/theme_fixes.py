"""Two fixes to the HTML the theme renders, applied to every page in one pass.

* **Weight.** pydata-sphinx-theme loads ``_static/scripts/fontawesome.js`` (1.5 MB: every
  Font Awesome icon as JavaScript, turning ``<i class="fa-...">`` tags into inline SVG) from
  a template macro, ahead of any Sphinx asset hook. Its own stylesheet already carries the
  Font Awesome CSS and ``@font-face`` rules, so the same tags, and the icons the theme draws
  with CSS, render from the solid webfont, which the browser fetches only when a page shows
  an icon. The script tag is removed; nothing else changes.
* **Accessibility.** Each expandable entry of the navigation sidebar is a ``<details>`` whose
  ``<summary>`` holds nothing but a chevron, so a screen reader announces an unnamed control
  (axe rule ``summary-name``, serious). It gets an ``aria-label``.
"""

from __future__ import annotations

import re

from sphinx.application import Sphinx

__all__ = ["fix_page", "label_toctree_toggles", "setup", "strip_fontawesome_script"]

FONTAWESOME_SCRIPT = re.compile(
    r'[ \t]*<script\b[^>]*\bsrc="[^"]*_static/scripts/fontawesome\.js[^"]*"[^>]*>\s*</script>[ \t]*\n?'
)
TOCTREE_SUMMARY = re.compile(r'<summary>(\s*<span class="toctree-toggle")')
TOGGLE_LABEL = "Show or hide the pages in this section"


def strip_fontawesome_script(html: str) -> str:
    """``html`` without the theme's Font Awesome script tag.

    Examples
    --------
    >>> strip_fontawesome_script(
    ...     '<head>\\n  <script defer src="_static/scripts/fontawesome.js?digest=1"></script>\\n</head>'
    ... )
    '<head>\\n</head>'
    """
    return FONTAWESOME_SCRIPT.sub("", html)


def label_toctree_toggles(html: str) -> str:
    """``html`` with an accessible name on every unlabelled sidebar toggle.

    Examples
    --------
    >>> label_toctree_toggles('<summary><span class="toctree-toggle" role="presentation"></span></summary>')
    '<summary aria-label="Show or hide the pages in this section"><span class="toctree-toggle" role="presentation"></span></summary>'
    """
    return TOCTREE_SUMMARY.sub(rf'<summary aria-label="{TOGGLE_LABEL}">\1', html)


def fix_page(html: str) -> str:
    """Apply both fixes to one rendered page."""
    return label_toctree_toggles(strip_fontawesome_script(html))


def _wrap_renderer(app: Sphinx) -> None:
    templates = getattr(app.builder, "templates", None)
    if app.builder.format != "html" or templates is None:
        return
    render = templates.render

    def render_fixed(template: str, context: dict) -> str:
        return fix_page(render(template, context))

    templates.render = render_fixed


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("builder-inited", _wrap_renderer)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
