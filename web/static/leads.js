// socialcrm dashboard: leads — the list with a status filter, and a lead's
// record, where it is moved along the funnel, given an owner or
// disqualified with a reason.
"use strict";
(function () {
  const { h, $, $$, api, list, clear, n } = window.SC;
  const page = document.body.dataset.page;
  const PAGE = 50;

  // moves mirrors socialcrm's leadMoves: where a PATCH may take a lead.
  const moves = { new: ["working", "qualified"], working: ["new", "qualified"], qualified: ["working"], disqualified: ["working"], converted: [] };

  document.addEventListener("DOMContentLoaded", () => {
    window.SC.stream({});
    if (page === "lead") record(document.body.dataset.id);
    else leads();
  });

  const identChip = (i) => h("li", { class: "ident" }, h("span", { class: "net" }, i.network), h("span", {}, i.handle ? "@" + i.handle.replace(/^@/, "") : i.native_id));
  const statusBadge = (s) => h("span", { class: "badge lead-" + s, "data-role": "status" }, s);

  // ---- list ----
  function leads() {
    const params = new URLSearchParams(location.search);
    const st = { status: params.get("status") || "", owner: params.get("owner") || "", offset: 0 };
    const q = $("#lead-q");
    q.value = params.get("q") || "";
    $$("#lead-filter [data-status]").forEach((b) => {
      b.setAttribute("aria-pressed", String(b.dataset.status === st.status));
      b.addEventListener("click", () => {
        st.status = b.dataset.status;
        $$("#lead-filter [data-status]").forEach((x) => x.setAttribute("aria-pressed", String(x === b)));
        st.offset = 0;
        run();
      });
    });
    $$("#lead-filter [data-owner]").forEach((b) => {
      b.setAttribute("aria-pressed", String(b.dataset.owner === st.owner));
      b.addEventListener("click", () => {
        st.owner = b.dataset.owner;
        $$("#lead-filter [data-owner]").forEach((x) => x.setAttribute("aria-pressed", String(x === b)));
        st.offset = 0;
        run();
      });
    });
    $("#lead-new").addEventListener("submit", async (e) => {
      e.preventDefault();
      const v = (id) => $(id).value.trim();
      const body = { name: v("#new-lead-name"), company: v("#new-lead-company"), email: v("#new-lead-email"), source: "form" };
      if (v("#new-lead-handle")) body.identities = [{ network: v("#new-lead-network").toLowerCase(), handle: v("#new-lead-handle") }];
      const r = await api("/api/v1/leads", { method: "POST", body });
      if (!r.ok) return window.SC.toast("Could not add the lead: " + r.error, true);
      window.SC.toast("Lead added");
      $("#lead-new").reset();
      st.offset = 0;
      run();
    });
    let t;
    q.addEventListener("input", () => { clearTimeout(t); t = setTimeout(() => { st.offset = 0; run(); }, 250); });
    $("#lead-filter").addEventListener("submit", (e) => { e.preventDefault(); st.offset = 0; run(); });
    async function run() {
      const p = new URLSearchParams({ limit: String(PAGE), offset: String(st.offset) });
      const shown = new URLSearchParams();
      if (st.status) { p.set("status", st.status); shown.set("status", st.status); }
      if (q.value.trim()) { p.set("q", q.value.trim()); shown.set("q", q.value.trim()); }
      if (st.owner) { p.set("owner", st.owner); shown.set("owner", st.owner); }
      history.replaceState(null, "", "/leads" + (shown.size ? "?" + shown : ""));
      const r = await api("/api/v1/leads?" + p);
      const body = $("#leads tbody");
      if (!r.ok) return clear(body, h("tr", {}, h("td", { colspan: 7 }, window.SC.unavailable(r) ? window.SC.na("Leads", r) : "Could not load leads: " + r.error)));
      const ls = list(r.data, "leads"), total = r.data.total || 0;
      $("#lead-count").textContent = `${n(total)} lead${total === 1 ? "" : "s"}`;
      if (!ls.length) clear(body, h("tr", {}, h("td", { colspan: 7, class: "muted" }, "No lead matches.")));
      else clear(body, ls.map(row));
      const pg = $("#lead-pager");
      clear(pg,
        st.offset > 0 ? h("button", { type: "button", onclick: () => { st.offset = Math.max(0, st.offset - PAGE); run(); } }, "← Previous") : null,
        st.offset + PAGE < total ? h("button", { type: "button", onclick: () => { st.offset += PAGE; run(); } }, "Next →") : null);
    }
    run();
  }

  function row(l) {
    return h("tr", { "data-lead": l.id, "data-status": l.status },
      h("td", {}, h("a", { href: "/leads/" + encodeURIComponent(l.id) }, l.name), l.email ? h("div", { class: "hint" }, l.email) : null),
      h("td", {}, l.company || "–"),
      h("td", {}, statusBadge(l.status)),
      h("td", {}, l.source + (l.brand ? " · " + l.brand : "")),
      h("td", { class: "num" }, n(l.score)),
      h("td", {}, l.owner || h("span", { class: "muted" }, "unassigned")),
      h("td", {}, window.SC.timeEl(l.updated_at)));
  }

  // ---- record ----
  async function record(id) {
    const el = $("#record");
    const r = await api("/api/v1/leads/" + encodeURIComponent(id));
    if (!r.ok) {
      el.dataset.state = "error";
      return clear(el, h("h1", {}, r.status === 404 ? "Lead not found" : "Lead not available"), h("p", { class: "muted" }, r.error));
    }
    show(r.data);
  }

  function show(l) {
    const el = $("#record");
    document.title = l.name + " · socialcrm";
    $("#crumb").textContent = l.name;
    el.dataset.state = "ready";
    el.dataset.status = l.status;
    const facts = [["Company", l.company], ["Email", l.email], ["Brand", l.brand], ["Source", l.source], ["Score", n(l.score)],
      ["Owner", l.owner || "unassigned"], ["Created", window.SC.time(l.created_at)], ["Updated", window.SC.time(l.updated_at)]];
    if (l.status === "disqualified") facts.push(["Reason", l.reason]);
    clear(el,
      h("div", { class: "pagehead" }, h("h1", {}, l.name, " ", statusBadge(l.status))),
      h("section", { class: "card", "aria-labelledby": "lead-facts-h" },
        h("h2", { id: "lead-facts-h" }, "Lead"),
        h("dl", { class: "facts" }, facts.filter(([, v]) => v).map(([k, v]) => [h("dt", {}, k), h("dd", { "data-field": k.toLowerCase() }, v)])),
        h("ul", { class: "idents" }, (l.identities || []).map(identChip))),
      l.status === "converted" ? converted(l) : actions(l),
      l.status === "converted" || l.status === "disqualified" ? null : convertForm(l),
      mentions(l));
  }

  // mentions shows the newest mentions behind the lead (ten at most), as
  // the store has them: an erased one is left out.
  function mentions(l) {
    const ids = (l.mentions || []).slice(-10).reverse();
    const list = h("ol", { class: "feed", id: "lead-mentions" });
    const box = h("section", { class: "card", "aria-labelledby": "lead-mentions-h" },
      h("h2", { id: "lead-mentions-h" }, "Mentions behind the lead"),
      ids.length ? list : h("p", { class: "muted", id: "lead-mentions" }, "None."));
    Promise.all(ids.map((id) => api("/api/v1/mentions/" + encodeURIComponent(id)))).then((rs) =>
      rs.forEach((r) => { if (r.ok && r.data) list.append(window.SC.mentionItem(r.data)); }));
    return box;
  }

  function converted(l) {
    const link = (what, path, id) => id ? [h("dt", {}, what), h("dd", {}, path ? h("a", { href: path + encodeURIComponent(id) }, id) : id)] : null;
    return h("section", { class: "card", id: "lead-converted", "aria-labelledby": "lead-conv-h" },
      h("h2", { id: "lead-conv-h" }, "Converted ", l.converted_at ? window.SC.timeEl(l.converted_at) : null),
      h("dl", { class: "facts" }, link("Contact", "/contacts/", l.contact_id), link("Account", "/accounts/", l.account_id), link("Opportunity", "/opportunities/", l.opportunity_id), link("On the pipeline", "/pipeline?opportunity=", l.opportunity_id)));
  }

  // convertForm turns the lead into a contact of a new or existing account,
  // with an optional opportunity, in one request.
  function convertForm(l) {
    const accounts = h("select", { id: "conv-account", "aria-label": "Account" }, h("option", { value: "" }, "New account…"));
    api("/api/v1/accounts").then((r) => r.ok && list(r.data, "accounts").forEach((a) => accounts.append(h("option", { value: a.id }, a.name))));
    const accName = h("input", { type: "text", id: "conv-account-name", value: l.company || "", maxlength: "200", "aria-label": "New account's name" });
    accounts.addEventListener("change", () => { accName.hidden = accounts.value !== ""; });
    const oppName = h("input", { type: "text", id: "conv-opp-name", placeholder: "leave empty for none", maxlength: "200", "aria-label": "Opportunity" });
    const amount = h("input", { type: "number", id: "conv-opp-amount", min: "0", step: "0.01", placeholder: "0", "aria-label": "Amount" });
    const currency = h("input", { type: "text", id: "conv-opp-currency", value: "EUR", size: "4", maxlength: "3", "aria-label": "Currency" });
    const close = h("input", { type: "date", id: "conv-opp-close", "aria-label": "Expected close" });
    const form = h("form", { class: "controls", id: "convert-form" },
      h("label", { for: "conv-account" }, "Account"), accounts, accName,
      h("label", { for: "conv-opp-name" }, "Opportunity"), oppName, amount, currency, close,
      h("button", { type: "submit", class: "primary", "data-action": "convert" }, "Convert"));
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const body = accounts.value ? { account_id: accounts.value } : { account: { name: accName.value.trim() } };
      if (oppName.value.trim()) {
        body.opportunity = { name: oppName.value.trim(), amount: Math.round((+amount.value || 0) * 100), currency: currency.value.trim() };
        if (close.value) body.opportunity.expected_close = close.value;
      }
      $$("button, input, select", form).forEach((x) => (x.disabled = true));
      const r = await api("/api/v1/leads/" + encodeURIComponent(l.id) + "/convert", { method: "POST", body });
      if (!r.ok) {
        window.SC.toast("Could not convert: " + r.error, true);
        $$("button, input, select", form).forEach((x) => (x.disabled = false));
        return;
      }
      window.SC.toast("Lead converted");
      show(r.data.lead);
    });
    return h("section", { class: "card", id: "lead-convert", "aria-labelledby": "lead-convert-h" },
      h("h2", { id: "lead-convert-h" }, "Convert"),
      h("p", { class: "hint" }, "Makes a contact of the account from the lead, with its social identities, and opens the opportunity if named — all or nothing."),
      form);
  }

  function actions(l) {
    const box = h("section", { class: "card", id: "lead-actions", "aria-labelledby": "lead-act-h" }, h("h2", { id: "lead-act-h" }, "Work the lead"));
    const patch = async (body, what) => {
      $$("button, input", box).forEach((x) => (x.disabled = true));
      const r = await api("/api/v1/leads/" + encodeURIComponent(l.id), { method: "PATCH", body });
      if (!r.ok) {
        window.SC.toast(`Could not ${what}: ${r.error}`, true);
        $$("button, input", box).forEach((x) => (x.disabled = false));
        return;
      }
      window.SC.toast(`Lead ${what}`);
      show(r.data);
    };
    const moveButtons = (moves[l.status] || []).map((s) =>
      h("button", { type: "button", "data-move": s, onclick: () => patch({ status: s }, "moved to " + s) }, "Move to " + s));
    const reason = h("input", { type: "text", id: "lead-reason", placeholder: "Why not a customer", maxlength: "500", "aria-label": "Reason to disqualify" });
    const owner = h("input", { type: "text", id: "lead-owner", placeholder: "user id or email", value: l.owner || "", "aria-label": "Owner" });
    box.append(
      h("div", { class: "controls" }, moveButtons),
      l.status === "disqualified" ? null : h("form", { class: "controls", onsubmit: (e) => { e.preventDefault(); patch({ status: "disqualified", reason: reason.value.trim() }, "disqualified"); } },
        reason, h("button", { type: "submit", class: "danger", "data-action": "disqualify" }, "Disqualify")),
      h("form", { class: "controls", onsubmit: (e) => { e.preventDefault(); patch({ owner: owner.value.trim() }, "assigned"); } },
        h("label", { for: "lead-owner" }, "Owner"), owner, h("button", { type: "submit", "data-action": "assign" }, "Assign")));
    return box;
  }
})();
