"""The page reader: formulas found where Sphinx finds them, with their lines, in reading order."""

from __future__ import annotations

from calcnotes.bookcheck.reader import read_page

PAGE = """---
file_format: mystnb
---

(sec-demo)=
# Demo

Inline $a + b$ and
display $$c = d$$ in prose.

| rule | formula |
|---|---|
| sum | $(u + v)' = u' + v'$ |

```{admonition} Note
Inside an admonition, $e^x$.
```

:::{dropdown} Answer
$$
f'(x) = 2x
$$
:::

```{figure} plot.png
:alt: the tangent at $x = 1$

Caption with $x^2$.
```

```{code-cell} python
:tags: [remove-cell]
y = "$not a formula$"
```

```python
z = "$not one either$"
```

% unchecked $g$: a name
% a plain comment
Then {glue:md}`key:myst` is glued.
"""


def test_formulas_in_every_context_with_lines() -> None:
    found = [(item.text, item.line) for item in read_page(PAGE) if item.kind == "math"]
    assert found == [
        ("a + b", 8), ("c = d", 9), ("(u + v)' = u' + v'", 13), ("e^x", 16),
        ("f'(x) = 2x", 20), ("x = 1", 26), ("x^2", 28),
    ]  # fmt: skip


def test_cells_markers_glue_and_scopes() -> None:
    items = read_page(PAGE)
    kinds = [item.kind for item in items]
    assert kinds.count("cell") == 1
    cell = next(item for item in items if item.kind == "cell")
    assert cell.tags == ("remove-cell",) and cell.line == 33
    marker = next(item for item in items if item.kind == "marker")
    assert (marker.word, marker.tex, marker.text) == ("unchecked", "g", "a name")
    glue = next(item for item in items if item.kind == "glue")
    assert glue.text == "key"
    assert kinds.count("open") == kinds.count("close") == 3
    heading = next(item for item in items if item.kind == "heading")
    assert (heading.level, heading.label) == (1, "sec-demo")
