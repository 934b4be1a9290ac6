/* Figures a reader can move (_ext/interactive_figure.py): plain JavaScript and SVG.
 *
 * Every number drawn or shown is read from the JSON table the build glued into the page
 * (calcnotes.interactive: computed from the expressions the hidden check cells verify); a
 * slider only chooses a row of it. The figure is `hidden` in the HTML and shown here, so a
 * reader without JavaScript (and the PDF) has the static figure beside it. */
(function () {
  "use strict";

  const SVG = "http://www.w3.org/2000/svg";
  const W = 640;
  const H = 320;
  const PAD = { left: 54, right: 14, top: 14, bottom: 34 };

  function el(tag, attrs, parent) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (parent) parent.appendChild(node);
    return node;
  }

  function fmt(value, digits) {
    if (!Number.isFinite(value)) return String(value);
    if (value !== 0 && (Math.abs(value) < 1e-3 || Math.abs(value) >= 1e5)) {
      return value.toExponential(digits === undefined ? 2 : Math.max(1, digits - 1));
    }
    return String(Number(value.toFixed(digits === undefined ? 4 : digits)));
  }

  /** A plotting frame on [x0, x1] x [y0, y1] inside the box (left, top, width, height). */
  function frame(svg, box, xr, yr, opts) {
    const o = opts || {};
    const tx = o.logx ? Math.log10 : (v) => v;
    const ty = o.logy ? Math.log10 : (v) => v;
    const [a, b] = [tx(xr[0]), tx(xr[1])];
    const [c, d] = [ty(yr[0]), ty(yr[1])];
    const X = (v) => box.left + ((tx(v) - a) / (b - a)) * box.width;
    const Y = (v) => box.top + box.height - ((ty(v) - c) / (d - c)) * box.height;
    const g = el("g", {}, svg);
    el("rect", { x: box.left, y: box.top, width: box.width, height: box.height, class: "axis" }, g);
    const ticks = (lo, hi, log) => {
      if (log) {
        const out = [];
        const step = Math.max(1, Math.ceil((hi - lo) / 6));
        for (let k = Math.ceil(lo); k <= hi; k += step) out.push(10 ** k);
        return out;
      }
      const span = hi - lo;
      const step = 10 ** Math.floor(Math.log10(span / 4));
      const nice = [1, 2, 5, 10].map((m) => m * step).find((s) => span / s <= 6);
      const out = [];
      for (let t = Math.ceil(lo / nice) * nice; t <= hi + 1e-9; t += nice) out.push(Number(t.toPrecision(6)));
      return out;
    };
    for (const t of ticks(a, b, o.logx)) {
      el("line", { x1: X(t), x2: X(t), y1: box.top, y2: box.top + box.height, class: "grid" }, g);
      const label = el("text", { x: X(t), y: box.top + box.height + 14, "text-anchor": "middle" }, g);
      label.textContent = o.logx ? `1e${Math.round(Math.log10(t))}` : String(t);
    }
    for (const t of ticks(c, d, o.logy)) {
      el("line", { x1: box.left, x2: box.left + box.width, y1: Y(t), y2: Y(t), class: "grid" }, g);
      const label = el("text", { x: box.left - 6, y: Y(t) + 4, "text-anchor": "end" }, g);
      label.textContent = o.logy ? `1e${Math.round(Math.log10(t))}` : String(t);
    }
    if (o.xlabel) {
      const t = el("text", { x: box.left + box.width / 2, y: box.top + box.height + 30, "text-anchor": "middle" }, g);
      t.textContent = o.xlabel;
    }
    const clip = `clip-${Math.random().toString(36).slice(2)}`;
    const defs = el("defs", {}, svg);
    const cp = el("clipPath", { id: clip }, defs);
    el("rect", { x: box.left, y: box.top, width: box.width, height: box.height }, cp);
    const inner = el("g", { "clip-path": `url(#${clip})` }, svg);
    const path = (xs, ys, cls) => {
      let dstr = "";
      xs.forEach((xv, i) => {
        const yv = ys[i];
        if (!Number.isFinite(yv) || (o.logy && yv <= 0)) return;
        dstr += (dstr ? "L" : "M") + X(xv).toFixed(2) + "," + Y(yv).toFixed(2);
      });
      return el("path", { d: dstr, class: cls }, inner);
    };
    return { X, Y, g: inner, path };
  }

  function control(fig, label, count, start, onChange) {
    const wrap = document.createElement("label");
    const text = document.createElement("span");
    text.textContent = label;
    const input = document.createElement("input");
    Object.assign(input, { type: "range", min: 0, max: count - 1, step: 1, value: start });
    wrap.append(text, input);
    fig.controls.appendChild(wrap);
    input.addEventListener("input", () => onChange(Number(input.value)));
    return input;
  }

  function nearest(values, target) {
    let best = 0;
    values.forEach((v, i) => { if (Math.abs(v - target) < Math.abs(values[best] - target)) best = i; });
    return best;
  }

  const KINDS = {
    tangent(fig, data) {
      let f = 0;
      let k = nearest(data.points, 1);
      if (data.functions.length > 1) {
        const wrap = document.createElement("label");
        const text = document.createElement("span");
        text.textContent = "Function";
        const select = document.createElement("select");
        data.functions.forEach((fn, i) => select.add(new Option(`f(x) = ${fn.name}`, String(i))));
        select.addEventListener("change", () => { f = Number(select.value); draw(); });
        wrap.append(text, select);
        fig.controls.appendChild(wrap);
      }
      control(fig, "Point a", data.points.length, k, (i) => { k = i; draw(); });
      function draw() {
        const fn = data.functions[f];
        const ys = fn.curve_y;
        const lo = Math.min(...ys);
        const hi = Math.max(...ys);
        const pad = 0.1 * (hi - lo || 1);
        const svg = fig.fresh(`The graph of f(x) = ${fn.name} with its tangent line at the point a chosen by the slider.`);
        const p = frame(svg, { left: PAD.left, top: PAD.top, width: W - PAD.left - PAD.right, height: H - PAD.top - PAD.bottom },
          [data.x[0], data.x[data.x.length - 1]], [lo - pad, hi + pad], { xlabel: "x" });
        p.path(data.x, ys, "curve");
        fig.legend("Solid blue: the curve. Solid line through the dot: its tangent at a.");
        const a = data.points[k];
        const fa = fn.values[k];
        const s = fn.slopes[k];
        p.path(data.x, data.x.map((xv) => fa + s * (xv - a)), "line");
        el("circle", { cx: p.X(a), cy: p.Y(fa), r: 5, class: "dot" }, p.g);
        fig.readout(`At a = ${fmt(a, 2)}: f(a) = ${fmt(fa)}, and the tangent's slope is f'(a) = ${fmt(s)}.`,
          { a, value: fa, slope: s });
      }
      draw();
    },

    secant(fig, data) {
      let k = 0;
      control(fig, "Step h (smaller to the right)", data.steps.length, k, (i) => { k = i; draw(); });
      function draw() {
        const svg = fig.fresh(`The graph of f(x) = ${data.name}, the secant through x = ${data.at} and x = ${data.at} + h, and the tangent at x = ${data.at}.`);
        const ys = data.curve_y;
        const lo = Math.min(...ys);
        const hi = Math.max(...ys);
        const pad = 0.1 * (hi - lo || 1);
        const p = frame(svg, { left: PAD.left, top: PAD.top, width: W - PAD.left - PAD.right, height: H - PAD.top - PAD.bottom },
          [data.x[0], data.x[data.x.length - 1]], [lo - pad, hi + pad], { xlabel: "x" });
        p.path(data.x, ys, "curve");
        fig.legend("Solid blue: the curve. Dashed: the tangent at the first dot. Solid: the secant through both dots.");
        const h = data.steps[k];
        const s = data.slopes[k];
        p.path(data.x, data.x.map((xv) => data.value + data.tangent * (xv - data.at)), "second");
        p.path(data.x, data.x.map((xv) => data.value + s * (xv - data.at)), "line");
        el("circle", { cx: p.X(data.at), cy: p.Y(data.value), r: 5, class: "dot" }, p.g);
        el("circle", { cx: p.X(data.at + h), cy: p.Y(data.value + s * h), r: 5, class: "dot2" }, p.g);
        fig.readout(`h = ${fmt(h)}: the secant's slope is ${fmt(s, 6)}; the tangent's slope is ${fmt(data.tangent, 6)}.`,
          { h, slope: s, tangent: data.tangent });
      }
      draw();
    },

    "step-error": function (fig, data) {
      // The slider runs from the smallest step to the largest, as the axis does.
      const order = data.steps.map((_, i) => i).sort((i, j) => data.steps[i] - data.steps[j]);
      let k = nearest(data.steps.map(Math.log10), -3);
      control(fig, "Step h", data.steps.length, order.indexOf(k), (i) => { k = order[i]; draw(); });
      const all = [...data.forward, ...data.central].filter((v) => v > 0);
      const yr = [10 ** Math.floor(Math.log10(Math.min(...all))), 10 ** Math.ceil(Math.log10(Math.max(...all)))];
      const xs = [...data.steps].sort((u, v) => u - v);
      function draw() {
        const svg = fig.fresh("Errors of the forward and central differences against the step h, on log-log axes; a marker shows the step chosen by the slider.");
        const p = frame(svg, { left: PAD.left, top: PAD.top, width: W - PAD.left - PAD.right, height: H - PAD.top - PAD.bottom },
          [xs[0], xs[xs.length - 1]], yr, { logx: true, logy: true, xlabel: "step h" });
        p.path(data.steps, data.forward, "second");
        p.path(data.steps, data.central, "curve");
        fig.legend("Solid: error of the central difference. Dashed: error of the forward difference. Both for e^x at x = 1.");
        const h = data.steps[k];
        p.path([h, h], [yr[0], yr[1]], "line");
        if (data.forward[k] > 0) el("circle", { cx: p.X(h), cy: p.Y(data.forward[k]), r: 4, class: "dot2" }, p.g);
        if (data.central[k] > 0) el("circle", { cx: p.X(h), cy: p.Y(data.central[k]), r: 4, class: "dot" }, p.g);
        fig.readout(`h = ${fmt(h)}: forward difference error ${fmt(data.forward[k])}, central difference error ${fmt(data.central[k])}.`,
          { h, forward: data.forward[k], central: data.central[k] });
      }
      draw();
    },

    descent(fig, data) {
      let k = nearest(data.runs.map((r) => r.rate), 0.1);
      control(fig, "Learning rate η", data.runs.length, k, (i) => { k = i; draw(); });
      function verdict(run) {
        const gaps = run.params.map((w) => w - data.minimum);
        const last = run.losses[run.losses.length - 1];
        const swings = gaps.slice(1).some((g, i) => g * gaps[i] < 0);
        if (last > run.losses[0]) return "diverging: each step overshoots further";
        if (last >= 0.99 * run.losses[0]) return "oscillating without converging";
        return swings ? "converging, oscillating around the minimum" : "converging steadily";
      }
      function draw() {
        const run = data.runs[k];
        const svg = fig.fresh("Left: the loss curve with the gradient-descent path; right: the loss at each step on a log scale.");
        const half = (W - PAD.left - PAD.right) / 2 - 30;
        const finite = run.params.filter(Number.isFinite);
        const wmin = Math.min(0, ...finite);
        const wmax = Math.max(2 * data.minimum - Math.min(0, ...finite), ...finite);
        const shown = data.curve_w.map((w, i) => (w >= wmin && w <= wmax ? data.curve_loss[i] : NaN));
        const top = Math.max(...shown.filter(Number.isFinite));
        const left = frame(svg, { left: PAD.left, top: PAD.top, width: half, height: H - PAD.top - PAD.bottom },
          [wmin, wmax], [-0.05 * top, top * 1.05], { xlabel: "w" });
        left.path(data.curve_w, data.curve_loss, "curve");
        fig.legend("Left: the loss (w - 3)^2 and the path from w = 0. Right: the loss at each step, on a log scale.");
        left.path(run.params, run.losses, "line");
        run.params.forEach((w, i) => el("circle", { cx: left.X(w), cy: left.Y(run.losses[i]), r: 3, class: "dot" }, left.g));
        const pos = run.losses.filter((v) => v > 0);
        const lo = 10 ** Math.floor(Math.log10(Math.min(...pos)));
        const hi = 10 ** Math.ceil(Math.log10(Math.max(...pos)) + 1e-9);
        const steps = run.losses.map((_, i) => i);
        const right = frame(svg, { left: PAD.left + half + 60, top: PAD.top, width: half, height: H - PAD.top - PAD.bottom },
          [0, steps.length - 1], [lo, hi === lo ? lo * 10 : hi], { logy: true, xlabel: "step k" });
        right.path(steps, run.losses, "line");
        const n = run.params.length - 1;
        fig.readout(`η = ${fmt(run.rate, 2)}: after ${n} steps w = ${fmt(run.params[n])} and the loss is ${fmt(run.losses[n])}; ${verdict(run)}.`,
          { rate: run.rate, w: run.params[n], loss: run.losses[n] });
      }
      draw();
    },
  };

  function setUp(host) {
    const data = JSON.parse(host.querySelector("script.interactive-figure-data").textContent);
    const kind = KINDS[host.dataset.kind];
    if (!kind) return;
    const controls = document.createElement("div");
    controls.className = "interactive-figure-controls";
    const holder = document.createElement("div");
    const readout = document.createElement("p");
    readout.className = "interactive-figure-readout";
    readout.setAttribute("role", "status");
    readout.setAttribute("aria-live", "polite");
    const legend = document.createElement("p");
    legend.className = "interactive-figure-legend";
    host.append(controls, holder, legend, readout);
    const fig = {
      controls,
      fresh(label) {
        holder.textContent = "";
        return el("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": label }, holder);
      },
      legend(text) {
        if (!legend.textContent) legend.textContent = text;
      },
      readout(text, values) {
        readout.textContent = text;
        for (const [key, v] of Object.entries(values)) readout.dataset[key] = String(v);
      },
    };
    kind(fig, data);
    host.hidden = false;
  }

  function start() {
    document.querySelectorAll(".interactive-figure").forEach(setUp);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
