// socialcrm dashboard: crisis alerts — list by status, detail with the
// mentions, authors and contacts behind an alert, acknowledge and resolve.
"use strict";
(function () {
  const { h, $, $$, api, list, clear, n, pct } = window.SC;
  const st = { status: "firing", brand: "", alerts: [], selected: document.body.dataset.id || "" };

  document.addEventListener("DOMContentLoaded", () => {
    $$("#alert-filter [data-status]").forEach((b) => b.addEventListener("click", () => {
      st.status = b.dataset.status;
      $$("#alert-filter [data-status]").forEach((x) => x.setAttribute("aria-pressed", String(x === b)));
      loadList();
    }));
    let t; $("#alert-brand").addEventListener("input", (e) => { clearTimeout(t); t = setTimeout(() => { st.brand = e.target.value.trim(); loadList(); }, 250); });
    $("#alert-filter").addEventListener("submit", (e) => e.preventDefault());
    window.addEventListener("popstate", () => { st.selected = location.pathname.split("/")[2] || ""; markSelected(); showDetail(); });
    window.SC.stream({ alert: onAlert });
    const burst = $("#burst");
    if (burst) burst.addEventListener("submit", async (e) => {
      e.preventDefault();
      const brand = $("#burst-brand").value.trim();
      const r = await api("/api/v1/demo/burst?for=3m&brand=" + encodeURIComponent(brand), { method: "POST" });
      if (!r.ok) { window.SC.toast("Burst failed: " + r.error, true); return; }
      const start = new Date(r.data.start);
      window.SC.toast(start - Date.now() > 1000
        ? `The alerter is still learning what is normal: the complaint burst for ${brand} starts at ${start.toLocaleTimeString()}`
        : `Complaint burst for ${brand} started; an alert follows when the window closes`);
    });
    if (st.selected) {
      // a deep link shows the alert whatever its status
      st.status = "";
      $$("#alert-filter [data-status]").forEach((x) => x.setAttribute("aria-pressed", String(x.dataset.status === "")));
    }
    loadList().then(showDetail);
    loadSilences();
  });

  async function loadList() {
    const q = new URLSearchParams({ limit: "100" });
    if (st.status) q.set("status", st.status);
    if (st.brand) q.set("brand", st.brand);
    const r = await api("/api/v1/alerts?" + q);
    const el = $("#alerts");
    if (!r.ok) {
      st.alerts = [];
      return clear(el, h("li", {}, window.SC.unavailable(r) ? window.SC.na("Alerts", r) : h("p", { class: "muted" }, "Could not load alerts: " + r.error)));
    }
    st.alerts = list(r.data, "alerts", "items");
    if (!st.alerts.length) return clear(el, h("li", { class: "muted" }, st.status ? `No ${st.status} alerts.` : "No alerts."));
    clear(el, st.alerts.map(item));
    markSelected();
  }

  function item(a) {
    return h("li", {}, h("a", { class: "alert-item", href: "/alerts/" + encodeURIComponent(a.id), "data-alert": a.id, onclick: (e) => select(e, a.id) },
      h("div", { class: "row-head" },
        h("span", { class: "name" }, a.brand + (a.topic ? " · " + a.topic : "")),
        h("span", {}, h("span", { class: "badge " + a.severity }, a.severity), " ", h("span", { class: "badge " + a.status }, a.status))),
      h("div", { class: "m-meta" },
        h("span", {}, a.reason === "vip" ? "VIP contact" : "Negative spike"),
        a.reason === "vip" ? h("span", {}, (a.themes || []).slice(0, 2).join(", "))
          : [h("span", {}, counts(a)),
            isFinite(a.negative_share) ? h("span", {}, pct(a.negative_share) + " negative") : null],
        window.SC.timeEl(a.start || a.created_at))));
  }

  // counts is observed against expected negative mentions a window, at
  // the alerted level and, for an alert on a topic or rule, the brand's.
  function counts(a) {
    const vs = (o, e) => `${n(Math.round(o))} vs ${n(Math.round(e * 10) / 10)} expected`;
    const per = a.window ? " per " + window.SC.span(a.window) : "";
    if (!a.topic || !a.brand_observed) return vs(a.observed, a.expected) + per;
    return `${topicName(a)}: ${vs(a.observed, a.expected)} · brand: ${vs(a.brand_observed, a.brand_expected)}` + per;
  }

  const topicName = (a) => a.topic.startsWith("rule:") ? "rule " + a.topic.slice(5) : a.topic;

  function select(e, id) {
    if (e.metaKey || e.ctrlKey || e.shiftKey) return;
    e.preventDefault();
    st.selected = id;
    history.pushState(null, "", "/alerts/" + encodeURIComponent(id));
    markSelected();
    showDetail();
  }

  function markSelected() {
    $$(".alert-item").forEach((a) => a.setAttribute("aria-current", String(a.dataset.alert === st.selected)));
  }

  async function findAlert(id) {
    const r = await api("/api/v1/alerts/" + encodeURIComponent(id));
    if (r.ok && r.data) return r.data.alert || r.data;
    return st.alerts.find((a) => a.id === id) || null;
  }

  async function showDetail() {
    const el = $("#alert-detail");
    if (!st.selected) return;
    const a = await findAlert(st.selected);
    if (!a) return clear(el, h("h2", { id: "ad-h" }, "Alert not found"), h("p", { class: "muted" }, `No alert ${st.selected}.`));
    // the same version of the alert is not drawn twice (an action and its
    // stream event both ask for it)
    const version = [a.id, a.status, a.updated_at, a.acked_by].join("|");
    if (version === st.shown) return;
    st.shown = version;
    document.title = `Alert ${a.brand} · socialcrm`;
    const mentions = h("ol", { class: "feed", "aria-label": "Mentions behind the alert" }, h("li", { class: "muted" }, "Loading mentions…"));
    const authors = h("ul", { class: "people", "aria-label": "Authors" }, h("li", { class: "muted" }, "Loading…"));
    const contacts = h("ul", { class: "people", "aria-label": "CRM contacts" }, h("li", { class: "muted" }, "Loading…"));
    clear(el,
      h("div", { class: "record-head" },
        h("div", {}, h("h2", { id: "ad-h" }, `${a.brand}${a.topic ? " · " + a.topic : ""}`),
          h("p", { class: "sub" }, a.reason === "vip" ? "Negative mention by a VIP contact" : "Negative spike", " · since ", window.SC.time(a.start))),
        h("div", { class: "actions" },
          h("span", { class: "badge " + a.severity }, a.severity), h("span", { class: "badge " + a.status, id: "alert-status" }, a.status),
          actions(a))),
      h("dl", { class: "facts" },
        fact(a.topic ? `Observed (${topicName(a)})` : "Observed", n(Math.round(a.observed * 10) / 10)),
        fact(a.topic ? `Expected (${topicName(a)})` : "Expected", n(Math.round(a.expected * 10) / 10)),
        a.topic && a.brand_observed ? [fact(`Observed (all of ${a.brand})`, n(Math.round(a.brand_observed * 10) / 10)),
          fact(`Expected (all of ${a.brand})`, n(Math.round(a.brand_expected * 10) / 10))] : null,
        fact("Negative share", pct(a.negative_share)), fact("Reach", a.reach ? n(Math.round(a.reach)) : "–"),
        fact("Window", window.SC.span(a.window)), fact("Acknowledged by", a.acked_by || "–"),
        fact("Notification", h("span", { class: "badge delivery " + (a.delivery_status || "none"), id: "alert-delivery" }, a.delivery_status || "–"))),
      a.themes && a.themes.length ? [h("h3", {}, "Themes"), h("ul", { class: "chips" }, a.themes.map((t) => h("li", { class: "chip" }, t)))] : null,
      h("h3", {}, "CRM contacts affected"), contacts,
      h("h3", {}, "Most influential authors"), authors,
      h("h3", {}, "Mentions behind the alert"), mentions,
      a.deliveries && a.deliveries.length ? [h("h3", {}, "Notifications"), deliveries(a.deliveries)] : null);
    fillMentions(mentions, a);
    fillContacts(contacts, a.contacts || []);
    fillAuthors(authors, a);
  }

  // actions offers only what applies to the alert's status: a firing
  // alert can be acknowledged, resolved and muted, an acknowledged one
  // resolved and muted, a resolved one nothing.
  function actions(a) {
    return [
      a.status === "firing" ? h("button", { type: "button", class: "primary", id: "ack", onclick: () => act(a, "ack") }, "Acknowledge") : null,
      a.status !== "resolved" ? h("button", { type: "button", id: "resolve", onclick: () => act(a, "resolve") }, "Resolve") : null,
      a.status !== "resolved" ? h("button", { type: "button", id: "mute", title: "Mute notifications for this brand and topic for one hour", onclick: () => mute(a) }, "Mute 1 h") : null,
    ];
  }

  const fact = (k, v) => h("div", { class: "fact" }, h("dt", {}, k), h("dd", {}, v));

  function deliveries(ds) {
    return h("div", { class: "table-wrap" }, h("table", { class: "table" },
      h("thead", {}, h("tr", {}, ["Notifier", "When", "Result"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, ds.map((d) => h("tr", {}, h("td", {}, d.notifier), h("td", {}, window.SC.time(d.at)),
        h("td", {}, d.ok ? "delivered" : "failed: " + (d.error || "")))))));
  }

  // fillMentions lists the alert's own mentions: the sample it was raised
  // on first, then every negative mention of its brand and topic or rule
  // over its span (mentions_link), a page at a time.
  async function fillMentions(el, a) {
    const ids = (a.mentions || []).slice(0, 20);
    const rs = await Promise.all(ids.map((id) => api("/api/v1/mentions/" + encodeURIComponent(id))));
    const shown = new Set(ids);
    const sample = rs.map((r, i) => {
      const li = r.ok ? window.SC.mentionItem(r.data) : h("li", { class: "mention muted", "data-mention": ids[i] }, `${ids[i]} (${r.status === 404 ? "deleted or not stored" : r.error})`);
      li.dataset.sample = "true";
      return li;
    });
    const what = a.topic ? `about ${topicName(a)}` : `of ${a.brand}`;
    clear(el, ids.length ? h("li", { class: "hint", id: "alert-sample-h" }, `The alert's sample: ${ids.length} mentions it was raised on, widest reach first.`)
      : h("li", { class: "muted" }, "No mention sample on this alert."), sample);
    if (!a.mentions_link || !a.mentions_link.startsWith("/api/v1/mentions?")) return;
    const page = 20;
    let offset = 0, listed = 0, heading = null;
    const more = h("li", { class: "more" }, h("button", { type: "button", id: "alert-more", onclick: () => next() }, "More mentions"));
    async function next() {
      const r = await api(`${a.mentions_link}&limit=${page}&offset=${offset}`);
      if (!r.ok) { more.replaceWith(h("li", { class: "muted" }, "Could not load the mentions: " + r.error)); return; }
      const ms = list(r.data, "mentions");
      offset += ms.length;
      const total = r.data.total || 0;
      if (!heading) {
        heading = h("li", { class: "hint", id: "alert-all-h" }, `All ${n(total)} negative mentions ${what} in the alert's span, newest first.`);
        el.append(heading);
      }
      for (const m of ms) {
        if (shown.has(m.id)) continue;
        shown.add(m.id);
        listed++;
        el.insertBefore(window.SC.mentionItem(m), more.isConnected ? more : null);
      }
      if (offset < total && ms.length) { if (!more.isConnected) el.append(more); } else more.remove();
      el.dataset.listed = String(listed);
    }
    await next();
  }

  async function fillContacts(el, ids) {
    if (!ids.length) return clear(el, h("li", { class: "muted" }, "No CRM contacts matched."));
    const rs = await Promise.all(ids.slice(0, 12).map((id) => api("/api/v1/contacts/" + encodeURIComponent(id) + "?limit=1")));
    clear(el, rs.map((r, i) => {
      if (!r.ok) return h("li", { class: "person muted" }, ids[i]);
      const c = r.data.contact || r.data, acc = r.data.account;
      return h("li", { class: "person" }, h("a", { href: "/contacts/" + encodeURIComponent(c.id) }, c.name),
        h("div", { class: "sub" }, acc ? [acc.name, " · ", h("span", { class: "badge tier" }, acc.tier || "—"), " · ", window.SC.money(acc.value, acc.currency)] : c.title || ""));
    }));
  }

  async function fillAuthors(el, a) {
    const keys = (a.authors || []).slice(0, 12);
    if (!keys.length) return clear(el, h("li", { class: "muted" }, "No authors recorded."));
    const r = await api("/api/v1/graph/influencers?limit=200&brand=" + encodeURIComponent(a.brand));
    const inf = new Map(r.ok ? list(r.data, "influencers").map((x) => [x.key, x]) : []);
    clear(el, keys.map((k) => {
      const x = inf.get(k);
      return h("li", { class: "person" }, h("span", {}, k),
        h("div", { class: "sub" }, x ? `rank ${x.rank} · reach ${n(x.reach)} · ${n(x.followers)} followers` : r.ok ? "not ranked" : "influence not available"));
    }));
  }

  async function act(a, what) {
    const buttons = $$("#alert-detail .actions button");
    buttons.forEach((b) => (b.disabled = true));
    const r = await api(`/api/v1/alerts/${encodeURIComponent(a.id)}/${what}`, { method: "POST", body: {} });
    if (!r.ok) {
      window.SC.toast((what === "ack" ? "Acknowledge" : "Resolve") + " failed: " + (window.SC.unavailable(r) && r.status !== 404 ? "the alert service is not running" : r.error), true);
      buttons.forEach((b) => (b.disabled = false));
      return;
    }
    window.SC.toast(what === "ack" ? "Alert acknowledged" : "Alert resolved");
    await loadList();
    await showDetail();
    window.SC.refreshAlertCount();
  }

  async function mute(a) {
    const start = new Date(), end = new Date(start.getTime() + 3600e3);
    const r = await api("/api/v1/silences", { method: "POST", body: { brand: a.brand, topic: a.topic || "", start: start.toISOString(), end: end.toISOString(), comment: "muted from alert " + a.id } });
    if (!r.ok) return window.SC.toast(window.SC.unavailable(r) ? "Silences are not available" : "Mute failed: " + r.error, true);
    window.SC.toast(`Notifications for ${a.brand}${a.topic ? " / " + a.topic : ""} muted until ${end.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" })}`);
    loadSilences();
  }

  async function loadSilences() {
    const el = $("#silences");
    const r = await api("/api/v1/silences");
    if (!r.ok) return clear(el, h("li", {}, window.SC.na("Silences", r)));
    const ss = list(r.data, "silences");
    if (!ss.length) return clear(el, h("li", { class: "muted" }, "No notifications are muted."));
    clear(el, ss.map((x) => h("li", { class: "silence", "data-silence": x.id },
      h("div", {}, h("strong", {}, (x.brand || "every brand") + (x.topic ? " / " + x.topic : "")),
        h("div", { class: "hint" }, "until ", window.SC.time(x.end), x.comment ? " · " + x.comment : "")),
      h("button", { type: "button", onclick: () => unmute(x) }, "End"))));
  }

  async function unmute(x) {
    const r = await api("/api/v1/silences/" + encodeURIComponent(x.id), { method: "DELETE" });
    window.SC.toast(r.ok ? "Notifications unmuted" : "Could not end the silence: " + r.error, !r.ok);
    loadSilences();
  }

  function onAlert(a) {
    if (!a || !a.id) return;
    const i = st.alerts.findIndex((x) => x.id === a.id);
    const fits = (!st.status || a.status === st.status) && (!st.brand || a.brand === st.brand);
    if (i >= 0) st.alerts.splice(i, 1);
    if (fits) st.alerts.unshift(a);
    const el = $("#alerts");
    if (st.alerts.length) clear(el, st.alerts.map(item));
    markSelected();
    if (a.id === st.selected) showDetail();
    window.SC.refreshAlertCount();
    if (a.status === "firing" && i < 0) window.SC.toast(`New alert: ${a.brand} (${a.severity})`, true);
  }
})();
