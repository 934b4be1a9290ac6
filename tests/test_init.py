"""The top-level namespace: what a reader imports, and no build machinery."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import calcnotes

BOOK = Path(__file__).resolve().parent.parent / "book"


def test_every_listed_name_exists_and_is_listed_once() -> None:
    assert len(calcnotes.__all__) == len(set(calcnotes.__all__))
    for name in calcnotes.__all__:
        assert hasattr(calcnotes, name), name


def test_build_machinery_is_not_exported() -> None:
    for name in ("count_book_checks", "PARAMETER_SAMPLES", "DEFAULT_POINTS", "LogBase"):
        assert name not in calcnotes.__all__
    assert not any(name.startswith("_") for name in calcnotes.__all__ if name != "__version__")


def test_every_name_the_book_imports_from_calcnotes_is_exported() -> None:
    imported = set()
    for page in BOOK.rglob("*.md"):
        for names in re.findall(r"from calcnotes import ([\w, ]+)", page.read_text()):
            imported |= {name.strip().split(" as ")[0] for name in names.split(",")}
    modules = {name for name in imported if importlib.util.find_spec(f"calcnotes.{name}")}
    assert imported - modules <= set(calcnotes.__all__), imported - modules - set(calcnotes.__all__)


def test_the_package_loads_its_names_on_first_use() -> None:
    """`import calcnotes._book` (the build's extensions do) costs no SymPy, NumPy or Matplotlib;
    the first exported name used loads them all, as the same objects their modules hold."""
    import subprocess
    import sys

    code = (
        "import sys, calcnotes._book\n"
        "heavy = {'sympy', 'numpy', 'matplotlib'} & set(sys.modules)\n"
        "assert not heavy, heavy\n"
        "from calcnotes import derivative, loss\n"
        "import calcnotes.numdiff, calcnotes.network\n"
        "assert derivative is calcnotes.numdiff.derivative and loss is calcnotes.network.loss\n"
        "assert 'sympy' in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "derivative" in dir(calcnotes)
