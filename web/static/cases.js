// socialcrm dashboard: cases — questions and complaints to answer within
// each channel's service-level time, soonest due first; assign, record
// the answer, resolve and reopen.
"use strict";
(function () {
  const { h, $, $$, api, list, clear, n } = window.SC;
  const params = new URLSearchParams(location.search);
  const st = { status: params.get("status") || "open", offset: 0, contact: params.get("contact") || "", account: params.get("account") || "", queue: params.get("assignee") || "" };
  const PAGE = 50;

  document.addEventListener("DOMContentLoaded", () => {
    $$("#case-filter [data-status]").forEach((b) => {
      b.setAttribute("aria-pressed", String(b.dataset.status === st.status));
      b.addEventListener("click", () => {
        st.status = b.dataset.status;
        $$("#case-filter [data-status]").forEach((x) => x.setAttribute("aria-pressed", String(x === b)));
        reload();
      });
    });
    $$("#case-filter [data-queue]").forEach((b) => {
      b.setAttribute("aria-pressed", String(b.dataset.queue === st.queue));
      b.addEventListener("click", () => {
        st.queue = b.dataset.queue;
        $$("#case-filter [data-queue]").forEach((x) => x.setAttribute("aria-pressed", String(x === b)));
        reload();
      });
    });
    let t;
    for (const id of ["#case-brand", "#case-channel"]) $(id).addEventListener("input", () => { clearTimeout(t); t = setTimeout(reload, 250); });
    $("#case-overdue").addEventListener("change", reload);
    $("#case-filter").addEventListener("submit", (e) => e.preventDefault());
    if (st.contact || st.account) {
      const scope = $("#case-scope");
      scope.hidden = false;
      clear(scope, st.contact ? ["Cases of contact ", h("a", { href: "/contacts/" + encodeURIComponent(st.contact) }, st.contact)]
        : ["Cases of account ", h("a", { href: "/accounts/" + encodeURIComponent(st.account) }, st.account)],
        " · ", h("a", { href: "/cases" }, "all cases"));
    }
    window.SC.stream({});
    load();
    // time left moves on: redraw every minute
    setInterval(() => $$("#cases [data-due]").forEach(updateDue), 60e3);
  });

  function reload() { st.offset = 0; load(); }

  async function load() {
    const q = new URLSearchParams({ limit: String(PAGE), offset: String(st.offset), status: st.status });
    const brand = $("#case-brand").value.trim(), channel = $("#case-channel").value.trim().toLowerCase();
    if (brand) q.set("brand", brand);
    if (channel) q.set("channel", channel);
    if (st.queue) q.set("assignee", st.queue);
    if (st.contact) q.set("contact", st.contact);
    if (st.account) q.set("account", st.account);
    if ($("#case-overdue").checked) { q.set("overdue", "true"); q.set("status", "open"); }
    const r = await api("/api/v1/cases?" + q);
    const el = $("#cases");
    if (!r.ok) return clear(el, h("li", {}, window.SC.unavailable(r) ? window.SC.na("Cases", r) : h("p", { class: "muted" }, "Could not load cases: " + r.error)));
    const cs = list(r.data, "cases"), total = r.data.total || 0;
    $("#case-count").textContent = `${n(total)} case${total === 1 ? "" : "s"}`;
    const users = await window.SC.users();
    if (!cs.length) clear(el, h("li", { class: "muted" }, "No cases match."));
    else clear(el, cs.map((c) => item(c, users)));
    pager(total);
    names(cs);
  }

  function item(c, users) {
    const li = window.SC.caseItem(c, { link: false });
    const u = users.find((x) => x.id === c.assignee);
    const who = $("[data-role=assignee]", li);
    if (u && u.name && who) who.textContent = "assigned to " + u.name;
    li.append(actions(c, users));
    return li;
  }

  function updateDue(el) {
    const d = window.SC.dueIn(el.dataset.due);
    el.textContent = d.text;
  }

  function actions(c, users) {
    const busy = (on) => $$("button, input", box).forEach((x) => (x.disabled = on));
    const act = async (what, body) => {
      busy(true);
      const r = what === "priority" ? await api(`/api/v1/cases/${encodeURIComponent(c.id)}`, { method: "PATCH", body })
        : await api(`/api/v1/cases/${encodeURIComponent(c.id)}/${what}`, { method: "POST", body: body || {} });
      busy(false);
      if (!r.ok) return window.SC.toast(`${what[0].toUpperCase() + what.slice(1)} failed: ` + (window.SC.unavailable(r) && r.status !== 404 ? "the case service is not running" : r.error), true);
      window.SC.toast({ respond: "Answer recorded", resolve: "Case resolved", reopen: "Case reopened", assign: "Case assigned", priority: "Priority set" }[what]);
      load();
    };
    const who = window.SC.userPicker(users, c.assignee, { "aria-label": "Assignee of the case", "data-role": "assignee-pick",
      disabled: c.status === "resolved" });
    const box = h("div", { class: "actions case-actions" },
      h("select", { "aria-label": "Priority of the case", "data-action": "priority", disabled: c.status === "resolved",
        onchange: (e) => act("priority", { priority: e.target.value }) },
        ["urgent", "high", "normal", "low"].map((p) => h("option", { value: p, selected: (c.priority || "normal") === p }, p))),
      who, h("button", { type: "button", "data-action": "assign", disabled: c.status === "resolved", onclick: () => act("assign", { assignee: who.value }) }, "Assign"),
      c.status === "open" ? h("button", { type: "button", class: "primary", "data-action": "respond", title: "Record that the brand answered", onclick: () => act("respond") }, "Mark answered") : null,
      c.status !== "resolved" ? h("button", { type: "button", "data-action": "resolve", onclick: () => act("resolve") }, "Resolve")
        : h("button", { type: "button", "data-action": "reopen", onclick: () => act("reopen") }, "Reopen"));
    return box;
  }

  // names replaces contact ids by names, one request per contact.
  async function names(cs) {
    const ids = [...new Set(cs.map((c) => c.contact_id).filter(Boolean))];
    const rs = await Promise.all(ids.map((id) => api("/api/v1/contacts/" + encodeURIComponent(id) + "?limit=1")));
    rs.forEach((r, i) => {
      if (!r.ok || !r.data.contact) return;
      $$(`#cases a[data-contact="${CSS.escape(ids[i])}"]`).forEach((a) => (a.textContent = r.data.contact.name));
    });
  }

  function pager(total) {
    clear($("#case-pager"),
      st.offset > 0 ? h("button", { type: "button", onclick: () => { st.offset = Math.max(0, st.offset - PAGE); load(); } }, "← Previous") : null,
      st.offset + PAGE < total ? h("button", { type: "button", onclick: () => { st.offset += PAGE; load(); } }, "Next →") : null);
  }
})();
