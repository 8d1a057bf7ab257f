// socialcrm dashboard: a contact's (or, with data-record="leads", a lead's)
// consent to being profiled — granted,
// withdrawn or unknown, suppressed or not — its history, and the form
// that records a change.
"use strict";
(function () {
  const { h, $, api, clear } = window.SC;
  const states = { unknown: "Unknown", granted: "Granted", withdrawn: "Withdrawn" };

  document.addEventListener("DOMContentLoaded", () => {
    const el = $("#consent");
    if (el) show(el, document.body.dataset.id);
  });

  async function show(el, id) {
    const url = `/api/v1/${el.dataset.record === "leads" ? "leads" : "contacts"}/${encodeURIComponent(id)}/consent`;
    const r = await api(url);
    if (!r.ok) return clear(el, window.SC.na("Consent", r));
    draw(el, url, r.data);
  }

  // segments lists the segments the contact is a member of now.
  async function segments(el, id) {
    const r = await api(`/api/v1/contacts/${encodeURIComponent(id)}/segments`);
    if (!r.ok) return clear(el, window.SC.na("Segments", r));
    const gs = r.data.segments || [];
    if (!gs.length) return clear(el, "In no segment.");
    clear(el, "Segments: ", ...gs.map((g, i) => h("span", { "data-segment": g.id }, i ? ", " : "", g.name)),
      r.data.priority_boost ? ` (case priority boost ${r.data.priority_boost})` : "");
  }

  function summary(c) {
    if (!c.profiled) {
      return h("p", { class: "consent-state off", id: "consent-state", "data-profiled": "false" },
        c.suppressed ? "Suppressed: not managed. " : "Consent withdrawn. ",
        c.lead_id ? "New mentions by this lead's identities are kept for the brand but not added to the lead; no case is opened for them and no ties are kept."
          : "New mentions are kept for the brand but not linked to this contact; no case is opened for them and no ties are kept.");
    }
    return h("p", { class: "consent-state", id: "consent-state", "data-profiled": "true" },
      c.state === "granted" ? "Consent granted." : "Consent unknown.", " Mentions are linked and profiled.");
  }

  function historyList(hist) {
    if (!hist.length) return h("p", { class: "hint", id: "consent-history" }, "No change recorded.");
    return h("ol", { class: "consent-history", id: "consent-history" }, ...hist.slice().reverse().map((k) =>
      h("li", { "data-state": k.state }, window.SC.timeEl(k.at), " ", states[k.state] || k.state,
        k.suppressed ? ", suppressed" : "", k.source ? " — " + k.source : "", k.by ? " (" + k.by + ")" : "")));
  }

  function draw(el, url, c) {
    const opt = (v) => h("option", { value: v, selected: c.state === v }, states[v]);
    const state = h("select", { id: "consent-select", name: "state" }, ...Object.keys(states).map(opt));
    const supp = h("input", { type: "checkbox", id: "consent-suppressed", name: "suppressed", checked: c.suppressed });
    const source = h("input", { type: "text", id: "consent-source", name: "source", maxlength: 256, placeholder: "email, phone call, web form…" });
    const status = h("p", { class: "hint", id: "consent-status", role: "status" });
    async function save(ev) {
      ev.preventDefault();
      const btn = $("#consent-save");
      btn.disabled = true;
      status.textContent = "Saving…";
      const r = await api(url, { method: "PUT", body: { state: state.value, suppressed: supp.checked, source: source.value } });
      btn.disabled = false;
      if (!r.ok) {
        status.textContent = "Not saved: " + r.error;
        window.SC.toast("Consent not saved: " + r.error, true);
        return;
      }
      draw(el, url, r.data);
      $("#consent-status").textContent = "Saved.";
    }
    clear(el,
      h("h2", { id: "consent-h" }, "Consent"),
      summary(c),
      h("form", { id: "consent-form", class: "controls", onsubmit: save },
        h("label", {}, "State ", state),
        h("label", {}, supp, " Suppressed (do not manage)"),
        h("label", {}, "Source ", source),
        h("button", { type: "submit", id: "consent-save" }, "Record")),
      status,
      c.lead_id ? h("p", { class: "hint" }, "Converting the lead carries this history to its contact.")
        : h("p", { class: "hint", id: "contact-segments" }, "Loading segments…"),
      h("h3", {}, "History"),
      historyList(c.history || []));
    if (!c.lead_id) segments($("#contact-segments"), c.contact_id);
  }
})();
