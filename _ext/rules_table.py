"""``{rules-table}``: render a table of derivative rules and check every row, in one place.

```md
:::{rules-table}
:rules: basic
:columns: name, formula, example, note
:::
```

``:rules:`` is ``basic`` (:data:`calcnotes.rules.BASIC_RULES`), ``common``
(:data:`calcnotes.rules.COMMON_DERIVATIVES`) or a list of rule keys (``cos, tan, sigmoid``).
Each row is checked with :meth:`calcnotes.verify.Ledger.rule` (a symbolic proof and sample
points) before it is rendered; a wrong row is an error located at the directive. The table's
formulas are printed from the same SymPy expressions, so what the reader sees is what was
checked. The formula checker reads the same table (``calcnotes.bookcheck``) and counts its
formulas as generated.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

__all__ = ["setup"]


def _columns(argument: str) -> list[str]:
    return [column.strip() for column in argument.split(",") if column.strip()]


class RulesTableDirective(SphinxDirective):
    has_content = False
    option_spec = {"rules": directives.unchanged_required, "columns": _columns}

    def run(self) -> list[nodes.Node]:
        from calcnotes.rules import named_rules, rules_table
        from calcnotes.verify import Ledger, VerificationError

        page = self.env.doc2path(self.env.docname)
        try:
            rows = named_rules(self.options.get("rules", ""))
            check = Ledger(str(page))
            for row in rows:
                check.rule(row)
            columns = self.options.get("columns") or ["name", "formula", "example"]
            table = rules_table(rows, columns=columns)
        except (ValueError, KeyError, VerificationError) as error:
            raise self.error(f"rules-table: {error}") from error
        container = nodes.container(classes=["rules-table"])
        self.state.nested_parse(
            StringList(table.splitlines(), source=str(page)), self.content_offset, container
        )
        return [container]


def setup(app: Sphinx) -> dict[str, object]:
    app.add_directive("rules-table", RulesTableDirective)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
