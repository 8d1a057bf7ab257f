// socialcrm dashboard: segments — the saved list with live member counts,
// a rule builder with a live count of the contacts it matches, and the
// members of a segment, page by page.
"use strict";
(function () {
  const { h, $, api, clear, n } = window.SC;
  // fields mirrors socialcrm.segmentFields: operators, a number or text,
  // and whether the condition has a window in days.
  const fields = {
    account_value: { label: "Account value", ops: ["gte", "lte"], number: true },
    tier: { label: "Account tier", ops: ["eq"], choices: ["platinum", "gold", "silver", "bronze"] },
    tag: { label: "Tag", ops: ["eq"] },
    lifecycle: { label: "Lifecycle stage", ops: ["eq"], choices: ["lead", "prospect", "customer", "former_customer"] },
    owner: { label: "Owner (user id)", ops: ["eq"] },
    channel: { label: "Has an identity on", ops: ["eq"], choices: ["mastodon", "bluesky", "x", "reddit", "hackernews", "rss"] },
    mention_count: { label: "Mentions", ops: ["gte", "lte"], number: true, windowed: true },
    sentiment_avg: { label: "Average sentiment", ops: ["gte", "lte"], number: true, windowed: true },
    negative_share: { label: "Share of negatives", ops: ["gte", "lte"], number: true, windowed: true },
    last_mention_days: { label: "Days since the last mention", ops: ["lte", "gte"], number: true },
    followers: { label: "Followers (influence)", ops: ["gte", "lte"], number: true },
    open_cases: { label: "Open cases", ops: ["gte", "lte"], number: true },
  };
  const opText = { gte: "at least", lte: "at most", eq: "is" };
  const pageSize = 20;
  let editing = null;

  document.addEventListener("DOMContentLoaded", () => {
    window.SC.stream({});
    $("#seg-add").addEventListener("click", () => { addCondition(); preview(); });
    $("#seg-form").addEventListener("submit", save);
    $("#seg-form").addEventListener("input", preview);
    $("#seg-form").addEventListener("change", preview);
    $("#seg-cancel").addEventListener("click", reset);
    reset();
    load();
  });

  function describe(r) {
    const parts = (r.conditions || []).map((c) => {
      const f = fields[c.field] || { label: c.field };
      return `${f.label} ${opText[c.op] || c.op} ${f.number ? c.number || 0 : c.text}${c.days ? ` (${c.days} d)` : ""}`;
    });
    for (const g of r.groups || []) parts.push("(" + describe(g) + ")");
    return parts.join(r.match === "any" ? " or " : " and ") || (r.match === "any" ? "nobody" : "everyone");
  }

  async function load() {
    const body = $("#segments tbody");
    const r = await api("/api/v1/segments");
    if (!r.ok) return clear(body, h("tr", {}, h("td", { colspan: 5 }, window.SC.na("Segments", r))));
    const segs = r.data.segments || [];
    if (!segs.length) return clear(body, h("tr", {}, h("td", { colspan: 5, class: "muted" }, "No segment yet: build one below.")));
    clear(body, ...segs.map((g) => h("tr", { "data-segment": g.id },
      h("td", { "data-label": "Name" }, g.name),
      h("td", { class: "num", "data-label": "Members", "data-role": "members" }, n(g.members)),
      h("td", { class: "num", "data-label": "Boost" }, n(g.priority_boost)),
      h("td", { "data-label": "Rules" }, describe(g.rules)),
      h("td", {}, h("div", { class: "controls" },
        h("button", { type: "button", class: "link", "data-action": "members", onclick: () => members(g, 0) }, "Members"),
        h("a", { class: "link", "data-action": "export", download: `segment-${g.id}.csv`,
          href: `/api/v1/segments/${encodeURIComponent(g.id)}/members?format=csv`, title: "Every member as CSV, in the columns of a contacts export" }, "Export CSV"),
        h("button", { type: "button", class: "link", "data-action": "edit", onclick: () => edit(g) }, "Edit"),
        h("button", { type: "button", class: "link danger", "data-action": "delete", onclick: () => remove(g) }, "Delete"))))));
  }

  function addCondition(c) {
    c = c || { field: "account_value", op: "gte", number: 0 };
    const field = h("select", { "data-role": "field", "aria-label": "Field" },
      ...Object.entries(fields).map(([k, f]) => h("option", { value: k, selected: k === c.field }, f.label)));
    const li = h("li", { class: "controls seg-cond" });
    function draw() {
      const f = fields[field.value];
      const op = h("select", { "data-role": "op", "aria-label": "Comparison" },
        ...f.ops.map((o) => h("option", { value: o, selected: o === c.op }, opText[o])));
      const value = f.choices
        ? h("select", { "data-role": "value", "aria-label": "Value" }, ...f.choices.map((v) => h("option", { value: v, selected: v === c.text }, v)))
        : h("input", { "data-role": "value", "aria-label": "Value", type: f.number ? "number" : "text", step: "any", required: true,
          value: f.number ? String(c.number || 0) : c.text || "" });
      const days = f.windowed ? h("label", {}, "over the last", h("input", { "data-role": "days", type: "number", min: 1, max: 366, value: String(c.days || 30), "aria-label": "Days" }), "days") : null;
      clear(li, field, op, value, days,
        h("button", { type: "button", class: "link", "data-role": "remove", "aria-label": "Remove condition", onclick: () => { li.remove(); preview(); } }, "Remove"));
    }
    field.addEventListener("change", () => { c = { field: field.value, op: fields[field.value].ops[0] }; draw(); });
    draw();
    $("#seg-conds").append(li);
  }

  function rules() {
    const conditions = window.SC.$$("#seg-conds li").map((li) => {
      const field = $('[data-role="field"]', li).value, f = fields[field];
      const c = { field, op: $('[data-role="op"]', li).value };
      const v = $('[data-role="value"]', li).value;
      if (f.number) c.number = Number(v); else c.text = v;
      if (f.windowed) c.days = Number($('[data-role="days"]', li).value);
      return c;
    });
    return { match: $("#seg-match").value, conditions };
  }

  let timer = 0, asked = 0;
  function preview() {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const mine = ++asked;
      const r = await api("/api/v1/segments/preview?limit=1&rules=" + encodeURIComponent(JSON.stringify(rules())));
      if (mine !== asked) return;
      $("#seg-count").textContent = r.ok ? `${n(r.data.total)} contact${r.data.total === 1 ? "" : "s"} match` : "Rules not valid: " + r.error;
      $("#seg-count").dataset.total = r.ok ? r.data.total : "";
    }, 150);
  }

  function reset() {
    editing = null;
    $("#seg-form").reset();
    $("#seg-id").disabled = false;
    clear($("#seg-conds"));
    addCondition();
    $("#builder-h").textContent = "New segment";
    $("#seg-cancel").hidden = true;
    preview();
  }

  function edit(g) {
    editing = g.id;
    $("#seg-id").value = g.id;
    $("#seg-id").disabled = true;
    $("#seg-name").value = g.name;
    $("#seg-match").value = g.rules.match;
    $("#seg-boost").value = String(g.priority_boost || 0);
    clear($("#seg-conds"));
    (g.rules.conditions || []).forEach(addCondition);
    $("#builder-h").textContent = "Edit " + g.name;
    $("#seg-cancel").hidden = false;
    $("#seg-name").focus();
    preview();
  }

  async function save(ev) {
    ev.preventDefault();
    const body = { name: $("#seg-name").value, rules: rules(), priority_boost: Number($("#seg-boost").value) };
    const status = $("#seg-status");
    status.textContent = "Saving…";
    const r = editing
      ? await api("/api/v1/segments/" + encodeURIComponent(editing), { method: "PATCH", body })
      : await api("/api/v1/segments", { method: "POST", body: { id: $("#seg-id").value, ...body } });
    if (!r.ok) {
      status.textContent = "Not saved: " + r.error;
      return;
    }
    status.textContent = `Saved ${r.data.name}: ${n(r.data.members)} member${r.data.members === 1 ? "" : "s"}.`;
    reset();
    await load();
    members(r.data, 0);
  }

  async function remove(g) {
    const r = await api("/api/v1/segments/" + encodeURIComponent(g.id), { method: "DELETE" });
    if (!r.ok) return window.SC.toast("Not deleted: " + r.error, true);
    if ($("#members-card").dataset.segment === g.id) $("#members-card").hidden = true;
    load();
  }

  async function members(g, offset) {
    const card = $("#members-card");
    card.hidden = false;
    card.dataset.segment = g.id;
    $("#members-h").textContent = "Members of " + g.name;
    const r = await api(`/api/v1/segments/${encodeURIComponent(g.id)}/members?limit=${pageSize}&offset=${offset}`);
    const list = $("#members");
    if (!r.ok) return clear(list, h("li", {}, window.SC.na("Members", r)));
    const cs = r.data.contacts || [];
    $("#members-total").textContent = r.data.total ? `${n(offset + 1)}–${n(offset + cs.length)} of ${n(r.data.total)}` : "No member";
    clear(list, ...cs.map((c) => h("li", { "data-contact": c.id }, h("a", { href: "/contacts/" + encodeURIComponent(c.id) }, c.name || c.id))));
    const prev = $("#members-prev"), next = $("#members-next");
    prev.disabled = offset === 0;
    next.disabled = offset + cs.length >= r.data.total;
    prev.onclick = () => members(g, Math.max(0, offset - pageSize));
    next.onclick = () => members(g, offset + pageSize);
  }
})();
