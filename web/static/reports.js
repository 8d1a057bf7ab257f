// socialcrm dashboard: service-level reports — how often each target was
// met in time, per channel, agent, team or week, with answer and
// resolution times, backlog and breaches.
"use strict";
(function () {
  const { h, s, $, $$, api, clear, n } = window.SC;
  const TARGETS = [["first_response", "First response"], ["next_response", "Next response"], ["resolution", "Resolution"]];
  const params = new URLSearchParams(location.search);
  const st = { group: params.get("group_by") || "channel" };

  document.addEventListener("DOMContentLoaded", () => {
    const day = (d) => d.toISOString().slice(0, 10);
    const until = new Date(Date.now() + 864e5), since = new Date(until - 8 * 864e5);
    $("#report-since").value = params.get("since") || day(since);
    $("#report-until").value = params.get("until") || day(until);
    $$("#report-filter [data-group]").forEach((b) => {
      b.setAttribute("aria-pressed", String(b.dataset.group === st.group));
      b.addEventListener("click", () => {
        st.group = b.dataset.group;
        $$("#report-filter [data-group]").forEach((x) => x.setAttribute("aria-pressed", String(x === b)));
        load();
      });
    });
    for (const id of ["#report-since", "#report-until"]) $(id).addEventListener("change", load);
    $("#report-filter").addEventListener("submit", (e) => e.preventDefault());
    load();
  });

  function query() {
    const q = new URLSearchParams({ group_by: st.group });
    const since = $("#report-since").value, until = $("#report-until").value;
    if (since) q.set("since", since + "T00:00:00Z");
    if (until) q.set("until", until + "T00:00:00Z");
    return q;
  }

  async function load() {
    const q = query();
    const csv = new URLSearchParams(q);
    csv.set("format", "csv");
    $("#report-csv").href = "/api/v1/reports/sla?" + csv;
    const r = await api("/api/v1/reports/sla?" + q);
    const body = $("#report tbody");
    if (!r.ok) {
      clear($("#attainment"), h("p", { class: "muted" }, window.SC.unavailable(r) ? "Reports are not available." : "Could not load the report: " + r.error));
      return clear(body, h("tr", {}, h("td", { colspan: 9, class: "muted" }, "No report.")));
    }
    const rep = r.data;
    $("#report-scope").textContent = `${n(rep.total.cases)} case${rep.total.cases === 1 ? "" : "s"} opened ${window.SC.time(rep.since)} – ${window.SC.time(rep.until)}`;
    chart(rep.rows);
    clear(body, rep.rows.length ? rep.rows.concat([rep.total]).map(row) : h("tr", {}, h("td", { colspan: 9, class: "muted" }, "No cases in the period.")));
  }

  const pct = (a) => (a && a.rate != null ? Math.round(a.rate * 1000) / 10 + " %" : "–");
  const dur = (x) => (x == null ? "–" : x < 3600 ? Math.round(x / 60) + " min" : x < 172800 ? Math.round(x / 360) / 10 + " h" : Math.round(x / 8640) / 10 + " d");

  function row(r) {
    const cell = (a) => h("td", { title: a ? `${a.hit} hit, ${a.missed} missed, ${a.open} running` : "" }, pct(a));
    return h("tr", { "data-group": r.group, class: r.group === "total" ? "total" : "" },
      h("th", { scope: "row" }, r.group), h("td", {}, n(r.cases)),
      TARGETS.map(([k]) => cell(r.attainment[k])),
      h("td", {}, `${dur(r.first_response.median_seconds)} / ${dur(r.first_response.p90_seconds)}`),
      h("td", {}, `${dur(r.resolution.median_seconds)} / ${dur(r.resolution.p90_seconds)}`),
      h("td", {}, n(r.backlog)), h("td", {}, n(r.breaches)));
  }

  // chart draws one row of bars per group: a bar per target, as long as
  // the share of its targets met in time.
  function chart(rows) {
    const el = $("#attainment");
    if (!rows.length) return clear(el, h("p", { class: "muted" }, "No cases in the period."));
    const W = 720, label = 130, barH = 14, gap = 4, groupH = TARGETS.length * (barH + gap) + 14, H = rows.length * groupH + 24;
    const x = (v) => label + v * (W - label - 60);
    const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, width: "100%", class: "sla-chart" });
    [0, 0.5, 1].forEach((v) => svg.append(s("line", { x1: x(v), x2: x(v), y1: 0, y2: H - 20, class: "grid" }),
      s("text", { x: x(v), y: H - 6, "text-anchor": "middle", class: "tick" }, v * 100 + " %")));
    rows.forEach((r, i) => {
      const y0 = i * groupH;
      svg.append(s("text", { x: 0, y: y0 + barH + 2, class: "group-label" }, r.group.length > 18 ? r.group.slice(0, 17) + "…" : r.group));
      TARGETS.forEach(([k, name], j) => {
        const a = r.attainment[k], y = y0 + j * (barH + gap);
        if (!a || a.rate == null) return;
        svg.append(s("rect", { x: label, y, width: Math.max(1, x(a.rate) - label), height: barH, class: "bar " + k,
          "data-group": r.group, "data-target": k, "data-rate": String(a.rate) }, s("title", {}, `${r.group}, ${name}: ${pct(a)} (${a.hit} of ${a.hit + a.missed})`)),
        s("text", { x: x(a.rate) + 4, y: y + barH - 3, class: "value" }, pct(a)));
      });
    });
    clear(el, svg, h("p", { class: "legend" }, TARGETS.map(([k, name]) => h("span", { class: "key " + k }, name))));
  }
})();
