// socialcrm dashboard: the overview page — sentiment over time per brand,
// share of voice, breakdowns and the live feed of scored mentions.
"use strict";
(function () {
  const { h, $, $$, api, list, clear, n, pct, signed } = window.SC;
  const windows = { "1h": ["1m", 60e3], "24h": ["1h", 3600e3], "7d": ["6h", 6 * 3600e3], "30d": ["1d", 86400e3] };
  const ranges = { "1h": 3600e3, "24h": 86400e3, "7d": 7 * 86400e3, "30d": 30 * 86400e3 };
  const st = { picked: false, range: "24h", brand: "", by: "topic", sample: [], brands: [], summaries: new Map(), overall: null, dirty: false, paused: 0, bd: 0 };

  document.addEventListener("DOMContentLoaded", () => {
    $("#brand").addEventListener("change", (e) => { st.brand = e.target.value; render(); loadBreakdown(); renderFeed(); });
    $$("input[name=range]").forEach((r) => r.addEventListener("change", (e) => { st.range = e.target.value; st.picked = true; load(); }));
    $("#scope").addEventListener("submit", (e) => e.preventDefault());
    $$(".tabs [data-by]").forEach((b) => b.addEventListener("click", () => {
      st.by = b.dataset.by;
      $$(".tabs [data-by]").forEach((x) => x.setAttribute("aria-pressed", String(x === b)));
      loadBreakdown();
    }));
    $("#feed-filter").addEventListener("change", renderFeed);
    $("#feed-pause").addEventListener("change", (e) => { if (!e.target.checked) renderFeed(); });
    let rt; window.addEventListener("resize", () => { clearTimeout(rt); rt = setTimeout(renderCharts, 150); });
    document.addEventListener("sc:corrected", (e) => {
      const i = st.sample.findIndex((m) => m.id === e.detail.id);
      if (i >= 0) st.sample[i] = e.detail;
      st.dirty = true;
    });
    window.SC.stream({ mention: onMention, alert: onAlert });
    setInterval(() => { if (st.dirty) { st.dirty = false; load(true); } }, 30000);
    load();
  });

  // load reads the figures of the range, all counted by the store over
  // every mention in it, and the newest mentions for the feed.
  async function load(quiet) {
    const since = st.range, win = windows[st.range][0];
    const [sample, byBrand] = await Promise.all([api(`/api/v1/mentions?since=${since}&limit=100`),
      api(`/api/v1/sentiment/breakdown?by=brand&since=${since}&limit=10`)]);
    st.sample = sample.ok ? list(sample.data, "mentions") : [];
    // the ten brands with most mentions in range, in a stable order
    st.brands = byBrand.ok ? byBrand.data.rows.map((r) => r.key).filter(Boolean).sort() : [];
    const sums = await Promise.all([null, ...st.brands.slice(0, 10)].map((b) =>
      api(`/api/v1/sentiment/summary?since=${since}&window=${win}` + (b ? "&brand=" + encodeURIComponent(b) : ""))));
    st.overall = sums[0];
    // A young installation has under two hours of data: show the last hour
    // in 1-minute buckets rather than two points on a day.
    const buckets = st.overall.ok ? st.overall.data.buckets : [];
    if (!st.picked && st.range === "24h" && buckets.length && Date.now() - new Date(buckets[0].start) < 3 * 3600e3) {
      st.picked = true;
      st.range = "1h";
      $("#r1h").checked = true;
      return load(quiet);
    }
    st.summaries = new Map(st.brands.slice(0, 10).map((b, i) => [b, sums[i + 1].ok ? sums[i + 1].data : null]));
    fillBrands();
    render();
    loadBreakdown();
    if (!quiet) renderFeed();
  }

  function fillBrands() {
    const sel = $("#brand");
    clear(sel, h("option", { value: "" }, "All brands"), st.brands.map((b) => h("option", { value: b }, b)));
    if (st.brand && !st.brands.includes(st.brand)) sel.append(h("option", { value: st.brand }, st.brand));
    sel.value = st.brand;
  }

  function scopeSummary() {
    if (!st.brand) return st.overall && st.overall.ok ? st.overall.data : null;
    return st.summaries.get(st.brand) || null;
  }

  function render() {
    const sum = scopeSummary();
    const t = sum ? sum.totals : null;
    const tot = t ? t.positive + t.neutral + t.negative : NaN;
    $("#kpi-total").textContent = n(tot);
    $("#kpi-pos").textContent = tot ? pct(t.positive / tot) : "–";
    $("#kpi-neg").textContent = tot ? pct(t.negative / tot) : "–";
    $("#kpi-net").textContent = tot ? signed((t.positive - t.negative) / tot) : "–";
    $("#vol-scope").textContent = st.brand ? "Brand " + st.brand : "All brands";
    renderCharts();
    renderSOV();
  }

  function renderCharts() {
    const width = windows[st.range][1], now = Date.now();
    const t0 = Math.floor((now - ranges[st.range]) / width) * width, t1 = Math.ceil(now / width) * width;
    const trend = $("#trend"), vol = $("#volume");
    if (!st.overall || !st.overall.ok) {
      clear(trend, window.SC.na("Sentiment summary", st.overall));
      clear(vol, window.SC.na("Sentiment summary", st.overall));
      trend.dataset.state = vol.dataset.state = "unavailable";
      return;
    }
    const series = [];
    st.brands.slice(0, 10).forEach((b, i) => {
      const sum = st.summaries.get(b);
      if (!sum) return;
      series.push({ name: b, color: window.SC.color(i), points: sum.buckets.map((k) => point(b, k)).filter(Boolean) });
    });
    if (!series.length) series.push({ name: "all", color: window.SC.color(0), points: st.overall.data.buckets.map((k) => point("all", k)).filter(Boolean) });
    const npts = series.reduce((a, se) => a + se.points.length, 0);
    if (!npts) {
      clear(trend, h("p", { class: "muted" }, "No scored mentions in this period yet."));
    } else {
      clear(trend, window.SC.charts.line(trend, series, {
        t0, t1, width, yMin: -1, yMax: 1, yTicks: [-1, -0.5, 0, 0.5, 1], yFormat: (v) => signed(v, 1).replace("+0.0", "0").replace(/^0\.0$/, "0"),
        highlight: st.brand, label: `Net sentiment per ${window.SC.duration(width)} for ${series.map((x) => x.name).join(", ")}`,
      }));
    }
    trend.dataset.state = "ready";
    trendTable(series);
    clear($("#trend-legend"), series.map((se) => h("li", {},
      h("span", { class: "swatch", style: { "--c": se.color }, "aria-hidden": "true" }),
      h("button", { type: "button", class: "linkish", "aria-pressed": String(st.brand === se.name), onclick: () => pickBrand(se.name === st.brand ? "" : se.name) }, se.name))));
    const sum = scopeSummary();
    const buckets = sum ? sum.buckets.map((k) => ({ t: +new Date(k.start), positive: k.positive, neutral: k.neutral, negative: k.negative })) : [];
    if (!buckets.length) clear(vol, h("p", { class: "muted" }, "No mentions in this period."));
    else clear(vol, window.SC.charts.stacked(vol, buckets, { t0, t1, width, label: `Mentions per ${window.SC.duration(width)} by sentiment` }));
    vol.dataset.state = "ready";
  }

  // trendTable gives the chart's figures as a table, one row per bucket.
  function trendTable(series) {
    const times = [...new Set(series.flatMap((se) => se.points.map((p) => p.t)))].sort((a, b) => a - b);
    const byKey = new Map(series.flatMap((se) => se.points.map((p) => [se.name + "@" + p.t, p])));
    clear($("#trend-table"), h("table", { class: "table" },
      h("caption", { class: "sr" }, "Net sentiment per brand and time bucket"),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Bucket"), series.map((se) => h("th", { scope: "col", class: "num" }, se.name)))),
      h("tbody", {}, times.slice(-48).reverse().map((t) => h("tr", {},
        h("th", { scope: "row" }, new Date(t).toLocaleString(undefined, { dateStyle: "short", timeStyle: "short" })),
        series.map((se) => { const p = byKey.get(se.name + "@" + t); return h("td", { class: "num" }, p ? `${signed(p.v)} (${n(p.n)})` : "–"); }))))));
  }

  function point(name, k) {
    const tot = k.positive + k.neutral + k.negative;
    if (!tot) return null;
    const v = (k.positive - k.negative) / tot;
    return { t: +new Date(k.start), v, n: tot, title: `${name}, ${new Date(k.start).toLocaleString()}: net ${signed(v)} over ${tot} mentions (${k.positive} positive, ${k.negative} negative)` };
  }

  function pickBrand(b) { st.brand = b; $("#brand").value = b; render(); loadBreakdown(); renderFeed(); }

  function renderSOV() {
    const el = $("#sov");
    if (!st.overall || !st.overall.ok) return clear(el, h("li", {}, window.SC.na("Share of voice", st.overall)));
    const rows = st.brands.slice(0, 10).map((b, i) => {
      const t = (st.summaries.get(b) || { totals: { positive: 0, neutral: 0, negative: 0 } }).totals;
      return { b, i, t, tot: t.positive + t.neutral + t.negative };
    }).filter((r) => r.tot > 0).sort((a, b) => b.tot - a.tot);
    const all = rows.reduce((a, r) => a + r.tot, 0);
    if (!rows.length) return clear(el, h("li", { class: "muted" }, "No brand mentions in this period."));
    clear(el, rows.map((r) => h("li", { "data-brand": r.b },
      h("div", { class: "row-head" },
        h("button", { type: "button", class: "name linkish", onclick: () => pickBrand(r.b === st.brand ? "" : r.b) }, r.b),
        h("span", { class: "val" }, `${pct(r.tot / all, 1)} · ${n(r.tot)} · net ${signed((r.t.positive - r.t.negative) / r.tot)}`)),
      h("div", { class: "bar-track" }, h("div", { class: "bar-fill", style: { width: (100 * r.tot / all).toFixed(2) + "%", "--c": window.SC.color(r.i) } })),
      window.SC.stackBar(r.t.positive, r.t.neutral, r.t.negative))));
  }

  // loadBreakdown counts the range's mentions by topic, channel or
  // language, store-side: every mention in range, not a sample.
  async function loadBreakdown() {
    const el = $("#breakdown"), by = st.by, brand = st.brand, range = st.range, seq = ++st.bd;
    el.dataset.state = "loading";
    const r = await api(`/api/v1/sentiment/breakdown?by=${by}&since=${range}&limit=6` + (brand ? "&brand=" + encodeURIComponent(brand) : ""));
    if (seq !== st.bd) return; // a newer scope was asked for meanwhile
    el.dataset.state = "ready";
    const span = "the last " + window.SC.duration(ranges[range]);
    if (!r.ok) {
      $("#bd-note").textContent = "";
      return clear(el, h("li", {}, window.SC.na("Breakdown", r)));
    }
    const all = r.data.mentions.total;
    $("#bd-note").textContent = all ? `All ${n(all)} scored mentions of ${span}` + (by === "topic" ? "; a mention counts once per topic it has." : ".") : "";
    const rows = r.data.rows;
    if (!rows.length) return clear(el, h("li", { class: "muted" }, by === "topic" ? "No topics found in " + span + "." : "No mentions in " + span + "."));
    clear(el, rows.map((g) => h("li", { "data-key": g.key },
      h("div", { class: "row-head" }, h("span", { class: "name" }, g.key || "unknown"), h("span", { class: "val" }, `${n(g.total)} · net ${signed((g.positive - g.negative) / g.total)}`)),
      window.SC.stackBar(g.positive, g.neutral, g.negative))));
  }

  function feedMatch(m) {
    const lf = $("#feed-filter").value;
    return (!st.brand || m.brand === st.brand) && (!lf || (m.sentiment && m.sentiment.label === lf));
  }

  function renderFeed() {
    const el = $("#feed");
    const ms = st.sample.filter(feedMatch).slice(0, 30);
    if (!ms.length) return clear(el, h("li", { class: "muted empty" }, "Waiting for mentions…"));
    clear(el, ms.map((m) => window.SC.mentionItem(m)));
  }

  function onMention(m) {
    if (!m || !m.id) return;
    const i = st.sample.findIndex((x) => x.id === m.id);
    if (i >= 0) st.sample[i] = m; else st.sample.unshift(m);
    st.dirty = true;
    bumpKPIs(m, i < 0);
    if (!feedMatch(m) || $("#feed-pause").checked) return;
    const el = $("#feed");
    $(".empty", el) && $(".empty", el).remove();
    $(".muted", el) && !$(".mention", el) && clear(el);
    const item = window.SC.mentionItem(m);
    item.classList.add("fresh");
    const old = $(`[data-mention="${CSS.escape(m.id)}"]`, el);
    if (old) old.replaceWith(item); else el.prepend(item);
    while (el.children.length > 50) el.lastElementChild.remove();
  }

  function bumpKPIs(m, isNew) {
    const sum = scopeSummary();
    if (!isNew || !sum || !m.sentiment || (st.brand && m.brand !== st.brand)) return;
    sum.totals[m.sentiment.label] = (sum.totals[m.sentiment.label] || 0) + 1;
    const t = sum.totals, tot = t.positive + t.neutral + t.negative;
    $("#kpi-total").textContent = n(tot);
    $("#kpi-pos").textContent = pct(t.positive / tot);
    $("#kpi-neg").textContent = pct(t.negative / tot);
    $("#kpi-net").textContent = signed((t.positive - t.negative) / tot);
  }

  function onAlert(a) {
    if (!a) return;
    window.SC.toast(`Alert ${a.status || ""}: ${a.brand || ""}${a.topic ? " / " + a.topic : ""} (${a.severity || "?"})`, a.status === "firing");
    window.SC.refreshAlertCount();
  }
})();
