// socialcrm dashboard: accounts by value and an account with its contacts.
"use strict";
(function () {
  const { h, $, api, list, clear, n } = window.SC;

  document.addEventListener("DOMContentLoaded", () => {
    window.SC.stream({});
    if (document.body.dataset.page === "account") record(document.body.dataset.id);
    else table();
  });

  async function table() {
    const r = await api("/api/v1/accounts");
    const body = $("#accounts tbody");
    if (!r.ok) return clear(body, h("tr", {}, h("td", { colspan: 4 }, window.SC.na("Accounts", r))));
    const as = list(r.data, "accounts");
    $("#account-count").textContent = `${n(as.length)} account${as.length === 1 ? "" : "s"}`;
    if (!as.length) return clear(body, h("tr", {}, h("td", { colspan: 4, class: "muted" }, "No accounts yet.")));
    clear(body, as.map((a) => h("tr", { "data-account": a.id },
      h("td", {}, h("a", { href: "/accounts/" + encodeURIComponent(a.id) }, a.name)),
      h("td", {}, a.domain || "–"),
      h("td", {}, h("span", { class: "badge tier" }, a.tier || "—")),
      h("td", { class: "num" }, window.SC.money(a.value)))));
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
          h("div", { class: "fact" }, h("dt", {}, "Yearly value"), h("dd", {}, window.SC.money(a.value))),
          h("div", { class: "fact" }, h("dt", {}, "Contacts"), h("dd", {}, n(cs.length))))),
      h("section", { class: "card", "aria-labelledby": "ac-h" }, h("h2", { id: "ac-h" }, "Contacts"),
        cs.length ? h("div", { class: "table-wrap" }, h("table", { class: "table" },
          h("thead", {}, h("tr", {}, ["Name", "Title", "Social identities"].map((t) => h("th", { scope: "col" }, t)))),
          h("tbody", {}, cs.map((c) => h("tr", {},
            h("td", {}, h("a", { href: "/contacts/" + encodeURIComponent(c.id) }, c.name)),
            h("td", {}, c.title || "–"),
            h("td", {}, (c.identities || []).map((i) => `${i.network}:${i.handle || i.native_id}`).join(", ") || "–"))))))
          : h("p", { class: "muted" }, "No contacts on this account.")));
    el.dataset.state = "ready";
  }
})();
