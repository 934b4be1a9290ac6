"""The book's own mutation test: seeded single edits of its formulas, run through the checker.

Each mutant changes one character of one formula as typed (a sign flipped, a digit changed),
alone, and the page is checked again with its check cells' results reused, so no Sphinx build
is needed. An edit that leaves the formula's meaning unchanged (an *equivalent* mutant, such
as ``|0 + h|`` to ``|0 - h|``) is no mistake and is left out. A mutant is *killed* when the checker reports more findings than for the page as
written. The survivors show which formulas are unguarded.

Examples
--------
>>> from calcnotes.bookcheck.mutation import mutants
>>> [edit for _, edit in mutants("2x + 1")]
['3x + 1', '2x - 1', '2x + 2']
"""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import asdict, dataclass, field
from pathlib import Path

import sympy as sp

from calcnotes.bookcheck.cells import kept_runs
from calcnotes.bookcheck.checker import check_edits, run_check_cells
from calcnotes.bookcheck.reader import Item, read_page
from calcnotes.bookcheck.tex import TexError, parse

__all__ = ["Mutant", "PageMutations", "mutants", "mutate_book", "mutate_page"]


@dataclass(frozen=True)
class Mutant:
    """One single edit of one formula and whether the checker caught it."""

    line: int
    original: str
    mutated: str
    in_relation: bool
    killed: bool


@dataclass
class PageMutations:
    """The mutants of one page."""

    page: str
    mutants: list[Mutant] = field(default_factory=list)

    def rate(self, in_relation: bool | None = None) -> tuple[int, int]:
        """(killed, total) over all mutants, or only those inside (outside) relations."""
        chosen = [m for m in self.mutants if in_relation is None or m.in_relation == in_relation]
        return sum(m.killed for m in chosen), len(chosen)

    def survivors(self) -> list[Mutant]:
        return [m for m in self.mutants if not m.killed]


def mutants(tex: str) -> list[tuple[int, str]]:
    """Every single edit of a formula: each digit raised by one (9 -> 0), each sign flipped.

    Digits inside a command's name or a ``\\\\`` line break are left alone.
    """
    out = []
    in_command = False
    for index, char in enumerate(tex):
        if char == "\\":
            in_command = True
            continue
        if in_command and char.isalpha():
            continue
        in_command = False
        if char.isdigit():
            out.append((index, tex[:index] + str((int(char) + 1) % 10) + tex[index + 1 :]))
        elif char in "+-":
            flipped = "-" if char == "+" else "+"
            out.append((index, tex[:index] + flipped + tex[index + 1 :]))
    return out


def _equivalent(original: str, mutated: str) -> bool:
    """Whether an edit leaves the formula meaning the same (``|0 + h|`` to ``|0 - h|``).

    Such an edit is no mistake, so no checker could catch it; it is left out of the rates.
    """
    try:
        before, after = parse(original).statements, parse(mutated).statements
    except Exception:  # noqa: BLE001 - unreadable either way: not provably the same
        return False
    if len(before) != len(after):
        return False
    for old, new in zip(before, after, strict=False):
        if old.relations != new.relations or len(old.parts) != len(new.parts):
            return False
        for a, b in zip(old.parts, new.parts, strict=False):
            if a == b:
                continue
            try:
                if (
                    not (isinstance(a, sp.Expr) and isinstance(b, sp.Expr))
                    or sp.simplify(a - b) != 0
                ):
                    return False
            except Exception:  # noqa: BLE001
                return False
    return True


def _has_relation(tex: str) -> bool:
    try:
        return any(statement.relations for statement in parse(tex).statements)
    except (TexError, Exception):  # noqa: BLE001 - unreadable formulas count by their text
        return any(sign in tex for sign in ("=", "<", ">", r"\approx", r"\le", r"\ge", r"\neq"))


def mutate_page(
    path: Path, page: str, sample: int | None = None, seed: int = 0, kept: Path | None = None
) -> PageMutations:
    """Run seeded single edits of a page's formulas through the checker.

    Parameters
    ----------
    path : Path
        The page's file.
    page : str
        Its name in messages (``book/intuition.md``).
    sample : int or None
        How many mutants to try (a seeded random sample); all of them when None.
    seed : int
        The seed of the sample.
    kept : Path or None
        Where the build keeps what each page's check cells computed
        (:func:`calcnotes.bookcheck.cells.keep_runs`): reused when the page is unchanged,
        instead of running its cells again.
    """
    text = path.read_text(encoding="utf-8")
    items = read_page(text)
    runs = (kept_runs(kept, path, page) if kept is not None else None) or run_check_cells(
        path, page, items
    )
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    candidates: list[tuple[Item, int, str]] = []
    for item in items:
        if item.kind != "math":
            continue
        where = text.find(item.text, starts[item.line - 1])
        if where < 0:
            continue
        candidates.extend((item, where, mutated) for _, mutated in mutants(item.text))
    # A seeded order, in which equivalent edits are skipped until the sample is full: a
    # uniform sample of the edits that change a meaning, deciding equivalence (parse and
    # simplify, the slow part) only for the edits the sample reaches.
    if sample is not None and sample < len(candidates):
        random.Random(seed).shuffle(candidates)
    chosen: list[tuple[Item, str, list[Item]]] = []
    for item, where, mutated in candidates:
        if sample is not None and len(chosen) == sample:
            break
        if _equivalent(item.text, mutated):
            continue
        edited = text[:where] + mutated + text[where + len(item.text) :]
        chosen.append((item, mutated, read_page(edited)))
    # The page is walked once; each edit goes on from the walk's state where it first differs,
    # and stops as soon as it has a finding more than the page as written.
    edits = [edited for _, _, edited in chosen]
    written, reports = check_edits(page, items, runs, edits, stop_early=True)
    baseline = len(written.findings)
    result = PageMutations(page)
    relations: dict[str, bool] = {}
    for (item, mutated, _), report in zip(chosen, reports, strict=True):
        if item.text not in relations:
            relations[item.text] = _has_relation(item.text)
        killed = len(report.findings) > baseline
        result.mutants.append(Mutant(item.line, item.text, mutated, relations[item.text], killed))
    return result


_Job = tuple[Path, str, int | None, int, Path | None]


def _mutate_one(job: _Job) -> PageMutations:
    return mutate_page(*job)


def mutate_book(
    pages: list[tuple[Path, str]],
    sample: int | None = None,
    seed: int = 0,
    jobs: int = 0,
    cache: Path | None = None,
    kept: Path | None = None,
) -> list[PageMutations]:
    """Run :func:`mutate_page` on many pages, in ``jobs`` processes (all cores when 0).

    The results are in the order of ``pages``. ``kept`` is where the build keeps what the
    pages' check cells computed (see :func:`mutate_page`). With a ``cache`` folder, a
    page's result is kept there under a key of its text, name, sample and seed, and read back
    instead of mutating the page again; the caller keys the folder itself on everything else
    the result depends on (the package and the lock file, as the execution cache is keyed).
    """
    import multiprocessing
    import os

    work: list[_Job] = [(path, page, sample, seed, kept) for path, page in pages]
    stored = [_cached(cache, job) if cache is not None else None for job in work]
    todo = [job for job, found in zip(work, stored, strict=True) if found is None]
    workers = min(jobs or os.cpu_count() or 1, len(todo))
    if workers <= 1:
        fresh = [_mutate_one(job) for job in todo]
    else:
        # spawn, not fork: the parent (pytest, a bench) may hold threads and matplotlib state.
        with multiprocessing.get_context("spawn").Pool(workers, maxtasksperchild=4) as pool:
            fresh = pool.map(_mutate_one, todo, chunksize=1)
    if cache is not None:
        for job, result in zip(todo, fresh, strict=True):
            _store(cache, job, result)
    made = iter(fresh)
    return [found if found is not None else next(made) for found in stored]


def _cache_file(cache: Path, job: _Job) -> Path:
    path, page, sample, seed, _ = job
    key = hashlib.sha256(path.read_bytes() + f"\0{page}\0{sample}\0{seed}".encode()).hexdigest()[
        :24
    ]
    return cache / f"{key}.json"


def _cached(cache: Path, job: _Job) -> PageMutations | None:
    file = _cache_file(cache, job)
    if not file.is_file():
        return None
    data = json.loads(file.read_text(encoding="utf-8"))
    return PageMutations(data["page"], [Mutant(**mutant) for mutant in data["mutants"]])


def _store(cache: Path, job: _Job, result: PageMutations) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    _cache_file(cache, job).write_text(json.dumps(asdict(result)), encoding="utf-8")
