"""The execution cache is keyed on the package, so a change to calcnotes re-runs every page."""

from __future__ import annotations

from pathlib import Path

from execution_fingerprint import fingerprint
from site_build import load_conf


def test_conf_names_the_package_and_the_lock_as_what_cells_depend_on() -> None:
    conf = load_conf()
    assert conf.execution_fingerprint_inputs == ["src/calcnotes", "requirements.lock"]
    assert "execution_fingerprint" in conf.extensions
    assert Path(conf.nb_execution_cache_path).name == ".jupyter_cache"
    assert conf.nb_execution_mode == "cache"
    assert conf.nb_execution_timeout > 0


def test_the_fingerprint_changes_with_any_package_file(tmp_path: Path) -> None:
    package = tmp_path / "src" / "calcnotes"
    package.mkdir(parents=True)
    (package / "numdiff.py").write_text("STEP = 1e-5\n")
    lock = tmp_path / "requirements.lock"
    lock.write_text("numpy==2.0.0\n")
    inputs = [package, lock]

    before = fingerprint(inputs, tmp_path)
    assert fingerprint(inputs, tmp_path) == before  # stable
    (package / "numdiff.py").write_text("STEP = 1e-6\n")
    after_code = fingerprint(inputs, tmp_path)
    assert after_code != before
    lock.write_text("numpy==2.1.0\n")
    after_lock = fingerprint(inputs, tmp_path)
    assert after_lock != after_code
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "numdiff.cpython-311.pyc").write_bytes(b"\0")
    assert fingerprint(inputs, tmp_path) == after_lock  # byte code is not source
    (package / "numdiff.py").rename(package / "steps.py")
    assert fingerprint(inputs, tmp_path) != after_lock  # a renamed file is a change
