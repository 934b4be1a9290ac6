"""Build the book the way ``make html`` does, for the tests of the built site."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

__all__ = ["ROOT", "Build", "build_dir", "load_conf", "sphinx_build"]

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Build:
    """The outcome of one ``sphinx-build`` run."""

    returncode: int
    output: str
    html: Path


def build_dir() -> Path:
    """The build directory ``make`` uses (``CALCNOTES_BUILDDIR``, default ``_build``)."""
    return ROOT / os.environ.get("CALCNOTES_BUILDDIR", "_build")


def sphinx_build(source: Path, out: Path, *, doctrees: Path | None = None) -> Build:
    """Run the strict build (``-n -W --keep-going``) of ``source`` into ``out``/html."""
    bin_dir = Path(sys.executable).parent
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    env.setdefault("CALCNOTES_BUILDDIR", str(out))
    env.pop("MPLBACKEND", None)  # the kernels must use the inline backend to capture figures
    html = out / "html"
    command = [
        sys.executable, "-m", "sphinx", "-b", "html", "-c", str(ROOT),
        "-d", str(doctrees or out / "doctrees"), "-n", "-W", "--keep-going",
        str(source), str(html),
    ]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    return Build(done.returncode, done.stdout + done.stderr, html)


def load_conf() -> ModuleType:
    """The book's ``conf.py``, loaded as a module (its settings are the one source of truth)."""
    spec = importlib.util.spec_from_file_location("calcnotes_conf", ROOT / "conf.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
