// socialcrm dashboard: an opportunity's record — its fields, what winning
// it credited to its account, its stage history and the form that moves
// and edits it. The timeline below is timeline.js's.
"use strict";
(function () {
  const { h, $, $$, api, clear, money, toast } = window.SC;
  // currencies without minor units, as socialcrm counts them
  const zero = ["JPY", "KRW", "CLP", "ISK", "VND", "XAF", "XOF", "UGX", "PYG"];
  const major = (amount, cur) => (zero.includes(cur) ? amount : amount / 100);
  const minor = (v, cur) => Math.round(zero.includes(cur) ? v : v * 100);
  let stages = [];

  document.addEventListener("DOMContentLoaded", async () => {
    if (document.body.dataset.page !== "opportunity") return;
    const sr = await api("/api/v1/pipeline/stages");
    stages = sr.ok ? sr.data.stages || [] : [];
    load();
  });

  async function load() {
    const el = $("#record");
    const r = await api("/api/v1/opportunities/" + encodeURIComponent(document.body.dataset.id));
    if (!r.ok) {
      el.dataset.state = "error";
      return clear(el, h("h1", {}, r.status === 404 ? "Opportunity not found" : "Opportunity not available"), h("p", { class: "muted" }, r.error));
    }
    const ar = await api("/api/v1/accounts/" + encodeURIComponent(r.data.account_id));
    show(r.data, ar.ok ? ar.data.account : null);
  }

  const link = (path, id, text) => h("a", { href: path + encodeURIComponent(id) }, text || id);

  function show(o, account) {
    const el = $("#record");
    const st = stages.find((s) => s.name === o.stage);
    document.title = o.name + " · socialcrm";
    $("#crumb").textContent = o.name;
    el.dataset.state = "ready";
    el.dataset.stage = o.stage;
    const facts = [
      ["Account", link("/accounts/", o.account_id, account ? account.name : o.account_id)],
      ["Amount", money(major(o.amount, o.currency), o.currency)],
      ["Stage", o.stage + " · " + o.probability + "%"],
      ["Expected close", o.expected_close || "no date"],
      ["Owner", o.owner || "unassigned"],
      ["Contacts", (o.contacts || []).length ? h("span", {}, (o.contacts || []).flatMap((c, i) => [i ? ", " : "", link("/contacts/", c)])) : "none"],
      o.lost_reason ? ["Lost reason", o.lost_reason] : null,
      o.lead_id ? ["Lead", link("/leads/", o.lead_id)] : null,
      o.credited ? ["Added to account", money(o.credited.value, o.credited.currency) + (o.credited.rate !== 1 ? ` (at ${o.credited.rate.toPrecision(6)} ${o.credited.currency} per ${o.currency})` : "")] : null,
      o.closed_at ? ["Closed", window.SC.time(o.closed_at)] : null,
      ["Created", window.SC.time(o.created_at)],
    ].filter(Boolean);
    clear(el,
      h("div", { class: "pagehead" }, h("h1", {}, o.name, " ",
        h("span", { class: "badge" + (o.outcome === "won" ? " positive" : o.outcome === "lost" ? " negative" : ""), "data-role": "stage" }, o.stage))),
      st ? null : h("p", { class: "hint", id: "opp-retired" }, `Stage “${o.stage}” is no longer in the pipeline; move it to one that is.`),
      h("section", { class: "card", "aria-labelledby": "opp-facts-h" },
        h("h2", { id: "opp-facts-h" }, "Opportunity"),
        h("dl", { class: "facts" }, facts.map(([k, v]) => [h("dt", {}, k), h("dd", { "data-field": k.toLowerCase().replace(/ /g, "-") }, v)]))),
      editForm(o, st),
      history(o));
  }

  function history(o) {
    const rows = (o.history || []).slice().reverse();
    return h("section", { class: "card", id: "opp-history", "aria-labelledby": "opp-history-h" },
      h("h2", { id: "opp-history-h" }, "Stage history"),
      h("div", { class: "table-wrap" }, h("table", { class: "table" },
        h("thead", {}, h("tr", {}, ["From", "To", "When", "By"].map((c) => h("th", { scope: "col" }, c)))),
        h("tbody", {}, rows.map((c) => h("tr", { "data-to": c.to },
          h("td", { "data-label": "From" }, c.from || "created"), h("td", { "data-label": "To" }, c.to),
          h("td", { "data-label": "When" }, window.SC.timeEl(c.at)), h("td", { "data-label": "By" }, c.by || "")))))));
  }

  // editForm sends only the fields that changed, so that an opportunity in
  // a stage the pipeline dropped can still be edited and moved.
  function editForm(o, st) {
    const won = o.outcome === "won";
    const stage = h("select", { id: "opp-stage", "aria-label": "Stage", disabled: won },
      st ? null : h("option", { value: o.stage }, o.stage + " (not in the pipeline)"),
      stages.map((s) => h("option", { value: s.name }, `${s.name} (${s.probability}%)`)));
    stage.value = o.stage;
    const amount = h("input", { type: "number", id: "opp-amount", min: "0", step: "0.01", value: String(major(o.amount, o.currency)), "aria-label": "Amount", disabled: won });
    const currency = h("input", { type: "text", id: "opp-currency", value: o.currency, size: "4", maxlength: "3", "aria-label": "Currency", disabled: won });
    const close = h("input", { type: "date", id: "opp-close", value: o.expected_close || "", "aria-label": "Expected close" });
    const owner = h("input", { type: "text", id: "opp-owner", value: o.owner || "", placeholder: "user id or email", "aria-label": "Owner" });
    const reason = h("input", { type: "text", id: "opp-lost-reason", value: o.lost_reason || "", maxlength: "500", placeholder: "why it was lost", "aria-label": "Lost reason" });
    const label = (input, text) => h("label", { class: "inline", for: input.id }, text, " ", input);
    const form = h("form", { class: "controls", id: "opp-edit" },
      label(stage, "Stage"), label(amount, "Amount"), currency, label(close, "Close"), label(owner, "Owner"), label(reason, "Lost reason"),
      h("button", { type: "submit", class: "primary", "data-action": "save" }, "Save"));
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const body = {};
      const cur = currency.value.trim().toUpperCase();
      if (stage.value !== o.stage) body.stage = stage.value;
      if (!won && cur !== o.currency) body.currency = cur;
      if (!won && minor(+amount.value || 0, cur) !== o.amount) body.amount = minor(+amount.value || 0, cur);
      if (close.value !== (o.expected_close || "")) body.expected_close = close.value;
      if (owner.value.trim() !== (o.owner || "")) body.owner = owner.value.trim();
      if (reason.value.trim() !== (o.lost_reason || "")) body.lost_reason = reason.value.trim();
      if (!Object.keys(body).length) return toast("Nothing changed");
      $$("button, input, select", form).forEach((x) => (x.disabled = true));
      const r = await api("/api/v1/opportunities/" + encodeURIComponent(o.id), { method: "PATCH", body });
      if (!r.ok) {
        toast("Could not save: " + r.error, true);
        $$("button, input, select", form).forEach((x) => (x.disabled = false));
        stage.disabled = amount.disabled = currency.disabled = won;
        return;
      }
      toast(body.stage ? `${o.name} moved to ${body.stage}` : "Saved");
      const ar = await api("/api/v1/accounts/" + encodeURIComponent(r.data.account_id));
      show(r.data, ar.ok ? ar.data.account : null);
      const tl = document.getElementById("timeline");
      if (tl && tl.reload) tl.reload();
    });
    return h("section", { class: "card", id: "opp-actions", "aria-labelledby": "opp-edit-h" },
      h("h2", { id: "opp-edit-h" }, "Edit"),
      won ? h("p", { class: "hint" }, "Won: its stage, amount and currency are final (its value is in its account's).") : null,
      form);
  }
})();
