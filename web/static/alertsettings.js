// socialcrm dashboard: the Alerts page's settings card — what makes an
// alert at a glance, and a form of every setting the API edits (PUT
// /api/v1/alerts/settings), brands' overrides added and removed,
// read-only without the configure permission.
// The segment targets are shown, not edited: only the file sets them.
"use strict";
(function () {
  const { h, $, api, clear } = window.SC;

  // paramLabels names the detector parameters; one not named here shows
  // its key.
  const paramLabels = {
    window: "Window", scales: "Scales (windows, narrowest first)", dispersion: "Dispersion (0: Poisson)",
    history: "History", warm_up: "Warm-up", slot: "Time-of-day slot", threshold: "Threshold (z)",
    bar_factor: "Bar factor for bursty series", resolve_below: "Resolve below (z)", persistence: "Abnormal windows in a row",
    urgent: "Urgent at (× bar)", resolve_after: "Normal windows to resolve", min_volume: "Least negative mentions",
    min_ratio: "Least observed/expected", min_negative_share: "Least negative share (0–1)", recent: "Recent baseline while warming up",
    warm_up_bar: "Bar while warming up (×)", count_below: "Count model below", prior_mean: "Prior mean",
    prior_windows: "Prior windows", count_bar: "Count model bar", cooldown: "Quiet after resolving",
    level: "Day level span (0: off)", level_threshold: "Day level threshold (z)", level_noise: "Day level noise",
    level_min_ratio: "Day level least ratio", level_weekends: "Day level weighs weekends",
  };

  // groups are the settings beside the detector parameters: key, label
  // and kind.
  const groups = [
    ["VIP contacts", [["vip_tiers", "Tiers (comma-separated)", "list"], ["vip_value", "Least account value", "number"],
      ["vip_quiet", "Resolve when quiet for", "duration"], ["vip_per_hour", "VIP alerts an hour at most", "number"]]],
    ["Notifications", [["max_per_hour", "Notifications an hour at most", "number"], ["max_topics", "Topic series a brand at most", "number"],
      ["sample", "Mentions an alert carries", "number"], ["notify_resolved", "Notify when resolved", "bool"]]],
  ];

  let canEdit = null;

  document.addEventListener("DOMContentLoaded", () => { if ($("#alert-settings")) load(""); });

  // load reads the settings (and, once, whether the user may edit them)
  // and draws the summary and the form; note says what was just done.
  async function load(note) {
    const [r, me] = await Promise.all([api("/api/v1/alerts/settings"), canEdit === null ? api("/api/v1/session") : null]);
    if (me) canEdit = me.ok && ((me.data && me.data.permissions) || []).includes("configure");
    if (!r.ok) return clear($("#alert-settings"), h("dd", {}, window.SC.na("Alert settings", r)));
    summary(r.data);
    const edit = $("#alert-settings-edit");
    edit.hidden = false;
    $("#alert-settings-toggle").textContent = canEdit ? "Edit settings" : "All settings";
    clear($("#alert-settings-body"), form(r.data, note));
  }

  // summary shows what makes an alert: the shared detector parameters,
  // the brands that override them and the VIP thresholds.
  function summary(s) {
    const p = s.params;
    const row = (k, v) => [h("dt", {}, k), h("dd", {}, v)];
    const brands = Object.keys(s.brands || {}).sort();
    clear($("#alert-settings"), [
      row("Window", window.SC.span(p.window)),
      row("Abnormal at", `z ≥ ${p.threshold}, ≥ ${p.min_volume} negative, ≥ ${Math.round(p.min_negative_share * 100)}% negative, ${p.persistence} windows in a row`),
      row("Day level", !window.SC.goDuration(p.level) ? "off" : `last ${window.SC.span(p.level)}, z ≥ ${p.level_threshold}`),
      row("Quiet after", window.SC.span(p.cooldown)),
      row("VIP contacts", `${(s.vip_tiers || []).join(", ") || "no tier"} or accounts worth ≥ ${s.vip_value.toLocaleString()}`),
      row("Notifications", `at most ${s.max_per_hour} an hour`),
      row("Brand overrides", brands.length ? brands.join(", ") : "none"),
    ].flat());
  }

  // short writes a Go duration without its zero tail: "5m0s" is "5m",
  // "24h0m0s" "24h".
  const short = (v) => String(v).replace(/m0s$/, "m").replace(/h0m$/, "h");
  // num reads a number, leaving what is not one for the server to refuse.
  const num = (v) => (v !== "" && isFinite(Number(v)) ? Number(v) : v);

  // kindOf tells how a detector parameter is edited, from its value.
  const kindOf = (v) => typeof v === "boolean" ? "bool" : Array.isArray(v) ? "ints" : typeof v === "number" ? "number" : "duration";

  // field is one input: its label, whether it changed from the value
  // shown and the value it sends.
  function field(name, label, kind, value) {
    const shown = kind === "bool" ? !!value : kind === "duration" ? short(value) : Array.isArray(value) ? value.join(", ") : String(value);
    const input = kind === "bool" ? h("input", { type: "checkbox", name, checked: shown })
      : h("input", { type: kind === "number" ? "number" : "text", step: kind === "number" ? "any" : null, name, value: shown,
        placeholder: kind === "duration" ? "e.g. 90s, 5m, 24h" : null });
    const now = () => (kind === "bool" ? input.checked : input.value.trim());
    const items = () => input.value.split(",").map((x) => x.trim()).filter(Boolean);
    return {
      el: h("label", { class: kind === "bool" ? "check" : null }, h("span", {}, label), input),
      changed: () => now() !== shown,
      value: () => kind === "bool" ? input.checked : kind === "list" ? items() : kind === "ints" ? items().map(num) : kind === "number" ? num(now()) : now(),
    };
  }

  // paramFields are the inputs of a set of detector parameters, by key,
  // in the labels' order, those without a label last.
  function paramFields(prefix, p) {
    const keys = [...Object.keys(paramLabels).filter((k) => k in p), ...Object.keys(p).filter((k) => !(k in paramLabels))];
    return keys.map((k) => [k, field(prefix + k, paramLabels[k] || k.replace(/_/g, " "), kindOf(p[k]), p[k])]);
  }

  const picked = (fs) => Object.fromEntries(fs.filter(([, f]) => f.changed()).map(([k, f]) => [k, f.value()]));

  // form edits the shared parameters, each brand's and the settings
  // beside them, sending only what changed; a brand changed or added is
  // sent whole, for the server lays a brand's keys over the shared
  // parameters.
  function form(s, note) {
    const shared = paramFields("params.", s.params);
    const brands = Object.keys(s.brands || {}).sort().map((b) => [b, paramFields(`brands.${b}.`, s.brands[b])]);
    const added = [];
    const top = groups.map(([legend, fs]) => [legend, fs.map(([k, label, kind]) => [k, field(k, label, kind, s[k])])]);
    const status = h("p", { class: "hint", id: "alert-settings-status", role: "status" }, note);
    const err = h("p", { class: "hint error", id: "alert-settings-error", role: "alert" });
    const save = canEdit ? h("div", { class: "actions" }, h("button", { type: "submit", class: "primary", id: "alert-settings-save" }, "Save settings")) : null;
    const editable = h("fieldset", { class: "settings-fields", disabled: !canEdit },
      h("fieldset", { "data-group": "params" }, h("legend", {}, "Detector"), shared.map(([, f]) => f.el)),
      top.map(([legend, fs]) => h("fieldset", {}, h("legend", {}, legend), fs.map(([, f]) => f.el))),
      brandOverrides(s.params, brands, added, err));
    const el = h("form", { id: "alert-settings-form", class: "settings-form" },
      canEdit ? null : h("p", { class: "hint" }, "Read-only: changing the alert settings needs the configure permission."),
      editable, fileOnly(s), err, status, save);
    el.addEventListener("submit", async (e) => {
      e.preventDefault();
      const body = {};
      const params = picked(shared);
      if (Object.keys(params).length) body.params = params;
      top.forEach(([, fs]) => Object.assign(body, picked(fs)));
      for (const [b, fs] of [...brands.filter(([, fs]) => fs.some(([, f]) => f.changed())), ...added]) {
        body.brands = body.brands || {};
        body.brands[b] = Object.fromEntries(fs.map(([k, f]) => [k, f.value()]));
      }
      err.textContent = "";
      if (!Object.keys(body).length) { status.textContent = "Nothing changed."; return; }
      status.textContent = "Saving…";
      $("#alert-settings-save").disabled = true;
      const r = await api("/api/v1/alerts/settings", { method: "PUT", body });
      if (!r.ok) {
        status.textContent = "";
        err.textContent = r.error;
        $("#alert-settings-save").disabled = false;
        return;
      }
      load("Settings saved and in force.");
    });
    return el;
  }

  // brandOverrides is the fieldset of the brands' overrides, each a
  // details element of its parameters; for a user who may edit, each has a
  // Remove button, and the Add brand control below them adds a brand's
  // fields, prefilled with the shared parameters p, to added: they are
  // sent on save.
  function brandOverrides(p, brands, added, err) {
    const section = h("fieldset", { "data-group": "brands" }, h("legend", {}, "Brand overrides"),
      brands.map(([b, fs]) => h("details", { "data-brand": b }, h("summary", {}, b), fs.map(([, f]) => f.el), canEdit ? removeControl(b, err) : null)));
    if (!canEdit) return brands.length ? section : null;
    const name = h("input", { type: "text", id: "alert-settings-new-brand", placeholder: "brand name", autocomplete: "off" });
    const addRow = h("div", { class: "add-brand" }, h("label", {}, h("span", {}, "New brand"), name),
      h("button", { type: "button", id: "alert-settings-add-brand", onclick: () => add() }, "Add brand"));
    function add() {
      const b = name.value.trim();
      err.textContent = "";
      if (!b) { err.textContent = "Name the brand to add."; return; }
      const known = section.querySelector(`details[data-brand="${CSS.escape(b)}"]`);
      if (known) { known.open = true; err.textContent = `${b} has an override already.`; return; }
      const fs = paramFields(`brands.${b}.`, p);
      added.push([b, fs]);
      const el = h("details", { "data-brand": b, "data-new": "", open: true }, h("summary", {}, `${b} (new: saved with the settings)`),
        fs.map(([, f]) => f.el), h("div", { class: "actions" }, h("button", { type: "button", class: "brand-cancel", onclick: () => {
          added.splice(added.findIndex(([x]) => x === b), 1);
          el.remove();
        } }, "Cancel")));
      section.insertBefore(el, addRow);
      name.value = "";
    }
    name.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); add(); } });
    section.append(addRow);
    return section;
  }

  // removeControl is the Remove button of brand b's override: it asks
  // first, then removes the override at once (the brand set to null), so
  // that the brand takes the shared parameters.
  function removeControl(b, err) {
    const ask = h("button", { type: "button", class: "danger brand-remove" }, "Remove…");
    const yes = h("button", { type: "button", class: "danger-fill brand-remove-yes" }, "Remove override");
    const no = h("button", { type: "button", class: "brand-remove-no" }, "Cancel");
    const confirm = h("div", { class: "remove-confirm", hidden: true },
      h("p", {}, `Remove the override of ${b}? It then takes the shared detector parameters, in every alerter at once. Other changes not saved yet are dropped.`),
      h("div", { class: "controls" }, yes, no));
    ask.addEventListener("click", () => { ask.hidden = true; confirm.hidden = false; no.focus(); });
    no.addEventListener("click", () => { confirm.hidden = true; ask.hidden = false; ask.focus(); });
    yes.addEventListener("click", async () => {
      yes.disabled = true;
      err.textContent = "";
      const r = await api("/api/v1/alerts/settings", { method: "PUT", body: { brands: { [b]: null } } });
      if (!r.ok) {
        yes.disabled = false;
        err.textContent = r.error;
        return;
      }
      load(`The override of ${b} is removed: it takes the shared parameters.`);
    });
    return h("div", { class: "actions" }, ask, confirm);
  }

  // fileOnly shows the segment targets, which the API refuses to edit.
  function fileOnly(s) {
    const rules = s.segment_rules || [];
    return h("fieldset", { class: "file-only", "data-group": "file-only" }, h("legend", {}, "Segment targets"),
      h("p", { class: "hint" }, "Set in the --alert-config file only: vip_segment, segments and segment_refresh cannot be changed here."),
      h("dl", { class: "settings" },
        h("dt", {}, "VIP segment"), h("dd", { "data-key": "vip_segment" }, s.vip_segment || "none"),
        h("dt", {}, "Segment rules"), h("dd", { "data-key": "segments" }, rules.length
          ? rules.map((x) => x.segment + (x.brands && x.brands.length ? ` (${x.brands.join(", ")})` : " (all brands)")).join("; ") : "none"),
        h("dt", {}, "Members refreshed every"), h("dd", { "data-key": "segment_refresh" }, window.SC.span(s.segment_refresh))));
  }
})();
