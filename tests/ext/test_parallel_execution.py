"""Which pages the parallel pre-execution runs: those without an executed copy in the cache."""

from __future__ import annotations

from pathlib import Path

from jupyter_cache import get_cache
from jupyter_cache.cache.main import CacheBundleIn
from myst_nb.core.read import myst_nb_reader_plugin
from parallel_execution import stale_notebooks

PAGE = """\
---
file_format: mystnb
kernelspec:
  name: python3
  display_name: Python 3
{extra}---

# A page

```{{code-cell}} python
print({value})
```
"""


def page(folder: Path, name: str, value: int, extra: str = "") -> Path:
    path = folder / f"{name}.md"
    path.write_text(PAGE.format(value=value, extra=extra))
    return path


def test_a_page_is_stale_until_its_code_is_cached_and_again_when_its_code_changes(
    tmp_path: Path,
) -> None:
    cache_path = str(tmp_path / "cache")
    first, second = page(tmp_path, "first", 1), page(tmp_path, "second", 2)
    assert stale_notebooks(cache_path, [first, second]) == [first, second]

    get_cache(cache_path).cache_notebook_bundle(
        CacheBundleIn(myst_nb_reader_plugin(str(first)), str(first)), check_validity=False
    )
    assert stale_notebooks(cache_path, [first, second]) == [second]

    page(tmp_path, "first", 10)  # an edited cell
    assert stale_notebooks(cache_path, [first, second]) == [first, second]


def test_a_page_with_its_own_execution_mode_is_left_to_myst_nb(tmp_path: Path) -> None:
    forced = page(tmp_path, "forced", 3, extra="mystnb:\n  execution_mode: force\n")
    assert stale_notebooks(str(tmp_path / "cache"), [forced]) == []
