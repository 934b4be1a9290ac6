"""Sphinx configuration of the calcnotes book (built with ``sphinx-build -c . book _build/html``).

Grouped by concern, top to bottom: project, extensions, MyST, execution, math, theme,
publishing. The book's own extensions live in ``_ext/``, one concern per file.
"""

from __future__ import annotations

import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "_ext"))


def _build_commit() -> str:
    """The short hash of the commit being built, or "unknown" outside a git checkout."""
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return done.stdout.strip() or "unknown"


# -- Project -----------------------------------------------------------------

project = "calcnotes"
author = "the calcnotes authors"
copyright = "2026, the calcnotes authors"
release = metadata.version("calcnotes")
version = release
language = "en"

root_doc = "index"
exclude_patterns = ["_build", "_templates", "**/.ipynb_checkpoints", "**/README.md"]
templates_path = ["book/_templates"]

numfig = True
numfig_secnum_depth = 1  # Definition 2.3, Fig. 1.4, (2.17): numbered within each chapter

# -- Extensions --------------------------------------------------------------

extensions = [
    # MyST notebooks and the API page
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",
    # directives of the book: definitions and theorems, exercises, cards, dropdowns
    "sphinx_proof",
    "sphinx_exercise",
    "sphinx_design",
    "sphinx_togglebutton",
    "sphinx_copybutton",
    # publishing
    "sphinx.ext.githubpages",
    "sphinx_sitemap",
    "sphinxext.opengraph",
    "notfound.extension",
    # the book's own, in _ext/
    "katex_assets",
    "execution_fingerprint",
    "parallel_execution",
    "recount_checks",
    "formula_check",
    "rules_table",
    "answer_box",
    "interactive_figure",
    "theme_fixes",
    "notebook_downloads",
    "site_extras",
    "figure_numbers",
]

autodoc_typehints = "description"
autodoc_member_order = "bysource"
autosummary_generate = False
napoleon_google_docstring = False
napoleon_use_rtype = False
napoleon_preprocess_types = False

# Offline build: there is no intersphinx inventory for these projects, so references
# into them cannot resolve. Everything of our own must.
nitpick_ignore_regex = [
    (r"py:.*", r"(np|numpy|npt|numpy\.typing|sp|sympy|mpl|matplotlib)\..*"),
    (r"py:.*", r"(ArrayLike|NDArray|Callable|Sequence|Iterable|Mapping|Literal)"),
    # the standard library has no inventory offline either (typed overloads name these)
    (r"py:.*", r"(collections\.abc|typing)\.(Callable|Sequence|Iterable|Mapping|Literal)"),
    (r"py:.*", r"(float64|floating|Expr|Symbol|Basic|Figure|Axes|Path)"),
    (r"py:.*", r"(optional|array_like|array-like|callable|scalar|default.*)"),
]

copybutton_prompt_text = r">>> |\.\.\. "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = False
copybutton_exclude = ".linenos, .gp, .go"

proof_minimal_theme = False

# -- MyST --------------------------------------------------------------------

myst_enable_extensions = [
    "amsmath",
    "attrs_inline",
    "colon_fence",
    "deflist",
    "dollarmath",
    "substitution",
]
myst_heading_anchors = 3
myst_dmath_double_inline = True

# -- Execution ---------------------------------------------------------------

nb_execution_mode = "cache"
nb_execution_timeout = 120  # seconds per cell
nb_execution_raise_on_error = False  # a failing cell is a located warning; -W fails the build
nb_execution_show_tb = True
nb_execution_in_temp = False
nb_render_markdown_format = "myst"
nb_merge_streams = True

# myst-nb's cache key covers a page's own cells only, so the execution_fingerprint
# extension keys the whole cache on the package and the locked toolchain (it appends their
# hash to this path): a change to either re-executes every page.
execution_fingerprint_inputs = ["src/calcnotes", "requirements.lock"]
nb_execution_cache_path = str(
    ROOT / os.environ.get("CALCNOTES_BUILDDIR", "_build") / ".jupyter_cache"
)

# -- Math --------------------------------------------------------------------

html_math_renderer = "katex_checked"
katex_prerender = True
katex_dist_dir = str(ROOT / "node_modules" / "katex" / "dist")
katex_js_path = str(ROOT / "node_modules" / "katex" / "dist" / "katex.min.js")
katex_css_path = "katex/katex.min.css"

# -- Theme -------------------------------------------------------------------

html_theme = "sphinx_book_theme"
html_title = "calcnotes: derivatives for machine learning"
html_logo = "book/_static/calcnotes-logo.svg"
html_favicon = "book/_static/calcnotes-favicon.svg"
html_static_path = ["book/_static"]
html_css_files = ["calcnotes-theme.css"]  # contrast and phone-layout fixes (tests/browser)
html_last_updated_fmt = None
html_theme_options = {
    "show_toc_level": 2,
    "home_page_in_toc": True,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "navigation_with_keys": False,
    "footer_end": ["calcnotes-version"],
}
# default_mode: the theme reads it from html_context; without it a first visit logs
# "Got invalid theme mode" (follow the reader's system setting).
html_context = {"calcnotes_commit": _build_commit(), "default_mode": "auto"}

# -- Publishing --------------------------------------------------------------
# The site's address is set here and only here: the canonical links, the sitemap, the
# OpenGraph tags, the 404 page's URLs, robots.txt and the notebooks' links all derive from it.

html_baseurl = "https://calcnotes.github.io/calcnotes/"

sitemap_url_scheme = "{link}"  # one language, one version: no "en/" prefix
sitemap_excludes = ["404.html", "search.html", "genindex.html", "py-modindex.html", "prf-prf.html"]

ogp_site_url = html_baseurl
ogp_site_name = "calcnotes"
ogp_image = "_static/calcnotes-social-card.png"
ogp_image_alt = "calcnotes: derivatives for machine learning, a curve and its tangent line"
ogp_social_cards = {"enable": False}  # the card is drawn by tools/social_card.py
ogp_description_length = 200
ogp_custom_meta_tags = ['<meta name="twitter:card" content="summary_large_image" />']

notfound_urls_prefix = urlparse(html_baseurl).path
notfound_context = {
    "title": "Page not found",
    "body": (
        "<h1>Page not found</h1>\n"
        "<p>There is no page at this address: it may have moved when the book was reorganised, "
        "or the link may be mistyped.</p>\n"
        f'<p>Start again from <a href="{notfound_urls_prefix}index.html">the first page of '
        "calcnotes</a>, or use the search box to find a topic.</p>\n"
    ),
}
