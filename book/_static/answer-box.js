/* Answer boxes (_ext/answer_box.py): the reader types an answer, sees it typeset, and the
 * page judges it against numbers the build computed from the checked SymPy answer.
 *
 * Each .answer-box holds a JSON script with the variables, the sample points, the answer's
 * values there, the values of each common mistake, and the tolerance. The typed answer is
 * parsed by mathjs (window.calcnotesMath), evaluated at the same points and compared. The
 * box is `hidden` in the HTML and shown here, so a reader without JavaScript sees only the
 * static solution. */
(function () {
  "use strict";

  const FUNCTIONS = new Set([
    "sin", "cos", "tan", "sec", "csc", "cot", "asin", "acos", "atan",
    "sinh", "cosh", "tanh", "exp", "log", "ln", "sqrt", "cbrt", "abs",
  ]);
  const CONSTANTS = new Set(["e", "pi"]);

  /** Plain typing to mathjs syntax: ** for powers, Unicode operators, and a name directly
   * before a bracket (x(x + 1), x^x(ln x + 1)) multiplied rather than called. */
  function normalise(text, variables) {
    let s = text.replace(/\*\*/g, "^").replace(/[·×⋅]/g, "*").replace(/[−–]/g, "-")
      .replace(/π/g, "pi").replace(/²/g, "^2").replace(/³/g, "^3");
    const names = [...variables, ...CONSTANTS].map((n) => n.replace(/[^\w]/g, ""));
    if (names.length) {
      const pattern = new RegExp("(?<![A-Za-z_])(" + names.join("|") + ")\\s*\\(", "g");
      s = s.replace(pattern, "$1*(");
    }
    return s;
  }

  /** Parse a typed answer; throw an Error with a reader-facing message. */
  function parseAnswer(text, variables) {
    const math = window.calcnotesMath;
    if (!text.trim()) throw new Error("Type an answer first.");
    let node;
    try {
      node = math.parse(normalise(text, variables));
    } catch (error) {
      throw new Error("Cannot read that: " + error.message.replace(/\s*\(char \d+\)/, "") + ".");
    }
    node = node.transform((n) =>
      n.isFunctionNode && n.fn.name === "ln" ? new math.FunctionNode("log", n.args) : n);
    node.traverse((n, path, parent) => {
      if (n.isSymbolNode) {
        const called = parent && parent.isFunctionNode && path === "fn";
        if (called && !FUNCTIONS.has(n.name)) {
          throw new Error(`Unknown function ${n.name}: use sin, cos, tan, sec, exp, ln, sqrt, ...`);
        }
        if (!called && !variables.includes(n.name) && !CONSTANTS.has(n.name)) {
          const allowed = variables.length ? variables.join(", ") + ", e and pi" : "e and pi";
          const hint = FUNCTIONS.has(n.name) ? ` (write ${n.name}(...) with brackets)` : "";
          throw new Error(`Unknown name ${n.name}${hint}: this answer may use ${allowed}.`);
        }
      }
      if (n.isFunctionNode && n.fn.name === "log" && n.args.length !== 1) {
        throw new Error("ln and log take one argument (the natural logarithm).");
      }
    });
    return node;
  }

  function close(a, b, tolerance) {
    return Number.isFinite(a) && Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(b));
  }

  function format(value) {
    return Number.isFinite(value) ? String(Number(value.toPrecision(6))) : "undefined";
  }

  /** Judge a typed answer: {verdict: "right" | "mistake" | "wrong" | "unreadable", ...}. */
  function judge(text, data) {
    let node;
    try {
      node = parseAnswer(text, data.variables);
    } catch (error) {
      return { verdict: "unreadable", message: error.message };
    }
    const code = node.compile();
    const got = data.points.map((point) => {
      const scope = {};
      data.variables.forEach((name, i) => { scope[name] = point[i]; });
      try {
        const value = code.evaluate(scope);
        return typeof value === "number" ? value : NaN;
      } catch (error) {
        return NaN;
      }
    });
    const tolerance = data.tolerance;
    if (got.every((v, i) => close(v, data.values[i], tolerance))) {
      return { verdict: "right", message: "Right." };
    }
    const decimal = /^\s*-?\d*\.(\d+)\s*$/.exec(text);
    if (!data.variables.length && decimal) {
      // A rounded decimal is right to the digits typed: within half a unit of the last one.
      const digits = text.replace(/[^0-9]/g, "").replace(/^0+/, "").length;
      if (Math.abs(got[0] - data.values[0]) <= 0.5 * 10 ** -decimal[1].length) {
        if (digits >= 3) return { verdict: "right", message: "Right, to the digits you typed." };
        return { verdict: "wrong", message: "Close: give at least three significant digits, or the exact value." };
      }
    }
    for (const [name, values] of Object.entries(data.mistakes)) {
      if (got.every((v, i) => close(v, values[i], tolerance))) {
        return { verdict: "mistake", mistake: name };
      }
    }
    const i = got.findIndex((v, k) => !close(v, data.values[k], tolerance));
    const where = data.variables.length
      ? "at " + data.variables.map((name, k) => `${name} = ${data.points[i][k]}`).join(", ") + " "
      : "";
    return {
      verdict: "wrong",
      message: `Not right: ${where}your answer gives ${format(got[i])}, the answer ${format(data.values[i])}.`,
    };
  }

  function typeset(node, target) {
    target.textContent = "";
    if (!node) return;
    try {
      window.katex.render(node.toTex({ parenthesis: "keep", implicit: "hide" }), target, {
        throwOnError: false, displayMode: false,
      });
    } catch (error) {
      target.textContent = node.toString();
    }
  }

  function setUp(box) {
    const data = JSON.parse(box.querySelector("script.answer-box-data").textContent);
    const input = box.querySelector("input");
    const button = box.querySelector("button");
    const preview = box.querySelector(".answer-box-preview");
    const feedback = box.querySelector(".answer-box-feedback");
    const hints = {};
    box.querySelectorAll("[data-mistake]").forEach((hint) => {
      hints[hint.dataset.mistake] = hint;
    });

    input.addEventListener("input", () => {
      box.dataset.verdict = "";
      try {
        typeset(input.value.trim() ? parseAnswer(input.value, data.variables) : null, preview);
      } catch (error) {
        preview.textContent = "";
      }
    });

    function check() {
      const result = judge(input.value, data);
      box.dataset.verdict = result.verdict;
      feedback.textContent = "";
      if (result.verdict === "mistake" && hints[result.mistake]) {
        // The hint names the mistake and links to where the book explains it.
        const hint = hints[result.mistake].querySelector("p") || hints[result.mistake];
        feedback.append(...[...hint.childNodes].map((n) => n.cloneNode(true)));
      } else {
        feedback.textContent = result.message || "Not right.";
      }
      input.setAttribute("aria-invalid", result.verdict === "right" ? "false" : "true");
    }

    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        check();
      }
    });
    button.addEventListener("click", check);
    box.hidden = false;
  }

  function start() {
    if (!window.calcnotesMath) return;  // the parser failed to load: keep the static page
    document.querySelectorAll(".answer-box").forEach(setUp);
  }

  window.calcnotesAnswers = { judge, parseAnswer, normalise };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
