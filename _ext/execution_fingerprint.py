"""Re-execute every page when what the code cells run against changes.

``conf.py`` computes ``execution_fingerprint`` (a hash of ``src/calcnotes`` and the lock
file) and keys myst-nb's execution cache directory on it. Registering the value with
``rebuild="env"`` makes Sphinx re-read every page when it changes, so each page runs
again against the new package instead of serving outputs of an older one. Caches of
older fingerprints are removed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

__all__ = ["setup"]

logger = logging.getLogger(__name__)


def _prune_stale_caches(app: Sphinx) -> None:
    current = Path(app.config.nb_execution_cache_path)
    if not current.parent.is_dir():
        return
    for stale in current.parent.iterdir():
        if stale.is_dir() and stale != current:
            logger.info("removing execution cache of an older calcnotes: %s", stale.name)
            shutil.rmtree(stale, ignore_errors=True)


def setup(app: Sphinx) -> dict[str, object]:
    app.add_config_value("execution_fingerprint", "", "env", types=[str])
    app.connect("builder-inited", _prune_stale_caches)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
