// socialcrm dashboard: accounts by value and an account with its contacts.
"use strict";
(function () {
  const { h, $, api, list, clear, n } = window.SC;

  document.addEventListener("DOMContentLoaded", () => {
    window.SC.stream({});
    if (document.body.dataset.page === "account") record(document.body.dataset.id);
    else table();
  });

  // table lists the accounts by value with their contacts, open cases
  // and the sentiment of their people over the stated period, all
  // counted by the store.
  async function table() {
    const r = await api("/api/v1/accounts");
    const body = $("#accounts tbody");
    if (!r.ok) return clear(body, h("tr", {}, h("td", { colspan: 6 }, window.SC.na("Accounts", r))));
    const as = list(r.data, "accounts"), label = r.data.sentiment_period ? r.data.sentiment_period.label : "";
    $("#account-count").textContent = `${n(as.length)} account${as.length === 1 ? "" : "s"}`;
    $("#acc-sentiment-h").textContent = "Sentiment, " + label;
    if (!as.length) return clear(body, h("tr", {}, h("td", { colspan: 6, class: "muted" }, "No accounts yet.")));
    clear(body, as.map((a) => h("tr", { "data-account": a.id },
      h("td", {}, h("a", { href: "/accounts/" + encodeURIComponent(a.id) }, a.name), a.domain ? h("div", { class: "hint" }, a.domain) : null),
      h("td", { "data-label": "Tier" }, h("span", { class: "badge tier" }, a.tier || "—")),
      h("td", { class: "num", "data-label": "Contacts", "data-role": "contacts" }, n(a.contacts)),
      h("td", { class: "num", "data-label": "Open cases", "data-role": "cases" },
        a.open_cases ? h("a", { href: "/cases?status=active&account=" + encodeURIComponent(a.id) }, n(a.open_cases)) : "0"),
      h("td", { "data-label": "Sentiment", "data-role": "sentiment" }, sentiment(a.sentiment)),
      h("td", { class: "num", "data-label": "Yearly value", "data-role": "value" }, window.SC.money(a.value, a.currency)))));
  }

  // sentiment is an account's label counts as a bar, with the net score.
  function sentiment(s) {
    if (!s || !s.total) return h("span", { class: "muted" }, "no mentions");
    return h("div", { title: `${s.positive} positive, ${s.neutral} neutral, ${s.negative} negative` },
      h("span", { class: "hint" }, `${n(s.total)} · net ${window.SC.signed((s.positive - s.negative) / s.total)}`),
      window.SC.stackBar(s.positive, s.neutral, s.negative));
  }

  async function record(id) {
    const el = $("#record");
    const r = await api("/api/v1/accounts/" + encodeURIComponent(id));
    if (!r.ok) return clear(el, h("h1", {}, r.status === 404 ? "Account not found" : "Account not available"), h("p", { class: "muted" }, r.error));
    const a = r.data.account || r.data, cs = list(r.data, "contacts");
    document.title = a.name + " · socialcrm";
    $("#crumb").textContent = a.name;
    clear(el,
      h("div", { class: "record-head" },
        h("div", {}, h("h1", {}, a.name), h("p", { class: "sub" }, a.domain || "")),
        h("dl", { class: "facts" },
          h("div", { class: "fact" }, h("dt", {}, "Tier"), h("dd", {}, a.tier || "—")),
          h("div", { class: "fact" }, h("dt", {}, "Yearly value"), h("dd", { "data-role": "value" }, window.SC.money(a.value, a.currency))),
          h("div", { class: "fact" }, h("dt", {}, "Contacts"), h("dd", {}, n(cs.length))))),
      editCard(a, () => record(id)),
      h("section", { class: "card", "aria-labelledby": "ac-h" }, h("h2", { id: "ac-h" }, "Contacts"),
        cs.length ? h("div", { class: "table-wrap" }, h("table", { class: "table" },
          h("thead", {}, h("tr", {}, ["Name", "Title", "Social identities"].map((t) => h("th", { scope: "col" }, t)))),
          h("tbody", {}, cs.map((c) => h("tr", {},
            h("td", {}, h("a", { href: "/contacts/" + encodeURIComponent(c.id) }, c.name)),
            h("td", {}, c.title || "–"),
            h("td", {}, (c.identities || []).map((i) => `${i.network}:${i.handle || i.native_id}`).join(", ") || "–"))))))
          : h("p", { class: "muted" }, "No contacts on this account.")),
      window.SC.caseCard("account-cases", r.data.cases || [], "/cases?status=active&account=" + encodeURIComponent(a.id)),
      h("section", { class: "card", "aria-labelledby": "am-h" }, h("div", { class: "card-head" }, h("h2", { id: "am-h" }, "What its people say"), h("p", { class: "hint", id: "am-count" })),
        h("div", { id: "am-counts" }), h("ol", { class: "feed", id: "account-mentions" }, h("li", { class: "muted" }, cs.length ? "Loading…" : "No contacts, no mentions."))));
    el.dataset.state = "ready";
    if (cs.length) mentions(cs.slice(0, 20));
  }

  // editCard shows the account's stage, owner and tags, and a form that
  // changes any field through PATCH /api/v1/accounts/{id}, sending only
  // what changed.
  function editCard(a, saved) {
    const field = (label, input) => h("label", {}, label, " ", input);
    const opts = (vals, cur) => vals.map(([v, l]) => h("option", { value: v, selected: v === (cur || "") }, l));
    const f = {
      name: h("input", { type: "text", name: "name", maxlength: "200", required: true, value: a.name }),
      domain: h("input", { type: "text", name: "domain", maxlength: "253", value: a.domain || "" }),
      tier: h("select", { name: "tier" }, opts([["", "none"], ["platinum", "platinum"], ["gold", "gold"], ["silver", "silver"], ["bronze", "bronze"]], a.tier)),
      value: h("input", { type: "number", name: "value", min: "0", step: "any", value: String(a.value || 0) }),
      currency: h("input", { type: "text", name: "currency", maxlength: "3", size: "4", placeholder: "EUR", value: a.currency || "" }),
      lifecycle: h("select", { name: "lifecycle" }, opts([["", "none"], ["lead", "lead"], ["prospect", "prospect"], ["customer", "customer"], ["former_customer", "former customer"]], a.lifecycle)),
      owner: h("select", { name: "owner" }),
      tags: h("input", { type: "text", name: "tags", placeholder: "comma-separated", value: (a.tags || []).join(", ") }),
    };
    window.SC.users().then((users) => {
      const pick = window.SC.userPicker(users, a.owner || "", { name: "owner" });
      pick.options[0].textContent = "nobody";
      f.owner.replaceWith(pick);
      f.owner = pick;
      const u = users.find((x) => x.id === a.owner);
      if (u && u.name) $("[data-role=owner]", card).textContent = u.name;
    });
    const err = h("p", { class: "hint error", id: "account-edit-error", role: "alert" });
    const form = h("form", { id: "account-edit", class: "edit-form", hidden: true },
      field("Name", f.name), field("Domain", f.domain), field("Tier", f.tier), field("Yearly value", f.value), field("Currency", f.currency),
      field("Stage", f.lifecycle), field("Owner", f.owner), field("Tags", f.tags), err,
      h("div", { class: "actions" }, h("button", { type: "submit", class: "primary", id: "account-save" }, "Save"),
        h("button", { type: "button", onclick: () => { form.hidden = true; edit.hidden = false; } }, "Cancel")));
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const now = {
        name: f.name.value.trim(), domain: f.domain.value.trim(), tier: f.tier.value, value: Number(f.value.value || 0),
        currency: f.currency.value.trim().toUpperCase(), lifecycle: f.lifecycle.value, owner: f.owner.value,
        tags: f.tags.value.split(",").map((t) => t.trim()).filter(Boolean),
      };
      const was = { name: a.name, domain: a.domain || "", tier: a.tier || "", value: a.value || 0, currency: a.currency || "",
        lifecycle: a.lifecycle || "", owner: a.owner || "", tags: a.tags || [] };
      const patch = {};
      for (const k of Object.keys(now)) if (JSON.stringify(now[k]) !== JSON.stringify(was[k])) patch[k] = now[k];
      if (!Object.keys(patch).length) { form.hidden = true; edit.hidden = false; return; }
      const r = await api("/api/v1/accounts/" + encodeURIComponent(a.id), { method: "PATCH", body: patch });
      if (!r.ok) { err.textContent = r.error; return; }
      window.SC.toast("Account saved");
      saved();
    });
    const edit = h("button", { type: "button", id: "account-edit-open", onclick: () => { form.hidden = false; edit.hidden = true; f.name.focus(); } }, "Edit account");
    const card = h("section", { class: "card", "aria-labelledby": "ad-h", id: "account-details" },
      h("div", { class: "card-head" }, h("h2", { id: "ad-h" }, "Details"), edit),
      h("dl", { class: "kv" },
        h("dt", {}, "Stage"), h("dd", { "data-role": "lifecycle" }, (a.lifecycle || "—").replace("_", " ")),
        h("dt", {}, "Owner"), h("dd", { "data-role": "owner" }, a.owner || "—"),
        h("dt", {}, "Tags"), h("dd", { "data-role": "tags" }, (a.tags || []).length ? h("ul", { class: "chips" }, a.tags.map((t) => h("li", { class: "chip" }, t))) : "—")),
      form);
    return card;
  }

  // mentions merges the recent mentions of the account's contacts.
  async function mentions(cs) {
    const rs = await Promise.all(cs.map((c) => api(`/api/v1/mentions?contact=${encodeURIComponent(c.id)}&limit=20`)));
    const seen = new Map();
    rs.forEach((r) => list(r.data, "mentions").forEach((m) => seen.set(m.id, m)));
    const ms = [...seen.values()].sort((a, b) => new Date(b.created_at) - new Date(a.created_at));
    const c = { positive: 0, neutral: 0, negative: 0 };
    ms.forEach((m) => { if (m.sentiment && m.sentiment.label in c) c[m.sentiment.label]++; });
    $("#am-count").textContent = `${n(ms.length)} recent mention${ms.length === 1 ? "" : "s"}`;
    clear($("#am-counts"), ms.length ? window.SC.stackBar(c.positive, c.neutral, c.negative) : null);
    clear($("#account-mentions"), ms.length ? ms.slice(0, 20).map((m) => window.SC.mentionItem(m)) : h("li", { class: "muted" }, "No mentions by its contacts yet."));
  }
})();
