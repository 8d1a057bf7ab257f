// socialcrm dashboard: the audit trail (admins).
"use strict";
(function () {
  const { h, $, api, list, clear } = window.SC;

  document.addEventListener("DOMContentLoaded", async () => {
    const r = await api("/api/v1/audit?limit=200");
    const body = $("#audit tbody");
    if (!r.ok) return clear(body, h("tr", {}, h("td", { colspan: 5, class: "muted" }, r.status === 403 ? "Only admins see the audit trail." : r.error)));
    const es = list(r.data, "entries");
    $("#audit-count").textContent = `${es.length} entr${es.length === 1 ? "y" : "ies"}`;
    if (!es.length) return clear(body, h("tr", {}, h("td", { colspan: 5, class: "muted" }, "Nothing recorded yet.")));
    clear(body, es.map((e) => h("tr", { "data-entry": e.id },
      h("td", { "data-label": "When" }, new Date(e.at).toLocaleString()),
      h("td", { "data-label": "Who" }, e.actor),
      h("td", { "data-label": "Action" }, e.action),
      h("td", { "data-label": "Target" }, e.target || "–"),
      h("td", { "data-label": "From" }, e.remote_addr || "–"))));
  });
})();
