"""Files every deployed site needs, derived from the one base URL in ``conf.py``.

* ``robots.txt`` allows everything and names the sitemap at ``<html_baseurl>sitemap.xml``.
* ``sitemap.xml`` lists every page after an incremental build too: sphinx-sitemap lists only
  the pages the build wrote (jdillard/sphinx-sitemap#13), so editing one page would publish
  a sitemap of that page alone. The pages it did not write are added before it writes.
* The ``singlehtml`` build (``make pdf``) gets every HTML node visitor: sphinx-exercise
  registers visitors for ``singlehtml`` by name, and Sphinx then ignores the ones other
  extensions (myst-nb's hidden-cell node, ...) registered for ``html``.

It is written rather than copied from ``html_extra_path`` so that the address of the site
is set in one place only.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

__all__ = ["robots_txt", "setup"]


def robots_txt(base_url: str, sitemap: str = "sitemap.xml") -> str:
    """The text of ``robots.txt`` for a site published at ``base_url``.

    Examples
    --------
    >>> print(robots_txt("https://example.org/book/"), end="")
    User-agent: *
    Allow: /
    <BLANKLINE>
    Sitemap: https://example.org/book/sitemap.xml
    """
    base = base_url if base_url.endswith("/") else base_url + "/"
    return f"User-agent: *\nAllow: /\n\nSitemap: {base}{sitemap}\n"


def _write_robots(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in {"html", "dirhtml"}:
        return
    if app.config.html_baseurl:
        sitemap = getattr(app.config, "sitemap_filename", "sitemap.xml")
        (Path(app.outdir) / "robots.txt").write_text(robots_txt(app.config.html_baseurl, sitemap))


def _complete_sitemap(app: Sphinx, exception: Exception | None) -> None:
    links = getattr(app, "sitemap_links", None)
    if exception is not None or links is None or app.builder.name != "html":
        return
    from sphinx_sitemap import add_html_link

    queued = []
    while not links.empty():
        queued.append(links.get_nowait())
    for item in queued:
        links.put(item)
    suffix = app.config.html_file_suffix or ".html"
    written = {link.removesuffix(suffix) for link, _ in queued}
    for doc in sorted(app.env.found_docs - written):
        add_html_link(app, doc, None, {}, None)  # its own link, exclusion and date rules


def _share_html_visitors(app: Sphinx) -> None:
    if app.builder.name == "html" or app.builder.format != "html":
        return
    handlers = app.registry.translation_handlers
    if app.builder.name in handlers:
        handlers[app.builder.name] = {**handlers.get("html", {}), **handlers[app.builder.name]}


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("builder-inited", _share_html_visitors)
    app.connect("build-finished", _write_robots)
    app.connect("build-finished", _complete_sitemap, priority=400)  # before sphinx-sitemap's
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
