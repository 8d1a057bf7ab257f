// socialcrm dashboard: sales analytics — the funnel of the period's leads
// per channel, the open pipeline by stage, deals won and lost per month,
// and the figures of each segment, from GET /api/v1/reports/sales.
"use strict";
(function () {
  const { h, $, $$, api, clear, n, money } = window.SC;
  const ZERO_DECIMAL = ["JPY", "KRW", "CLP", "ISK", "VND", "XAF", "XOF", "UGX", "PYG"];
  const STEPS = [["leads", "Leads"], ["qualified", "Qualified"], ["converted", "Converted"], ["won", "Won"]];
  const params = new URLSearchParams(location.search);
  const day = (d) => d.toISOString().slice(0, 10);
  const DAY = 864e5;

  document.addEventListener("DOMContentLoaded", () => {
    const today = new Date();
    $("#sales-until").value = params.get("until") || day(today);
    $("#sales-since").value = params.get("since") || day(new Date(today - 179 * DAY));
    $("#sales-owner").value = params.get("owner") || "";
    $$("#sales-filter [data-range]").forEach((b) => b.addEventListener("click", () => {
      const until = new Date($("#sales-until").value + "T00:00:00Z");
      $("#sales-since").value = day(new Date(until - (Number(b.dataset.range) - 1) * DAY));
      load();
    }));
    for (const id of ["#sales-since", "#sales-until", "#sales-owner"]) $(id).addEventListener("change", load);
    $("#sales-filter").addEventListener("submit", (e) => e.preventDefault());
    load();
  });

  // query is the period of the inputs, whole UTC days, until inclusive.
  function query() {
    const q = new URLSearchParams();
    const since = $("#sales-since").value, until = $("#sales-until").value, owner = $("#sales-owner").value;
    if (since) q.set("since", since + "T00:00:00Z");
    if (until) q.set("until", day(new Date(new Date(until + "T00:00:00Z").getTime() + DAY)) + "T00:00:00Z");
    if (owner) q.set("owner", owner);
    return q;
  }

  function pressRange() {
    const since = new Date($("#sales-since").value + "T00:00:00Z"), until = new Date($("#sales-until").value + "T00:00:00Z");
    const days = Math.round((until - since) / DAY) + 1;
    $$("#sales-filter [data-range]").forEach((b) => b.setAttribute("aria-pressed", String(Number(b.dataset.range) === days)));
  }

  let seq = 0;
  async function load() {
    pressRange();
    const q = query(), mine = ++seq;
    $$("a.csv[data-table]").forEach((a) => {
      const c = new URLSearchParams(q);
      c.set("format", "csv");
      c.set("table", a.dataset.table);
      a.href = "/api/v1/reports/sales?" + c;
    });
    const r = await api("/api/v1/reports/sales?" + q);
    if (mine !== seq) return; // a newer period was asked for
    if (!r.ok) {
      $("#sales-scope").textContent = window.SC.unavailable(r) ? "The sales report is not available." : "Could not load the report: " + r.error;
      for (const id of ["#funnel", "#pipeline", "#months", "#segments"]) {
        const cols = $(id + " thead tr").children.length;
        clear($(id + " tbody"), h("tr", {}, h("td", { colspan: cols, class: "muted" }, "No report.")));
      }
      return;
    }
    const rep = r.data;
    document.body.dataset.salesLoaded = String(mine);
    const date = (t) => new Date(t).toLocaleDateString(undefined, { dateStyle: "medium" });
    $("#sales-scope").textContent = `Leads created and deals closed ${date(rep.since)} – ${date(new Date(rep.until) - 1)}` +
      (rep.owner === undefined ? "" : rep.owner === "" ? ", unassigned" : `, owner ${rep.owner}`) + "; open pipeline and segments as of now.";
    kpis(rep.funnel_total);
    funnel(rep.funnel, rep.funnel_total);
    fx(rep.totals);
    pipeline(rep.pipeline, rep.totals);
    months(rep.months, rep.totals);
    segments(rep.segments, rep.segments_total);
  }

  const pct = (x) => (x == null ? "–" : Math.round(x * 1000) / 10 + " %");
  const major = (amount, currency) => (ZERO_DECIMAL.includes(currency) ? amount : amount / 100);
  const amount = (v, currency) => money(major(v, currency)) + " " + currency;
  const cell = (role, text, attrs) => h("td", Object.assign({ class: "num", "data-role": role }, attrs || {}), text);

  function kpis(t) {
    for (const [k] of STEPS) $("#kpi-" + k).textContent = n(t[k]);
    $("#kpi-overall").textContent = pct(t.overall_rate);
  }

  function funnel(rows, total) {
    const body = $("#funnel tbody");
    if (!rows.length) {
      clear($("#funnel-chart"), h("p", { class: "muted" }, "No leads were created in the period."));
      return clear(body, h("tr", {}, h("td", { colspan: 9, class: "muted" }, "No leads in the period.")));
    }
    clear($("#funnel-chart"), window.SC.charts.hbars($("#funnel-chart"), rows.map((f) => ({
      label: f.channel,
      bars: STEPS.map(([k, name]) => ({ key: "f-" + k, v: f[k], title: `${f.channel}: ${n(f[k])} ${name.toLowerCase()}` })),
    })), { label: "Leads, qualified, converted and won per channel", overlay: true, rowText: (r) => r.bars.map((b) => n(b.v)).join(" → ") }),
    h("p", { class: "legend" }, STEPS.map(([k, name]) => h("span", { class: "key f-" + k }, name))));
    clear(body, rows.concat([total]).map((f) => h("tr", { "data-channel": f.channel, class: f.channel === "total" ? "total" : "" },
      h("th", { scope: "row" }, f.channel),
      STEPS.map(([k]) => cell(k, n(f[k]))),
      cell("qualified_rate", pct(f.qualified_rate)), cell("converted_rate", pct(f.converted_rate)),
      cell("won_rate", pct(f.won_rate)), cell("overall_rate", pct(f.overall_rate)))));
  }

  // fx says, when rates are configured, which rates the totals use and
  // which currencies they leave out for want of a rate.
  function fx(t) {
    const el = $("#sales-fx");
    el.hidden = !t;
    $$("#months th.fx").forEach((th) => { th.hidden = !t; });
    if (!t) return clear(el);
    $("#months-won-total").textContent = `Won, ${t.base}`;
    $("#months-lost-total").textContent = `Lost, ${t.base}`;
    const used = Object.keys(t.rates).filter((c) => c !== t.base).sort();
    clear(el, h("span", { "data-role": "rates" }, `Totals in ${t.base}` +
      (used.length ? ` at ${used.map((c) => `1 ${c} = ${t.rates[c]} ${t.base}`).join(", ")}` : "") + "."),
    t.missing.length ? h("strong", { "data-role": "missing" }, ` Left out of the totals, no exchange rate: ${t.missing.join(", ")}.`) : null);
  }

  function pipeline(rows, t) {
    const body = $("#pipeline tbody"), el = $("#pipeline-chart");
    if (!rows.length) {
      clear(el, h("p", { class: "muted" }, "No open deals."));
      return clear(body, h("tr", {}, h("td", { colspan: 5, class: "muted" }, "No open deals.")));
    }
    const currencies = [...new Set(rows.map((p) => p.currency))].sort();
    clear(el, currencies.map((c) => {
      const box = h("div", { class: "currency-chart", "data-currency": c });
      el.append(box); // sized by the container
      const chart = window.SC.charts.hbars(box, rows.filter((p) => p.currency === c).map((p) => ({
        label: `${p.stage} (${p.probability} %)`,
        bars: [{ key: "p-value", v: major(p.amount, c), title: `${p.stage}: ${p.count} deals, ${amount(p.amount, c)}` },
          { key: "p-weighted", v: major(p.weighted, c), title: `${p.stage}: weighted ${amount(p.weighted, c)}` }],
      })), { label: `Open pipeline in ${c} by stage`, format: (v) => money(v) });
      return clear(box, currencies.length > 1 ? h("h3", {}, c) : null, chart);
    }), h("p", { class: "legend" }, h("span", { class: "key p-value" }, "Value"), h("span", { class: "key p-weighted" }, "Weighted")));
    clear(body, rows.map((p) => h("tr", { "data-stage": p.stage, "data-currency": p.currency },
      h("th", { scope: "row" }, p.stage), h("td", {}, p.currency), cell("count", n(p.count)),
      cell("amount", amount(p.amount, p.currency)), cell("weighted", amount(p.weighted, p.currency)))),
    t ? h("tr", { "data-stage": "total", class: "total" },
      h("th", { scope: "row" }, "Total"), h("td", {}, t.base + (t.missing.length ? ` (without ${t.missing.join(", ")})` : "")),
      cell("count", n(t.pipeline_count)), cell("amount", amount(t.pipeline_amount, t.base)),
      cell("weighted", amount(t.pipeline_weighted, t.base))) : null);
  }

  function values(by) {
    const cs = Object.keys(by || {}).sort();
    return cs.length ? cs.map((c) => amount(by[c], c)).join(", ") : "–";
  }

  function months(rows, t) {
    const tot = {};
    for (const m of (t && t.months) || []) tot[m.month] = m;
    const el = $("#months-chart");
    clear(el, window.SC.charts.columns(el, rows.map((m) => ({
      label: m.month,
      bars: [{ key: "won", v: m.won, title: `${m.month}: ${m.won} won (${values(m.won_amount)})` },
        { key: "lost", v: m.lost, title: `${m.month}: ${m.lost} lost (${values(m.lost_amount)})` }],
    })), { label: "Deals won and lost per month" }),
    h("p", { class: "legend" }, h("span", { class: "key won" }, "Won"), h("span", { class: "key lost" }, "Lost")));
    clear($("#months tbody"), rows.slice().reverse().map((m) => h("tr", { "data-month": m.month },
      h("th", { scope: "row" }, m.month), cell("won", n(m.won)), cell("lost", n(m.lost)),
      cell("won_amount", values(m.won_amount)), cell("lost_amount", values(m.lost_amount)),
      t ? cell("won_total", amount(tot[m.month] ? tot[m.month].won_amount : 0, t.base)) : null,
      t ? cell("lost_total", amount(tot[m.month] ? tot[m.month].lost_amount : 0, t.base)) : null)));
  }

  function segments(rows, total) {
    $("#seg-hint").textContent = "members now, sentiment of their mentions over the last 30 days, open cases" +
      (total > rows.length ? ` — the first ${rows.length} of ${total} segments by name` : "");
    const body = $("#segments tbody");
    if (!rows.length) return clear(body, h("tr", {}, h("td", { colspan: 7, class: "muted" }, "No segments yet: make one on the Segments page.")));
    clear(body, rows.map((g) => h("tr", { "data-segment": g.id },
      h("th", { scope: "row" }, g.name), cell("members", n(g.members)),
      h("td", {}, window.SC.stackBar(g.positive, g.neutral, g.negative)),
      cell("positive", n(g.positive)), cell("neutral", n(g.neutral)), cell("negative", n(g.negative)),
      cell("open_cases", n(g.open_cases)))));
  }
})();
