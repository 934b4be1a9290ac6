"""Execute the pages that need it in parallel, before Sphinx reads them one by one.

With ``nb_execution_mode = "cache"``, myst-nb executes a page while Sphinx reads it, and
sphinx-proof is not safe for Sphinx's parallel reading, so a cold build would run the
book's notebooks one after another on one core. This extension runs first: just before
Sphinx reads the changed pages (``env-before-read-docs``), it asks the jupyter-cache
cache which of them have no executed copy yet and executes those in a process pool, one
kernel per core, storing the results in the same cache. myst-nb then finds every page in
the cache. A page that fails here is left out of the cache, so myst-nb runs it again while
reading and reports the failure with its file and line, as without this extension.
"""

from __future__ import annotations

import os
from pathlib import Path

from jupyter_cache import get_cache
from jupyter_cache.executors import load_executor
from myst_nb.core.read import myst_nb_reader_plugin
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.matching import Matcher

__all__ = ["setup", "stale_notebooks"]

logger = logging.getLogger(__name__)

#: How jupyter-cache reads a page: with myst-nb's own reader, as myst-nb does.
READER = {"name": "myst_nb_md", "type": "plugin"}


def _is_notebook(path: Path) -> bool:
    """A MyST page with code cells (a notebook in myst-nb's sense)."""
    if path.suffix != ".md":
        return False
    head = path.read_text(encoding="utf-8")[:400]
    return head.startswith("---") and "kernelspec" in head


def stale_notebooks(cache_path: str, paths: list[Path]) -> list[Path]:
    """The cached notebooks among ``paths`` whose code has no executed copy in the cache."""
    cache = get_cache(cache_path)
    stale = []
    for path in paths:
        notebook = myst_nb_reader_plugin(str(path))
        if notebook.metadata.get("mystnb", {}).get("execution_mode", "cache") != "cache":
            continue  # a page that sets its own mode (verification: force) runs in myst-nb
        try:
            cache.match_cache_notebook(notebook)
        except KeyError:
            stale.append(path)
    return stale


def _execute_stale(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    config = app.config
    if config.nb_execution_mode != "cache" or len(docnames) < 2:
        return
    excluded = Matcher(config.nb_execution_excludepatterns)
    paths = [
        Path(env.doc2path(doc))
        for doc in docnames
        if not excluded(str(env.doc2path(doc, base=False)))
    ]
    stale = stale_notebooks(config.nb_execution_cache_path, [p for p in paths if _is_notebook(p)])
    if len(stale) < 2:
        return  # one page runs as fast inside myst-nb
    logger.info(
        "executing %d notebooks on %d cores before reading", len(stale), os.cpu_count() or 1
    )
    cache = get_cache(config.nb_execution_cache_path)
    records = [cache.add_nb_to_project(str(path), read_data=READER) for path in stale]
    executor = load_executor("local-parallel", cache)
    result = executor.run_and_cache(
        filter_pks=[record.pk for record in records],
        timeout=config.nb_execution_timeout,
        allow_errors=False,
    )
    for failed in [*result.excepted, *result.errored]:
        logger.info("%s did not run cleanly here; myst-nb runs it again and reports it", failed)


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("env-before-read-docs", _execute_stale)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
