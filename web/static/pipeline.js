// socialcrm dashboard: the sales pipeline — a column per stage, deals
// moved by their arrow buttons or, on a focused card, the ← and → keys;
// the weighted forecast per month of expected close.
"use strict";
(function () {
  const { h, $, api, list, clear, n, money } = window.SC;
  let stages = [], accounts = new Map();
  // the stages arrows walk through: every open stage, then the first won
  const won = () => stages.find((s) => s.outcome === "won");
  const lost = () => stages.find((s) => s.outcome === "lost");
  const walk = () => stages.filter((s) => !s.closed).concat(won() ? [won()] : []).map((s) => s.name);

  document.addEventListener("DOMContentLoaded", async () => {
    window.SC.stream({});
    if (document.body.dataset.page !== "pipeline") return;
    const ar = await api("/api/v1/accounts");
    if (ar.ok) accounts = new Map(list(ar.data, "accounts").map((a) => [a.id, a.name]));
    load(new URLSearchParams(location.search).get("opportunity") || undefined);
  });

  const amount = (o) => money(o.currency && ["JPY", "KRW", "CLP", "ISK", "VND", "XAF", "XOF", "UGX", "PYG"].includes(o.currency) ? o.amount : o.amount / 100) + " " + o.currency;

  async function load(focusID) {
    const [pr, or] = await Promise.all([api("/api/v1/pipeline"), api("/api/v1/opportunities?limit=1000")]);
    const board = $("#board");
    if (!pr.ok || !or.ok) return clear(board, window.SC.na("Pipeline", pr.ok ? or : pr));
    stages = pr.data.stages || [];
    const opps = list(or.data, "opportunities");
    // stages the configuration dropped that opportunities are still in
    const known = new Set(stages.map((s) => s.name));
    const retired = [...new Set(opps.map((o) => o.stage).filter((s) => !known.has(s)))].sort()
      .map((name) => ({ name, retired: true, probability: (opps.find((o) => o.stage === name) || {}).probability }));
    clear(board, stages.concat(retired).map((s) => column(s, opps.filter((o) => o.stage === s.name), pr.data.totals || [])));
    forecast(pr.data.forecast || []);
    if (focusID) {
      const card = board.querySelector(`[data-opp="${CSS.escape(focusID)}"]`);
      if (card) card.focus();
    }
  }

  function column(s, opps, totals) {
    const tot = totals.filter((t) => t.stage === s.name);
    return h("section", { class: "stage", "data-stage": s.name, "data-retired": s.retired ? "true" : null, "aria-labelledby": "stage-" + s.name },
      h("header", {},
        h("h2", { id: "stage-" + s.name }, s.name, " ", h("span", { class: "hint" }, s.retired ? "not in the pipeline" : s.probability + "%")),
        h("p", { class: "hint", "data-role": "total" }, `${n(opps.length)} deal${opps.length === 1 ? "" : "s"}`,
          tot.map((t) => " · " + money(t.value) + " " + t.currency))),
      h("ol", { class: "cards" }, opps.map(card)));
  }

  function card(o) {
    const steps = walk(), i = steps.indexOf(o.stage);
    const li = h("li", { class: "deal", tabindex: "0", "data-opp": o.id, "data-stage": o.stage,
      "aria-label": `${o.name}, ${o.stage}`, onkeydown: (e) => key(e, o) },
      h("a", { href: "/opportunities/" + encodeURIComponent(o.id), class: "deal-name", tabindex: "-1" }, h("strong", {}, o.name)),
      h("div", { class: "hint" }, accounts.get(o.account_id) || o.account_id),
      h("div", { "data-role": "amount" }, amount(o)),
      o.expected_close ? h("div", { class: "hint" }, "closes " + o.expected_close) : null,
      o.outcome === "lost" && o.lost_reason ? h("div", { class: "hint" }, "lost: " + o.lost_reason) : null);
    const acts = h("div", { class: "deal-actions" });
    if (o.outcome === "lost") {
      if (steps.length) acts.append(h("button", { type: "button", "data-move": "reopen", onclick: () => move(o, steps[0]) }, "Reopen"));
    } else if (o.outcome !== "won") {
      // a stage the pipeline dropped (i < 0) moves on to the first stage
      if (i > 0) acts.append(h("button", { type: "button", "data-move": "prev", "aria-label": "Move to " + steps[i - 1], tabindex: "-1", onclick: () => move(o, steps[i - 1]) }, "←"));
      if (i < steps.length - 1) acts.append(h("button", { type: "button", "data-move": "next", "aria-label": "Move to " + steps[i + 1], tabindex: "-1", onclick: () => move(o, steps[i + 1]) }, "→"));
      if (lost()) acts.append(h("button", { type: "button", class: "danger", "data-move": "lost", onclick: () => lose(li, o) }, "Lost…"));
    }
    li.append(acts);
    return li;
  }

  function key(e, o) {
    if (e.target !== e.currentTarget || (e.key !== "ArrowLeft" && e.key !== "ArrowRight")) return;
    e.preventDefault();
    const steps = walk(), i = steps.indexOf(o.stage);
    if (o.outcome) return;
    const j = i + (e.key === "ArrowRight" ? 1 : -1);
    if (j >= 0 && j < steps.length) move(o, steps[j]);
  }

  function lose(li, o) {
    const reason = h("input", { type: "text", maxlength: "500", placeholder: "Why was it lost?", "aria-label": "Lost reason", "data-role": "lost-reason" });
    const form = h("form", { class: "controls" }, reason, h("button", { type: "submit", class: "danger" }, "Mark lost"));
    form.addEventListener("submit", (e) => { e.preventDefault(); move(o, lost().name, reason.value.trim()); });
    li.append(form);
    reason.focus();
  }

  async function move(o, stage, reason) {
    const body = { stage };
    if (reason !== undefined) body.lost_reason = reason;
    const r = await api("/api/v1/opportunities/" + encodeURIComponent(o.id), { method: "PATCH", body });
    if (!r.ok) return window.SC.toast(`Could not move ${o.name}: ${r.error}`, true);
    window.SC.toast(`${o.name} moved to ${stage}`);
    load(o.id);
  }

  function forecast(rows) {
    const body = $("#forecast tbody");
    if (!rows.length) return clear(body, h("tr", {}, h("td", { colspan: 5, class: "muted" }, "No open deal.")));
    clear(body, rows.map((f) => h("tr", { "data-month": f.month || "none", "data-currency": f.currency },
      h("td", {}, f.month || "no date"), h("td", {}, f.currency), h("td", { class: "num" }, n(f.count)),
      h("td", { class: "num" }, money(f.value)), h("td", { class: "num", "data-role": "weighted" }, money(f.weighted)))));
  }
})();
