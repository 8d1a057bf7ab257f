// socialcrm dashboard: my tasks — the open tasks assigned to the signed-in
// user, overdue ones first (the longest overdue first), then the others by
// due time; each links to its record and is marked done in place.
"use strict";
(function () {
  const { h, $, api, list, clear, toast } = window.SC;
  const MAX = 1000; // the API's largest page

  const recordLink = {
    contact: (id) => "/contacts/" + encodeURIComponent(id),
    account: (id) => "/accounts/" + encodeURIComponent(id),
    lead: (id) => "/leads/" + encodeURIComponent(id),
    opportunity: () => "/pipeline",
    case: () => "/cases",
  };

  document.addEventListener("DOMContentLoaded", load);

  async function load() {
    const el = $("#tasks");
    const [over, open] = await Promise.all([
      api(`/api/v1/activities?assignee=me&overdue=true&limit=${MAX}`),
      api(`/api/v1/activities?assignee=me&kind=task&done=false&limit=${MAX}`),
    ]);
    if (!over.ok || !open.ok) {
      const r = over.ok ? open : over;
      return clear(el, h("li", {}, window.SC.na("Tasks", r)));
    }
    const late = list(over.data, "activities");
    const ids = new Set(late.map((a) => a.id));
    const due = (a) => (a.due_at ? new Date(a.due_at).getTime() : Infinity);
    late.sort((a, b) => due(a) - due(b));
    const rest = list(open.data, "activities").filter((a) => !ids.has(a.id)).sort((a, b) => due(a) - due(b));
    const all = late.concat(rest);
    const capped = list(open.data, "activities").length >= MAX;
    $("#task-count").textContent = `${all.length}${capped ? "+" : ""} open task${all.length === 1 ? "" : "s"}, ${late.length} overdue`;
    if (!all.length) return clear(el, h("li", { class: "muted", id: "tasks-empty" }, "No open task is assigned to you."));
    clear(el, all.map((a) => item(a, ids.has(a.id))));
    names(all);
  }

  function item(a, overdue) {
    const href = (recordLink[a.record_kind] || (() => null))(a.record_id);
    const done = h("button", { type: "button", class: "primary", "data-action": "done" }, "Mark done");
    const li = h("li", { class: "task-row" + (overdue ? " overdue" : ""), "data-task": a.id, "data-overdue": String(overdue) },
      h("div", { class: "row-head" },
        h("span", { class: "task-subject" }, a.subject || a.body || "(no subject)"),
        a.due_at ? h("span", { class: "case-due" + (overdue ? " late" : ""), title: "due " + window.SC.time(a.due_at) }, window.SC.dueIn(a.due_at).text)
          : h("span", { class: "case-due" }, "no due time")),
      a.subject && a.body ? h("p", { class: "tl-body" }, a.body) : null,
      h("div", { class: "m-meta" },
        h("span", {}, a.record_kind + " ", href ? h("a", { href, "data-record": a.record_kind + "/" + a.record_id }, a.record_id) : a.record_id),
        h("span", {}, "added ", window.SC.timeEl(a.created_at), " by " + a.author),
        a.reminder && a.reminder.state !== "nobody" ? h("span", { class: "hint", "data-role": "reminder" }, "reminder " + a.reminder.state) : null),
      h("div", { class: "actions" }, done));
    done.addEventListener("click", async () => {
      done.disabled = true;
      const r = await api(`/api/v1/activities/${encodeURIComponent(a.id)}`, { method: "PATCH", body: { done: true } });
      if (!r.ok) { done.disabled = false; return toast("Could not mark the task done: " + r.error, true); }
      toast("Task done");
      load();
    });
    return li;
  }

  // names replaces contact and account ids by their names.
  async function names(as) {
    for (const kind of ["contact", "account"]) {
      const ids = [...new Set(as.filter((a) => a.record_kind === kind).map((a) => a.record_id))];
      const rs = await Promise.all(ids.map((id) => api(`/api/v1/${kind}s/${encodeURIComponent(id)}`)));
      rs.forEach((r, i) => {
        const rec = r.ok && r.data && (r.data[kind] || r.data);
        if (!rec || !rec.name) return;
        document.querySelectorAll(`#tasks a[data-record="${CSS.escape(kind + "/" + ids[i])}"]`).forEach((x) => (x.textContent = rec.name));
      });
    }
  }
})();
