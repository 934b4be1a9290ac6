// The part of mathjs the answer boxes use: the expression parser, compiled evaluation on
// plain numbers, and the functions a derivative answer may contain. Bundled by esbuild at
// build time (_ext/answer_box.py) into _static/calcnotes-mathjs.js: about a quarter of
// the full library on the wire.
import {
  create, parseDependencies, compileDependencies,
  addDependencies, subtractDependencies, multiplyDependencies, divideDependencies,
  powDependencies, unaryMinusDependencies, unaryPlusDependencies,
  sinDependencies, cosDependencies, tanDependencies, secDependencies, cscDependencies,
  cotDependencies, asinDependencies, acosDependencies, atanDependencies,
  sinhDependencies, coshDependencies, tanhDependencies,
  expDependencies, logDependencies, sqrtDependencies, cbrtDependencies, absDependencies,
  eDependencies, piDependencies,
} from "mathjs/number";

window.calcnotesMath = create({
  parseDependencies, compileDependencies,
  addDependencies, subtractDependencies, multiplyDependencies, divideDependencies,
  powDependencies, unaryMinusDependencies, unaryPlusDependencies,
  sinDependencies, cosDependencies, tanDependencies, secDependencies, cscDependencies,
  cotDependencies, asinDependencies, acosDependencies, atanDependencies,
  sinhDependencies, coshDependencies, tanhDependencies,
  expDependencies, logDependencies, sqrtDependencies, cbrtDependencies, absDependencies,
  eDependencies, piDependencies,
});
