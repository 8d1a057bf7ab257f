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
