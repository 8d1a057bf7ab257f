// socialcrm dashboard: SVG charts drawn by hand (line, stacked bars,
// horizontal bars, columns, ego network). Each returns an <svg> sized to its container's width.
"use strict";
(function () {
  const { s, h } = window.SC;
  const C = {};
  window.SC.charts = C;

  function frame(container, height, label) {
    const W = Math.max(280, Math.round(container.clientWidth || 600));
    const svg = s("svg", { viewBox: `0 0 ${W} ${height}`, width: W, height, role: "img", "aria-label": label, preserveAspectRatio: "xMinYMin meet" });
    svg.append(s("title", {}, label));
    return { svg, W, H: height };
  }

  // timeTicks returns round ticks (local time) between t0 and t1, at most
  // about n of them.
  function timeTicks(t0, t1, n) {
    const H = 3600e3, M = 60e3, steps = [5 * M, 10 * M, 15 * M, 30 * M, H, 2 * H, 3 * H, 4 * H, 6 * H, 12 * H, 24 * H, 48 * H, 7 * 24 * H, 14 * 24 * H];
    const step = steps.find((st) => (t1 - t0) / st <= n) || steps[steps.length - 1];
    const tz = new Date(t0).getTimezoneOffset() * 60e3;
    const out = [];
    for (let t = Math.ceil((t0 - tz) / step) * step + tz; t <= t1; t += step) {
      const d = new Date(t);
      out.push({ t, label: step >= 24 * H ? d.toLocaleDateString(undefined, { month: "short", day: "numeric" }) : d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" }) });
    }
    return out;
  }

  function xAxis(g, x, t0, t1, y, width) {
    for (const tk of timeTicks(t0, t1, width < 420 ? 3 : 7)) {
      g.append(s("line", { x1: x(tk.t), x2: x(tk.t), y1: y, y2: y + 4, class: "tick" }));
      g.append(s("text", { class: "axis", x: x(tk.t), y: y + 16, "text-anchor": "middle" }, tk.label));
    }
  }

  // line draws one line with points per series over [t0, t1], values in
  // [yMin, yMax]. series: [{name, color, points: [{t, v, title}]}].
  C.line = function (container, series, o) {
    const { svg, W, H } = frame(container, o.height || 240, o.label);
    const m = { l: 40, r: 12, t: 10, b: 26 };
    const x = (t) => m.l + ((t - o.t0) / (o.t1 - o.t0 || 1)) * (W - m.l - m.r);
    const y = (v) => m.t + (1 - (v - o.yMin) / (o.yMax - o.yMin)) * (H - m.t - m.b);
    const grid = s("g", { class: "grid" });
    for (const v of o.yTicks) {
      grid.append(s("line", { x1: m.l, x2: W - m.r, y1: y(v), y2: y(v), class: v === 0 ? "zero" : null }));
      grid.append(s("text", { class: "axis", x: m.l - 6, y: y(v) + 4, "text-anchor": "end" }, o.yFormat ? o.yFormat(v) : v));
    }
    xAxis(grid, x, o.t0, o.t1, H - m.b, W);
    svg.append(grid);
    series.forEach((se) => {
      const g = s("g", { class: "brand-series" + (o.highlight && o.highlight !== se.name ? " dim" : ""), "data-series": se.name });
      const half = (o.width || 0) / 2;
      const pts = se.points.map((p) => ({ ...p, t: p.t + half })).sort((a, b) => a.t - b.t);
      if (pts.length > 1) {
        g.append(s("path", { class: "series", stroke: se.color, d: pts.map((p, i) => (i ? "L" : "M") + x(p.t).toFixed(1) + " " + y(p.v).toFixed(1)).join(" ") }));
      }
      for (const p of pts) {
        g.append(s("circle", { class: "point", cx: x(p.t).toFixed(1), cy: y(p.v).toFixed(1), r: pts.length > 60 ? 2.5 : 3.8, fill: se.color, "data-series": se.name },
          s("title", {}, p.title)));
      }
      svg.append(g);
    });
    return svg;
  };

  // stacked draws positive/neutral/negative bars per bucket.
  // buckets: [{t, positive, neutral, negative}], width ms per bucket.
  C.stacked = function (container, buckets, o) {
    const { svg, W, H } = frame(container, o.height || 180, o.label);
    const m = { l: 40, r: 12, t: 8, b: 26 };
    const max = Math.max(1, ...buckets.map((b) => b.positive + b.neutral + b.negative));
    const x = (t) => m.l + ((t - o.t0) / (o.t1 - o.t0 || 1)) * (W - m.l - m.r);
    const y = (v) => m.t + (1 - v / max) * (H - m.t - m.b);
    const grid = s("g", { class: "grid" });
    for (const v of niceTicks(max)) {
      grid.append(s("line", { x1: m.l, x2: W - m.r, y1: y(v), y2: y(v) }));
      grid.append(s("text", { class: "axis", x: m.l - 6, y: y(v) + 4, "text-anchor": "end" }, window.SC.n(v)));
    }
    xAxis(grid, x, o.t0, o.t1, H - m.b, W);
    svg.append(grid);
    const bw = Math.max(1.5, (x(o.t0 + o.width) - x(o.t0)) * 0.78);
    for (const b of buckets) {
      let base = 0;
      const g = s("g", { class: "bucket" });
      g.append(s("title", {}, `${new Date(b.t).toLocaleString()}: ${b.positive} positive, ${b.neutral} neutral, ${b.negative} negative`));
      for (const k of ["negative", "neutral", "positive"]) {
        const v = b[k];
        if (!v) continue;
        g.append(s("rect", { class: "bar " + k, x: (x(b.t) + (x(b.t + o.width) - x(b.t) - bw) / 2).toFixed(1), width: bw.toFixed(1), y: y(base + v).toFixed(1), height: (y(base) - y(base + v)).toFixed(1) }));
        base += v;
      }
      svg.append(g);
    }
    return svg;
  };

  // hbars draws a group of horizontal bars per row, each as long as its
  // value over the largest. rows: [{label, bars: [{key, v, title}]}];
  // o.format writes a value beside its bar. With o.overlay the bars of a
  // row lie on one another, longest first (a funnel), and o.rowText(row)
  // is written at the end of the row.
  C.hbars = function (container, rows, o) {
    const barH = o.overlay ? 20 : 14, gap = 3;
    const groupH = (o.overlay ? 1 : Math.max(1, ...rows.map((r) => r.bars.length))) * (barH + gap) + (o.overlay ? 6 : 10);
    const { svg, W } = frame(container, rows.length * groupH + 6, o.label);
    const label = Math.min(150, Math.round(W * 0.28)), right = o.overlay ? 130 : 70;
    const max = Math.max(1e-9, ...rows.flatMap((r) => r.bars.map((b) => b.v)));
    const x = (v) => (v / max) * (W - label - right);
    const fmt = o.format || window.SC.n;
    rows.forEach((r, i) => {
      const y0 = i * groupH + 4;
      const g = s("g", { class: "hbar-row", "data-row": r.label });
      g.append(s("text", { class: "axis", x: label - 8, y: y0 + barH / 2 + 4, "text-anchor": "end" }, r.label.length > 22 ? r.label.slice(0, 21) + "…" : r.label));
      const bars = o.overlay ? r.bars.slice().sort((a, b) => b.v - a.v) : r.bars;
      bars.forEach((b, j) => {
        const y = o.overlay ? y0 : y0 + j * (barH + gap);
        g.append(s("rect", { class: "bar " + b.key, x: label, y, width: Math.max(b.v > 0 ? 2 : 0, x(b.v)).toFixed(1), height: barH, "data-key": b.key, "data-value": String(b.v) }, s("title", {}, b.title)));
        if (!o.overlay) g.append(s("text", { class: "axis", x: label + x(b.v) + 4, y: y + barH - 3 }, fmt(b.v)));
      });
      if (o.overlay) g.append(s("text", { class: "axis", x: label + x(Math.max(0, ...r.bars.map((b) => b.v))) + 6, y: y0 + barH / 2 + 4 }, o.rowText ? o.rowText(r) : ""));
      svg.append(g);
    });
    return svg;
  };

  // columns draws a group of vertical bars per bucket (months), over a
  // value axis from 0. groups: [{label, bars: [{key, v, title}]}].
  C.columns = function (container, groups, o) {
    const { svg, W, H } = frame(container, o.height || 200, o.label);
    const m = { l: 40, r: 12, t: 8, b: 26 };
    const max = Math.max(1, ...groups.flatMap((g) => g.bars.map((b) => b.v)));
    const y = (v) => m.t + (1 - v / max) * (H - m.t - m.b);
    const grid = s("g", { class: "grid" });
    for (const v of niceTicks(max)) {
      grid.append(s("line", { x1: m.l, x2: W - m.r, y1: y(v), y2: y(v) }));
      grid.append(s("text", { class: "axis", x: m.l - 6, y: y(v) + 4, "text-anchor": "end" }, window.SC.n(v)));
    }
    svg.append(grid);
    const slot = (W - m.l - m.r) / Math.max(1, groups.length);
    const every = Math.ceil(groups.length / Math.max(1, Math.floor(W / 70)));
    groups.forEach((g, i) => {
      const x0 = m.l + i * slot, n = Math.max(1, g.bars.length), bw = Math.max(2, (slot * 0.7) / n);
      const el = s("g", { class: "column", "data-group": g.label });
      g.bars.forEach((b, j) => {
        if (b.v > 0) el.append(s("rect", { class: "bar " + b.key, x: (x0 + slot * 0.15 + j * bw).toFixed(1), width: (bw - 1).toFixed(1), y: y(b.v).toFixed(1), height: (y(0) - y(b.v)).toFixed(1), "data-key": b.key, "data-value": String(b.v) }, s("title", {}, b.title)));
      });
      if (i % every === 0) el.append(s("text", { class: "axis", x: (x0 + slot / 2).toFixed(1), y: H - m.b + 16, "text-anchor": "middle" }, g.label));
      svg.append(el);
    });
    return svg;
  };

  function niceTicks(max) {
    const step = Math.pow(10, Math.floor(Math.log10(max)));
    const unit = max / step > 5 ? step * 2 : max / step > 2 ? step : step / 2;
    const out = [];
    for (let v = 0; v <= max + 1e-9; v += Math.max(1, unit)) out.push(Math.round(v));
    return out;
  }

  // communities gives each community of an ego network its colour, the
  // centre's first, then by how many of the nodes are in it; the drawing
  // and its legend both read it. [{community, color, count}]
  C.communities = function (ego) {
    const by = new Map();
    for (const n of ego.nodes) by.set(n.community, (by.get(n.community) || 0) + 1);
    const centre = (ego.nodes.find((n) => n.id === ego.center) || {}).community;
    return [...by.entries()]
      .sort((a, b) => (b[0] === centre) - (a[0] === centre) || b[1] - a[1] || a[0] - b[0])
      .map(([community, count], i) => ({ community, count, color: window.SC.color(i) }));
  };

  // ego draws a node with its neighbours on a ring, ties as lines whose
  // width grows with strength; strong ties solid, weak dashed.
  C.ego = function (container, ego, o) {
    const { svg, W } = frame(container, 320, o.label);
    const H = 320, cx = W / 2, cy = H / 2, R = Math.min(W / 2 - 70, H / 2 - 30);
    const others = ego.nodes.filter((n) => n.id !== ego.center);
    const pos = new Map([[ego.center, [cx, cy]]]);
    others.forEach((n, i) => {
      const a = (2 * Math.PI * i) / Math.max(1, others.length) - Math.PI / 2;
      pos.set(n.id, [cx + R * Math.cos(a), cy + R * Math.sin(a)]);
    });
    const edges = s("g", { class: "edges" });
    const maxS = Math.max(1e-9, ...ego.edges.map((e) => e.strength || 0));
    // ties of the centre first, so they are drawn over the others
    const sorted = ego.edges.slice().sort((a, b) => (a.source === ego.center || a.target === ego.center) - (b.source === ego.center || b.target === ego.center));
    for (const e of sorted) {
      const a = pos.get(e.source), b = pos.get(e.target);
      if (!a || !b) continue;
      edges.append(s("line", { class: e["class"] === "strong" ? "strong" : "weak", x1: a[0], y1: a[1], x2: b[0], y2: b[1], "stroke-width": (0.8 + 4.2 * (e.strength || 0) / maxS).toFixed(2), "data-center": String(e.source === ego.center || e.target === ego.center) },
        s("title", {}, `${e.source} — ${e.target}: ${e["class"] || "tie"}, strength ${(e.strength || 0).toFixed(2)}, ${e.interactions || 0} interactions`)));
    }
    svg.append(edges);
    const maxPR = Math.max(1e-9, ...ego.nodes.map((n) => n.pagerank || 0));
    const colors = new Map(C.communities(ego).map((c) => [c.community, c.color]));
    for (const n of ego.nodes) {
      const [px, py] = pos.get(n.id);
      const center = n.id === ego.center;
      const r = center ? 14 : 6 + 8 * Math.sqrt((n.pagerank || 0) / maxPR);
      const g = s("g", { class: "node" + (center ? " center" : ""), "data-node": n.id, "data-community": n.community });
      g.append(s("circle", { cx: px, cy: py, r: r.toFixed(1), fill: colors.get(n.community) }, s("title", {}, `${n.id} · community ${n.community} · PageRank ${(n.pagerank || 0).toFixed(4)}`)));
      const right = px >= cx;
      g.append(s("text", { class: "node-label", x: center ? px : px + (right ? r + 4 : -r - 4), y: center ? py + r + 13 : py + 4, "text-anchor": center ? "middle" : right ? "start" : "end" }, short(n.id)));
      svg.append(g);
    }
    return svg;
  };

  function short(id) { const t = id.length > 28 ? id.slice(0, 27) + "…" : id; return t; }
})();
