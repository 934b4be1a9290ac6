"""The Makefile: a clear message for a missing or old Python, and no reinstall when nothing changed."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from site_build import ROOT

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def make(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", *arguments],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_a_missing_python_is_named(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    done = make(f"VENV={venv}", f"PYTHON={tmp_path / 'no-such-python'}", f"{venv}/bin/python")
    assert done.returncode != 0
    assert "calcnotes needs Python 3.11 or newer" in done.stdout + done.stderr
    assert "not installed" in done.stdout + done.stderr
    assert not venv.exists()


def test_an_old_python_is_named(tmp_path: Path) -> None:
    old_python = tmp_path / "python3"
    old_python.write_text(
        '#!/bin/sh\ncase "$1" in --version) echo "Python 3.9.18";; *) exit 1;; esac\n'
    )
    old_python.chmod(0o755)
    venv = tmp_path / "venv"
    done = make(f"VENV={venv}", f"PYTHON={old_python}", f"{venv}/bin/python")
    assert done.returncode != 0
    output = done.stdout + done.stderr
    assert "calcnotes needs Python 3.11 or newer" in output and "Python 3.9.18" in output


def test_nothing_is_reinstalled_when_the_locks_did_not_change() -> None:
    done = make("--question", "setup")
    assert done.returncode == 0, "make would reinstall although neither lock changed"


def test_make_test_lints_builds_once_and_tests_that_build() -> None:
    done = make("--dry-run", "--always-make", "test")
    commands = done.stdout
    assert "ruff check ." in commands and "ruff format --check ." in commands
    assert "mypy" in commands
    assert commands.count("sphinx-build") == 1, "make test should build the site once"
    assert "CALCNOTES_SITE_BUILT=1" in commands and "pytest" in commands


def test_make_chapter_names_its_usage() -> None:
    done = make("chapter")
    assert done.returncode != 0
    assert "usage: make chapter NAME=" in done.stdout + done.stderr


def test_the_longest_test_files_start_first(request: pytest.FixtureRequest) -> None:
    tests_conftest = request.config.pluginmanager.get_plugin(str(ROOT / "tests" / "conftest.py"))
    assert tests_conftest is not None
    for path in tests_conftest.LONGEST_FIRST:
        assert (ROOT / path).is_file(), f"{path} is named in LONGEST_FIRST but does not exist"
    assert "--no-loadscope-reorder" in make("--dry-run", "--always-make", "test").stdout
    order = [item.nodeid.split("::", 1)[0] for item in request.session.items]
    started = list(dict.fromkeys(order))
    if set(tests_conftest.LONGEST_FIRST) <= set(started):  # the whole suite was collected
        assert started[: len(tests_conftest.LONGEST_FIRST)] == tests_conftest.LONGEST_FIRST


def test_make_pdf_reads_the_pages_the_html_build_read() -> None:
    commands = make("--dry-run", "--always-make", "html", "pdf").stdout
    doctrees = re.findall(r"sphinx-build -b (\w+) .*?-d (\S+)", commands)
    assert [builder for builder, _ in doctrees] == ["html", "singlehtml"]
    assert len({folder for _, folder in doctrees}) == 1, doctrees
