// socialcrm dashboard: contact search and the contact record — identities,
// account, sentiment, recent mentions, ties and the ego network, and the
// contact's personal data: export it, or erase it after a confirm step.
"use strict";
(function () {
  const { h, $, api, list, clear, n, signed } = window.SC;
  const page = document.body.dataset.page;

  document.addEventListener("DOMContentLoaded", () => {
    window.SC.stream({});
    if (page === "contact") record(document.body.dataset.id);
    else search();
  });

  // nodeKey mirrors socialcrm.NodeKey: "<network>:<handle or id>".
  const nodeKey = (i) => i.network + ":" + ((i.handle || "").replace(/^@/, "").toLowerCase() || i.native_id || "");

  const identChip = (i) => h("li", { class: "ident" }, h("span", { class: "net" }, i.network), h("span", {}, i.handle ? "@" + i.handle.replace(/^@/, "") : i.native_id));

  // ---- search ----
  function search() {
    showNotice();
    const form = $("#contact-search"), q = $("#q");
    const params = new URLSearchParams(location.search);
    q.value = params.get("q") || "";
    let offset = +params.get("offset") || 0, t;
    const run = async () => {
      const p = new URLSearchParams({ limit: "25", offset: String(offset) });
      if (q.value.trim()) p.set("q", q.value.trim());
      history.replaceState(null, "", "/contacts" + (q.value.trim() ? "?q=" + encodeURIComponent(q.value.trim()) : ""));
      const [r, ar] = await Promise.all([api("/api/v1/contacts?" + p), accounts()]);
      const body = $("#contacts tbody");
      if (!r.ok) return clear(body, h("tr", {}, h("td", { colspan: 4 }, window.SC.na("Contacts", r))));
      const cs = list(r.data, "contacts"), total = r.data.total || cs.length;
      $("#contact-count").textContent = `${n(total)} contact${total === 1 ? "" : "s"}`;
      if (!cs.length) clear(body, h("tr", {}, h("td", { colspan: 4, class: "muted" }, "No contact matches.")));
      else clear(body, cs.map((c) => row(c, ar)));
      pager(total, offset, (o) => { offset = o; run(); });
    };
    form.addEventListener("submit", (e) => { e.preventDefault(); offset = 0; run(); });
    q.addEventListener("input", () => { clearTimeout(t); t = setTimeout(() => { offset = 0; run(); }, 250); });
    run();
  }

  let accCache;
  async function accounts() {
    if (!accCache) {
      const r = await api("/api/v1/accounts");
      accCache = new Map(r.ok ? list(r.data, "accounts").map((a) => [a.id, a]) : []);
    }
    return accCache;
  }

  function row(c, accs) {
    const a = accs.get(c.account_id);
    return h("tr", { "data-contact": c.id },
      h("td", {}, h("a", { href: "/contacts/" + encodeURIComponent(c.id) }, c.name), c.title ? h("div", { class: "hint" }, c.title) : null),
      h("td", {}, a ? [h("a", { href: "/accounts/" + encodeURIComponent(a.id) }, a.name), " ", h("span", { class: "badge tier" }, a.tier || "—")] : c.account_id || "–"),
      h("td", {}, h("ul", { class: "idents" }, (c.identities || []).map(identChip))),
      h("td", {}, h("ul", { class: "chips" }, (c.tags || []).map((t) => h("li", { class: "chip" }, t)))));
  }

  function pager(total, offset, go) {
    const el = $("#contact-pager");
    clear(el,
      offset > 0 ? h("button", { type: "button", onclick: () => go(Math.max(0, offset - 25)) }, "← Previous") : null,
      offset + 25 < total ? h("button", { type: "button", onclick: () => go(offset + 25) }, "Next →") : null);
  }

  // ---- record ----
  async function record(id) {
    const el = $("#record");
    const r = await api(`/api/v1/contacts/${encodeURIComponent(id)}?limit=20`);
    if (!r.ok) {
      el.dataset.state = "error";
      return clear(el, h("h1", {}, r.status === 404 ? "Contact not found" : "Contact not available"), h("p", { class: "muted" }, r.error));
    }
    const { contact: c, account: a } = r.data;
    const ms = r.data.mentions || [];
    document.title = c.name + " · socialcrm";
    $("#crumb").textContent = c.name;
    const trend = h("div", { class: "chart", id: "contact-trend" });
    const ego = h("div", { class: "chart ego", id: "ego" }, h("p", { class: "muted" }, "Loading network…"));
    const ties = h("div", { id: "ties" }, h("p", { class: "muted" }, "Loading ties…"));
    clear(el,
      h("div", { class: "record-head" },
        h("div", {}, h("h1", {}, c.name), h("p", { class: "sub" }, [c.title, a && a.name].filter(Boolean).join(" · "))),
        h("ul", { class: "chips" }, (c.tags || []).map((t) => h("li", { class: "chip" }, t)))),
      h("div", { class: "record-grid" },
        h("div", {},
          h("section", { class: "card", "aria-labelledby": "who-h" }, h("h2", { id: "who-h" }, "Details"),
            h("dl", { class: "kv" },
              c.email ? [h("dt", {}, "Email"), h("dd", {}, h("a", { href: "mailto:" + c.email }, c.email))] : null,
              c.phone ? [h("dt", {}, "Phone"), h("dd", {}, c.phone)] : null,
              h("dt", {}, "Contact id"), h("dd", {}, c.id),
              h("dt", {}, "In CRM since"), h("dd", {}, window.SC.time(c.created_at)))),
          h("section", { class: "card", "aria-labelledby": "id-h", id: "identities" }, h("h2", { id: "id-h" }, "Social identities"),
            (c.identities || []).length ? h("ul", { class: "idents" }, c.identities.map(identChip)) : h("p", { class: "muted" }, "No social identities.")),
          h("section", { class: "card", "aria-labelledby": "acc-h", id: "account" }, h("h2", { id: "acc-h" }, "Account"),
            a ? h("dl", { class: "kv" },
              h("dt", {}, "Name"), h("dd", {}, h("a", { href: "/accounts/" + encodeURIComponent(a.id) }, a.name)),
              h("dt", {}, "Tier"), h("dd", {}, h("span", { class: "badge tier" }, a.tier || "—")),
              h("dt", {}, "Yearly value"), h("dd", { class: "num-left" }, window.SC.money(a.value, a.currency)),
              a.domain ? [h("dt", {}, "Domain"), h("dd", {}, a.domain)] : null)
              : h("p", { class: "muted" }, c.account_id ? `Account ${c.account_id} not found.` : "Not linked to an account.")),
          sentimentCard(r.data, trend),
          privacyCard(c, r.data.mentions_total || 0),
          mergeCard(c)),
        h("div", {},
          window.SC.caseCard("contact-cases", r.data.cases || [], "/cases?status=active&contact=" + encodeURIComponent(c.id)),
          h("section", { class: "card", "aria-labelledby": "ego-h" }, h("div", { class: "card-head" }, h("h2", { id: "ego-h" }, "Network"), h("p", { class: "hint" }, "Solid: strong ties · dashed: weak ties · colour: community")), ego,
            h("ul", { class: "legend", id: "ego-legend", "aria-label": "Communities" })),
          h("section", { class: "card", "aria-labelledby": "ties-h" }, h("h2", { id: "ties-h" }, "Ties"), ties),
          h("section", { class: "card", "aria-labelledby": "men-h" }, h("div", { class: "card-head" }, h("h2", { id: "men-h" }, "Recent mentions"), h("p", { class: "hint" }, `${n(r.data.mentions_total || ms.length)} in total`)),
            ms.length ? h("ol", { class: "feed", id: "contact-mentions" }, ms.map((m) => window.SC.mentionItem(m))) : h("p", { class: "muted", id: "contact-mentions" }, "No mentions yet.")))));
    el.dataset.state = "ready";
    drawTrend(trend, c.id);
    drawEgo(ego, c.identities || []);
    drawTies(ties, c.id);
  }

  // ---- merging a duplicate ----

  // mergeCard finds another contact by name, email or handle, asks for
  // confirmation and merges it into this one (POST …/merge), then shows
  // the kept record.
  function mergeCard(c) {
    const q = h("input", { type: "search", id: "merge-q", placeholder: "Name, email or handle", autocomplete: "off", "aria-label": "Find the duplicate contact" });
    const found = h("ul", { class: "merge-found", id: "merge-found" });
    const confirmBox = h("div", { id: "merge-confirm", hidden: true });
    const status = h("p", { class: "hint", id: "merge-status", role: "status" });
    let t;
    const search = async () => {
      const term = q.value.trim();
      confirmBox.hidden = true;
      if (!term) return clear(found);
      const r = await api("/api/v1/contacts?" + new URLSearchParams({ q: term, limit: "10" }));
      if (!r.ok) return clear(found, h("li", { class: "muted" }, "Search failed: " + r.error));
      const others = list(r.data, "contacts").filter((o) => o.id !== c.id);
      clear(found, others.length ? others.map((o) => h("li", {},
        h("button", { type: "button", class: "link", "data-merge": o.id, onclick: () => ask(o) },
          o.name + (o.email ? " · " + o.email : "") + " (" + o.id + ")"))) : h("li", { class: "muted" }, "No other contact matches."));
    };
    const ask = (o) => {
      confirmBox.hidden = false;
      clear(confirmBox,
        h("p", {}, `Merge ${o.name} (${o.id}) into ${c.name}? Its identities, mentions, cases and activities move here, empty fields are filled from it, and ${o.id} is removed (its address leads here).`),
        h("div", { class: "actions" },
          h("button", { type: "button", class: "danger", id: "merge-go", onclick: (e) => merge(o, e.target) }, "Merge into " + c.name),
          h("button", { type: "button", id: "merge-cancel", onclick: () => { confirmBox.hidden = true; } }, "Cancel")));
    };
    const merge = async (o, btn) => {
      btn.disabled = true;
      status.textContent = "Merging…";
      const r = await api(`/api/v1/contacts/${encodeURIComponent(c.id)}/merge`, { method: "POST", body: { from: o.id } });
      btn.disabled = false;
      if (!r.ok) { status.textContent = ""; return window.SC.toast("Merge failed: " + r.error, true); }
      window.SC.toast(`${o.name} merged into ${c.name}`);
      location.reload();
    };
    q.addEventListener("input", () => { clearTimeout(t); t = setTimeout(search, 250); });
    return h("section", { class: "card", "aria-labelledby": "merge-h", id: "merge" },
      h("h2", { id: "merge-h" }, "Merge a duplicate"),
      h("p", { class: "hint" }, "Find the other record of this person and merge it into this one."),
      q, found, confirmBox, status);
  }

  // ---- personal data (GDPR) ----

  // noticeKey holds, in sessionStorage, the note the contacts list shows
  // once after an erasure.
  const noticeKey = "socialcrm.notice";

  function showNotice() {
    const msg = sessionStorage.getItem(noticeKey);
    if (!msg) return;
    sessionStorage.removeItem(noticeKey);
    const el = h("p", { class: "notice", id: "notice", role: "status" }, msg,
      h("button", { type: "button", class: "link", "aria-label": "Dismiss", onclick: () => el.remove() }, "×"));
    $("main").prepend(el);
  }

  // privacyCard offers the contact's data export and its erasure, which
  // asks for confirmation first.
  function privacyCard(c, mentions) {
    const url = `/api/v1/contacts/${encodeURIComponent(c.id)}`;
    const status = h("p", { class: "hint", id: "erase-status", role: "status" });
    const confirm = h("div", { class: "erase-confirm", id: "erase-confirm", hidden: true },
      h("p", {}, `Erase ${c.name} for good? This deletes the contact, its social identities, the ${n(mentions)} linked mention${mentions === 1 ? "" : "s"} its identities wrote, its cases and its ties, removes it from alerts, and keeps its identities' future mentions out. It cannot be undone.`),
      h("div", { class: "controls" },
        h("button", { type: "button", class: "danger-fill", id: "erase-yes", onclick: erase }, "Erase for good"),
        h("button", { type: "button", id: "erase-no", onclick: () => { confirm.hidden = true; ask.hidden = false; ask.focus(); } }, "Cancel")),
      status);
    const ask = h("button", { type: "button", class: "danger", id: "erase-contact", onclick: () => { ask.hidden = true; confirm.hidden = false; $("#erase-no").focus(); } }, "Erase contact…");
    async function erase() {
      const yes = $("#erase-yes");
      yes.disabled = true;
      status.textContent = "Erasing…";
      const r = await api(url + "/erase", { method: "POST", body: {} });
      if (r.ok) {
        const d = r.data;
        sessionStorage.setItem(noticeKey, `Contact erased: ${n(d.mentions_deleted)} mention${d.mentions_deleted === 1 ? "" : "s"}, ${n(d.cases_deleted)} case${d.cases_deleted === 1 ? "" : "s"} and ${n(d.graph_ties)} ti${d.graph_ties === 1 ? "e" : "es"} removed; unlinked from ${n(d.mentions_unlinked)} other mention${d.mentions_unlinked === 1 ? "" : "s"} and ${n(d.alerts_unlinked)} alert${d.alerts_unlinked === 1 ? "" : "s"}.`);
        location.assign("/contacts");
        return;
      }
      yes.disabled = false;
      status.textContent = r.status === 404 ? "This contact no longer exists." : "Erasure failed: " + r.error;
      window.SC.toast("Erasure failed: " + r.error, true);
    }
    return h("section", { class: "card", "aria-labelledby": "gdpr-h", id: "privacy" }, h("h2", { id: "gdpr-h" }, "Personal data"),
      h("p", { class: "hint" }, "Everything held about this person, as one JSON file, or its erasure (GDPR)."),
      h("div", { class: "controls privacy-actions" },
        h("a", { class: "button", id: "export-data", href: url + "/export", download: `contact-${c.id}.json` }, "Export data"),
        ask),
      confirm);
  }

  // sentimentCard shows the contact's sentiment totals over a stated
  // period (every scored mention of it, counted by the store), its trend
  // against the period before and the all-time total.
  function sentimentCard(d, trend) {
    const s = d.sentiment, prev = d.sentiment_previous, all = d.sentiment_all, label = d.sentiment_period.label;
    const net = (x) => x.total ? (x.positive - x.negative) / x.total : NaN;
    let move = `No scored mentions in the ${label.replace(/^last /, "")} before to compare with.`;
    if (prev.total && s.total) {
      const a = net(s), b = net(prev), dir = Math.abs(a - b) < 0.005 ? "level with" : a > b ? "up from" : "down from";
      move = `Net ${signed(a)}, ${dir} ${signed(b)} in the ${label.replace(/^last /, "")} before (${n(prev.total)} mentions).`;
    }
    return h("section", { class: "card", "aria-labelledby": "sen-h", id: "sentiment" },
      h("div", { class: "card-head" }, h("h2", { id: "sen-h" }, "Sentiment"), h("p", { class: "hint", id: "sen-period", title: `${window.SC.time(d.sentiment_period.since)} to now` }, label)),
      h("div", { class: "counts" },
        h("div", { class: "positive", "data-label": "positive" }, h("strong", {}, n(s.positive)), "positive"),
        h("div", { class: "neutral", "data-label": "neutral" }, h("strong", {}, n(s.neutral)), "neutral"),
        h("div", { class: "negative", "data-label": "negative" }, h("strong", {}, n(s.negative)), "negative")),
      h("p", { class: "hint", id: "sen-total" }, `All ${n(s.total)} scored mentions of the ${label}, mean score ${signed(s.mean_score || 0)}; ${n(all.total)} since the first.`),
      h("p", { class: "hint", id: "sen-trend" }, move),
      h("p", { class: "hint", id: "trend-note" }),
      trend);
  }

  // drawTrend draws the contact's mentions per day over 30 days, or per
  // hour over two days when that is all there is, counted by the store.
  async function drawTrend(el, id) {
    const sum = (q) => api(`/api/v1/sentiment/summary?contact=${encodeURIComponent(id)}&` + q);
    let r = await sum("since=30d&window=1d"), hourly = false;
    if (!r.ok) return clear(el, window.SC.na("Trend", r));
    const now = Date.now();
    if (!r.data.buckets.length) return clear(el, h("p", { class: "muted" }, "No mentions in the last 30 days."));
    if (now - new Date(r.data.buckets[0].start) < 2 * 86400e3) {
      hourly = true;
      r = await sum("since=48h&window=1h");
      if (!r.ok) return clear(el, window.SC.na("Trend", r));
    }
    const w = hourly ? 3600e3 : 86400e3, span = hourly ? 48 : 30;
    const t1 = Math.ceil(now / w) * w, t0 = t1 - span * w;
    const buckets = r.data.buckets.map((k) => ({ t: +new Date(k.start), positive: k.positive, neutral: k.neutral, negative: k.negative }));
    $("#trend-note").textContent = hourly ? "Hourly, last 48 hours:" : "Daily, last 30 days:";
    clear(el, window.SC.charts.stacked(el, buckets, { t0, t1, width: w, height: 130, label: `Mentions per ${hourly ? "hour" : "day"} by sentiment` }));
  }

  async function drawEgo(el, idents) {
    let last = null;
    for (const i of idents) {
      const r = await api("/api/v1/graph/ego/" + encodeURIComponent(nodeKey(i)) + "?limit=16");
      last = r;
      if (r.ok && r.data && Array.isArray(r.data.nodes) && r.data.nodes.length) {
        const cs = window.SC.charts.communities(r.data);
        clear($("#ego-legend"), cs.map((c, i) => h("li", { "data-community": c.community },
          h("span", { class: "swatch", style: { "--c": c.color }, "aria-hidden": "true" }),
          `${i === 0 ? "their community" : "community " + c.community} · ${n(c.count)} ${c.count === 1 ? "person" : "people"}`)));
        return clear(el, window.SC.charts.ego(el, r.data, { label: `Ego network of ${r.data.center}: ${r.data.nodes.length - 1} neighbours in ${cs.length} communit${cs.length === 1 ? "y" : "ies"}` }));
      }
      if (r.status !== 404) break;
    }
    if (!idents.length) return clear(el, h("p", { class: "muted" }, "No identities to look up."));
    clear(el, last && last.status === 404 && (last.data && last.data.error) ? h("p", { class: "muted" }, "Not in the relationship graph yet.") : window.SC.na("Relationship graph", last));
  }

  async function drawTies(el, id) {
    const r = await api(`/api/v1/contacts/${encodeURIComponent(id)}/ties`);
    if (!r.ok) return clear(el, window.SC.na("Ties", r));
    const ts = list(r.data, "ties");
    if (!ts.length) return clear(el, h("p", { class: "muted" }, "No ties yet."));
    clear(el, h("div", { class: "table-wrap" }, h("table", { class: "table" },
      h("thead", {}, h("tr", {}, ["With", "Tie", "Strength", "Interactions", "Why"].map((t, i) => h("th", { scope: "col", class: i === 2 || i === 3 ? "num" : null }, t)))),
      h("tbody", {}, ts.slice(0, 20).map((t) => h("tr", {},
        h("td", {}, t.contact_id ? h("a", { href: "/contacts/" + encodeURIComponent(t.contact_id), title: "CRM contact" }, t.to) : t.to,
          t.role ? [" ", h("span", { class: "chip" }, t.role)] : null, t.introduced_by ? h("div", { class: "hint" }, "introduced by " + t.introduced_by) : null),
        h("td", {}, h("span", { class: "badge " + (t["class"] === "strong" ? "info" : "neutral") }, t["class"] || "—"), h("div", { class: "hint", "data-role": "direction" }, t.direction || "")),
        h("td", { class: "num", "data-label": "Strength" }, (t.strength || 0).toFixed(2)),
        h("td", { class: "num", "data-label": "Interactions" }, `${n(t.interactions)}`, h("div", { class: "hint" }, `${n(t.sent)} sent · ${n(t.received)} received`)),
        h("td", {}, (t.reasons || []).slice(0, 2).join("; "))))))));
  }
})();
