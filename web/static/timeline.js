// socialcrm dashboard: the timeline of a contact or account record — what
// happened on it, newest first, a page at a time — and the form that adds
// a note, logs a call, meeting, email or message, or adds a task.
"use strict";
(function () {
  const { h, $, api, clear, timeEl, toast } = window.SC;

  document.addEventListener("DOMContentLoaded", () => {
    const el = document.getElementById("timeline");
    if (el) timeline(el, el.dataset.records, document.body.dataset.id);
  });

  // The form's kinds, with the words of its button.
  const kinds = [["note", "Note", "Add note"], ["call", "Call", "Log call"], ["task", "Task", "Add task"],
    ["meeting", "Meeting", "Log meeting"], ["email", "Email", "Log email"], ["message", "Message", "Log message"]];

  const kindLabel = {
    mention: "Mention", case_opened: "Case opened", case_resolved: "Case resolved", change: "Change",
    conversion: "Converted", stage_change: "Stage",
  };

  function timeline(el, records, id) {
    const base = `/api/v1/${records}/${encodeURIComponent(id)}`;
    const list = h("ol", { class: "feed timeline", id: "timeline-items", "aria-live": "polite" });
    const more = h("button", { type: "button", id: "timeline-more", hidden: true }, "Show older");
    let next = "";

    const load = async (append) => {
      const p = new URLSearchParams({ limit: "25" });
      if (append && next) p.set("cursor", next);
      const r = await api(`${base}/timeline?${p}`);
      if (!r.ok) {
        el.dataset.state = "error";
        return clear(list, h("li", { class: "muted" }, window.SC.na("Timeline", r)));
      }
      const items = r.data.items || [];
      if (!append) clear(list);
      if (!append && !items.length) list.append(h("li", { class: "muted", id: "timeline-empty" }, "Nothing on the timeline yet."));
      items.forEach((i) => list.append(item(i, () => load(false))));
      next = r.data.next || "";
      more.hidden = !next;
      el.dataset.state = "ready";
    };
    more.addEventListener("click", () => load(true));
    el.reload = () => load(false); // for the record's own changes
    clear(el, h("div", { class: "card-head" }, h("h2", { id: "timeline-h" }, "Timeline"),
      h("p", { class: "hint" }, "Activities, mentions, cases and changes, newest first")),
    form(base, () => load(false)), list, more);
    load(false);
  }

  function form(base, done) {
    const kind = h("select", { id: "activity-kind", "aria-label": "Kind" }, kinds.map(([v, l]) => h("option", { value: v }, l)));
    const subject = h("input", { id: "activity-subject", type: "text", maxlength: "200", placeholder: "Subject", "aria-label": "Subject" });
    const body = h("textarea", { id: "activity-body", rows: "2", maxlength: "10000", placeholder: "What happened, or what to do", "aria-label": "Details" });
    const due = h("input", { id: "activity-due", type: "datetime-local", "aria-label": "Due" });
    const dueLabel = h("label", { class: "inline", hidden: true }, "Due ", due);
    // A task is for the signed-in user unless another is picked.
    let who = h("select", { id: "activity-assignee", "aria-label": "Assignee" });
    const whoLabel = h("label", { class: "inline", hidden: true }, "For ", who);
    Promise.all([window.SC.users(), api("/api/v1/session")]).then(([users, r]) => {
      const me = r.ok && r.data && r.data.user ? r.data.user.id : "";
      const pick = window.SC.userPicker(users, users.some((u) => u.id === me) ? me : "", { id: "activity-assignee", "aria-label": "Assignee" });
      who.replaceWith(pick);
      who = pick;
    });
    const submit = h("button", { type: "submit", id: "activity-add" }, "Add note");
    const sync = () => {
      const k = kinds.find(([v]) => v === kind.value);
      submit.textContent = k[2];
      dueLabel.hidden = whoLabel.hidden = kind.value !== "task";
    };
    kind.addEventListener("change", sync);
    const f = h("form", { id: "activity-form", class: "activity-form" }, kind, subject, body, dueLabel, whoLabel, submit);
    f.addEventListener("submit", async (e) => {
      e.preventDefault();
      const a = { kind: kind.value, subject: subject.value.trim(), body: body.value.trim() };
      if (a.kind === "task" && due.value) a.due_at = new Date(due.value).toISOString();
      if (a.kind === "task" && who.value) a.assignee = who.value;
      submit.disabled = true;
      const r = await api(`${base}/activities`, { method: "POST", body: a });
      submit.disabled = false;
      if (!r.ok) return toast(r.error, true);
      subject.value = body.value = due.value = "";
      toast(kinds.find(([v]) => v === a.kind)[1] + " added");
      done();
    });
    return f;
  }

  function item(i, changed) {
    const a = i.activity;
    const label = a ? kinds.find(([v]) => v === a.kind)?.[1] || a.kind : kindLabel[i.kind] || i.kind;
    const li = h("li", { class: "tl-item", "data-kind": a ? a.kind : i.kind, "data-id": i.id },
      h("div", { class: "m-meta" }, h("span", { class: "badge" }, label), " ", timeEl(i.at),
        a ? h("span", { class: "hint" }, " by " + a.author) : null,
        i.change ? h("span", { class: "hint" }, " by " + i.change.actor) : null),
      h("div", { class: "tl-title" }, i.title));
    if (a && a.subject && a.body) li.append(h("p", { class: "tl-body" }, a.body));
    if (a && a.kind === "task") li.append(task(a, changed));
    if (i.mention && i.mention.url) li.append(h("a", { href: i.mention.url, rel: "noopener" }, "Open on " + i.mention.source));
    return li;
  }

  function task(a, changed) {
    const state = a.done ? "Done" : a.due_at ? "Due " + window.SC.time(a.due_at) : "Open";
    const overdue = !a.done && a.due_at && new Date(a.due_at) < new Date();
    const btn = h("button", { type: "button", class: "task-done" }, a.done ? "Reopen" : "Mark done");
    btn.addEventListener("click", async () => {
      btn.disabled = true;
      const r = await api(`/api/v1/activities/${encodeURIComponent(a.id)}`, { method: "PATCH", body: { done: !a.done } });
      if (!r.ok) { btn.disabled = false; return toast(r.error, true); }
      changed();
    });
    return h("div", { class: "actions task", "data-done": a.done ? "true" : "false" },
      h("span", { class: overdue ? "badge negative" : "hint" }, overdue ? "Overdue" : state), btn);
  }
})();
