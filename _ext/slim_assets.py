"""Keep the theme's 1.5 MB Font Awesome "SVG + JS" kit off every page.

pydata-sphinx-theme loads ``_static/scripts/fontawesome.js`` (every Font Awesome icon as
JavaScript, so that ``<i class="fa-...">`` tags turn into inline SVG) from a template macro,
ahead of any Sphinx asset hook. Its own stylesheet already carries the Font Awesome CSS and
``@font-face`` rules, so the same ``<i class="fa-solid fa-...">`` tags, and the icons the
theme draws with CSS (admonitions, breadcrumbs, external links), render from the solid
webfont, which the browser fetches only when a page shows an icon. This extension removes
the script tag from every rendered page and leaves everything else as the theme made it.
"""

from __future__ import annotations

import re

from sphinx.application import Sphinx

__all__ = ["FONTAWESOME_SCRIPT", "setup", "strip_fontawesome_script"]

FONTAWESOME_SCRIPT = re.compile(
    r'[ \t]*<script\b[^>]*\bsrc="[^"]*_static/scripts/fontawesome\.js[^"]*"[^>]*>\s*</script>[ \t]*\n?'
)


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


def _wrap_renderer(app: Sphinx) -> None:
    templates = getattr(app.builder, "templates", None)
    if app.builder.format != "html" or templates is None:
        return
    render = templates.render

    def render_without_fontawesome(template: str, context: dict) -> str:
        return strip_fontawesome_script(render(template, context))

    templates.render = render_without_fontawesome


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("builder-inited", _wrap_renderer)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
