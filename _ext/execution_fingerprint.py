"""Re-execute every page when what the code cells run against changes.

myst-nb's cache key covers a page's own cells only. This extension hashes the files named by
``execution_fingerprint_inputs`` (``src/calcnotes`` and the lock file, in ``conf.py``), sets
``execution_fingerprint`` to that hash and keys ``nb_execution_cache_path`` on it. The value is
registered with ``rebuild="env"``, so when it changes Sphinx re-reads every page and each page
runs again against the new package instead of serving outputs of an older one. Caches of older
fingerprints are removed.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterable
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

__all__ = ["fingerprint", "setup"]

logger = logging.getLogger(__name__)


def fingerprint(paths: Iterable[Path], root: Path) -> str:
    """Hash of the files under ``paths`` (names relative to ``root``, and contents).

    Byte code (``__pycache__``) is left out: it is not source.
    """
    digest = hashlib.sha256()
    for path in paths:
        for file in sorted(path.rglob("*") if path.is_dir() else [path]):
            if file.is_file() and "__pycache__" not in file.parts:
                digest.update(str(file.relative_to(root)).encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def _key_the_cache(app: Sphinx, config: Config) -> None:
    root = Path(app.confdir)
    inputs = [root / path for path in config.execution_fingerprint_inputs]
    config.execution_fingerprint = fingerprint(inputs, root)
    config.nb_execution_cache_path = str(
        Path(config.nb_execution_cache_path) / config.execution_fingerprint
    )


def _prune_stale_caches(app: Sphinx) -> None:
    current = Path(app.config.nb_execution_cache_path)
    if not current.parent.is_dir():
        return
    for stale in current.parent.iterdir():
        if stale.is_dir() and stale != current:
            logger.info("removing execution cache of an older calcnotes: %s", stale.name)
            shutil.rmtree(stale, ignore_errors=True)


def setup(app: Sphinx) -> dict[str, object]:
    app.add_config_value("execution_fingerprint_inputs", [], "env", types=[list])
    app.add_config_value("execution_fingerprint", "", "env", types=[str])
    app.connect("config-inited", _key_the_cache)
    app.connect("builder-inited", _prune_stale_caches)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
