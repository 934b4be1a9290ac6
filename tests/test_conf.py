"""The execution cache is keyed on the package, so a change to calcnotes re-runs every page."""

from __future__ import annotations

from pathlib import Path

from site_build import load_conf


def test_the_cache_lives_under_the_fingerprint_of_package_and_lock() -> None:
    conf = load_conf()
    assert Path(conf.nb_execution_cache_path).name == conf.execution_fingerprint
    assert conf.nb_execution_mode == "cache"
    assert conf.nb_execution_timeout > 0


def test_the_fingerprint_changes_with_any_package_file(tmp_path: Path, monkeypatch) -> None:
    conf = load_conf()
    package = tmp_path / "src" / "calcnotes"
    package.mkdir(parents=True)
    (package / "numdiff.py").write_text("STEP = 1e-5\n")
    lock = tmp_path / "requirements.lock"
    lock.write_text("numpy==2.0.0\n")
    monkeypatch.setattr(conf, "ROOT", tmp_path)

    before = conf._fingerprint([package, lock])
    assert conf._fingerprint([package, lock]) == before  # stable
    (package / "numdiff.py").write_text("STEP = 1e-6\n")
    after_code = conf._fingerprint([package, lock])
    assert after_code != before
    lock.write_text("numpy==2.1.0\n")
    after_lock = conf._fingerprint([package, lock])
    assert after_lock != after_code
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "numdiff.cpython-311.pyc").write_bytes(b"\0")
    assert conf._fingerprint([package, lock]) == after_lock  # byte code is not source
